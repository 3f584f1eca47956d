"""Tamper evidence beyond the hashes: what ``verify`` cross-checks inside the database.

A record hash and a hash chain only prove that rows agree with hashes stored *beside* them;
someone with SQL access who knows the algorithms can recompute both. These checks tie the
stored state to the audit log, so that a change made with SQL alone shows, and the anchors
kept outside the database (:mod:`conservator.storage.anchors`) catch the rest:

- **triggers**: every trigger the migrations create exists with exactly its definition
  (whitespace aside) and no other trigger exists; a dropped trigger, a no-op of the same name
  or an extra trigger is reported;
- **finalisations**: every final check has exactly one ``finalize`` audit row, which names the
  same finaliser, time and record hash, and no audited change after it; a check the audit log
  finalised must still exist and be final (a deleted or unfrozen record);
- **audited state**: the item, capture, person, treatment proposal, signature, setting and
  final check rows equal what their latest audit row says they became (a change made with
  SQL leaves no audit row);
- **vocabulary**: the labels in the database are the ones of the vocabulary files they were
  loaded from.
"""

from __future__ import annotations

import functools
import json
import re
import sqlite3

#: Audited fields compared with the live row, per audited entity (the rest change legitimately
#: without an audit row, e.g. an item's check count kept by triggers).
AUDITED_FIELDS = {
    "item": (
        "inventory_no",
        "title",
        "object_type",
        "date_text",
        "materials",
        "dimensions",
        "location",
        "notes",
    ),
    "capture": (
        "item_id",
        "file_path",
        "sha256",
        "page",
        "format",
        "width_px",
        "height_px",
        "bit_depth",
        "dpi_x",
        "dpi_y",
        "px_per_mm",
        "illumination",
    ),
    "person": ("name",),
    "treatment_proposal": (
        "check_id",
        "text",
        "treatment_codes_json",
        "materials_json",
        "est_hours",
        "status",
        "proposed_by",
        "approved_by",
        "approved_at",
    ),
    "signature": ("check_id", "name", "role", "signed_at", "signed_hash"),
}


def _normalise_sql(sql: str | None) -> str:
    return re.sub(r"\s+", " ", (sql or "").strip().rstrip(";")).strip()


@functools.lru_cache(maxsize=1)
def expected_triggers() -> dict[str, str]:
    """``{name: normalised SQL}`` of every trigger a current database has: built once by
    running the migrations on an in-memory database."""
    from conservator.storage import migrations

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.migrate(conn)
        return {
            name: _normalise_sql(sql)
            for name, sql in conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            )
        }
    finally:
        conn.close()


def check_triggers(conn: sqlite3.Connection) -> list[str]:
    """Problems with the database's triggers: missing, redefined or unexpected ones."""
    expected = expected_triggers()
    found = {
        name: _normalise_sql(sql)
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    }
    problems = []
    for name in sorted(expected):
        if name not in found:
            problems.append(
                f"protective trigger {name} is missing: the database was altered outside "
                "Conservator"
            )
        elif found[name] != expected[name]:
            problems.append(
                f"protective trigger {name} was replaced (its definition differs): the "
                "database was altered outside Conservator"
            )
    for name in sorted(set(found) - set(expected)):
        problems.append(f"unexpected trigger {name}: the database was altered outside Conservator")
    return problems


def _latest_audit(conn: sqlite3.Connection, entities) -> dict[tuple[str, str], tuple]:
    """``{(entity, entity_id): (audit id, action, after dict)}`` of each entity's latest row."""
    marks = ", ".join("?" * len(entities))
    out = {}
    for rid, entity, eid, action, after in conn.execute(
        "SELECT id, entity, entity_id, action, after_json FROM audit_log WHERE id IN ("
        f"SELECT MAX(id) FROM audit_log WHERE entity IN ({marks}) GROUP BY entity, entity_id)",
        list(entities),
    ):
        try:
            data = json.loads(after) if after else None
        except ValueError:
            data = None
        out[(entity, eid)] = (rid, action, data)
    return out


def check_audited_state(conn: sqlite3.Connection) -> list[str]:
    """Rows whose stored values differ from what their latest audit row recorded."""
    problems = []
    latest = _latest_audit(conn, (*AUDITED_FIELDS, "setting"))
    for (entity, eid), (rid, action, after) in sorted(latest.items(), key=lambda kv: kv[1][0]):
        if action == "delete" or not isinstance(after, dict):
            continue
        if entity == "setting":
            row = conn.execute("SELECT value FROM setting WHERE key = ?", (eid,)).fetchone()
            if (row[0] if row else None) != after.get("value"):
                problems.append(
                    f"setting {eid}: its value is not the one audit_log row {rid} recorded "
                    "(changed outside Conservator)"
                )
            continue
        fields = [f for f in AUDITED_FIELDS[entity] if f in after]
        if not fields or not str(eid).isdigit():
            continue
        row = conn.execute(
            f"SELECT {', '.join(fields)} FROM {entity} WHERE id = ?", (int(eid),)
        ).fetchone()
        if row is None:
            problems.append(
                f"{entity} row {eid} is missing: audit_log row {rid} recorded it and no "
                "deletion (deleted outside Conservator)"
            )
            continue
        for field, value in zip(fields, row, strict=True):
            if not _same(value, after[field]):
                problems.append(
                    f"{entity} row {eid}: {field} is not what audit_log row {rid} recorded "
                    "(changed outside Conservator)"
                )
                break
    return problems


