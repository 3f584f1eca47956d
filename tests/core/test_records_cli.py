"""The records command line: items, assess, checks, export, backup, verify."""

import csv
import json
import sqlite3
import sys
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from conservator.cli import main
from conservator.storage import open_db


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("CONSERVATOR_DB", raising=False)
    return tmp_path / "records.db"


@pytest.fixture
def scan(tmp_path):
    """A small 8-bit RGB PNG at 200 ppi: 400 × 600 px = 50.8 × 76.2 mm."""
    rgb = np.full((600, 400, 3), (225, 210, 180), np.uint8)
    path = tmp_path / "leaf.png"
    Image.fromarray(rgb).save(path, dpi=(200, 200))
    return path


class FakeResult:
    """Shaped like conservator.analysis.AnalysisResult (docs/interfaces.md)."""

    def __init__(self, scan_img):
        h, w = scan_img.height, scan_img.width
        fox = np.zeros((h, w), bool)
        fox[100:110, 100:110] = True
        fox[300:305, 200:210] = True
        loss = np.zeros((h, w), bool)
        loss[0:40, 0:60] = True
        self.masks = {"foxing": fox, "loss": loss, "tear": np.zeros((h, w), bool)}
        ppm = scan_img.px_per_mm
        leaf = h * w

        def meas(m, extra=None):
            a = int(m.sum())
            return {
                "count": 0,
                "area_px": a,
                "area_mm2": a / ppm**2,
                "area_pct": 100 * a / leaf,
                **(extra or {}),
            }

        self._d = {
            "scan": {
                "path": scan_img.path,
                "width": w,
                "height": h,
                "dpi": list(scan_img.dpi),
                "px_per_mm": ppm,
                "sha256": scan_img.sha256,
                "format": "PNG",
                "page": 1,
            },
            "leaf": {"area_px": leaf, "area_mm2": leaf / ppm**2, "bbox": [0, 0, w, h]},
            "units": "mm",
            "warnings": [],
            "detectors": {
                "foxing": {
                    "name": "foxing",
                    "version": "0.9.0",
                    "parameters": {"min_mm": 0.2},
                    "measurements": {**meas(fox), "count": 2, "median_diameter_mm": 0.8},
                    "instances": [
                        {
                            "id": 1,
                            "bbox": [100, 100, 10, 10],
                            "area_px": 100,
                            "area_mm2": 100 / ppm**2,
                        },
                        {
                            "id": 2,
                            "bbox": [200, 300, 10, 5],
                            "area_px": 50,
                            "area_mm2": 50 / ppm**2,
                        },
                    ],
                },
                "loss": {
                    "name": "loss",
                    "version": "0.9.0",
                    "parameters": {},
                    "measurements": {**meas(loss), "count": 1},
                    "instances": [
                        {
                            "id": 1,
                            "bbox": [0, 0, 60, 40],
                            "area_px": 2400,
                            "area_mm2": 2400 / ppm**2,
                        }
                    ],
                },
                "tear": {
                    "name": "tear",
                    "version": "0.9.0",
                    "parameters": {},
                    "measurements": {
                        "count": 0,
                        "area_px": 0,
                        "area_mm2": 0.0,
                        "area_pct": 0.0,
                        "lengths_mm": [],
                        "longest_mm": None,
                    },
                    "instances": [],
                },
            },
        }

    def to_dict(self):
        return self._d


@pytest.fixture
def fake_analysis(monkeypatch):
    calls = []

    def analyze(scan_img, **kw):
        calls.append((scan_img, kw))
        return FakeResult(scan_img)

    monkeypatch.setattr("conservator.storage.assess._default_analyze", lambda: analyze)
    return calls


def _assessed(capsys, db, scan, inv="КП-1"):
    assert run(capsys, "--db", db, "items", "add", inv, "--title", "Грамота")[0] == 0
    code, out, err = run(
        capsys,
        "--db",
        db,
        "assess",
        scan,
        "--item",
        inv,
        "--examiner",
        "Айгерим Қасымова",
        "--json",
        "--quiet",
    )
    assert code == 0, err
    return json.loads(out)["check_id"]


