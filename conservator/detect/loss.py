"""Losses: internal holes and edge losses, where the backing board shows through the leaf.

Method (detection.md §6.2; outline fitting as in PageNet's page-boundary idea, robust lines):

1. Measured only where a backing board is evidently there (:mod:`conservator.detect.board`);
   otherwise the result is *not measured*, with the reason.
2. The bulk gaps of the shared gap segmentation (:mod:`conservator.detect.gaps`), each
   re-segmented at full resolution in its window.
3. Loss measures: area, kind (edge when it touches the nominal outline, else internal),
   equivalent diameter, circularity 4πA/P², insect-hole candidates (internal, circularity > 0.6,
   0.5–3 mm), maximum inward depth per side (distance to the side's fitted line).
"""

from __future__ import annotations

import cv2
import numpy as np

from conservator.detect.base import DetectorResult, MaskSource, Steps, register
from conservator.detect.frontend import Front
from conservator.detect.gaps import (  # noqa: F401  (board_gaps, open_disc: kept importable here)
    SIDES,
    LossParams,
    TearParams,
    abstain_without_board,
    board_gaps,
    gaps,
    open_disc,
    refine,
    side_lines,
)

VERSION = "1.3.0"


def _blob_props(m: np.ndarray):
    cnts, _ = cv2.findContours(m.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    per = sum(cv2.arcLength(c, True) for c in cnts)
    a = float(m.sum())
    circ = 4 * np.pi * a / per**2 if per > 0 else 0.0
    return a, min(circ, 1.0)


@register(
    "loss",
    VERSION,
    LossParams,
    order=20,
    colour=(255, 200, 0),  # amber: losses show the backing board, often dark or blue
    weight=0.15,
    measurements={
        "internal_count": 0,
        "edge_count": 0,
        "max_edge_depth_mm": dict.fromkeys(SIDES, 0.0),
        "insect_hole_candidates": 0,
    },
    severity=(("area_pct", 0.5, 3.0),),
    layer=20,
    fill_alpha=0.55,
    greyscale="luminance",
)
def detect_loss(front: Front, p: LossParams, steps: Steps) -> DetectorResult:
    """Internal holes and edge losses: board visible inside the nominal leaf outline."""
    H, W = front.shape
    mask = MaskSource((H, W))
    tp = TearParams(max_width_mm=p.tear_max_width_mm)
    steps(0.0, "board")
    seg = gaps(front, p, tp)
    steps(0.3, "refining")
    patches = refine(front, seg.resid_max, seg.loss, seg.tears, fill_specks=True)
    ppm = front.px_per_mm
    depth = dict.fromkeys(SIDES, 0.0)
    lines = side_lines(front) if front.quad_full is not None else None
    instances = []
    total = 0
    holes = 0
    for i, (Y0, X0, m) in enumerate(patches):
        steps(0.3 + 0.7 * i / max(len(patches), 1), "measuring")
        n, lab, st, ce = cv2.connectedComponentsWithStats(m.astype(np.uint8), connectivity=8)
        for k in range(1, n):
            a = int(st[k, cv2.CC_STAT_AREA])
            if a / ppm**2 < p.min_area_mm2:
                continue
            x, y, w, h = (int(v) for v in st[k, :4])
            sub = lab[y : y + h, x : x + w] == k
            mask.add(Y0 + y, X0 + x, sub)
            total += a
            ys, xs = np.nonzero(sub)
            px = np.stack([xs + X0 + x, ys + Y0 + y], axis=1).astype(float)
            side, dep = None, 0.0
            if lines is not None:
                dists = {nm: px @ nrm - off for nm, (nrm, off) in lines.items()}
                near = {nm: float(d.min()) for nm, d in dists.items()}
                side = min(near, key=near.get)
                if near[side] > 1.5 * front.scale:
                    side = None
                else:
                    dep = float(dists[side].max()) / ppm
                    depth[side] = max(depth[side], dep)
            _, circ = _blob_props(sub)
            dmm = float(np.sqrt(4 * a / np.pi)) / ppm
            insect = bool(
                side is None
                and circ > p.insect_min_circularity
                and p.insect_min_mm <= dmm <= p.insect_max_mm
            )
            holes += insect
            inst = {
                "id": len(instances) + 1,
                "bbox": [X0 + x, Y0 + y, w, h],
                "centroid": [round(X0 + ce[k][0], 1), round(Y0 + ce[k][1], 1)],
                "area_px": a,
                "area_mm2": round(a / ppm**2, 3),
                "kind": "edge" if side else "internal",
                "side": side,
                "depth_mm": round(dep, 2) if side else None,
                "diameter_mm": round(dmm, 3),
                "circularity": round(circ, 3),
                "insect_hole_candidate": insect,
            }
            instances.append(inst)
    steps(1.0, "done")
    meas = {
        "count": len(instances),
        "area_px": total,
        "area_mm2": round(total / ppm**2, 3),
        "area_pct": front.pct(total),
        "internal_count": sum(i["kind"] == "internal" for i in instances),
        "edge_count": sum(i["kind"] == "edge" for i in instances),
        "max_edge_depth_mm": {k: round(v, 2) for k, v in depth.items()},
        "insect_hole_candidates": holes,
    }
    res = DetectorResult("loss", VERSION, {}, meas, instances, mask)
    return abstain_without_board(front, res)