def _same(stored, recorded) -> bool:
    if isinstance(stored, float) or isinstance(recorded, float):
        try:
            return stored is not None and recorded is not None and float(stored) == float(recorded)
        except (TypeError, ValueError):
            return False
    return stored == recorded


_FINAL_FIELDS = ("ref_no", "finalized_at", "finalized_by", "record_hash", "record_format")


def check_finalisations(conn: sqlite3.Connection) -> list[str]:
    """Final checks against their ``finalize`` audit rows, and finalised checks that vanished
    or were unfrozen."""
    problems = []
    log: dict[str, list] = {}
    for rid, eid, action, after in conn.execute(
        "SELECT id, entity_id, action, after_json FROM audit_log "
        "WHERE entity = 'condition_check' ORDER BY id"
    ):
        log.setdefault(eid, []).append((rid, action, after))
    cols = [r[1] for r in conn.execute("PRAGMA table_info(condition_check)")]
    checks = {
        str(r[0]): dict(zip(cols, r, strict=True))
        for r in conn.execute("SELECT * FROM condition_check")
    }
    for eid, rows in log.items():
        fins = [(rid, after) for rid, action, after in rows if action == "finalize"]
        if not fins:
            continue
        c = checks.get(eid)
        rid, after = fins[-1]
        if c is None:
            problems.append(
                f"condition_check row {eid} is missing: audit_log row {rid} finalised it "
                "(a final record was deleted)"
            )
            continue
        if c["status"] != "final":
            problems.append(
                f"condition_check row {eid} ({c['ref_no']}) is a draft again: audit_log row "
                f"{rid} finalised it (unfrozen outside Conservator)"
            )
            continue
        if len(fins) > 1:
            problems.append(
                f"condition_check row {eid} ({c['ref_no']}) was finalised {len(fins)} times "
                f"(audit_log rows {', '.join(str(f[0]) for f in fins)}): it was unfrozen and "
                "changed outside Conservator"
            )
            continue
        later = [r for r, action, _ in rows if r > rid and action != "finalize"]
        if later:
            problems.append(
                f"condition_check row {eid} ({c['ref_no']}) was changed after its "
                f"finalisation (audit_log row {later[0]})"
            )
            continue
        try:
            data = json.loads(after) if after else {}
        except ValueError:
            data = {}
        for field in _FINAL_FIELDS:
            if field in data and not _same(c.get(field), data[field]):
                problems.append(
                    f"condition_check row {eid} ({c['ref_no']}): {field} is not what its "
                    f"finalisation (audit_log row {rid}) recorded"
                )
                break
        else:
            for field, value in data.items():
                if field in c and field != "updated_at" and not _same(c[field], value):
                    problems.append(
                        f"condition_check row {eid} ({c['ref_no']}): {field} is not what its "
                        f"finalisation (audit_log row {rid}) recorded"
                    )
                    break
    for eid, c in checks.items():
        if c["status"] == "final" and not any(a == "finalize" for _, a, _ in log.get(eid, [])):
            if log.get(eid):  # created through Conservator, never finalised through it
                problems.append(
                    f"condition_check row {eid} ({c['ref_no']}) is final but the audit log "
                    "never finalised it (finalised outside Conservator)"
                )
    return problems


def check_vocabulary(conn: sqlite3.Connection) -> list[str]:
    """Vocabulary labels that differ from the files they were loaded from (when the database
    was last loaded from this Conservator's files)."""
    from conservator.storage import vocab

    files, digest = vocab.load_files()
    row = conn.execute("SELECT value FROM app_meta WHERE key = 'vocab_sha256'").fetchone()
    if not row or row[0] != digest:
        return []
    stored = {
        (scheme, code, lang): label
        for scheme, code, lang, label in conn.execute(
            "SELECT v.scheme, v.code, l.lang, l.label FROM vocab v "
            "JOIN vocab_label l ON l.vocab_id = v.id"
        )
    }
    ordinals = {
        (scheme, code): o
        for scheme, code, o in conn.execute("SELECT scheme, code, ordinal FROM vocab")
    }
    for data in files:
        for term in data["terms"]:
            key = (data["scheme"], term["code"])
            if key not in ordinals or ordinals[key] != term.get("ordinal"):
                return [
                    f"vocabulary term {key[0]}/{key[1]} differs from the vocabulary files "
                    "(changed outside Conservator)"
                ]
            for lang, label in (term.get("labels") or {}).items():
                if stored.get((*key, lang)) != label:
                    return [
                        f"vocabulary label {key[0]}/{key[1]} ({lang}) differs from the "
                        "vocabulary files (changed outside Conservator)"
                    ]
    return []
