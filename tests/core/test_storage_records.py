"""The records store: items, checks, frozen final checks, versions, audit chain, search,
hostile text, masks and the report data the PDF is built from."""

import json
import sqlite3

import numpy as np
import pytest

from conservator.errors import ConservatorError, NotFoundError, RecordLockedError
from conservator.storage import open_db
from conservator.storage.severity import proposed_grade, severity_for


@pytest.fixture
def store(tmp_path):
    s = open_db(tmp_path / "records.db")
    yield s
    s.close()


def _final_check(store, inv="INV-1"):
    store.add_item(inv, "Letter")
    cid = store.create_check(inv, checker="A. Karimova", reason_code="loan")
    oid = store.add_observation(cid, "tear", severity=2, note="tear along the fold")
    store.add_region(oid, xywh=(10, 20, 30, 40))
    store.add_hazard(cid, "brittle_paper", note="handle on a support")
    store.add_recommendation(cid, "handling", "Use a support board.")
    store.update_check(cid, grade="poor", priority_code="high", summary="Torn, brittle.")
    store.finalize_check(cid, "A. Karimova")
    return cid, oid


def test_item_round_trip_and_unique_inventory_number(store):
    store.add_item("КП-15/2", "Грамота", object_type="document", location="Хранилище 3")
    item = store.get_item("КП-15/2")
    assert item["title"] == "Грамота" and item["location"] == "Хранилище 3"
    with pytest.raises(ConservatorError, match="already exists"):
        store.add_item("КП-15/2", "Другая")
    with pytest.raises(NotFoundError):
        store.get_item("nope")


def test_vocabulary_is_loaded_in_four_languages_and_marked_for_review(store):
    damage = store.vocab("damage")
    for code in (
        "foxing",
        "tear",
        "loss",
        "stain",
        "tideline",
        "water_damage",
        "mould",
        "insect_damage",
        "cockling",
        "crease",
        "fold",
        "discoloration",
        "yellowing",
        "fading",
        "brittle",
        "abrasion",
        "soiling",
        "previous_repair",
        "tape",
        "ink_corrosion",
    ):
        assert code in damage, code
        assert set(damage[code]["labels"]) >= {"en", "ru", "kk", "fa"}
        assert damage[code]["review_status"] == "awaiting review by a conservator"
    assert damage["foxing"]["aat"] == "http://vocab.getty.edu/aat/300078853"
    assert [
        store.vocab("grade")[c]["ordinal"] for c in ("good", "fair", "poor", "unacceptable")
    ] == [1, 2, 3, 4]
    assert store.label("grade", "poor", "kk") == "Нашар"
    assert store.label("damage", "tear", "fa") == "پارگی"
    for scheme in ("priority", "reason", "method", "hazard", "recommendation_kind", "treatment"):
        assert store.vocab(scheme), scheme


def test_final_check_cannot_change_through_the_api(store):
    cid, oid = _final_check(store)
    with pytest.raises(RecordLockedError):
        store.update_check(cid, summary="changed")
    with pytest.raises(RecordLockedError):
        store.add_observation(cid, "foxing", severity=1)
    with pytest.raises(RecordLockedError):
        store.update_observation(oid, note="changed")
    with pytest.raises(RecordLockedError):
        store.delete_observation(oid)
    with pytest.raises(RecordLockedError):
        store.delete_draft(cid)
    assert store.get_check(cid)["summary"] == "Torn, brittle."


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE condition_check SET summary = 'forged' WHERE id = {cid}",
        "UPDATE condition_check SET status = 'draft' WHERE id = {cid}",
        "DELETE FROM condition_check WHERE id = {cid}",
        "UPDATE observation SET severity = 1 WHERE id = {oid}",
        "DELETE FROM observation WHERE id = {oid}",
        "INSERT INTO observation (check_id, damage_code, created_at) VALUES ({cid}, 'loss', 'x')",
        "UPDATE region SET area_px = 1",
        "DELETE FROM hazard",
        "UPDATE recommendation SET text = 'none'",
        "DELETE FROM audit_log",
        "UPDATE audit_log SET actor = 'someone else'",
    ],
)
def test_triggers_block_raw_sql_on_final_check_and_audit_log(store, sql):
    cid, oid = _final_check(store)
    raw = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(sql.format(cid=cid, oid=oid))
    raw.close()
    assert store.verify()["ok"]


