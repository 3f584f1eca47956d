"""Timings of the app's review session on a check with many findings (conservator.storage.review).

    PYTHONPATH=. python bench/review.py                 # 100, 1 000 and 5 000 findings
    PYTHONPATH=. python bench/review.py --findings 300

For each size: the first save (the analysis recorded, one proposed finding per detected spot),
a save accepting every finding, a save with nothing changed (what an autosave after an edit
costs on the GUI thread) and opening the check again (``open_review``). Prints medians of
three runs; the machine is shared, so compare runs made back to back. No timing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from conservator.storage import open_db
from conservator.storage.review import open_review, save_review


def _analysis(n: int) -> dict:
    inst = [
        {
            "id": i + 1,
            "bbox": [(i * 13) % 4000, (i * 13 // 4000) * 30, 10, 10],
            "area_px": 80,
            "area_mm2": 0.55,
            "diameter_mm": 0.84,
        }
        for i in range(n)
    ]
    return {
        "scan": {"width": 5000, "height": 7000},
        "leaf": {"area_px": 35_000_000, "area_mm2": 35_000_000 / 144, "bbox": [0, 0, 5000, 7000]},
        "units": "mm",
        "warnings": [],
        "detectors": {
            "foxing": {
                "measurements": {"count": n, "area_px": 80 * n, "area_mm2": 0.55 * n},
                "instances": inst,
            }
        },
    }


def run(n: int, folder: Path) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(dir=folder))
    store = open_db(folder / f"review-{n}.db")
    store.actor = "bench"
    store.add_item("BENCH", "A leaf")
    cap = store.add_capture(
        "BENCH",
        file_path=str(folder / "leaf.tif"),
        sha256="0" * 64,
        width_px=5000,
        height_px=7000,
        px_per_mm=12.0,
    )
    cid = store.create_check("BENCH", checker="bench", capture_id=cap)
    entries = [
        {
            "key": i,
            "no": None,
            "source": "automatic",
            "detector": "foxing",
            "instance_id": i + 1,
            "damage_code": "foxing",
            "status": "proposed",
            "severity": 1,
            "note": None,
        }
        for i in range(n)
    ]
    out = {}
    t = time.perf_counter()
    saved = save_review(store, cid, entries, analysis=_analysis(n), capture_id=cap)
    out["first save"] = time.perf_counter() - t
    for e in entries:
        e["no"], e["status"] = saved["numbers"][e["key"]], "accepted"
    t = time.perf_counter()
    save_review(store, cid, entries)
    out["accept all"] = time.perf_counter() - t
    t = time.perf_counter()
    save_review(store, cid, entries)
    out["save unchanged"] = time.perf_counter() - t
    t = time.perf_counter()
    review = open_review(store, cid)
    out["open"] = time.perf_counter() - t
    assert len(review["findings"]) == n
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--findings", type=int, nargs="*", default=[100, 1000, 5000])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.findings:
            runs = [run(n, Path(tmp)) for _ in range(3)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"{n:>6} findings: " + ", ".join(f"{k} {v:.2f} s" for k, v in med.items()))


if __name__ == "__main__":
    main()
