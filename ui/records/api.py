"""The few records-store calls the report editor and the records browser make, in one place.

The widgets never talk to the store directly: when the store's API changes, only this module
changes. Every call runs on the GUI thread (the store's connection is not shared with workers).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

_shared: dict[str, object] = {}


def shared_store(path):
    """One open store per database file for the records widgets of this process.

    Used when a widget is given no store: it opens the database named in the preferences.
    """
    key = str(Path(path).expanduser().resolve())
    store = _shared.get(key)
    if store is None:
        from conservator.storage import open_db

        store = _shared[key] = open_db(key)
    return store


def close_shared_stores() -> None:
    """Close the stores opened by :func:`shared_store` (application exit, tests)."""
    while _shared:
        _key, store = _shared.popitem()
        store.close()


def store_for(widget):
    """The store a records widget without one should use: the database of the first
    ``prefs`` found on the widget or its parents (the main window's), or None."""
    w = widget
    while w is not None:
        prefs = getattr(w, "prefs", None)
        if prefs is not None and getattr(prefs, "database", None):
            return shared_store(prefs.database)
        w = w.parent()
    return None


def data_version(store) -> int | None:
    """SQLite's ``PRAGMA data_version``: changes when *another* connection commits.

    None for stores without an SQLite connection. Lets widgets notice what the main window
    or another process saved, without re-reading everything on a timer.
    """
    conn = getattr(store, "conn", None)
    if conn is None:
        return None
    try:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])
    except sqlite3.Error:
        return None


def report_data(store, check_id: int) -> dict:
    """Everything a report shows (docs/interfaces.md, ``Store.report_data``)."""
    return store.report_data(int(check_id))


def save_draft(store, check_id: int, *, item, check, hazards, recommendations, treatment) -> None:
    """Write the editor's fields to a draft check and its item (one transaction)."""
    store.save_draft(
        int(check_id),
        item=item,
        check=check,
        hazards=hazards,
        recommendations=recommendations,
        treatment=treatment,
    )


def unreviewed_count(store, check_id: int) -> int:
    """How many findings of a check are still proposed (neither accepted nor rejected)."""
    return int(store.unreviewed_count(int(check_id)))


def finalize(store, check_id: int, name: str, *, allow_unreviewed: bool = False) -> None:
    """Sign and lock a draft check (with findings still proposed only when allowed: the
    report then says so on its first page)."""
    store.finalize_check(int(check_id), name, allow_unreviewed=allow_unreviewed)


def institution(store) -> dict:
    """The institution printed on reports: ``name``, ``address``, ``logo_path`` (or None)."""
    return dict(store.institution() or {})


def set_institution(store, *, name=None, address=None, logo_path=None) -> None:
    """Change the institution (database settings, audited; the logo file must exist)."""
    with store.transaction():
        store.set_setting("institution.name", name)
        store.set_setting("institution.address", address)
        store.set_setting("institution.logo_path", logo_path)


def new_version(store, check_id: int) -> int:
    """A new draft superseding a final check; returns its id."""
    return int(store.new_version(int(check_id)))


def list_items(store, query: str = "", limit: int = 500) -> list[dict]:
    """Items matching ``query`` (full-text; all items when empty), newest activity first.

    Each dict has ``id``, ``inventory_no``, ``title``, ``object_type``, ``checks`` (count),
    ``last_check_date``, ``last_grade`` (1–4 or None), ``last_status``.
    """
    return list(store.list_items(query=query or None, limit=limit))


def item_checks(store, item_id: int) -> list[dict]:
    """The checks of an item, newest first: ``id``, ``ref_no``, ``check_date``, ``status``,
    ``overall_grade``, ``checker``, ``supersedes``, ``finalized_at``, ``finalized_by``."""
    return list(store.item_checks(int(item_id)))


def add_item(store, inventory_no: str, title: str = "", object_type: str | None = None) -> int:
    """A new item; returns its id."""
    return int(store.add_item(inventory_no, title, object_type=object_type)["id"])


def create_check(store, inventory_no: str, checker: str) -> int:
    """A new draft condition check of an item (today, no scan yet); returns its id."""
    return int(store.create_check(inventory_no, checker=checker))


