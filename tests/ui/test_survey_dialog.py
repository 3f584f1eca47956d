"""File › Survey…: options to the core, progress, cancel that keeps the survey, and the
records browser listing a survey's items."""

from __future__ import annotations

import sqlite3

import pytest

from ui.dialogs.survey import SurveyDialog
from ui.records.api import survey_pages as api_pages


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from conservator.demo import generate_page
    from conservator.demo.write import write_scan

    out = tmp_path_factory.mktemp("fonds")
    for i, damage in enumerate([("tear",), (), ("foxing",), ("loss",)]):
        page = generate_page(900 + i, ppi=100, size=(105.0, 148.0), damage=damage)
        write_scan(page.rgb, out / f"f{i}.tif", 100)
    return out


def test_survey_runs_in_the_background_and_the_browser_lists_it(qtbot, folder, tmp_path):
    db = tmp_path / "r.db"
    dlg = SurveyDialog(str(db))
    qtbot.addWidget(dlg)
    dlg.source_edit.setText(str(folder))
    dlg.name_edit.setText("shelf 3")
    dlg.size_spin.setValue(3)
    dlg.seed_spin.setValue(4)
    dlg.workers_spin.setValue(1)
    opts = dlg.options()
    assert opts["size"] == 3 and opts["seed"] == 4 and opts["workers"] == 1
    assert opts["preset"] == "balanced" and opts["scheduler"] is None
    seen = []
    dlg._sig.progress.connect(lambda d, t, m: seen.append((d, t)))
    with qtbot.waitSignal(dlg.finished, timeout=240_000) as blocker:
        dlg.start()
        assert dlg.is_running() and not dlg.start_button.isEnabled()
    doc = blocker.args[0]
    assert doc["survey"]["name"] == "shelf 3" and doc["survey"]["done"] == 3
    assert seen and seen[-1] == (3, 3)
    assert "tear" in dlg.result_text.toPlainText()
    assert dlg.start_button.isEnabled() and not dlg.cancel_button.isEnabled()

    from conservator.storage import open_db
    from ui.records.browser import RecordsBrowser

    with open_db(db) as store:
        browser = RecordsBrowser(store)
        qtbot.addWidget(browser)
        assert not browser.survey_combo.isHidden()
        assert "shelf 3" in browser.survey_combo.itemText(1)
        browser.show_survey(doc["survey"]["id"])
        listed = {r["inventory_no"] for r in browser.items.rows}
        assert listed == {i["inventory_no"] for i in doc["items"]}
        assert not browser.grade_button.isHidden()

        # quick grading from the keyboard: 3 = poor, U = urgent, Enter = next page
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        browser.quick_grade_opener = lambda d: d.show()
        grader = browser.quick_grade()
        qtbot.addWidget(grader)
        qtbot.waitExposed(grader)
        first = grader.current()
        QTest.keyClick(grader, Qt.Key_3)
        QTest.keyClick(grader, Qt.Key_U)
        QTest.keyClick(grader, Qt.Key_Return)
        assert grader.index == 1
        check = store.get_check(first["check_id"])
        assert (check["overall_grade"], check["priority_code"]) == (3, "urgent")
        assert check["grade_source"] == "person"
        assert grader.grade_buttons[2].text().startswith("3")
        graded = {u["inventory_no"]: u for u in api_pages(store, doc["survey"]["id"])}
        assert graded[first["inventory_no"]]["priority"] == "urgent"
        grader.close()

        browser.show_survey(None)
        assert browser.items.rowCount() == 3  # only sampled pages made items
        assert browser.grade_button.isHidden()


def test_cancel_keeps_the_survey_and_start_continues_it(qtbot, folder, tmp_path):
    db = tmp_path / "c.db"
    dlg = SurveyDialog(str(db))
    qtbot.addWidget(dlg)
    dlg.source_edit.setText(str(folder))
    dlg.all_radio.setChecked(True)
    dlg.workers_spin.setValue(1)
    dlg.seed_spin.setValue(1)
    dlg._sig.progress.connect(lambda d, t, m: dlg.cancel() if d >= 1 else None)
    with qtbot.waitSignal(dlg.cancelled, timeout=240_000):
        dlg.start()
    with sqlite3.connect(db) as conn:
        done = conn.execute("SELECT COUNT(*) FROM survey_items WHERE status = 'done'").fetchone()[0]
        total = conn.execute("SELECT COUNT(*) FROM survey_items WHERE in_sample = 1").fetchone()[0]
    assert total == 4 and 1 <= done < 4
    dlg._sig.progress.disconnect()
    with qtbot.waitSignal(dlg.finished, timeout=240_000) as blocker:
        dlg.start()
    assert blocker.args[0]["survey"]["done"] == 4
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM condition_check").fetchone()[0] == 4


def test_file_menu_opens_the_survey_dialog(qtbot, tmp_path):
    from tests.ui._scans import make_window

    win = make_window(qtbot, tmp_path)
    assert win.act_survey in win.menu_file.actions()
    assert win.act_survey.text() == "Collection &Survey…"
    win.act_survey.trigger()
    dlg = win.survey_dialog_opened
    assert isinstance(dlg, SurveyDialog) and dlg.db_path == str(tmp_path / "records.db")
    dlg.close()


def test_survey_dialog_is_translated(qapp, qtbot, tmp_path, monkeypatch):
    from ui import i18n

    monkeypatch.setenv("CONSERVATOR_CACHE_DIR", str(tmp_path / "cache"))
    try:
        assert i18n.install_language(qapp, "fa")
        dlg = SurveyDialog(str(tmp_path / "r.db"))
        qtbot.addWidget(dlg)
        assert dlg.windowTitle() == "بررسی مجموعه"
        assert dlg.start_button.text() == "شروع"
        i18n.install_language(qapp, "ru")
        qtbot.waitUntil(lambda: dlg.windowTitle() == "Обследование фонда")
    finally:
        i18n.install_language(qapp, "en")
