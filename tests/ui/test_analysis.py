"""Background analysis, progress and Cancel, overlays, findings table and review with undo."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from tests.ui._scans import (
    fake_analyze,
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    wait_tiles,
    write_scan,
)

#: Every test here must leave no worker thread running.
pytestmark = pytest.mark.usefixtures("no_leaked_threads")


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000)
    return path


def run_analysis(qtbot, win):
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=False)


def test_analysis_runs_in_background_and_fills_table_overlays_and_legend(qtbot, tmp_path, page):
    calls = []
    win = make_window(qtbot, tmp_path, analyze=fake_analyze(calls=calls))
    win.open_scan(page)
    run_analysis(qtbot, win)
    assert calls[0]["thread"] is not threading.main_thread()
    assert win.findings.rowCount() == 3
    classes = sorted(win.findings.data(win.findings.index(r, 1)) for r in range(3))
    assert classes == ["Foxing", "Foxing", "Loss"]
    area = win.findings.data(
        win.findings.index(win.findings.row_of(_loss(win).uid), win.findings.COLS.index("area"))
    )
    assert area.endswith("mm²") and abs(float(area.split()[0]) - 80000 / (300 / 25.4) ** 2) < 0.01
    assert set(win.overlays.class_items) == {"foxing", "loss", "tear", "fading"}
    assert win.panel.legend.counts["loss"].text().startswith("1 ·")
    assert win.panel.legend.counts["foxing"].text().startswith("2 ·")
    assert not win.progress.isVisible()
    # outlines only by default: the damage stays visible; filled on request, in its colour
    wait_tiles(qtbot, win.view)
    img = win.view.viewport().grab().toImage()
    c = img.pixelColor(win.view.mapFromScene(QPointF(500, 300)))
    assert abs(c.red() - c.blue()) < 10  # the dark rectangle itself, not covered
    win.panel.legend.fill.setChecked(True)
    img = win.view.viewport().grab().toImage()
    c = img.pixelColor(win.view.mapFromScene(QPointF(500, 300)))
    assert c.red() > c.blue() + 60  # amber (the loss colour everywhere) over the dark rectangle
    # toggling the class off removes the colour
    win.panel.legend.boxes["loss"].setChecked(False)
    img = win.view.viewport().grab().toImage()
    c = img.pixelColor(win.view.mapFromScene(QPointF(500, 300)))
    assert abs(c.red() - c.green()) < 15
    win.shutdown()


def _loss(win):
    return next(f for f in win.findings.items if f.cls == "loss")


def test_cancel_mid_analysis_keeps_the_window_responsive(qtbot, tmp_path, page):
    gate = threading.Event()
    win = make_window(qtbot, tmp_path, analyze=fake_analyze(gate=gate))
    win.open_scan(page)
    with qtbot.waitSignal(win.runner.progress, timeout=5000):
        win.analyse(ask=False)
    assert win.progress.isVisible() and win.cancel_btn.isVisible()
    win.act_zoom_in.trigger()  # the GUI still answers while the worker runs
    with qtbot.waitSignal(win.runner.cancelled, timeout=5000):
        win.cancel_btn.click()
    assert not win.progress.isVisible()
    assert win.findings.rowCount() == 0
    assert "cancelled" in win.statusBar().currentMessage().lower()
    assert win.runner.wait(5000)
    gate.set()
    win.shutdown()


def test_a_second_run_cancels_the_first(qtbot, tmp_path, page):
    gate = threading.Event()
    first_cancelled = []
    slow = fake_analyze(gate=gate)

    def analyze(scan, **kw):
        if kw["detectors"] == ("foxing",):
            try:
                return slow(scan, **kw)
            except Exception as exc:
                first_cancelled.append(exc)
                raise
        return fake_analyze()(scan, **kw)

    win = make_window(qtbot, tmp_path, analyze=analyze)
    win.open_scan(page)
    with qtbot.waitSignal(win.runner.progress, timeout=5000):
        win.runner.start(win.scan, ["foxing"], {})
    with qtbot.waitSignal(win.runner.finished, timeout=5000) as blocker:
        win.runner.start(win.scan, ["foxing", "loss"], {})
    assert win.runner.wait(5000)
    assert first_cancelled and type(first_cancelled[0]).__name__ == "AnalysisCancelled"
    assert blocker.args and win.findings.rowCount() == 3
    win.shutdown()


def test_failure_shows_an_error_and_the_app_survives(qtbot, tmp_path, page):
    from conservator.errors import ConservatorError

    def broken(scan, **kw):
        raise ConservatorError("detector parameters out of range")

    win = make_window(qtbot, tmp_path, analyze=broken)
    win.open_scan(page)
    with qtbot.waitSignal(win.runner.failed, timeout=5000):
        win.analyse(ask=False)
    assert "out of range" in win.errors[0].one_line()
    assert not win.progress.isVisible() and win.act_analyse.isEnabled()
    win.shutdown()


def test_accept_reject_reclassify_with_undo_redo(qtbot, tmp_path, page):
    win = make_window(qtbot, tmp_path, analyze=fake_analyze())
    win.open_scan(page)
    run_analysis(qtbot, win)
    loss = _loss(win)
    win.panel.select_uid(loss.uid)
    win.act_reject.trigger()
    assert win.findings.get(loss.uid).status == "rejected"
    assert "*" in win.windowTitle()  # unsaved review
    item = win.overlays.class_items["loss"]
    oh, ow = item.base.shape
    assert item._buf[int(300 * oh / 1400), int(500 * ow / 1000)] == 0  # cut out of the overlay
    win.act_undo.trigger()
    assert win.findings.get(loss.uid).status == "proposed"
    assert win.overlays.class_items["loss"]._buf[int(300 * oh / 1400), int(500 * ow / 1000)] > 0
    win.act_redo.trigger()
    assert win.findings.get(loss.uid).status == "rejected"
    fox = [f for f in win.findings.items if f.cls == "foxing"]
    win.panel.select_uid(fox[0].uid)
    win.act_accept.trigger()
    assert win.findings.get(fox[0].uid).status == "accepted"
    assert win.overlays.selected == fox[1].uid  # accepting went on to the next to review
    win.panel.select_uid(fox[0].uid)
    win.panel.reclassify_selected("stain")
    f = win.findings.get(fox[0].uid)
    assert f.cls == "stain" and f.detector_cls == "foxing"
    # severity and note through the table (the editors of the view)
    model = win.findings
    r = model.row_of(f.uid)
    assert model.setData(model.index(r, model.COLS.index("severity")), 3)
    assert model.setData(model.index(r, model.COLS.index("note")), "brown ring, mould?")
    assert model.get(f.uid).severity == 3 and model.get(f.uid).note == "brown ring, mould?"
    for _ in range(3):
        win.act_undo.trigger()
    assert model.get(f.uid).cls == "foxing" and model.get(f.uid).severity != 3
    win.shutdown()


def test_selecting_a_row_zooms_to_the_finding(qtbot, tmp_path, page):
    win = make_window(qtbot, tmp_path, analyze=fake_analyze())
    win.open_scan(page)
    wait_tiles(qtbot, win.view)
    fit = win.view.zoom()
    run_analysis(qtbot, win)
    fox = next(f for f in win.findings.items if f.bbox == (600.0, 900.0, 10.0, 10.0))
    win.panel.select_uid(fox.uid)
    assert win.view.zoom() > fit * 2
    centre = win.view.mapToScene(win.view.viewport().rect().center())
    assert abs(centre.x() - 605) < 20 and abs(centre.y() - 905) < 20
    assert win.overlays.selected == fox.uid
    win.shutdown()


def test_reduced_overlay_keeps_coverage_of_small_spots():
    from ui.analysis.overlays import reduce_mask

    mask = np.zeros((10000, 8000), bool)
    mask[5000:5004, 4000:4004] = True  # a 4-px foxing spot on a 80 MP page
    cov = reduce_mask(mask)
    assert max(cov.shape) == 4096
    assert cov.max() > 0  # still visible when zoomed out
    assert cov.sum() == pytest.approx(16 * 255 * (4096 / 10000) ** 2, rel=0.2)


def test_parameters_dialog_starts_from_the_defaults_and_passes_edits(
    qtbot, tmp_path, page, monkeypatch
):
    from PySide6.QtWidgets import QDialog

    from ui.analysis.panel import AnalysisParamsDialog

    calls = []
    win = make_window(qtbot, tmp_path, analyze=fake_analyze(calls=calls))
    win.open_scan(page)
    defaults = {"foxing": {"min_diameter_mm": 0.2, "delta_e00": 3.0}, "loss": {"min_area_mm2": 1.0}}
    monkeypatch.setattr("ui.prefs.detector_defaults", lambda: defaults)

    def run_dialog(dlg):
        assert dlg.editor.editors[("foxing", "delta_e00")].value() == 3.0
        assert dlg.editor.editors[("foxing", "delta_e00")].suffix().strip() == "ΔE00"
        dlg.editor.editors[("foxing", "delta_e00")].setValue(4.5)
        dlg.editor.enabled_boxes["tear"].setChecked(False)
        return QDialog.Accepted

    monkeypatch.setattr(AnalysisParamsDialog, "exec", run_dialog)
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=True)
    assert calls[0]["params"]["foxing"] == {"min_diameter_mm": 0.2, "delta_e00": 4.5}
    assert "tear" not in calls[0]["detectors"] and "foxing" in calls[0]["detectors"]
    win.shutdown()


def test_zoomed_in_overlays_use_the_full_resolution_patches(qtbot, tmp_path):
    from conservator.detect.base import LazyMasks, MaskSource
    from tests.ui._scans import FakeResult

    path = tmp_path / "tall.tif"
    write_scan(path, h=6000, w=500)  # taller than the 4096 px overlay: coverage is reduced
    spot = np.zeros((20, 20), bool)
    spot[5:15, 5:15] = True

    def analyze(scan, **kw):
        res = FakeResult(scan.height, scan.width)
        res.masks = LazyMasks(
            {"foxing": MaskSource((scan.height, scan.width), patches=[(800, 100, spot)])}
        )
        return res

    win = make_window(qtbot, tmp_path, analyze=analyze)
    win.open_scan(path)
    win.panel.legend.fill.setChecked(True)  # filled regions (outlines only by default)
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=False)
    item = win.overlays.class_items["foxing"]
    assert not item.detailed  # fitted: the reduced coverage
    win.view.set_zoom(2.0)
    win.view.centerOn(QPointF(110, 810))
    assert item.detailed and item.patch_items[0].isVisible()
    wait_tiles(qtbot, win.view)
    img = win.view.viewport().grab().toImage()
    inside = img.pixelColor(win.view.mapFromScene(QPointF(110, 810)))
    edge = img.pixelColor(win.view.mapFromScene(QPointF(103, 803)))  # in the patch, not the spot
    assert inside.red() > inside.blue() + 40 and abs(edge.red() - edge.blue()) < 15
    # rejecting the finding cuts it out of the full-resolution patch too
    fox = next(f for f in win.findings.items if f.bbox == (100.0, 800.0, 20.0, 20.0))
    win.findings.set_status([fox.uid], "rejected")
    img = win.view.viewport().grab().toImage()
    inside = img.pixelColor(win.view.mapFromScene(QPointF(110, 810)))
    assert abs(inside.red() - inside.blue()) < 15
    win.view.fit()
    assert not item.detailed
    win.shutdown()


def test_opening_another_scan_drops_the_running_analysis(qtbot, tmp_path, page):
    gate = threading.Event()
    win = make_window(qtbot, tmp_path, analyze=fake_analyze(gate=gate))
    win.open_scan(page)
    with qtbot.waitSignal(win.runner.progress, timeout=5000):
        win.analyse(ask=False)
    other = tmp_path / "other.tif"
    write_scan(other, h=600, w=500)
    win.open_scan(other)
    assert not win.progress.isVisible() and not win.runner.is_running()
    gate.set()  # the old run would now finish: its findings must not land on this scan
    assert win.runner.wait(5000)
    QApplication.processEvents()  # deliver whatever the old run posted
    assert win.findings.rowCount() == 0 and not win.overlays.class_items
    win.shutdown()


def test_sorting_by_area_is_numeric(qtbot, tmp_path, page):
    win = make_window(qtbot, tmp_path, analyze=fake_analyze())
    win.open_scan(page)
    run_analysis(qtbot, win)
    col = win.findings.COLS.index("area")
    win.panel.table.sortByColumn(col, Qt.AscendingOrder)
    proxy = win.panel.proxy
    areas = [
        win.findings.get(proxy.index(r, 0).data(Qt.UserRole)).area_px
        for r in range(proxy.rowCount())
    ]
    assert areas == sorted(areas) == [100.0, 400.0, 80000.0]
    win.shutdown()


def test_next_finding_walks_the_findings_still_to_review(qtbot, tmp_path, page):
    win = make_window(qtbot, tmp_path, analyze=fake_analyze())
    win.open_scan(page)
    run_analysis(qtbot, win)
    seen = []
    for _ in range(3):
        win.act_next_finding.trigger()
        seen.append(win.overlays.selected)
    assert len(set(seen)) == 3  # each finding once
    win.findings.set_status([u for u in seen[:2]], "accepted")
    win.act_next_finding.trigger()
    assert win.overlays.selected == seen[2]  # the only one left to review
    win.findings.set_status([seen[2]], "rejected")
    win.act_next_finding.trigger()
    assert "reviewed" in win.statusBar().currentMessage()
    win.shutdown()


def test_legend_says_why_a_class_was_not_measured(qtbot, tmp_path, page):
    """The page has no backing board around it: losses and tears are not measured, and the
    legend says so instead of showing a count of 0."""
    from conservator.analysis import analyze_scan

    win = make_window(qtbot, tmp_path, analyze=analyze_scan)
    win.open_scan(page)
    with qtbot.waitSignal(win.runner.finished, timeout=60000):
        win.analyse(ask=False)
    for name in ("loss", "tear"):
        label = win.panel.legend.counts[name]
        assert label.text() == "not measured: no backing board visible"
        assert "not measured" in label.toolTip()
    # the page is neutral grey (R = G = B): foxing, told by its colour, says why it is not
    # measured, while stains are measured from luminance
    assert win.panel.legend.counts["foxing"].text() == "not measured: not measurable in greyscale"
    assert not win.panel.legend.counts["stain"].text().startswith("not measured")
    # another scan: the old reasons go
    win.open_scan(page)
    assert win.panel.legend.counts["loss"].text() == ""
    win.shutdown()
