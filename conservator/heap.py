"""The process heap of an analysis: glibc malloc settings and trimming (Linux; else no-ops).

An analysis of a 50–150 MP scan frees and allocates tens-of-megabyte arrays from several
threads. :func:`tame_malloc` must run before any of those threads exists (glibc gives each
thread that starts allocating its own arena, which the one-arena setting does not take
back), so ``conservator analyze`` calls it first, before it imports the detectors in the
background.
"""

from __future__ import annotations

_MALLOC_TAMED = False


def tame_malloc() -> None:
    """Make glibc hand large freed buffers back to the system, without paying for it in page
    faults (Linux only; else a no-op).

    glibc raises its mmap threshold after big arrays are freed, so later tens-of-megabyte
    temporaries stay in the heap and the process keeps their memory. The threshold is fixed
    instead: arrays of 8 MB and more (whole working-level images) are mapped and returned at
    once, smaller ones (the row bands of the colour conversions, the foxing stripes) reuse heap
    memory, which is trimmed above 16 MB; one malloc arena for all threads, so the detector
    and band threads do not each keep their own freed memory. Measured on the 70 MP demo
    page (2 cores): a 1 MB threshold made every band a fresh mapping, ~1 million page faults
    and 2.5–3.4 s of system time; these settings take ~0.9 s, at the same peak memory
    (580–615 MB against 590–610 MB).
    """
    global _MALLOC_TAMED, _LIBC
    if _MALLOC_TAMED:
        return
    _MALLOC_TAMED = True
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold, m_arena_max = -1, -3, -8
        libc.mallopt(m_mmap_threshold, 8 << 20)
        libc.mallopt(m_trim_threshold, 16 << 20)
        libc.mallopt(m_arena_max, 1)
        _LIBC = libc
    except (OSError, AttributeError):
        pass


_LIBC = None


def trim_heap() -> None:
    """Return the heap's free memory to the system now (``malloc_trim``; Linux only): called
    between the stages, so one stage's freed temporaries do not add to the next one's peak."""
    if _LIBC is not None:
        try:
            _LIBC.malloc_trim(0)
        except AttributeError:
            pass
