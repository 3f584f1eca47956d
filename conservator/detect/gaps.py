"""The gap segmentation losses and tears share: where the backing board shows through the leaf.

Method (detection.md §6.2):

1. *Board visible inside the nominal leaf*: each working-level pixel is unmixed between its local
   paper colour and the board colour (board fraction ``t``, 0 = paper, 1 = board, and its
   distance from that mixing line). Pixels within the nominal outline with ``t > 0.5`` on the
   line form components; a component of at least ``min_area_mm2`` whose median is board-like
   is a gap (so dark ink or a stain is not a hole). On black or grey boards (the board's
   regime, :mod:`conservator.detect.board`), where ink is nearly the board's colour, a hole's
   median board fraction must lie within 0.94–1.04, and an edge loss's within the board's own
   range around the leaf (its 1st–99th percentiles, at least that: boards are shaded by the
   lighting), and a hole must be at least ``dark_board_min_width_mm`` wide.
2. *Tears vs losses*: a morphological opening with a disc of radius ``tear_max_width_mm / 2``
   keeps the bulk of losses; holes at least ``round_hole_mm`` wide that are not elongated
   stay losses too (letters or a tear touching a small hole do not carry it off); what the
   opening removes and is long and thin (skeleton length ≥ ``min_length_mm``, length /
   mean width ≥ ``min_elongation``), runs into the leaf from an edge or a loss and is not a
   loss's rim or an edge sliver is a tear candidate; the rest stays with the loss.
3. Every component is re-segmented at full resolution in its window (:func:`refine`: board
   fraction at full resolution, the nominal polygon rendered at full resolution) before it is
   measured (:mod:`conservator.detect.loss`, :mod:`conservator.detect.tear`).

:func:`segment_gaps` is a pure function returning :class:`Gaps`; :func:`gaps` computes it once
per front end for the loss and tear detectors and foxing's exclusion of the board.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect.base import DetectorResult, unit
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


def resid_max(front: Front, board_resid: float = 0.0) -> float:
    """ΔE*ab off the paper–board mixing line still taken as board: at least 6, 12 % of the
    paper–board distance, and 1 more than the board's own spread (``board_resid``)."""
    gap = float(np.linalg.norm(front.ref_paper - front.board_lab))
    return max(6.0, 0.12 * gap, board_resid + 1.0)


