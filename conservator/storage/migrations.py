"""Numbered schema migrations, recorded in the database.

Each migration runs in its own ``BEGIN IMMEDIATE`` transaction together with its row in
``schema_migrations``, ``PRAGMA user_version`` and an ``audit_log`` row: it is applied
completely or not at all. A database whose version is newer than :data:`LATEST` is refused
(:class:`~conservator.errors.StorageVersionError`); an older one is first copied with SQLite's
online backup to ``<db>.v<N>-<timestamp>.bak`` beside it, then migrated.

To change the schema, append a function to :data:`MIGRATIONS`; never edit a released one.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conservator import __version__
from conservator.errors import StorageError, StorageVersionError
from conservator.storage import audit, search
from conservator.storage.db import utc_now

_SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    app_version TEXT
);
CREATE TABLE app_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    ts TEXT NOT NULL,
    actor TEXT,
    entity TEXT NOT NULL,
    entity_id TEXT,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE TABLE vocab (
    id INTEGER PRIMARY KEY,
    scheme TEXT NOT NULL,
    code TEXT NOT NULL,
    aat_uri TEXT,
    ordinal INTEGER,
    sort INTEGER NOT NULL DEFAULT 0,
    review_status TEXT,
    extra_json TEXT,
    UNIQUE (scheme, code)
);
CREATE TABLE vocab_label (
    vocab_id INTEGER NOT NULL REFERENCES vocab (id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    label TEXT NOT NULL,
    definition TEXT,
    review_status TEXT,
    PRIMARY KEY (vocab_id, lang)
);
CREATE TABLE institution (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT,
    logo_path TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT,
    initials TEXT,
    institution_id INTEGER REFERENCES institution (id),
    created_at TEXT NOT NULL
);
CREATE TABLE item (
    id INTEGER PRIMARY KEY,
    inventory_no TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    object_type TEXT,
    date_text TEXT,
    materials TEXT,
    dimensions TEXT,
    location TEXT,
    notes TEXT,
    institution_id INTEGER REFERENCES institution (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE item_part (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES item (id),
    label TEXT NOT NULL,
    kind TEXT
);
CREATE INDEX item_part_item ON item_part (item_id);
CREATE TABLE capture (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES item (id),
    item_part_id INTEGER REFERENCES item_part (id),
    file_path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    page INTEGER NOT NULL DEFAULT 0,
    format TEXT,
    width_px INTEGER,
    height_px INTEGER,
    bit_depth INTEGER,
    dpi_x REAL,
    dpi_y REAL,
    px_per_mm REAL,
    illumination TEXT NOT NULL DEFAULT 'normal'
        CHECK (illumination IN ('normal', 'raking', 'uv', 'transmitted', 'ir')),
    icc_profile TEXT,
    device TEXT,
    captured_at TEXT,
    captured_by TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX capture_item ON capture (item_id);
CREATE INDEX capture_sha ON capture (sha256);
CREATE TABLE condition_check (
    id INTEGER PRIMARY KEY,
    ref_no TEXT NOT NULL UNIQUE,
    item_id INTEGER NOT NULL REFERENCES item (id),
    capture_id INTEGER REFERENCES capture (id),
    check_date TEXT NOT NULL,
    reason_code TEXT,
    method_code TEXT,
    checker_id INTEGER REFERENCES person (id),
    overall_grade INTEGER CHECK (overall_grade BETWEEN 1 AND 4),
    grade_source TEXT,
    priority_code TEXT,
    completeness_code TEXT,
    completeness_note TEXT,
    environment_note TEXT,
    next_check_date TEXT,
    summary TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
    supersedes INTEGER REFERENCES condition_check (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finalized_at TEXT,
    finalized_by TEXT,
    record_hash TEXT
);
CREATE INDEX check_item ON condition_check (item_id, check_date, id);
CREATE INDEX check_supersedes ON condition_check (supersedes);
CREATE TABLE observation (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL REFERENCES condition_check (id),
    item_part_id INTEGER REFERENCES item_part (id),
    damage_code TEXT NOT NULL,
    severity INTEGER CHECK (severity BETWEEN 1 AND 3),
    location TEXT,
    note TEXT,
    source TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'automatic')),
    status TEXT NOT NULL DEFAULT 'accepted'
        CHECK (status IN ('proposed', 'accepted', 'rejected')),
    area_px INTEGER,
    area_mm2 REAL,
    pct_of_leaf REAL,
    measurement_id INTEGER REFERENCES measurement (id),
    first_seen_check_id INTEGER REFERENCES condition_check (id),
    resolved_check_id INTEGER REFERENCES condition_check (id),
    created_at TEXT NOT NULL
);
CREATE INDEX observation_check ON observation (check_id);
CREATE TABLE region (
    id INTEGER PRIMARY KEY,
    observation_id INTEGER NOT NULL REFERENCES observation (id) ON DELETE CASCADE,
    capture_id INTEGER REFERENCES capture (id),
    selector_type TEXT NOT NULL CHECK (selector_type IN ('xywh', 'svg', 'mask')),
    selector_value TEXT NOT NULL,
    points_json TEXT,
    mask_path TEXT,
    mask_sha256 TEXT,
    bbox_json TEXT,
    area_px INTEGER,
    area_mm2 REAL,
    pct_of_leaf REAL,
    source TEXT NOT NULL DEFAULT 'manual'
);
CREATE INDEX region_observation ON region (observation_id);
CREATE TABLE detector_run (
    id INTEGER PRIMARY KEY,
    capture_id INTEGER NOT NULL REFERENCES capture (id),
    check_id INTEGER REFERENCES condition_check (id),
    detector TEXT NOT NULL,
    version TEXT,
    params_json TEXT,
    sha256_input TEXT,
    leaf_area_px INTEGER,
    leaf_area_mm2 REAL,
    warnings_json TEXT,
    started_at TEXT NOT NULL
);
CREATE INDEX detector_run_check ON detector_run (check_id);
CREATE TABLE measurement (
    id INTEGER PRIMARY KEY,
    detector_run_id INTEGER NOT NULL REFERENCES detector_run (id),
    damage_code TEXT NOT NULL,
    count_instances INTEGER,
    area_px INTEGER,
    area_mm2 REAL,
    pct_of_leaf REAL,
    values_json TEXT,
    mask_path TEXT,
    mask_sha256 TEXT
);
CREATE INDEX measurement_run ON measurement (detector_run_id);
CREATE TABLE hazard (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL REFERENCES condition_check (id),
    hazard_code TEXT NOT NULL,
    date TEXT,
    note TEXT
);
CREATE INDEX hazard_check ON hazard (check_id);
CREATE TABLE recommendation (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL REFERENCES condition_check (id),
    kind TEXT NOT NULL CHECK (kind IN ('handling', 'storage', 'display', 'environment',
                                       'packing', 'security', 'special', 'salvage')),
    text TEXT NOT NULL DEFAULT '',
    code TEXT
);
CREATE INDEX recommendation_check ON recommendation (check_id);
CREATE TABLE treatment_proposal (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL UNIQUE REFERENCES condition_check (id),
    text TEXT NOT NULL DEFAULT '',
    treatment_codes_json TEXT,
    materials_json TEXT,
    est_hours REAL,
    status TEXT NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed', 'approved', 'rejected', 'done')),
    proposed_by TEXT,
    approved_by TEXT,
    approved_at TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE treatment_record (
    id INTEGER PRIMARY KEY,
    proposal_id INTEGER NOT NULL REFERENCES treatment_proposal (id),
    step_no INTEGER NOT NULL,
    date TEXT,
    action_code TEXT,
    material_code TEXT,
    note TEXT,
    performed_by TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE signature (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL REFERENCES condition_check (id),
    name TEXT NOT NULL,
    role TEXT,
    signed_at TEXT NOT NULL,
    signed_hash TEXT,
    image_path TEXT
);
CREATE INDEX signature_check ON signature (check_id);
CREATE TABLE report_export (
    id INTEGER PRIMARY KEY,
    check_id INTEGER NOT NULL REFERENCES condition_check (id),
    format TEXT NOT NULL,
    lang TEXT,
    second_lang TEXT,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT
);
"""

