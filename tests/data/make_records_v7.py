"""Make ``records_v7.db``: a records database written by Conservator at schema version 7,
whose final check has record format 2.

The tamper-evidence tests (``tests/core/test_tamper.py``) open a copy of it with the current
code: a record finalised in an older format keeps verifying with that format. To remake it,
run this file with the code of the last schema-7 commit (``git worktree add /tmp/v7
6dbf4fb``), from that checkout:

    PYTHONPATH=. python <this repo>/tests/data/make_records_v7.py <this repo>/tests/data

It records, through that version's own ``Store`` API: an institution, an item, a capture,
a check assessed with a (small, synthetic) analysis result, a manual polygon finding, a
hazard, a recommendation and a treatment proposal; the check is reviewed (foxing accepted,
loss rejected) and finalised; afterwards, as allowed, the treatment is approved, a second
person countersigns and the item's title is corrected. A second check stays a draft.
"""

import shutil
import sqlite3
import sys
from pathlib import Path

import numpy as np

from conservator.storage import open_db
from conservator.storage.migrations import LATEST


class Result:
    def __init__(self, w=64, h=48, ppm=4.0):
        fox = np.zeros((h, w), bool)
        fox[5:9, 5:9] = True
        fox[20:22, 30:33] = True
        loss = np.zeros((h, w), bool)
        loss[40:48, 0:10] = True
        self.masks = {"foxing": fox, "loss": loss}
        leaf = w * h
        self._d = {
            "scan": {"sha256": "ab" * 32, "width": w, "height": h},
            "leaf": {"area_px": leaf, "area_mm2": leaf / ppm**2},
            "warnings": [],
            "detectors": {
                "foxing": {
                    "name": "foxing",
                    "version": "0.9.0",
                    "parameters": {"min_mm": 0.2},
                    "measurements": {
                        "count": 2,
                        "area_px": 22,
                        "area_mm2": 22 / ppm**2,
                        "area_pct": 100 * 22 / leaf,
                        "median_diameter_mm": 0.9,
                    },
                    "instances": [
                        {"id": 1, "bbox": [5, 5, 4, 4], "area_px": 16, "area_mm2": 1.0},
                        {"id": 2, "bbox": [30, 20, 3, 2], "area_px": 6, "area_mm2": 0.375},
                    ],
                },
                "loss": {
                    "name": "loss",
                    "version": "0.9.0",
                    "parameters": {},
                    "measurements": {
                        "count": 1,
                        "area_px": 80,
                        "area_mm2": 5.0,
                        "area_pct": 100 * 80 / leaf,
                    },
                    "instances": [{"id": 1, "bbox": [0, 40, 10, 8], "area_px": 80}],
                },
            },
        }

    def to_dict(self):
        return self._d


def main(out_dir: str) -> None:
    assert LATEST == 7, f"run this with the schema-7 code, not schema {LATEST}"
    out = Path(out_dir) / "records_v7.db"
    for p in (out, Path(f"{out}.files")):
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    store = open_db(out)
    store.actor = "Айгерим Қасымова"
    store.set_institution("Central State Archive", "Almaty")
    store.add_item("КП-7", "Грамота", object_type="document")
    cap = store.add_capture(
        "КП-7", file_path="leaf.png", sha256="ab" * 32, width_px=64, height_px=48, px_per_mm=4.0
    )
    cid = store.create_check("КП-7", checker="Айгерим Қасымова", capture_id=cap)
    store.record_analysis(cid, cap, Result())
    for o in store.get_check(cid)["observations"]:
        if o["damage_code"] == "foxing":
            store.accept_observation(o["id"])
        else:
            store.reject_observation(o["id"])
    oid = store.add_observation(cid, "tear", severity=2, note="надрыв по сгибу")
    store.add_region(oid, polygon=[(40, 5), (60, 5), (60, 10)])
    store.add_hazard(cid, "active_mould", note="check")
    store.add_recommendation(cid, "handling", "support the leaf")
    store.set_treatment_proposal(cid, "dry clean", treatment_codes=["surface_cleaning"])
    store.update_check(cid, grade="fair", summary="stable")
    store.finalize_check(cid, "Айгерим Қасымова")
    store.decide_treatment(cid, approved=True, by="Director")
    store.add_signature(cid, "Берик Ахметов", "approver")
    store.update_item("КП-7", title="Грамота хана")
    draft = store.create_check("КП-7", checker="Берик", capture_id=cap)
    store.record_analysis(draft, cap, Result())
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("PRAGMA journal_mode=DELETE")
    store.close()
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
