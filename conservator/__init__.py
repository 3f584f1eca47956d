"""Conservator: condition documentation for archive and library conservation.

The core library. It never imports Qt: scripts and batch jobs use it directly, the
desktop application (the ``ui`` package) is built on top of it.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
