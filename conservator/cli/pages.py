"""Progress of a run over many pages (``survey``, ``analyze FOLDER``): pages done, pages per
hour and the time left; a bar (tqdm) on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time


def _hms(seconds: float) -> str:
    seconds = int(round(max(0.0, seconds)))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class PageProgress:
    """``progress(done, total, message)`` for page loops.

    Parameters
    ----------
    label : str
        Printed before every line.
    enabled : bool
        False prints nothing.
    stream : file, optional
        Default stderr. A terminal gets a tqdm bar; anything else one line per page (at most
        one every ``interval`` seconds, and always the last).
    """

    def __init__(self, label: str, *, enabled: bool = True, stream=None, interval: float = 2.0):
        self.label = label
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.interval = interval
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._bar = None
        self._start_done: int | None = None
        self._t0 = time.monotonic()
        self._last = 0.0

    def rate_per_hour(self, done: int) -> float | None:
        """Pages per hour in this run (pages done before it are not counted)."""
        if self._start_done is None:
            return None
        dt = time.monotonic() - self._t0
        n = done - self._start_done
        return n * 3600.0 / dt if n > 0 and dt > 0 else None

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if not self.enabled:
            return
        if self._start_done is None:
            self._start_done, self._t0 = done, time.monotonic()
        rate = self.rate_per_hour(done)
        eta = (total - done) * 3600.0 / rate if rate else None
        if self.tty:
            self._tty(done, total, rate, eta, message)
            return
        now = time.monotonic()
        if done < total and now - self._last < self.interval and "failed" not in message:
            return
        self._last = now
        pct = 100.0 * done / total if total else 100.0
        parts = [f"{self.label}: {done}/{total} pages ({pct:.0f}%)"]
        parts.append(f"{rate:.0f} pages/h" if rate else "- pages/h")
        parts.append(f"ETA {_hms(eta)}" if eta is not None else "ETA -")
        line = ", ".join(parts)
        if message:
            line += f" - {message}"
        print(line, file=self.stream, flush=True)

    def _tty(self, done, total, rate, eta, message) -> None:
        from tqdm import tqdm

        if self._bar is None:
            self._bar = tqdm(
                total=total,
                initial=done,
                desc=self.label,
                unit="page",
                file=self.stream,
                dynamic_ncols=True,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} pages {postfix}",
            )
        self._bar.n = done
        post = f"{rate:.0f} pages/h, ETA {_hms(eta)}" if rate and eta is not None else ""
        if message:
            post += f" {message[:40]}"
        self._bar.set_postfix_str(post, refresh=False)
        self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