def test_items_add_list_show_search(capsys, db):
    assert (
        run(
            capsys,
            "--db",
            db,
            "items",
            "add",
            "ОФ 123/4",
            "--title",
            "Письмо Абая",
            "--object-type",
            "letter",
            "--location",
            "Хранилище 2",
        )[0]
        == 0
    )
    run(capsys, "--db", db, "items", "add", "IR-7", "--title", "نسخه‌ی خطی دیوان حافظ")
    code, out, _ = run(capsys, "--db", db, "items", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["inventory_no"] for r in rows] == ["IR-7", "ОФ 123/4"]
    assert rows[1]["check_count"] == 0
    code, out, _ = run(capsys, "--db", db, "items", "list")
    assert "Письмо Абая" in out and "نسخه" in out
    code, out, _ = run(capsys, "--db", db, "items", "show", "ОФ 123/4", "--json")
    assert json.loads(out)["location"] == "Хранилище 2"
    code, out, _ = run(capsys, "--db", db, "items", "search", "абая")
    assert "ОФ 123/4" in out and "IR-7" not in out
    code, out, _ = run(capsys, "--db", db, "items", "search", "حافظ", "--json")
    assert [h["inventory_no"] for h in json.loads(out)] == ["IR-7"]


def test_duplicate_item_and_missing_item_are_one_line_errors(capsys, db):
    run(capsys, "--db", db, "items", "add", "X-1", "--title", "t")
    code, out, err = run(capsys, "--db", db, "items", "add", "X-1", "--title", "t")
    assert code == 2 and err.startswith("error: ") and "already exists" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "--db", db, "items", "show", "nope")
    assert code == 2 and "no item" in err and "Traceback" not in err


def test_db_from_environment(capsys, tmp_path, monkeypatch):
    path = tmp_path / "env" / "c.db"
    monkeypatch.setenv("CONSERVATOR_DB", str(path))
    assert run(capsys, "items", "add", "E-1", "--title", "env")[0] == 0
    assert path.exists()
    assert [i["inventory_no"] for i in open_db(path).list_items()] == ["E-1"]


def test_assess_writes_a_draft_with_one_finding_per_detected_instance(
    capsys, db, scan, fake_analysis
):
    cid = _assessed(capsys, db, scan)
    assert len(fake_analysis) == 1
    code, out, _ = run(capsys, "--db", db, "checks", "show", cid, "--json")
    check = json.loads(out)
    assert check["status"] == "draft" and check["checker"] == "Айгерим Қасымова"
    found = [(o["no"], o["damage_code"]) for o in check["observations"]]
    assert found == [(1, "foxing"), (2, "foxing"), (3, "loss")]  # no tear was found
    ppm = 200 / 25.4
    summ = check["summaries"]
    assert summ["foxing"]["count"] == 2 and summ["loss"]["count"] == 1
    assert summ["foxing"]["area_mm2"] == pytest.approx(150 / ppm**2, rel=1e-3)  # PNG: px/m
    assert summ["loss"]["area_mm2"] == pytest.approx(2400 / ppm**2, rel=1e-3)
    for o in check["observations"]:
        assert o["source"] == "automatic" and o["severity"] in (1, 2, 3)
        assert o["detector"] == o["damage_code"] and o["detector_version"] == "0.9.0"
        assert o["status"] == "proposed" and o["measurements"]["instance_id"] in (1, 2)
        [region] = o["regions"]  # its own mask, cropped, at full resolution
        assert region["selector_type"] == "mask" and region["mask_offset"] == region["bbox"][:2]
    assert check["observations"][1]["regions"][0]["area_px"] == 50
    assert check["capture"]["sha256"] and check["capture"]["width_px"] == 400
    assert check["capture"]["px_per_mm"] == pytest.approx(ppm, rel=1e-4)
    runs = {r["detector"]: r for r in check["detector_runs"]}
    assert runs["foxing"]["version"] == "0.9.0"
    assert runs["foxing"]["parameters"] == {"min_mm": 0.2}
    assert runs["foxing"]["sha256_input"] == check["capture"]["sha256"]
    assert check["measurements"]["foxing"]["median_diameter_mm"] == 0.8
    code, out, _ = run(capsys, "--db", db, "checks", "list", "--item", "КП-1", "--json")
    assert [c["id"] for c in json.loads(out)] == [cid]


