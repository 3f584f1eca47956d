"""Every visible string is translated: the catalogues, the screens themselves, the report labels.

Three checks, each listing what is left untranslated per language (so a failure is a to-do
list, not a single string):

a. catalogues: ``pyside6-lupdate`` re-extracts every string of ``ui/`` into copies of the
   ``.ts`` files; each message must have a translation in ru, kk and fa (every plural form,
   and the plurals must work at run time: "1 item" must not stay English in Kazakh);
b. screens: the main window with a scan, findings and records is opened in each language and
   every dock, dialog and menu a user reaches (records browser, report editor, analysis dialog
   with Advanced, preferences, shortcut sheet, about, export, history) is walked; a visible
   text with an English word left in it fails (proper nouns, file formats and key names are
   allowed, see ``ALLOWED``);
c. label files: ``resources/i18n/*.json`` (report, survey, detector parameters, locale
   conventions) have every key in every language.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from conservator.resources import resources_dir
from tests.ui._scans import fake_analyze, make_window, write_scan
from ui import i18n

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("ru", "kk", "fa")

#: Latin words that stay as they are in every language: the program's and formats' names,
#: colour science symbols, key names on the keyboard.
ALLOWED = {
    # names
    "Conservator", "Qt", "PySide", "PySide6", "Noto", "Sans", "Vazirmatn", "SQLite", "Getty", "AAT",
    "UTC", "Unicode", "OFL", "GPL", "MIT", "BSD", "LGPL", "Apache", "CLI",
    # file formats and standards
    "PDF", "JSON", "CSV", "TIFF", "TIF", "PNG", "JPEG", "JPG", "W3C", "ICC", "SHA", "RGB",
    "sRGB", "CIELAB", "Lab", "XMP", "ISO", "A4", "A3", "Letter", "UV", "IR", "Python",
    # each language is named in its own language in the language lists
    "English",
    # colour difference symbols (ΔE00 is read "delta E 2000" everywhere)
    "E00", "E76", "dE00", "L", "a", "b",
    # keys
    "Ctrl", "Shift", "Alt", "Meta", "Del", "Delete", "Esc", "Space", "PgUp", "PgDown", "Home",
    "End", "Tab", "Backspace", "Return", "Enter", "Ins", "Up", "Down", "Left", "Right",
    "F1", "F2", "F11",
}  # fmt: skip
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]+")


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The Latin words of ``text`` that are neither allowed names nor user data."""
    text = re.sub(r"<code>.*?</code>", " ", text, flags=re.S)  # paths, printed as they are
    text = re.sub(r"<[^>]+>", " ", text)  # rich-text tags of labels
    text = re.sub(r"\b[A-Z]+-[\d.]+(-or-later|-only)?", " ", text)  # licence ids (SPDX)
    text = re.sub(r"\b[0-9a-f]{8,}\b|\b\d[\w.]*", " ", text)  # hashes, versions, numbers
    text = re.sub(r"\{\d+\}|%L?[ns0-9]+|&(?=\w)", "", text)  # placeholders and mnemonics
    return [w for w in _LATIN_WORD.findall(text) if w not in ALLOWED and w not in allowed]


# --- a. catalogues -------------------------------------------------------------------------------


