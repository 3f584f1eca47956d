"""Time and peak memory of demo-page generation (each case in a fresh process).

    python bench/demo.py                 # A4 300, A4 600, A3 600 ppi
    python bench/demo.py a3:600 a4:300   # chosen cases (size:ppi)

Prints generation time, writing time (LZW TIFF + 5 mask PNGs) and the peak resident memory of
the process (ru_maxrss, which includes the ~100 MB of imported libraries). Timings on a shared
machine are noisy: compare runs made back to back.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile

CHILD = r"""
import json, resource, sys, time, tempfile
from conservator.demo import generate_page, write_page
size, ppi, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0 = time.perf_counter()
page = generate_page(seed, ppi=ppi, size=size)
t1 = time.perf_counter()
with tempfile.TemporaryDirectory() as d:
    write_page(page, d, 1, "tif")
t2 = time.perf_counter()
h, w = page.rgb.shape[:2]
print(json.dumps({"size": size, "ppi": ppi, "width": w, "height": h, "mp": round(w * h / 1e6, 1),
                  "generate_s": round(t1 - t0, 2), "write_s": round(t2 - t1, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def main(argv: list[str]) -> int:
    cases = argv or ["a4:300", "a4:600", "a3:600"]
    print(f"{'case':>8} {'pixels':>13} {'MP':>6} {'generate':>9} {'write':>7} {'peak RSS':>9}")
    for case in cases:
        size, ppi = case.split(":")
        with tempfile.TemporaryDirectory():
            r = subprocess.run(
                [sys.executable, "-c", CHILD, size, ppi, "1"], capture_output=True, text=True
            )
        if r.returncode:
            print(f"{case}: failed\n{r.stderr}", file=sys.stderr)
            return 1
        d = json.loads(r.stdout.strip().splitlines()[-1])
        print(
            f"{case:>8} {d['width']:>6}×{d['height']:<6} {d['mp']:>6} {d['generate_s']:>8.1f}s "
            f"{d['write_s']:>6.1f}s {d['peak_rss_mb']:>7} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
