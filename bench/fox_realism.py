"""Colour, size and edge of fox spots: the hand-labelled ones of real scans and the semi-real
benchmark's composited ones, measured the same way, so the generator can be checked against
real foxing.

Usage::

    PYTHONPATH=. python bench/fox_realism.py DIR [--labels FILE] [--pages 24] [--seed 1]

``DIR`` is a labelled folder as for ``bench/real.py``. For each spot (a labelled ``foxing``
box, or a component of a composited page's foxing mask) the local paper is the median CIELAB
of a ring around it (its darkest pixels, ink, left out); the score ``0.3·ΔL* + Δb* + 0.5·Δa*``
(the foxing detector's) is smoothed over 0.08 mm and its peak found; the spot's colour is the
mean ΔL*, Δa*, Δb* where the score is ≥ 75 % of the peak, its size the equivalent diameter
at 50 % (``d50``), and its rim the half difference of the diameters at 25 % and 75 %.
Prints the 10th, 50th and 90th percentiles per set and the medians per size bin.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2
import numpy as np

from conservator.benchmark.labels import choose_labels_file, labelled_images, read_labels
from conservator.benchmark.run import choose_ppi
from conservator.benchmark.semireal import backgrounds, plan
from conservator.demo.realpage import damage_real_page
from conservator.imaging.color import srgb_to_lab
from conservator.imaging.load import load_scan

REPO_LABELS = Path(__file__).resolve().parent / "real_labels.json"
KEYS = ("d50", "rim_mm", "dL", "da", "db", "hue", "peak")


def measure(rgb: np.ndarray, box, ppm: float) -> dict | None:
    """The colour, size and rim of the spot in ``box`` (x, y, w, h) of ``rgb``."""
    x, y, w, h = (int(v) for v in box)
    H, W = rgb.shape[:2]
    m = max(w, h) + int(2 * ppm)
    X0, Y0, X1, Y1 = max(0, x - m), max(0, y - m), min(W, x + w + m), min(H, y + h + m)
    lab = srgb_to_lab(rgb[Y0:Y1, X0:X1]).astype(np.float32)
    g = int(0.25 * max(w, h)) + 2
    inner = np.zeros(lab.shape[:2], bool)
    inner[max(0, y - Y0 - g) : y - Y0 + h + g, max(0, x - X0 - g) : x - X0 + w + g] = True
    L = lab[..., 0]
    ring = ~inner & (L > np.median(L[~inner]) - 12)
    if ring.sum() < 10:
        return None
    paper = np.median(lab[ring], axis=0)
    dl, da, db = paper[0] - lab[..., 0], lab[..., 1] - paper[1], lab[..., 2] - paper[2]
    s = cv2.GaussianBlur(0.3 * dl + db + 0.5 * da, (0, 0), max(0.5, 0.08 * ppm))
    ink = (dl > 30) & (db < 0.4 * dl)
    box_m = np.zeros_like(inner)
    box_m[y - Y0 : y - Y0 + h, x - X0 : x - X0 + w] = True
    sel = box_m & ~ink
    if sel.sum() < 5:
        return None
    peak = float(np.percentile(s[sel], 98))
    if peak <= 0:
        return None
    cy, cx = np.unravel_index(np.argmax(np.where(sel, s, -1e9)), s.shape)

    def region(frac):
        n, labels = cv2.connectedComponents(((s >= frac * peak) & ~ink).astype(np.uint8))
        return labels == labels[cy, cx] if labels[cy, cx] else np.zeros_like(inner)

    def diam(r):
        return 2 * np.sqrt(r.sum() / np.pi) / ppm

    r25, r50, r75 = region(0.25), region(0.5), region(0.75)
    core = r75 if r75.sum() >= 3 else r50
    mdl, mda, mdb = float(dl[core].mean()), float(da[core].mean()), float(db[core].mean())
    return {
        "d50": diam(r50),
        "rim_mm": (diam(r25) - diam(r75)) / 2,
        "dL": mdl,
        "da": mda,
        "db": mdb,
        "hue": float(np.degrees(np.arctan2(mdb, mda))),
        "peak": peak,
    }


def _rgb8(scan) -> np.ndarray:
    rgb = scan.pixels
    if rgb.ndim == 2:
        rgb = np.repeat(rgb[..., None], 3, axis=2)
    return rgb if rgb.dtype == np.uint8 else (rgb >> 8).astype(np.uint8)


def real_spots(images) -> list[dict]:
    out = []
    for path, lab in images:
        if not lab.colour or not lab.boxes.get("foxing"):
            continue
        scan = load_scan(path)
        ppi, _ = choose_ppi(scan.dpi, lab.ppi)
        rgb = _rgb8(scan)
        for box in lab.boxes["foxing"]:
            r = measure(rgb, box, ppi / 25.4)
            if r:
                out.append(r)
    return out


def composited_spots(images, pages: int, seed: int) -> list[dict]:
    out = []
    for spec in plan(backgrounds(images), pages, seed):
        if "foxing" not in spec["damage"]:
            continue
        scan = load_scan(spec["background"])
        ppi, _ = choose_ppi(scan.dpi, spec["labels"].ppi)
        page = damage_real_page(_rgb8(scan), ppi, spec["seed"], spec["damage"])
        n, _, stats, _ = cv2.connectedComponentsWithStats(page.masks["foxing"].astype(np.uint8))
        for i in range(1, n):
            r = measure(page.rgb, stats[i, :4], ppi / 25.4)
            if r:
                out.append(r)
    return out


def report(name: str, rows: list[dict]) -> None:
    print(f"{name}: {len(rows)} spots (p10 / median / p90)")
    for k in KEYS:
        v = np.array([r[k] for r in rows])
        print(
            f"  {k:7s} {np.percentile(v, 10):7.2f} {np.median(v):7.2f} {np.percentile(v, 90):7.2f}"
        )
    for lo, hi in ((0, 1), (1, 2), (2, 99)):
        sub = [r for r in rows if lo <= r["d50"] < hi]
        if sub:
            med = " ".join(f"{k} {np.median([r[k] for r in sub]):.2f}" for k in KEYS[1:])
            print(f"  d50 {lo}-{hi if hi < 99 else ''} mm ({len(sub)}): {med}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--labels", type=Path, default=None)
    ap.add_argument("--pages", type=int, default=24)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    labels_file = choose_labels_file(a.folder, a.labels, REPO_LABELS)
    images = labelled_images(a.folder, read_labels(labels_file))
    report("real, labelled", real_spots(images))
    report("semi-real, composited", composited_spots(images, a.pages, a.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
