"""End to end on a real demo page with the real detectors, records store and PDF renderer:
open → analyse → accept/reject → annotate → edit report → save → reopen from the browser →
export PDF; cancel mid-analysis; Persian flips the whole layout right-to-left."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from tests.ui._scans import (
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    wait_tiles,
    write_scan,
)

#: Every test here must leave no worker thread running.
pytestmark = pytest.mark.usefixtures("no_leaked_threads")


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory):
    from conservator.demo import write_demo_set

    out = tmp_path_factory.mktemp("demo")
    write_demo_set(out, 1, 3, 100, "a4")  # 827 × 1169 px at 100 ppi, all four damage classes
    return out / "page-001.tif"


@pytest.mark.slow
def test_whole_workflow(qtbot, tmp_path, demo_page):
    win = make_window(qtbot, tmp_path)
    win.ask_item = lambda _w: ("KZ-ARCH-7/2/118", "Register of letters received")
    # open
    assert win.open_scan(demo_page)
    wait_tiles(qtbot, win.view)
    assert win.pos_label is not None and "100 ppi" in win.statusBar().currentMessage()
    # analyse with the real detectors, in the background
    with qtbot.waitSignal(win.runner.finished, timeout=120000):
        win.analyse(ask=False)
    assert not win.errors
    m = win.findings
    by_cls = {c: [f for f in m.items if f.cls == c] for c in ("foxing", "loss", "tear")}
    assert by_cls["foxing"] and by_cls["loss"]
    assert set(win.overlays.class_items) >= {"foxing", "loss"}
    # review: accept the losses, reject the smallest foxing spot
    win.panel.table.clearSelection()
    m.set_status([f.uid for f in by_cls["loss"]], "accepted")
    smallest = min(by_cls["foxing"], key=lambda f: f.area_px)
    win.panel.select_uid(smallest.uid)
    win.act_reject.trigger()
    assert m.get(smallest.uid).status == "rejected"
    # annotate: a stain drawn with the rectangle tool at 100 %
    win.view.actual_size()
    win.view.centerOn(QPointF(400, 600))
    win.class_combo.setCurrentIndex(win.class_combo.findData("stain"))
    win.act_rect.trigger()
    v = win.view.viewport()
    qtbot.mousePress(v, Qt.LeftButton, pos=win.view.mapFromScene(QPointF(350, 550)))
    qtbot.mouseMove(v, pos=win.view.mapFromScene(QPointF(420, 600)))
    qtbot.mouseRelease(v, Qt.LeftButton, pos=win.view.mapFromScene(QPointF(450, 650)))
    stain = next(f for f in m.items if f.cls == "stain" and f.source == "manual")
    assert stain.area_mm2 == pytest.approx(100 * 100 / (100 / 25.4) ** 2, rel=0.03)
    win.act_pan.trigger()
    # save to the records as a draft check; the report editor opens it
    assert win.save_to_records(), win.errors
    check_id = win.record.check_id
    editor = win.report_editor
    assert editor.check_id == check_id and not editor.read_only
    editor.summary_edit.setPlainText("Foxing across the text block; losses at the left edge.")
    assert editor.save()
    # reopen from the records browser after looking at another scan
    write_scan(tmp_path / "other.tif", h=500, w=400)
    assert win.open_scan(tmp_path / "other.tif")
    assert win.findings.rowCount() == 0
    browser = win.records_browser
    browser.refresh()
    assert browser.select_check(check_id)
    with qtbot.waitSignal(browser.openCheckRequested, timeout=2000):
        browser.open_current()
    assert win.record.check_id == check_id and win.scan.path == str(demo_page)
    classes = {f.cls for f in win.findings.items}
    assert {"loss", "stain"} <= classes
    assert "Foxing across the text block" in editor.summary_edit.toPlainText()
    # export the PDF through the export dialog
    dialogs = []
    win.export_opener = dialogs.append
    win.export_dialog()
    dlg = dialogs[0]
    opened = []
    dlg.opener = opened.append
    dlg.folder_edit.setText(str(tmp_path))
    for fmt, box in dlg.format_boxes.items():
        box.setChecked(fmt == "pdf")
    with qtbot.waitSignal(dlg.exported, timeout=60000) as done:
        dlg.start_export()
    pdf = [p for p in done.args[0] if str(p).endswith(".pdf")][0]
    assert opened  # the PDF is opened when done
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "KZ-ARCH-7/2/118" in text
    win.shutdown()


def test_cancel_a_real_analysis(qtbot, tmp_path, demo_page):
    win = make_window(qtbot, tmp_path)
    win.open_scan(demo_page)
    with qtbot.waitSignal(win.runner.progress, timeout=30000):
        win.analyse(ask=False)
    with qtbot.waitSignal(win.runner.cancelled, timeout=60000):
        win.act_cancel.trigger()
    assert win.findings.rowCount() == 0 and not win.progress.isVisible()
    assert win.runner.wait(60000)
    win.shutdown()


def test_persian_flips_the_layout(qtbot, tmp_path, demo_page):
    from ui.i18n import install_language

    win = make_window(qtbot, tmp_path)
    win.open_scan(demo_page)
    app = QApplication.instance()
    try:
        install_language(app, "fa")
        assert app.layoutDirection() == Qt.RightToLeft
        assert win.layoutDirection() == Qt.RightToLeft
        assert win.panel.layoutDirection() == Qt.RightToLeft
        # the findings dock moves to the left side of the window
        qtbot.waitUntil(lambda: win.findings_dock.mapTo(win, QPointF(0, 0).toPoint()).x() < 200)
    finally:
        install_language(app, "en")
    assert app.layoutDirection() == Qt.LeftToRight
    win.shutdown()


def test_a_check_without_a_scan_opens_in_the_report_editor(qtbot, tmp_path):
    """A check made from the records (no capture yet) still opens for editing."""
    win = make_window(qtbot, tmp_path)
    store = win.records_store()
    store.add_item("INV-NS-1", "Letter without a scan")
    check_id = store.create_check("INV-NS-1", checker="A. Examiner")
    win.open_check(check_id)
    assert win.report_editor.check_id == check_id
    assert not win.errors
    assert "without its scan" in win.statusBar().currentMessage()


def test_a_check_created_in_the_browser_opens_in_the_editor(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    store = win.records_store()
    store.add_item("INV-NS-2", "Another letter")
    win.records_browser.refresh()
    check_id = store.create_check("INV-NS-2", checker="A. Examiner")
    win.records_browser.checkCreated.emit(check_id)
    assert win.report_editor.check_id == check_id
