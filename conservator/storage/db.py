"""Opening a records database: one connection, the right PRAGMAs, explicit transactions.

Every connection gets ``PRAGMA foreign_keys=ON`` and a busy timeout; the file is put in WAL
mode so that a reader never blocks a writer. Write transactions start with ``BEGIN IMMEDIATE``:
the write lock is taken up front, so two processes writing at once wait for each other (up to
the busy timeout) instead of failing with "database is locked" when a read turns into a write.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
import threading
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from conservator.errors import StorageError

#: How long a connection waits for another process's write lock, in milliseconds.
BUSY_TIMEOUT_MS = 30_000

#: The first 16 bytes of every SQLite database file.
SQLITE_MAGIC = b"SQLite format 3\x00"


def utc_now() -> str:
    """The current time as ISO-8601 UTC with seconds, e.g. ``2026-11-29T19:30:00Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def today() -> str:
    """Today's date (UTC) as ``YYYY-MM-DD``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d")


def connect(
    path: str | os.PathLike[str], *, create: bool = True, read_only: bool | None = None
) -> sqlite_utils.Database:
    """Open ``path`` as a :class:`sqlite_utils.Database` with the project's PRAGMAs.

    Nothing is written to a file before it is known to be a Conservator database (or a new,
    empty one this call creates): a 0-byte file, a file of another format and an SQLite
    database of another application are refused untouched (never re-created, never switched
    to WAL).

    Parameters
    ----------
    path : str or path-like
        The database file. Its folder is created when missing and ``create`` is true.
    create : bool
        Refuse (``StorageError`` "database does not exist") when the file does not exist yet
        and this is false.
    read_only : bool, optional
        Open without writing anything (SQLite ``mode=ro``, or ``immutable=1`` when the folder
        cannot hold the WAL index either). Default: read-only exactly when the file or its
        folder is not writable for this process (a read-only archive copy).

    Returns
    -------
    sqlite_utils.Database
        In autocommit mode (``isolation_level=None``): transactions are explicit, see
        :func:`transaction`. ``db.read_only`` tells how it was opened.

    Raises
    ------
    StorageError
        Missing (without ``create``), empty, not an SQLite file, another application's
        database, or it cannot be opened.
    """
    path = Path(path)
    if not path.exists():
        if path.is_symlink():
            raise StorageError("the database path is a broken symbolic link", path)
        if not create:
            raise StorageError("database does not exist", path)
        if read_only:
            raise StorageError("database does not exist (and read-only was asked)", path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the database folder: {exc.strerror}", path) from None
        read_only = False
    elif path.is_dir():
        raise StorageError("this is a folder, not a records database", path)
    else:
        _check_header(path)
        if read_only is None:
            read_only = not is_writable(path)
    try:
        conn = _connect_read_only(path) if read_only else _connect(str(path))
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open the records database: {explain(exc)}", path) from None
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        _refuse_foreign(conn, path)
        if not read_only:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
        db = sqlite_utils.Database(conn, execute_plugins=False)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StorageError(f"cannot open the records database: {explain(exc)}", path) from None
    except BaseException:
        conn.close()
        raise
    db.read_only = read_only
    return db


def is_writable(path: str | os.PathLike[str]) -> bool:
    """Whether this process may write the database file *and* its folder (for -wal, -shm).

    ``os.access`` also answers for read-only mounts (``EROFS``), where root may not write either.
    """
    p = Path(path)
    return os.access(p, os.W_OK) and os.access(p.parent if str(p.parent) else ".", os.W_OK)


def _check_header(path: Path) -> None:
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a named pipe would block the open below forever
            raise StorageError(
                "not a regular file (a device or named pipe?), not a records database", path
            )
        size = st.st_size
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StorageError(f"cannot read the database: {exc.strerror}", path) from None
    if size == 0:
        raise StorageError(
            "the database file is empty (0 bytes): it holds no records and is not a "
            "Conservator records database; restore it from a backup",
            path,
        )
    if head != SQLITE_MAGIC:
        raise StorageError("not a Conservator records database (not an SQLite file)", path)


def _connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    return sqlite3.connect(
        target,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
        uri=uri,
    )


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """``mode=ro``; when even that needs to write (WAL index in a read-only folder), the file
    is opened ``immutable=1``: SQLite then reads it as a snapshot without any locking."""
    base = "file:" + urllib.parse.quote(str(path.resolve()))
    conn = _connect(base + "?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    conn = _connect(base + "?immutable=1", uri=True)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an SQLite database of another application before anything is written to it."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    if (version == 0 and tables) or (version > 0 and "schema_migrations" not in tables):
        raise StorageError(
            "this SQLite file is not a Conservator records database; choose another file", path
        )


#: Plain words for the SQLite result codes a user can cause or meet (primary codes).
_PLAIN = {
    8: "the records database is read-only here (copy it to a writable folder to change it)",
    10: "the disk could not be read or written (disk I/O error): it may be full, removed or "
    "failing",
    11: "the records database file is damaged (a page cannot be read); run 'conservator verify' "
    "and restore it from a backup",
    13: "the disk is full (or the database reached its size limit): free some space and try again",
    14: "the database file cannot be opened (missing folder or no permission)",
    26: "not a Conservator records database (not an SQLite file)",
}


def explain(exc: sqlite3.Error) -> str:
    """One plain-words line for an SQLite error (full disk, damaged file, read-only, ...)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        text = str(exc).lower()
        code = (
            13
            if "disk is full" in text
            else 11
            if "malformed" in text
            else 8
            if "readonly" in text
            else 10
            if "disk i/o" in text
            else None
        )
    plain = _PLAIN.get(code & 0xFF) if code is not None else None
    return plain or str(exc)


