"""Dialogs: About (version and licences) and Export (PDF, JSON, CSV, W3C annotations)."""

from ui.dialogs.about import AboutDialog
from ui.dialogs.export import ExportDialog

__all__ = ["AboutDialog", "ExportDialog"]
