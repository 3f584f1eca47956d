"""The navigator minimap moves the view; the loupe (L) shows the scan's own pixels at 100 %."""

from __future__ import annotations

import numpy as np
import pytest
import tifffile
from PySide6.QtCore import QPoint, Qt

from tests.ui._scans import (
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    wait_tiles,
)

pytestmark = pytest.mark.usefixtures("no_leaked_threads")


def _noise_scan(path, h=900, w=1300):
    """Random pixels: any resampling or smoothing in the loupe would change them."""
    rng = np.random.default_rng(7)
    img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    tifffile.imwrite(path, img, photometric="rgb", resolution=(300, 300), resolutionunit="INCH")
    return img


def _window(qtbot, tmp_path):
    path = tmp_path / "noise.tif"
    img = _noise_scan(path)
    win = make_window(qtbot, tmp_path)
    win.open_scan(path)
    wait_tiles(qtbot, win.view)
    return win, img


def _visible_centre(win):
    return win.view.mapToScene(win.view.viewport().rect().center())


def test_navigator_appears_when_zoomed_and_a_click_moves_the_view(qtbot, tmp_path):
    win, _img = _window(qtbot, tmp_path)
    nav = win.navigator
    assert not nav.isVisible()  # the whole page is in view: nothing to navigate
    win.view.set_zoom(2.0)
    win.view.centerOn(100, 100)
    qtbot.waitUntil(nav.isVisible)
    # in the bottom corner of the view, inside it
    vp = win.view.viewport().geometry()
    assert vp.contains(nav.geometry())
    assert nav.geometry().bottom() > vp.center().y()
    # a click on the overview's lower right part brings that part of the page into view
    s = nav.scale()
    target = QPoint(int(2 + 1000 * s), int(2 + 700 * s))
    qtbot.mouseClick(nav, Qt.LeftButton, pos=target)
    c = _visible_centre(win)
    assert abs(c.x() - 1000) < 8 / s and abs(c.y() - 700) < 8 / s
    # a drag follows the pointer
    start = QPoint(int(2 + 400 * s), int(2 + 300 * s))
    qtbot.mousePress(nav, Qt.LeftButton, pos=start)
    qtbot.mouseMove(nav, pos=start + QPoint(10, 5))
    qtbot.mouseRelease(nav, Qt.LeftButton, pos=start + QPoint(10, 5))
    c = _visible_centre(win)
    assert abs(c.x() - (400 + 10 / s)) < 8 / s and abs(c.y() - (300 + 5 / s)) < 8 / s
    # the outline drawn is the part on screen
    seen = nav.visible_polygon().boundingRect()
    assert seen.contains(c)
    # View › Navigator off: hidden, on: back
    win.act_navigator.setChecked(False)
    assert not nav.isVisible()
    win.act_navigator.setChecked(True)
    assert nav.isVisible()
    win.act_fit.trigger()
    assert not nav.isVisible()
    win.shutdown()


def test_l_toggles_the_loupe_and_it_shows_the_scan_pixels_at_100_percent(qtbot, tmp_path):
    win, img = _window(qtbot, tmp_path)
    assert win.view.zoom() < 1  # the view shows the whole page, reduced
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.view.setFocus()
    qtbot.keyClick(win.view, Qt.Key_L)
    assert win.act_loupe.isChecked()
    loupe = win.loupe
    # the cursor over scan pixel (640, 450)
    vp = win.view.viewport()
    qtbot.mouseMove(vp, pos=win.view.mapFromScene(640, 450))
    win.view.cursorMoved.emit(640.0, 450.0)  # offscreen: the move may not reach the view
    assert loupe.isVisible() and not loupe.geometry().contains(
        win.view.mapFromScene(640, 450) + vp.geometry().topLeft()
    )  # beside the cursor, not under it
    x0, y0 = loupe.origin
    assert x0 <= 640 < x0 + loupe.device_side() and y0 <= 450 < y0 + loupe.device_side()
    shot = loupe.grab().toImage()
    assert shot.width() == loupe.device_side()
    for i, j in ((10, 10), (57, 131), (110, 110), (200, 33), (1, 2), (2, 1)):
        c = shot.pixelColor(i, j)
        assert (c.red(), c.green(), c.blue()) == tuple(img[y0 + j, x0 + i]), (i, j)
    # L again: off
    qtbot.keyClick(win.view, Qt.Key_L)
    assert not win.act_loupe.isChecked() and not loupe.isVisible()
    # typing an L in a text field does not open it
    win.class_combo.setFocus()
    qtbot.waitUntil(win.class_combo.hasFocus)
    qtbot.keyClick(win.class_combo, Qt.Key_L)
    assert not win.act_loupe.isChecked()
    win.shutdown()


def test_holding_l_shows_the_loupe_only_while_held(qtbot, tmp_path, monkeypatch):
    import ui.viewer.loupe as loupe_mod

    win, _img = _window(qtbot, tmp_path)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    win.view.setFocus()
    clock = [100.0]
    monkeypatch.setattr(loupe_mod.time, "monotonic", lambda: clock[0])
    qtbot.keyPress(win.view, Qt.Key_L)
    assert win.act_loupe.isChecked()
    clock[0] += 1.0  # held for a second
    qtbot.keyRelease(win.view, Qt.Key_L)
    assert not win.act_loupe.isChecked()
    # a quick press leaves it on
    qtbot.keyPress(win.view, Qt.Key_L)
    clock[0] += 0.1
    qtbot.keyRelease(win.view, Qt.Key_L)
    assert win.act_loupe.isChecked()
    win.shutdown()


def test_navigator_shows_the_exact_page_once_the_preview_is_replaced(qtbot, tmp_path, monkeypatch):
    """A big scan shows a quick preview first; the overview must not keep the preview's pixels."""
    import ui.viewer.view as view_mod

    monkeypatch.setattr(view_mod, "PREVIEW_ABOVE", 600)  # this 1300 px page gets a preview
    path = tmp_path / "noise.tif"
    _noise_scan(path)
    win = make_window(qtbot, tmp_path)
    with qtbot.waitSignal(win.view.sourceReplaced, timeout=20000):
        win.open_scan(path)
    src = win.view.source
    assert src.final
    exact = src.to_display(src.levels[-1])
    assert win.navigator._buf.shape == exact.shape
    assert np.array_equal(win.navigator._buf, exact)
    win.shutdown()
