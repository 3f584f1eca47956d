"""JSON output and atomic text writes, shared by the library and the command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def dump_json(data, path: str | os.PathLike[str] | None = None) -> None:
    """Print ``data`` as JSON to stdout, or write it atomically to ``path``."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=_default)
    if path is None or str(path) == "-":
        sys.stdout.write(text + "\n")
        return
    write_text_atomic(path, text + "\n")


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write a text file atomically through the output guard (:mod:`conservator.outputs`)."""
    from conservator.outputs import write_text

    write_text(path, text)


def plain(obj):
    """NumPy scalars and arrays and paths as plain JSON values; anything else unchanged."""
    import numpy as np

    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    return obj


def _default(obj):
    out = plain(obj)
    if out is obj:
        raise TypeError(f"not JSON serialisable: {type(obj).__name__}")
    return out
