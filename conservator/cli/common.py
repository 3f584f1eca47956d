"""Helpers shared by CLI commands: progress on stderr; JSON output and atomic writes
(re-exported from :mod:`conservator.jsonfile`)."""

from __future__ import annotations

import sys
import time

from conservator.jsonfile import dump_json, write_text_atomic

__all__ = ["StderrProgress", "dump_json", "write_text_atomic"]


class StderrProgress:
    """A ``progress(fraction, message)`` callback for one long job on stderr.

    On a terminal: one tqdm bar (percent, elapsed time and the time left) whose text is the
    current step. Otherwise (a log, a pipe): plain lines, at most one every ``interval``
    seconds unless the step changes, and always the last.
    """

    def __init__(
        self,
        label: str = "",
        *,
        enabled: bool | None = None,
        interval: float = 0.5,
        stream=None,
    ):
        self.label = label
        self.enabled = True if enabled is None else enabled
        self.interval = interval
        self.stream = stream
        self._last = 0.0
        self._last_msg = None
        self._bar = None

    @property
    def _out(self):
        return self.stream or sys.stderr

    @property
    def tty(self) -> bool:
        return bool(getattr(self._out, "isatty", lambda: False)())

    def __call__(self, fraction: float, message: str = "") -> None:
        if not self.enabled:
            return
        pct = max(0, min(100, round(fraction * 100)))
        if self.tty:
            self._tty(fraction, message)
            return
        now = time.monotonic()
        if now - self._last < self.interval and fraction < 1.0 and message == self._last_msg:
            return
        self._last, self._last_msg = now, message
        prefix = f"{self.label}: " if self.label else ""
        print(f"{prefix}{pct:3d}% {message}", file=self._out, flush=True)

    def _tty(self, fraction: float, message: str) -> None:
        from tqdm import tqdm

        if self._bar is None:
            self._bar = tqdm(
                total=1000,
                desc=self.label or None,
                file=self._out,
                leave=True,
                dynamic_ncols=True,
                bar_format="{desc} {percentage:3.0f}%|{bar}| {elapsed}<{remaining} {postfix}",
            )
        step = max(0, min(1000, round(fraction * 1000))) - self._bar.n
        if message != self._last_msg:
            self._last_msg = message
            self._bar.set_postfix_str(message, refresh=False)
        if step > 0:
            self._bar.update(step)
        else:
            self._bar.refresh()
        if fraction >= 1.0:
            self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
