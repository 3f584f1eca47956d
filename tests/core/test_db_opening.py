"""Honest database opening: nothing is created, re-created or switched to WAL behind the user's
back; read-only archive copies can be read and verified; a full disk and a damaged page are
reported in plain words."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conservator.cli import main
from conservator.errors import StorageError
from conservator.storage import open_db

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch):
    monkeypatch.delenv("CONSERVATOR_DB", raising=False)


def _lab(path: Path, n: int = 3) -> Path:
    with open_db(path) as store:
        for i in range(n):
            store.add_item(f"I-{i}", f"Letter {i}", notes="x" * 200)
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["items", "list"],
        ["items", "show", "A"],
        ["items", "search", "a"],
        ["checks", "list"],
        ["checks", "show", "1"],
        ["export", "1", "--json", "out.json"],
        ["backup", "bk.db"],
        ["verify"],
    ],
)
def test_a_missing_database_is_an_error_not_an_empty_one(tmp_path, capsys, argv, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--db", tmp_path / "typo.db", *argv)
    assert code == 2
    assert err.startswith("error: database does not exist") and "typo.db" in err
    assert not (tmp_path / "typo.db").exists()
    assert sorted(os.listdir(tmp_path)) == []


def test_only_creating_commands_create_the_database(tmp_path, capsys):
    db = tmp_path / "new.db"
    code, out, err = run(capsys, "--db", db, "items", "add", "A", "--title", "T")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", db, "items", "list")
    assert code == 0 and "A" in out


@pytest.mark.parametrize("cmd", [["items", "list"], ["items", "add", "A", "--title", "T"]])
def test_an_empty_file_is_refused_and_never_recreated(tmp_path, capsys, cmd):
    db = tmp_path / "lab.db"
    db.write_bytes(b"")
    code, _, err = run(capsys, "--db", db, *cmd)
    assert code == 2 and "empty (0 bytes)" in err
    assert db.read_bytes() == b""
    assert sorted(os.listdir(tmp_path)) == ["lab.db"]  # no -wal, no -shm


def test_verify_calls_an_empty_file_broken(tmp_path, capsys):
    db = tmp_path / "lab.db"
    db.write_bytes(b"")
    code, out, _ = run(capsys, "--db", db, "verify")
    assert code == 1 and out.startswith("BROKEN: the database file is empty")


def test_a_foreign_sqlite_file_is_refused_before_switching_it_to_wal(tmp_path, capsys):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    code, out, _ = run(capsys, "--db", db, "verify")
    assert code == 1 and "not a Conservator records database" in out
    code, _, err = run(capsys, "--db", db, "items", "add", "A", "--title", "T")
    assert code == 2 and "not a Conservator records database" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(os.listdir(tmp_path)) == ["other.db"]


def test_read_only_opening_reads_and_refuses_writes(tmp_path, capsys):
    """``read_only=True`` is what a read-only file or folder selects (tested below for real)."""
    db = _lab(tmp_path / "lab.db")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with open_db(db, read_only=True) as store:
        assert store.read_only
        assert [i["inventory_no"] for i in store.list_items()] == ["I-0", "I-1", "I-2"]
        assert store.verify()["ok"]
        with pytest.raises(StorageError) as exc:
            store.add_item("X", "new")
        assert "read-only" in str(exc.value) and "not saved" in str(exc.value)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def _read_only_runner():
    """How to run a command against a truly read-only folder on this machine, or None.

    As root, file modes do not stop writes, so a read-only bind mount in a private mount
    namespace is used (``unshare -m``, or an unprivileged user namespace ``unshare -Urm``).
    Without root, ``chmod`` is enough.
    """
    if os.geteuid() != 0:
        return "chmod"
    if not shutil.which("unshare"):
        return None
    for flags in (["-m"], ["-Urm"]):
        probe = subprocess.run(
            ["unshare", *flags, "sh", "-c", "mount --bind / /mnt 2>/dev/null; echo ok"],
            capture_output=True,
            text=True,
        )
        if probe.returncode == 0 and "ok" in probe.stdout:
            ok = subprocess.run(
                [
                    "unshare",
                    *flags,
                    "sh",
                    "-c",
                    "mount --bind /tmp /tmp && "
                    "mount -o remount,bind,ro /tmp && ! touch /tmp/.conservator-ro-probe",
                ],
                capture_output=True,
            )
            if ok.returncode == 0:
                return flags
    return None


def _run_read_only(folder: Path, *argv) -> subprocess.CompletedProcess:
    how = _read_only_runner()
    if how is None:
        pytest.skip("no way to make a read-only folder here (root without mount namespaces)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "conservator", *map(str, argv)]
    if how == "chmod":
        for p in [folder, *folder.rglob("*")]:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            return subprocess.run(cmd, capture_output=True, text=True, env=env)
        finally:
            for p in [folder, *folder.rglob("*")]:
                p.chmod(0o755 if p.is_dir() else 0o644)
    quoted = " ".join("'" + a.replace("'", "'\\''") + "'" for a in cmd)
    script = (
        f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}' && {quoted}"
    )
    return subprocess.run(
        ["unshare", *how, "sh", "-c", script], capture_output=True, text=True, env=env
    )


def test_a_read_only_archive_copy_can_be_read_and_verified(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    db = _lab(folder / "lab.db")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    r = _run_read_only(folder, "--db", db, "items", "list")
    assert r.returncode == 0, r.stderr
    assert "I-2" in r.stdout
    r = _run_read_only(folder, "--db", db, "verify")
    assert r.returncode == 0 and r.stdout.startswith("intact"), r.stdout + r.stderr
    r = _run_read_only(folder, "--db", db, "backup", tmp_path / "copy.db")
    assert r.returncode == 0, r.stderr
    with open_db(tmp_path / "copy.db") as copy:
        assert len(copy.list_items()) == 3
    r = _run_read_only(folder, "--db", db, "items", "add", "N", "--title", "new")
    assert r.returncode == 2 and "read-only" in r.stderr and r.stderr.count("\n") == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(os.listdir(folder)) == ["lab.db"]


def test_a_full_disk_is_reported_in_plain_words(tmp_path):
    db = _lab(tmp_path / "lab.db", n=1)
    with open_db(db) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")  # a disk with no room left
        with pytest.raises(StorageError) as exc:
            for i in range(200):
                store.add_item(f"F-{i}", "filler", notes="y" * 3000)
        text = exc.value.one_line()
        assert "the disk is full" in text and "not saved" in text
        assert "lab.db" in text
    with open_db(db) as store:
        assert store.verify()["ok"]


def _damage_page_of(db: Path, table: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\xff" * size)


def test_verify_names_the_table_of_a_damaged_page(tmp_path, capsys):
    db = _lab(tmp_path / "lab.db")
    _damage_page_of(db, "item")
    code, out, err = run(capsys, "--db", db, "verify")
    assert code == 1, err
    assert out.startswith("BROKEN: the database file is damaged: pages of table item")
    assert "internal error" not in out + err
    code, out, err = run(capsys, "--db", db, "items", "list")
    assert code == 2 and "damaged" in err and err.count("\n") == 1


def test_a_named_pipe_as_database_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "lab.db"
    os.mkfifo(fifo)
    r = subprocess.run(
        [sys.executable, "-m", "conservator", "--db", str(fifo), "items", "list"],
        capture_output=True,
        text=True,
        timeout=60,  # a blocking open would fail the test with TimeoutExpired
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert r.returncode == 2 and "not a regular file" in r.stderr
