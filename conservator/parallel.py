"""Row bands processed on all cores: a small shared thread pool for array loops.

The image loops of the analysis (colour conversion, board unmixing, colour distances) run in
bands of rows so that no full-size float temporary is made. OpenCV and NumPy release the GIL
inside their array kernels, so the bands of one loop can run at the same time on a multi-core
machine; :func:`for_bands` does that with one process-wide pool. A band function must only
write its own rows of a preallocated output.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

_POOL: ThreadPoolExecutor | None = None
_LOCK = threading.Lock()
_PREFIX = "conservator-band"


def workers() -> int:
    """Threads used for band loops (``CONSERVATOR_THREADS`` overrides the core count)."""
    env = os.environ.get("CONSERVATOR_THREADS", "")
    n = int(env) if env.isdigit() and int(env) > 0 else (os.cpu_count() or 1)
    return max(1, min(n, 8))


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(workers(), thread_name_prefix=_PREFIX)
        return _POOL


def for_bands(fn: Callable[[int], None], starts: Iterable[int]) -> None:
    """Call ``fn(start)`` for every band start, on the pool when there are cores to spare.

    Runs inline on a single core, for a single band, and inside a band (no nested waits).
    Exceptions are raised in the caller.
    """
    starts = list(starts)
    if len(starts) < 2 or workers() < 2 or threading.current_thread().name.startswith(_PREFIX):
        for s in starts:
            fn(s)
        return
    for _ in _pool().map(fn, starts):
        pass


class _Done:
    """The result of a call that already ran (the single-core stand-in for a future)."""

    def __init__(self, fn: Callable[[], object]):
        try:
            self.value, self.error = fn(), None
        except BaseException as e:  # raised again by result(), as a future does
            self.value, self.error = None, e

    def result(self):
        if self.error is not None:
            raise self.error
        return self.value


def background(fn: Callable[[], object]):
    """Start ``fn()`` on the pool beside the caller; ``.result()`` waits for its value.

    On a single core (or inside a band) it runs at once, in the caller."""
    if workers() < 2 or threading.current_thread().name.startswith(_PREFIX):
        return _Done(fn)
    return _pool().submit(fn)
