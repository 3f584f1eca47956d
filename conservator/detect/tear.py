"""Open tears: long thin splits showing the backing board, from an edge or a loss.

Method (detection.md §6.2 step 5a):

1. Measured only where a backing board is evidently there (:mod:`conservator.detect.board`);
   otherwise the result is *not measured*, with the reason.
2. The thin, anchored candidates of the shared gap segmentation (:mod:`conservator.detect.gaps`)
   are re-segmented at full resolution, then followed at full resolution from each piece
   (their tips narrow below a working-level pixel; pieces of one tear are joined, so it is
   counted once). Pieces shorter than ``min_length_mm`` in extent (letters next to the gap),
   pieces whose centre-line length exceeds ``max_tortuosity`` times their extent (a loss's
   ragged fringe), ruler-straight pieces (printed rules, frames) and pieces lying along the
   outline (edge-loss rims) are dropped.
3. A tear starts at the edge or at a loss, but its mouth may be closed (the torn edges touch)
   for up to ``anchor_mm``; pieces of a tear broken where its edges touch or where it narrows
   below a pixel are joined, one after another, when within ``join_mm`` of an anchored piece
   (``join_strict_mm`` on black boards at ≥ 500 ppi, where only pure board is followed and
   ink, lighter than the board, cannot be a piece), and a short piece that reaches none
   is ink. On black or grey boards a tear is at least ``dark_board_min_length_mm`` long, and
   straight, even printed rules it crosses are cut from it. A piece from a loss that lies
   mostly within 1 mm of it (``loss_rim_ratio``) is the loss's ragged rim, and one shallower
   than ``sliver_depth_mm`` from the edge is an edge sliver.
4. Tear measures: centre-line length from area and perimeter of the strip, mean width =
   area / length.
"""

from __future__ import annotations

import cv2
import numpy as np

from conservator.detect.base import DetectorResult, MaskSource, Steps, register
from conservator.detect.frontend import Front, disc
from conservator.detect.gaps import (
    LossParams,
    TearParams,
    abstain_without_board,
    board_fraction_full,
    edge_rim,
    gaps,
    ink_like_board,
    join_far,
    open_disc,
    refine,
    side_lines,
    strict_board,
    strip_length,
    up,
)

VERSION = "1.3.0"


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


def _follow_tears(
    front: Front, patches, loss_w: np.ndarray, p: TearParams, t_min: float, rmax: float
):
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
    inky = ink_like_board(front)
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
            zone = up(zone_w, front, Y0, Y1, X0, X1) > 0
            zone |= seed
            t, resid = board_fraction_full(front, Y0, Y1, X0, X1, where=zone)
            inside = cv2.erode(
                front.nominal_full(Y0, Y1, X0, X1).astype(np.uint8), disc(edge_in)
            ).astype(bool)
            off = ~up(loss_near | front.media_w, front, Y0, Y1, X0, X1)
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
            if edge_rim(float((ends - starts).max()), span, ppm, p):
                return False
    return True


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
    return bool((up(loss_near_w, front, Y0, Y1, X0, X1) & sub).any())


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
    seg = gaps(front, lp, p)
    loss_w, tears_w = seg.loss, seg.tears
    steps(0.3, "refining")
    # on a black or grey board, ink next to a gap is nearly board-coloured: only pure board
    t_min = 0.94 if strict_board(front) else 0.5
    patches = refine(front, seg.resid_max, tears_w, None, grow=1, t_min=t_min)
    patches = _follow_tears(front, patches, loss_w, p, t_min, seg.resid_max)
    ppm = front.px_per_mm
    instances, lengths = [], []
    total = 0
    lines = side_lines(front) if front.quad_full is not None else None
    loss_near = cv2.dilate(loss_w.astype(np.uint8), disc(front.px_w(1.0))).astype(bool)
    # on a black or grey board a letter beside a hole looks like a short gap
    inky = front.board_lab is not None and ink_like_board(front)
    group_min = max(p.min_length_mm, p.dark_board_min_length_mm) if inky else p.min_length_mm
    # where only pure board is followed, a tear breaks into pieces wherever it narrows to mixed
    # pixels, and on a black board letters (lighter) cannot be among them: join across wider breaks
    strict = join_far(front)
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
            on_w = up(tears_link, front, Y0, Y0 + m.shape[0], X0, X0 + m.shape[1])
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
    return abstain_without_board(front, res)
