"""A whole record made from the command line: what is reviewed and signed is what is printed.

assess → checks findings → reject one, accept the rest, re-classify one → finalise → export
JSON, CSV, W3C annotations and the PDF (read back with pdftotext) → verify: every output gives
the same counts and areas, and the rejected finding is on none of the maps or measurements.
"""

import csv
import json
import shutil
import sqlite3
import subprocess

import numpy as np
import pytest
from PIL import Image

from conservator.cli import main
from conservator.errors import ConservatorError, RecordLockedError
from conservator.storage import open_db

PPI = 200
PPM = PPI / 25.4


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


class Result:
    """An analysis result (docs/interfaces.md): two foxing spots, a loss and a tear."""

    def __init__(self, scan_img):
        h, w = scan_img.height, scan_img.width
        fox = np.zeros((h, w), bool)
        fox[100:110, 100:110] = True  # finding 1: 100 px
        fox[300:305, 200:210] = True  # finding 2: 50 px (rejected below)
        loss = np.zeros((h, w), bool)
        loss[0:40, 0:60] = True  # finding 3: 2400 px
        tear = np.zeros((h, w), bool)
        tear[500:503, 50:250] = True  # finding 4: 600 px, re-classified as a crease
        self.masks = {"foxing": fox, "loss": loss, "tear": tear}
        leaf = h * w

        def det(name, mask, instances, **extra):
            a = int(mask.sum())
            meas = {"count": len(instances), "area_px": a, "area_mm2": a / PPM**2}
            return {
                "name": name,
                "version": "1.2.0",
                "parameters": {},
                "measurements": {**meas, "area_pct": 100 * a / leaf, **extra},
                "instances": instances,
            }

        def inst(i, bbox, area, **extra):
            return {"id": i, "bbox": bbox, "area_px": area, "area_mm2": area / PPM**2, **extra}

        self._d = {
            "scan": {"sha256": scan_img.sha256, "width": w, "height": h},
            "leaf": {"area_px": leaf, "area_mm2": leaf / PPM**2},
            "warnings": [],
            "detectors": {
                "foxing": det(
                    "foxing",
                    fox,
                    [inst(1, [100, 100, 10, 10], 100), inst(2, [200, 300, 10, 5], 50)],
                    median_diameter_mm=1.0,
                ),
                "loss": det("loss", loss, [inst(1, [0, 0, 60, 40], 2400)]),
                "tear": det("tear", tear, [inst(1, [50, 500, 200, 3], 600, length_mm=200 / PPM)]),
            },
        }

    def to_dict(self):
        return self._d


@pytest.fixture
def session(tmp_path, monkeypatch, capsys):
    """A database with one item, assessed; returns (db, check id)."""
    monkeypatch.delenv("CONSERVATOR_DB", raising=False)
    monkeypatch.setenv("CONSERVATOR_USER", "Айгерим Қасымова")
    monkeypatch.setattr(
        "conservator.storage.assess._default_analyze", lambda: lambda s, **kw: Result(s)
    )
    rgb = np.full((600, 400, 3), (225, 210, 180), np.uint8)
    scan = tmp_path / "leaf.png"
    Image.fromarray(rgb).save(scan, dpi=(PPI, PPI))
    db = tmp_path / "records.db"
    assert run(capsys, "--db", db, "items", "add", "КП-9", "--title", "Грамота")[0] == 0
    code, out, err = run(
        capsys, "--db", db, "assess", scan, "--item", "КП-9", "--examiner", "Айгерим Қасымова",
        "--json", "--quiet",
    )  # fmt: skip
    assert code == 0, err
    return db, json.loads(out)["check_id"]


