"""Languages: compiled on demand, Persian flips the layout, translated strings appear."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from ui import i18n
from ui.prefs import Preferences, PreferencesDialog


@pytest.fixture
def fresh_cache(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("CONSERVATOR_CACHE_DIR", str(tmp_path / "cache"))
    yield tmp_path / "cache"
    i18n.install_language(qapp, "en")


def test_every_language_has_a_translation_file():
    for lang in ("ru", "kk", "fa"):
        assert (i18n.translations_dir() / f"conservator_{lang}.ts").exists()


def test_ts_compiles_into_the_cache_once(fresh_cache):
    qm = i18n.qm_path("ru")
    assert qm is not None and qm.exists() and qm.stat().st_size > 0
    beside = i18n.translations_dir() / "conservator_ru.qm"
    if not beside.exists():
        assert qm.parent == fresh_cache / "translations"
    mtime = qm.stat().st_mtime_ns
    assert i18n.qm_path("ru") == qm and qm.stat().st_mtime_ns == mtime  # not rebuilt


def test_persian_flips_layout_and_translates(qapp, qtbot, fresh_cache, tmp_path):
    from PySide6.QtCore import QSettings

    assert i18n.install_language(qapp, "fa")
    assert i18n.current_language() == "fa"
    assert qapp.layoutDirection() == Qt.RightToLeft
    assert QCoreApplication.translate("PreferencesDialog", "Preferences") == "تنظیمات"
    dlg = PreferencesDialog(Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.IniFormat)))
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "تنظیمات"
    assert dlg.isRightToLeft()
    assert dlg.tabs.tabText(0) == "عمومی"

    assert i18n.install_language(qapp, "en")
    assert qapp.layoutDirection() == Qt.LeftToRight
    # open widgets retranslate themselves on the (posted) LanguageChange event
    qtbot.waitUntil(lambda: dlg.windowTitle() == "Preferences")
    assert dlg.tabs.tabText(0) == "General"
    assert not dlg.isRightToLeft()


def test_switching_between_translations(qapp, fresh_cache):
    i18n.install_language(qapp, "ru")
    assert QCoreApplication.translate("PreferencesDialog", "Preferences") == "Настройки"
    i18n.install_language(qapp, "kk")
    assert QCoreApplication.translate("PreferencesDialog", "Preferences") == "Баптаулар"
    assert qapp.layoutDirection() == Qt.LeftToRight


def test_unknown_language_falls_back_to_english(qapp, fresh_cache):
    assert i18n.normalize_language("de_DE") == "en"
    assert i18n.normalize_language("fa-IR") == "fa"
    i18n.install_language(qapp, "de")
    assert i18n.current_language() == "en"
    assert QCoreApplication.translate("PreferencesDialog", "Preferences") == "Preferences"


def test_missing_lrelease_keeps_english(qapp, fresh_cache, monkeypatch):
    monkeypatch.setattr(i18n, "lrelease_command", lambda: None)
    monkeypatch.setattr(i18n, "translations_dir", lambda: fresh_cache / "nowhere")
    assert i18n.install_language(qapp, "fa") is False
    assert qapp.layoutDirection() == Qt.RightToLeft  # direction still follows the language


def test_plurals_in_english_and_russian(qapp, qtbot, fresh_cache):
    from tests.ui.records_fake import FakeStore
    from ui.records import RecordsBrowser

    i18n.install_language(qapp, "en")
    browser = RecordsBrowser(FakeStore())
    qtbot.addWidget(browser)
    assert browser.count_label.text() == "2 items"
    assert browser.history_label.text() == "History of MS-1: 2 checks"
    i18n.install_language(qapp, "ru")
    qtbot.waitUntil(lambda: browser.count_label.text() == "2 единицы хранения")
    assert browser.history_label.text() == "История MS-1: 2 осмотра"


def test_report_editor_in_persian_is_right_to_left(qapp, qtbot, fresh_cache):
    from tests.ui.records_fake import FakeStore
    from ui.records import ReportEditor

    editor = ReportEditor(FakeStore())
    qtbot.addWidget(editor)
    editor.load_check(11)
    i18n.install_language(qapp, "fa")
    qtbot.waitUntil(lambda: editor.check_box.title() == "بررسی وضعیت")
    assert editor.isRightToLeft()
    assert editor.labels["check.grade_code"].text() == "وضعیت کلی:"
    # vocabulary combos follow the language too, and keep the chosen value
    assert editor.combos["grade_code"].currentText() == "ضعیف"
    assert editor.combos["grade_code"].currentData() == "poor"
    assert not editor.dirty  # retranslating is not an edit


def test_persian_dates_are_solar_hijri_but_stored_gregorian(qapp, qtbot, fresh_cache):
    from PySide6.QtCore import QDate

    from tests.ui.records_fake import FakeStore
    from ui.records import ReportEditor

    store = FakeStore()
    editor = ReportEditor(store)
    qtbot.addWidget(editor)
    editor.load_check(11)
    i18n.install_language(qapp, "fa")
    qtbot.waitUntil(lambda: editor.check_box.title() == "بررسی وضعیت")
    editor.check_date.setDate(QDate(2026, 11, 29))
    assert editor.check_date.text() == "۱۴۰۵/۰۹/۰۸"  # 8 Azar 1405
    assert editor.save()
    assert store.checks[11]["check_date"] == "2026-11-29"
    i18n.install_language(qapp, "en")
    qtbot.waitUntil(lambda: editor.check_date.text() == "2026-11-29")


def test_shipped_qm_is_used_when_it_cannot_be_rebuilt(qapp, fresh_cache, tmp_path, monkeypatch):
    import os
    import shutil

    from PySide6.QtCore import QCoreApplication

    shipped = tmp_path / "shipped"
    shipped.mkdir()
    ts = shipped / "conservator_fa.ts"
    shutil.copy(i18n.translations_dir() / "conservator_fa.ts", ts)
    assert i18n.compile_ts(ts, ts.with_suffix(".qm"))
    later = ts.stat().st_mtime + 10
    os.utime(ts, (later, later))  # the .ts looks newer than the shipped .qm
    monkeypatch.setattr(i18n, "translations_dir", lambda: shipped)
    monkeypatch.setattr(i18n, "lrelease_command", lambda: None)
    assert i18n.qm_path("fa") == ts.with_suffix(".qm")
    assert i18n.install_language(qapp, "fa")
    assert QCoreApplication.translate("PreferencesDialog", "Preferences") == "تنظیمات"


def test_areas_use_the_languages_digits(qapp, fresh_cache, tmp_path):
    from PySide6.QtCore import QSettings

    prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.IniFormat))
    i18n.install_language(qapp, "fa")
    assert prefs.format_area(12.5) == "۱۲٫۵ میلی\u200cمتر مربع"  # units in Persian too
    i18n.install_language(qapp, "kk")
    assert prefs.format_length(3.25, 1) == "3,2 мм" or prefs.format_length(3.25, 1) == "3,3 мм"
    i18n.install_language(qapp, "ru")
    assert prefs.format_area(12.5) == "12,5 мм²"
    i18n.install_language(qapp, "en")
    assert prefs.format_area(1234.5) == "1,234.5 mm²"


def test_persian_uses_the_bundled_persian_font(qapp, fresh_cache):
    before = qapp.font().family()
    i18n.install_language(qapp, "fa")
    assert qapp.font().families()[0] == "Vazirmatn"
    i18n.install_language(qapp, "en")
    assert qapp.font().family() == before


def test_editor_created_in_persian_shows_year_first_dates(qapp, qtbot, fresh_cache):
    from PySide6.QtCore import QDate

    from tests.ui.records_fake import FakeStore
    from ui.records import ReportEditor

    i18n.install_language(qapp, "fa")
    editor = ReportEditor(FakeStore())
    qtbot.addWidget(editor)
    editor.load_check(11)
    editor.check_date.setDate(QDate(2026, 11, 20))
    assert editor.check_date.text() == "۱۴۰۵/۰۸/۲۹"  # not mirrored into 29/08/1405


def test_main_window_menus_are_translated(qapp, fresh_cache):
    # MainWindow.retranslate calls ``t = self.tr; t("&File")``, which lupdate cannot see; its
    # entries were added to the .ts by hand. If this fails after an lupdate run, write
    # ``self.tr("...")`` there instead of the alias and run lupdate again.
    i18n.install_language(qapp, "fa")
    assert QCoreApplication.translate("MainWindow", "&File") == "&پرونده"
    i18n.install_language(qapp, "ru")
    assert QCoreApplication.translate("MainWindow", "&Open Scan…") == "&Открыть скан…"
