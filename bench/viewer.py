"""Viewer benchmark (offscreen): first paint, repaint at every zoom level, memory.

    python bench/viewer.py [--mp 100] [--bits 8|16] [--view 1600x1000]

Targets (issue): time to first paint after decode ≤ 0.5 s; pan/zoom repaint ≤ 16 ms at every
zoom level; memory beyond the decoded image ≤ 1×. The scan is synthetic (paper tone, noise,
fine lines) and made in memory: decoding is not timed. Timings on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import psutil  # noqa: E402
from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from conservator.model.image import ScanImage  # noqa: E402
from ui.viewer.view import ScanView  # noqa: E402


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 1e6


def synthetic(mp: float, bits: int) -> np.ndarray:
    w = int((mp * 1e6 * 1.41) ** 0.5)
    h = int(mp * 1e6 / w)
    dtype = np.uint8 if bits == 8 else np.uint16
    top = 255 if bits == 8 else 65535
    img = np.empty((h, w, 3), dtype)
    img[..., 0] = int(top * 0.86)
    img[..., 1] = int(top * 0.82)
    img[..., 2] = int(top * 0.72)
    img[::97] = top // 4  # thin lines that alias if not area-averaged
    img[:, ::89] = top // 4
    return img


def settle(app, view, timeout=30.0) -> float:
    """Repaint until every visible tile is made; returns the elapsed seconds."""
    t = time.perf_counter()
    while time.perf_counter() - t < timeout:
        app.processEvents()
        if view.item is not None:
            view.viewport().repaint()
            if not view.loader.busy() and view.item.missing == 0:
                break
        view.loader.wait(2)
    return time.perf_counter() - t


CPU: list[float] = []  # GUI-thread CPU time of every measured repaint (insensitive to load)


def repaint_ms(app, view, n=5) -> list[float]:
    """Wall-clock ms of ``n`` full repaints (their GUI-thread CPU ms go to :data:`CPU`)."""
    out = []
    for _ in range(n):
        c = time.thread_time()
        t = time.perf_counter()
        view.viewport().repaint()
        out.append((time.perf_counter() - t) * 1000)
        CPU.append((time.thread_time() - c) * 1000)
        app.processEvents()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mp", type=float, default=100)
    ap.add_argument("--bits", type=int, choices=(8, 16), default=8)
    ap.add_argument("--view", default="1600x1000")
    a = ap.parse_args()
    vw, vh = (int(v) for v in a.view.split("x"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    view = ScanView()
    view.resize(vw, vh)
    view.show()
    app.processEvents()
    base = rss_mb()
    pixels = synthetic(a.mp, a.bits)
    decoded = rss_mb()
    h, w = pixels.shape[:2]
    scan = ScanImage(pixels, a.bits, 3, (400.0, 400.0), None, None, 0, 1, "", "TIFF", "bench")
    print(f"scan {w} x {h} RGB {a.bits}-bit = {w * h / 1e6:.0f} MP, {pixels.nbytes / 1e6:.0f} MB")
    print(f"view {vw} x {vh} offscreen, {os.cpu_count()} CPUs (shared machine: timings are noisy)")

    t0 = time.perf_counter()
    c0 = time.process_time()
    view.set_scan(scan)
    first_any = None
    while view.item is None:
        app.processEvents()
        time.sleep(0.001)
    while True:  # the first frame that shows the whole page (coarse tiles at least)
        app.processEvents()
        view.viewport().repaint()
        if view.item.top_ready():
            first_any = time.perf_counter() - t0
            first_cpu = time.process_time() - c0
            break
        view.loader.wait(1)
    while not view.source.final:
        app.processEvents()
        view.loader.wait(2)
    t_levels = time.perf_counter() - t0
    settle(app, view)
    t_full = time.perf_counter() - t0
    print(
        f"time to first paint after decode (whole page visible): {first_any * 1000:.0f} ms "
        f"(CPU of all threads meanwhile: {first_cpu * 1000:.0f} ms)"
    )
    print(f"exact pyramid built ({view.source.nlevels} levels): {t_levels * 1000:.0f} ms")
    print(f"time to sharp paint at fit (all tiles of the fit level): {t_full * 1000:.0f} ms")

    rows = []
    zooms = [
        ("fit", view.zoom()),
        ("0.125", 0.125),
        ("0.25", 0.25),
        ("0.5", 0.5),
        ("1", 1.0),
        ("2", 2.0),
        ("4", 4.0),
    ]
    worst = 0.0
    for label, z in zooms:
        view.set_zoom(z)
        view.centerOn(QPointF(w * 0.4, h * 0.45))
        cold = repaint_ms(app, view, 1)[0]  # tiles not made yet: placeholders
        settle(app, view)
        warm = statistics.median(repaint_ms(app, view, 5))
        pans = []
        for i in range(30):
            view.horizontalScrollBar().setValue(
                view.horizontalScrollBar().value() + (40 if i % 2 else 60)
            )
            view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 15)
            pans += repaint_ms(app, view, 1)
        settle(app, view)
        worst = max(worst, cold, warm, max(pans))
        rows.append((label, cold, warm, statistics.median(pans), max(pans)))
    print(f"{'zoom':>6} {'cold ms':>8} {'warm ms':>8} {'pan med':>8} {'pan max':>8}  (wall clock)")
    for r in rows:
        print(f"{r[0]:>6} {r[1]:8.1f} {r[2]:8.1f} {r[3]:8.1f} {r[4]:8.1f}")
    print(f"worst repaint: {worst:.1f} ms wall clock (target 16 ms)")
    cpu = sorted(CPU)
    print(
        f"GUI-thread CPU per repaint: median {statistics.median(cpu):.1f} ms, "
        f"p95 {cpu[int(len(cpu) * 0.95)]:.1f} ms, max {cpu[-1]:.1f} ms over {len(cpu)} repaints "
        f"(load average now {os.getloadavg()[0]:.1f})"
    )
    after = rss_mb()
    extra = after - decoded
    print(
        f"RSS: start {base:.0f} MB, decoded {decoded:.0f} MB, viewer running {after:.0f} MB; "
        f"beyond the decoded image {extra:.0f} MB = {extra / (pixels.nbytes / 1e6):.2f}x (target <= 1x)"
    )
    view.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
