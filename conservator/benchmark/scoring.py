"""Scoring detections against coarse hand-labelled boxes on real scans.

Everything here works on plain arrays: full-resolution boolean detection masks per class, the
labels of :mod:`conservator.benchmark.labels`, the px/mm of the scan and, per class, whether the
detector measured it. Detections are taken from the masks (8-connected components), so the
scoring does not depend on how a detector's JSON describes its instances.

Rules (the labels are boxes drawn by eye, so every test allows a tolerance, default 0.5 mm):

* **Found** (recall): a labelled box is found when a detection of its class lies inside the box
  grown by the tolerance. Foxing and losses/tears: any detected pixel; stains: at least
  ``min(1 mm², 10 % of the box)`` of detected stain (a stain box is large, one stray pixel
  of a neighbouring detection should not count).
* **Labelled area**: the union of every labelled box of every class and the don't-care boxes,
  grown by the tolerance. A detection touching it is never counted as false, whatever its class:
  a box says "something is there" and the labels are too coarse to say which pixels belong to
  which class (a fox spot inside a water stain, a stain around a hole). Equally, the labelled
  area is left out of the free area that false rates are divided by, so a page is neither
  penalised nor rewarded for what happens inside its boxes.
* **False foxing spots**: detected foxing components touching no labelled area, per 100 cm² of
  free leaf. **False stain area**: detected stain pixels outside the labelled area, as % of the
  free leaf. Rates are pooled (sum of false / sum of free area) over the pages where the class
  was measured: a detector that abstains is not scored on false detections there, but its
  labelled boxes there count as missed.
* **Strict variants** (reported beside, not used for the targets): a box is *strictly* found
  only when a detection has at least half of its pixels inside it, and a detection is *strictly*
  false when less than half of it lies in the labelled area. They keep one huge detection (a
  word of ink outlined as one "spot") from finding boxes or hiding false area by touching one.
  The false *area* (pixels outside the labelled area) is reported for every class too.
* **Leaf**: the label's ``leaf`` box when given, else the whole image. It deliberately does not
  come from the detector, so a detector that shrinks the leaf cannot shrink its false rate.
* **Losses and tears without a board**: on pages labelled ``board_visible: false`` every loss or
  tear measured is wrong (nothing shows through a hole); the target is 0 or "not measured".
* **Greyscale pages** (``colour: false``): each class must say what it did, either "not
  measured" with a reason, or measured with a ``method`` (such as "luminance only"); a class
  measured without a method is a *silent* one (:func:`silent_on_greyscale`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from conservator.benchmark.labels import BOX_KEYS, Box, PageLabels

#: Detector classes scored, with the label key holding their boxes.
LABEL_KEY = {cls: key for key, cls in BOX_KEYS.items()}

MEASURED = "measured"
NOT_MEASURED = "not_measured"
NOT_IMPLEMENTED = "not_implemented"


@dataclass(frozen=True)
class ScoreParams:
    """Tolerances of the scoring (physical units)."""

    tolerance_mm: float = 0.5  #: boxes are grown by this much before any overlap test
    stain_min_overlap_mm2: float = 1.0  #: a stain box is found with this much detected stain ...
    stain_min_overlap_frac: float = 0.10  #: ... or this share of the box, whichever is smaller


def grow_box(box: Box, pad: int, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """``(y0, y1, x0, x1)`` of a box grown by ``pad`` px, clipped to ``shape``."""
    x, y, w, h = box
    H, W = shape
    return max(0, y - pad), min(H, y + h + pad), max(0, x - pad), min(W, x + w + pad)


def box_mask(boxes: list[Box], shape: tuple[int, int], pad: int = 0) -> np.ndarray:
    """The union of ``boxes`` (grown by ``pad`` px) as a boolean mask."""
    out = np.zeros(shape, bool)
    for b in boxes:
        y0, y1, x0, x1 = grow_box(b, pad, shape)
        out[y0:y1, x0:x1] = True
    return out


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """``(n, labels, areas)`` of the 8-connected components of ``mask`` (labels 1..n)."""
    n, lab, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return n - 1, lab, stats[1:, cv2.CC_STAT_AREA].astype(np.int64)


def boxes_found(
    det: np.ndarray, boxes: list[Box], pad: int, min_px: float | None = None, frac: float = 0.0
) -> list[bool]:
    """Per box, whether ``det`` has enough pixels inside it (grown by ``pad``).

    ``min_px=None``: one pixel is enough; else ``min(min_px, frac × box area)`` pixels.
    """
    out = []
    for b in boxes:
        y0, y1, x0, x1 = grow_box(b, pad, det.shape)
        n = int(np.count_nonzero(det[y0:y1, x0:x1]))
        need = 1 if min_px is None else max(1.0, min(min_px, frac * b[2] * b[3]))
        out.append(n >= need)
    return out


def _mostly_inside(lab: np.ndarray, areas: np.ndarray, box: Box, pad: int) -> bool:
    """Whether some component has at least half of its pixels inside ``box`` (grown)."""
    y0, y1, x0, x1 = grow_box(box, pad, lab.shape)
    inside = np.bincount(lab[y0:y1, x0:x1].ravel(), minlength=len(areas) + 1)[1:]
    return bool(np.any(inside >= np.maximum(0.5 * areas, 1)))


def leaf_mask(labels: PageLabels, shape: tuple[int, int]) -> np.ndarray:
    """The leaf used as denominator: the label's ``leaf`` box, else the whole image."""
    if labels.leaf is None:
        return np.ones(shape, bool)
    return box_mask([labels.leaf], shape)


