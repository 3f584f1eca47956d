"""About and Export dialogs: what the user sees and the files they get."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PySide6.QtCore import QThreadPool

from conservator import __version__
from conservator.storage import open_db
from ui.dialogs import AboutDialog, ExportDialog
from ui.dialogs.export import safe_basename


@pytest.fixture
def store(tmp_path):
    s = open_db(tmp_path / "records.db")
    s.add_item("MS-12/3", "Қолжазба, 1890", object_type="manuscript")
    cid = s.create_check("MS-12/3", checker="A. Bek", reason_code="loan", ref_no="CC-2026-0007")
    obs = s.add_observation(cid, "foxing", severity=2, note="пятна, 12 шт.", area_mm2=14.25)
    s.add_region(obs, xywh=(10, 20, 30, 40))
    s.update_check(cid, grade="fair", summary="Stable; light foxing.")
    yield s
    s.close()


def _cid(store):
    return store.list_checks("MS-12/3")[0]["id"]


@pytest.fixture(autouse=True)
def _no_threads_left():
    yield
    assert QThreadPool.globalInstance().waitForDone(10_000)


def test_about_shows_version_and_licences(qtbot):
    dlg = AboutDialog()
    qtbot.addWidget(dlg)
    assert __version__ in dlg.title.text()
    assert "GPL-3.0-or-later" in dlg.title.text()
    names = [dlg.libraries.item(r, 0).text() for r in range(dlg.libraries.rowCount())]
    assert {"PySide6-Essentials", "reportlab", "python-bidi"} <= set(names)
    row = names.index("python-bidi")
    assert dlg.libraries.item(row, 2).text() == "LGPL-3.0-only"
    assert dlg.libraries.item(names.index("numpy"), 1).text()[0].isdigit()
    assert dlg.fonts.item(1, 0).text() == "Vazirmatn"
    dlg.fonts.setCurrentCell(1, 0)
    assert "SIL OPEN FONT LICENSE" in dlg.licence_text.toPlainText().upper()


def test_safe_basename_keeps_any_script():
    assert safe_basename("CC-2026/0007") == "CC-2026_0007"
    assert safe_basename("Қолжазба 1890") == "Қолжазба_1890"
    assert safe_basename("   ") == "check"


def test_export_json_csv_w3c_in_background(qtbot, tmp_path, store):
    out = tmp_path / "out"
    dlg = ExportDialog(store, _cid(store), out_dir=str(out))
    qtbot.addWidget(dlg)
    opened = []
    dlg.opener = opened.append
    assert dlg.name_edit.text() == "CC-2026-0007"
    dlg.format_boxes["pdf"].setChecked(False)
    assert not dlg.lang_combo.isEnabled()
    for fmt in ("json", "csv", "w3c"):
        dlg.format_boxes[fmt].setChecked(True)
    with qtbot.waitSignal(dlg.exported, timeout=10_000) as sig:
        dlg.start_export()
    paths = sig.args[0]
    assert [p.rsplit(".", 1)[-1] for p in paths] == ["json", "csv", "jsonld"]
    data = json.loads((out / "CC-2026-0007.json").read_text("utf-8"))
    assert data["item"]["title"] == "Қолжазба, 1890"
    rows = list(csv.reader(io.StringIO((out / "CC-2026-0007.csv").read_text("utf-8-sig"))))
    assert "пятна, 12 шт." in rows[1]
    page = json.loads((out / "CC-2026-0007.annotations.jsonld").read_text("utf-8"))
    assert page["type"] == "AnnotationPage"
    assert opened == [paths[0]]
    logged = store.conn.execute("SELECT format FROM report_export ORDER BY id").fetchall()
    assert [r[0] for r in logged] == ["json", "csv", "annotations"]
    assert not list(out.glob(".*.part"))


def test_export_pdf_in_two_languages(qtbot, tmp_path, store):
    pytest.importorskip("conservator.report.pdf")
    import shutil
    import subprocess

    out = tmp_path / "out"
    dlg = ExportDialog(store, _cid(store), out_dir=str(out))
    qtbot.addWidget(dlg)
    dlg.opener = lambda path: None
    dlg.lang_combo.setCurrentIndex(dlg.lang_combo.findData("ru"))
    dlg.second_combo.setCurrentIndex(dlg.second_combo.findData("en"))
    with qtbot.waitSignal(dlg.exported, timeout=60_000) as sig:
        dlg.start_export()
    pdf = sig.args[0][0]
    assert pdf.endswith(".pdf")
    with open(pdf, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        assert "MS-12/3" in text and "Қолжазба" in text
    fmt, lang, second = store.conn.execute(
        "SELECT format, lang, second_lang FROM report_export"
    ).fetchone()
    assert (fmt, lang, second) == ("pdf", "ru", "en")


def test_export_without_a_format_says_so(qtbot, tmp_path, monkeypatch, store):
    import ui.errors

    shown = []
    monkeypatch.setattr(ui.errors, "dialog_hook", lambda parent, exc: shown.append(exc))
    dlg = ExportDialog(store, _cid(store), out_dir=str(tmp_path))
    qtbot.addWidget(dlg)
    dlg.format_boxes["pdf"].setChecked(False)
    dlg.start_export()  # nobody listens to ``failed``: the dialog shows the error itself
    assert "choose at least one format" in str(shown[0])
    with qtbot.waitSignal(dlg.failed) as sig:  # somebody listens: they show it, not the dialog
        dlg.start_export()
    assert "choose at least one format" in str(sig.args[0]) and len(shown) == 1


def test_export_into_an_unwritable_place_is_a_clear_error(qtbot, tmp_path, monkeypatch, store):
    import ui.errors

    shown = []
    monkeypatch.setattr(ui.errors, "dialog_hook", lambda parent, exc: shown.append(exc))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    dlg = ExportDialog(store, _cid(store), out_dir=str(blocker / "sub"))
    qtbot.addWidget(dlg)
    dlg.format_boxes["pdf"].setChecked(False)
    dlg.format_boxes["json"].setChecked(True)
    with qtbot.waitSignal(dlg.failed, timeout=10_000) as sig:
        dlg.start_export()
    assert "export folder" in sig.args[0].one_line()
    assert not shown
    assert dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()


def test_export_folder_is_remembered(qtbot, tmp_path, store):
    from PySide6.QtCore import QSettings

    from ui.prefs import Preferences

    prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.IniFormat))
    dlg = ExportDialog(store, _cid(store), prefs=prefs)
    qtbot.addWidget(dlg)
    dlg.opener = lambda path: None
    dlg.folder_edit.setText(str(tmp_path / "exports"))
    dlg.format_boxes["pdf"].setChecked(False)
    dlg.format_boxes["json"].setChecked(True)
    with qtbot.waitSignal(dlg.exported, timeout=10_000):
        dlg.start_export()
    again = ExportDialog(store, _cid(store), prefs=prefs)
    qtbot.addWidget(again)
    assert again.folder_edit.text() == str(tmp_path / "exports")


def test_every_action_icon_renders(qtbot):
    from ui.icons import APP_ICON_SIZES, app_icon, icon, resources_dir

    names = [
        "open", "save", "undo", "redo", "zoom-in", "zoom-out", "zoom-fit", "zoom-100",
        "analyse", "cancel", "rectangle", "polygon", "brush", "finalize", "new-version",
        "export", "accept", "reject", "search", "preferences", "about",
    ]  # fmt: skip
    for name in names:
        image = icon(name).pixmap(32, 32).toImage()
        assert not image.isNull(), name
        opaque = sum(
            1 for y in range(0, 32, 2) for x in range(0, 32, 2) if image.pixelColor(x, y).alpha()
        )
        assert opaque > 10, f"icon {name} is blank"
    assert icon("no-such-icon").isNull()
    for size in APP_ICON_SIZES:
        assert (resources_dir() / "icons" / "app" / f"conservator-{size}.png").exists()
    assert app_icon().pixmap(256, 256).width() == 256


def test_about_copies_version_details_for_a_bug_report(qtbot):
    from PySide6.QtGui import QGuiApplication

    dlg = AboutDialog()
    qtbot.addWidget(dlg)
    dlg.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.startswith(f"Conservator {__version__}")
    assert "reportlab" in text
