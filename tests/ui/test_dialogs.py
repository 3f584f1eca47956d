"""About and Export dialogs: what the user sees and the files they get."""

from __future__ import annotations

import csv
import io
import json

import pytest
from PySide6.QtCore import QThreadPool

from conservator import __version__
from ui.dialogs import AboutDialog, ExportDialog
from ui.dialogs.export import findings_csv, safe_basename, w3c_annotations

REPORT = {
    "institution": {"name": "National Library", "address": "Almaty"},
    "item": {
        "inventory_no": "MS-12/3",
        "title": "Қолжазба, 1890",
        "object_type": "document",
        "date_text": "1890",
        "materials": "paper, iron-gall ink",
        "dimensions": "210 × 297 mm",
        "location": "Store 2",
    },
    "check": {"id": 7, "ref_no": "CC-2026-0007", "check_date": "2026-11-29", "status": "draft"},
    "capture": {
        "file_path": "/data/scan.tif",
        "sha256": "ab" * 32,
        "width_px": 2480,
        "height_px": 3508,
        "px_per_mm": 11.81,
        "illumination": "normal",
    },
    "observations": [
        {
            "id": 1,
            "damage_code": "foxing",
            "severity": 2,
            "location": "upper margin",
            "note": "пятна, 12 шт.",
            "source": "auto",
            "area_mm2": 14.25,
            "area_px": 1988,
            "pct_of_leaf": 0.02,
            "status": "accepted",
            "regions": [
                {
                    "selector_type": "xywh",
                    "selector_value": "xywh=10,20,30,40",
                    "bbox": [10, 20, 30, 40],
                    "area_px": 1200,
                    "area_mm2": 8.6,
                },
                {
                    "selector_type": "svg",
                    "selector_value": "<svg><polygon points='1,1 5,1 5,5'/></svg>",
                    "bbox": [1, 1, 4, 4],
                    "area_px": 8,
                    "area_mm2": 0.06,
                },
            ],
        },
        {
            "id": 2,
            "damage_code": "tear",
            "severity": 1,
            "location": "",
            "note": "",
            "source": "auto",
            "area_mm2": None,
            "area_px": 40,
            "pct_of_leaf": None,
            "status": "rejected",
            "regions": [{"selector_type": "mask", "selector_value": "", "bbox": [5, 5, 8, 2]}],
        },
    ],
    "measurements": {},
    "masks": {},
    "hazards": [],
    "recommendations": [],
    "treatment": None,
    "signatures": [],
    "vocab": {
        "damage": {
            "foxing": {
                "en": "foxing",
                "ru": "фоксинг",
                "kk": "фоксинг",
                "fa": "فاکسینگ",
                "aat": "300078853",
            },
            "tear": {"en": "tear", "ru": "разрыв", "kk": "жыртылу", "fa": "پارگی"},
        }
    },
}


class FakeStore:
    def __init__(self):
        self.exports = []

    def report_data(self, check_id):
        assert check_id == 7
        return json.loads(json.dumps(REPORT))

    def record_export(self, check_id, path, *, format, lang=None, second_lang=None):
        self.exports.append((check_id, path, format))


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


def test_csv_lists_every_finding_with_labels_in_the_language():
    rows = list(csv.DictReader(io.StringIO(findings_csv(REPORT, "ru"))))
    assert [r["damage"] for r in rows] == ["фоксинг", "разрыв"]
    assert rows[0]["area_mm2"] == "14.25" and rows[1]["area_mm2"] == ""
    assert rows[1]["status"] == "rejected"
    assert rows[0]["bbox_w"] == "30"


def test_w3c_annotations_are_a_page_of_tagged_regions():
    page = w3c_annotations(REPORT, "en")
    assert page["type"] == "AnnotationPage"
    assert page["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert len(page["items"]) == 2  # the rejected tear is left out
    first, second = page["items"]
    assert first["motivation"] == "tagging"
    assert first["target"]["source"] == "urn:sha256:" + "ab" * 32
    assert first["target"]["selector"] == {
        "type": "FragmentSelector",
        "conformsTo": "http://www.w3.org/TR/media-frags/",
        "value": "xywh=10,20,30,40",
    }
    assert second["target"]["selector"]["type"] == "SvgSelector"
    sources = [b.get("source") for b in first["body"]]
    assert "http://vocab.getty.edu/aat/300078853" in sources
    assert any(b.get("purpose") == "commenting" and "пятна" in b["value"] for b in first["body"])


def test_safe_basename_keeps_any_script():
    assert safe_basename("CC-2026/0007") == "CC-2026_0007"
    assert safe_basename("Қолжазба 1890") == "Қолжазба_1890"
    assert safe_basename("   ") == "check"


def test_export_json_csv_w3c_in_background(qtbot, tmp_path):
    store = FakeStore()
    dlg = ExportDialog(store, 7, out_dir=str(tmp_path))
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
    assert (
        json.loads((tmp_path / "CC-2026-0007.json").read_text("utf-8"))["item"]["title"]
        == "Қолжазба, 1890"
    )
    assert (tmp_path / "CC-2026-0007.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert opened == [paths[0]]
    assert [(p, f) for _, p, f in store.exports] == list(
        zip(paths, ["json", "csv", "w3c"], strict=True)
    )
    assert not list(tmp_path.glob(".*.part"))


def test_export_without_a_format_says_so(qtbot, tmp_path, monkeypatch):
    import ui.errors

    shown = []
    monkeypatch.setattr(ui.errors, "dialog_hook", lambda parent, exc: shown.append(exc))
    dlg = ExportDialog(FakeStore(), 7, out_dir=str(tmp_path))
    qtbot.addWidget(dlg)
    dlg.format_boxes["pdf"].setChecked(False)
    with qtbot.waitSignal(dlg.failed):
        dlg.start_export()
    assert "choose at least one format" in str(shown[0])
    assert dlg.isVisible() is False or dlg.result() == 0


def test_export_into_an_unwritable_place_is_a_clear_error(qtbot, tmp_path, monkeypatch):
    import ui.errors

    shown = []
    monkeypatch.setattr(ui.errors, "dialog_hook", lambda parent, exc: shown.append(exc))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    dlg = ExportDialog(FakeStore(), 7, out_dir=str(blocker / "sub"))
    qtbot.addWidget(dlg)
    dlg.format_boxes["pdf"].setChecked(False)
    dlg.format_boxes["json"].setChecked(True)
    with qtbot.waitSignal(dlg.failed, timeout=10_000):
        dlg.start_export()
    assert "export folder" in shown[0].one_line()
    assert dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()