def database_file(conn: sqlite3.Connection) -> str | None:
    """The file behind the connection's main database, for error messages."""
    try:
        for _, name, file in conn.execute("PRAGMA database_list"):
            if name == "main":
                return file or None
    except sqlite3.Error:
        return None
    return None


def damaged_tables(path: str | os.PathLike[str]) -> list[str]:
    """The tables and indexes whose pages cannot be read, as "table item", "index x" (``verify``).

    Each table is read in full (every page of its b-tree), then ``PRAGMA integrity_check``'s
    "Tree N page P" lines are mapped to the object whose root page is N.
    """
    path = Path(path)
    try:
        conn = _connect_read_only(path)
    except sqlite3.Error:
        return []  # not an SQLite file at all: nothing to name
    try:
        try:
            objects = conn.execute(
                "SELECT type, name, rootpage FROM sqlite_master WHERE rootpage > 0"
            ).fetchall()
        except sqlite3.DatabaseError:
            return ["table sqlite_master (the schema, page 1)"]
        bad: list[str] = []
        for kind, name, _root in objects:
            if kind != "table":
                continue
            try:
                for _ in conn.execute(f'SELECT * FROM "{name}"'):
                    pass
            except sqlite3.DatabaseError:
                bad.append(f"table {name}")
        roots = {int(root): f"{kind} {name}" for kind, name, root in objects}
        try:
            lines = [r[0] for r in conn.execute("PRAGMA integrity_check(100)")]
        except sqlite3.DatabaseError:
            lines = []
        for line in lines:
            m = re.search(r"Tree (\d+) page", str(line))
            if m and roots.get(int(m.group(1))) and roots[int(m.group(1))] not in bad:
                bad.append(roots[int(m.group(1))])
        return bad
    finally:
        conn.close()


class TransactionManager:
    """Re-entrant ``BEGIN IMMEDIATE`` transactions on one connection, safe across threads.

    The outermost ``with tm():`` begins and commits (or rolls back on any exception); inner
    ones join it. A lock serialises threads sharing the connection.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.lock = threading.RLock()
        self.depth = 0

    @contextlib.contextmanager
    def __call__(self):
        with self.lock:
            if self.depth:
                self.depth += 1
                try:
                    yield self.conn
                finally:
                    self.depth -= 1
                return
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                self._plain(exc)
                raise
            self.depth = 1
            try:
                yield self.conn
            except BaseException as exc:
                self.depth = 0
                self._rollback()
                self._plain(exc)
                raise
            else:
                self.depth = 0
                try:
                    self.conn.execute("COMMIT")
                except BaseException as exc:
                    self._rollback()
                    self._plain(exc)
                    raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def _plain(self, exc: BaseException) -> None:
        """A full disk, a damaged page or a read-only file in plain words (``StorageError``)."""
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(exc, sqlite3.Error) and code is not None and code & 0xFF in _PLAIN:
            raise StorageError(
                f"{explain(exc)}; the change was not saved", database_file(self.conn)
            ) from None