# Version 2 as first released: one FTS table carrying the keys as unindexed columns. Filled by
# migration 5, which replaced it (re-indexing had to scan the whole FTS table).
_SCHEMA_2 = f"""
CREATE VIRTUAL TABLE search_fts USING fts5(
    entity UNINDEXED, entity_id UNINDEXED, item_id UNINDEXED, body,
    tokenize = '{search.TOKENIZER}'
);
"""

_SCHEMA_5 = f"""
DROP TABLE IF EXISTS search_fts;
DROP TABLE IF EXISTS search_doc;
CREATE TABLE search_doc (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    UNIQUE (entity, entity_id)
);
CREATE INDEX search_doc_item ON search_doc (item_id);
CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize = '{search.TOKENIZER}');
"""

# A finalised check and everything that hangs off it is frozen. The application refuses such
# changes first (RecordLockedError); these triggers make the rule hold for raw SQL as well.
_FROZEN = "condition check is final; record a new check that supersedes it"
_CHECK_OF_OBS = "(SELECT status FROM condition_check WHERE id = {}.check_id)"
_CHECK_OF_REGION = (
    "(SELECT c.status FROM condition_check c JOIN observation o ON o.check_id = c.id "
    "WHERE o.id = {}.observation_id)"
)

_CHILDREN = ["observation", "hazard", "recommendation", "detector_run"]


