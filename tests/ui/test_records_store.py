"""The report editor and records browser on a real records database (conservator.storage)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from conservator.storage import open_db
from ui.records import RecordsBrowser, ReportEditor


@pytest.fixture
def store(tmp_path):
    s = open_db(tmp_path / "records.db")
    s.add_item("ҚР-2026/14", "Хат, 1890 ж.", object_type="letter", materials="paper, iron-gall ink")
    s.add_item("INV-7", "Map of Tehran", object_type="map")
    cid = s.create_check("ҚР-2026/14", checker="A. Bek", reason_code="loan", method_code="visual")
    s.add_observation(cid, "foxing", severity=2, note="scattered spots")
    yield s
    s.close()


def _check_id(store, inv="ҚР-2026/14"):
    return store.list_checks(inv)[0]["id"]


def test_edit_save_finalise_new_version(qtbot, store):
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    cid = _check_id(store)
    editor.load_check(cid)
    assert editor.item_edits["title"].text() == "Хат, 1890 ж."
    assert editor.item_edits["inventory_no"].isReadOnly()
    editor.item_edits["location"].setText("Store 3, shelf 12")
    editor.item_edits["location"].textEdited.emit("Store 3, shelf 12")
    editor.combos["grade_code"].setCurrentIndex(editor.combos["grade_code"].findData("poor"))
    editor.combos["priority_code"].setCurrentIndex(editor.combos["priority_code"].findData("high"))
    editor.summary_edit.setPlainText("Қағаз сарғайған; фоксинг.")
    editor.hazards.add_row({"hazard_code": "brittle_paper", "note": "handle on a support"})
    editor.rec_edits["handling"].setPlainText("Support with a folder.")
    editor.treat_text.setPlainText("Surface cleaning; mending.")
    editor.proposed_by.setText("A. Bek")
    with qtbot.waitSignal(editor.saved):
        assert editor.save()

    data = store.report_data(cid)
    assert data["item"]["location"] == "Store 3, shelf 12"
    assert data["check"]["grade_code"] == "poor" and data["check"]["overall_grade"] == 3
    assert data["check"]["priority_code"] == "high"
    assert data["check"]["summary"] == "Қағаз сарғайған; фоксинг."
    assert [(h["hazard_code"], h["note"]) for h in data["hazards"]] == [
        ("brittle_paper", "handle on a support")
    ]
    assert data["recommendations"][0]["kind"] == "handling"
    assert data["treatment"]["text"] == "Surface cleaning; mending."

    # a later autosave of one field leaves the hazards alone (no delete/re-create in the audit)
    hazard_audit = len(store.audit_entries("hazard"))
    editor.summary_edit.setPlainText("Қағаз сарғайған; фоксинг; бүктелген.")
    assert editor.save()
    assert len(store.audit_entries("hazard")) == hazard_audit
    assert store.report_data(cid)["hazards"][0]["note"] == "handle on a support"

    editor.ask_name = lambda: "A. Bek"
    with qtbot.waitSignal(editor.finalized):
        assert editor.finalize()
    assert store.report_data(cid)["check"]["status"] == "final"
    assert editor.read_only and "A. Bek" in editor.banner.text()

    with qtbot.waitSignal(editor.newVersionCreated) as sig:
        new_id = editor.new_version()
    assert sig.args == [new_id]
    new = store.report_data(new_id)
    assert new["check"]["supersedes"] == cid and new["check"]["status"] == "draft"
    assert new["check"]["summary"].startswith("Қағаз сарғайған")  # carried over
    assert not editor.read_only and "supersedes" in editor.banner.text()
    assert store.report_data(cid)["check"]["status"] == "final"


def test_finalise_without_a_grade_shows_the_store_reason(qtbot, store, monkeypatch):
    import ui.errors

    shown = []
    monkeypatch.setattr(ui.errors, "dialog_hook", lambda parent, exc: shown.append(exc))
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load_check(_check_id(store))
    assert not editor.finalize("A. Bek")
    assert "overall grade" in str(shown[0])
    assert not editor.read_only


def test_unsaved_edits_survive_through_maybe_save(qtbot, store):
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    cid = _check_id(store)
    editor.load_check(cid)
    editor.summary_edit.setPlainText("typed just before closing")
    editor.autosave_timer.stop()
    editor.ask_unsaved = lambda: QMessageBox.Save
    assert editor.maybe_save()
    assert store.report_data(cid)["check"]["summary"] == "typed just before closing"


def test_browser_lists_searches_and_shows_history(qtbot, store):
    cid = _check_id(store)
    store.update_check(cid, grade="fair")
    store.finalize_check(cid, "A. Bek")
    new_id = store.new_version(cid)
    browser = RecordsBrowser(store)
    qtbot.addWidget(browser)
    assert browser.items.rowCount() == 2
    browser.search_edit.setText("хат")
    browser.refresh()
    assert [r["inventory_no"] for r in browser.items.rows] == ["ҚР-2026/14"]
    refs = [r["id"] for r in browser.checks.rows]
    assert refs == [new_id, cid]
    assert browser.checks.data(browser.checks.index(1, 2)) == "Final"
    assert browser.checks.data(browser.checks.index(1, 3)) == "Fair"
    assert browser.checks.data(browser.checks.index(0, 6)).startswith("corrects")
    with qtbot.waitSignal(browser.openCheckRequested) as sig:
        browser.open_current()
    assert sig.args == [new_id]


def test_browser_follows_what_another_connection_saves(qtbot, store):
    browser = RecordsBrowser(store)
    qtbot.addWidget(browser)
    browser.watch_timer.setInterval(50)
    browser.show()
    qtbot.waitExposed(browser)
    qtbot.waitUntil(lambda: browser._data_version is not None)
    other = open_db(store.path)  # e.g. the main window saving a review
    try:
        other.add_item("NEW-1", "Saved elsewhere")
    finally:
        other.close()
    qtbot.waitUntil(lambda: browser.items.rowCount() == 3, timeout=5000)


def test_widgets_without_a_store_use_the_main_windows_preferences(qtbot, tmp_path, store):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from ui.prefs import Preferences
    from ui.records import api

    window = QWidget()
    window.prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.IniFormat))
    window.prefs.database = str(store.path)
    qtbot.addWidget(window)
    editor = ReportEditor(parent=window)
    browser = RecordsBrowser(parent=window)
    try:
        editor.load_check(_check_id(store))
        assert editor.item_edits["title"].text() == "Хат, 1890 ж."
        assert editor.inventory_no() == "ҚР-2026/14"
        window.show()
        browser.show()
        qtbot.waitUntil(lambda: browser.items.rowCount() == 2)
    finally:
        api.close_shared_stores()


def test_no_database_at_all_is_a_clear_error(qtbot):
    from conservator.errors import StorageError

    editor = ReportEditor()
    qtbot.addWidget(editor)
    with pytest.raises(StorageError, match="Preferences"):
        editor.load_check(1)


def test_editor_lists_observations_and_flags_a_proposed_grade(qtbot, store):
    cid = _check_id(store)
    store.add_observation(cid, "tear", severity=3, note="edge tear", area_mm2=12.5)
    store.conn.execute(
        "UPDATE condition_check SET overall_grade = 3, "
        "grade_source = 'proposed from measurements' WHERE id = ?",
        (cid,),
    )
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.show()
    editor.load_check(cid)
    table = editor.obs_table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert set(rows) == {"foxing", "tear"}
    assert table.item(rows["tear"], 2).text().startswith("12.5 mm²")
    assert table.item(rows["tear"], 4).text() == "edge tear"
    assert editor.combos["grade_code"].currentData() == "poor"
    assert editor.grade_hint.isVisible() and "confirm" in editor.grade_hint.text()
    editor.combos["grade_code"].setCurrentIndex(editor.combos["grade_code"].findData("fair"))
    assert editor.save()
    assert not editor.grade_hint.isVisible()  # now set by a person


def test_new_item_and_new_check_from_the_browser(qtbot, store):
    browser = RecordsBrowser(store)
    qtbot.addWidget(browser)
    browser.ask_new_item = lambda: {
        "inventory_no": "ФА-3/9",
        "title": "نامه، ۱۳۰۵",
        "object_type": "letter",
    }
    item_id = browser.new_item()
    assert browser.current_item()["id"] == item_id
    assert store.get_item("ФА-3/9")["title"] == "نامه، ۱۳۰۵"
    assert browser.checks.rowCount() == 0

    browser.ask_checker = lambda: None  # cancelled
    assert browser.new_check() is None
    browser.ask_checker = lambda: "R. Ahmadi"
    with qtbot.waitSignal(browser.checkCreated) as sig:
        check_id = browser.new_check()
    assert sig.args == [check_id]
    assert browser.current_check_id() == check_id
    data = store.report_data(check_id)
    assert data["check"]["status"] == "draft" and data["check"]["checker"] == "R. Ahmadi"

    import ui.errors

    shown = []
    ui.errors.dialog_hook = lambda parent, exc: shown.append(exc)
    try:
        assert browser.new_item() is None  # the same inventory number again
    finally:
        ui.errors.dialog_hook = None
    assert "already exists" in str(shown[0])


def test_treatment_actions_hours_and_environment_note_round_trip(qtbot, store):
    from PySide6.QtCore import Qt

    cid = _check_id(store)
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load_check(cid)
    codes = editor.treat_codes
    wanted = {"surface_cleaning", "mending"}
    for i in range(codes.count()):
        if codes.item(i).data(Qt.UserRole) in wanted:
            codes.item(i).setCheckState(Qt.Checked)
    assert codes.item(0).text() == "surface (dry) cleaning"  # labelled from the vocabulary
    editor.est_hours.setValue(6.5)
    editor.environment_note.setText("RH 65 % in the store room")
    editor.environment_note.textEdited.emit("RH 65 % in the store room")
    assert editor.save()
    data = store.report_data(cid)
    assert set(data["treatment"]["treatment_codes"]) == wanted
    assert data["treatment"]["est_hours"] == 6.5
    assert data["check"]["environment_note"] == "RH 65 % in the store room"
    editor.load_check(cid)
    assert set(editor.treatment_codes()) == wanted and editor.est_hours.value() == 6.5


def test_audit_trail_and_tamper_check_from_the_browser(qtbot, store):
    cid = _check_id(store)
    store.update_check(cid, grade="fair")
    store.finalize_check(cid, "A. Bek")
    browser = RecordsBrowser(store)
    qtbot.addWidget(browser)
    shown, histories = [], []
    browser.show_text = lambda title, text: shown.append((title, text))
    browser.show_history = lambda title, rows: histories.append((title, rows))
    browser.select_item(store.get_item("ҚР-2026/14")["id"])
    assert browser.select_check(cid)
    browser.show_audit()
    title, rows = histories[-1]
    assert store.report_data(cid)["check"]["ref_no"] in title
    assert rows[0]["action"] == "create" and rows[0]["table"] == "condition_check"
    grade = next(r for r in rows if r["field"] == "overall_grade" and r["action"] == "update")
    assert grade["new"] == 2  # fair
    final = [r for r in rows if r["action"] == "finalize"]
    assert final and all(r["actor"] == "A. Bek" for r in final)
    assert any(r["field"] == "status" and (r["old"], r["new"]) == ("draft", "final") for r in final)
    browser.show_item_history()
    title, item_rows = histories[-1]
    assert "ҚР-2026/14" in title and len(item_rows) > len(rows)
    assert any(r["table"] == "item" for r in item_rows)

    assert browser.verify_records()["ok"]
    assert "intact" in shown[-1][1] and "1 finalised" in shown[-1][1]
    # somebody edits the signed record behind the application's back
    store.conn.execute("DROP TRIGGER IF EXISTS check_final_frozen")
    for (name,) in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='condition_check'"
    ).fetchall():
        store.conn.execute(f"DROP TRIGGER {name}")
    store.conn.execute("UPDATE condition_check SET summary = 'forged' WHERE id = ?", (cid,))
    assert not browser.verify_records()["ok"]
    assert "Problems found" in shown[-1][1]


def test_editor_names_the_scan_of_the_check(qtbot, store, tmp_path):
    import numpy as np
    import tifffile

    from conservator.imaging import load_scan

    path = tmp_path / "leaf.tif"
    tifffile.imwrite(
        path, np.full((40, 30, 3), 200, np.uint8), resolution=(300, 300), resolutionunit=2
    )
    capture = store.add_capture_from_scan("ҚР-2026/14", load_scan(path))
    cid = store.create_check("ҚР-2026/14", checker="A. Bek", capture_id=capture)
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load_check(cid)
    text = editor.scan_label.text()
    assert "leaf.tif" in text and "30 × 40 px" in text and "300 ppi" in text and "SHA-256" in text
    other = store.create_check("INV-7", checker="A. Bek")
    editor.load_check(other)
    assert "visual check" in editor.scan_label.text()
