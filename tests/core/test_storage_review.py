"""A review saved with conservator.storage.review comes back from open_review 1:1 (no Qt)."""

from __future__ import annotations

import pytest

from conservator.errors import RecordLockedError
from conservator.storage import open_db
from conservator.storage.review import open_review, save_review

PPM = 10.0  # 254 ppi


def _analysis() -> dict:
    """An analysis result's ``to_dict()``: two foxing spots and one loss (no masks)."""
    mm2 = 1 / PPM**2
    inst = [
        {"id": 1, "bbox": [100, 800, 20, 20], "area_px": 400, "area_mm2": 4.0, "diameter_mm": 2.3},
        {"id": 2, "bbox": [600, 900, 10, 10], "area_px": 100, "area_mm2": 1.0, "diameter_mm": 1.1},
    ]
    return {
        "scan": {"width": 1000, "height": 1400},
        "leaf": {"area_px": 1_400_000, "area_mm2": 1_400_000 * mm2, "bbox": [0, 0, 1000, 1400]},
        "units": "mm",
        "warnings": [],
        "detectors": {
            "foxing": {
                "measurements": {"count": 2, "area_px": 500, "area_mm2": 5.0},
                "instances": inst,
            },
            "loss": {
                "measurements": {"count": 1, "area_px": 80000, "area_mm2": 800.0},
                "instances": [
                    {"id": 1, "bbox": [300, 200, 400, 200], "area_px": 80000, "area_mm2": 800.0}
                ],
            },
        },
    }


@pytest.fixture
def draft(tmp_path):
    store = open_db(tmp_path / "records.db")
    store.actor = "A. Bekova"
    store.add_item("INV-R", "Letter")
    cap = store.add_capture(
        "INV-R",
        file_path=str(tmp_path / "leaf.tif"),
        sha256="0" * 64,
        width_px=1000,
        height_px=1400,
        px_per_mm=PPM,
    )
    cid = store.create_check("INV-R", checker="A. Bekova", capture_id=cap)
    yield store, cid, cap
    store.close()


def _entries():
    square = [(100.0, 1000.0), (200.0, 1000.0), (200.0, 1100.0), (100.0, 1100.0)]
    return [
        {
            "key": "fox1",
            "no": None,
            "source": "automatic",
            "detector": "foxing",
            "instance_id": 1,
            "damage_code": "foxing",
            "status": "accepted",
            "severity": 1,
            "note": None,
        },
        {
            "key": "fox2",
            "no": None,
            "source": "automatic",
            "detector": "foxing",
            "instance_id": 2,
            "damage_code": "stain",
            "status": "accepted",
            "severity": 2,
            "note": "a ring",
        },
        {
            "key": "loss",
            "no": None,
            "source": "automatic",
            "detector": "loss",
            "instance_id": 1,
            "damage_code": "loss",
            "status": "rejected",
            "severity": 1,
            "note": None,
        },
        {
            "key": "drawn",
            "no": None,
            "source": "manual",
            "damage_code": "tear",
            "status": "accepted",
            "severity": 3,
            "note": "edge",
            "polygon": square,
            "measurements": {"area_mm2": 100.0, "longest_mm": 14.14},
            "author": "A. Bekova",
        },
    ]


def test_saved_review_reopens_one_to_one(draft):
    store, cid, cap = draft
    result = save_review(store, cid, _entries(), analysis=_analysis(), capture_id=cap)
    numbers = result["numbers"]
    assert sorted(numbers) == ["drawn", "fox1", "fox2", "loss"]
    assert len(set(numbers.values())) == 4
    review = open_review(store, cid)
    assert not review["final"] and review["capture"]["id"] == cap
    by_no = {f["no"]: f for f in review["findings"]}
    assert len(by_no) == 4
    fox2 = by_no[numbers["fox2"]]
    assert (fox2["damage_code"], fox2["reclassified_from"], fox2["status"]) == (
        "stain",
        "foxing",
        "accepted",
    )
    assert fox2["severity"] == 2 and fox2["note"] == "a ring" and fox2["reviewed_by"] == "A. Bekova"
    assert by_no[numbers["loss"]]["status"] == "rejected"
    drawn = by_no[numbers["drawn"]]
    assert drawn["source"] == "manual" and drawn["author"] == "A. Bekova"
    assert drawn["measurements"]["longest_mm"] == 14.14
    assert drawn["area_mm2"] == pytest.approx(100.0)
    # the derived numbers: rejected loss absent, the drawn tear and the re-classified stain in
    assert set(review["summaries"]) >= {"foxing", "stain", "tear"}
    assert not review["summaries"].get("loss", {}).get("count")


def test_saving_again_changes_in_place_and_deletes_what_was_deleted(draft):
    store, cid, cap = draft
    first = save_review(store, cid, _entries(), analysis=_analysis(), capture_id=cap)
    entries = _entries()
    for e in entries:
        e["no"] = first["numbers"][e["key"]]
    entries[0]["status"] = "rejected"
    entries[1]["note"] = None  # the note is cleared
    moved = [(x + 50, y) for x, y in entries[3]["polygon"]]
    moved[0] = (140.0, 990.0)
    entries[3]["polygon"] = moved
    entries[3]["measurements"] = {"area_mm2": 97.0, "longest_mm": 15.0}
    second = save_review(store, cid, entries)
    assert second["numbers"] == first["numbers"]
    by_no = {f["no"]: f for f in second["findings"]}
    assert by_no[first["numbers"]["fox1"]]["status"] == "rejected"
    assert by_no[first["numbers"]["fox2"]]["note"] is None
    drawn = by_no[first["numbers"]["drawn"]]
    assert drawn["measurements"]["longest_mm"] == 15.0
    assert drawn["regions"][0]["points"][0] == [140.0, 990.0]
    # the drawn region deleted by the user is deleted; detector findings stay
    third = save_review(store, cid, entries[:3])
    assert first["numbers"]["drawn"] not in {f["no"] for f in third["findings"]}
    assert len(third["findings"]) == 3


def test_a_final_check_refuses_a_review(draft):
    store, cid, cap = draft
    first = save_review(store, cid, _entries(), analysis=_analysis(), capture_id=cap)
    store.update_check(cid, grade="fair")
    store.finalize_check(cid, "A. Bekova")
    entries = _entries()
    entries[0]["no"] = first["numbers"]["fox1"]
    entries[0]["status"] = "rejected"
    with pytest.raises(RecordLockedError, match="new version"):
        save_review(store, cid, entries)
    assert open_review(store, cid)["final"]
