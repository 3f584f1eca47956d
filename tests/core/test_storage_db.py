"""Records database plumbing: PRAGMAs, migrations with backup, refusal of newer files,
two processes writing at once."""

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conservator.errors import StorageError, StorageVersionError
from conservator.storage import db as dbmod
from conservator.storage import migrations, open_db

ROOT = Path(__file__).resolve().parents[2]


def test_new_database_is_wal_with_foreign_keys_and_busy_timeout(tmp_path):
    path = tmp_path / "sub" / "records.db"
    store = open_db(path)
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert migrations.schema_version(conn) == migrations.LATEST
    rows = conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [m[0] for m in migrations.MIGRATIONS]
    # a bad reference is refused because foreign keys are on
    with pytest.raises(StorageError):
        with store.transaction():
            conn.execute(
                "INSERT INTO capture (item_id, file_path, sha256, created_at) "
                "VALUES (999, 'x', 'y', 'z')"
            )
    store.close()


def test_every_connection_gets_foreign_keys(tmp_path):
    path = tmp_path / "r.db"
    open_db(path).close()
    again = dbmod.connect(path)
    assert again.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_newer_database_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "r.db"
    open_db(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(StorageVersionError) as exc:
        open_db(path)
    assert "newer" in str(exc.value) and str(migrations.LATEST + 5) in str(exc.value)


def test_older_database_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "r.db"
    # build a version-1 database with an item in it, as an older Conservator would have
    db = dbmod.connect(path)
    migrations.migrate(db.conn, path, target=1)
    db.conn.execute(
        "INSERT INTO item (inventory_no, title, created_at, updated_at) "
        "VALUES ('ОФ-7', 'Қолжазба парағы', '2025-01-01', '2025-01-01')"
    )
    db.conn.close()

    store = open_db(path)
    assert migrations.schema_version(store.conn) == migrations.LATEST
    backups = list(tmp_path.glob("r.db.v1-*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT title FROM item").fetchone()[0] == "Қолжазба парағы"
    # the migration that added search indexed the existing item
    assert [h["inventory_no"] for h in store.search("қолжазба")] == ["ОФ-7"]
    # and the one that froze final checks is active
    names = {
        r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
    }
    assert "check_final_no_update" in names
    assert store.verify()["ok"]


def test_failed_migration_leaves_database_unchanged(tmp_path, monkeypatch):
    path = tmp_path / "r.db"
    db = dbmod.connect(path)
    migrations.migrate(db.conn, path, target=1)
    db.conn.close()

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    patched = list(migrations.MIGRATIONS)
    patched[1] = (2, "broken", broken)
    monkeypatch.setattr(migrations, "MIGRATIONS", patched)
    with pytest.raises(RuntimeError):
        open_db(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name='half_done'").fetchall()
    assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations")] == [1]


@pytest.mark.parametrize(
    "content", [b"this is a text file, not a database\n" * 10, b"\x89PNG\r\n\x1a\n" + b"\0" * 200]
)
def test_non_database_file_is_refused(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(StorageError) as exc:
        open_db(path)
    assert "not a Conservator" in str(exc.value)
    assert path.read_bytes() == content  # untouched


def test_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError) as exc:
        open_db(path)
    assert "not a Conservator records database" in str(exc.value)


def test_missing_database_not_created_when_asked(tmp_path):
    with pytest.raises(StorageError):
        open_db(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


_WRITER = textwrap.dedent(
    """
    import sys
    from conservator.storage import open_db
    path, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_db(path)
    for i in range(n):
        inv = f"{tag}-{i}"
        store.add_item(inv, f"item {i} from {tag}")
        cid = store.create_check(inv, checker=f"checker {tag}")
        store.add_observation(cid, "foxing", severity=1, note=f"пятна {tag} {i}")
        store.update_check(cid, grade="fair")
        store.finalize_check(cid, by=f"checker {tag}")
    print("done", tag)
    """
)


def test_two_processes_write_at_once_without_locking_errors(tmp_path):
    path = tmp_path / "shared.db"
    open_db(path).close()
    n = 25
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), tag, str(n)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for tag in ("A", "B")
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode != 0 or out.startswith("done")
        assert p.returncode == 0, err[-2000:]
        assert "locked" not in err
    store = open_db(path)
    items = store.list_items()
    assert len(items) == 2 * n
    assert all(i["check_count"] == 1 and i["last_status"] == "final" for i in items)
    res = store.verify()
    assert res["ok"], res["problems"]
    assert res["final_checks"] == 2 * n


def test_item_summary_migration_backfills_and_follows_changes(tmp_path):
    path = tmp_path / "r.db"
    db = dbmod.connect(path)
    migrations.migrate(db.conn, path, target=3)
    c = db.conn
    c.execute(
        "INSERT INTO item (id, inventory_no, title, created_at, updated_at) "
        "VALUES (1, 'A', 'a', 'x', 'x'), (2, 'B', 'b', 'x', 'x')"
    )
    for ref, date in (("R1", "2024-05-01"), ("R2", "2025-02-03"), ("R0", "2023-01-01")):
        c.execute(
            "INSERT INTO condition_check (ref_no, item_id, check_date, created_at, updated_at) "
            "VALUES (?, 1, ?, 'x', 'x')",
            (ref, date),
        )
    c.close()
    store = open_db(path)
    items = {i["inventory_no"]: i for i in store.list_items()}
    assert items["A"]["check_count"] == 3 and items["A"]["last_check_date"] == "2025-02-03"
    assert items["B"]["check_count"] == 0 and items["B"]["last_check_id"] is None
    new = store.create_check("B", checker="x", check_date="2026-01-01")
    assert store.list_items()[1]["last_check_id"] == new
    store.update_check(new, check_date="2022-01-01")
    store.create_check("B", checker="x", check_date="2021-01-01")
    b = store.list_items()[1]
    assert b["check_count"] == 2 and b["last_check_date"] == "2022-01-01"
    store.delete_draft(new)
    b = store.list_items()[1]
    assert b["check_count"] == 1 and b["last_check_date"] == "2021-01-01"
