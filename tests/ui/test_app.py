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


def test_window_is_matched_to_the_installed_menu_entry():
    """Wayland/GNOME find the window's icon and name through the desktop file name."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    name = re.search(r'setDesktopFileName\("([^"]+)"\)', (root / "ui" / "app.py").read_text())
    assert name, "ui/app.py must set the desktop file name"
    assert (root / "packaging" / "linux" / f"{name.group(1)}.desktop").is_file()
