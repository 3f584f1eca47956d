"""Helpers shared by CLI commands: JSON output, progress on stderr, atomic writes."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def dump_json(data, path: str | os.PathLike[str] | None = None) -> None:
    """Print ``data`` as JSON to stdout, or write it atomically to ``path``."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_default)
    if path is None or str(path) == "-":
        sys.stdout.write(text + "\n")
        return
    write_text_atomic(path, text + "\n")


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write a text file under a temporary name, then rename it into place."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.part")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _default(obj):
    import numpy as np

    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


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
