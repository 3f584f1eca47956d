"""The session layer every part of the records store shares.

:class:`Session` owns the one SQLite connection, the re-entrant ``BEGIN IMMEDIATE``
transaction (:meth:`Session.transaction`), the row helpers (``_rows``, ``_row``, ``_insert``,
``_update``, ``_get``), the audit writer (``_audit``: one hash-chained ``audit_log`` row per
change, inside the change's transaction) and the vocabulary look-ups every other part needs
(``vocab``, ``label``, ``_require_code``, ``grade_ordinal``, ``grade_code``). The concern
modules (:mod:`~conservator.storage.items`, :mod:`~conservator.storage.checks`, ...) are mixins
over it; :class:`conservator.storage.store.Store` joins them.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
from datetime import date
from pathlib import Path

from conservator.errors import ConservatorError, NotFoundError, RecordLockedError, StorageError
from conservator.storage import audit, masks
from conservator.storage.db import TransactionManager

OBS_STATUSES = ("proposed", "accepted", "rejected")
RECOMMENDATION_KINDS = (
    "handling",
    "storage",
    "display",
    "environment",
    "packing",
    "security",
    "special",
    "salvage",
)
ILLUMINATIONS = ("normal", "raking", "uv", "transmitted", "ir")
REPORT_VOCAB_SCHEMES = (
    "damage",
    "grade",
    "priority",
    "reason",
    "method",
    "hazard",
    "recommendation_kind",
    "completeness",
    "illumination",
    "treatment",
    "object_type",
    "part_kind",
)

_ITEM_FIELDS = (
    "title",
    "object_type",
    "date_text",
    "materials",
    "dimensions",
    "location",
    "notes",
)
_CHECK_FIELDS = {
    "check_date",
    "reason_code",
    "method_code",
    "checker",
    "overall_grade",
    "grade",
    "priority_code",
    "completeness_code",
    "completeness_note",
    "environment_note",
    "next_check_date",
    "summary",
    "capture_id",
}
_CHECK_CODE_SCHEMES = {
    "reason_code": "reason",
    "method_code": "method",
    "priority_code": "priority",
    "completeness_code": "completeness",
}
_OBS_FIELDS = {"damage_code", "severity", "location", "note", "status", "item_part_id"}
_FROZEN_MSG = "condition check is final"


def _check_date(value, what: str) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        raise ConservatorError(f"{what} must be a date like 2026-11-29, not {text!r}") from None
    return text


#: How every write path refuses a final check: a correction is a *new version*.
FINAL_REFUSAL = (
    "{what} is final and cannot change; to correct it, make a new version "
    "(conservator checks new-version {ref}; in the app: New version)"
)

#: The finding columns of ``observation`` (schema 6) beyond the original ones.
FINDING_COLUMNS = (
    "no",
    "detector",
    "detector_version",
    "author",
    "reclassified_from",
    "measurements_json",
    "reviewed_by",
    "reviewed_at",
)
#: The original ``observation`` columns (what a format-1 record hash covers), in order.
OBSERVATION_COLUMNS = (
    "id",
    "check_id",
    "item_part_id",
    "damage_code",
    "severity",
    "location",
    "note",
    "source",
    "status",
    "area_px",
    "area_mm2",
    "pct_of_leaf",
    "measurement_id",
    "first_seen_check_id",
    "resolved_check_id",
    "created_at",
)
#: The original ``region`` columns (format 1), in order; schema 6 adds ``mask_offset_json``.
REGION_COLUMNS = (
    "id",
    "observation_id",
    "capture_id",
    "selector_type",
    "selector_value",
    "points_json",
    "mask_path",
    "mask_sha256",
    "bbox_json",
    "area_px",
    "area_mm2",
    "pct_of_leaf",
    "source",
)


def default_actor() -> str:
    """Who changes the records when nobody said: ``$CONSERVATOR_USER``, else the
    operating-system user name, else ``"system"``. Never empty, never "unknown"."""
    name = (os.environ.get("CONSERVATOR_USER") or "").strip()
    if name:
        return name
    try:
        name = getpass.getuser().strip()
    except Exception:  # no user name in the environment or the password database
        name = ""
    return name or "system"


class Session:
    """The connection, transactions, row helpers, audit writer and vocabulary look-ups.

    Attributes
    ----------
    path : Path
        The database file.
    files_dir : Path
        ``<db>.files``: masks and other files managed beside the database.
    db : sqlite_utils.Database
        The underlying connection (autocommit; use :meth:`transaction` to write).
    actor : str
        The person recorded in the audit log when a method gets no ``actor``: set it to the
        user's name (the CLI from ``--actor``, the app from Preferences). It starts as
        :func:`default_actor` (``$CONSERVATOR_USER``, else the operating-system user name),
        so an audit row never lacks a name.
    """

    def __init__(self, path, db):
        self.path = Path(path)
        self.files_dir = masks.files_dir(self.path)
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.actor: str = default_actor()
        self._tx = TransactionManager(self.conn)
        self._vocab_cache: dict[str, dict] = {}

    # ------------------------------------------------------------------ plumbing
    def close(self) -> None:
        """Close the connection (the Store is unusable afterwards)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self):
        """Group several changes into one atomic transaction (re-entrant).

        Database errors are turned into one-line :class:`StorageError` /
        :class:`RecordLockedError` messages.
        """
        try:
            with self._tx():
                yield self
        except sqlite3.IntegrityError as exc:
            text = str(exc)
            if _FROZEN_MSG in text:
                raise RecordLockedError(
                    FINAL_REFUSAL.format(what="this condition check", ref="ID"), self.path
                ) from None
            raise StorageError(f"the change breaks a database rule: {text}", self.path) from None
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise StorageError(
                    "the records database stayed busy (another program is writing); try again",
                    self.path,
                ) from None
            raise StorageError(f"database error: {text}", self.path) from None
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"database error: {exc}", self.path) from None

    def _rows(self, sql: str, params=()) -> list[dict]:
        with self._tx.lock:
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=False)) for r in cur]

    def _row(self, sql: str, params=()) -> dict | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _insert(self, table: str, row: dict) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values())
        )
        return int(cur.lastrowid)

    def _update(self, table: str, row_id: int, changes: dict) -> None:
        if not changes:
            return
        sets = ", ".join(f"{k} = ?" for k in changes)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*changes.values(), row_id])

    def _audit(self, entity, entity_id, action, before=None, after=None, actor=None) -> None:
        audit.append(
            self.conn,
            actor=actor or self.actor or default_actor(),
            with_changes=True,  # opened through migrations: schema 6 or later
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
        )

    def _get(self, table: str, row_id: int, what: str) -> dict:
        row = self._row(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        if row is None:
            raise NotFoundError(f"no {what} with id {row_id}", self.path)
        return row

    def _check(self, check_id: int) -> dict:
        return self._get("condition_check", int(check_id), "condition check")

    def _require_draft(self, check_id: int) -> dict:
        """The check's row, or :class:`RecordLockedError` naming *new version* when final."""
        row = self._check(check_id)
        if row["status"] == "final":
            raise RecordLockedError(
                FINAL_REFUSAL.format(
                    what=f"condition check {row['id']} ({row['ref_no']})", ref=row["id"]
                ),
                self.path,
            )
        return row

    # ------------------------------------------------------------------ vocabulary
    def vocab(self, scheme: str) -> dict[str, dict]:
        """All terms of a vocabulary scheme.

        Returns
        -------
        dict
            ``{code: {"code", "aat", "ordinal", "labels": {lang: label},
            "definitions": {lang: text}, "review_status"}}`` in display order.
        """
        if scheme in self._vocab_cache:
            return self._vocab_cache[scheme]
        terms: dict[str, dict] = {}
        for r in self._rows(
            "SELECT v.code, v.aat_uri, v.ordinal, v.review_status, l.lang, l.label, l.definition "
            "FROM vocab v LEFT JOIN vocab_label l ON l.vocab_id = v.id WHERE v.scheme = ? "
            "ORDER BY v.sort, v.code",
            (scheme,),
        ):
            t = terms.setdefault(
                r["code"],
                {
                    "code": r["code"],
                    "aat": r["aat_uri"],
                    "ordinal": r["ordinal"],
                    "labels": {},
                    "definitions": {},
                    "review_status": r["review_status"],
                },
            )
            if r["lang"]:
                t["labels"][r["lang"]] = r["label"]
                if r["definition"]:
                    t["definitions"][r["lang"]] = r["definition"]
        self._vocab_cache[scheme] = terms
        return terms

    def label(self, scheme: str, code: str | None, lang: str = "en") -> str | None:
        """The label of ``code`` in ``lang`` (falls back to English, then the code)."""
        if code is None:
            return None
        t = self.vocab(scheme).get(code)
        if not t:
            return code
        return t["labels"].get(lang) or t["labels"].get("en") or code

    def _require_code(self, scheme: str, code: str | None, what: str) -> str | None:
        if code in (None, ""):
            return None
        if code not in self.vocab(scheme):
            known = ", ".join(list(self.vocab(scheme))[:40])
            raise ConservatorError(f"unknown {what} {code!r}; use one of: {known}")
        return code

    def grade_ordinal(self, grade) -> int | None:
        """``"poor"`` or ``3`` -> 3; ``None`` -> ``None``."""
        if grade in (None, ""):
            return None
        terms = self.vocab("grade")
        if isinstance(grade, str) and not grade.isdigit():
            key = grade.strip().lower()
            if key not in terms:
                raise ConservatorError(f"unknown grade {grade!r}; use one of: {', '.join(terms)}")
            return int(terms[key]["ordinal"])
        value = int(grade)
        if not 1 <= value <= 4:
            raise ConservatorError("the overall grade is 1 (good) to 4 (unacceptable)")
        return value

    def grade_code(self, ordinal: int | None) -> str | None:
        """3 -> ``"poor"``."""
        if ordinal is None:
            return None
        for code, t in self.vocab("grade").items():
            if t["ordinal"] == ordinal:
                return code
        return None