def _schema_3() -> str:
    parts = [
        f"""
CREATE TRIGGER check_final_no_update BEFORE UPDATE ON condition_check
WHEN OLD.status = 'final'
BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;
CREATE TRIGGER check_final_no_delete BEFORE DELETE ON condition_check
WHEN OLD.status = 'final'
BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER region_final_no_insert BEFORE INSERT ON region
WHEN {_CHECK_OF_REGION.format("NEW")} = 'final'
BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;
CREATE TRIGGER region_final_no_update BEFORE UPDATE ON region
WHEN {_CHECK_OF_REGION.format("OLD")} = 'final'
BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;
CREATE TRIGGER region_final_no_delete BEFORE DELETE ON region
WHEN {_CHECK_OF_REGION.format("OLD")} = 'final'
BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;
CREATE TRIGGER measurement_final_no_change BEFORE UPDATE ON measurement
WHEN (SELECT c.status FROM condition_check c JOIN detector_run r ON r.check_id = c.id
      WHERE r.id = OLD.detector_run_id) = 'final'
BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;
CREATE TRIGGER treatment_final_no_text_change BEFORE UPDATE ON treatment_proposal
WHEN {_CHECK_OF_OBS.format("OLD")} = 'final'
 AND (NEW.text IS NOT OLD.text OR NEW.check_id IS NOT OLD.check_id
      OR NEW.treatment_codes_json IS NOT OLD.treatment_codes_json
      OR NEW.materials_json IS NOT OLD.materials_json OR NEW.est_hours IS NOT OLD.est_hours
      OR NEW.proposed_by IS NOT OLD.proposed_by)
BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;
CREATE TRIGGER treatment_final_no_insert BEFORE INSERT ON treatment_proposal
WHEN {_CHECK_OF_OBS.format("NEW")} = 'final'
BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;
CREATE TRIGGER treatment_final_no_delete BEFORE DELETE ON treatment_proposal
WHEN {_CHECK_OF_OBS.format("OLD")} = 'final'
BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;
CREATE TRIGGER signature_no_update BEFORE UPDATE ON signature
BEGIN SELECT RAISE(ABORT, 'signatures cannot be changed'); END;
CREATE TRIGGER signature_final_no_delete BEFORE DELETE ON signature
WHEN {_CHECK_OF_OBS.format("OLD")} = 'final'
BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;
"""
    ]
    for table in _CHILDREN:
        for when, ref in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            parts.append(
                f"CREATE TRIGGER {table}_final_no_{when.lower()} BEFORE {when} ON {table}\n"
                f"WHEN {_CHECK_OF_OBS.format(ref)} = 'final'\n"
                f"BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;\n"
            )
        # moving a child row *into* a final check is refused as well
        parts.append(
            f"CREATE TRIGGER {table}_final_no_move BEFORE UPDATE OF check_id ON {table}\n"
            f"WHEN {_CHECK_OF_OBS.format('NEW')} = 'final'\n"
            f"BEGIN SELECT RAISE(ABORT, '{_FROZEN}'); END;\n"
        )
    return "\n".join(parts)


_LAST_CHECK = (
    "(SELECT c.id FROM condition_check c WHERE c.item_id = {} "
    "ORDER BY c.check_date DESC, c.id DESC LIMIT 1)"
)

