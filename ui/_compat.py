"""Work-arounds for bugs of the Qt binding, applied once when ``ui`` is imported.

PySide6 6.12.0 on Python < 3.12: ``SignalInstance.emit()`` returns ``True`` without owning a
reference to it, so every ``signal.emit(...)`` made from Python lowers ``True``'s reference
count by one. After a few thousand emissions CPython frees ``True`` and aborts ("Fatal Python
error: bool_dealloc"), typically when the process exits or a long session goes on. Python 3.12
made ``True`` immortal, which hides the bug there. The check below measures the bug and, when
present, gives ``True`` a very large reference count, so it can never reach zero.
"""

from __future__ import annotations

import sys


def emit_leaks_true() -> bool:
    """Whether emitting a Python-defined signal drops a reference to ``True``."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    return sys.getrefcount(True) < before - 4


def protect_true() -> bool:
    """Apply the work-around when needed; returns True when it was applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not emit_leaks_true():
        return False
    import ctypes

    ctypes.c_ssize_t.from_address(id(True)).value += 1 << 40  # ob_refcnt is the first field
    return True


PROTECTED = protect_true()
