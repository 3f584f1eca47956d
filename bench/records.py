"""Records store timings: a database with 10 000 condition checks.

    python bench/records.py                  # 10 000 checks over 2 000 items
    python bench/records.py --checks 2000    # smaller
    python bench/records.py --items 10000    # one check per item

Builds the database through the ordinary Store API (every check with 3 observations, a region,
a grade, 80 % of them finalised, each change with its audit row), then times what a person
waits for: listing items (library call and the ``conservator items list --json`` command),
listing an item's checks, opening a check, full-text search in Russian/Kazakh/Persian,
``verify`` over the whole audit chain, a backup, a check with 1 000 findings (record them,
open, derive the per-class numbers, review all, finalise), and storing a 100 MP damage mask
as PNG.
Prints medians of repeated runs. The machine is shared: timings are noisy, compare runs made
back to back. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

NOTES = [
    "Надрывы по краю листа, утраты угла",
    "Қағаздың шеті жыртылған, түлкі дақтары бар",
    "لکه‌های روباهی در حاشیه‌ی کاغذ",
    "Foxing near the gutter, tide line at the foot",
]


def timed(fn, repeat: int = 7) -> tuple[float, object]:
    """Median wall time (s) and the last result."""
    secs, _cpu, out = timed_cpu(fn, repeat)
    return secs, out


def timed_cpu(fn, repeat: int = 7) -> tuple[float, float, object]:
    """Median wall and CPU time (s) of ``fn()`` and its last result."""
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), out


def build(store, n_items: int, n_checks: int) -> float:
    t0 = time.perf_counter()
    per_item = max(1, n_checks // n_items)
    made = 0
    rng = np.random.default_rng(1)
    codes = ["foxing", "loss", "tear", "fading", "stain", "tideline", "mould", "crease"]
    with store.transaction():
        for i in range(n_items):
            store.add_item(
                f"INV-{i:06d}",
                f"Документ {i} — {NOTES[i % 4][:20]}",
                object_type="document",
                location=f"Хранилище {i % 7}",
            )
    batch = 250
    while made < n_checks:
        with store.transaction():
            for _ in range(min(batch, n_checks - made)):
                inv = f"INV-{made % n_items:06d}"
                cid = store.create_check(
                    inv, checker=f"Conservator {made % 5}", reason_code="routine_survey"
                )
                for k in range(3):
                    oid = store.add_observation(
                        cid,
                        codes[int(rng.integers(len(codes)))],
                        severity=1 + k % 3,
                        note=NOTES[(made + k) % 4],
                    )
                    if k == 0:
                        store.add_region(oid, xywh=(10, 10, 50 + k, 40))
                store.update_check(cid, grade=1 + made % 4 if made % 4 != 3 else 3)
                if made % 5:
                    store.finalize_check(cid, f"Conservator {made % 5}")
                made += 1
        print(f"  built {made}/{n_checks} checks ({per_item} per item)", file=sys.stderr)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checks", type=int, default=10_000)
    ap.add_argument("--items", type=int, default=2_000)
    ap.add_argument("--keep", metavar="DB", help="build (or reuse) this database file")
    args = ap.parse_args(argv)

    from conservator.storage import open_db
    from conservator.storage.masks import write_mask

    tmp = tempfile.TemporaryDirectory()
    path = Path(args.keep) if args.keep else Path(tmp.name) / "bench.db"
    store = open_db(path)
    if not store.list_items(limit=1):
        secs = build(store, args.items, args.checks)
        print(
            f"build: {args.checks} checks, {args.items} items via the Store API: {secs:.1f} s "
            f"({1000 * secs / args.checks:.2f} ms per check with 3 observations, audited)"
        )
    n_checks = store.conn.execute("SELECT COUNT(*) FROM condition_check").fetchone()[0]
    n_items = store.conn.execute("SELECT COUNT(*) FROM item").fetchone()[0]
    n_audit = store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size_mb = path.stat().st_size / 1e6
    print(f"database: {n_items} items, {n_checks} checks, {n_audit} audit rows, {size_mb:.1f} MB")

    rows = [
        ("list_items() all items", lambda: store.list_items()),
        ("list_items(limit=100)", lambda: store.list_items(limit=100)),
        ("list_items(order='activity')", lambda: store.list_items(order="activity")),
        ("list_checks(item)", lambda: store.list_checks("INV-000042")),
        ("list_checks() all", lambda: store.list_checks()),
        ("get_check(id)", lambda: store.get_check(n_checks // 2)),
        ("report_data(id)", lambda: store.report_data(n_checks // 2)),
        ("search('надрыв')", lambda: store.search("надрыв")),
        ("search('қағаз')", lambda: store.search("қағаз")),
        ("search('لکه')", lambda: store.search("لکه")),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs (wall times stretch under load)")
    print(f"{'operation':<32} {'wall':>10} {'CPU':>10}  result")
    for name, fn in rows:
        secs, cpu, out = timed_cpu(fn)
        size = len(out) if isinstance(out, list) else 1
        print(f"{name:<32} {secs * 1000:>7.1f} ms {cpu * 1000:>7.1f} ms  {size} rows")

    env = {**os.environ, "CONSERVATOR_DB": str(path)}
    cli = [sys.executable, "-m", "conservator", "items", "list", "--json"]
    secs, _ = timed(lambda: subprocess.run(cli, env=env, capture_output=True, check=True), 3)
    base = [sys.executable, "-c", "import conservator.cli"]
    base_s, _ = timed(lambda: subprocess.run(base, capture_output=True, check=True), 3)
    print(
        f"{'CLI items list --json':<32} {secs * 1000:>8.1f} ms  whole process "
        f"(of which Python start + CLI import {base_s * 1000:.0f} ms)"
    )

    secs, res = timed(lambda: store.verify(), 1)
    print(
        f"{'verify()':<32} {secs * 1000:>8.1f} ms  ok={res['ok']}, {res['audit_rows']} audit "
        f"rows, {res['final_checks']} final checks re-hashed"
    )
    secs, _ = timed(lambda: store.backup(Path(tmp.name) / "copy.db"), 1)
    print(f"{'backup()':<32} {secs * 1000:>8.1f} ms")

    # one check with many findings (a heavily foxed leaf): record, open, derive, review, sign
    n_found = 1000
    instances = [
        {
            "id": i + 1,
            "bbox": [10 + (i % 40) * 200, 10 + (i // 40) * 300, 12, 12],
            "area_px": 100,
            "area_mm2": 0.18,
            "diameter_mm": 0.48,
        }
        for i in range(n_found)
    ]
    result = {
        "scan": {"sha256": "0" * 64},
        "leaf": {"area_px": 8_000 * 11_000, "area_mm2": 62_000.0},
        "detectors": {
            "foxing": {
                "name": "foxing",
                "version": "bench",
                "parameters": {},
                "measurements": {
                    "count": n_found,
                    "area_px": 100 * n_found,
                    "median_diameter_mm": 0.48,
                    "density_per_100cm2": 1.6,
                },
                "instances": instances,
            }
        },
    }
    store.add_item("BENCH-FINDINGS", "many findings")
    cap = store.add_capture("BENCH-FINDINGS", file_path="x.tif", sha256="0" * 64, px_per_mm=23.6)
    cid = store.create_check("BENCH-FINDINGS", checker="bench", capture_id=cap)
    t = time.perf_counter()
    store.record_analysis(cid, cap, result)
    rec_s = time.perf_counter() - t
    print(
        f"{'record_analysis, 1000 findings':<32} {rec_s * 1000:>8.1f} ms  (one row each, audited)"
    )
    for name, fn in (
        ("findings(check), 1000", lambda: store.findings(cid)),
        ("summaries(check), 1000", lambda: store.summaries(cid)),
        ("report_data(check), 1000", lambda: store.report_data(cid)),
    ):
        secs, cpu, _ = timed_cpu(fn, 3)
        print(f"{name:<32} {secs * 1000:>7.1f} ms {cpu * 1000:>7.1f} ms")
    changes = [
        {"no": n, "status": "rejected" if n % 10 == 0 else "accepted"}
        for n in range(1, n_found + 1)
    ]
    t = time.perf_counter()
    store.review_findings(cid, changes, actor="bench")
    print(f"{'review_findings, 1000 changes':<32} {(time.perf_counter() - t) * 1000:>8.1f} ms")
    store.update_check(cid, grade="fair")
    t = time.perf_counter()
    store.finalize_check(cid, "bench")
    print(f"{'finalize_check, 1000 findings':<32} {(time.perf_counter() - t) * 1000:>8.1f} ms")

    mask = np.zeros((12000, 8500), bool)
    rng = np.random.default_rng(0)
    for _ in range(400):
        y, x = rng.integers(0, 11900), rng.integers(0, 8400)
        mask[y : y + rng.integers(5, 60), x : x + rng.integers(5, 60)] = True
    t = time.perf_counter()
    rel, _sha, _n = write_mask(Path(tmp.name) / "files", mask)
    secs = time.perf_counter() - t
    kb = (Path(tmp.name) / "files" / rel).stat().st_size / 1024
    print(
        f"{'write 100 MP mask (1-bit PNG)':<32} {secs * 1000:>8.1f} ms  {kb:.0f} KB on disk "
        "(400 spots)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB (includes the 100 MP test mask)")
    store.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