# Each item carries its number of checks and its latest check, kept by triggers, so that
# listing 10 000 items is one pass over ``item`` plus a primary-key lookup per row.
_SCHEMA_4 = f"""
ALTER TABLE item ADD COLUMN check_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE item ADD COLUMN last_check_id INTEGER;
UPDATE item SET
    check_count = (SELECT COUNT(*) FROM condition_check c WHERE c.item_id = item.id),
    last_check_id = {_LAST_CHECK.format("item.id")};
CREATE TRIGGER item_summary_after_insert AFTER INSERT ON condition_check
BEGIN
    UPDATE item SET check_count = check_count + 1,
        last_check_id = {_LAST_CHECK.format("NEW.item_id")}
    WHERE id = NEW.item_id;
END;
CREATE TRIGGER item_summary_after_update AFTER UPDATE OF check_date, item_id ON condition_check
BEGIN
    UPDATE item SET
        check_count = (SELECT COUNT(*) FROM condition_check c WHERE c.item_id = item.id),
        last_check_id = {_LAST_CHECK.format("item.id")}
    WHERE id IN (NEW.item_id, OLD.item_id);
END;
CREATE TRIGGER item_summary_after_delete AFTER DELETE ON condition_check
BEGIN
    UPDATE item SET check_count = check_count - 1,
        last_check_id = {_LAST_CHECK.format("OLD.item_id")}
    WHERE id = OLD.item_id;
END;
"""


def _m1_initial(conn: sqlite3.Connection) -> None:
    _executescript(conn, _SCHEMA_1)


def _m2_search(conn: sqlite3.Connection) -> None:
    _executescript(conn, _SCHEMA_2)  # filled by migration 5


def _m3_frozen_records(conn: sqlite3.Connection) -> None:
    _executescript(conn, _schema_3())


def _m4_item_summary(conn: sqlite3.Connection) -> None:
    _executescript(conn, _SCHEMA_4)


def _m5_search_index(conn: sqlite3.Connection) -> None:
    _executescript(conn, _SCHEMA_5)
    search.reindex_all(conn)


def _m6_findings(conn: sqlite3.Connection) -> None:
    _executescript(conn, _SCHEMA_6)
    _executescript(conn, _BACKFILL_6)


# Findings are the unit of the record: every finding (a detector instance or a region drawn by
# hand) is one ``observation`` row with a stable per-check number, its provenance, the
# measurements taken when it was found and who reviewed it. Audit rows name each changed field;
# settings (institution name, address, logo) live in the database.
_SCHEMA_6 = """
ALTER TABLE observation ADD COLUMN no INTEGER;
ALTER TABLE observation ADD COLUMN detector TEXT;
ALTER TABLE observation ADD COLUMN detector_version TEXT;
ALTER TABLE observation ADD COLUMN author TEXT;
ALTER TABLE observation ADD COLUMN reclassified_from TEXT;
ALTER TABLE observation ADD COLUMN measurements_json TEXT;
ALTER TABLE observation ADD COLUMN reviewed_by TEXT;
ALTER TABLE observation ADD COLUMN reviewed_at TEXT;
ALTER TABLE region ADD COLUMN mask_offset_json TEXT;
ALTER TABLE condition_check ADD COLUMN record_format INTEGER;
ALTER TABLE audit_log ADD COLUMN changes_json TEXT;
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT
);
"""

# Backfill of the new finding columns. The frozen-observation trigger is lifted for the
# statement and restored at once, inside the migration's transaction: the backfill only
# derives metadata from what is stored (numbers in id order, the detector of the linked
# measurement); the content a final check's record hash covers (format 1) is unchanged.
_BACKFILL_6 = """
DROP TRIGGER observation_final_no_update;
UPDATE observation SET no = (
    SELECT COUNT(*) FROM observation o2
    WHERE o2.check_id = observation.check_id AND o2.id <= observation.id
);
UPDATE observation SET
    detector = (SELECT r.detector FROM measurement m JOIN detector_run r
                ON r.id = m.detector_run_id WHERE m.id = observation.measurement_id),
    detector_version = (SELECT r.version FROM measurement m JOIN detector_run r
                        ON r.id = m.detector_run_id WHERE m.id = observation.measurement_id),
    measurements_json = (SELECT m.values_json FROM measurement m
                         WHERE m.id = observation.measurement_id)
WHERE source = 'automatic' AND measurement_id IS NOT NULL;
CREATE TRIGGER observation_final_no_update BEFORE UPDATE ON observation
WHEN (SELECT status FROM condition_check WHERE id = OLD.check_id) = 'final'
BEGIN SELECT RAISE(ABORT, 'condition check is final; record a new check that supersedes it'); END;
CREATE UNIQUE INDEX observation_check_no ON observation (check_id, no);
INSERT INTO setting (key, value, updated_at, updated_by)
    SELECT 'institution.name', name, created_at, 'system (migration 6)' FROM
    (SELECT * FROM institution ORDER BY id LIMIT 1) WHERE name IS NOT NULL;
INSERT INTO setting (key, value, updated_at, updated_by)
    SELECT 'institution.address', address, created_at, 'system (migration 6)' FROM
    (SELECT * FROM institution ORDER BY id LIMIT 1) WHERE address IS NOT NULL;
INSERT INTO setting (key, value, updated_at, updated_by)
    SELECT 'institution.logo_path', logo_path, created_at, 'system (migration 6)' FROM
    (SELECT * FROM institution ORDER BY id LIMIT 1) WHERE logo_path IS NOT NULL;
"""


