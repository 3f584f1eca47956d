"""The Conservator desktop application (PySide6). Imports ``conservator``; never the reverse."""

import ui._compat  # noqa: F401  (work-around for a PySide6 reference-count bug; see there)
