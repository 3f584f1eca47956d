"""Entry point of ``conservator-app`` / ``python -m ui``."""

from __future__ import annotations

import os
import sys


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--version" in argv:
        from conservator import __version__

        print(f"conservator-app {__version__}")
        return 0
    if not _has_display():
        print(
            "error: no display found: run this on a desktop session, or set "
            "QT_QPA_PLATFORM=offscreen / use xvfb-run",
            file=sys.stderr,
        )
        return 2
    from ui.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
