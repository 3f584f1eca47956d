"""Batch review: the pure choice of findings a batch action changes (app and CLI share it)."""

import pytest

from conservator.storage.review import batch_targets, finding_bbox


def _f(key, cls, status="proposed", area=1.0, bbox=(0, 0, 10, 10)):
    return {"key": key, "damage_code": cls, "status": status, "area_mm2": area, "bbox": bbox}


FINDINGS = [
    _f(1, "foxing", area=0.3, bbox=(10, 10, 5, 5)),
    _f(2, "foxing", area=2.5, bbox=(100, 100, 20, 20)),
    _f(3, "foxing", area=4.0, status="rejected", bbox=(200, 200, 30, 30)),
    _f(4, "loss", area=9.0, bbox=(105, 105, 10, 10)),
    _f(5, "foxing", area=None, bbox=(0, 0, 1, 1)),
    _f(6, "foxing", area=3.0, status="accepted"),
]


def test_accept_one_class_above_an_area_leaves_reviewed_ones():
    assert batch_targets(FINDINGS, "accept", damage_code="foxing", min_area_mm2=1.0) == [2]
    # a person's reject is overturned only when asked
    assert batch_targets(
        FINDINGS, "accept", damage_code="foxing", min_area_mm2=1.0, include_reviewed=True
    ) == [2, 3]


def test_reject_in_a_region_takes_only_findings_wholly_inside():
    assert batch_targets(FINDINGS, "reject", region=(90, 90, 130, 130)) == [2, 4]
    assert batch_targets(FINDINGS, "reject", region=(130, 130, 90, 90)) == [2, 4]  # any corner
    assert batch_targets(FINDINGS, "reject", region=(90, 90, 110, 130)) == []  # cut by the edge


def test_selection_and_stored_regions():
    assert batch_targets(FINDINGS, "reject", keys=[1, 4, 6]) == [1, 4]
    stored = [
        {"no": 7, "damage_code": "stain", "status": "proposed", "area_mm2": 1.0,
         "regions": [{"bbox": None, "points": [[5, 5], [15, 5], [15, 25]]}]},
    ]  # fmt: skip
    assert finding_bbox(stored[0]) == (5.0, 5.0, 10.0, 20.0)
    assert batch_targets(stored, "accept", region=(0, 0, 20, 30)) == [7]
    with pytest.raises(ValueError):
        batch_targets(FINDINGS, "delete")
