"""Any screen: the window fits the screen, works at 1280×720, the records browser spares the scan."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QApplication

from tests.ui._scans import make_window
from ui.main_window import MainWindow
from ui.prefs import Preferences


def _prefs(tmp_path):
    prefs = Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    prefs.database = str(tmp_path / "records.db")
    prefs.user_name = "T. Examiner"
    return prefs


def _fits(win) -> bool:
    avail = (win.screen() or QApplication.primaryScreen()).availableGeometry()
    return avail.contains(QRect(win.pos(), win.size()))


def test_the_window_opens_at_a_size_that_fits_the_screen(qtbot, tmp_path):
    prefs = _prefs(tmp_path)
    win = MainWindow(prefs=prefs)
    qtbot.addWidget(win)
    assert _fits(win)  # the default 1400×900 does not fit the test screen (800×800)
    # a saved geometry that fits is restored; one larger than the screen is not
    win.resize(600, 500)
    win.move(20, 30)
    prefs.settings.setValue("window/geometry", win.saveGeometry())
    again = MainWindow(prefs=prefs)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (600, 500)
    win.resize(3000, 2000)
    prefs.settings.setValue("window/geometry", win.saveGeometry())
    third = MainWindow(prefs=prefs)
    qtbot.addWidget(third)
    assert _fits(third)
    for w in (win, again, third):
        w.shutdown()


def test_at_1280x720_the_status_bar_shows_and_the_records_spare_the_scan(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    win.resize(1280, 720)
    QApplication.processEvents()
    assert (win.width(), win.height()) == (1280, 720)
    sb = win.statusBar()
    assert sb.isVisible()
    bottom = sb.mapTo(win, QPoint(0, sb.height())).y()
    assert bottom <= win.height() and sb.mapTo(win, QPoint(0, 0)).y() > win.height() / 2
    # the records browser opens as a tab: the scan keeps more than half the window
    win.records_dock.show()
    win.records_dock.raise_()
    QApplication.processEvents()
    assert win.records_browser.isVisible()
    assert win.view.width() >= win.width() / 2
    # even when the user drags the docks wider
    win.resizeDocks([win.records_dock], [1100], __import__("PySide6").QtCore.Qt.Horizontal)
    QApplication.processEvents()
    assert win.view.width() >= win.width() / 2 - 10
    # column headers are not clipped
    for view in (win.records_browser.items_view, win.panel.table):
        header = view.horizontalHeader()
        for i in range(header.count() - 1):  # the last stretches
            if not header.isSectionHidden(i):
                assert header.sectionSize(i) >= header.sectionSizeHint(i) - 1, (view, i)
    win.shutdown()


def test_in_persian_the_records_browser_is_still_a_tab_that_spares_the_scan(qtbot, tmp_path):
    """Switching to Persian moves the docks to the reading end; the records must follow them as
    a tab, not open as a second column that leaves the scan a strip at 1280×720."""
    from ui.i18n import install_language

    win = make_window(qtbot, tmp_path)
    win.resize(1280, 720)
    app = QApplication.instance()
    try:
        install_language(app, "fa")
        QApplication.processEvents()
        win.records_dock.show()
        win.records_dock.raise_()
        QApplication.processEvents()
        assert win.records_browser.isVisible()
        assert win.report_dock in win.tabifiedDockWidgets(win.records_dock)
        assert win.view.width() >= win.width() / 2
    finally:
        install_language(app, "en")
        QApplication.processEvents()
    assert win.report_dock in win.tabifiedDockWidgets(win.records_dock)
    win.shutdown()
