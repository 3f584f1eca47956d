"""Matching detected masks to exact ground-truth masks (synthetic and semi-real pages)."""

from __future__ import annotations

import cv2
import numpy as np


def near(mask: np.ndarray, radius: float) -> np.ndarray:
    """Pixels within ``radius`` px (Euclidean) of ``mask``."""
    if not mask.any():
        return np.zeros_like(mask)
    dist = cv2.distanceTransform((~mask).astype(np.uint8), cv2.DIST_L2, 5)
    return dist <= radius


def object_match(gt: np.ndarray, det: np.ndarray, radius: float, share: float | None):
    """``(gt found, gt total, det correct, det total)`` for 8-connected components.

    A component is matched when it lies within ``radius`` px of the other mask: with
    ``share=None`` any of its pixels is enough, else that fraction of its pixels must be.
    """
    n_g, lab_g = cv2.connectedComponents(gt.astype(np.uint8), connectivity=8)
    n_d, lab_d = cv2.connectedComponents(det.astype(np.uint8), connectivity=8)
    near_d = near(det, radius)
    near_g = near(gt, radius)

    def hits(labels, n, close):
        if n <= 1:
            return 0
        total = np.bincount(labels.ravel(), minlength=n)[1:]
        inside = np.bincount(labels[close].ravel(), minlength=n)[1:]
        if share is None:
            return int(np.count_nonzero(inside > 0))
        return int(np.count_nonzero(inside >= share * np.maximum(total, 1)))

    return hits(lab_g, n_g, near_d), n_g - 1, hits(lab_d, n_d, near_g), n_d - 1


def covered_objects(gt: np.ndarray, det: np.ndarray, min_px: float, frac: float):
    """``(gt found, gt total)``: a ground-truth component is found when the detection covers at
    least ``min(min_px, frac × its area)`` of its pixels (stains: a stray pixel is not enough)."""
    _, lab = cv2.connectedComponents(gt.astype(np.uint8), connectivity=8)
    return covered_instances(lab, det, min_px, frac)


def covered_instances(ids: np.ndarray, det: np.ndarray, min_px: float, frac: float):
    """``(found, total)`` over numbered instances (``ids``: 0 none, k the k-th): an instance is
    found when the detection covers at least ``min(min_px, frac × its area)`` of its pixels,
    however many visible fragments it has (a stain that text splits is one stain)."""
    n = int(ids.max()) + 1 if ids.size else 1
    area = np.bincount(ids.ravel(), minlength=n)[1:].astype(float)
    inside = np.bincount(ids[det].ravel(), minlength=n)[1:]
    present = area > 0
    need = np.maximum(1.0, np.minimum(min_px, frac * area))
    return int(np.count_nonzero((inside >= need) & present)), int(np.count_nonzero(present))


def iou_counts(gt: np.ndarray, det: np.ndarray) -> tuple[int, int]:
    """``(intersection, union)`` pixel counts."""
    return int(np.count_nonzero(gt & det)), int(np.count_nonzero(gt | det))


def recall_by_size(
    gt: np.ndarray, det: np.ndarray, radius: float, ppm: float, edges_mm=(0.5, 1.0)
) -> list[tuple[int, int]]:
    """``[(found, total), ...]`` of ground-truth components per size bin (equivalent diameter
    below ``edges_mm[0]``, between consecutive edges, from the last edge up); a component is
    found when a detected pixel lies within ``radius`` px of it."""
    n, lab, stats, _ = cv2.connectedComponentsWithStats(gt.astype(np.uint8), connectivity=8)
    bins = [(0, 0) for _ in range(len(edges_mm) + 1)]
    if n <= 1:
        return bins
    d_mm = 2.0 * np.sqrt(stats[1:, cv2.CC_STAT_AREA] / np.pi) / ppm
    hit = np.bincount(lab[near(det, radius)].ravel(), minlength=n)[1:] > 0
    which = np.searchsorted(np.asarray(edges_mm, float), d_mm, side="right")
    return [
        (int(np.count_nonzero(hit & (which == b))), int(np.count_nonzero(which == b)))
        for b in range(len(bins))
    ]