def test_assess_dpi_option_sets_the_scale(capsys, db, tmp_path, fake_analysis):
    path = tmp_path / "nodpi.png"
    Image.fromarray(np.full((300, 200, 3), 200, np.uint8)).save(path)
    run(capsys, "--db", db, "items", "add", "N", "--title", "t")
    code, out, err = run(
        capsys,
        "--db",
        db,
        "assess",
        path,
        "--item",
        "N",
        "--examiner",
        "e",
        "--dpi",
        "300",
        "--json",
        "--quiet",
    )
    assert code == 0, err
    check = open_db(db).get_check(json.loads(out)["check_id"])
    assert check["capture"]["px_per_mm"] == pytest.approx(300 / 25.4)


def test_assess_unknown_item_fails_before_analysing(capsys, db, scan, fake_analysis):
    code, _, err = run(capsys, "--db", db, "assess", scan, "--item", "ghost", "--examiner", "e")
    assert code == 2 and "no item" in err
    assert fake_analysis == []


def test_assess_with_the_real_detectors(capsys, db, tmp_path):
    from conservator.analysis import analyze_scan
    from conservator.demo import generate_page
    from conservator.imaging.load import load_scan

    page = generate_page(2, ppi=75, size="a5")
    path = tmp_path / "page.png"
    Image.fromarray(page.rgb).save(path, dpi=(75, 75))
    expected = analyze_scan(load_scan(path)).to_dict()["detectors"]
    found = {k for k, d in expected.items() if d["measurements"]["area_px"] > 0}
    cid = _assessed(capsys, db, path, inv="DEMO-2")
    check = open_db(db).get_check(cid)
    assert {o["damage_code"] for o in check["observations"]} == found
    for code, s in check["summaries"].items():
        instances = expected[code]["instances"]
        if code not in found:  # looked for, nothing found (the page has no stain): zeros
            assert s["count"] == 0
            continue
        assert s["count"] == max(1, len(instances))
        if instances:
            assert s["area_px"] == sum(i["area_px"] for i in instances)


def test_finalize_then_changes_are_refused(capsys, db, scan, fake_analysis):
    cid = _assessed(capsys, db, scan)
    code, out, err = run(capsys, "--db", db, "checks", "finalize", cid, "--by", "Айгерим")
    assert code == 2 and "not reviewed" in err and "--allow-unreviewed" in err
    code, out, err = run(
        capsys, "--db", db, "checks", "finalize", cid, "--by", "Айгерим", "--allow-unreviewed"
    )
    assert code == 0, err
    assert "record hash" in out and "3 finding(s) were not reviewed" in out
    code, _, err = run(capsys, "--db", db, "checks", "update", cid, "--summary", "edit")
    assert code == 2 and "final" in err
    code, out, _ = run(capsys, "--db", db, "checks", "new-version", cid, "--json")
    new = json.loads(out)["check_id"]
    code, out, _ = run(capsys, "--db", db, "checks", "show", new, "--json")
    assert json.loads(out)["supersedes"] == cid


def test_review_accepts_and_rejects(capsys, db, scan, fake_analysis):
    cid = _assessed(capsys, db, scan)
    obs = open_db(db).get_check(cid)["observations"]
    code, _, err = run(
        capsys,
        "--db",
        db,
        "checks",
        "review",
        cid,
        "--accept",
        obs[0]["id"],
        "--reject",
        obs[1]["id"],
        "--by",
        "rev",
    )
    assert code == 0, err
    status = [o["status"] for o in open_db(db).get_check(cid)["observations"]]
    assert status == ["accepted", "rejected", "proposed"]


def test_export_csv_uses_spectrum_unit_names(capsys, db, scan, fake_analysis, tmp_path):
    cid = _assessed(capsys, db, scan)
    out_csv = tmp_path / "out.csv"
    assert run(capsys, "--db", db, "export", cid, "--csv", out_csv)[0] == 0
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {
        "Object number",
        "Condition check/assessment reference number",
        "Condition check/assessment date",
        "Condition checker/assessor",
        "Condition",
        "Condition note",
        "Conservation treatment priority",
        "Next condition check/assessment date",
    } <= set(rows[0])
    assert {r["Damage type (Getty AAT)"] for r in rows} >= {"http://vocab.getty.edu/aat/300078853"}
    assert rows[0]["Object number"] == "КП-1"
    assert rows[0]["Condition checker/assessor"] == "Айгерим Қасымова"


