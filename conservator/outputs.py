"""Every file Conservator writes for the user goes through here: outputs never clobber inputs.

One guard for every writer (reports, exports, analysis JSON, masks, overlays, working copies,
demo pages, backups). A target is refused with a one-line :class:`OutputError` when it is

- a *protected* file: a records database, its ``-wal``/``-shm``/``-journal`` files or anything
  under its ``<db>.files`` folder (registered by :func:`conservator.storage.open_db`), a scan
  that was loaded (registered by :func:`conservator.imaging.load.load_scan`), or an input the
  caller names; compared by resolved path *and* by device/inode, so a hard link or another
  spelling of the same file is caught too;
- a symbolic link (writing would replace the link, or through it, the file it points to);
- anything but a regular file: a device (``/dev/null``, ``/dev/full``), a FIFO, a socket, a folder.

Writes are atomic: a temporary file in the same folder (so the rename cannot cross file
systems), flushed and ``fsync``-ed, then renamed over the target. The temporary file is removed
on any failure, on Ctrl+C and on SIGTERM (the CLI turns SIGTERM into an exception); one left by a
process killed with SIGKILL is removed by the next write to the same target.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from conservator.errors import ConservatorError

_lock = threading.Lock()
#: Resolved paths and (device, inode) pairs that must never be written; folders protect their tree.
#: Each maps to what the file is, for the error message.
_files: dict[str, str] = {}
_dirs: dict[str, str] = {}
_inodes: dict[tuple[int, int], str] = {}


class OutputError(ConservatorError):
    """An output path that would destroy an input, or is not a plain file."""


def _resolve(path: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(os.fspath(path))).resolve(strict=False)


def protect(
    path: str | os.PathLike[str], *, tree: bool = False, what: str = "an input of this command"
) -> None:
    """Never let an output overwrite ``path`` (or, with ``tree``, anything under the folder).

    ``what`` names the file in the refusal, e.g. "the scan being read".
    """
    p = _resolve(path)
    with _lock:
        (_dirs if tree else _files)[str(p)] = what
        with contextlib.suppress(OSError):
            st = os.stat(p)
            _inodes[(st.st_dev, st.st_ino)] = what


def protect_database(db_path: str | os.PathLike[str]) -> None:
    """Protect a records database, its journal files and its ``<db>.files`` folder."""
    base = os.fspath(db_path)
    protect(base, what="the records database")
    for suffix in ("-wal", "-shm", "-journal"):
        protect(base + suffix, what=f"the records database's {suffix[1:]} file")
    protect(base + ".files", tree=True, what="the records database's files folder")


def clear_protection() -> None:
    """Forget every protected path (tests; a new CLI invocation)."""
    with _lock:
        _files.clear()
        _dirs.clear()
        _inodes.clear()


def _is_under(p: Path, folder: str) -> bool:
    f = Path(folder)
    return p == f or f in p.parents


def _describe(kind: int) -> str:
    if stat.S_ISDIR(kind):
        return "a folder"
    if stat.S_ISCHR(kind) or stat.S_ISBLK(kind):
        return "a device"
    if stat.S_ISFIFO(kind):
        return "a named pipe"
    if stat.S_ISSOCK(kind):
        return "a socket"
    return "not a regular file"


def check_target(
    path: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str]] = ()
) -> Path:
    """Return ``path`` (absolute) when it is safe to (over)write, else raise :class:`OutputError`.

    ``inputs`` are further files the caller reads in the same operation.
    """
    raw = Path(os.fspath(path))
    try:
        lst = os.lstat(raw)
    except FileNotFoundError:
        lst = None
    except OSError as exc:
        raise OutputError(f"cannot use this output path: {exc.strerror or exc}", raw) from None
    if lst is not None and stat.S_ISLNK(lst.st_mode):
        raise OutputError(
            "the output is a symbolic link; refusing to write through it (give the real file)",
            raw,
        )
    if lst is not None and not stat.S_ISREG(lst.st_mode):
        raise OutputError(
            f"the output is {_describe(lst.st_mode)}, not a regular file; refusing to write", raw
        )
    target = _resolve(raw)
    extra_files, extra_inodes = {}, {}
    for i in inputs:
        if i is None:
            continue
        ip = _resolve(i)
        extra_files[str(ip)] = "an input of this command"
        with contextlib.suppress(OSError):
            st = os.stat(ip)
            extra_inodes[(st.st_dev, st.st_ino)] = "an input of this command"
    with _lock:
        files, dirs, inodes = {**extra_files, **_files}, dict(_dirs), {**extra_inodes, **_inodes}
    clash = files.get(str(target))
    if clash is None:
        clash = next((w for d, w in dirs.items() if _is_under(target, d)), None)
    if clash is None and lst is not None:
        clash = inodes.get((lst.st_dev, lst.st_ino))
    if clash is not None:
        raise OutputError(f"refusing to overwrite {clash}; choose another output file", raw)
    return target


def _temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.part")


def _remove_stale_temps(target: Path) -> None:
    """Remove ``.<name>.<pid>-<tid>.part`` files of this target left by dead processes."""
    prefix = f".{target.name}."
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for e in entries:
        name = e.name
        if not (name.startswith(prefix) and name.endswith(".part")):
            continue
        pid = name[len(prefix) : -len(".part")].split("-")[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                os.unlink(e.path)
        except OSError:
            pass


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    error: type[ConservatorError] = ConservatorError,
    what: str = "the file",
) -> Iterator[Path]:
    """Yield a temporary path to write; on success it is fsync-ed and renamed onto ``path``.

    The target is checked with :func:`check_target` first, and again just before the rename
    (it may have been replaced by a link meanwhile). On any exception (including Ctrl+C) the
    temporary file is removed and the target is left untouched. ``OSError`` becomes ``error``
    with a one-line message.
    """
    target = check_target(path, inputs=inputs)
    if not target.parent.is_dir():
        raise error(f"the folder for {what} does not exist", target.parent)
    _remove_stale_temps(target)
    tmp = _temp_name(target)
    try:
        yield tmp
        if not tmp.exists():
            raise error(f"{what} was not written", target)
        _fsync_path(tmp)
        check_target(path, inputs=inputs)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except PermissionError:
        raise error(f"cannot write {what}: permission denied", target) from None
    except OSError as exc:
        raise error(f"cannot write {what}: {exc.strerror or exc}", target) from None
    finally:
        with contextlib.suppress(OSError):
            if os.path.lexists(tmp):
                os.unlink(tmp)


def write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    error: type[ConservatorError] = ConservatorError,
    what: str = "the file",
) -> Path:
    """Write ``data`` to ``path`` through :func:`atomic_output`; returns the absolute path."""
    with atomic_output(path, inputs=inputs, error=error, what=what) as tmp:
        with open(tmp, "xb") as fh:
            fh.write(data)
    return _resolve(path)


def write_text(path: str | os.PathLike[str], text: str, **kwargs) -> Path:
    """UTF-8 text through :func:`write_bytes`."""
    return write_bytes(path, text.encode("utf-8"), **kwargs)
