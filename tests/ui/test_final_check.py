"""A final (signed) check is read-only everywhere in the app: every editing path is refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox

from tests.ui._scans import (
    fake_analyze,
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    write_scan,
)
from ui.analysis.review import Finding

#: Every test here must leave no worker thread running.
pytestmark = pytest.mark.usefixtures("no_leaked_threads")


def _manual(cls="stain"):
    pts = [(100.0, 1000.0), (200.0, 1000.0), (200.0, 1100.0), (100.0, 1100.0)]
    return Finding(
        cls=cls,
        bbox=(100, 1000, 100, 100),
        area_px=10000,
        area_mm2=100.0,
        status="accepted",
        source="manual",
        polygon=pts,
        shape="rect",
    )


@pytest.fixture
def final(qtbot, tmp_path):
    """A window showing a check that was reviewed, saved and finalised in the app."""
    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000, dpi=254)
    win = make_window(qtbot, tmp_path, analyze=fake_analyze())
    win.ask_item = lambda _w: ("INV-F", "Letter, 1902")
    asked = []
    win.inform = lambda title, text: asked.append((title, text))
    win.asked = asked
    win.open_scan(path)
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=False)
    m = win.findings
    m.set_status([f.uid for f in m.items], "accepted")
    m.add(_manual())
    assert win.save_to_records(), win.errors
    editor = win.report_editor
    editor.combos["grade_code"].setCurrentIndex(editor.combos["grade_code"].findData("fair"))
    editor.ask_name = lambda: "A. Conservator"
    with qtbot.waitSignal(editor.finalized, timeout=5000):
        assert editor.finalize()
    yield win
    win.shutdown()


def _snapshot(win):
    return [(f.uid, f.cls, f.status, f.severity, f.note, f.bbox) for f in win.findings.items]


def test_finalise_closes_the_undo_stack(final, qtbot):
    win = final
    assert win.record_final and win.findings.read_only
    assert win.undo.count() == 0 and not win.undo.canUndo() and not win.undo.canRedo()
    assert not win.act_undo.isEnabled() and not win.act_redo.isEnabled()
    before = _snapshot(win)
    n_outlines = len(win.overlays.outlines)
    win.setFocus()
    qtbot.keyClick(win, Qt.Key_Z, Qt.ControlModifier)  # what removed a finding before
    win.act_undo.trigger()
    win.undo.undo()
    assert _snapshot(win) == before and len(win.overlays.outlines) == n_outlines


def test_every_editing_action_is_disabled_and_says_why(final):
    win = final
    actions = {
        "accept": win.act_accept,
        "reject": win.act_reject,
        "delete": win.act_delete,
        "rectangle": win.act_rect,
        "polygon": win.act_poly,
        "brush": win.act_brush,
        "analyse": win.act_analyse,
        "analyse with defaults": win.act_analyse_defaults,
        "save": win.act_save,
    }
    for name, act in actions.items():
        assert not act.isEnabled(), name
        assert "New version" in act.toolTip(), name
    panel = win.panel
    for b in (panel.accept_btn, panel.reject_btn, panel.reclass_btn, panel.delete_btn):
        assert not b.isEnabled() and "New version" in b.toolTip()
    assert not win.class_combo.isEnabled() and not win.brush_spin.isEnabled()
    assert panel.table.editTriggers() == QAbstractItemView.NoEditTriggers
    editor = win.report_editor
    assert editor.read_only and editor.summary_edit.isReadOnly()
    assert not editor.finalize_button.isEnabled() and editor.new_version_button.isEnabled()
    assert "New version" in editor.check_box.toolTip()


def test_every_editing_path_is_refused(final, qtbot):
    win = final
    m = win.findings
    before = _snapshot(win)
    auto = next(f for f in m.items if f.source == "auto")
    manual = next(f for f in m.items if f.source == "manual")
    win.panel.select_uid(manual.uid)
    for act in (win.act_accept, win.act_reject, win.act_delete):  # menu items and shortcuts
        act.trigger()
    for status in ("accepted", "rejected", "proposed"):  # the panel's buttons
        win.panel.set_status_selected(status)
    win.panel.reclassify_selected("mould")
    win.panel.delete_selected()
    m.set_status([auto.uid], "rejected")  # the model itself
    m.reclassify(auto.uid, "tear")
    m.remove(manual.uid)
    m.edit(auto.uid, "note", note="changed")
    m.add(_manual("mould"))
    row = m.row_of(auto.uid)
    for col, value in (("class", "tear"), ("severity", 3), ("note", "edited in the table")):
        index = m.index(row, m.COLS.index(col))
        assert not (m.flags(index) & Qt.ItemIsEditable)
        assert not m.setData(index, value)
    win._region_drawn("rect", [(10, 10), (60, 10), (60, 60), (10, 60)])  # a drawing tool
    win.overlays._moved(manual.uid, 30.0, 30.0)  # dragging a region
    win.overlays._corner_moved(manual.uid, 0, 5.0, 5.0)  # dragging a corner
    win.analyse(ask=False)
    win.act_analyse_defaults.trigger()
    assert not win.runner.is_running()
    win.set_tool("rectangle")
    assert _snapshot(win) == before
    assert win.undo.count() == 0 and win.undo.isClean() and "*" not in win.windowTitle()


def test_save_explains_in_plain_words_and_never_errors(final):
    win = final
    assert not win.save_to_records()
    assert not win.errors
    title, text = win.asked[-1]
    assert "final" in title.lower() and "New version" in text
    assert "records.db" not in text


def test_no_unsaved_changes_question_for_a_final_check(final, tmp_path, monkeypatch):
    win = final

    def question(*_a, **_k):
        raise AssertionError("a final check must never ask to save changes")

    monkeypatch.setattr(QMessageBox, "question", question)
    assert win._ask_discard()
    other = tmp_path / "other.tif"
    write_scan(other, h=500, w=400)
    win.confirm_discard = win._ask_discard
    assert win.open_scan(other)  # leaving the final check asks nothing
    # and reopening it from the records browser: read-only again, still nothing to save
    check_id = win.report_editor.check_id
    win.records_browser.refresh()
    assert win.records_browser.select_check(check_id)
    win.records_browser.open_current()
    assert win.record.check_id == check_id and win.record_final
    assert not win.act_save.isEnabled() and win.undo.count() == 0
    assert win._ask_discard()


def test_new_version_makes_the_review_editable_again(final, qtbot):
    win = final
    with qtbot.waitSignal(win.report_editor.newVersionCreated, timeout=5000):
        win.report_editor.new_version()
    assert not win.record_final and not win.findings.read_only
    assert win.act_accept.isEnabled() and win.act_accept.toolTip() == "Accept Finding"
    assert win.panel.accept_btn.isEnabled() and "New version" not in win.panel.accept_btn.toolTip()
    f = next(f for f in win.findings.items if f.source == "auto")
    win.findings.set_status([f.uid], "rejected")
    assert win.findings.get(f.uid).status == "rejected" and win.undo.canUndo()
    # the correction is saved into the new draft, under the same finding numbers
    new_id = win.record.check_id
    assert win.save_to_records(), win.errors
    store = win.records_store()
    stored = {x["no"]: x for x in store.findings(new_id)}
    assert sorted(stored) == sorted(x.no for x in win.findings.items)
    assert stored[f.no]["status"] == "rejected"
    old_id = store.get_check(new_id)["supersedes"]
    assert {x["no"]: x["status"] for x in store.findings(old_id)}[f.no] == "accepted"


def test_finalising_with_unreviewed_findings_asks_and_says_how_many(qtbot, tmp_path):
    from conservator.storage import open_db

    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000, dpi=254)
    win = make_window(qtbot, tmp_path, analyze=fake_analyze())
    win.ask_item = lambda _w: ("INV-U", "Letter, 1902")
    win.open_scan(path)
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=False)
    loss = next(f for f in win.findings.items if f.cls == "loss")
    win.findings.set_status([loss.uid], "accepted")  # the two foxing spots stay unreviewed
    assert win.save_to_records()
    editor = win.report_editor
    editor.combos["grade_code"].setCurrentIndex(editor.combos["grade_code"].findData("fair"))
    editor.ask_name = lambda: "A. Conservator"
    asked = []
    editor.confirm_unreviewed = lambda n: asked.append(n) or False  # "Review first"
    assert not editor.finalize()
    assert asked == [2] and not win.record_final and win.act_accept.isEnabled()
    # an edit not saved yet is saved before counting: one more reviewed
    fox = next(f for f in win.findings.items if f.cls == "foxing")
    win.findings.set_status([fox.uid], "rejected")
    editor.confirm_unreviewed = lambda n: asked.append(n) or True  # "Finalise anyway"
    with qtbot.waitSignal(editor.finalized, timeout=5000):
        assert editor.finalize()
    assert asked == [2, 1] and win.record_final
    store = open_db(tmp_path / "records.db")
    data = store.report_data(win.record.check_id)
    assert data["check"]["status"] == "final" and data["check"]["unreviewed"] == 1
    store.close()
    # on the signed check the unreviewed spot no longer counts in the legend (as in the PDF)
    assert win.panel.legend.counts["foxing"].text() == ""
    win.shutdown()


def test_the_read_only_tooltips_follow_the_language(final, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_language

    monkeypatch.setenv("CONSERVATOR_CACHE_DIR", str(tmp_path / "cache"))
    app = QApplication.instance()
    try:
        install_language(app, "ru")
        qtbot.waitUntil(lambda: "«Новая версия»" in final.act_accept.toolTip())
        assert "«Новая версия»" in final.panel.delete_btn.toolTip()
    finally:
        install_language(app, "en")
    qtbot.waitUntil(lambda: "“New version”" in final.act_accept.toolTip())
