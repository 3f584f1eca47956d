"""Load time and peak memory for a 70 MP scan (A3 at 600 ppi), uncompressed and LZW TIFF.

Each load runs in a fresh process; peak RSS is ``VmHWM`` of that process, and the
baseline is the same process after its imports, before the load. Prints a table.

    python bench/load.py [--mp 70] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CHILD = r"""
import json, sys, time
import numpy, tifffile, imagecodecs
from conservator.imaging.load import load_scan
def hwm():  # VmHWM is per process image; ru_maxrss survives exec from a larger parent
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
base = hwm()
t = time.perf_counter()
scan = load_scan(sys.argv[1])
dt = time.perf_counter() - t
peak = hwm()
print(json.dumps({"seconds": dt, "base": base, "peak": peak, "decoded": scan.pixels.nbytes}))
"""


def make_page(width: int, height: int) -> np.ndarray:
    """A paper-like page: smooth tone plus noise and dark text-like bars (compresses like a scan)."""
    rng = np.random.default_rng(1)
    img = np.empty((height, width, 3), np.uint8)
    base = np.array([228, 214, 186], np.int16)
    for y0 in range(0, height, 512):
        y1 = min(height, y0 + 512)
        noise = rng.integers(-6, 7, size=(y1 - y0, width, 1), dtype=np.int16)
        block = base + noise
        img[y0:y1] = np.clip(block, 0, 255).astype(np.uint8)
    for y in range(height // 10, height - height // 10, 120):
        img[y : y + 40, width // 10 : width - width // 10] = (40, 35, 30)
    return img


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mp", type=float, default=70.0, help="megapixels (A3 600 ppi ≈ 69.6)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the generated files here")
    args = ap.parse_args()
    import tifffile

    ratio = 9921 / 7016
    width = int(round((args.mp * 1e6 / ratio) ** 0.5))
    height = int(round(width * ratio))
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="conservator-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    page = make_page(width, height)
    files = {}
    for name, kw in {"uncompressed": {}, "LZW": {"compression": "lzw"}}.items():
        path = tmp / f"page-{name}.tif"
        t = time.perf_counter()
        tifffile.imwrite(
            path, page, photometric="rgb", resolution=(600, 600), resolutionunit="INCH", **kw
        )
        files[name] = (path, time.perf_counter() - t)
    del page
    print(
        f"scan: {width} x {height} px RGB 8-bit = {width * height / 1e6:.1f} MP, "
        f"decoded {width * height * 3 / 2**20:.0f} MiB"
    )
    print(
        f"{'file':<14}{'size MiB':>10}{'load s':>9}{'peak RSS MiB':>14}"
        f"{'above base MiB':>16}{'(x decoded)':>13}"
    )
    for name, (path, _write_s) in files.items():
        runs = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
            )
            runs.append(json.loads(out.stdout))
        r = sorted(runs, key=lambda d: d["seconds"])[1]
        above = r["peak"] - r["base"]
        print(
            f"{name:<14}{path.stat().st_size / 2**20:>10.0f}{r['seconds']:>9.2f}"
            f"{r['peak'] / 2**20:>14.0f}{above / 2**20:>16.0f}{above / r['decoded']:>12.2f}x"
        )
    if not args.keep:
        for path, _ in files.values():
            path.unlink()
        tmp.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