def test_correction_is_a_new_version_that_supersedes(store):
    cid, oid = _final_check(store)
    new = store.new_version(cid, checker="B. Ахмедов")
    c = store.get_check(new)
    assert c["status"] == "draft" and c["supersedes"] == cid and c["supersedes_ref"]
    assert c["checker"] == "B. Ахмедов"
    assert [o["damage_code"] for o in c["observations"]] == ["tear"]
    assert c["observations"][0]["first_seen_check_id"] == cid
    assert c["observations"][0]["regions"][0]["selector_value"] == "xywh=10,20,30,40"
    assert [h["hazard_code"] for h in c["hazards"]] == ["brittle_paper"]
    store.update_observation(c["observations"][0]["id"], severity=3, resolved=False)
    store.update_check(new, summary="Tear extended.")
    store.finalize_check(new, "B. Ахмедов")
    assert store.get_check(cid)["superseded_by"] == new
    assert store.get_check(cid)["summary"] == "Torn, brittle."
    with pytest.raises(ConservatorError, match="already superseded"):
        store.new_version(cid)
    assert store.verify()["ok"]


def test_finalising_needs_a_grade_and_damage_for_poor(store):
    store.add_item("I", "x")
    cid = store.create_check("I", checker="C")
    with pytest.raises(ConservatorError, match="no overall grade"):
        store.finalize_check(cid, "C")
    store.update_check(cid, grade="poor")
    with pytest.raises(ConservatorError, match="records no damage"):
        store.finalize_check(cid, "C")
    store.add_observation(cid, "mould", severity=3)
    done = store.finalize_check(cid, "C")
    assert done["status"] == "final" and len(done["record_hash"]) == 64
    assert done["signatures"][0]["name"] == "C"


def test_every_change_writes_an_audit_row_in_the_same_transaction(store):
    store.add_item("I", "x")
    n0 = len(store.audit_entries())
    cid = store.create_check("I", checker="C")
    store.update_check(cid, grade="good")
    rows = store.audit_entries("condition_check", cid)
    assert [r["action"] for r in rows] == ["create", "update"]
    # a change that fails leaves neither the change nor an audit row
    before = len(store.audit_entries())
    with pytest.raises(ConservatorError):
        store.update_check(cid, grade="excellent")
    assert len(store.audit_entries()) == before > n0
    store.finalize_check(cid, "C")
    assert store.audit_entries("condition_check", cid)[-1]["action"] == "finalize"


def _tamper(path, sql):
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER IF EXISTS audit_no_update")
    raw.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    raw.execute("DROP TRIGGER IF EXISTS check_final_no_update")
    raw.execute(sql)
    raw.commit()
    raw.close()


def test_audit_tampering_is_detected_and_names_the_row(store):
    _final_check(store)
    assert store.verify()["ok"]
    _tamper(store.path, "UPDATE audit_log SET actor = 'forger' WHERE id = 7")
    res = store.verify()
    assert not res["ok"]
    assert res["problems"][0].startswith("audit_log row 7")
    assert "was altered outside Conservator" in res["problems"][-1]  # triggers were dropped


def test_deleted_audit_row_is_detected(store):
    _final_check(store)
    _tamper(store.path, "DELETE FROM audit_log WHERE id = 5")
    res = store.verify()
    assert not res["ok"] and "row 5" in res["problems"][0]


