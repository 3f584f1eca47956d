"""Where the application's resource files (fonts, vocabularies, translations) live.

One function, so that every part finds them the same way: from a source checkout, an installed
package, or a frozen (PyInstaller) build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the ``resources/`` folder.

    Returns
    -------
    Path
        ``$CONSERVATOR_RESOURCES`` when set; ``sys._MEIPASS/resources`` in a frozen build;
        otherwise the repository's ``resources/`` folder beside the ``conservator`` package.
    """
    env = os.environ.get("CONSERVATOR_RESOURCES")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return a path inside :func:`resources_dir` (it may not exist)."""
    return resources_dir().joinpath(*parts)