def _review_and_finalise(capsys, db, cid):
    code, out, err = run(capsys, "--db", db, "checks", "findings", cid, "--json")
    assert code == 0, err
    listed = [(f["no"], f["damage_code"], f["status"]) for f in json.loads(out)]
    assert [f for f in listed if f[1] != "stain"] == [
        (1, "foxing", "proposed"),
        (2, "foxing", "proposed"),
        (3, "loss", "proposed"),
        (4, "tear", "proposed"),
    ]
    reviewer = ("--db", db, "--actor", "Берик Ахметов", "checks", "review", cid)
    assert run(capsys, *reviewer, "--finding", 2, "--reject", "--note", "ink dot")[0] == 0
    assert run(capsys, *reviewer, "--finding", 4, "--class", "crease", "--severity", 1)[0] == 0
    assert run(capsys, *reviewer, "--accept-all")[0] == 0
    assert run(capsys, "--db", db, "checks", "update", cid, "--grade", "fair")[0] == 0
    code, out, err = run(capsys, "--db", db, "checks", "finalize", cid, "--by", "Айгерим")
    assert code == 0, err


def test_every_output_gives_the_same_counts_and_areas(session, capsys, tmp_path):
    db, cid = session
    assert run(capsys, "--db", db, "settings", "set", "institution.name", "Central Archive")[0] == 0
    store = open_db(db)  # a region drawn by hand (the app's polygon tool): finding 5
    assert store.add_finding(cid, "stain", polygon=[(300, 50), (380, 50), (380, 90)]) == 5
    store.close()
    _review_and_finalise(capsys, db, cid)
    fox1, loss, tear = 100 / PPM**2, 2400 / PPM**2, 600 / PPM**2
    stain = 80 * 40 / 2 / PPM**2

    # the findings list: numbers, review, who
    code, out, _ = run(capsys, "--db", db, "checks", "findings", cid)
    assert code == 0 and "rejected" in out and "crease" in out and "was tear" in out
    found = {f["no"]: f for f in open_db(db).findings(cid)}
    assert found[2]["status"] == "rejected" and found[2]["reviewed_by"] == "Берик Ахметов"
    assert found[4]["damage_code"] == "crease" and found[4]["reclassified_from"] == "tear"
    assert found[1]["reviewed_by"] == "Берик Ахметов" and found[1]["status"] == "accepted"

    # JSON
    out_json = tmp_path / "c.json"
    assert run(capsys, "--db", db, "export", cid, "--json", out_json)[0] == 0
    data = json.loads(out_json.read_text(encoding="utf-8"))
    m = data["measurements"]
    assert (m["foxing"]["count"], m["loss"]["count"], m["crease"]["count"]) == (1, 1, 1)
    assert m["foxing"]["area_mm2"] == pytest.approx(fox1, abs=1e-3)
    assert m["loss"]["area_mm2"] == pytest.approx(loss, abs=1e-3)
    assert m["crease"]["area_mm2"] == pytest.approx(tear, abs=1e-3)
    assert m["crease"]["longest_mm"] == pytest.approx(200 / PPM, abs=0.01)
    assert m["tear"]["count"] == 0  # looked for; the one found is a crease now
    assert "median_diameter_mm" in m["foxing"] and m["foxing"]["median_diameter_mm"] != 1.0
    assert data["check"]["unreviewed"] == 0
    assert m["stain"]["count"] == 1 and m["stain"]["area_mm2"] == pytest.approx(stain, abs=1e-3)

    # CSV: the counted rows add up to the same numbers
    out_csv = tmp_path / "c.csv"
    assert run(capsys, "--db", db, "export", cid, "--csv", out_csv)[0] == 0
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    counted = [r for r in rows if r["Counted in the measurements"] == "yes"]
    assert sorted(r["Finding number"] for r in counted) == ["1", "3", "4", "5"]
    by_class: dict[str, float] = {}
    for r in counted:
        by_class[r["Damage type"]] = by_class.get(r["Damage type"], 0) + float(
            r["Damage area (mm²)"]
        )
    assert by_class["foxing"] == pytest.approx(fox1, abs=1e-3)
    assert by_class["crease"] == pytest.approx(tear, abs=1e-3)
    rejected = [r for r in rows if r["Observation status"] == "rejected"]
    assert [r["Finding number"] for r in rejected] == ["2"]

    # W3C annotations: one per counted finding, the rejected one absent
    out_anno = tmp_path / "c.jsonld"
    assert run(capsys, "--db", db, "export", cid, "--annotations", out_anno)[0] == 0
    annos = json.loads(out_anno.read_text(encoding="utf-8"))["items"]
    assert sorted(a["conservator:finding"] for a in annos) == [1, 3, 4, 5]
    area = {a["conservator:finding"]: a["conservator:area_mm2"] for a in annos}
    assert area[1] == pytest.approx(fox1, abs=1e-3)

    # PDF: read back; the same numbers, the rejected finding listed apart
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    out_pdf = tmp_path / "c.pdf"
    code, _, err = run(capsys, "--db", db, "export", cid, "--pdf", out_pdf)
    assert code == 0, err
    text = subprocess.run(
        ["pdftotext", "-layout", str(out_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Central Archive" in text
    assert "Rejected by the examiner" in text
    assert f"{fox1:.1f}" in text and f"{loss:.1f}" in text and f"{tear:.1f}" in text
    assert f"{fox1 + 50 / PPM**2:.1f}" not in text  # the rejected spot is in no sum
    assert "re-classified from" in text
    assert "not reviewed" not in text.lower()

    # the map the PDF draws: the rejected spot is not painted, the others are
    from conservator.report.pdf import _Report

    rep = _Report(data, "en", None, "a4", __import__("datetime").datetime.now())
    layers = rep._source().masks
    assert layers["foxing"][100:110, 100:110].all()
    assert not layers["foxing"][300:305, 200:210].any()
    assert layers["crease"][500:503, 50:250].all() and "tear" not in layers
    assert layers["stain"][60, 370] == 255  # drawn by hand: on the map
    details = rep.detail_regions(rep._source())
    assert {d["code"] for d in details} == {"foxing", "loss", "crease", "stain"}
    assert 2 not in {d["obs"] for d in details}  # the rejected spot has no detail crop
    assert f"{stain:.1f}" in text

    assert run(capsys, "--db", db, "verify")[0] == 0


def test_json_export_is_a_pure_function_of_the_record(session, capsys, tmp_path):
    db, cid = session
    _review_and_finalise(capsys, db, cid)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run(capsys, "--db", db, "export", cid, "--json", a)[0] == 0
    store = open_db(db)  # reopen, read everything a viewer reads, close
    store.get_check(cid), store.findings(cid), store.summaries(cid), store.audit_history()
    store.close()
    assert run(capsys, "--db", db, "export", cid, "--json", b)[0] == 0
    assert a.read_bytes() == b.read_bytes()


def test_finalising_unreviewed_findings_needs_a_flag_and_the_pdf_says_so(session, capsys, tmp_path):
    db, cid = session
    assert run(capsys, "--db", db, "checks", "review", cid, "--finding", 1, "--accept")[0] == 0
    assert run(capsys, "--db", db, "checks", "update", cid, "--grade", "fair")[0] == 0
    code, _, err = run(capsys, "--db", db, "checks", "finalize", cid, "--by", "A")
    assert code == 2 and "3 finding(s) not reviewed" in err and "--allow-unreviewed" in err
    code, out, err = run(
        capsys, "--db", db, "checks", "finalize", cid, "--by", "A", "--allow-unreviewed"
    )
    assert code == 0, err
    data = open_db(db).report_data(cid)
    assert data["check"]["unreviewed"] == 3
    assert list(data["measurements"]) == ["foxing", "loss", "tear"]
    assert data["measurements"]["foxing"]["count"] == 1  # the unreviewed spot does not count
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    out_pdf = tmp_path / "u.pdf"
    assert run(capsys, "--db", db, "export", cid, "--pdf", out_pdf)[0] == 0
    first = subprocess.run(
        ["pdftotext", "-l", "1", str(out_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Signed with 3 finding(s) not reviewed" in " ".join(first.split())


FINAL_CLI_EDITS = [
    ("checks", "update", "{cid}", "--summary", "x"),
    ("checks", "review", "{cid}", "--finding", "1", "--reject"),
    ("checks", "review", "{cid}", "--finding", "1", "--class", "stain"),
    ("checks", "review", "{cid}", "--finding", "1", "--note", "x"),
    ("checks", "review", "{cid}", "--accept-all"),
    ("checks", "review", "{cid}", "--reject", "{oid}"),
    ("checks", "hazard", "{cid}", "--add", "active_mould"),
    ("checks", "hazard", "{cid}", "--remove", "{hid}"),
    ("checks", "recommend", "{cid}", "--kind", "handling", "--text", "x"),
    ("checks", "treatment", "{cid}", "--text", "x"),
    ("checks", "treatment", "{cid}", "--remove"),
    ("checks", "finalize", "{cid}", "--by", "x"),
]


@pytest.mark.parametrize("argv", FINAL_CLI_EDITS, ids=lambda a: " ".join(a[1:2] + a[3:5]))
def test_every_cli_edit_of_a_final_check_is_refused(session, capsys, argv):
    db, cid = session
    store = open_db(db)
    hid = store.add_hazard(cid, "brittle_paper")
    oid = store.findings(cid)[0]["id"]
    store.set_treatment_proposal(cid, "wash")
    store.close()
    _review_and_finalise(capsys, db, cid)
    before = open_db(db).report_data(cid)
    code, _, err = run(capsys, "--db", db, *(a.format(cid=cid, oid=oid, hid=hid) for a in argv))
    assert code == 2
    assert "new version" in err or "final" in err
    assert len(err.strip().splitlines()) == 1
    assert open_db(db).report_data(cid) == before


def _core_edits(store, cid, f, hid, rid):
    mask = np.zeros((600, 400), bool)
    mask[1:3, 1:3] = True
    return {
        "update_check": lambda: store.update_check(cid, summary="x"),
        "save_draft": lambda: store.save_draft(cid, check={"summary": "x"}),
        "add_observation": lambda: store.add_observation(cid, "stain"),
        "update_observation": lambda: store.update_observation(f["id"], note="x"),
        "accept_observation": lambda: store.accept_observation(f["id"]),
        "reject_observation": lambda: store.reject_observation(f["id"]),
        "reclassify_observation": lambda: store.reclassify_observation(f["id"], "stain"),
        "delete_observation": lambda: store.delete_observation(f["id"]),
        "add_region": lambda: store.add_region(f["id"], xywh=(1, 1, 2, 2)),
        "delete_region": lambda: store.delete_region(f["regions"][0]["id"]),
        "add_finding": lambda: store.add_finding(cid, "stain", polygon=[(1, 1), (5, 1), (5, 5)]),
        "add_finding_mask": lambda: store.add_finding(cid, "stain", mask=mask),
        "review_finding": lambda: store.review_finding(cid, 1, status="rejected"),
        "review_findings": lambda: store.review_findings(cid, [{"no": 1, "severity": 3}]),
        "add_hazard": lambda: store.add_hazard(cid, "active_mould"),
        "delete_hazard": lambda: store.delete_hazard(hid),
        "add_recommendation": lambda: store.add_recommendation(cid, "handling", "x"),
        "delete_recommendation": lambda: store.delete_recommendation(rid),
        "set_treatment_proposal": lambda: store.set_treatment_proposal(cid, "x"),
        "record_analysis": lambda: store.record_analysis(
            cid, store.get_check(cid)["capture_id"], Result(_ScanLike())
        ),
        "delete_draft": lambda: store.delete_draft(cid),
        "delete_finding": lambda: store.delete_finding(cid, 1),
        "delete_hazard_via_save_draft": lambda: store.save_draft(cid, hazards=[]),
        "finalize_check": lambda: store.finalize_check(cid, "x"),
    }


class _ScanLike:
    height, width, sha256 = 600, 400, "0" * 64


CORE_EDITS = list(_core_edits(*(None,) * 5))


@pytest.mark.parametrize("name", CORE_EDITS)
def test_every_core_edit_of_a_final_check_is_refused_naming_new_version(session, capsys, name):
    db, cid = session
    store = open_db(db)
    hid = store.add_hazard(cid, "brittle_paper")
    rid = store.add_recommendation(cid, "storage", "boxed")
    store.close()
    _review_and_finalise(capsys, db, cid)
    store = open_db(db)
    before = store.report_data(cid)
    f = store.findings(cid)[0]
    with pytest.raises(RecordLockedError, match="new version"):
        _core_edits(store, cid, f, hid, rid)[name]()
    assert store.report_data(cid) == before
    assert store.verify()["ok"]


def test_audit_names_who_changed_which_field_and_the_chain_covers_it(session, capsys):
    db, cid = session
    _review_and_finalise(capsys, db, cid)
    code, out, err = run(capsys, "--db", db, "audit", "--check", cid, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert all(r["actor"] and r["actor"] != "unknown" for r in rows)
    rejects = [r for r in rows if r["changes"].get("status") == ["proposed", "rejected"]]
    assert len(rejects) == 1 and rejects[0]["actor"] == "Берик Ахметов"
    assert rejects[0]["table"] == "observation"
    recl = [r for r in rows if "damage_code" in r["changes"] and r["action"] == "update"]
    assert recl[0]["changes"]["damage_code"] == ["tear", "crease"]
    assert rows[0]["actor"] == "Айгерим Қасымова"  # $CONSERVATOR_USER / --examiner
    code, out, _ = run(capsys, "--db", db, "audit", "--check", cid)
    assert "status: proposed → rejected" in out and "Берик Ахметов" in out
    # tampering with a recorded change (triggers dropped first) is found by verify
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute(
        "UPDATE audit_log SET changes_json = replace(changes_json, 'rejected', 'accepted') "
        "WHERE id = ?",
        (rejects[0]["id"],),
    )
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--db", db, "verify")
    assert code == 1 and f"audit_log row {rejects[0]['id']}" in out


def test_help_lists_the_codes_each_option_accepts(capsys):
    for argv, codes in (
        (("checks", "update", "--help"), ("routine_survey", "automated_image_analysis", "urgent")),
        (("checks", "review", "--help"), ("foxing", "pest_frass", "stain")),
        (("checks", "hazard", "--help"), ("active_mould",)),
        (("checks", "recommend", "--help"), ("handling", "deacidification")),
        (("assess", "--help"), ("loan",)),
    ):
        with pytest.raises(SystemExit):
            main(list(argv))
        out = " ".join(capsys.readouterr().out.split())
        for code in codes:
            assert code in out, (argv, code)


def test_hazards_recommendations_treatment_and_notes_from_the_cli(session, capsys):
    db, cid = session
    base = ("--db", db, "checks")
    assert run(capsys, *base, "hazard", cid, "--add", "active_mould", "--note", "isolate")[0] == 0
    assert run(capsys, *base, "recommend", cid, "--kind", "storage", "--text", "box it")[0] == 0
    code, _, err = run(
        capsys, *base, "treatment", cid, "--text", "dry clean", "--codes", "surface_cleaning"
    )
    assert code == 0, err
    code, _, err = run(
        capsys, *base, "update", cid, "--environment-note", "damp store", "--summary", "ok"
    )
    assert code == 0, err
    code, _, err = run(capsys, *base, "hazard", cid, "--add", "dragons")
    assert code == 2 and "unknown hazard" in err
    data = open_db(db).report_data(cid)
    assert data["hazards"][0]["hazard_code"] == "active_mould"
    assert data["recommendations"][0]["text"] == "box it"
    assert data["treatment"]["text"] == "dry clean"
    assert data["treatment"]["treatment_codes"] == ["surface_cleaning"]
    assert data["check"]["environment_note"] == "damp store"
    hid = open_db(db).get_check(cid)["hazards"][0]["id"]
    assert run(capsys, *base, "hazard", cid, "--remove", hid)[0] == 0
    assert run(capsys, *base, "treatment", cid, "--remove")[0] == 0
    data = open_db(db).report_data(cid)
    assert data["hazards"] == [] and data["treatment"] is None


def test_a_drawn_region_is_a_numbered_manual_finding_on_the_map(session, capsys):
    db, cid = session
    store = open_db(db)
    store.actor = "Берик Ахметов"
    brush = np.zeros((20, 30), bool)
    brush[5:15, 5:25] = True
    no = store.add_finding(cid, "stain", mask=brush, mask_offset=(300, 400), severity=2)
    poly = store.add_finding(cid, "mould", polygon=[(10, 400), (60, 400), (60, 450)])
    assert (no, poly) == (5, 6)
    f = store.finding(cid, no)
    assert f["source"] == "manual" and f["author"] == "Берик Ахметов"
    assert f["status"] == "accepted" and f["area_px"] == 200
    pixels, offset = store.region_mask(f["regions"][0])
    assert offset == (300, 400) and pixels.sum() == 200
    summ = store.summaries(cid)
    assert summ["stain"]["count"] == 1
    assert summ["stain"]["area_mm2"] == pytest.approx(200 / PPM**2, abs=1e-3)
    assert summ["stain"]["sources"] == {"automatic": 0, "manual": 1}
    from conservator.report.figures import finding_layers

    layers = finding_layers(store.report_data(cid)["observations"], 400, 600)
    assert layers["stain"][405:415, 305:325].all() and layers["stain"].sum() == 200 * 255
    assert layers["mould"][410, 50] == 255
    with pytest.raises(ConservatorError, match="reject it instead"):
        store.delete_finding(cid, 1)
    store.delete_finding(cid, no)  # the others keep their numbers
    assert [f["no"] for f in store.findings(cid)] == [1, 2, 3, 4, 6]
    assert store.add_finding(cid, "mould", xywh=(5, 5, 10, 10)) == 7


def test_institution_name_address_and_logo_are_printed_in_every_header(session, capsys, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    import pikepdf

    db, cid = session
    logo = tmp_path / "logo.png"
    Image.fromarray(np.full((40, 120, 4), (20, 60, 140, 255), np.uint8), "RGBA").save(logo)
    code, _, err = run(capsys, "--db", db, "settings", "set", "institution.logo_path", tmp_path)
    assert code == 2 and "does not exist" in err
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    code, _, err = run(
        capsys, "--db", db, "settings", "set", "institution.logo_path", tmp_path / "logo.gif"
    )
    assert code == 2 and "PNG or JPEG" in err
    for key, value in (
        ("institution.name", "Ұлттық архив"),
        ("institution.address", "Astana, Mangilik El 8"),
        ("institution.logo_path", logo),
    ):
        assert run(capsys, "--db", db, "settings", "set", key, value)[0] == 0
    code, out, _ = run(capsys, "--db", db, "settings", "list", "--json")
    assert json.loads(out)["institution.logo_path"] == str(logo.resolve())
    pdfs = {}
    for name, with_logo in (("plain", False), ("logo", True)):
        if not with_logo:
            run(capsys, "--db", db, "settings", "set", "institution.logo_path", "")
        else:
            run(capsys, "--db", db, "settings", "set", "institution.logo_path", logo)
        pdfs[name] = tmp_path / f"{name}.pdf"
        code, _, err = run(capsys, "--db", db, "export", cid, "--pdf", pdfs[name])
        assert code == 0, err
    text = subprocess.run(
        ["pdftotext", str(pdfs["logo"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    assert all("Ұлттық архив" in p and "Astana, Mangilik El 8" in p for p in pages)

    def images(path):
        with pikepdf.open(path) as pdf:
            return [len(list(p.get_images())) for p in pdf.pages]

    assert all(b == a + 1 for a, b in zip(images(pdfs["plain"]), images(pdfs["logo"]), strict=True))
    rows = open_db(db).audit_history()
    logo_rows = [r for r in rows if r["table"] == "setting" and r["row"] == "institution.logo_path"]
    assert logo_rows[-1]["changes"]["value"][1] == str(logo.resolve())


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE observation SET status = 'accepted' WHERE no = 2",
        "UPDATE observation SET reviewed_by = 'someone else' WHERE no = 1",
        "UPDATE observation SET reclassified_from = NULL WHERE no = 4",
        "UPDATE observation SET measurements_json = '{}' WHERE no = 1",
        "UPDATE region SET mask_offset_json = '[0,0]' WHERE observation_id = "
        "(SELECT id FROM observation WHERE no = 1)",
    ],
)
def test_tampering_with_a_signed_finding_is_detected(session, capsys, sql):
    db, cid = session
    _review_and_finalise(capsys, db, cid)
    conn = sqlite3.connect(db)
    for trigger in ("observation_final_no_update", "region_final_no_update"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute(sql)
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "--db", db, "verify")
    assert code == 1 and f"condition_check row {cid}" in out
