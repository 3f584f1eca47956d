"""Opening a records database: one connection, the right PRAGMAs, explicit transactions.

Every connection gets ``PRAGMA foreign_keys=ON`` and a busy timeout; the file is put in WAL
mode so that a reader never blocks a writer. Write transactions start with ``BEGIN IMMEDIATE``:
the write lock is taken up front, so two processes writing at once wait for each other (up to
the busy timeout) instead of failing with "database is locked" when a read turns into a write.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
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


def connect(path: str | os.PathLike[str], *, create: bool = True) -> sqlite_utils.Database:
    """Open ``path`` as a :class:`sqlite_utils.Database` with the project's PRAGMAs.

    Parameters
    ----------
    path : str or path-like
        The database file. Its folder is created when missing and ``create`` is true.
    create : bool
        Refuse (``StorageError``) when the file does not exist yet and this is false.

    Returns
    -------
    sqlite_utils.Database
        In autocommit mode (``isolation_level=None``): transactions are explicit, see
        :func:`transaction`.

    Raises
    ------
    StorageError
        The file is not an SQLite database, or cannot be opened.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise StorageError("no records database here; create one with 'items add'", path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the database folder: {exc.strerror}", path) from None
    elif path.is_dir():
        raise StorageError("this is a folder, not a records database", path)
    else:
        try:
            with open(path, "rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise StorageError(f"cannot read the database: {exc.strerror}", path) from None
        if head and head != SQLITE_MAGIC:
            raise StorageError("not a Conservator records database (not an SQLite file)", path)
    try:
        conn = sqlite3.connect(
            str(path),
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        db = sqlite_utils.Database(conn, execute_plugins=False)
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"cannot open the records database: {exc}", path) from None
    return db


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
            self.conn.execute("BEGIN IMMEDIATE")
            self.depth = 1
            try:
                yield self.conn
            except BaseException:
                self.depth = 0
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            else:
                self.depth = 0
                try:
                    self.conn.execute("COMMIT")
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
