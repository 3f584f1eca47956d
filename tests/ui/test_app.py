"""Application start-up pieces that do not need a running event loop."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent


def test_finder_file_open_events_open_the_scan(qapp):
    """On macOS a double-clicked TIFF arrives as a QFileOpenEvent, not in argv."""
    from ui.app import install_file_open

    class Window:
        opened = []

        def open_scan_async(self, path, ask=True):
            self.opened.append((path, ask))
            return True

    win = Window()
    flt = install_file_open(qapp, win)
    try:
        QCoreApplication.sendEvent(qapp, QFileOpenEvent("/scans/leaf 12r.tif"))
        assert win.opened == [("/scans/leaf 12r.tif", False)]
    finally:
        qapp.removeEventFilter(flt)