def _lupdate() -> str | None:
    import PySide6

    exe = Path(PySide6.__file__).resolve().parent / "lupdate"
    return str(exe) if exe.exists() else shutil.which("pyside6-lupdate")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """Copies of the shipped .ts files, re-extracted from the current ``ui/`` sources."""
    exe = _lupdate()
    if exe is None:
        pytest.skip("pyside6-lupdate is not installed")
    out = tmp_path_factory.mktemp("ts")
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    for lang in LANGS:
        shutil.copy(i18n.translations_dir() / f"conservator_{lang}.ts", out)
    subprocess.run(
        [exe, *sources, "-locations", "none", "-no-obsolete", "-silent", "-ts"]
        + [str(out / f"conservator_{lang}.ts") for lang in LANGS],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


def untranslated_messages(ts: Path) -> list[str]:
    """``context: source`` of every message of ``ts`` without a (complete) translation, or
    whose translation is the English source itself."""
    missing = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            source = msg.findtext("source") or ""
            tr = msg.find("translation")
            if tr.get("type") in ("vanished", "obsolete"):
                continue
            forms = (
                [f.text for f in tr.iter("numerusform")]
                if msg.get("numerus") == "yes"
                else [tr.text]
            )
            if not forms or not all((f or "").strip() for f in forms):
                missing.append(f"{name}: {source}")
            elif any(english_words(f, set()) and f == source for f in forms):
                missing.append(f"{name}: {source} (left in English)")
    return missing


@pytest.mark.parametrize("lang", LANGS)
def test_every_string_of_the_interface_is_in_the_catalogue_and_translated(extracted, lang):
    missing = untranslated_messages(extracted / f"conservator_{lang}.ts")
    assert not missing, f"{len(missing)} untranslated in {lang}:\n" + "\n".join(missing)


def _numerus_messages() -> list[tuple[str, str]]:
    root = ET.parse(i18n.translations_dir() / "conservator_en.ts").getroot()
    return [
        (ctx.findtext("name"), msg.findtext("source"))
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
        if msg.get("numerus") == "yes"
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_plurals_are_translated_for_every_count(qapp, tmp_path, monkeypatch, lang):
    monkeypatch.setenv("CONSERVATOR_CACHE_DIR", str(tmp_path / "cache"))
    qm = i18n.qm_path(lang)
    tr = QTranslator()
    assert qm is not None and tr.load(str(qm))
    wrong = []
    for ctx, source in _numerus_messages():
        for n in (0, 1, 2, 3, 5, 11, 21, 22, 101):
            text = tr.translate(ctx, source, "", n)
            if not text or "(s)" in text or english_words(text, set()):
                wrong.append(f"{ctx}: {source} [n={n}] → {text!r}")
    assert not wrong, f"{len(wrong)} plural forms wrong in {lang}:\n" + "\n".join(wrong)


def test_kazakh_plurals_read_naturally(qapp, tmp_path, monkeypatch):
    """Kazakh keeps the noun singular after a number ("1 тексеру", "5 тексеру"); Persian counts
    in Persian digits."""
    monkeypatch.setenv("CONSERVATOR_CACHE_DIR", str(tmp_path / "cache"))
    try:
        i18n.install_language(qapp, "kk")
        one = QCoreApplication.translate("RecordsBrowser", "%n item(s)", "", 1)
        five = QCoreApplication.translate("RecordsBrowser", "%n item(s)", "", 5)
        assert one == "1 сақтау бірлігі" and five == "5 сақтау бірлігі"
        i18n.install_language(qapp, "fa")
        assert QCoreApplication.translate("RecordsBrowser", "%n item(s)", "", 12) == "۱۲ مورد"
    finally:
        i18n.install_language(qapp, "en")


# --- b. screens ----------------------------------------------------------------------------------


def _model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    from PySide6.QtCore import QModelIndex

    texts = []
    root = view.rootIndex() if view.rootIndex().isValid() else QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model (QListWidget): one column
        columns = 1
    for i in range(columns):  # column headers
        value = model.headerData(i, Qt.Horizontal, Qt.DisplayRole)
        if value:
            texts.append(str(value))
    if view.objectName() == "historyTable":
        # the audit trail's old and new values are printed as stored (what `conservator audit`
        # prints too): time, who, table, row and the field's name are interface text
        columns = min(columns, 5)
    for row in range(min(model.rowCount(root), 60)):  # cells: states, classes, actions …
        for col in range(columns):
            value = model.index(row, col, root).data(Qt.DisplayRole)
            if isinstance(value, str) and value:
                texts.append(value)
    return texts


def widget_texts(root: QWidget) -> list[tuple[str, str]]:
    """``(where, text)`` of every text a user can read in ``root`` and its children: labels,
    buttons, group titles, tabs, combo entries, headers, cells, placeholders, spin box values,
    tooltips (but a detector parameter's own name, which the CLI uses too), window titles."""
    out: list[tuple[str, str]] = []

    def add(w, text):
        if text and str(text).strip():
            out.append((f"{type(w).__name__}:{w.objectName()}", str(text)))

    for w in [root, *root.findChildren(QWidget)]:
        if w.objectName().startswith("qt_") and not isinstance(w, QTabBar):
            continue  # Qt's own scroll areas, calendar internals
        if w.isWindow():
            add(w, w.windowTitle())
        tip = w.toolTip()
        if tip and not re.match(r"^[a-z0-9_]+(: |$)", tip):  # a parameter's own name: as in the CLI
            add(w, tip)
        if isinstance(w, QLabel):
            add(w, w.text())
        elif isinstance(w, QAbstractButton):
            add(w, w.text())
        elif isinstance(w, QGroupBox):
            add(w, w.title())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w, w.tabText(i))
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, w.itemText(i))
        elif isinstance(w, QDockWidget):
            add(w, w.windowTitle())
        elif isinstance(w, QLineEdit):
            add(w, w.placeholderText())
        elif isinstance(w, QAbstractSpinBox):
            add(w, w.text())  # value with its unit suffix ("3,00 мм")
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            add(w, w.placeholderText())
        elif isinstance(w, QMenu):
            add(w, w.title())
            for act in w.actions():
                add(w, act.text())
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
            for text in _model_texts(w):
                add(w, text)
    return out


