"""Frozen entry point of ``conservator-app`` (the desktop application)."""

import sys

from ui.__main__ import main

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
