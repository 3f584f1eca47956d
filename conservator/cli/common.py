"""Helpers shared by CLI commands: progress on stderr; JSON output and atomic writes
(re-exported from :mod:`conservator.jsonfile`)."""

from __future__ import annotations

import sys
import time

from conservator.jsonfile import dump_json, write_text_atomic

__all__ = ["StderrProgress", "dump_json", "write_text_atomic"]


class StderrProgress:
    """A ``progress(fraction, message)`` callback that prints to stderr, at most every 0.5 s."""

    def __init__(self, label: str = "", *, enabled: bool | None = None, interval: float = 0.5):
        self.label = label
        self.enabled = True if enabled is None else enabled
        self.interval = interval
        self._last = 0.0
        self._last_msg = None

    def __call__(self, fraction: float, message: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < self.interval and fraction < 1.0 and message == self._last_msg:
            return
        self._last, self._last_msg = now, message
        pct = max(0, min(100, round(fraction * 100)))
        prefix = f"{self.label}: " if self.label else ""
        print(f"{prefix}{pct:3d}% {message}", file=sys.stderr, flush=True)
