"""Foxing: small brown spots on paper, measured against the local paper tone.

Method (detection.md §6.1, after Stanco, Tenze & Ramponi, "Virtual restoration of vintage
photographic prints affected by foxing and water blotches", J. Electronic Imaging 14(4), 2005,
and the colour-difference approach of CIE 15:2004):

1. At the fine level (~300 ppi) compute CIELAB (D50) and the differences from the local paper
   model B_Lab: ΔL = B_L − L (darker is positive), Δa, Δb.
2. Browning score ``s = ΔL + w_b·Δb + w_a·Δa``; a pixel is a candidate when ``s > low`` and
   Δb > ``min_delta_b`` (brown, not grey dirt), outside the dilated ink mask. Components need a
   seed pixel with ``s > high`` (hysteresis).
3. Components are kept when their area is within [min_area_mm2, max_area_mm2], they are not
   elongated (bounding-box fill ≥ ``min_fill``, aspect ≤ ``max_aspect``), and their hue is in
   the yellow-red quadrant; this rejects text strokes, red ink and line illustrations.
   Red ink is Δa* > ``red_min_da`` with a (Δa*, Δb*) hue below ``red_max_hue_deg``, or any
   pixel with Δa* > ``red_any_hue_da`` (25): measured against a neutral paper (white or grey,
   b* ≈ 5) a vermilion ink is Δa* ≈ 40–55 at a hue of up to 36°, browner than against cream
   paper, and passed the hue test as rows of small spots on grey paper; foxing, even the
   darkest, stays below Δa* ≈ 20 (iron-oxide browns are yellower than red) and above 41°.
   Spots are looked for on paper only: not within ``edge_margin_mm`` of a cut edge, nor of a
   hole or tear where the board shows (a green or blue board is "browner" than grey paper), nor
   within ``media_margin_mm`` of a picture (its lighter, browner parts and its mount). A
   picture's parts that match the board's colour (a dark print on a dark board) are the
   picture's, not holes, when they touch it and the loss detector did not take them.
4. Each spot is re-segmented at full resolution in its window (same score, local paper colour),
   and measured there: area, equivalent diameter, centroid, median ΔE00 against the paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect.base import DetectorResult, MaskSource, Steps, register, unit
from conservator.detect.frontend import Front, components, disc
from conservator.detect.loss import board_gaps
from conservator.imaging.color import delta_e00, srgb_to_lab

VERSION = "1.4.0"


@dataclass
class FoxingParams:
    """Foxing parameters (physical units)."""

    low: float = field(default=4.0, metadata=unit("score", "candidate browning score"))
    high: float = field(default=7.0, metadata=unit("score", "seed browning score"))
    w_b: float = field(default=1.0, metadata=unit("", "weight of Δb* in the score"))
    w_a: float = field(default=0.5, metadata=unit("", "weight of Δa* in the score"))
    min_delta_b: float = field(default=1.5, metadata=unit("b*", "minimum yellowing of a spot"))
    min_area_mm2: float = field(default=0.04, metadata=unit("mm2"))
    max_area_mm2: float = field(default=80.0, metadata=unit("mm2"))
    max_aspect: float = field(default=4.0, metadata=unit("ratio", "bounding box long/short"))
    min_fill: float = field(default=0.3, metadata=unit("ratio", "area / bounding box area"))
    max_delta_l: float = field(default=45.0, metadata=unit("L*", "darker than this is ink"))
    min_hue_deg: float = field(default=35.0, metadata=unit("deg", "Δa*,Δb* hue: brown, not red"))
    edge_margin_mm: float = field(default=1.0, metadata=unit("mm", "ignored along edges"))
    ink_delta_l: float = field(default=30.0, metadata=unit("L*", "ink core darker than paper"))
    ink_max_db_ratio: float = field(default=0.4, metadata=unit("ratio", "ink Δb*/ΔL* below"))
    red_min_da: float = field(default=12.0, metadata=unit("a*", "red ink Δa* above"))
    red_max_hue_deg: float = field(default=30.0, metadata=unit("deg", "red ink hue below"))
    red_any_hue_da: float = field(
        default=25.0, metadata=unit("a*", "Δa* above which a pixel is red ink at any hue")
    )
    media_margin_mm: float = field(
        default=2.0, metadata=unit("mm", "excluded around pictures and other dense media")
    )
    ink_margin_mm: float = field(default=0.15, metadata=unit("mm", "excluded around ink"))
    prefilter_dip: int = field(default=4, metadata=unit("8-bit", "blue dip that gets a look"))
    use_ink_mask: bool = field(default=True, metadata=unit("", "exclude text and media"))


def _paper_rows(front: Front, y0: int, y1: int, width: int, sy: float) -> np.ndarray:
    """The paper model for rows ``y0:y1`` of a level whose scale to the work level is ``sy``."""
    height = int(round(front.work_shape[0] * sy))
    height = front.fine_shape[0] if abs(height - front.fine_shape[0]) <= 2 else height
    return front.paper_w.rows_at(y0, y1, height, width)


def _score(lab: np.ndarray, paper: np.ndarray, p: FoxingParams):
    dl = paper[..., 0] - lab[..., 0]
    da = lab[..., 1] - paper[..., 1]
    db = lab[..., 2] - paper[..., 2]
    s = dl + p.w_b * db + p.w_a * da
    return s, dl, db


@register(
    "foxing",
    VERSION,
    FoxingParams,
    order=10,
    colour=(213, 94, 0),  # vermillion
    weight=0.35,
    measurements={
        "density_per_100cm2": 0.0,
        "median_diameter_mm": None,
        "p90_diameter_mm": None,
        "median_delta_e00": None,
    },
    severity=(("area_pct", 1.0, 5.0),),
    layer=30,
    outline_px=1,
    fine=True,
    summary=lambda m: (
        f", median Ø {m['median_diameter_mm']:.2f} mm" if m.get("median_diameter_mm") else ""
    ),
)
def detect_foxing(front: Front, p: FoxingParams, steps: Steps) -> DetectorResult:
    """Foxing spots: browning score against the local paper, hysteresis, shape and hue gates."""
    H, W = front.shape
    mask = MaskSource((H, W))
    fh, fw = front.fine_shape
    fs = (H / fh + W / fw) / 2.0  # full px per fine px
    sy = front.scale / fs  # fine px per work px
    # no spot is looked for within edge_margin_mm of a cut edge, a loss or a tear: toned
    # edges and fibres there are not foxing
    inner = (front.filled_w & front.nominal_w).astype(np.uint8)
    r = max(1, round(front.px_w(p.edge_margin_mm)))
    inner = cv2.erode(inner, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * r + 1, 2 * r + 1)))
    rm = max(1, round(front.px_w(p.media_margin_mm)))
    if p.use_ink_mask:
        # nor on a picture's lighter parts next to its dark ones (sky, vignetting, the mount)
        inner &= ~cv2.dilate(front.media_w.astype(np.uint8), disc(rm)).astype(bool)
    # where spots are looked for, at the fine level: a working-level mask, rows on demand
    wh = inner.shape[0]

    def rows(work: np.ndarray, y0: int, y1: int) -> np.ndarray:
        ys = np.clip(((np.arange(y0, y1) + 0.5) / sy).astype(int), 0, wh - 1)
        return cv2.resize(work[ys], (fw, y1 - y0), interpolation=cv2.INTER_NEAREST)

    low = np.zeros((fh, fw), np.uint8)
    seeds = []  # flat fine-level indices of the seed pixels (far fewer than the candidates)
    r_ink = max(1, round(p.ink_margin_mm * front.px_per_mm / fs))
    grow = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r_ink + 1, 2 * r_ink + 1))
    stripe = 128
    tan_hue = float(np.tan(np.radians(p.min_hue_deg)))
    tan_red = float(np.tan(np.radians(p.red_max_hue_deg)))
    # cheap pre-filter: only blocks where the blue channel dips below its surroundings (every
    # stain and every stroke does) get the full CIELAB treatment
    kr = max(3, round(1.5 * front.px_per_mm / fs)) | 1
    kpre = cv2.getStructuringElement(cv2.MORPH_RECT, (kr, kr))
    block = 256
    for y in range(0, fh, stripe):
        steps(0.6 * y / max(fh, 1), "scoring")
        y1 = min(fh, y + stripe)
        fine = front.fine_rows(y, y1)
        blue = np.ascontiguousarray(fine[:, :, 2])
        dip = cv2.subtract(cv2.dilate(blue, kpre), blue) > p.prefilter_dip
        leaf_f = rows(inner, y, y1)
        dip &= leaf_f > 0
        cols = dip.any(axis=0)
        if not cols.any():
            continue
        active = [b for b in range(0, fw, block) if cols[b : b + block].any()]
        runs = []
        for b in active:
            if runs and runs[-1][1] == b:
                runs[-1][1] = min(fw, b + block)
            else:
                runs.append([b, min(fw, b + block)])
        paper_all = _paper_rows(front, y, y1, fw, sy)
        for x0, x1 in runs:
            lab = srgb_to_lab(fine[:, x0:x1])
            paper = paper_all[:, x0:x1]
            s, dl, db = _score(lab, paper, p)
            da = lab[..., 1] - paper[..., 1]
            ok = (db > p.min_delta_b) & (dl < p.max_delta_l) & (leaf_f[:, x0:x1] > 0)
            ok &= db > da * tan_hue
            if p.use_ink_mask:
                # ink: dark with little yellowing; coloured inks: redder than brown; a margin
                # of ink_margin_mm around them (within this block) is not looked at either
                core = (dl > p.ink_delta_l) & (db < p.ink_max_db_ratio * dl)
                core |= (da > p.red_min_da) & ((da * tan_red > db) | (da > p.red_any_hue_da))
                if core.any():
                    ok &= cv2.dilate(core.astype(np.uint8), grow) == 0
            low[y:y1, x0:x1] = (s > p.low) & ok
            sy_, sx_ = np.nonzero((s > p.high) & ok)
            if sy_.size:
                seeds.append((sy_ + y) * fw + (sx_ + x0))

    steps(0.6, "spots")
    # nor inside a hole or a tear, where the board shows (a coloured board is "browner" than
    # grey paper), nor near the parts of a picture the leaf mask took for board. These need
    # the losses and tears, so they are applied to the candidates now: the scoring above ran
    # while the loss detector found them.
    gaps = board_gaps(front) if front.board_lab is not None else None
    late = np.zeros(inner.shape, np.uint8)
    if gaps is not None and gaps.any():
        late |= cv2.dilate(gaps.astype(np.uint8), disc(r))
    if p.use_ink_mask:
        extra = _pictures(front, gaps) & ~front.media_w
        if extra.any():
            late |= cv2.dilate(extra.astype(np.uint8), disc(rm))
    if late.any():
        for y in range(0, fh, stripe):
            y1 = min(fh, y + stripe)
            low[y:y1][rows(late, y, y1) > 0] = 0
    del late
    seeds = np.concatenate(seeds) if seeds else np.zeros(0, np.intp)
    seeds = seeds[low.reshape(-1)[seeds] > 0]  # those left in excluded places are not seeds
    # fragments of one spot (a pixel or two apart) are one candidate
    cv2.morphologyEx(low, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8), dst=low)
    n, labels, stats, cents = components(low)
    seeded = np.zeros(n, bool)
    if n > 1 and seeds.size:
        seeded[np.unique(labels.reshape(-1)[seeds])] = True
    seeded[0] = False
    del labels, seeds
    mm2_per_fine = (fs / front.px_per_mm) ** 2
    instances = []
    diam_mm, de_samples, de_papers = [], [], []
    keep_ids = np.flatnonzero(seeded)
    total_px = 0
    for k_i, k in enumerate(keep_ids):
        if k_i % 64 == 0:
            steps(0.6 + 0.4 * k_i / max(len(keep_ids), 1), "measuring spots")
        x, y, w, h, a = stats[k]
        area_mm2 = a * mm2_per_fine
        if area_mm2 > p.max_area_mm2 * 1.5 or area_mm2 < p.min_area_mm2 * 0.3:
            continue
        long_, short = max(w, h), max(1, min(w, h))
        if long_ / short > p.max_aspect or (w * h >= 16 and a / (w * h) < p.min_fill):
            continue
        # full-resolution window
        pad = 2
        X0 = max(0, int((x - pad) * fs))
        Y0 = max(0, int((y - pad) * fs))
        X1 = min(W, int(np.ceil((x + w + pad) * fs)))
        Y1 = min(H, int(np.ceil((y + h + pad) * fs)))
        rgb = front.rgb8_full(Y0, Y1, X0, X1)
        lab = srgb_to_lab(rgb)
        cy, cx = (Y0 + Y1) / 2 / front.scale, (X0 + X1) / 2 / front.scale
        pw = front.paper_w
        paper = pw[min(pw.shape[0] - 1, max(0, int(cy))), min(pw.shape[1] - 1, max(0, int(cx)))]
        paper = np.asarray(paper, np.float32)
        s, dl, db = _score(lab, paper, p)
        spot = (s > p.low) & (db > p.min_delta_b * 0.5)
        if not spot.any():
            continue
        # keep what the fine-level candidates cover (one spot, however fragmented there)
        fx0, fy0 = max(0, x - pad), max(0, y - pad)
        fx1, fy1 = min(fw, x + w + pad), min(fh, y + h + pad)
        allowed = cv2.resize(
            low[fy0:fy1, fx0:fx1],
            (
                int(round(fx1 * fs)) - int(round(fx0 * fs)),
                int(round(fy1 * fs)) - int(round(fy0 * fs)),
            ),
            interpolation=cv2.INTER_NEAREST,
        )
        allowed = cv2.dilate(allowed, disc(max(1.0, fs)))
        ox, oy = int(round(fx0 * fs)) - X0, int(round(fy0 * fs)) - Y0
        grid = np.zeros(spot.shape, np.uint8)
        gy0, gx0 = max(0, oy), max(0, ox)
        gy1 = min(spot.shape[0], oy + allowed.shape[0])
        gx1 = min(spot.shape[1], ox + allowed.shape[1])
        grid[gy0:gy1, gx0:gx1] = allowed[gy0 - oy : gy1 - oy, gx0 - ox : gx1 - ox]
        spot &= grid > 0
        if not spot.any():
            continue
        spot = cv2.morphologyEx(spot.astype(np.uint8), cv2.MORPH_CLOSE, disc(1))
        # stray pixels around the spot are noise, not spots of their own
        nn, ll, st2, _ = cv2.connectedComponentsWithStats(spot, connectivity=8)
        big = st2[:, cv2.CC_STAT_AREA] >= p.min_area_mm2 * front.px_per_mm**2
        big[0] = False
        spot = big[ll]
        a_full = int(spot.sum())
        a_mm2 = a_full / front.px_per_mm**2
        if a_mm2 < p.min_area_mm2 or a_mm2 > p.max_area_mm2:
            continue
        ys_, xs_ = np.nonzero(spot)
        bx0, by0 = int(xs_.min()), int(ys_.min())
        bw, bh = int(xs_.max()) - bx0 + 1, int(ys_.max()) - by0 + 1
        if max(bw, bh) / max(1, min(bw, bh)) > p.max_aspect:
            continue
        gx0, gy0 = X0 + bx0, Y0 + by0
        piece = spot[by0 : by0 + bh, bx0 : bx0 + bw]
        if _overlaps(
            mask,
            gx0 - 1,
            gy0 - 1,
            cv2.dilate(np.pad(piece, 1).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0,
        ):
            continue  # the same spot, reached from another fine-level fragment
        mask.add(gy0, gx0, piece)
        total_px += a_full
        dmm = float(np.sqrt(4 * a_mm2 / np.pi))
        sample = lab[spot]
        if sample.shape[0] > 2000:
            sample = sample[:: sample.shape[0] // 2000 + 1]
        # ΔE00 of the spot against its paper: computed for all spots at once, below
        de_samples.append(sample)
        de_papers.append(np.broadcast_to(paper, sample.shape))
        diam_mm.append(dmm)
        instances.append(
            {
                "id": len(instances) + 1,
                "bbox": [X0 + bx0, Y0 + by0, bw, bh],
                "centroid": [round(X0 + float(xs_.mean()), 1), round(Y0 + float(ys_.mean()), 1)],
                "area_px": a_full,
                "area_mm2": round(a_mm2, 4),
                "diameter_mm": round(dmm, 3),
                "delta_e00": None,
            }
        )
    de_list = []
    if instances:  # one scikit-image call for every spot (it costs ~1 ms a call)
        de_all = delta_e00(np.concatenate(de_samples), np.concatenate(de_papers))
        ends = np.cumsum([len(a) for a in de_samples])
        for inst, part in zip(instances, np.split(de_all, ends[:-1]), strict=True):
            de = float(np.median(part))
            inst["delta_e00"] = round(de, 2)
            de_list.append(de)
    steps(1.0, "done")
    leaf_mm2 = front.leaf_area_mm2
    count = len(instances)
    meas = {
        "count": count,
        "area_px": total_px,
        "area_mm2": round(total_px / front.px_per_mm**2, 3),
        "area_pct": front.pct(total_px),
        "density_per_100cm2": round(count / (leaf_mm2 / 1e4), 3) if leaf_mm2 > 0 else 0.0,
        "median_diameter_mm": round(float(np.median(diam_mm)), 3) if diam_mm else None,
        "p90_diameter_mm": round(float(np.percentile(diam_mm, 90)), 3) if diam_mm else None,
        "median_delta_e00": round(float(np.median(de_list)), 2) if de_list else None,
    }
    return DetectorResult("foxing", VERSION, {}, meas, instances, mask)


def _pictures(front: Front, gaps: np.ndarray | None) -> np.ndarray:
    """Dense media, with the parts of a picture whose colour matches the board.

    A dark picture on a dark board is partly "board" to the leaf mask; those parts (not a hole
    or a tear the loss detector found) belong to the picture when they touch its media."""
    media = front.media_w
    other = front.filled_w & ~front.leaf_w
    if gaps is not None:
        other &= ~gaps
    if not media.any() or not other.any():
        return media
    n, labels = cv2.connectedComponents(other.astype(np.uint8), connectivity=8)
    touch = cv2.dilate(media.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) & other
    ids = np.unique(labels[touch])
    if not ids.size:
        return media
    keep = np.zeros(n, bool)
    keep[ids] = True
    keep[0] = False
    return media | keep[labels]


def _overlaps(mask: MaskSource, x0: int, y0: int, piece: np.ndarray) -> bool:
    """Whether ``piece`` placed at (x0, y0) touches a spot already in ``mask``."""
    h, w = piece.shape
    for py, px, p in mask.patches[-200:]:
        ph, pw = p.shape
        ix0, iy0 = max(x0, px), max(y0, py)
        ix1, iy1 = min(x0 + w, px + pw), min(y0 + h, py + ph)
        if ix1 <= ix0 or iy1 <= iy0:
            continue
        a = piece[iy0 - y0 : iy1 - y0, ix0 - x0 : ix1 - x0]
        b = p[iy0 - py : iy1 - py, ix0 - px : ix1 - px]
        if (a & b).any():
            return True
    return False
