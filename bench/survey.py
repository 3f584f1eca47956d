"""Pages per hour of ``conservator survey`` on 1 and 2 local Dask workers, and the speed-up.

Usage::

    python bench/survey.py [--pages 50] [--ppi 300] [--size a4] [--folder DIR] [--workers 1,2]

Without ``--folder`` the pages (demo pages with every damage class, sRGB TIFF) are generated
into a temporary folder first (``--folder DIR`` keeps them there for the next run). For each
worker count a fresh database, a census of the folder (``--all``) and a fresh
``LocalCluster`` (one thread per worker process, and one thread per page analysis so that the
comparison is of processes, not of the band threads); the time counted is from the first page
submitted to the last page stored (cluster start-up is printed apart). Printed: pages per hour,
the speed-up over one worker (target ≥ 1.8× on 2 cores), and the peak resident memory of each
worker process (``getrusage`` inside the worker). The machine may be shared: the numbers are
noisy, say so when reporting them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def make_pages(folder: Path, n: int, ppi: float, size: str) -> None:
    from conservator.demo import generate_page, page_seed
    from conservator.demo.write import write_scan

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        path = folder / f"page-{i:03d}.tif"
        if path.exists():
            continue
        page = generate_page(page_seed(16, i), ppi=ppi, size=size)
        write_scan(page.rgb, path, ppi)
        print(f"generated {path.name}", file=sys.stderr, flush=True)


def one(folder: Path, workers: int, tmp: Path) -> dict:
    from conservator.storage import open_db
    from conservator.survey.run import Engine, plan_survey, run_survey

    db = tmp / f"bench-{workers}.db"
    t0 = time.perf_counter()
    with open_db(db) as store:
        survey, _ = plan_survey(store, folder, name=f"bench-{workers}", census=True, seed=1)
        with Engine(workers=workers, threads=1) as engine:
            engine.wait_for_workers(workers)
            startup = time.perf_counter() - t0
            stats = run_survey(store, survey, engine)
    n = stats.analysed
    return {
        "workers": workers,
        "pages": n,
        "failed": stats.failed,
        "seconds": stats.seconds,
        "startup": startup,
        "pages_per_hour": n * 3600 / stats.seconds if stats.seconds else 0.0,
        "peak_mb": sorted(stats.worker_peak_rss_mb.values()),
        "page_s": sorted(s for s in stats.page_seconds if s is not None),
        "cpu_s": sorted(s for s in stats.page_cpu_seconds if s is not None),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--ppi", type=float, default=300)
    ap.add_argument("--size", default="a4")
    ap.add_argument("--folder", default=None, help="where the pages are (made if missing)")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="survey-bench-") as tmpdir:
        tmp = Path(tmpdir)
        folder = Path(args.folder) if args.folder else tmp / "pages"
        make_pages(folder, args.pages, args.ppi, args.size)
        print(
            f"{args.pages} pages {args.size.upper()} at {args.ppi:g} ppi; "
            f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}"
        )
        results = []
        for w in [int(v) for v in args.workers.split(",")]:
            r = one(folder, w, tmp)
            results.append(r)
            med = r["page_s"][len(r["page_s"]) // 2] if r["page_s"] else float("nan")
            cpu = r["cpu_s"][len(r["cpu_s"]) // 2] if r["cpu_s"] else float("nan")
            print(
                f"{w} worker{'s' if w > 1 else ' '}: {r['pages']} pages in {r['seconds']:.1f} s "
                f"= {r['pages_per_hour']:.0f} pages/h (cluster start {r['startup']:.1f} s, "
                f"median {med:.2f} s wall, {cpu:.2f} s CPU per page in a worker); "
                "peak memory per worker: " + ", ".join(f"{m:.0f} MB" for m in r["peak_mb"]),
                flush=True,
            )
        base = results[0]["pages_per_hour"]
        for r in results[1:]:
            print(
                f"speed-up {r['workers']} vs {results[0]['workers']} workers: "
                f"{r['pages_per_hour'] / base:.2f}x (target >= 1.8x on 2 cores)"
            )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        cpu = [c for r in results for c in r["cpu_s"]]
        if cpu:
            per = sorted(cpu)[len(cpu) // 2]
            print(
                f"CPU per page (median over all runs) {per:.2f} s: an idle {os.cpu_count()}-core "
                f"machine can do at most {os.cpu_count() * 3600 / per:.0f} pages/h"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
