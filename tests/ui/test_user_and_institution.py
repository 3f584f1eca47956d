"""The user's name is asked on first use and names every change; the institution is a setting
of the records database, edited in Preferences."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QSettings

from conservator.storage import open_db
from tests.ui._scans import (
    fake_analyze,
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    write_scan,
)
from ui.prefs import Preferences, PreferencesDialog, UserNameDialog

#: Every test here must leave no worker thread running.
pytestmark = pytest.mark.usefixtures("no_leaked_threads")


@pytest.fixture
def win(qtbot, tmp_path):
    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000, dpi=254)
    w = make_window(qtbot, tmp_path, analyze=fake_analyze())
    w.prefs.user_name = ""  # a first start: nobody named yet
    w.ask_item = lambda _w: ("INV-U", "Letter, 1920")
    w.open_scan(path)
    with qtbot.waitSignal(w.runner.finished, timeout=10000):
        w.analyse(ask=False)
    yield w
    w.shutdown()


def test_first_save_asks_the_name_once_and_records_it(win, tmp_path):
    asked = []
    win.ask_user_name = lambda: asked.append(1) or "  M. Rahimi "
    assert win.save_to_records(), win.errors
    assert asked == [1] and win.prefs.user_name == "M. Rahimi"
    store = open_db(tmp_path / "records.db")
    check = store.get_check(win.record.check_id)
    assert check["checker"] == "M. Rahimi"  # "Checked by", never "unknown"
    actors = {e["actor"] for e in store.audit_history(check_id=check["id"])}
    assert actors == {"M. Rahimi"}
    store.close()
    win.findings.set_status([win.findings.items[0].uid], "accepted")
    assert win.save_to_records()
    assert asked == [1]  # asked once


def test_refusing_the_name_writes_nothing(win, tmp_path):
    win.ask_user_name = lambda: None
    assert not win.save_to_records()
    assert win.record is None and not win.errors
    store = open_db(tmp_path / "records.db")
    assert store.list_items() == []
    store.close()


def test_the_name_dialog_needs_a_name(qtbot):
    dlg = UserNameDialog()
    qtbot.addWidget(dlg)
    assert not dlg.ok.isEnabled()
    dlg.edit.setText("   ")
    assert not dlg.ok.isEnabled()
    dlg.edit.setText(" A. Bekova ")
    assert dlg.ok.isEnabled() and dlg.name() == "A. Bekova"


def test_institution_is_saved_in_the_database_for_the_cli_and_pdf(qtbot, tmp_path):
    prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.IniFormat))
    prefs.database = str(tmp_path / "records.db")
    prefs.user_name = "A. Bekova"
    store = open_db(prefs.database)
    logo = tmp_path / "logo.png"
    Image.fromarray(np.full((20, 40, 3), 90, np.uint8)).save(logo)
    dlg = PreferencesDialog(prefs, store=store)
    qtbot.addWidget(dlg)
    assert dlg.institution_edit.text() == ""
    dlg.institution_edit.setText("Central State Archive of Kazakhstan")
    dlg.address_edit.setPlainText("Almaty, Abylai Khan 39")
    dlg.logo_edit.setText(str(logo))
    dlg.accept()
    assert store.institution() == {
        "name": "Central State Archive of Kazakhstan",
        "address": "Almaty, Abylai Khan 39",
        "logo_path": str(logo.resolve()),
    }
    changes = [e for e in store.audit_history() if e["table"] == "setting"]
    assert changes and all(e["actor"] == "A. Bekova" for e in changes)
    again = PreferencesDialog(prefs, store=store)  # shows what is stored
    qtbot.addWidget(again)
    assert again.institution_edit.text() == "Central State Archive of Kazakhstan"
    assert again.logo_edit.text() == str(logo.resolve())
    store.close()


def test_a_missing_logo_keeps_the_dialog_open_with_a_plain_error(qtbot, tmp_path, monkeypatch):
    import ui.errors

    errors = []
    monkeypatch.setattr(ui.errors, "dialog_hook", lambda parent, exc: errors.append(exc))
    prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.IniFormat))
    prefs.database = str(tmp_path / "records.db")
    store = open_db(prefs.database)
    dlg = PreferencesDialog(prefs, store=store)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.institution_edit.setText("Archive")
    dlg.logo_edit.setText(str(tmp_path / "missing.png"))
    dlg.accept()
    assert dlg.isVisible() and "logo file does not exist" in errors[-1].one_line()
    store.close()


def test_a_check_started_in_the_browser_is_checked_by_the_user(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    store = win.records_store()
    store.add_item("INV-B", "Map")
    browser = win.records_browser
    browser.refresh()
    check_id = browser.new_check()  # no question: the name is in Preferences
    assert store.get_check(check_id)["checker"] == "T. Examiner"
    win.prefs.user_name = ""
    win.ask_user_name = lambda: "M. Rahimi"  # first use: asked once, then remembered
    second = browser.new_check()
    assert store.get_check(second)["checker"] == "M. Rahimi"
    assert win.prefs.user_name == "M. Rahimi"
    assert store.audit_history(check_id=second)[0]["actor"] == "M. Rahimi"
