"""Condition records: the SQLite store (items, captures, checks, observations, audit log).

Open a database with :func:`open_db`; everything else is a method of the returned
:class:`~conservator.storage.store.Store`. The schema is migrated on opening (numbered
migrations, a backup first when the file is older), foreign keys are on, the file is in WAL
mode with a busy timeout so two processes can work at once.

The Store API at a glance (each group in its own module, see :mod:`conservator.storage.store`;
all methods return JSON-ready dicts/lists and raise :class:`~conservator.errors.ConservatorError`
subclasses; every change is audited, naming ``store.actor`` or the ``actor=`` given):

- items: ``add_item``, ``update_item``, ``get_item``, ``list_items(query=, order=)``,
  ``search``, ``add_part``, ``item_checks``
- captures: ``add_capture``, ``add_capture_from_scan``, ``get_capture``
- checks: ``create_check``, ``update_check``, ``save_draft`` (the report editor's fields in one
  transaction), ``get_check`` (opening a check: findings by number, derived ``summaries``,
  ``unreviewed``), ``list_checks``, ``check_id_of``,
  ``finalize_check(allow_unreviewed=)``, ``unreviewed_count``, ``new_version``, ``delete_draft``
- findings (:mod:`~conservator.storage.findings`): ``findings``, ``finding``, ``finding_id``,
  ``add_finding`` (a drawn region), ``review_finding``, ``review_findings`` (save a review in
  one transaction), ``delete_finding`` (a drawn one), ``summaries`` (per class, derived by
  :func:`conservator.storage.summary.class_summaries`), ``region_mask``; the older
  ``add_observation``, ``update_observation``, ``accept_observation``,
  ``reject_observation``, ``reclassify_observation``, ``delete_observation``,
  ``add_region(polygon= | xywh= | mask=, mask_offset=)``, ``delete_region``
- ``add_hazard``/``delete_hazard``, ``add_recommendation``/``delete_recommendation``,
  ``set_treatment_proposal``, ``decide_treatment``, ``add_treatment_record``, ``add_signature``
- analysis: ``write_analysis_masks`` and ``write_finding_masks`` (slow part, no lock) then
  ``record_analysis`` (one finding per detected instance);
  :func:`conservator.storage.assess.assess_scan` does load + analyse + record
- reports: ``report_data`` (docs/interfaces.md "Records"; a pure function of the record),
  ``record_export``; file exports in :mod:`conservator.storage.export`
- settings: ``settings``, ``get_setting``, ``set_setting`` (``institution.name``,
  ``institution.address``, ``institution.logo_path``), ``institution``
- vocabulary: ``vocab(scheme)``, ``label(scheme, code, lang)``, ``grade_ordinal``,
  ``grade_code``
- integrity and history: ``verify``, ``backup``, ``audit_history(check_id=, inventory_no=)``
  (who changed which field, old → new), ``audit_entries``; ``transaction()`` groups calls.

Who: ``store.actor`` starts as ``$CONSERVATOR_USER``, else the operating-system user name
(:func:`conservator.storage.session.default_actor`); the CLI sets it from ``--actor``, the app
should set it from Preferences (the user's name). It is never "unknown".
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from conservator.errors import StorageError

if TYPE_CHECKING:
    from conservator.storage.store import Store


def default_db_path() -> Path:
    """``$CONSERVATOR_DB``, else ``conservator.db`` in the user data folder."""
    env = os.environ.get("CONSERVATOR_DB")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("Conservator", appauthor=False)) / "conservator.db"


def open_db(
    path: str | os.PathLike[str] | None = None,
    *,
    create: bool = True,
    read_only: bool | None = None,
) -> Store:
    """Open (creating or migrating as needed) the records database at ``path``.

    Parameters
    ----------
    path : path-like, optional
        The database file; default :func:`default_db_path`.
    create : bool
        Create the file when missing (otherwise :class:`~conservator.errors.StorageError`
        "database does not exist").
    read_only : bool, optional
        Open without writing (``store.read_only``). Default: exactly when the file or its folder
        is not writable (a read-only archive copy); every reading method and ``verify`` work.

    Returns
    -------
    Store

    Raises
    ------
    StorageVersionError
        The database was written by a newer Conservator.
    StorageError
        Not a Conservator database, or it cannot be opened.
    """
    from conservator.outputs import protect_database
    from conservator.storage import migrations, vocab
    from conservator.storage.db import connect, explain
    from conservator.storage.store import Store

    path = Path(path) if path is not None else default_db_path()
    protect_database(path)  # no export or backup of this process may overwrite it
    db = connect(path, create=create, read_only=read_only)
    try:
        if db.read_only:
            current = migrations.schema_version(db.conn)
            if current < migrations.LATEST:
                raise StorageError(
                    f"this read-only records database has schema version {current}; this "
                    f"Conservator needs version {migrations.LATEST}: copy it to a writable "
                    "folder to upgrade it",
                    path,
                )
            migrations.migrate(db.conn, path)  # refuses a newer database; writes nothing here
        else:
            migrations.migrate(db.conn, path)
            vocab.sync(db.conn)
    except sqlite3.DatabaseError as exc:
        db.conn.close()
        raise StorageError(f"cannot open the records database: {explain(exc)}", path) from None
    except BaseException:
        db.conn.close()
        raise
    store = Store(path, db)
    store.read_only = db.read_only
    return store


def __getattr__(name: str):
    # the store (sqlite-utils, numpy) is imported when first used, not when the CLI starts
    if name == "Store":
        from conservator.storage.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Store", "default_db_path", "open_db"]
