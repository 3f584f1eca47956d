"""``backup``: a consistent copy of a records database and its files, never into itself.

The database is copied with SQLite's online backup API (safe while another process writes),
into a temporary file renamed into place (:mod:`conservator.outputs`); the managed files
(``<db>.files``: masks) are copied to ``<dest>.files``. A destination that is the database, one
of its journal files, or lies inside its files folder is refused, and so is a destination whose
files folder would contain the database (the copy would copy itself, folder in folder).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from conservator.errors import StorageError
from conservator.outputs import OutputError, atomic_output, check_target, protect_database
from conservator.storage import masks

if TYPE_CHECKING:
    from conservator.storage.store import Store


def _inside(p: Path, folder: Path) -> bool:
    return p == folder or folder in p.parents


def backup_database(store: Store, dest: str | os.PathLike[str]) -> Path:
    """Copy ``store``'s database to ``dest`` (a file, or a folder to put ``<name>`` in) and its
    files to ``<dest>.files``; returns the database copy's path.

    Raises
    ------
    OutputError
        The destination is the database, its journal or files, or would contain them.
    StorageError
        The copy could not be written (disk full, permission, ...).
    """
    src = store.path.resolve()
    src_files = masks.files_dir(src).resolve()
    dest = Path(os.path.abspath(os.fspath(dest)))
    if dest.is_dir() and not dest.is_symlink():
        dest = dest / src.name
    protect_database(src)
    dest_real = check_target(dest)
    dest_files = masks.files_dir(dest_real).resolve()
    if _inside(src, dest_files) or _inside(dest_files, src_files) or _inside(src_files, dest_files):
        raise OutputError(
            "the backup's files folder would overlap the database's own files; "
            "choose a destination outside the database's folders",
            dest,
        )
    try:
        dest_real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot write the backup: {exc.strerror}", dest) from None
    with atomic_output(dest_real, error=StorageError, what="the backup") as tmp:
        try:
            out = sqlite3.connect(str(tmp))
            try:
                with store._tx.lock:
                    store.conn.backup(out)
            finally:
                out.close()
        except sqlite3.Error as exc:
            from conservator.storage.db import explain

            raise StorageError(f"cannot write the backup: {explain(exc)}", dest) from None
    if src_files.is_dir():
        _copy_files(src_files, dest_files)
    return dest_real


def _copy_files(src: Path, dest: Path) -> None:
    """Copy the regular files under ``src`` (no links followed, no temporary files)."""
    for folder, dirs, files in os.walk(src, followlinks=False):
        dirs[:] = [d for d in dirs if not Path(folder, d).is_symlink()]
        for name in files:
            s = Path(folder, name)
            if name.endswith(".part") or s.is_symlink() or not s.is_file():
                continue
            out = dest / s.relative_to(src)
            if out.is_file() and not out.is_symlink() and out.stat().st_size == s.stat().st_size:
                if masks.sha256_file(out) == masks.sha256_file(s):
                    continue
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(f"cannot write the backup: {exc.strerror}", out) from None
            with atomic_output(out, error=StorageError, what="the backup") as tmp:
                shutil.copyfile(s, tmp)