def test_changed_final_record_is_detected_even_with_triggers_dropped(store):
    cid, _ = _final_check(store)
    _tamper(store.path, f"UPDATE condition_check SET summary = 'fine' WHERE id = {cid}")
    res = store.verify()
    assert not res["ok"]
    assert f"condition_check row {cid}" in res["problems"][0]


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Надрывы по краю листа, утраты угла", "надрыв"),
        ("Надрывы по краю листа", "НАДРЫВЫ"),
        ("Қағаздың шеті жыртылған, түлкі дақтары", "қағаз"),
        ("Қағаздың шеті жыртылған", "ЖЫРТЫЛҒАН"),
        ("لکه‌های روباهی در حاشیه‌ی کاغذ", "لکه"),
        ("پارگی در لبه‌ی کاغذ", "كاغذ"),  # typed with an Arabic kaf
        ("Foxing near the gutter", "fox"),
    ],
)
def test_full_text_search_in_russian_kazakh_persian_english(store, text, query):
    store.add_item("A-1", "something else")
    store.add_item("B-2", "another")
    cid = store.create_check("B-2", checker="x")
    store.add_observation(cid, "tear", note=text)
    hits = store.search(query)
    assert [h["inventory_no"] for h in hits] == ["B-2"]
    assert store.search("совершенно-отсутствующее") == []


def test_search_finds_item_titles_and_treats_operators_as_text(store):
    store.add_item("ҚР-1", "Абай хаттары")
    store.add_item("IR-9", "نسخه‌ی خطی شاهنامه")
    assert [h["inventory_no"] for h in store.search("хаттары")] == ["ҚР-1"]
    assert [h["inventory_no"] for h in store.search("شاهنامه")] == ["IR-9"]
    assert store.search('" OR NEAR( *') == []
    assert store.list_items(query="шахнаме") == []
    assert [r["inventory_no"] for r in store.list_items(query="абай")] == ["ҚР-1"]