def masked_resid(resid: np.ndarray, mask: np.ndarray, limit: int = 200_000) -> np.ndarray:
    idx = np.flatnonzero(mask)
    if idx.size > limit:
        idx = idx[:: idx.size // limit + 1]
    return resid.reshape(-1)[idx]


def strict_board(front: Front) -> bool:
    """Whether tears are followed through pure board only (t ≥ 0.94): on a black or grey board
    at 500 ppi or more, where ink beside a gap is nearly board-coloured but a gap's core is
    several pixels wide."""
    return front.board_lab is not None and ink_like_board(front) and front.px_per_mm * 25.4 >= 500


def join_far(front: Front) -> bool:
    """Whether pieces of a tear may be joined across ``join_strict_mm``: only pure board is
    followed and the board is darker than any ink (L* < 15, black), so no letter is a piece.
    On a dark grey board, dark ink is as dark as the board and letters would join."""
    return strict_board(front) and front.board.regime == "black"


def ink_like_board(front: Front) -> bool:
    """A black or grey board (its regime) can be confused with black or brown ink."""
    return front.board.ink_like


@dataclass(frozen=True)
class Gaps:
    """The gap segmentation losses and tears share: where the board shows inside the leaf.

    Attributes
    ----------
    loss : ndarray bool
        Working-level bulk losses (holes, edge losses).
    tears : ndarray bool
        Working-level thin, anchored tear candidates.
    resid_max : float
        ΔE*ab off the paper–board mixing line still taken as board (the full-resolution
        refinement uses the same bound).
    """

    loss: np.ndarray
    tears: np.ndarray
    resid_max: float

    @property
    def any(self) -> np.ndarray:
        """Losses and tears together."""
        return self.loss | self.tears


def gaps(front: Front, lp: LossParams, tp: TearParams) -> Gaps:
    """:func:`segment_gaps` for these parameters, computed once per front end (whichever
    detector asks first; the loss and tear detectors and foxing's exclusion share it)."""
    key = ("gaps", lp.min_area_mm2, lp.round_hole_mm, lp.dark_board_min_width_mm)
    key += (lp.max_hole_residual, *dataclasses.astuple(tp))
    return front.memo(key, lambda: segment_gaps(front, lp, tp))


def segment_gaps(front: Front, lp: LossParams, tp: TearParams) -> Gaps:
    """Working-level board-visible components, split into bulk losses and thin tears (steps 1–2
    of the module docstring). A pure function of the front end and the parameters."""
    ppw = front.px_w(1.0)
    if front.board_lab is None:
        empty = np.zeros(front.work_shape, bool)
        return Gaps(empty, empty, 0.0)
    t, resid = board_fraction(front.lab_w, front.paper_w, front.board_lab, front.ref_paper)
    nominal = front.nominal_w
    # the board's own spread off the mixing line (mottle, shading), measured around the leaf
    around = ~nominal & (t > 0.75)
    board_resid = 0.0
    if np.count_nonzero(around) > 50:
        spread = float(np.percentile(masked_resid(resid, around), 97))
        board_resid = spread
    rmax = resid_max(front, board_resid)
    line = resid < rmax
    if front.charts_w is not None:  # the leaf's edge under a colour chart is hidden, not lost
        hidden = cv2.dilate(front.charts_w.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
        line &= ~hidden
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
    inky = ink_like_board(front)
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
    del lab, resid, line, touch, around, ring
    if not inky:
        del t  # only the dark-board test below reads it
    r = max(1.0, tp.max_width_mm / 2 * ppw)
    bulk = cv2.morphologyEx(gap.astype(np.uint8), cv2.MORPH_OPEN, disc(r)).astype(bool)
    # tear candidates: partly board-coloured thin structures, anchored at an edge or a loss
    # the blurred rim of a loss is partly board-coloured too: stay two pixels off it (and off
    # round holes, which are never part of a tear, nor anchor one unless they are bulk)
    rim = bulk if round_holes is None else bulk | round_holes
    rim = cv2.dilate(rim.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    thin = (cand & ~rim).astype(np.uint8)
    thin = cv2.morphologyEx(thin, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)) & inner
    del cand, rim, inner
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
        if edge_rim(longest_run(touching), float(np.hypot(w, h)), ppw, tp):
            continue  # lies against the outline: the rim of an edge loss
        tears[y : y + h, x : x + w] |= sub
    del lab, depth_map, anchor, bulk_near, bulk_rim
    if inky:
        del t
    # a tear breaks into pieces where it narrows below the working level's pixel: pieces lying
    # within the join distance of a tear (one after another) are that tear's continuation
    join = max(1, round((tp.join_strict_mm if join_far(front) else tp.join_mm) * ppw))
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
    return Gaps(loss, tears, rmax)


def board_gaps(front: Front) -> np.ndarray:
    """Working-level mask of where the board shows inside the leaf (losses and tears, default
    parameters; the same segmentation the loss and tear detectors use)."""
    return gaps(front, LossParams(), TearParams()).any


def board_holes(front: Front) -> np.ndarray:
    """Working-level bulk losses (holes, edge losses) of the same segmentation, without the
    tears' narrow gaps."""
    return gaps(front, LossParams(), TearParams()).loss


def refine(
    front: Front,
    rmax: float,
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


def up(mask_w: np.ndarray, front: Front, Y0: int, Y1: int, X0: int, X1: int) -> np.ndarray:
    """A working-level boolean mask cut to a full-resolution window (nearest neighbour)."""
    s = front.scale
    y0, x0 = int(np.floor(Y0 / s)), int(np.floor(X0 / s))
    y1 = min(mask_w.shape[0], int(np.ceil(Y1 / s)) + 1)
    x1 = min(mask_w.shape[1], int(np.ceil(X1 / s)) + 1)
    ys = np.clip(((np.arange(Y0, Y1) + 0.5) / s).astype(int) - y0, 0, y1 - y0 - 1)
    xs = np.clip(((np.arange(X0, X1) + 0.5) / s).astype(int) - x0, 0, x1 - x0 - 1)
    return mask_w[y0:y1, x0:x1][np.ix_(ys, xs)]


def longest_run(mask: np.ndarray) -> float:
    """Largest extent (bounding-box diagonal, px) of the 8-connected parts of ``mask``."""
    if np.count_nonzero(mask) < 2:
        return 0.0
    n, _, st, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return float(np.hypot(st[1:, 2] - 1, st[1:, 3] - 1).max())


def edge_rim(contact: float, span: float, ppm: float, p: TearParams) -> bool:
    """Whether a piece touching the outline along ``contact`` px (its extent ``span`` px) is the
    rim of an edge loss rather than a tear's mouth (see ``_tear_like``)."""
    return contact > max(p.edge_max_contact_mm * ppm, p.edge_max_contact_ratio * span)


def side_lines(front: Front):
    """(normal, offset) per side of the nominal outline, so that ``normal·p − offset`` is the
    inward distance (for a point inside a convex outline, the smallest over the sides is its
    distance from the outline).

    A quadrilateral's sides are named ``top``, ``right``, ``bottom``, ``left``; the many edges
    of an oval outline are named ``<side>#<k>`` after the direction they face.
    """
    q = front.quad_full
    centre = q.mean(axis=0)
    n = len(q)
    lines = {}
    for k in range(n):
        a, b = q[k], q[(k + 1) % n]
        d = b - a
        nrm = np.array([-d[1], d[0]]) / max(np.hypot(*d), 1e-9)
        if np.dot(centre - a, nrm) < 0:
            nrm = -nrm
        if n == 4:
            name = SIDES[k]
        else:  # faces up (inward normal points down) = top, and so on
            ang = np.degrees(np.arctan2(nrm[1], nrm[0])) % 360.0
            name = f"{SIDES[int(((ang - 45.0) % 360.0) // 90.0)]}#{k}"
        lines[name] = (nrm, float(np.dot(nrm, a)))
    return lines


def abstain_without_board(front: Front, res: DetectorResult) -> DetectorResult:
    """Losses and tears are measured only where a backing board is evidently there."""
    if front.board_visible:
        return res
    return res.abstain(front.board.reason or "no_board")
