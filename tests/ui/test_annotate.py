"""Manual annotation: rectangle, polygon and brush through the mouse, areas in mm², undo/redo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from tests.ui._scans import (
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    wait_tiles,
    write_scan,
)
from ui.annotate.tools import brush_outline

#: Every test here must leave no worker thread running.
pytestmark = pytest.mark.usefixtures("no_leaked_threads")


@pytest.fixture
def win(qtbot, tmp_path):
    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000, dpi=254)  # 10 px per mm
    w = make_window(qtbot, tmp_path)
    w.open_scan(path)
    wait_tiles(qtbot, w.view)
    w.view.actual_size()
    w.view.centerOn(QPointF(500, 500))
    yield w
    w.shutdown()


def vp(win, x, y) -> QPoint:
    return win.view.mapFromScene(QPointF(x, y))


def drag(qtbot, win, points):
    v = win.view.viewport()
    qtbot.mousePress(v, Qt.LeftButton, pos=vp(win, *points[0]))
    for p in points[1:]:
        qtbot.mouseMove(v, pos=vp(win, *p))
    qtbot.mouseRelease(v, Qt.LeftButton, pos=vp(win, *points[-1]))


def test_rectangle_tool_adds_a_region_with_area_in_mm2_and_undo_removes_it(qtbot, win):
    win.class_combo.setCurrentIndex(win.class_combo.findData("stain"))
    win.act_rect.trigger()
    drag(qtbot, win, [(400, 400), (450, 430), (500, 460)])
    assert win.findings.rowCount() == 1
    f = win.findings.items[0]
    assert f.source == "manual" and f.cls == "stain" and f.status == "accepted"
    assert f.bbox == pytest.approx((400, 400, 100, 60), abs=1)
    assert f.area_mm2 == pytest.approx(60.0, rel=0.05)  # 100 × 60 px at 10 px/mm
    assert f.extra["longest_mm"] == pytest.approx((10**2 + 6**2) ** 0.5, rel=0.05)  # diagonal
    assert f.author == "T. Examiner"  # the user's name from Preferences
    area_text = win.findings.data(win.findings.index(0, win.findings.COLS.index("area")))
    assert area_text.endswith("mm²")
    details = win.findings.data(win.findings.index(0, win.findings.COLS.index("details")))
    assert "longest 11.7 mm" in details
    assert f.uid in win.overlays.outlines
    win.act_undo.trigger()
    assert win.findings.rowCount() == 0 and f.uid not in win.overlays.outlines
    win.act_redo.trigger()
    assert win.findings.rowCount() == 1


def test_polygon_tool_closes_on_double_click_and_esc_cancels(qtbot, win):
    win.act_poly.trigger()
    v = win.view.viewport()
    for x, y in [(300, 300), (400, 300), (400, 400)]:
        qtbot.mouseClick(v, Qt.LeftButton, pos=vp(win, x, y))
    # a real double-click: a press (adds the last corner), then the double-click event
    qtbot.mouseClick(v, Qt.LeftButton, pos=vp(win, 300, 400))
    qtbot.mouseDClick(v, Qt.LeftButton, pos=vp(win, 300, 400))
    assert win.findings.rowCount() == 1
    f = win.findings.items[0]
    assert len(f.polygon) == 4 and f.area_mm2 == pytest.approx(100.0, rel=0.02)  # 10 × 10 mm
    qtbot.mouseClick(v, Qt.LeftButton, pos=vp(win, 500, 500))
    qtbot.mouseClick(v, Qt.LeftButton, pos=vp(win, 550, 500))
    qtbot.keyClick(win.view, Qt.Key_Escape)
    assert win.findings.rowCount() == 1 and win.view.tool.preview is None


def test_brush_tool_paints_a_stroke_of_the_chosen_width(qtbot, win):
    win.brush_spin.setValue(2.0)  # 2 mm = 20 px
    win.act_brush.trigger()
    drag(qtbot, win, [(300, 600)] + [(300 + i * 10, 600) for i in range(1, 21)])
    assert win.findings.rowCount() == 1
    f = win.findings.items[0]
    assert f.shape == "brush"
    # a 200 px long, 20 px wide stroke with round caps: about 20 × 2 mm
    assert 38 < f.area_mm2 < 48
    assert f.bbox[3] == pytest.approx(20, abs=3)


def test_edits_of_manual_regions_are_undoable(qtbot, win):
    win.act_rect.trigger()
    drag(qtbot, win, [(400, 400), (500, 500)])
    f = win.findings.items[0]
    win.panel.select_uid(f.uid)
    win.panel.reclassify_selected("mould")
    m = win.findings
    m.setData(m.index(0, m.COLS.index("note")), "green bloom on the verso")
    win.act_delete.trigger()
    assert m.rowCount() == 0
    win.act_undo.trigger()
    assert m.items[0].note == "green bloom on the verso" and m.items[0].cls == "mould"
    win.act_undo.trigger()
    win.act_undo.trigger()
    assert m.items[0].note == "" and m.items[0].cls == "foxing"


def test_pan_tool_leaves_regions_alone(qtbot, win):
    win.act_pan.trigger()
    drag(qtbot, win, [(400, 400), (500, 500)])
    assert win.findings.rowCount() == 0


def test_brush_outline_is_clipped_to_the_scan():
    pts = brush_outline([(5, 5), (50, 5)], 20, limit=(40, 100))
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    assert min(xs) >= 0 and max(xs) <= 40 and min(ys) >= 0


def test_click_selects_a_region_and_dragging_it_moves_it_with_undo(qtbot, win):
    win.act_rect.trigger()
    drag(qtbot, win, [(400, 400), (500, 500)])
    f = win.findings.items[0]
    win.act_pan.trigger()
    win.panel.table.clearSelection()
    win.overlays.select(None)
    v = win.view.viewport()
    qtbot.mouseClick(v, Qt.LeftButton, pos=vp(win, 450, 450))  # a click on the region
    assert win.overlays.selected == f.uid
    drag(qtbot, win, [(450, 450), (470, 460), (480, 470)])  # drag the selected region
    qtbot.waitUntil(lambda: win.findings.items[0].bbox[0] != 400)
    moved = win.findings.items[0]
    assert moved.bbox[:2] == pytest.approx((430, 420), abs=1.5)
    assert moved.area_px == pytest.approx(f.area_px)  # same shape, new place
    win.act_undo.trigger()
    assert win.findings.items[0].bbox[:2] == pytest.approx((400, 400), abs=0.5)


def test_dragging_a_corner_reshapes_the_region_with_undo(qtbot, win):
    win.act_rect.trigger()
    drag(qtbot, win, [(400, 400), (500, 500)])
    f = win.findings.items[0]
    win.act_pan.trigger()
    win.panel.select_uid(f.uid)
    win.overlays.select(f.uid)
    assert len(win.overlays.handles) == 4
    corner = next(h for h in win.overlays.handles if h.pos() == QPointF(500, 500))
    drag(qtbot, win, [(500, 500), (520, 520), (550, 500)])  # pull the corner outwards
    qtbot.waitUntil(lambda: win.findings.items[0].polygon != f.polygon)
    g = win.findings.items[0]
    assert (550.0, 500.0) in [tuple(round(v) for v in p) for p in g.polygon]
    # the quadrilateral (400,400) (500,400) (550,500) (400,500): 125 × 100 px² = 125 mm²
    assert g.area_mm2 == pytest.approx(125.0, rel=0.03)
    assert len(win.overlays.handles) == 4 and corner.scene() is None  # handles rebuilt
    win.act_undo.trigger()
    assert win.findings.items[0].area_mm2 == pytest.approx(100.0, rel=0.01)