def check_audit(store, check_id: int) -> list[dict]:
    """The audit-log rows of one check, oldest first (``ts``, ``actor``, ``action``, ``hash``)."""
    return list(store.audit_entries("condition_check", int(check_id)))


#: Fields named first when a created or deleted row is summed up in one line.
_KEY_FIELDS = (
    "no",
    "damage_code",
    "status",
    "severity",
    "inventory_no",
    "title",
    "ref_no",
    "checker",
    "name",
    "value",
    "kind",
    "text",
    "hazard_code",
    "note",
    "file_path",
)
_SKIP_FIELDS = ("id", "created_at", "updated_at", "check_id", "item_id")


def _summed_up(values: dict) -> str:
    """``field=value, …`` of a created (or deleted) row, the telling fields first."""
    keys = [k for k in _KEY_FIELDS if values.get(k) not in (None, "")]
    keys += [k for k in values if k not in keys and k not in _SKIP_FIELDS]
    return ", ".join(f"{k}={values[k]}" for k in keys if values.get(k) not in (None, ""))


def history(store, *, check_id: int | None = None, inventory_no: str | None = None) -> list[dict]:
    """Who changed what, oldest first (``Store.audit_history``): one row per changed field
    (``field``, ``old``, ``new``), and one row per created or deleted row with its values
    summed up. Each row has ``ts``, ``actor``, ``table``, ``row``, ``action``; findings are
    named by their number in the check (``row`` = ``"finding 12"``)."""
    numbers = {}
    if check_id is not None:
        numbers = {f["id"]: f["no"] for f in store.findings(int(check_id))}
    rows = []
    for e in store.audit_history(check_id=check_id, inventory_no=inventory_no):
        base = {k: e.get(k) for k in ("ts", "actor", "table", "row", "action")}
        if e.get("table") == "observation":
            try:
                no = numbers.get(int(e.get("row")))
            except (TypeError, ValueError):
                no = None
            if no is not None:
                base["row"] = f"finding {no}"
        changes = e.get("changes") or {}
        if e.get("action") in ("create", "delete") or not changes:
            side = 1 if e.get("action") != "delete" else 0
            values = {k: v[side] for k, v in changes.items()}
            summary = _summed_up(values) or None
            rows.append(
                {
                    **base,
                    "field": None,
                    "old": summary if side == 0 else None,
                    "new": summary if side == 1 else None,
                }
            )
            continue
        for field, (old, new) in changes.items():
            rows.append({**base, "field": field, "old": old, "new": new})
    return rows


def verify(store) -> dict:
    """The store's integrity check: ``ok``, ``problems``, ``audit_rows``, ``final_checks``."""
    return dict(store.verify())


def list_surveys(store) -> list[dict]:
    """Collection surveys, newest first: ``id``, ``name``, ``sample``, ``done``, ``failed``,
    ``population``, ``method``, ``created_at``."""
    from conservator.storage import surveys

    if getattr(store, "conn", None) is None:  # a store without SQLite has no surveys
        return []
    return list(surveys.list_surveys(store))


def survey_items(store, survey_id: int, query: str = "") -> list[dict]:
    """The items of a survey's sampled pages (as :func:`list_items`), in order of analysis,
    narrowed by ``query`` when given."""
    from conservator.storage import surveys

    ids = surveys.survey_item_ids(store, int(survey_id))
    rows = {r["id"]: r for r in store.list_items(query=query or None, limit=None)}
    return [rows[i] for i in ids if i in rows]


def survey_pages(store, survey_id: int) -> list[dict]:
    """The analysed pages of a survey, in order of analysis, for quick grading: ``check_id``,
    ``inventory_no``, ``file``, ``page`` (0-based), ``grade`` (1–4), ``priority`` and
    ``classes`` (``{class: {"affected", "pct_leaf", "severity", ...}}``)."""
    from conservator.storage import surveys

    return [u for u in surveys.unit_records(store, int(survey_id)) if u["status"] == "done"]


def grade_check(
    store, check_id: int, *, grade: int | None = None, priority: str | None = None, actor=None
) -> dict:
    """Set a draft check's overall grade (1–4) and/or priority code; returns the check."""
    fields: dict = {}
    if grade is not None:
        fields["overall_grade"] = int(grade)
    if priority is not None:
        fields["priority_code"] = priority
    return store.update_check(int(check_id), actor=actor, **fields)
