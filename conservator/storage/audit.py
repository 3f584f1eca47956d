"""The append-only, hash-chained ``audit_log``.

Each row holds ``prev_hash`` (the ``hash`` of the row before it, or 64 zeros for the first)
and its own ``hash`` = SHA-256 over the previous hash and the row's content. Changing,
inserting or deleting a row in the middle breaks the chain at that row, and
:func:`verify_chain` names it. SQL triggers (migration 3) also refuse UPDATE and DELETE on
the table, so a change needs deliberate tampering (dropping the trigger), which the chain
then reveals. Deleting the *newest* rows cannot be seen from the chain alone.

Since schema 6 each row also names every changed field with its old and new value
(``changes_json``: ``{"field": [old, new], ...}``, computed from ``before``/``after`` when the
caller gives none), and the hash covers it. Rows written before schema 6 have no
``changes_json`` and keep their original hash formula, so old chains still verify; setting or
removing ``changes_json`` on any row breaks its hash.

Who: ``actor`` is the person's name given by the caller (the CLI's ``--actor`` /
``$CONSERVATOR_USER`` / the OS user name, the app's Preferences user name); Conservator's own
changes (migrations) are recorded as ``"system"``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

from conservator.storage.db import utc_now

GENESIS = "0" * 64


def canonical_json(obj) -> str | None:
    """Deterministic JSON text (sorted keys, no spaces) or ``None`` for ``None``."""
    if obj is None:
        return None
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def changed_fields(before, after) -> dict | None:
    """``{field: [old, new]}`` for every field whose value differs between two row dicts.

    A creation lists every non-empty field as ``[None, value]``, a deletion as
    ``[value, None]``. ``None`` when neither side is a dict.
    """
    if not isinstance(before, dict) and not isinstance(after, dict):
        return None
    b = before if isinstance(before, dict) else {}
    a = after if isinstance(after, dict) else {}
    out = {}
    for key in sorted(set(b) | set(a), key=str):
        old, new = b.get(key), a.get(key)
        if old != new:
            out[str(key)] = [old, new]
    return out


def row_hash(
    prev_hash: str,
    row_id: int,
    ts: str,
    actor: str | None,
    entity: str,
    entity_id,
    action: str,
    before_json: str | None,
    after_json: str | None,
    changes_json: str | None = None,
) -> str:
    """SHA-256 (hex) of one audit row chained to the previous one."""
    fields = [prev_hash, row_id, ts, actor, entity, entity_id, action, before_json, after_json]
    if changes_json is not None:
        fields.append(changes_json)
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    conn: sqlite3.Connection,
    *,
    actor: str | None,
    entity: str,
    entity_id,
    action: str,
    before=None,
    after=None,
    changes: dict | None = None,
    with_changes: bool | None = None,
) -> int:
    """Append one row to ``audit_log``; call inside the transaction that made the change.

    Parameters
    ----------
    conn : sqlite3.Connection
        A connection inside a write transaction (``BEGIN IMMEDIATE``), so that no other
        writer can slip a row in between reading the last hash and writing this one.
    actor : str or None
        Who made the change (a person's name), when known.
    entity, entity_id, action : str, int or str, str
        What changed: e.g. ``("condition_check", 12, "finalize")``.
    before, after : dict or None
        The record before and after the change (JSON-ready).
    changes : dict, optional
        ``{field: [old, new]}``; default :func:`changed_fields` of ``before``/``after`` for
        an update. A creation or deletion records ``{}``: its fields are in ``after`` /
        ``before``, which the hash covers as well (:func:`entry_changes` reads them back).
    with_changes : bool, optional
        Whether ``audit_log`` has the ``changes_json`` column (schema 6); looked up when not
        given (migrations).

    Returns
    -------
    int
        The new row's id.
    """
    last = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = last[1] if last else GENESIS
    row_id = (last[0] if last else 0) + 1
    ts = utc_now()
    eid = None if entity_id is None else str(entity_id)
    b, a = canonical_json(before), canonical_json(after)
    if with_changes is None:
        with_changes = _has_changes_column(conn)
    if not with_changes:  # a database being migrated, before schema 6
        h = row_hash(prev_hash, row_id, ts, actor, entity, eid, action, b, a)
        conn.execute(
            "INSERT INTO audit_log (id, ts, actor, entity, entity_id, action, before_json, "
            "after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row_id, ts, actor, entity, eid, action, b, a, prev_hash, h),
        )
        return row_id
    if changes is None:
        both = isinstance(before, dict) and isinstance(after, dict)
        changes = (changed_fields(before, after) or {}) if both else {}
    ch = canonical_json(changes)
    h = row_hash(prev_hash, row_id, ts, actor, entity, eid, action, b, a, ch)
    conn.execute(
        "INSERT INTO audit_log (id, ts, actor, entity, entity_id, action, before_json, "
        "after_json, changes_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row_id, ts, actor, entity, eid, action, b, a, ch, prev_hash, h),
    )
    return row_id


def entry_changes(
    before_json: str | None, after_json: str | None, changes_json: str | None
) -> dict:
    """``{field: [old, new]}`` of one stored audit row: its recorded changes, or for a
    creation, a deletion or a row older than schema 6, the difference of before and after."""
    if changes_json:
        recorded = json.loads(changes_json)
        if recorded:
            return recorded
    before = json.loads(before_json) if before_json else None
    after = json.loads(after_json) if after_json else None
    return changed_fields(before, after) or {}


def _has_changes_column(conn: sqlite3.Connection) -> bool:
    return any(r[1] == "changes_json" for r in conn.execute("PRAGMA table_info(audit_log)"))


def verify_chain(conn: sqlite3.Connection) -> tuple[int, str | None]:
    """Walk ``audit_log`` in id order and check every link.

    Returns
    -------
    (int, str or None)
        How many rows were checked, and a one-line description of the first broken row
        (``None`` when the chain is intact).
    """
    prev = GENESIS
    expected_id = 1
    n = 0
    changes = "changes_json" if _has_changes_column(conn) else "NULL"
    cur = conn.execute(
        "SELECT id, ts, actor, entity, entity_id, action, before_json, after_json, prev_hash, "
        f"hash, {changes} FROM audit_log ORDER BY id"
    )
    for row in cur:
        n += 1
        rid, ts, actor, entity, eid, action, b, a, prev_hash, h, ch = row
        if rid != expected_id:
            return n, f"audit_log row {rid}: row {expected_id} is missing (deleted)"
        if prev_hash != prev:
            return n, f"audit_log row {rid}: prev_hash does not match the hash of row {rid - 1}"
        if row_hash(prev_hash, rid, ts, actor, entity, eid, action, b, a, ch) != h:
            return n, f"audit_log row {rid}: its content does not match its hash (altered)"
        prev = h
        expected_id = rid + 1
    return n, None
