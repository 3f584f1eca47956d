"""Work-arounds for bugs of the Qt binding, applied once when ``ui`` is imported.

PySide6 6.12.0 (shiboken6 6.12.0) on Python < 3.12 returns ``None``, ``True`` and ``False`` to
Python without owning a reference to them: every call of a ``void`` Qt method from Python
(``processEvents()``, ``repaint()``, ``setText()`` ...), every ``bool`` result and every
``signal.emit()`` lowers the reference count of one of these singletons by one. Python 3.12 made
them immortal, which hides the bug there; on 3.11 a session or a test run aborts after enough
calls ("Fatal Python error: none_dealloc / bool_dealloc"). The probe below measures the bug and,
when present, gives the three singletons a reference count so large it can never reach zero.
Better fixes: Python >= 3.12, or a PySide6 release without the bug (6.11.3 measured clean on
Python 3.11.7: no drift over 100 calls, against -100 with 6.12.0).
"""

from __future__ import annotations

import sys


def binding_drops_references() -> bool:
    """Whether calls into PySide6 drop references to ``None`` / ``True`` (measured)."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    none0, true0 = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(8):
        probe.setObjectName("probe")  # void → None
        probe.ping.emit()  # returns True
    return sys.getrefcount(None) < none0 - 4 or sys.getrefcount(True) < true0 - 4


def protect_singletons() -> bool:
    """Apply the work-around when needed; returns True when it was applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not binding_drops_references():
        return False
    import ctypes

    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40  # ob_refcnt: the first field
    return True


PROTECTED = protect_singletons()
