"""Colour charts in the frame: found and left out of the leaf.

Digitisation guidelines (FADGI, Metamorfoze) ask for a colour target beside the object, and a
lab often lays it on the board touching the leaf or on the page itself. Its patches are neither
paper nor board: counted with the leaf they become "losses" where the chart's card covers the
leaf's edge, push the fitted outline outwards, and take part in the paper model.

Method (after the patch-finding idea of colour-checker-detection's ``segmentation.py``: uniform
quadrilaterals of similar size in a grid; re-implemented, not copied):

1. *Uniform, neither paper nor board*: at about ``search_px_per_mm`` (the working level
   reduced by area averaging; patches are millimetres wide), pixels whose CIELAB standard
   deviation over a ``uniform_window_mm`` window is below ``uniform_max_std`` and that lie at
   least ΔE*ab ``min_contrast_de`` from the paper and from the board.
2. *Patches*: components of ``min_patch_mm``–``max_patch_mm`` side that are quadrilaterals
   with straight sides (a polygon fit within ``corner_eps`` of the perimeter has four corners),
   fill at least ``min_fill`` of their minimum-area rectangle, with an aspect ratio up to
   ``max_aspect``.
3. *A chart*: at least ``min_patches`` patches of similar size (within ``size_tolerance``)
   chained by centre distances of at most ``max_spacing`` patch sides, of at least three
   different colours. Its region is the minimum-area rectangle of the patches, grown by
   ``card_border`` patch sides (the chart's card).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect.base import unit


@dataclass
class TargetParams:
    """Parameters of the colour-chart finder (physical units)."""

    uniform_window_mm: float = field(default=2.0, metadata=unit("mm"))
    uniform_max_std: float = field(default=3.0, metadata=unit("dE76", "patches are this even"))
    min_contrast_de: float = field(
        default=12.0, metadata=unit("dE76", "a patch differs from paper and board by")
    )
    min_patch_mm: float = field(default=4.0, metadata=unit("mm", "smallest patch side"))
    max_patch_mm: float = field(default=60.0, metadata=unit("mm", "largest patch side"))
    min_fill: float = field(default=0.88, metadata=unit("ratio", "area / min-area rectangle"))
    max_aspect: float = field(default=1.8, metadata=unit("ratio"))
    corner_eps: float = field(
        default=0.025, metadata=unit("ratio", "a patch's sides stay this straight (of perimeter)")
    )
    min_patches: int = field(default=6, metadata=unit("count"))
    size_tolerance: float = field(default=0.35, metadata=unit("ratio"))
    max_spacing: float = field(default=2.2, metadata=unit("ratio", "centre distance / side"))
    card_border: float = field(default=0.4, metadata=unit("ratio", "of a patch side"))
    search_px_per_mm: float = field(
        default=3.0, metadata=unit("px/mm", "resolution the patches are looked for at")
    )


def find_charts(
    lab: np.ndarray,
    paper: np.ndarray,
    board: np.ndarray | None,
    ppw: float,
    p: TargetParams | None = None,
) -> tuple[np.ndarray, int]:
    """Working-level mask of the colour charts in the frame, and how many were found.

    Parameters
    ----------
    lab : ndarray (h, w, 3) float32
        The working level in CIELAB D50.
    paper, board : ndarray (3,) or None
        The paper's and the board's colours.
    ppw : float
        Working-level pixels per mm.
    """
    p = p or TargetParams()
    h, w = lab.shape[:2]
    if ppw > p.search_px_per_mm * 1.5:  # patches are millimetres wide: search a reduced level
        f = ppw / p.search_px_per_mm
        size = (max(1, round(w / f)), max(1, round(h / f)))
        small = cv2.resize(lab, size, interpolation=cv2.INTER_AREA)
        m, n = find_charts(small, paper, board, size[0] / w * ppw, p)
        if not n:
            return np.zeros((h, w), bool), 0
        return cv2.resize(m.view(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST) > 0, n
    out = np.zeros((h, w), bool)
    k = max(3, int(round(p.uniform_window_mm * ppw)) | 1)
    var = np.zeros((h, w), np.float32)
    for c in range(3):
        ch = np.ascontiguousarray(lab[..., c], np.float32)
        mean = cv2.blur(ch, (k, k))
        sq = cv2.blur(ch * ch, (k, k))
        var += np.maximum(sq - mean * mean, 0)
    cand = var < p.uniform_max_std**2
    del var
    for colour in (paper, board):
        if colour is not None:
            d = lab - np.asarray(colour, np.float32).reshape(1, 1, 3)
            cand &= np.einsum("ijk,ijk->ij", d, d) > p.min_contrast_de**2
    if not cand.any():
        return out, 0
    # the uniformity window eats half a window off each patch edge: measure the patches grown back
    n, labels, st, _ = cv2.connectedComponentsWithStats(cand.astype(np.uint8), connectivity=4)
    lo, hi = p.min_patch_mm * ppw - k, p.max_patch_mm * ppw
    patches = []  # (centre x, y, side, box points, colour)
    for i in range(1, n):
        x, y, bw, bh, a = (int(v) for v in st[i])
        if max(bw, bh) < lo or min(bw, bh) > hi or a < max(4, lo * lo * 0.5):
            continue
        sub = (labels[y : y + bh, x : x + bw] == i).astype(np.uint8)
        cnts, _ = cv2.findContours(sub, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        if not cnts:
            continue
        cnt = max(cnts, key=cv2.contourArea)
        peri = cv2.arcLength(cnt, True)
        if len(cv2.approxPolyDP(cnt, max(1.5, p.corner_eps * peri), True)) != 4:
            continue  # not a quadrilateral with straight sides (a round hole, a blot)
        rect = cv2.minAreaRect(cnt)
        (cx, cy), (rw, rh), ang = rect
        if rw < 1 or rh < 1 or a / (rw * rh) < p.min_fill:
            continue
        if max(rw, rh) / min(rw, rh) > p.max_aspect:
            continue
        side = float(np.sqrt(rw * rh)) + (k - 1)  # grown back by the eroded window
        if not (p.min_patch_mm * ppw <= side <= p.max_patch_mm * ppw):
            continue
        box = cv2.boxPoints(((cx + x, cy + y), (rw + k - 1, rh + k - 1), ang))
        colour = lab[y : y + bh, x : x + bw][sub > 0].mean(axis=0)
        patches.append((cx + x, cy + y, side, box, colour))
    if len(patches) < p.min_patches:
        return out, 0
    # chain similar-sized patches that lie close together (union–find)
    parent = list(range(len(patches)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a_ in enumerate(patches):
        for j in range(i + 1, len(patches)):
            b_ = patches[j]
            s = max(a_[2], b_[2])
            if abs(a_[2] - b_[2]) > p.size_tolerance * s:
                continue
            if np.hypot(a_[0] - b_[0], a_[1] - b_[1]) <= p.max_spacing * s:
                parent[root(i)] = root(j)
    groups: dict[int, list] = {}
    for i, pt in enumerate(patches):
        groups.setdefault(root(i), []).append(pt)
    found = 0
    for members in groups.values():
        if len(members) < p.min_patches:
            continue
        colours = np.array([m[4] for m in members])
        distinct = [colours[0]]
        for c in colours[1:]:
            if min(np.linalg.norm(c - d) for d in distinct) > 10.0:
                distinct.append(c)
        if len(distinct) < 3:
            continue
        pts = np.concatenate([m[3] for m in members]).astype(np.float32)
        (cx, cy), (rw, rh), ang = cv2.minAreaRect(pts)
        grow = 2 * p.card_border * float(np.median([m[2] for m in members]))
        box = cv2.boxPoints(((cx, cy), (rw + grow, rh + grow), ang))
        m = np.zeros((h, w), np.uint8)
        cv2.fillPoly(m, [np.round(box).astype(np.int32)], 1)
        out |= m.astype(bool)
        found += 1
    return out, found
