"""Report editor and records browser over an in-memory store: what the user edits is saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.records_fake import FakeStore
from ui.records import RecordsBrowser, ReportEditor


@pytest.fixture
def store():
    return FakeStore()


@pytest.fixture
def editor(qtbot, store):
    ed = ReportEditor(store)
    ed.autosave_ms = 50  # a test need not wait seconds
    qtbot.addWidget(ed)
    return ed


def _pick(combo, code):
    combo.setCurrentIndex(combo.findData(code))


def test_loading_fills_every_field(editor):
    editor.load_check(11)
    assert editor.item_edits["inventory_no"].text() == "MS-1"
    assert editor.item_edits["object_type"].currentData() == "letter"
    assert editor.ref_label.text() == "CC-0011"
    assert editor.check_date.date() == QDate(2026, 11, 20)
    assert editor.combos["grade_code"].currentData() == "poor"  # ordinal 3
    assert editor.combos["reason_code"].currentText() == "Loan"
    assert editor.findings_label.text() == "1 accepted, 1 proposed, 0 rejected"
    assert not editor.dirty and not editor.read_only
    assert "Draft" in editor.banner.text()


def test_edits_are_saved_to_the_store(qtbot, editor, store):
    editor.load_check(11)
    editor.item_edits["title"].setText("Letter to the governor, 1890")
    editor.item_edits["title"].textEdited.emit("Letter to the governor, 1890")
    _pick(editor.combos["grade_code"], "unacceptable")
    _pick(editor.combos["priority_code"], "urgent")
    _pick(editor.combos["completeness_code"], "incomplete")
    editor.completeness_note.setText("lower corner lost")
    editor.completeness_note.textEdited.emit("lower corner lost")
    editor.next_check.enabled.setChecked(True)
    editor.next_check.edit.setDate(QDate(2027, 5, 1))
    editor.summary_edit.setPlainText("Active mould along the fold.")
    editor.hazards.add_row()
    editor.hazards.table.cellWidget(0, 0).setCurrentIndex(0)
    editor.hazards.table.item(0, 2).setText("isolate in the quarantine room")
    editor.rec_edits["handling"].setPlainText("Gloves and a mask.")
    editor.rec_edits["storage"].setPlainText("Separate box.")
    editor.treat_text.setPlainText("Dry cleaning, then mending of the tear.")
    editor.proposed_by.setText("A. Bek")
    editor.proposed_by.textEdited.emit("A. Bek")
    assert editor.dirty
    with qtbot.waitSignal(editor.saved) as sig:
        assert editor.save()
    assert sig.args == [11]
    assert not editor.dirty
    c = store.checks[11]
    assert store.items[1]["title"] == "Letter to the governor, 1890"
    assert c["overall_grade"] == 4 and c["grade_code"] == "unacceptable"
    assert c["priority_code"] == "urgent" and c["completeness_code"] == "incomplete"
    assert c["completeness_note"] == "lower corner lost"
    assert c["next_check_date"] == "2027-05-01"
    assert c["summary"] == "Active mould along the fold."
    assert c["hazards"] == [
        {"hazard_code": "active_mould", "date": None, "note": "isolate in the quarantine room"}
    ]
    assert {r["kind"]: r["text"] for r in c["recommendations"]} == {
        "handling": "Gloves and a mask.",
        "storage": "Separate box.",
    }
    assert c["treatment"]["text"].startswith("Dry cleaning")
    assert c["treatment"]["status"] == "proposed"

    editor.load_check(20)
    editor.load_check(11)  # what was saved comes back
    assert editor.rec_edits["storage"].toPlainText() == "Separate box."
    assert editor.hazards.hazards()[0]["note"] == "isolate in the quarantine room"
    assert editor.combos["grade_code"].currentData() == "unacceptable"


def test_drafts_autosave_shortly_after_typing_stops(qtbot, editor, store):
    editor.load_check(11)
    editor.summary_edit.setPlainText("Foxing on the first leaf.")
    assert editor.dirty and store.saves == 0
    with qtbot.waitSignal(editor.saved, timeout=5000):
        pass
    assert store.checks[11]["summary"] == "Foxing on the first leaf."
    assert not editor.dirty


def test_finalise_with_unreviewed_findings_asks_first(qtbot, editor, store):
    editor.load_check(11)  # one observation is still proposed
    asked = []
    editor.confirm_unreviewed = lambda n: asked.append(n) or False  # "Review first"
    editor.ask_name = lambda: "Dr. Nazarbayeva"
    assert not editor.finalize()
    assert asked == [1] and store.checks[11]["status"] == "draft" and not editor.read_only
    editor.confirm_unreviewed = lambda n: asked.append(n) or True  # "Finalise anyway"
    assert editor.finalize()
    assert asked == [1, 1] and store.checks[11]["status"] == "final"
    assert store.checks[11]["allow_unreviewed"] is True


def test_the_unreviewed_question_names_the_count(qtbot, editor, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []

    def fake_exec(box):
        shown.append(box.text())
        return 0  # closed: nothing clicked, so not confirmed

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert not editor._confirm_unreviewed(3)
    assert shown[0].startswith("3 finding")


def test_finalise_asks_a_name_then_locks(qtbot, editor, store):
    editor.load_check(11)
    editor.confirm_unreviewed = lambda n: True
    editor.ask_name = lambda: None  # the user cancels the name dialog
    assert not editor.finalize()
    assert store.checks[11]["status"] == "draft"

    editor.ask_name = lambda: "  Dr. Nazarbayeva "
    with qtbot.waitSignal(editor.finalized) as sig:
        assert editor.finalize()
    assert sig.args == [11]
    assert store.checks[11]["status"] == "final"
    assert store.checks[11]["finalized_by"] == "Dr. Nazarbayeva"
    assert editor.read_only
    assert editor.summary_edit.isReadOnly()
    assert not editor.combos["grade_code"].isEnabled()
    assert not editor.save_button.isEnabled() and editor.new_version_button.isEnabled()
    assert "Dr. Nazarbayeva" in editor.banner.text()
    editor.summary_edit.setPlainText("sneaky edit")  # programmatic: still never saved
    assert not editor.dirty


def test_new_version_supersedes_a_final_check(qtbot, editor, store):
    editor.load_check(10)
    assert editor.read_only
    with qtbot.waitSignal(editor.newVersionCreated) as sig:
        new_id = editor.new_version()
    assert sig.args == [new_id] and new_id != 10
    assert editor.check_id == new_id and not editor.read_only
    assert store.checks[new_id]["supersedes"] == 10
    assert "supersedes" in editor.banner.text()
    assert store.checks[10]["status"] == "final"


def test_closing_with_unsaved_work_asks(qtbot, editor, store):
    editor.load_check(11)
    editor.summary_edit.setPlainText("unsaved words")
    editor.autosave_timer.stop()
    editor.ask_unsaved = lambda: QMessageBox.Cancel
    assert editor.maybe_save() is False
    assert editor.dirty
    editor.ask_unsaved = lambda: QMessageBox.Discard
    assert editor.maybe_save() is True
    assert editor.summary_edit.toPlainText() == "" and store.checks[11]["summary"] is None
    editor.summary_edit.setPlainText("keep these words")
    editor.ask_unsaved = lambda: QMessageBox.Save
    assert editor.maybe_save() is True
    assert store.checks[11]["summary"] == "keep these words"
    editor.ask_unsaved = lambda: pytest.fail("must not ask when nothing is unsaved")
    assert editor.maybe_save() is True


def test_save_error_is_shown_not_raised(qtbot, editor, store, monkeypatch):
    import ui.errors

    shown = []
    monkeypatch.setattr(ui.errors, "dialog_hook", lambda parent, exc: shown.append(exc))
    editor.load_check(11)
    store.checks[11]["status"] = "final"  # finalised elsewhere meanwhile
    editor.summary_edit.setPlainText("too late")
    assert editor.save() is False
    assert "new version" in str(shown[0])
    assert editor.dirty


def test_browser_search_history_and_open(qtbot, store):
    browser = RecordsBrowser(store)
    qtbot.addWidget(browser)
    assert browser.items.rowCount() == 2
    assert browser.current_item()["inventory_no"] == "MS-1"
    assert [r["ref_no"] for r in browser.checks.rows] == ["CC-0011", "CC-0010"]
    assert browser.checks.data(browser.checks.index(1, 3)) == "Fair"
    assert browser.checks.data(browser.checks.index(1, 2)) == "Final"

    with qtbot.waitSignal(browser.itemSelected):
        browser.search_edit.setText("қолжазба")
    assert browser.items.rowCount() == 1
    assert [r["ref_no"] for r in browser.checks.rows] == ["CC-0020"]
    assert "1 item" in browser.count_label.text()

    with qtbot.waitSignal(browser.openCheckRequested) as sig:
        browser.open_button.click()
    assert sig.args == [20]

    browser.search_edit.setText("no such thing")
    browser.refresh()
    assert browser.items.rowCount() == 0 and browser.checks.rowCount() == 0
    assert not browser.open_button.isEnabled()


def test_browser_double_click_opens(qtbot, store):
    browser = RecordsBrowser(store)
    qtbot.addWidget(browser)
    browser.show()
    qtbot.waitExposed(browser)
    rect = browser.checks_view.visualRect(browser.checks.index(1, 0))
    qtbot.mouseClick(browser.checks_view.viewport(), Qt.LeftButton, pos=rect.center())
    with qtbot.waitSignal(browser.openCheckRequested) as sig:
        qtbot.mouseDClick(browser.checks_view.viewport(), Qt.LeftButton, pos=rect.center())
    assert sig.args == [10]


def test_widgets_without_a_store_are_inert(qtbot):
    browser = RecordsBrowser()
    editor = ReportEditor()
    qtbot.addWidget(browser)
    qtbot.addWidget(editor)
    assert browser.items.rowCount() == 0
    assert "No records database" in browser.count_label.text()
    assert not editor.save_button.isEnabled()
    assert editor.maybe_save() is True
    browser.set_store(FakeStore())
    assert browser.items.rowCount() == 2


def test_reload_keeps_unsaved_edits_by_saving_them(qtbot, editor, store):
    editor.load_check(11)
    editor.summary_edit.setPlainText("typed while the main window saved findings")
    editor.autosave_timer.stop()
    editor.reload()
    assert store.checks[11]["summary"] == "typed while the main window saved findings"
    assert editor.summary_edit.toPlainText() == "typed while the main window saved findings"
    assert not editor.dirty


def test_continuous_typing_still_autosaves(qtbot, editor, store):
    editor.load_check(11)
    editor.autosave_ms = 100
    text = ""
    for i in range(30):  # a keystroke every 20 ms for 0.6 s: never a 100 ms pause
        text += str(i % 10)
        editor.summary_edit.setPlainText(text)
        qtbot.wait(20)
        if store.saves:
            break
    assert store.saves >= 1  # saved within 2× the delay despite no pause


def test_switching_database_clears_the_form(editor, store):
    editor.load_check(11)
    editor.set_store(FakeStore())
    assert editor.check_id is None and editor.read_only
    assert editor.item_edits["title"].text() == ""
    assert editor.summary_edit.toPlainText() == ""
    assert "No condition check open" in editor.banner.text()


def test_browser_says_when_the_list_is_cut(qtbot, store):
    browser = RecordsBrowser(store)
    qtbot.addWidget(browser)
    browser.limit = 2
    browser.refresh()
    assert browser.items.rowCount() == 2
    assert "search to narrow" in browser.count_label.text()


def test_export_button_saves_then_asks_for_an_export(qtbot, editor, store):
    editor.load_check(11)
    editor.export_opens_dialog = False  # the main window handles exportRequested itself
    editor.summary_edit.setPlainText("saved before export")
    editor.autosave_timer.stop()
    with qtbot.waitSignal(editor.exportRequested) as sig:
        editor.export_button.click()
    assert sig.args == [11]
    assert store.checks[11]["summary"] == "saved before export"
