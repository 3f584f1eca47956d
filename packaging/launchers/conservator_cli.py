"""Frozen entry point of ``conservator`` (the command line)."""

import sys

from conservator.cli import main

if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
