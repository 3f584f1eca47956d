"""Batch review: accept a class above an area, reject in a drawn rectangle, one undo step,
saved and audited like single reviews, refused on a final check."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui._scans import (
    fake_analyze,
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    write_scan,
)

pytestmark = pytest.mark.usefixtures("no_leaked_threads")


def _window(qtbot, tmp_path):
    """A 300 ppi page with one loss (≈ 574 mm²) and two foxing spots (≈ 2.9 and 0.7 mm²)."""
    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000)
    win = make_window(qtbot, tmp_path, analyze=fake_analyze())
    win.ask_item = lambda _w: ("INV-B", "Letter, 1902")
    win.open_scan(path)
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=False)
    return win


def _states(win):
    return {f.uid: f.status for f in win.findings.items}


def _by(win, cls, px):
    return next(f.uid for f in win.findings.items if f.cls == cls and f.area_px == px)


def test_accept_foxing_above_an_area_changes_exactly_those_and_one_undo_restores(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    before = _states(win)
    big, small = _by(win, "foxing", 400), _by(win, "foxing", 100)
    shown = []

    def fill(dlg):
        shown.append(dlg)
        dlg.accept_radio.setChecked(True)
        dlg.class_combo.setCurrentIndex(dlg.class_combo.findData("foxing"))
        dlg.area_spin.setValue(1.0)  # mm²: the 2.9 mm² spot, not the 0.7 mm² one
        assert dlg.preview.text().startswith("1 finding")
        return True

    win.batch_opener = fill
    win.act_batch.trigger()
    assert shown and win.findings.get(big).status == "accepted"
    assert {u: s for u, s in _states(win).items() if u != big} == {
        u: s for u, s in before.items() if u != big
    }
    assert win.findings.get(small).status == "proposed"
    assert "Accepted 1 finding" in win.statusBar().currentMessage()

    # any class from 0.5 mm²: three findings at once, and ONE undo restores them all
    win.undo.undo()
    count = win.undo.index()

    def every(dlg):
        dlg.class_combo.setCurrentIndex(dlg.class_combo.findData(None))
        dlg.area_spin.setValue(0.5)
        return True

    win.batch_opener = every
    win.act_batch.trigger()
    assert set(_states(win).values()) == {"accepted"}
    assert win.undo.index() == count + 1  # one command on the stack
    win.act_undo.trigger()
    assert _states(win) == before
    win.act_redo.trigger()
    assert set(_states(win).values()) == {"accepted"}
    win.shutdown()


def test_reject_in_a_drawn_rectangle_and_only_the_selection(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    loss = _by(win, "loss", 80000)
    win.act_batch_region.trigger()
    assert win.act_batch_region.isChecked()
    vp = win.view.viewport()
    a = win.view.mapFromScene(280, 180)  # around the loss (300, 200, 400 × 200 px)
    b = win.view.mapFromScene(720, 420)
    qtbot.mousePress(vp, Qt.LeftButton, pos=a)
    qtbot.mouseMove(vp, pos=a + (b - a) / 2)
    qtbot.mouseMove(vp, pos=b)
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=b)
    assert win.findings.get(loss).status == "rejected"
    assert [f.status for f in win.findings.items if f.uid != loss] == ["proposed"] * 2
    qtbot.waitUntil(lambda: win.act_pan.isChecked())  # one rectangle, then back to panning
    # only among the selected rows: the small foxing spot is selected, the big one is not
    small = _by(win, "foxing", 100)
    win.panel.select_uid(small)

    def selected_only(dlg):
        assert dlg.selected_box.isEnabled()
        dlg.selected_box.setChecked(True)
        dlg.reject_radio.setChecked(True)
        dlg.class_combo.setCurrentIndex(dlg.class_combo.findData(None))
        dlg.area_spin.setValue(0)
        return True

    win.batch_opener = selected_only
    win.act_batch.trigger()
    assert win.findings.get(small).status == "rejected"
    assert win.findings.get(_by(win, "foxing", 400)).status == "proposed"
    win.shutdown()


def test_batch_is_saved_and_audited_and_disabled_on_a_final_check(qtbot, tmp_path):
    win = _window(qtbot, tmp_path)
    assert win.save_to_records(), win.errors
    win.batch_opener = lambda dlg: (dlg.area_spin.setValue(0.5), True)[1]  # foxing ≥ 0.5 mm²
    win.act_batch.trigger()
    assert win.save_to_records(), win.errors
    from ui.records import api

    rows = api.history(win.records_store(), check_id=win.record.check_id)
    changed = [r for r in rows if r.get("field") == "status" and r.get("new") == "accepted"]
    assert len(changed) == 2 and {r["actor"] for r in changed} == {"T. Examiner"}

    editor = win.report_editor
    editor.combos["grade_code"].setCurrentIndex(editor.combos["grade_code"].findData("fair"))
    editor.ask_name = lambda: "A. Conservator"
    editor.confirm_unreviewed = lambda _n: True
    with qtbot.waitSignal(editor.finalized, timeout=5000):
        assert editor.finalize()
    assert win.record_final
    assert not win.act_batch.isEnabled() and not win.act_batch_region.isEnabled()
    before = _states(win)
    opened = []
    win.batch_opener = lambda dlg: opened.append(dlg) or True
    win.batch_dialog()  # a shortcut or menu that slipped through still changes nothing
    from ui.analysis.batch import apply_batch

    assert apply_batch(win.findings, list(before), "reject") == 0
    assert not opened and _states(win) == before and win.undo.count() == 0
    win.shutdown()


def test_batch_review_with_no_findings_says_why(qtbot, tmp_path):
    """Ctrl+B before any analysis opens no empty dialog and does not stay silent."""
    path = tmp_path / "page.tif"
    write_scan(path, h=400, w=300)
    win = make_window(qtbot, tmp_path, analyze=fake_analyze())
    opened = []
    win.batch_opener = lambda dlg: opened.append(dlg) or False
    with qtbot.waitSignal(win.scanOpened, timeout=10000):
        win.open_scan(path)
    win.act_batch.trigger()
    assert not opened
    assert "analyse the scan" in win.statusBar().currentMessage()
    win.shutdown()