def menu_texts(win) -> list[tuple[str, str]]:
    out = []

    def visit(menu, where):
        out.append((where, menu.title()))
        for act in menu.actions():
            if act.menu() is not None:
                visit(act.menu(), where + "›" + act.text())
            elif not act.isSeparator():
                out.append((where, act.text()))
                if act.statusTip():
                    out.append((where, act.statusTip()))

    for act in win.menuBar().actions():
        if act.menu() is not None:
            visit(act.menu(), act.text())
    for bar in win.findChildren(QWidget):
        if type(bar).__name__ == "QToolBar":
            out.append(("toolbar", bar.windowTitle()))
            for act in bar.actions():
                if act.text() and not act.isSeparator():
                    out.append(("toolbar", act.text()))
    return out


#: User data of the walk (the scan's file name, the item, the examiner): printed as typed.
USER_DATA = {"scan", "tif", "INV", "Examiner", "CC"}


@pytest.fixture(scope="module")
def walked(qapp, tmp_path_factory):
    """The texts of every screen, per language: ``{lang: [(screen, where, text), ...]}``."""
    import os

    tmp = tmp_path_factory.mktemp("walk")
    os.environ["CONSERVATOR_CACHE_DIR"] = str(tmp / "cache")

    class _Bot:  # make_window only needs addWidget
        def addWidget(self, w):  # noqa: N802
            pass

    from ui.analysis.panel import AnalysisParamsDialog
    from ui.dialogs import AboutDialog, ExportDialog
    from ui.dialogs.shortcuts import ShortcutSheet
    from ui.prefs import Preferences, PreferencesDialog, detector_defaults
    from ui.records import api
    from ui.records.history import HistoryDialog

    path = tmp / "scan.tif"
    write_scan(path, h=1400, w=1000, dpi=254)
    win = make_window(_Bot(), tmp, analyze=fake_analyze())
    win.ask_item = lambda _w: ("INV-7", "Письмо губернатору, 1894")
    win.open_scan(path)
    done = []
    win.runner.finished.connect(lambda *a: done.append(1))
    win.analyse(ask=False)
    _wait(lambda: done)
    assert win.save_to_records(), win.errors
    win.records_dock.show()
    win.records_browser.refresh()
    _settle()
    result: dict[str, list] = {}
    try:
        for lang in LANGS:
            i18n.install_language(qapp, lang)
            _settle()
            texts = [("window", *t) for t in widget_texts(win)]
            texts += [("menus", *t) for t in menu_texts(win)]
            texts.append(("window", "status bar", win.statusBar().currentMessage()))
            defaults = detector_defaults()
            screens = {
                "analysis": AnalysisParamsDialog(defaults, {}, list(defaults), win),
                "preferences": PreferencesDialog(
                    Preferences(QSettings(str(tmp / f"p-{lang}.ini"), QSettings.IniFormat)),
                    win,
                ),
                "shortcuts": ShortcutSheet(win),
                "about": AboutDialog(win),
                "history": HistoryDialog(
                    "—", api.history(win.records_store(), check_id=win.report_editor.check_id), win
                ),
            }
            # the review helper's screens: batch review, export confirmation, user guide
            from ui.analysis.batch import BatchDialog
            from ui.dialogs.export import ExportDoneDialog
            from ui.dialogs.guide import GuideDialog

            screens["batch"] = BatchDialog(win.findings, win.panel.selected_uids(), win)
            screens["export-done"] = ExportDoneDialog(
                [str(tmp / "report.pdf")], win, opener=lambda *a: True, revealer=lambda *a: True
            )
            screens["guide"] = GuideDialog(win, lang)
            if win.report_editor is not None and win.report_editor.check_id is not None:
                screens["export"] = ExportDialog(
                    win.records_store(), win.report_editor.check_id, win, out_dir=str(tmp)
                )
            for name, dlg in screens.items():
                advanced = getattr(dlg, "advanced", None)
                if hasattr(advanced, "setChecked"):
                    advanced.setChecked(True)  # the Advanced section open
                dlg.show()
                _settle()
                found = widget_texts(dlg)
                if name == "about":  # library, font and licence names are proper nouns
                    found = [t for t in found if not t[0].startswith("QTableWidget")]
                texts += [(name, *t) for t in found]
                dlg.close()
                dlg.setParent(None)
                dlg.deleteLater()
            result[lang] = texts
    finally:
        i18n.install_language(qapp, "en")
        win.undo.setClean()
        win.shutdown()
        win.close()
        from ui.records.api import close_shared_stores

        close_shared_stores()
    return result