def _m7_surveys(conn: sqlite3.Connection) -> None:
    from conservator.storage.surveys import SCHEMA

    _executescript(conn, SCHEMA)


def _m8_record_facts(conn: sqlite3.Connection) -> None:
    # What a format-3 final record states beyond its own rows (item, capture, vocabulary
    # labels...), frozen at finalisation and covered by its record hash.
    _executescript(conn, "ALTER TABLE condition_check ADD COLUMN record_facts_json TEXT;")


#: (version, name, function(conn)) in order. Append only.
MIGRATIONS = [
    (1, "initial schema: items, captures, checks, observations, regions, audit log", _m1_initial),
    (2, "full-text search index (FTS5) over items, checks and notes", _m2_search),
    (3, "triggers: finalised checks are frozen, audit log is append-only", _m3_frozen_records),
    (4, "items keep their check count and latest check (fast listing)", _m4_item_summary),
    (5, "search index keyed through search_doc; re-index everything", _m5_search_index),
    (
        6,
        "findings: one row per finding with number, provenance, review; audit fields; settings",
        _m6_findings,
    ),
    (7, "collection condition surveys: sample frame and status per page", _m7_surveys),
    (8, "final records keep the facts they state (record format 3)", _m8_record_facts),
]

#: Who the audit log names for changes made by Conservator itself (migrations).
SYSTEM_ACTOR = "system"

#: The schema version this code writes.
LATEST = MIGRATIONS[-1][0]


def _executescript(conn: sqlite3.Connection, script: str) -> None:
    # sqlite3.executescript() would COMMIT first; run statement by statement instead.
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            conn.execute(buf)
            buf = ""
    if buf.strip():
        conn.execute(buf)


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's ``PRAGMA user_version`` (0 for a new file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _user_tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]


def backup_file(conn: sqlite3.Connection, dest: str | Path) -> Path:
    """Copy the open database to ``dest`` with SQLite's online backup API (consistent copy)."""
    dest = Path(dest)
    tmp = dest.with_name(f".{dest.name}.part")
    if tmp.exists():
        tmp.unlink()
    try:
        out = sqlite3.connect(str(tmp))
        try:
            conn.backup(out)
        finally:
            out.close()
        import os

        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()
    return dest


def migrate(
    conn: sqlite3.Connection, path: str | Path | None = None, *, target: int | None = None
) -> list[int]:
    """Bring the database up to ``target`` (default :data:`LATEST`).

    Parameters
    ----------
    conn : sqlite3.Connection
        An open connection in autocommit mode (see :func:`conservator.storage.db.connect`).
    path : path-like, optional
        The database file, used to name the backup and in error messages.
    target : int, optional
        Stop at this version (tests use it to build old databases).

    Returns
    -------
    list of int
        The versions applied (empty when the database was current).

    Raises
    ------
    StorageVersionError
        The database comes from a newer Conservator.
    StorageError
        The file is an SQLite database of another application.
    """
    target = LATEST if target is None else target
    current = schema_version(conn)
    if current > LATEST:
        raise StorageVersionError(
            f"this records database has schema version {current}, newer than this "
            f"Conservator {__version__} understands (up to {LATEST}); "
            "open it with a newer Conservator",
            path,
        )
    if current == 0 and _user_tables(conn):
        raise StorageError(
            "this SQLite file is not a Conservator records database; choose another file", path
        )
    if current >= target:
        return []
    if current > 0 and path is not None:
        stamp = utc_now().replace(":", "").replace("-", "")
        backup_file(conn, Path(f"{path}.v{current}-{stamp}.bak"))
    applied = []
    for version, name, fn in MIGRATIONS:
        if version > target:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            # another process may have migrated while we waited for the lock
            if schema_version(conn) >= version:
                conn.execute("ROLLBACK")
                continue
            fn(conn)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at, app_version) "
                "VALUES (?, ?, ?, ?)",
                (version, name, utc_now(), __version__),
            )
            audit.append(
                conn,
                actor=SYSTEM_ACTOR,
                entity="schema",
                entity_id=version,
                action="migrate",
                after={"version": version, "name": name, "app_version": __version__},
            )
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
