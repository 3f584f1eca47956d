"""Fast review: A/X go on, N frames with context, outlines by default, hold H, words and positions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui._scans import (
    FakeResult,
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    write_scan,
)
from ui.viewer.view import frame_zoom

pytestmark = pytest.mark.usefixtures("no_leaked_threads")


def _window(qtbot, tmp_path, leaf_origin=(0, 0)):
    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000)

    def analyze(scan, **kw):
        res = FakeResult(scan.height, scan.width)
        res._dict["leaf"]["bbox"] = [*leaf_origin, scan.width - 100, scan.height - 100]
        return res

    win = make_window(qtbot, tmp_path, analyze=analyze)
    with qtbot.waitSignal(win.scanOpened, timeout=10000):
        win.open_scan(path)
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=False)
    return win


def test_accept_and_reject_go_on_to_the_next_finding_to_review(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    win.act_next_finding.trigger()
    first = win.overlays.selected
    win.act_accept.trigger()
    second = win.overlays.selected
    assert win.findings.get(first).status == "accepted" and second not in (None, first)
    win.act_reject.trigger()
    third = win.overlays.selected
    assert win.findings.get(second).status == "rejected" and third not in (None, first, second)
    win.panel.reclassify_selected("stain")  # the last one: nothing left to review
    assert win.findings.get(third).cls == "stain"
    assert "reviewed" in win.statusBar().currentMessage()
    win.shutdown()


def test_framing_keeps_context_and_stays_below_200_percent():
    ppmm = 300 / 25.4
    # a 2 × 2 cm stain in an 800 × 600 view: about 1/8 of the view, no closer than 200 %
    z = frame_zoom(236, 236, 800, 600, ppmm, 0)
    assert abs((236 * z) ** 2 / (800 * 600) - 1 / 8) < 0.01
    assert frame_zoom(40, 40, 800, 600, ppmm, 0) == 2.0  # small: capped at 200 %
    assert 2.0 < frame_zoom(5, 5, 800, 600, ppmm, 0) <= 4.0  # a tiny spot may go closer
    # the minimum context: 20 mm of the leaf around a 1 cm spot, i.e. 30 mm in 600 px
    z = frame_zoom(118, 118, 800, 600, ppmm, 20)
    assert 600 / z >= 118 + 20 * ppmm - 1
    # a finding larger than the view is shown whole
    assert frame_zoom(3000, 3000, 800, 600, ppmm, 20) * 3000 <= 600


def test_next_finding_frames_with_the_preferences_context(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    win.prefs.review_context_mm = 50
    win.act_next_finding.trigger()
    vp = win.view.viewport().rect()
    shown_mm = min(vp.width(), vp.height()) / win.view.zoom() / win.scan.px_per_mm
    assert win.view.zoom() <= 2.0 and shown_mm >= 50
    win.shutdown()


def test_outlines_by_default_fill_and_opacity_in_the_legend_and_hold_h(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    legend = win.panel.legend
    assert not legend.fill.isChecked()
    assert not any(it.isVisible() for it in win.overlays.class_items.values())
    assert all(it.isVisible() for it in win.overlays.outlines.values())
    legend.fill.setChecked(True)
    assert win.overlays.class_items["loss"].isVisible()
    # the opacity slider is in sight at the top of the legend, not scrolled away
    assert not legend.opacity.visibleRegion().isEmpty()
    assert legend.opacity.geometry().top() < legend.boxes["foxing"].geometry().top()
    # hold H: nothing drawn over the scan; release: back
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.view.setFocus()
    qtbot.keyPress(win.view, Qt.Key_H)
    assert not any(it.isVisible() for it in win.overlays.outlines.values())
    assert not win.overlays.class_items["loss"].isVisible()
    qtbot.keyRelease(win.view, Qt.Key_H)
    assert all(it.isVisible() for it in win.overlays.outlines.values())
    assert win.overlays.class_items["loss"].isVisible()
    # typing an H in a text field hides nothing
    win.panel.table.setFocus()
    win.class_combo.setFocus()
    qtbot.waitUntil(win.class_combo.hasFocus)
    qtbot.keyPress(QApplication.focusWidget(), Qt.Key_H)
    assert all(it.isVisible() for it in win.overlays.outlines.values())
    qtbot.keyRelease(QApplication.focusWidget(), Qt.Key_H)
    win.shutdown()


def test_severity_in_words_and_position_from_the_leaf_corner(qtbot, tmp_path):
    win = _window(qtbot, tmp_path, leaf_origin=(50, 100))
    m = win.findings
    loss = next(f for f in m.items if f.cls == "loss")  # bbox 300, 200 (scan px, 300 ppi)
    r = m.row_of(loss.uid)
    sev = m.data(m.index(r, m.COLS.index("severity")))
    assert sev in ("minor", "moderate", "severe")
    m.setData(m.index(r, m.COLS.index("severity")), 3)
    assert m.data(m.index(r, m.COLS.index("severity"))) == "severe"
    pos = m.data(m.index(r, m.COLS.index("position")))
    assert pos == f"{250 / (300 / 25.4):.0f}, {100 / (300 / 25.4):.0f} mm"  # 21, 8 mm
    assert m.headerData(m.COLS.index("position"), Qt.Horizontal) == "Position"
    win.shutdown()
