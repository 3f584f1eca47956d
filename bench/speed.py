"""Speed and memory of ``conservator analyze`` on a 600 ppi A3 demo page.

Usage::

    python bench/speed.py [--file SCAN.tif] [--runs 3] [--keep]

Without ``--file`` a demo page (A3 at 600 ppi, about 7000 × 9900 px, 70 MP, LZW TIFF, every
damage class) is generated into a temporary folder first. Then, each in a fresh process:

* decode: ``load_scan`` of the file (time inside the process, and the whole process);
* analysis: ``conservator analyze FILE --json OUT`` (whole process: start-up, decode,
  analysis, JSON), its wall time and peak RSS (``wait4`` rusage of that process; the demo page is made in
  a separate process so that the parent's own peak does not leak into the children's).

Targets (2 cores): analysis ≤ 3 × decode time; peak RSS ≤ 3 × the decoded image. The machine
may be shared with other work: medians of ``--runs`` runs are printed, and they are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DECODE = (
    "import sys, time\n"
    "t = time.perf_counter()\n"
    "from conservator.imaging.load import load_scan\n"
    "s = load_scan(sys.argv[1])\n"
    "print(time.perf_counter() - t, s.pixels.nbytes)\n"
)


def run(cmd: list[str]) -> tuple[float, int, str, float]:
    """Wall time (s), peak RSS (bytes), stdout and CPU time (user + system, s) of one process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-2000:]}")
    return wall, usage.ru_maxrss * 1024, out, usage.ru_utime + usage.ru_stime


def make_page(folder: Path) -> Path:
    from conservator.demo import generate_page, write_scan

    t = time.perf_counter()
    page = generate_page(1001, ppi=600, size="a3")
    path = folder / "a3-600ppi.tif"
    write_scan(page.rgb, path, 600, "tif")
    print(
        f"generated {path.name}: {page.rgb.shape[1]} × {page.rgb.shape[0]} px "
        f"in {time.perf_counter() - t:.0f} s"
    )
    return path


def median(v):
    v = sorted(v)
    return v[len(v) // 2]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="speed and memory of conservator analyze")
    ap.add_argument("--file", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--make-into", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    py = sys.executable
    if args.make_into:  # child process: generate the page and exit
        print(make_page(args.make_into))
        return 0
    with tempfile.TemporaryDirectory(prefix="conservator-speed-") as tmp:
        tmp = Path(tmp)
        # The page is generated in a child process: Linux carries a parent's peak RSS over
        # fork+exec into the children's ru_maxrss, which would hide theirs behind it.
        if args.file is None:
            out = (
                subprocess.run(
                    [py, __file__, "--make-into", str(tmp)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()
            )
            print(*out[:-1], sep="\n")
            path = Path(out[-1])
        else:
            path = args.file
        size_mb = path.stat().st_size / 1e6
        dec_in, dec_wall, dec_rss, an_wall, an_rss, dec_cpu, an_cpu = [], [], [], [], [], [], []
        nbytes = 0
        for i in range(args.runs):
            wall, rss, out, cpu = run([py, "-c", DECODE, str(path)])
            dec_cpu.append(cpu)
            t_in, nbytes = out.split()
            dec_in.append(float(t_in))
            dec_wall.append(wall)
            dec_rss.append(rss)
            out_json = tmp / f"out{i}.json"
            cmd = [py, "-m", "conservator", "analyze", str(path), "--json", str(out_json)]
            cmd.append("--quiet")
            wall, rss, _, cpu = run(cmd)
            an_cpu.append(cpu)
            an_wall.append(wall)
            an_rss.append(rss)
            print(
                f"run {i + 1}: decode {float(t_in):.2f} s (process {dec_wall[-1]:.2f} s, "
                f"{dec_rss[-1] / 1e6:.0f} MB, CPU {dec_cpu[-1]:.2f} s) | analyze {wall:.2f} s, "
                f"CPU {cpu:.2f} s, peak {rss / 1e6:.0f} MB",
                flush=True,
            )
        nbytes = int(nbytes)
        result = json.loads(out_json.read_text(encoding="utf-8"))
    dec, dwall, an, peak = median(dec_in), median(dec_wall), median(an_wall), median(an_rss)
    print(
        f"\nfile: {path.name}, {size_mb:.0f} MB on disk, {result['scan']['width']} × "
        f"{result['scan']['height']} px, decoded {nbytes / 1e6:.0f} MB"
    )
    print(f"decode (load_scan, in process):   {dec:6.2f} s   (whole process {dwall:.2f} s)")
    print(
        f"analyze --json (whole process):   {an:6.2f} s   = {an / dec:.1f} × decode "
        f"({an / dwall:.1f} × the decode process)   target ≤ 3×"
    )
    print(
        f"CPU (user + system), processes:  decode {median(dec_cpu):.2f} s, analyze "
        f"{median(an_cpu):.2f} s (steadier than wall time on a shared machine)"
    )
    print(
        f"peak RSS of analyze:              {peak / 1e6:6.0f} MB = {peak / nbytes:.2f} × the "
        f"decoded image   target ≤ 3×"
    )
    mp = result["scan"]["width"] * result["scan"]["height"] / 1e6
    cm2 = (result["leaf"].get("area_mm2") or 0.0) / 100.0
    cpu = median(an_cpu)
    print(
        f"per megapixel (whole process):   {an / mp:.3f} s, CPU {cpu / mp:.3f} s"
        + (
            f"; per 100 cm² of leaf: {100 * an / cm2:.2f} s, CPU {100 * cpu / cm2:.2f} s"
            if cm2
            else ""
        )
        + "   (bench/real.py prints the same for real pages)"
    )
    print("counts:", {k: v["measurements"]["count"] for k, v in result["detectors"].items()})
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} "
        "(timings are noisy when the machine is shared)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
