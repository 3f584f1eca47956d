"""Records: the condition-report editor and the records browser (both over ``conservator.storage``)."""

from ui.records.browser import RecordsBrowser
from ui.records.editor import ReportEditor

__all__ = ["RecordsBrowser", "ReportEditor"]
