"""PDF report build time and size: a 10-page condition report with 6 images.

    python bench/pdf.py                    # A4 scan at 300 ppi, English, 5 repeats
    python bench/pdf.py --lang fa --second-lang en
    python bench/pdf.py --ppi 600          # a 35 MP scan

Writes a synthetic scanned leaf with four damage masks (``tests/core/report_fixtures.py``), adds
manual observations until the report has about 10 pages, keeps 5 detail crops (so the report
holds 6 pictures: the damage map and 5 details, each a JPEG with a lossless overlay), then
times ``render_report`` end to end: reading the scan and masks, drawing, PDF/A-2b conversion
and pikepdf's validation of the written file. Targets: at most 2 s and 8 MB.
Prints the median and the fastest run. The machine is shared: timings are noisy; compare runs
made back to back. No timing is asserted anywhere.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pikepdf  # noqa: E402

from conservator.report import pdf as report_pdf  # noqa: E402
from tests.core.report_fixtures import make_report_data  # noqa: E402

A4_MM = (210, 297)


def count_images(path: Path) -> tuple[int, int]:
    """(JPEG pictures, lossless overlays) in the file."""
    jpeg = other = 0
    seen = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for obj in page.get_images().values():
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
                if "/DCTDecode" in str(obj.get("/Filter")):
                    jpeg += 1
                else:
                    other += 1
    return jpeg, other


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ppi", type=int, default=300, help="scan resolution (default 300)")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--second-lang", default=None)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--extra-obs", type=int, default=20, help="manual observations (page count)")
    ap.add_argument("--details", type=int, default=5, help="detail crops (default 5)")
    ap.add_argument("--grain", type=float, default=8.0, help="paper texture noise (default 8)")
    args = ap.parse_args()

    size = (round(A4_MM[0] / 25.4 * args.ppi), round(A4_MM[1] / 25.4 * args.ppi))
    report_pdf.MAX_DETAILS = args.details
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        data = make_report_data(
            tmp / "data",
            size=size,
            ppi=args.ppi,
            n_foxing=40,
            n_extra_obs=args.extra_obs,
            scan_format="png",
            grain=args.grain,
        )
        print(
            f"scan {size[0]} × {size[1]} px ({size[0] * size[1] / 1e6:.1f} MP, {args.ppi} ppi) "
            f"+ 4 masks written in {time.perf_counter() - t:.1f} s"
        )
        out = tmp / "report.pdf"
        times, cpu = [], []
        for i in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            report_pdf.render_report(data, out, lang=args.lang, second_lang=args.second_lang)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            print(f"  run {i + 1}: {times[-1]:.2f} s wall, {cpu[-1]:.2f} s CPU")
        with pikepdf.open(out) as pdf:
            pages = len(pdf.pages)
        jpeg, overlays = count_images(out)
        size_mb = out.stat().st_size / 1e6
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = args.lang + (f"+{args.second_lang}" if args.second_lang else "")
    print(f"report ({label}): {pages} pages, {jpeg} JPEG pictures + {overlays} lossless overlays")
    print(
        f"build time: median {statistics.median(times):.2f} s, fastest {min(times):.2f} s "
        f"wall; median {statistics.median(cpu):.2f} s CPU (target ≤ 2 s)"
    )
    print(f"file size: {size_mb:.2f} MB (target ≤ 8 MB)")
    print(f"peak RSS of this process: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
