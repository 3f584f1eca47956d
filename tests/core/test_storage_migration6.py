"""Migration 6 on a database written by the previous Conservator (schema 5).

``tests/data/records_v5.db`` was made by ``tests/data/make_records_v5.py`` with the schema-5
code: a final check (reviewed: foxing accepted, loss rejected, a manual tear polygon) and a
draft, with their masks beside it.
"""

import shutil
import sqlite3
from pathlib import Path

import pytest

from conservator.errors import RecordLockedError
from conservator.storage import migrations, open_db

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def old_db(tmp_path):
    dest = tmp_path / "records.db"
    shutil.copyfile(DATA / "records_v5.db", dest)
    shutil.copytree(DATA / "records_v5.db.files", tmp_path / "records.db.files")
    with sqlite3.connect(dest) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    return dest


def test_old_database_is_backed_up_then_migrated_and_still_verifies(old_db):
    store = open_db(old_db)
    backups = list(old_db.parent.glob("records.db.v5-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    # migrated through 6 (findings) to the newest schema (7: surveys, ...)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST >= 6
    res = store.verify()
    assert res["ok"], res["problems"]
    assert res["final_checks"] == 1  # its record hash (format 1) still matches


def test_old_findings_are_numbered_with_their_provenance(old_db):
    store = open_db(old_db)
    final, draft = sorted(c["id"] for c in store.list_checks())
    found = store.findings(final)
    assert [(f["no"], f["damage_code"], f["status"]) for f in found] == [
        (1, "foxing", "accepted"),
        (2, "loss", "rejected"),
        (3, "tear", "accepted"),
    ]
    assert found[0]["detector"] == "foxing" and found[0]["detector_version"] == "0.9.0"
    assert found[0]["measurements"]["median_diameter_mm"] == 0.9
    assert found[2]["source"] == "manual" and found[2]["detector"] is None
    assert [f["no"] for f in store.findings(draft)] == [1, 2]
    # the numbers the report prints come from the findings: the rejected loss is not there
    summ = store.report_data(final)["measurements"]
    assert summ["loss"]["count"] == 0 and summ["loss"]["area_mm2"] == 0
    assert summ["foxing"]["area_mm2"] == pytest.approx(22 / 16)
    assert summ["tear"]["count"] == 1 and summ["tear"]["sources"] == {"automatic": 0, "manual": 1}


def test_migrated_final_check_stays_frozen_and_can_be_versioned(old_db):
    store = open_db(old_db)
    final = min(c["id"] for c in store.list_checks())
    oid = store.findings(final)[0]["id"]
    with pytest.raises(sqlite3.IntegrityError):  # the trigger lifted for the backfill is back
        store.conn.execute("UPDATE observation SET severity = 3 WHERE id = ?", (oid,))
    with pytest.raises(RecordLockedError, match="new version"):
        store.review_finding(final, 1, status="rejected")
    new = store.new_version(final)
    assert [f["no"] for f in store.findings(new)] == [1, 2, 3]
    store.review_finding(new, 2, status="accepted")
    assert store.verify()["ok"]


def test_institution_moves_to_the_settings(old_db):
    store = open_db(old_db)
    assert store.institution() == {
        "name": "Central State Archive",
        "address": "Almaty",
        "logo_path": None,
    }
    rows = store.audit_entries("schema", 6)
    assert rows and rows[0]["actor"] == "system"