def _settle(seconds: float = 0.2) -> None:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def _wait(cond, timeout: float = 10.0) -> None:
    import time

    end = time.monotonic() + timeout
    while not cond() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    assert cond(), "timed out"


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_is_left_on_any_screen(walked, lang):
    left = sorted(
        {
            f"{screen} {where}: {english_words(text, USER_DATA)} in {text!r}"
            for screen, where, text in walked[lang]
            if english_words(text, USER_DATA)
        }
    )
    assert not left, f"{len(left)} English texts in {lang}:\n" + "\n".join(left)


def test_the_walk_saw_every_screen(walked):
    screens = {s for s, _w, _t in walked["ru"]}
    assert {"window", "menus", "analysis", "preferences", "shortcuts", "about", "export"} <= (
        screens
    ), screens
    assert {"history", "batch", "export-done", "guide"} <= screens
    # the Advanced section of the analysis dialog was open: its parameter labels were read
    labels = [t for s, _w, t in walked["ru"] if s == "analysis"]
    assert any("шум бумаги" in t for t in labels), labels[:20]
    # the records browser was open: its count is a Kazakh plural, not "1 item"
    assert any(t == "1 сақтау бірлігі" for s, _w, t in walked["kk"]), "records browser not seen"


def test_persian_screens_show_solar_hijri_dates_in_persian_digits(walked):
    """The badge, the tables and the form agree: no Gregorian ISO date on a Persian screen."""
    gregorian = [
        (s, w, t) for s, w, t in walked["fa"] if re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", t)
    ]
    assert not gregorian, gregorian
    years = [t for s, _w, t in walked["fa"] if re.search("۱۴۰[0-9۰-۹]/", t)]
    assert years, "no Solar Hijri date seen"


def test_decimal_comma_and_list_separator_on_russian_screens(walked):
    """ru/kk numbers use the decimal comma; no "1.5 мм" and no comma-separated decimals."""
    bad = [(s, w, t) for s, w, t in walked["ru"] if re.search(r"\d\.\d+\s?(мм|пикс)", t)]
    assert not bad, bad


# --- c. label files ------------------------------------------------------------------------------


def _keys(d: dict, prefix="") -> set[str]:
    keys = set()
    for k, v in d.items():
        if k.startswith("_"):
            continue
        keys.add(prefix + k)
        if isinstance(v, dict):
            keys |= _keys(v, prefix + k + ".")
    return keys


@pytest.mark.parametrize("kind", ["report", "survey"])
def test_label_files_have_every_key_in_every_language(kind):
    folder = resources_dir() / "i18n"
    en = _keys(json.loads((folder / f"{kind}.en.json").read_text(encoding="utf-8")))
    missing = {}
    for lang in LANGS:
        have = _keys(json.loads((folder / f"{kind}.{lang}.json").read_text(encoding="utf-8")))
        if en - have:
            missing[lang] = sorted(en - have)
    assert not missing, missing


def test_every_detector_parameter_has_a_label_in_every_language():
    from ui.prefs import detector_param_info

    labels = json.loads((resources_dir() / "i18n" / "detectors.json").read_text("utf-8"))
    missing = [
        f"{det}.{name}: {lang}"
        for det, name in detector_param_info()
        for lang in ("en", *LANGS)
        if not ((labels.get(det) or {}).get(name) or {}).get(lang)
    ]
    assert not missing, f"{len(missing)} labels missing:\n" + "\n".join(missing)


def test_locale_conventions_are_complete():
    table = json.loads((resources_dir() / "i18n" / "locale.json").read_text("utf-8"))
    en = _keys(table["en"])
    for lang in LANGS:
        assert en <= _keys(table[lang]), (lang, en - _keys(table[lang]))
        # with a decimal comma the list separator cannot be a comma
        conv = table[lang]
        assert conv["decimal"] not in conv["list_sep"], lang
    assert len(table["fa"]["jalali_months"]) == 12


def test_persian_final_badge_and_form_share_the_solar_hijri_calendar(qapp, qtbot, tmp_path):
    """The status badge of a signed check shows the same calendar as the date fields."""
    import os

    from tests.ui.records_fake import FakeStore
    from ui.records import ReportEditor

    os.environ["CONSERVATOR_CACHE_DIR"] = str(tmp_path / "cache")
    store = FakeStore()
    final = next(cid for cid, c in store.checks.items() if c["status"] == "final")
    try:
        i18n.install_language(qapp, "fa")
        editor = ReportEditor(store)
        qtbot.addWidget(editor)
        editor.load_check(final)
        text = editor.banner.text()  # the whole message (the label shows it elided)
        assert "۱۴۰۵/۰۸/۱۱" in text, text  # 2026-11-02 = 11 Aban 1405
        assert "2026" not in text
    finally:
        i18n.install_language(qapp, "en")