def score_page(
    labels: PageLabels,
    masks: dict[str, np.ndarray],
    status: dict[str, dict],
    ppm: float,
    params: ScoreParams | None = None,
) -> dict:
    """Score one page.

    Parameters
    ----------
    labels : PageLabels
    masks : dict of str to ndarray of bool
        Full-resolution detection masks per detector class (``foxing``, ``stain``, ``loss``,
        ``tear``); a class missing here counts as nothing detected.
    status : dict of str to dict
        Per class ``{"status": "measured" | "not_measured" | "not_implemented", "reason": ...}``.
    ppm : float
        Pixels per millimetre of the scan (from the labels' ppi when the file has none).

    Returns
    -------
    dict
        JSON-ready per-class figures (see :func:`conservator.benchmark.summary.summarise`).
    """
    params = params or ScoreParams()
    shape = next(iter(masks.values())).shape if masks else None
    if shape is None:
        raise ValueError("score_page needs at least one mask to know the page size")
    pad = max(0, int(round(params.tolerance_mm * ppm)))
    leaf = leaf_mask(labels, shape)
    labelled = box_mask(labels.all_boxes(), shape, pad)
    free = leaf & ~labelled
    free_px = int(np.count_nonzero(free))
    leaf_px = max(int(np.count_nonzero(leaf)), 1)
    cm2_per_px = 1.0 / (ppm * ppm) / 100.0
    out: dict = {
        "leaf_px": leaf_px,
        "free_px": free_px,
        "free_cm2": round(free_px * cm2_per_px, 3),
        "classes": {},
    }
    empty = np.zeros(shape, bool)
    for cls, key in LABEL_KEY.items():
        st = dict(status.get(cls) or {"status": NOT_IMPLEMENTED, "reason": None})
        det = masks.get(cls, empty) if st["status"] == MEASURED else empty
        boxes = labels.boxes.get(key, [])
        if cls == "stain":
            mm2 = params.stain_min_overlap_mm2 * ppm * ppm
            hit = boxes_found(det, boxes, pad, mm2, params.stain_min_overlap_frac)
        else:
            hit = boxes_found(det, boxes, pad)
        n, lab, areas = components(det)
        if n:
            in_labelled = np.bincount(lab[labelled].ravel(), minlength=n + 1)[1:]
            false_count = int(np.count_nonzero(in_labelled == 0))
            # strict: a detection mostly outside the boxes is false even if it touches one
            false_strict = int(np.count_nonzero(in_labelled < 0.5 * areas))
            strict_hit = [_mostly_inside(lab, areas, b, pad) for b in boxes]
        else:
            false_count = false_strict = 0
            strict_hit = [False] * len(boxes)
        area_px = int(np.count_nonzero(det))
        rec = {
            **st,
            "boxes": len(boxes),
            "found": int(sum(hit)),
            "missed_boxes": [list(b) for b, h in zip(boxes, hit, strict=True) if not h],
            "count": int(n),
            "area_px": area_px,
            "area_mm2": round(area_px / (ppm * ppm), 2),
            "area_pct": round(100.0 * area_px / leaf_px, 4),
            "found_strict": int(sum(h and k for h, k in zip(hit, strict_hit, strict=True))),
            "false_count": false_count,
            "false_count_strict": false_strict,
            "false_px": int(np.count_nonzero(det & free)),
        }
        out["classes"][cls] = rec
    return out


def silent_on_greyscale(rec: dict) -> bool:
    """A class that, on a greyscale scan, reports a measurement without saying how it made it
    (no ``method`` such as "luminance only"): the silent 0 issue 12 forbids."""
    return rec["status"] == MEASURED and not rec.get("method")


def per_100cm2(count: float, cm2: float) -> float:
    """A count per 100 cm² (NaN without area)."""
    return 100.0 * count / cm2 if cm2 > 0 else math.nan
