"""Measuring tools: the ruler in mm (px without a resolution), display rotation and mirror,
and a shortcut sheet generated from the actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF

from tests.ui import test_annotate
from tests.ui._scans import make_window, wait_tiles, write_scan
from tests.ui.test_annotate import drag
from ui.dialogs.shortcuts import ShortcutSheet, shortcut_rows

win = test_annotate.win  # the fixture: a scan at 10 px/mm, shown at 100 %


def test_ruler_measures_in_mm_and_adds_no_finding(qtbot, win):
    win.act_ruler.trigger()
    drag(qtbot, win, [(400, 400), (430, 440), (460, 480)])  # 60 × 80 px = 100 px = 10 mm
    assert win.view.tool.text() == "10.0 mm"
    assert "10.0 mm" in win.statusBar().currentMessage()
    assert win.findings.rowCount() == 0
    win.act_pan.trigger()
    assert win.view.tool is None


@pytest.mark.parametrize(("lang", "text"), [("ru", "10,0 мм"), ("fa", "۱۰٫۰ میلی‌متر")])
def test_ruler_speaks_the_interface_language(qtbot, win, lang, text):
    """A Persian user reads Persian digits and unit, a Russian one a decimal comma."""
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_language

    app = QApplication.instance()
    try:
        install_language(app, lang)
        win.act_ruler.trigger()
        drag(qtbot, win, [(400, 400), (430, 440), (460, 480)])  # 100 px = 10 mm
        assert win.view.tool.text() == text
        assert text in win.statusBar().currentMessage()
    finally:
        install_language(app, "en")


def test_ruler_without_a_resolution_measures_pixels(qtbot, tmp_path):
    path = tmp_path / "nodpi.png"
    import numpy as np
    from PIL import Image

    Image.fromarray(np.full((300, 400, 3), 200, np.uint8)).save(path)
    w = make_window(qtbot, tmp_path)
    with qtbot.waitSignal(w.scanOpened, timeout=10000):
        w.open_scan(path)
    assert not w.scan.px_per_mm
    wait_tiles(qtbot, w.view)
    w.view.actual_size()
    w.act_ruler.trigger()
    drag(qtbot, w, [(100, 100), (130, 140)])  # 30 × 40 px
    assert w.view.tool.text() == "50 px"
    w.shutdown()


def test_rotate_and_mirror_change_the_display_only(qtbot, win):
    zoom = win.view.zoom()
    win.act_rotate_right.trigger()
    assert win.view.display_angle() == 90 and win.view.zoom() == pytest.approx(zoom)
    # a point of the scan is still the same scan point (coordinates never turn)
    p = win.view.mapToScene(win.view.mapFromScene(QPointF(300, 200)))
    assert abs(p.x() - 300) <= 1 and abs(p.y() - 200) <= 1
    win.act_rotate_left.trigger()
    assert win.view.display_angle() == 0
    left = win.view.mapFromScene(QPointF(300, 500)).x()
    right = win.view.mapFromScene(QPointF(700, 500)).x()
    win.act_flip.trigger()
    assert (
        win.view.mapFromScene(QPointF(300, 500)).x() > win.view.mapFromScene(QPointF(700, 500)).x()
    )
    assert left < right


def test_shortcut_sheet_is_made_from_the_actions(qtbot, tmp_path):
    write_scan(tmp_path / "p.tif", h=200, w=200)
    w = make_window(qtbot, tmp_path)
    rows = dict(shortcut_rows(w))
    assert rows["Next Finding to Review"] == "N"
    assert rows["Accept Finding"] == "A"
    assert rows["Measure Distance"] == "D"
    assert "H (hold)" in rows.values()
    # a new action with a shortcut appears without editing the sheet
    w.act_flip.setShortcut("Ctrl+M")
    assert "Mirror Left to Right" in dict(shortcut_rows(w))
    sheet = ShortcutSheet(w)
    qtbot.addWidget(sheet)
    assert sheet.table.rowCount() == len(shortcut_rows(w))
    w.shutdown()