def test_export_annotations_is_a_w3c_annotation_page(capsys, db, scan, fake_analysis, tmp_path):
    cid = _assessed(capsys, db, scan)
    out = tmp_path / "anno.json"
    assert run(capsys, "--db", db, "export", cid, "--annotations", out)[0] == 0
    page = json.loads(out.read_text(encoding="utf-8"))
    assert page["type"] == "AnnotationPage"
    assert "http://www.w3.org/ns/anno.jsonld" in json.dumps(page["@context"])
    annos = page["items"]
    assert annos and all(a["type"] == "Annotation" for a in annos)
    fox = [
        a
        for a in annos
        if any(b.get("source") == "http://vocab.getty.edu/aat/300078853" for b in a["body"])
    ]
    assert len(fox) == 2
    assert [a["conservator:finding"] for a in fox] == [1, 2]
    sel = fox[0]["target"]["selector"]  # the finding's own outline, in scan pixels
    assert sel["type"] == "SvgSelector" and "100,100" in sel["value"] and "109,109" in sel["value"]
    assert fox[0]["motivation"] == "tagging"
    assert fox[0]["target"]["source"].startswith("file://")


def test_export_json_and_pdf_are_recorded_with_their_hash(
    capsys, db, scan, fake_analysis, tmp_path, monkeypatch
):
    cid = _assessed(capsys, db, scan)
    out = tmp_path / "check.json"
    assert run(capsys, "--db", db, "export", cid, "--json", out)[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))["check"]["id"] == cid
    calls = []

    def render_report(data, out_path, *, lang="en", second_lang=None, paper="a4", warnings=None):
        calls.append((data["check"]["id"], lang, second_lang, paper))
        with open(out_path, "wb") as fh:
            fh.write(b"%PDF-1.7 fake")
        return out_path

    monkeypatch.setitem(
        sys.modules, "conservator.report.pdf", SimpleNamespace(render_report=render_report)
    )
    pdf = tmp_path / "r.pdf"
    code, _, err = run(
        capsys,
        "--db",
        db,
        "export",
        cid,
        "--pdf",
        pdf,
        "--lang",
        "fa",
        "--second-lang",
        "en",
        "--paper",
        "letter",
    )
    assert code == 0, err
    assert calls == [(cid, "fa", "en", "letter")]
    exports = open_db(db).get_check(cid)["exports"]
    assert [e["format"] for e in exports] == ["json", "pdf"]
    import hashlib

    assert exports[1]["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert open_db(db).audit_entries("report_export")[-1]["action"] == "create"


def test_export_pdf_without_the_report_module_is_a_clear_error(
    capsys, db, scan, fake_analysis, tmp_path, monkeypatch
):
    cid = _assessed(capsys, db, scan)
    monkeypatch.setitem(sys.modules, "conservator.report.pdf", None)
    code, _, err = run(capsys, "--db", db, "export", cid, "--pdf", tmp_path / "r.pdf")
    assert code == 2 and "PDF reports are not available" in err


def test_verify_and_backup(capsys, db, scan, fake_analysis, tmp_path):
    cid = _assessed(capsys, db, scan)
    run(capsys, "--db", db, "checks", "finalize", cid, "--by", "A")
    code, out, _ = run(capsys, "--db", db, "verify")
    assert code == 0 and out.startswith("intact")
    dest = tmp_path / "backup" / "copy.db"
    assert run(capsys, "--db", db, "backup", dest)[0] == 0
    assert run(capsys, "--db", dest, "verify")[0] == 0
    assert any((tmp_path / "backup" / "copy.db.files" / "masks").glob("*.png"))
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER audit_no_update")
    raw.execute("UPDATE audit_log SET after_json = '{}' WHERE id = 9")
    raw.commit()
    raw.close()
    code, out, _ = run(capsys, "--db", db, "verify")
    assert code == 1 and "audit_log row 9" in out
    code, out, _ = run(capsys, "--db", dest, "verify")
    assert code == 0  # the backup is untouched


def test_newer_database_is_refused_by_the_cli(capsys, db):
    run(capsys, "--db", db, "items", "add", "A", "--title", "t")
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA user_version = 99")
    raw.commit()
    raw.close()
    code, _, err = run(capsys, "--db", db, "items", "list")
    assert code == 2 and "newer" in err and "Traceback" not in err


def test_db_option_is_also_accepted_after_the_command(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("CONSERVATOR_DB", raising=False)
    path = tmp_path / "late.db"
    assert run(capsys, "items", "add", "L-1", "--title", "t", "--db", path)[0] == 0
    code, out, _ = run(capsys, "--db", path, "items", "list", "--json")
    assert [r["inventory_no"] for r in json.loads(out)] == ["L-1"]


def test_manual_polygon_exports_as_svg_selector_and_csv_defuses_formulas(capsys, db, tmp_path):
    store = open_db(db)
    store.add_item("P-1", "=cmd|' /C calc'!A0")
    cap = store.add_capture(
        "P-1",
        file_path=str(tmp_path / "s.tif"),
        sha256="a" * 64,
        width_px=1000,
        height_px=800,
        dpi=(300, 300),
    )
    cid = store.create_check("P-1", checker="c", capture_id=cap)
    oid = store.add_observation(cid, "mould", severity=3, note="+SUM(A1:A9)")
    store.add_region(oid, polygon=[(10, 10), (60, 12), (40, 70)])
    store.close()
    out = tmp_path / "a.json"
    assert run(capsys, "--db", db, "export", cid, "--annotations", out)[0] == 0
    anno = json.loads(out.read_text(encoding="utf-8"))["items"][0]
    assert anno["target"]["selector"]["type"] == "SvgSelector"
    assert "points='10,10 60,12 40,70'" in anno["target"]["selector"]["value"]
    assert any(b.get("source") == "http://vocab.getty.edu/aat/300378932" for b in anno["body"])
    out_csv = tmp_path / "c.csv"
    assert run(capsys, "--db", db, "export", cid, "--csv", out_csv, "--lang", "ru")[0] == 0
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["Object name"] == "'=cmd|' /C calc'!A0"
    assert row["Condition note"] == "'+SUM(A1:A9)"
    assert row["Damage type"] == "плесень"
    # the database itself keeps the text literally
    assert open_db(db).get_item("P-1")["title"] == "=cmd|' /C calc'!A0"


def test_assessing_the_same_scan_again_reuses_its_capture(capsys, db, scan, fake_analysis):
    first = _assessed(capsys, db, scan)
    code, out, err = run(
        capsys, "--db", db, "assess", scan, "--item", "КП-1", "--examiner", "B", "--json", "--quiet"
    )
    assert code == 0, err
    second = json.loads(out)["check_id"]
    item = open_db(db).get_item("КП-1")
    assert len(item["captures"]) == 1
    assert {c["id"] for c in item["checks"]} == {first, second}


def test_batch_accepts_one_class_above_an_area_and_rejects_in_a_region(
    capsys, db, scan, fake_analysis
):
    cid = _assessed(capsys, db, scan)
    store = open_db(db)
    fox = {f["area_px"]: f["no"] for f in store.findings(cid) if f["damage_code"] == "foxing"}
    store.close()
    # foxing of 100 px (1.6 mm² at 200 ppi) and 50 px (0.8 mm²): only the larger one
    code, out, err = run(
        capsys, "--db", db, "checks", "batch", cid, "--accept", "--class", "foxing",
        "--min-area", "1.0", "--by", "rev",
    )  # fmt: skip
    assert code == 0, err
    assert f"accepted 1 finding(s) of check {cid}: {fox[100]}" in out
    by_no = {f["no"]: f for f in open_db(db).findings(cid)}
    assert by_no[fox[100]]["status"] == "accepted"
    assert [f["status"] for n, f in by_no.items() if n != fox[100]] == ["proposed"] * 2
    # the loss (0, 0, 60 × 40) is wholly inside this rectangle; the foxing spots are not
    code, out, err = run(
        capsys, "--db", db, "checks", "batch", cid, "--reject", "--region", "0,0,80,80"
    )
    assert code == 0, err
    loss = next(f for f in open_db(db).findings(cid) if f["damage_code"] == "loss")
    assert loss["status"] == "rejected" and "rejected 1 finding(s)" in out
