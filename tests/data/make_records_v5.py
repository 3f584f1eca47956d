"""Make ``records_v5.db``: a records database written by Conservator at schema version 5.

The migration test (``tests/core/test_storage_migration6.py``) opens a copy of it with the
current code. To remake it, run this file with the code of the last schema-5 commit
(``git worktree add /tmp/v5 3097a84``), from that checkout:

    PYTHONPATH=. python <this repo>/tests/data/make_records_v5.py <this repo>/tests/data

It records, through that version's own ``Store`` API: an institution, an item, a capture,
a check assessed with a (small, synthetic) analysis result — one automatic observation per
class with its class mask and instance rectangles — plus a manual polygon observation, a
hazard and a recommendation; the check is reviewed (foxing accepted, loss rejected) and
finalised. A second check stays a draft.
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
    assert LATEST == 5, f"run this with the schema-5 code, not schema {LATEST}"
    out = Path(out_dir) / "records_v5.db"
    for p in (out, Path(f"{out}.files")):
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    store = open_db(out)
    store.actor = "Айгерим Қасымова"
    store.set_institution("Central State Archive", "Almaty")
    store.add_item("КП-5", "Грамота", object_type="document")
    cap = store.add_capture(
        "КП-5", file_path="leaf.png", sha256="ab" * 32, width_px=64, height_px=48, px_per_mm=4.0
    )
    cid = store.create_check("КП-5", checker="Айгерим Қасымова", capture_id=cap)
    store.record_analysis(cid, cap, Result())
    obs = {o["damage_code"]: o["id"] for o in store.get_check(cid)["observations"]}
    store.accept_observation(obs["foxing"])
    store.reject_observation(obs["loss"])
    oid = store.add_observation(cid, "tear", severity=2, note="надрыв по сгибу")
    store.add_region(oid, polygon=[(40, 5), (60, 5), (60, 10)])
    store.add_hazard(cid, "active_mould", note="check")
    store.add_recommendation(cid, "handling", "support the leaf")
    store.update_check(cid, grade="fair", summary="stable")
    store.finalize_check(cid, "Айгерим Қасымова")
    draft = store.create_check("КП-5", checker="Берик", capture_id=cap)
    store.record_analysis(draft, cap, Result())
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.conn.execute("PRAGMA journal_mode=DELETE")
    store.close()
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