HOSTILE = [
    "Robert'); DROP TABLE item;--",
    "<script>alert('x')</script> & \"quotes\"",
    '=HYPERLINK("http://evil")',
    "\u202eRTL override\u202c and \u200f marks, zero\u200bwidth",
    "NUL\x00inside and\ttabs\nnewlines",
    "emoji 📜🦠 and ﷽",
    "%s %d {0} ${HOME} `rm -rf`",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_and_returned_literally(store, text):
    store.add_item("H-1", text, notes=text)
    cid = store.create_check("H-1", checker=text, summary=text)
    oid = store.add_observation(cid, "stain", note=text, location=text)
    item = store.get_item("H-1")
    check = store.get_check(cid)
    assert item["title"] == text and item["notes"] == text
    assert check["summary"] == text and check["checker"] == text
    obs = check["observations"][0]
    assert obs["id"] == oid and obs["note"] == text and obs["location"] == text
    assert store.report_data(cid)["observations"][0]["note"] == text
    assert {"item", "condition_check"} <= set(store.db.table_names())
    assert store.verify()["ok"]


def test_regions_measure_area_in_px_mm2_and_percent(store, tmp_path):
    store.add_item("R", "x")
    cap = store.add_capture(
        "R",
        file_path=str(tmp_path / "s.tif"),
        sha256="0" * 64,
        width_px=600,
        height_px=800,
        dpi=(254.0, 254.0),
    )
    cid = store.create_check("R", checker="c", capture_id=cap)
    oid = store.add_observation(cid, "loss", severity=2)
    store.add_region(oid, polygon=[(0, 0), (100, 0), (100, 50), (0, 50)])
    store.add_region(oid, xywh=(200, 200, 10, 10))
    mask = np.zeros((800, 600), bool)
    mask[300:320, 300:330] = True
    rid = store.add_region(oid, mask=mask)
    obs = store.get_check(cid)["observations"][0]
    assert obs["area_px"] == 5000 + 100 + 600
    assert obs["area_mm2"] == pytest.approx(57.0)  # 10 px/mm
    regions = obs["regions"]
    assert regions[0]["selector_type"] == "svg" and "<polygon" in regions[0]["selector_value"]
    assert regions[0]["points"] == [[0, 0], [100, 0], [100, 50], [0, 50]]
    assert regions[2]["bbox"] == [300, 300, 30, 20]
    stored = store.files_dir / regions[2]["mask_path"]
    assert stored.exists() and stored.suffix == ".png"
    from conservator.storage.masks import read_mask

    assert np.array_equal(read_mask(store.files_dir, regions[2]["mask_path"]), mask)
    store.delete_region(rid)
    assert store.get_check(cid)["observations"][0]["area_px"] == 5100


def test_changed_mask_file_is_detected(store):
    store.add_item("M", "x")
    cid = store.create_check("M", checker="c")
    oid = store.add_observation(cid, "foxing", severity=1)
    m = np.zeros((50, 50), bool)
    m[5:9, 5:9] = True
    store.add_region(oid, mask=m)
    assert store.verify()["ok"]
    path = next((store.files_dir / "masks").glob("*.png"))
    path.write_bytes(path.read_bytes() + b"junk")
    res = store.verify()
    assert not res["ok"] and "was changed" in res["problems"][0]


def test_accept_reject_reclassify_observations(store):
    store.add_item("O", "x")
    cid = store.create_check("O", checker="c")
    a = store.add_observation(cid, "foxing", severity=1, source="automatic")
    b = store.add_observation(cid, "loss", severity=1, source="automatic")
    assert store.get_check(cid)["observations"][0]["status"] == "proposed"
    store.accept_observation(a)
    store.reject_observation(b)
    store.reclassify_observation(b, "stain")
    obs = {o["id"]: o for o in store.get_check(cid)["observations"]}
    assert obs[a]["status"] == "accepted"
    assert obs[b]["damage_code"] == "stain" and obs[b]["status"] == "accepted"
    with pytest.raises(ConservatorError, match="unknown damage type"):
        store.reclassify_observation(b, "dragon_bite")


def test_save_draft_writes_the_editor_fields_in_one_go(store):
    store.add_item("E", "old title")
    cid = store.create_check("E", checker="c")
    store.save_draft(
        cid,
        item={"title": "Новый заголовок", "location": "Шкаф 4", "inventory_no": "E"},
        check={
            "grade_code": "fair",
            "overall_grade": 2,
            "priority_code": "normal",
            "summary": "Состояние удовлетворительное",
            "checker": "Д. Нуров",
        },
        hazards=[{"hazard_code": "friable_media", "note": "пастель", "date": None}],
        recommendations=[{"kind": "storage", "text": "В папке", "code": None}],
        treatment={
            "text": "Сухая очистка",
            "status": "proposed",
            "proposed_by": "Д. Нуров",
            "approved_by": None,
            "approved_at": None,
        },
    )
    data = store.report_data(cid)
    assert data["item"]["title"] == "Новый заголовок"
    assert data["check"]["grade_code"] == "fair" and data["check"]["checker"] == "Д. Нуров"
    assert data["hazards"] == [
        {"hazard_code": "friable_media", "note": "пастель", "date": data["hazards"][0]["date"]}
    ]
    assert data["recommendations"] == [{"kind": "storage", "text": "В папке", "code": None}]
    assert data["treatment"]["text"] == "Сухая очистка"
    # saving again replaces hazards and recommendations instead of piling them up
    store.save_draft(cid, hazards=[], recommendations=[], treatment=None)
    data = store.report_data(cid)
    assert data["hazards"] == [] and data["recommendations"] == [] and data["treatment"] is None


def test_treatment_approval_after_finalisation(store):
    store.add_item("T", "x")
    cid = store.create_check("T", checker="c")
    store.add_observation(cid, "tear", severity=2)
    store.set_treatment_proposal(
        cid, "Mend with Japanese paper", proposed_by="c", treatment_codes=["mending"]
    )
    store.update_check(cid, grade="fair")
    store.finalize_check(cid, "c")
    t = store.decide_treatment(cid, approved=True, by="Head of conservation")
    assert t["status"] == "approved" and t["approved_by"] == "Head of conservation"
    store.add_treatment_record(cid, action_code="mending", note="2 tears", performed_by="c")
    with pytest.raises(RecordLockedError):
        store.set_treatment_proposal(cid, "Something else")
    assert store.verify()["ok"]  # approval does not break the frozen record hash


def test_report_data_has_the_documented_shape(store):
    store.set_institution("Central State Archive", "Almaty")
    cid, _ = _final_check(store)
    data = store.report_data(cid)
    json.dumps(data)  # JSON-ready
    assert set(data) >= {
        "institution",
        "item",
        "check",
        "capture",
        "observations",
        "measurements",
        "masks",
        "hazards",
        "recommendations",
        "treatment",
        "signatures",
        "vocab",
    }
    assert set(data["check"]) >= {
        "id",
        "ref_no",
        "check_date",
        "reason_code",
        "method_code",
        "checker",
        "overall_grade",
        "grade_code",
        "priority_code",
        "completeness_code",
        "completeness_note",
        "next_check_date",
        "summary",
        "status",
        "supersedes",
        "finalized_at",
        "finalized_by",
        "record_hash",
    }
    assert data["check"]["grade_code"] == "poor" and data["check"]["overall_grade"] == 3
    o = data["observations"][0]
    assert set(o) >= {
        "id",
        "damage_code",
        "severity",
        "location",
        "note",
        "source",
        "area_mm2",
        "area_px",
        "pct_of_leaf",
        "status",
        "regions",
    }
    assert o["regions"][0]["bbox"] == [10, 20, 30, 40]
    assert data["institution"] == {
        "name": "Central State Archive",
        "address": "Almaty",
        "logo_path": None,
    }
    assert data["vocab"]["damage"]["foxing"]["aat"] == "http://vocab.getty.edu/aat/300078853"
    assert data["vocab"]["grade"]["poor"]["ru"] == "Плохое"
    assert data["signatures"][0]["name"] == "A. Karimova"


def test_severity_rule():
    assert severity_for("foxing", {"area_pct": 0.3}) == 1
    assert severity_for("foxing", {"area_pct": 2.0}) == 2
    assert severity_for("foxing", {"area_pct": 9.0}) == 3
    assert severity_for("loss", {"area_pct": 4.0}) == 3
    assert severity_for("tear", {"longest_mm": 25.0, "area_pct": 0.01}) == 2
    assert severity_for("tear", {"longest_mm": None, "area_pct": 1.5}) == 3
    assert severity_for("fading", {"pct_delta_e00_gt_3": 50.0, "area_pct": 1.0}) == 3
    assert proposed_grade([]) == 1 and proposed_grade([1, 2]) == 2 and proposed_grade([3]) == 3


def test_backup_is_a_consistent_copy_with_masks(store, tmp_path):
    cid, _ = _final_check(store)
    oid = store.add_observation(store.new_version(cid), "foxing", severity=1)
    m = np.zeros((20, 20), bool)
    m[2:5, 2:5] = True
    store.add_region(oid, mask=m)
    dest = store.backup(tmp_path / "bk" / "copy.db")
    copy = open_db(dest)
    assert copy.verify()["ok"]
    assert len(copy.list_checks()) == 2
    assert copy.verify()["masks"] == 1


def test_changing_an_approved_treatment_in_a_new_version_needs_a_new_decision(store):
    store.add_item("T2", "x")
    cid = store.create_check("T2", checker="c")
    store.add_observation(cid, "tear", severity=2)
    store.set_treatment_proposal(cid, "Mend the tear", proposed_by="c")
    store.update_check(cid, grade="fair")
    store.finalize_check(cid, "c")
    store.decide_treatment(cid, approved=True, by="Head")
    new = store.new_version(cid)
    assert store.get_check(new)["treatment"]["status"] == "approved"
    store.set_treatment_proposal(new, "Mend the tear and wash the leaf", proposed_by="c")
    t = store.get_check(new)["treatment"]
    assert t["status"] == "proposed" and t["approved_by"] is None
    assert store.get_check(cid)["treatment"]["status"] == "approved"


def test_search_covers_summaries_hazards_recommendations_and_treatment(store):
    store.add_item("S-1", "x")
    cid = store.create_check("S-1", checker="c", summary="Общее состояние удовлетворительное")
    store.add_hazard(cid, "active_mould", note="белсенді зең іздері")
    store.add_recommendation(cid, "storage", "نگهداری در جعبه‌ی بدون اسید")
    store.set_treatment_proposal(cid, "Washing and deacidification")
    for q in ("удовлетворительное", "зең", "جعبه", "deacidification"):
        assert [h["inventory_no"] for h in store.search(q)] == ["S-1"], q
    store.save_draft(cid, hazards=[], recommendations=[], treatment=None)
    assert store.search("зең") == [] and store.search("جعبه") == []
