"""The Conservator desktop application (PySide6). Imports ``conservator``; never the reverse."""
