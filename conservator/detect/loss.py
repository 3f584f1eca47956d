"""Losses (internal holes, edge losses) and open tears: where the backing board shows through.

Method (detection.md §6.2; outline fitting as in PageNet's page-boundary idea, robust lines):

1. *Board visible inside the nominal leaf*: working-level pixels within the nominal outline whose
   CIELAB distance to the board model is below the front end's threshold, in components of at
   least ``min_area_mm2`` whose median distance is board-like (so dark ink is not a hole). On
   a black or grey board, where ink is nearly the board's colour, a hole's median board
   fraction must lie within 0.94–1.04, and an edge loss's within the board's own range
   around the leaf (its 1st–99th percentiles, at least that: boards are shaded by the
   lighting).
2. *Tears vs losses*: a morphological opening with a disc of radius ``tear_max_width_mm / 2``
   keeps the bulk of losses; holes at least ``round_hole_mm`` wide that are not elongated
   stay losses too (letters or a tear touching a small hole do not carry it off); what the
   opening removes and is long and thin (skeleton length ≥ ``tear_min_length_mm``, length /
   mean width ≥ ``tear_min_elongation``) is an open tear; the rest stays with the loss.
3. Every component is re-segmented at full resolution in its window (board distance at full
   resolution, the nominal polygon rendered at full resolution) before it is measured.
   Tears are then followed at full resolution from each piece (their tips narrow below a
   working-level pixel; pieces of one tear are joined, so it is counted once), and pieces
   shorter than ``min_length_mm`` in extent (letters next to the gap), pieces whose
   centre-line length exceeds ``max_tortuosity`` times their extent (a loss's ragged fringe),
   ruler-straight pieces (printed rules, frames) and pieces lying along the outline (edge-loss
   rims) are dropped.
   A tear starts at the edge or at a loss, but its mouth may be closed (the torn edges touch)
   for up to ``anchor_mm``; pieces of a tear broken where its edges touch or where it narrows
   below a pixel are joined, one after another, when within ``join_mm`` of an anchored piece
   (``join_strict_mm`` on black boards at ≥ 500 ppi, where only pure board is followed and
   ink, lighter than the board, cannot be a piece), and a short piece that reaches none
   is ink. On black or grey boards a tear is at least ``dark_board_min_length_mm`` long, and
   straight, even printed rules it crosses are cut from it. A piece
   from a loss that lies mostly within 1 mm of it (``loss_rim_ratio``) is the loss's ragged
   rim, and one shallower than ``sliver_depth_mm`` from the edge is an edge sliver.
4. Loss measures: area, kind (edge when it touches the nominal outline, else internal),
   equivalent diameter, circularity 4πA/P², insect-hole candidates (internal, circularity > 0.6,
   0.5–3 mm), maximum inward depth per side (distance to the side's fitted line).
   Tear measures: centre-line length from area and perimeter of the strip, mean width =
   area / length.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect.base import DetectorResult, MaskSource, Steps, register, unit
from conservator.detect.frontend import (
    Front,
    components,
    disc,
    dist76,
    fill_holes,
    masked_sample,
)
from conservator.imaging.color import srgb_to_lab
from conservator.parallel import for_bands

VERSION = "1.2.0"
SIDES = ("top", "right", "bottom", "left")


@dataclass
class LossParams:
    """Loss parameters (physical units)."""

    min_area_mm2: float = field(default=0.2, metadata=unit("mm2", "smallest hole"))
    insect_min_mm: float = field(default=0.5, metadata=unit("mm"))
    insect_max_mm: float = field(default=3.0, metadata=unit("mm"))
    insect_min_circularity: float = field(default=0.6, metadata=unit("ratio"))
    tear_max_width_mm: float = field(default=2.0, metadata=unit("mm"))
    max_hole_residual: float = field(
        default=2.5, metadata=unit("dE76", "median distance of a hole from paper-board mixing")
    )
    dark_board_min_width_mm: float = field(
        default=0.6, metadata=unit("mm", "on dark boards, narrower dark marks are ink")
    )
    round_hole_mm: float = field(
        default=1.2, metadata=unit("mm", "wider holes that are not elongated are never tears")
    )


@dataclass
class TearParams:
    """Open-tear parameters (physical units)."""

    max_width_mm: float = field(default=2.0, metadata=unit("mm", "wider splits are losses"))
    min_length_mm: float = field(default=3.0, metadata=unit("mm"))
    dark_board_min_length_mm: float = field(
        default=6.0, metadata=unit("mm", "on black or grey boards (letters look like gaps)")
    )
    min_elongation: float = field(default=4.0, metadata=unit("ratio", "length / width"))
    max_tortuosity: float = field(
        default=2.0, metadata=unit("ratio", "centre-line length / extent of a piece, at most")
    )
    min_depth_ratio: float = field(
        default=0.4, metadata=unit("ratio", "reach into the leaf / length, for tears from an edge")
    )
    sliver_depth_mm: float = field(
        default=5.0,
        metadata=unit("mm", "a piece from the edge that stays shallower is an edge sliver"),
    )
    join_mm: float = field(
        default=1.5, metadata=unit("mm", "pieces of one tear closer than this are joined")
    )
    join_strict_mm: float = field(
        default=5.0,
        metadata=unit("mm", "the same where only pure board is followed (dark boards, ≥ 500 ppi)"),
    )
    loss_rim_ratio: float = field(
        default=0.4,
        metadata=unit("ratio", "a piece with more of it within 1 mm of a loss is the loss's rim"),
    )
    anchor_mm: float = field(
        default=3.0, metadata=unit("mm", "a tear starts within this of the edge or a loss")
    )
    rule_min_length_mm: float = field(
        default=5.0, metadata=unit("mm", "straight pieces this long are checked for a rule")
    )
    rule_max_dev_mm: float = field(
        default=0.35, metadata=unit("mm", "a printed rule stays this close to its line")
    )
    edge_contact_mm: float = field(
        default=0.8, metadata=unit("mm", "distance from the outline that counts as contact")
    )
    edge_max_contact_mm: float = field(
        default=2.5, metadata=unit("mm", "a tear's mouth meets the outline over at most")
    )
    edge_max_contact_ratio: float = field(
        default=0.25, metadata=unit("ratio", "outline contact / extent of the piece, at most")
    )
    grow_mm: float = field(
        default=15.0, metadata=unit("mm", "window step when a tear is followed at full resolution")
    )


def strip_length(mask: np.ndarray) -> float:
    """Centre-line length in pixels of a thin strip, from its area A and perimeter P.

    For a strip of length L and width w, P = 2(L + w) and A = L·w, so
    L = (P/2 + sqrt(P²/4 − 4A)) / 2. The perimeter is the 8-connected contour length, smoothed
    by a polygon approximation (0.5 px) so the pixel staircase does not inflate it.
    """
    m = np.ascontiguousarray(mask, dtype=np.uint8)
    cnts, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not cnts:
        return 0.0
    per = sum(cv2.arcLength(cv2.approxPolyDP(c, 0.7, True), True) for c in cnts)
    area = float(np.count_nonzero(m))
    half = per / 2.0
    disc_ = max(half * half - 4.0 * area, 0.0)
    return float((half + np.sqrt(disc_)) / 2.0)


def board_fraction(lab: np.ndarray, paper: np.ndarray, board: np.ndarray, ref=None):
    """Linear unmixing of each pixel between its paper colour and the board colour.

    Returns ``t`` (0 = paper, 1 = board; the ground-truth convention calls a pixel a gap when at
    least half of it shows the board) and the CIELAB distance of the pixel from the mixing line
    (large for ink, stains and anything that is neither paper nor board). The mixing line runs
    from each pixel's local paper colour to the board colour. ``ref`` is not used (kept for
    callers).
    """
    board = np.asarray(board, np.float32).reshape(1, 1, 3)
    t = np.empty(lab.shape[:2], np.float32)
    resid = np.empty(lab.shape[:2], np.float32)

    def band(y: int) -> None:  # in bands: no full-size temporaries
        pa = np.asarray(paper[y : y + 128], np.float32)
        v = np.asarray(lab[y : y + 128], np.float32) - pa
        d = board - pa  # the mixing line from this pixel's own paper to the board
        dd = np.maximum(np.einsum("ijk,ijk->ij", d, d), 1e-3)
        tb = np.einsum("ijk,ijk->ij", v, d) / dd
        vv = np.einsum("ijk,ijk->ij", v, v)
        t[y : y + 128] = tb
        resid[y : y + 128] = np.sqrt(np.maximum(vv - tb * tb * dd, 0.0))

    for_bands(band, range(0, lab.shape[0], 128))
    return t, resid


def board_fraction_full(
    front: Front,
    Y0: int,
    Y1: int,
    X0: int,
    X1: int,
    where: np.ndarray | None = None,
    band: int = 128,
):
    """``board_fraction`` for a full-resolution window, computed in bands of ``band`` rows.

    The local paper colour is interpolated bilinearly from the working level at each
    full-resolution pixel centre, so only ``t`` and the residual (8 bytes a pixel) are held for
    the whole window, not its CIELAB and paper images. With ``where`` (a boolean mask of the
    window), each band is computed only over the columns where it has pixels; elsewhere t = 0
    and the residual is infinite (a diagonal tear's window is mostly left alone).
    """
    s = front.scale
    wh, ww = front.work_shape
    t = np.zeros((Y1 - Y0, X1 - X0), np.float32)
    resid = np.full_like(t, np.inf)
    for y in range(Y0, Y1, band):
        yb = min(Y1, y + band)
        c0, c1 = X0, X1
        if where is not None:
            cols = np.flatnonzero(where[y - Y0 : yb - Y0].any(axis=0))
            if cols.size == 0:
                continue
            c0, c1 = X0 + int(cols[0]), X0 + int(cols[-1]) + 1
        xs = np.clip((np.arange(c0, c1) + 0.5) / s - 0.5, 0, ww - 1)
        xa, xb = int(np.floor(xs[0])), min(ww, int(np.ceil(xs[-1])) + 1)
        ys = np.clip((np.arange(y, yb) + 0.5) / s - 0.5, 0, wh - 1)
        ya, yc = int(np.floor(ys[0])), min(wh, int(np.ceil(ys[-1])) + 1)
        rows = np.ascontiguousarray(front.paper_w[ya:yc, xa:xb])
        size = (yb - y, c1 - c0)
        mx = np.ascontiguousarray(np.broadcast_to((xs - xa).astype(np.float32)[None, :], size))
        my = np.ascontiguousarray(np.broadcast_to((ys - ya).astype(np.float32)[:, None], size))
        paper = cv2.remap(rows, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        lab = srgb_to_lab(front.rgb8_full(y, yb, c0, c1))
        tb, rb = board_fraction(lab, paper, front.board_lab)
        t[y - Y0 : yb - Y0, c0 - X0 : c1 - X0] = tb
        resid[y - Y0 : yb - Y0, c0 - X0 : c1 - X0] = rb
    return t, resid


def open_disc(mask: np.ndarray, r: float) -> np.ndarray:
    """Opening of a boolean mask by a disc of radius ``r`` px, from two distance transforms
    (the union of the discs that fit inside; far faster than ``morphologyEx`` for large r)."""
    core = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_5) > r
    if not core.any():
        return np.zeros(mask.shape, bool)
    far = cv2.distanceTransform((~core).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_5)
    return (far <= r) & mask


def _resid_max(front: Front) -> float:
    gap = float(np.linalg.norm(front.ref_paper - front.board_lab))
    return max(6.0, 0.12 * gap, front.cache.get("board_resid", 0.0) + 1.0)


def masked_resid(resid: np.ndarray, mask: np.ndarray, limit: int = 200_000) -> np.ndarray:
    idx = np.flatnonzero(mask)
    if idx.size > limit:
        idx = idx[:: idx.size // limit + 1]
    return resid.reshape(-1)[idx]


def _strict(front: Front) -> bool:
    """Whether tears are followed through pure board only (t ≥ 0.94): on a black or grey board
    at 500 ppi or more, where ink beside a gap is nearly board-coloured but a gap's core is
    several pixels wide."""
    return front.board_lab is not None and _ink_like_board(front) and front.px_per_mm * 25.4 >= 500


def _join_far(front: Front) -> bool:
    """Whether pieces of a tear may be joined across ``join_strict_mm``: only pure board is
    followed and the board is darker than any ink (L* < 15, black), so no letter is a piece.
    On a dark grey board, dark ink is as dark as the board and letters would join."""
    return _strict(front) and float(front.board_lab[0]) < 15.0


def _ink_like_board(front: Front) -> bool:
    """A dark neutral board can be confused with black or brown ink."""
    b = front.board_lab
    return bool(b[0] < 45 and np.hypot(b[1], b[2]) < 12)


def _split(front: Front, lp: LossParams, tp: TearParams):
    """Working-level board-visible components, split into bulk losses and thin tears."""
    with front.lock:  # computed once, whichever detector asks first
        return _split_locked(front, lp, tp)


def _split_locked(front: Front, lp: LossParams, tp: TearParams):
    key = ("split", lp.min_area_mm2, tp.max_width_mm, tp.min_length_mm, tp.min_elongation)
    key += (tp.min_depth_ratio, tp.sliver_depth_mm, tp.anchor_mm, tp.loss_rim_ratio)
    key += (lp.round_hole_mm,)
    if key in front.cache:
        return front.cache[key]
    ppw = front.px_w(1.0)
    if front.board_lab is None:
        empty = np.zeros(front.work_shape, bool)
        front.cache[key] = (empty, empty)
        return front.cache[key]
    t, resid = board_fraction(front.lab_w, front.paper_w, front.board_lab, front.ref_paper)
    nominal = front.nominal_w
    # the board's own spread off the mixing line (mottle, shading), measured around the leaf
    around = ~nominal & (t > 0.75)
    if np.count_nonzero(around) > 50:
        spread = float(np.percentile(masked_resid(resid, around), 97))
        front.cache["board_resid"] = spread
    rmax = _resid_max(front)
    line = resid < rmax
    gap = (nominal & (t > 0.5) & line).astype(np.uint8)
    gap = cv2.morphologyEx(gap, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    # tear candidates stay off the outline itself (mixed edge pixels), two pixels inward
    inner = cv2.erode(nominal.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    # partly board-coloured: a mix of paper and board never goes past the board itself (t ≤ 1);
    # illustrations and their frames are not torn paper
    cand = inner & (t > 0.25) & (t < 1.06) & line & ~front.media_w
    n, lab, st, _ = components(gap)
    keep = np.zeros(n, bool)
    min_px = lp.min_area_mm2 * ppw**2
    outside = ~nominal
    touch = cv2.dilate(outside.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    inky = _ink_like_board(front)
    # how far the board itself strays from the mixing line (mottle, noise): outside the leaf
    ring = outside & (t > 0.75)
    r_board = float(np.median(masked_resid(resid, ring))) if ring.any() else 1.0
    # the board's own colour spread around the leaf (ΔE*ab to the board model, 97th percentile)
    if ring.any():
        ring_lab = masked_sample(front.lab_w, ring)
        board_spread = float(np.percentile(dist76(ring_lab, front.board_lab), 97))
    else:
        board_spread = 5.0
    # the board's own tone range around the leaf (its shading and lighting): on a dark board an
    # edge loss's median board fraction lies within it (holes inside the leaf, where ink
    # blobs are the board's colour too, keep to 0.94–1.04)
    t_lo, t_hi = 0.94, 1.04
    if ring.any():
        lo, hi = np.percentile(masked_resid(t, ring), [1, 99])
        t_lo, t_hi = min(t_lo, float(lo)), max(t_hi, float(hi))
    min_r = lp.dark_board_min_width_mm / 2 * ppw
    # holes wide and round enough never to be a piece of a tear: they stay losses even where
    # a tear or (on a dark board) letters touch them
    round_ = np.zeros(n, bool)
    round_r = lp.round_hole_mm / 2 * ppw
    for k in range(1, n):
        x, y, w, h, a = st[k]
        if a < min_px:
            continue
        sub = lab[y : y + h, x : x + w] == k
        t_med = float(np.median(t[y : y + h, x : x + w][sub]))
        r_med = float(np.median(resid[y : y + h, x : x + w][sub]))
        at_edge = touch[y : y + h, x : x + w][sub].any()
        if inky:  # black ink is nearly the board's colour: demand the board's own tone
            lo, hi = (t_lo, t_hi) if at_edge else (0.94, 1.04)
            if not (lo <= t_med <= hi) or r_med > max(lp.max_hole_residual, r_board + 1.0):
                continue
        else:
            med = np.median(masked_sample(front.lab_w[y : y + h, x : x + w], sub), axis=0)
            if not (0.75 <= t_med <= 1.1) or float(dist76(med[None], front.board_lab)[0]) > (
                board_spread + 3.0
            ):
                continue  # not the board's colour inside: a dark stain or ink
        dt = None
        if inky and not at_edge:
            dt = cv2.distanceTransform(np.pad(sub, 1).astype(np.uint8), cv2.DIST_L2, 3)
            if float(dt.max()) < min_r:
                continue  # thin and dark on a dark board: text, not a hole
        keep[k] = True
        length = strip_length(sub)
        if length / max(a / max(length, 1.0), 0.5) < tp.min_elongation:
            if dt is None:
                dt = cv2.distanceTransform(np.pad(sub, 1).astype(np.uint8), cv2.DIST_L2, 3)
            round_[k] = float(dt.max()) >= round_r
    gap = keep[lab]
    round_holes = round_[lab] if round_.any() else None
    del lab, resid
    r = max(1.0, tp.max_width_mm / 2 * ppw)
    bulk = cv2.morphologyEx(gap.astype(np.uint8), cv2.MORPH_OPEN, disc(r)).astype(bool)
    # tear candidates: partly board-coloured thin structures, anchored at an edge or a loss
    # the blurred rim of a loss is partly board-coloured too: stay two pixels off it (and off
    # round holes, which are never part of a tear, nor anchor one unless they are bulk)
    rim = bulk if round_holes is None else bulk | round_holes
    rim = cv2.dilate(rim.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    thin = (cand & ~rim).astype(np.uint8)
    thin = cv2.morphologyEx(thin, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)) & inner
    # a tear's mouth may be closed (the torn edges touch) for a short way in from the edge
    ra = max(4, int(round(tp.anchor_mm * ppw)))
    reach = cv2.dilate(outside.astype(np.uint8), disc(ra)).astype(bool)
    anchor = reach | cv2.dilate(bulk.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    n, lab, st, _ = components(thin)
    tears = np.zeros_like(gap)
    # how far inside the outline each pixel is: a tear runs into the leaf, a shallow edge
    # loss runs along it
    depth_map = cv2.distanceTransform(nominal.astype(np.uint8), cv2.DIST_L2, 3) if n > 1 else None
    bulk_near = cv2.dilate(bulk.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    bulk_rim = cv2.dilate(bulk.astype(np.uint8), disc(ppw)).astype(bool)
    pending = []
    for k in range(1, n):
        x, y, w, h, a = st[k]
        if max(w, h) < tp.min_length_mm * ppw * 0.7:
            continue
        sub = lab[y : y + h, x : x + w] == k
        length = strip_length(sub)
        if length < tp.min_length_mm * ppw:
            continue
        width = a / max(length, 1.0)
        if length / max(width, 0.5) < tp.min_elongation:
            continue
        if inky:  # on a black/grey board, dark strokes look like gaps: demand some pure board
            ts = t[y : y + h, x : x + w][sub]
            if np.count_nonzero((ts >= 0.9) & (ts <= 1.04)) < 0.05 * ts.size:
                continue
        if not anchor[y : y + h, x : x + w][sub].any():
            pending.append((x, y, w, h, sub))  # maybe a further piece of a tear: see below
            continue
        from_loss = bulk_near[y : y + h, x : x + w][sub].any()
        if from_loss:  # a tear meets a loss at its mouth; a strip along the loss is its rim
            along = bulk_rim[y : y + h, x : x + w][sub]
            if np.count_nonzero(along) > tp.loss_rim_ratio * along.size:
                continue
        depth = float(depth_map[y : y + h, x : x + w][sub].max())
        if not from_loss and depth < min(tp.min_depth_ratio * length, tp.sliver_depth_mm * ppw):
            continue  # along the edge, not into the leaf: a shallow edge loss
        touching = sub & (depth_map[y : y + h, x : x + w] <= tp.edge_contact_mm * ppw)
        if _edge_rim(_longest_run(touching), float(np.hypot(w, h)), ppw, tp):
            continue  # lies against the outline: the rim of an edge loss
        tears[y : y + h, x : x + w] |= sub
    del lab, t, depth_map
    # a tear breaks into pieces where it narrows below the working level's pixel: pieces lying
    # within the join distance of a tear (one after another) are that tear's continuation
    join = max(1, round((tp.join_strict_mm if _join_far(front) else tp.join_mm) * ppw))
    while pending and tears.any():
        near = cv2.dilate(tears.astype(np.uint8), disc(join)).astype(bool)
        joined = [
            pc for pc in pending if near[pc[1] : pc[1] + pc[3], pc[0] : pc[0] + pc[2]][pc[4]].any()
        ]
        if not joined:
            break
        for x, y, w, h, sub in joined:
            tears[y : y + h, x : x + w] |= sub
        pending = [pc for pc in pending if not any(pc is q for q in joined)]
    loss = gap & ~tears
    if tears.any():  # small bits of gap where a tear opens at the edge belong to the tear
        near_tear = cv2.dilate(tears.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
        n, lab, st, _ = components(loss)
        for k in range(1, n):
            x, y, w, h, a = st[k]
            sub = lab[y : y + h, x : x + w] == k
            if round_holes is not None and round_holes[y : y + h, x : x + w][sub].any():
                continue
            if a < 2.0 * ppw**2 and near_tear[y : y + h, x : x + w][sub].any():
                loss[y : y + h, x : x + w] &= ~sub
                tears[y : y + h, x : x + w] |= sub
    front.cache[key] = (loss, tears)
    return front.cache[key]


def board_gaps(front: Front) -> np.ndarray:
    """Working-level mask of where the board shows inside the leaf (losses and tears, default
    parameters; shared through the front's cache with the loss and tear detectors)."""
    loss_w, tears_w = _split(front, LossParams(), TearParams())
    return loss_w | tears_w


def _refine(
    front: Front,
    region_w: np.ndarray,
    exclude_w: np.ndarray | None,
    grow: int = 2,
    t_min: float = 0.5,
    fill_specks: bool = False,
):
    """Full-resolution patches (board fraction ≥ 0.5) for each component of a working region."""
    H, W = front.shape
    s = front.scale
    if front.board_lab is None or not region_w.any():
        return []
    rmax = _resid_max(front)
    # the board's grain at full resolution strays further from the mixing line than its
    # average at the working level: specks of a hole's board left out are filled back
    hole_max_px = 0.25 * front.px_per_mm**2 if fill_specks else 0.0
    n, lab, st, _ = cv2.connectedComponentsWithStats(region_w.astype(np.uint8), connectivity=8)
    out = []
    for k in range(1, n):
        x, y, w, h = st[k, :4]
        x0, y0 = max(0, x - grow - 1), max(0, y - grow - 1)
        x1 = min(region_w.shape[1], x + w + grow + 1)
        y1 = min(region_w.shape[0], y + h + grow + 1)
        comp = (lab[y0:y1, x0:x1] == k).astype(np.uint8)
        allow = cv2.dilate(comp, disc(grow))
        if exclude_w is not None:
            allow &= ~exclude_w[y0:y1, x0:x1]
        X0, Y0 = int(round(x0 * s)), int(round(y0 * s))
        X1, Y1 = min(W, int(round(x1 * s))), min(H, int(round(y1 * s)))
        if X1 <= X0 or Y1 <= Y0:
            continue
        size = (X1 - X0, Y1 - Y0)
        allow_f = cv2.resize(allow, size, interpolation=cv2.INTER_NEAREST)
        t, resid = board_fraction_full(front, Y0, Y1, X0, X1)
        m = (t >= t_min) & (resid < rmax) & (allow_f > 0) & front.nominal_full(Y0, Y1, X0, X1)
        if s > 1.5:
            m = cv2.morphologyEx(m.astype(np.uint8), cv2.MORPH_OPEN, disc(1)).astype(bool)
        if m.any():
            out.append((Y0, X0, _fill_specks(m, hole_max_px)))
    return out


def _fill_specks(m: np.ndarray, max_px: float) -> np.ndarray:
    """``m`` with its enclosed holes of at most ``max_px`` pixels filled."""
    if max_px <= 0:
        return m
    holes = (fill_holes(m) & ~m).astype(np.uint8)
    n, lab, st, _ = cv2.connectedComponentsWithStats(holes, connectivity=4)
    if n <= 1:
        return m
    small = st[:, cv2.CC_STAT_AREA] <= max_px
    small[0] = False
    return m | small[lab]


def _merge_boxes(boxes: list[list[int]]) -> list[list[int]]:
    """Union of overlapping (y0, x0, y1, x1) boxes, repeated until none overlap."""
    boxes = [list(b) for b in boxes]
    merged = True
    while merged:
        merged = False
        out: list[list[int]] = []
        for b in boxes:
            for o in out:
                if b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]:
                    o[:] = [min(o[0], b[0]), min(o[1], b[1]), max(o[2], b[2]), max(o[3], b[3])]
                    merged = True
                    break
            else:
                out.append(b)
        boxes = out
    return boxes


def _up(mask_w: np.ndarray, front: Front, Y0: int, Y1: int, X0: int, X1: int) -> np.ndarray:
    """A working-level boolean mask cut to a full-resolution window (nearest neighbour)."""
    s = front.scale
    y0, x0 = int(np.floor(Y0 / s)), int(np.floor(X0 / s))
    y1 = min(mask_w.shape[0], int(np.ceil(Y1 / s)) + 1)
    x1 = min(mask_w.shape[1], int(np.ceil(X1 / s)) + 1)
    ys = np.clip(((np.arange(Y0, Y1) + 0.5) / s).astype(int) - y0, 0, y1 - y0 - 1)
    xs = np.clip(((np.arange(X0, X1) + 0.5) / s).astype(int) - x0, 0, x1 - x0 - 1)
    return mask_w[y0:y1, x0:x1][np.ix_(ys, xs)]


def _follow_tears(front: Front, patches, loss_w: np.ndarray, p: TearParams, t_min: float):
    """Follow each tear at full resolution beyond what the working level saw.

    A gap narrows towards the tear's tip until it is a fraction of a working-level pixel, so the
    working level finds the mouth only. Around each found piece, in windows grown by
    ``grow_mm`` while the tear keeps reaching the window's border, the full-resolution pixels
    that show the board (board fraction ≥ ``t_min``, on the paper–board mixing line), lie
    inside the nominal outline (0.4 mm in from it), off the losses and the illustrations, and
    are no wider than the tear's maximum width, are joined to the piece when connected to it
    (on chroma boards across one-pixel breaks, where the two torn edges touch). Where only pure
    board is taken (dark boards at ≥ 500 ppi), the narrow stretches between pure pieces, whose
    pixels are mixed (board fraction ≥ 0.5, the ground truth's own rule), connect them and belong
    to the tear. Pieces of one tear that the working level saw apart are joined in the process,
    so a tear is counted once.
    """
    if not patches:
        return patches
    H, W = front.shape
    ppm = front.px_per_mm
    reach = max(8, int(round(p.grow_mm * ppm)))
    rmax = _resid_max(front)
    inky = _ink_like_board(front)
    r_bulk = max(1.0, p.max_width_mm / 2 * ppm)
    edge_in = max(2, int(round(0.4 * ppm)))
    loss_near = cv2.dilate(loss_w.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    boxes = [[Y0, X0, Y0 + m.shape[0], X0 + m.shape[1]] for Y0, X0, m in patches]
    # where to look: within grow_mm of the pieces (a corridor, not their whole bounding box),
    # widened around the tips while the tear keeps reaching its border
    s = front.scale
    reach_w = max(2, int(round(p.grow_mm * ppm / s)))
    seeds_w = np.zeros(front.work_shape, np.uint8)
    for Y0, X0, m in patches:
        ys, xs = np.nonzero(m)
        seeds_w[
            np.clip((ys + Y0) / s, 0, seeds_w.shape[0] - 1).astype(int),
            np.clip((xs + X0) / s, 0, seeds_w.shape[1] - 1).astype(int),
        ] = 1
    zone_w = (cv2.distanceTransform(1 - seeds_w, cv2.DIST_L2, cv2.DIST_MASK_5) <= reach_w).astype(
        np.uint8
    )
    del seeds_w

    def grown(b):
        return [
            max(0, b[0] - reach),
            max(0, b[1] - reach),
            min(H, b[2] + reach),
            min(W, b[3] + reach),
        ]

    out = []
    for box in _merge_boxes([grown(b) for b in boxes]):
        for _ in range(4):
            Y0, X0, Y1, X1 = box
            seed = np.zeros((Y1 - Y0, X1 - X0), bool)
            for y, x, m in patches:
                if y >= Y0 and x >= X0 and y + m.shape[0] <= Y1 and x + m.shape[1] <= X1:
                    seed[y - Y0 : y - Y0 + m.shape[0], x - X0 : x - X0 + m.shape[1]] |= m
            zone = _up(zone_w, front, Y0, Y1, X0, X1) > 0
            zone |= seed
            t, resid = board_fraction_full(front, Y0, Y1, X0, X1, where=zone)
            inside = cv2.erode(
                front.nominal_full(Y0, Y1, X0, X1).astype(np.uint8), disc(edge_in)
            ).astype(bool)
            off = ~_up(loss_near | front.media_w, front, Y0, Y1, X0, X1)
            line = (t < 1.06) & (resid < rmax) & inside & zone & off
            cand = (t >= t_min) & line
            # where only pure board is kept, the narrow stretches between the pure pieces (mixed
            # pixels, t ≥ 0.5) still connect them
            bridge = (t >= 0.5) & line if t_min > 0.5 else None
            bulk = open_disc(cand, r_bulk).astype(np.uint8)
            cand &= ~cv2.dilate(bulk, np.ones((3, 3), np.uint8)).astype(bool)
            del t, resid, line, off
            cand |= seed
            if inky:  # printed rules and frames the tear crosses are board-coloured there too
                rules = printed_rules(cand if bridge is None else cand | bridge, ppm, p)
                cand &= ~rules
                seed &= ~rules
                if bridge is not None:
                    bridge &= ~rules & ~cv2.dilate(bulk, np.ones((3, 3), np.uint8)).astype(bool)
            del bulk
            if bridge is not None:
                link = cand | _bridges(cand, bridge & ~cand)
            elif inky:
                link = cand
            else:
                link = cv2.dilate(cand.astype(np.uint8), np.ones((3, 3), np.uint8))
            n, lab = cv2.connectedComponents(np.asarray(link, np.uint8), connectivity=8)
            hit = np.zeros(n, bool)
            hit[np.unique(lab[seed])] = True
            hit[0] = False
            keep = hit[lab] & (link > 0 if bridge is not None else cand)
            del lab, link
            # the tear reaches the corridor's border (or the window's): look further around there
            inner_zone = cv2.erode(zone.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
            inner_zone[[0, -1], :] = False
            inner_zone[:, [0, -1]] = False
            ys, xs = np.nonzero(keep & ~inner_zone)
            before = int(np.count_nonzero(zone_w))
            step = max(1, ys.size // 64)
            for yy, xx in zip(ys[::step], xs[::step], strict=True):
                c = (int((X0 + xx + 0.5) / s), int((Y0 + yy + 0.5) / s))
                cv2.circle(zone_w, c, reach_w, 1, -1)
            if ys.size == 0 or int(np.count_nonzero(zone_w)) == before:
                break
            nxt = grown(box)
            if nxt == box:
                break
            box = nxt
        out.append((Y0, X0, keep))
    return out


def _bridges(pieces: np.ndarray, between: np.ndarray) -> np.ndarray:
    """The components of ``between`` that touch at least two different components of
    ``pieces``: the narrow stretches of a tear join its pieces, while ink beside a tear (as dark
    as a black board's mixed pixels) touches it on one side only."""
    if not between.any() or not pieces.any():
        return np.zeros(pieces.shape, bool)
    n, lab_p = cv2.connectedComponents(pieces.astype(np.uint8), connectivity=8)
    lab_f = lab_p.astype(np.float32)
    k = np.ones((3, 3), np.uint8)
    hi = cv2.dilate(lab_f, k)  # largest piece label next to each pixel
    lo = cv2.erode(np.where(lab_p > 0, lab_f, np.float32(n + 1)), k)  # smallest
    m, lab_b = cv2.connectedComponents(between.astype(np.uint8), connectivity=8)
    idx = lab_b[between]
    top = np.zeros(m, np.float32)
    np.maximum.at(top, idx, hi[between])
    bottom = np.full(m, np.float32(n + 1))
    np.minimum.at(bottom, idx, lo[between])
    joins = (top > 0) & (bottom <= n) & (top != bottom)
    joins[0] = False
    return joins[lab_b]


def printed_rules(mask: np.ndarray, ppm: float, p: TearParams) -> np.ndarray:
    """Horizontal and vertical printed rules (frames, underlines) in a candidate mask.

    A run of at least ``rule_min_length_mm`` that survives an opening with a one-pixel line of
    that length, is no thicker than ``2 × rule_max_dev_mm`` and has almost nothing of the mask
    beside it (a rule has uniform width; a torn gap that runs straight for a while wanders
    around the run) is a rule. Returned dilated by one pixel.
    """
    out = np.zeros(mask.shape, bool)
    length = max(8, int(round(p.rule_min_length_mm * ppm)))
    if max(mask.shape) < length:
        return out
    m8 = mask.astype(np.uint8)
    side = max(2, int(round(0.25 * ppm)))
    for horizontal in (True, False):
        k = np.ones((1, length) if horizontal else (length, 1), np.uint8)
        op = cv2.morphologyEx(m8, cv2.MORPH_OPEN, k)
        if not op.any():
            continue
        n, lab, st, _ = cv2.connectedComponentsWithStats(op, connectivity=8)
        for i in range(1, n):
            x, y, w, h, a = (int(v) for v in st[i])
            run = w if horizontal else h
            if a / max(run, 1) > 2 * p.rule_max_dev_mm * ppm:
                continue  # too thick for a printed rule
            if horizontal:
                y0, y1, x0, x1 = max(0, y - side), min(mask.shape[0], y + h + side), x, x + w
            else:
                y0, y1, x0, x1 = y, y + h, max(0, x - side), min(mask.shape[1], x + w + side)
            beside = int(np.count_nonzero(m8[y0:y1, x0:x1])) - a
            if beside <= 0.25 * a:
                out[y : y + h, x : x + w] |= lab[y : y + h, x : x + w] == i
    if out.any():
        out = cv2.dilate(out.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    return out


def _tear_like(sub: np.ndarray, x0: int, y0: int, lines, ppm: float, p: TearParams) -> bool:
    """Whether a full-resolution piece can be a tear and not a printed rule or an edge sliver.

    A printed rule (an illustration's frame, an underline) is ruler-straight: over
    ``rule_min_length_mm`` or more its pixels stay within ``rule_max_dev_mm`` of a fitted line,
    while a torn gap wanders. A tear meets the leaf's outline only at its mouth, so a piece that
    lies against the outline (within ``edge_contact_mm``) along more than
    ``edge_max_contact_mm`` and more than ``edge_max_contact_ratio`` of its own extent (an
    oblique tear's mouth is long but short against the tear) is the rim of an edge loss.
    """
    ys, xs = np.nonzero(sub)
    pts = np.stack([xs + x0, ys + y0], axis=1).astype(np.float32)
    span = float(np.hypot(*(pts.max(axis=0) - pts.min(axis=0))))
    if span >= p.rule_min_length_mm * ppm:
        vx, vy, cx, cy = (float(v) for v in cv2.fitLine(pts, cv2.DIST_L2, 0, 0.01, 0.01).ravel())
        dev = np.abs((pts[:, 0] - cx) * vy - (pts[:, 1] - cy) * vx)
        if float(np.percentile(dev, 99)) <= p.rule_max_dev_mm * ppm:
            return False
    if lines is not None:
        for nrm, off in lines.values():
            near = (pts @ nrm - off) <= p.edge_contact_mm * ppm
            if np.count_nonzero(near) < 2:
                continue
            along = np.sort(pts[near] @ np.array([-nrm[1], nrm[0]]))
            # contact in runs: two tears of one piece (crossing) meet the edge at two mouths
            cuts = np.flatnonzero(np.diff(along) > max(2.0, 0.5 * ppm))
            starts = np.r_[along[0], along[cuts + 1]]
            ends = np.r_[along[cuts], along[-1]]
            if _edge_rim(float((ends - starts).max()), span, ppm, p):
                return False
    return True


def _longest_run(mask: np.ndarray) -> float:
    """Largest extent (bounding-box diagonal, px) of the 8-connected parts of ``mask``."""
    if np.count_nonzero(mask) < 2:
        return 0.0
    n, _, st, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return float(np.hypot(st[1:, 2] - 1, st[1:, 3] - 1).max())


def _edge_rim(contact: float, span: float, ppm: float, p: TearParams) -> bool:
    """Whether a piece touching the outline along ``contact`` px (its extent ``span`` px) is the
    rim of an edge loss rather than a tear's mouth (see ``_tear_like``)."""
    return contact > max(p.edge_max_contact_mm * ppm, p.edge_max_contact_ratio * span)


def _side_lines(front: Front):
    """(normal, offset) per side so that ``normal·p − offset`` is the inward distance."""
    q = front.quad_full
    centre = q.mean(axis=0)
    lines = {}
    for name, (i, j) in zip(SIDES, ((0, 1), (1, 2), (2, 3), (3, 0)), strict=True):
        d = q[j] - q[i]
        nrm = np.array([-d[1], d[0]]) / max(np.hypot(*d), 1e-9)
        if np.dot(centre - q[i], nrm) < 0:
            nrm = -nrm
        lines[name] = (nrm, float(np.dot(nrm, q[i])))
    return lines


def _blob_props(m: np.ndarray):
    cnts, _ = cv2.findContours(m.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    per = sum(cv2.arcLength(c, True) for c in cnts)
    a = float(m.sum())
    circ = 4 * np.pi * a / per**2 if per > 0 else 0.0
    return a, min(circ, 1.0)


def _anchored(front: Front, sub, win, lines, loss_near_w, p: TearParams) -> bool:
    """Whether a full-resolution piece starts at the leaf's edge or at a loss.

    A tear runs in from a cut edge or from a loss; its mouth may be closed for up to
    ``anchor_mm`` (the torn edges touch there), so a piece within that distance of the nominal
    outline, or within 1 mm of a loss, is anchored.
    """
    Y0, Y1, X0, X1 = win
    if lines is None:
        return True
    ys, xs = np.nonzero(sub)
    pts = np.stack([xs + X0, ys + Y0], axis=1).astype(np.float64)
    reach = p.anchor_mm * front.px_per_mm
    if any(float((pts @ nrm - off).min()) <= reach for nrm, off in lines.values()):
        return True
    return bool((_up(loss_near_w, front, Y0, Y1, X0, X1) & sub).any())


def _join_pieces(
    lab: np.ndarray, pieces: list, join_px: float, chain: np.ndarray | None = None
) -> list[list]:
    """Groups of tear pieces: each anchored piece with the pieces that chain to it.

    A tear that closes for a short way breaks into pieces at full resolution; pieces lying
    within ``join_px`` of a group are one tear with it (counted once, lengths added). A piece
    that reaches no anchored piece that way is not a tear (a letter next to a tear's tip).
    ``chain`` (labels at full resolution) joins pieces with the same label however far apart:
    the working level saw one unbroken tear where the full resolution sees mixed pixels.
    """
    if not pieces:
        return []
    link = {}
    if chain is not None:
        for pc in pieces:
            x, y, w, h = pc[1]
            ids = chain[y : y + h, x : x + w][lab[y : y + h, x : x + w] == pc[0]]
            link[pc[0]] = set(np.unique(ids[ids > 0]).tolist())
    r = max(1, int(round(join_px)))
    grown = {}
    for pc in pieces:
        x, y, w, h = pc[1]
        y0, x0 = max(0, y - r), max(0, x - r)
        y1, x1 = min(lab.shape[0], y + h + r), min(lab.shape[1], x + w + r)
        m = (lab[y0:y1, x0:x1] == pc[0]).astype(np.uint8)
        grown[pc[0]] = (y0, x0, cv2.dilate(m, disc(r / 2.0)).astype(bool))

    def touch(a, b):  # both grown by r/2: within about r of each other, or one chain
        if link.get(a[0], set()) & link.get(b[0], set()):
            return True
        ya, xa, ma = grown[a[0]]
        yb, xb, mb = grown[b[0]]
        iy0, ix0 = max(ya, yb), max(xa, xb)
        iy1 = min(ya + ma.shape[0], yb + mb.shape[0])
        ix1 = min(xa + ma.shape[1], xb + mb.shape[1])
        if iy1 <= iy0 or ix1 <= ix0:
            return False
        sa = ma[iy0 - ya : iy1 - ya, ix0 - xa : ix1 - xa]
        sb = mb[iy0 - yb : iy1 - yb, ix0 - xb : ix1 - xb]
        return bool((sa & sb).any())

    groups = [[pc] for pc in pieces if pc[3]]
    loose = [pc for pc in pieces if not pc[3]]
    changed = True
    while changed and loose:
        changed = False
        for pc in list(loose):
            for g in groups:
                if any(touch(pc, q) for q in g):
                    g.append(pc)
                    loose.remove(pc)
                    changed = True
                    break
    # anchored pieces that chain to each other are one tear too
    merged: list[list] = []
    for g in groups:
        for o in merged:
            if any(touch(a, b) for a in g for b in o):
                o.extend(g)
                break
        else:
            merged.append(g)
    return merged


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
    loss_w, tears_w = _split(front, p, tp)
    steps(0.3, "refining")
    patches = _refine(front, loss_w, tears_w, fill_specks=True)
    ppm = front.px_per_mm
    depth = dict.fromkeys(SIDES, 0.0)
    lines = _side_lines(front) if front.quad_full is not None else None
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
    return _abstain_without_board(front, res)


@register(
    "tear",
    VERSION,
    TearParams,
    order=30,
    colour=(204, 0, 153),  # reddish purple
    weight=0.05,
    measurements={"lengths_mm": [], "longest_mm": 0.0, "total_length_mm": 0.0},
    severity=(("longest_mm", 20.0, 100.0), ("area_pct", 0.2, 1.0)),
    layer=40,
    greyscale="luminance",
    summary=lambda m: f", longest {m['longest_mm']:.1f} mm" if m.get("longest_mm") else "",
)
def detect_tear(front: Front, p: TearParams, steps: Steps) -> DetectorResult:
    """Open tears: long thin splits showing the board, from an edge or a loss."""
    H, W = front.shape
    mask = MaskSource((H, W))
    lp = LossParams(tear_max_width_mm=p.max_width_mm)
    steps(0.0, "board")
    loss_w, tears_w = _split(front, lp, p)
    steps(0.3, "refining")
    # on a black or grey board, ink next to a gap is nearly board-coloured: only pure board
    t_min = 0.94 if _strict(front) else 0.5
    patches = _refine(front, tears_w, None, grow=1, t_min=t_min)
    patches = _follow_tears(front, patches, loss_w, p, t_min)
    ppm = front.px_per_mm
    instances, lengths = [], []
    total = 0
    lines = _side_lines(front) if front.quad_full is not None else None
    loss_near = cv2.dilate(loss_w.astype(np.uint8), disc(front.px_w(1.0))).astype(bool)
    # on a black or grey board a letter beside a hole looks like a short gap
    inky = front.board_lab is not None and _ink_like_board(front)
    group_min = max(p.min_length_mm, p.dark_board_min_length_mm) if inky else p.min_length_mm
    # where only pure board is followed, a tear breaks into pieces wherever it narrows to mixed
    # pixels, and on a black board letters (lighter) cannot be among them: join across wider breaks
    strict = _join_far(front)
    join_px = (p.join_strict_mm if strict else p.join_mm) * ppm
    loose_min = p.min_length_mm * (1.0 if strict else 2.0)
    tears_link = None  # the working level's tears closed over one-pixel breaks (chroma boards)
    if not inky:
        tears_link = cv2.dilate(tears_w.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    for Y0, X0, m in patches:
        n, lab, st, _ = cv2.connectedComponentsWithStats(m.astype(np.uint8), connectivity=8)
        pieces = []
        for k in range(1, n):
            x, y, w, h, a = (int(v) for v in st[k])
            sub = lab[y : y + h, x : x + w] == k
            length_px = strip_length(sub)
            if length_px < p.min_length_mm * 0.8 * ppm or max(w, h) < p.min_length_mm * ppm:
                continue  # letter-sized pieces next to a tear are ink, not the gap
            if length_px > p.max_tortuosity * float(np.hypot(w, h)):
                continue  # far longer than its extent: a loss's ragged fringe, not a split
            if not _tear_like(sub, X0 + x, Y0 + y, lines, ppm, p):
                continue
            win = (Y0 + y, Y0 + y + h, X0 + x, X0 + x + w)
            anchored = _anchored(front, sub, win, lines, loss_near, p)
            if not anchored and max(w, h) < loose_min * ppm:
                continue  # a short piece off the tear's line: a letter next to its tip
            pieces.append([k, (x, y, w, h), length_px, anchored])
        # the working level's tears (joined across one-pixel breaks): pieces on one are one
        # tear. Not on black or grey boards, where the working level chains letters too (the
        # mixed stretches between pure pieces join them there, in _follow_tears)
        chain = None
        if len(pieces) > 1 and tears_link is not None:
            on_w = _up(tears_link, front, Y0, Y0 + m.shape[0], X0, X0 + m.shape[1])
            chain = cv2.connectedComponents((on_w | m).astype(np.uint8), connectivity=8)[1]
        for group in _join_pieces(lab, pieces, join_px, chain):
            length_px = float(sum(pc[2] for pc in group))
            if length_px < group_min * ppm:
                continue
            sub = np.isin(lab, [pc[0] for pc in group])
            ys, xs = np.nonzero(sub)
            x, y = int(xs.min()), int(ys.min())
            w, h = int(xs.max()) - x + 1, int(ys.max()) - y + 1
            sub = sub[y : y + h, x : x + w]
            a = int(xs.size)
            length = length_px / ppm
            mask.add(Y0 + y, X0 + x, sub)
            total += a
            lengths.append(round(length, 2))
            instances.append(
                {
                    "id": len(instances) + 1,
                    "bbox": [X0 + x, Y0 + y, w, h],
                    "centroid": [round(X0 + float(xs.mean()), 1), round(Y0 + float(ys.mean()), 1)],
                    "area_px": a,
                    "area_mm2": round(a / ppm**2, 3),
                    "length_mm": round(length, 2),
                    "mean_width_mm": round(a / max(length_px, 1.0) / ppm, 3),
                    "pieces": len(group),
                }
            )
    steps(1.0, "done")
    meas = {
        "count": len(instances),
        "area_px": total,
        "area_mm2": round(total / ppm**2, 3),
        "area_pct": front.pct(total),
        "lengths_mm": lengths,
        "longest_mm": max(lengths) if lengths else 0.0,
        "total_length_mm": round(sum(lengths), 2),
    }
    res = DetectorResult("tear", VERSION, {}, meas, instances, mask)
    return _abstain_without_board(front, res)


def _abstain_without_board(front: Front, res: DetectorResult) -> DetectorResult:
    """Losses and tears are measured only where a backing board is evidently there."""
    if front.board_visible:
        return res
    return res.abstain("uneven_board" if front.board_thr < 0 else "no_board")
