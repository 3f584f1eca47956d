"""Foxing: compact, soft-edged, brownish spots that stand out from the page's own paper texture.

Method (detection.md §6.1, after Stanco, Tenze & Ramponi, "Virtual restoration of vintage
photographic prints affected by foxing and water blotches", J. Electronic Imaging 14(4), 2005;
thresholds relative to the measured noise as in a-contrario / constant-false-alarm detection,
Desolneux, Moisan & Morel, "From Gestalt Theory to Image Analysis", Springer 2008):

1. *Ink first.* The document-ink layer (:mod:`conservator.detect.ink`: Sauvola binarisation at
   a window in mm, faint ink and show-through, red ink and seals, pictures) is excluded with a
   margin of ``ink_margin_mm``; so are dark, unyellowed ink cores and red pixels found at the
   fine level, and ``edge_margin_mm`` along cut edges, holes and tears, ``media_margin_mm``
   around pictures.
2. *Browning against the page's own paper.* At the fine level (~300 ppi) CIELAB (D50) is
   compared with the local paper model B_Lab: ``s = w_l·ΔL* + Δb* + w_a·Δa*`` (ΔL* positive
   when darker). The page's paper noise σ is measured on the paper itself (1.4826 × the
   median deviation of the lighter half of ``s``: spots, ink and stains only ever add to the
   darker, browner side). Candidates are ``s > max(low, low_sigmas·σ)``, kept when they hold
   a seed ``s > max(high, high_sigmas·σ)`` (hysteresis). A mottled or grainy paper thus needs
   a stronger spot than a smooth one.
3. *Cheap rejection, capped work.* Components outside the size range or elongated are dropped
   from their bounding boxes alone; the rest are ranked by their peak score and at most
   ``max_candidates_per_100cm2`` (per 100 cm² of leaf) are examined further, so a grainy page
   costs no more than a clean one.
4. *Spot tests at full resolution* in each candidate's window: the spot is re-segmented with
   the same thresholds, then kept when it is
   - at least ``min_diameter_mm`` across (below ``small_diameter_mm`` it needs a peak of
     ``small_sigmas``·σ: a tiny speck must stand far out of the paper's grain; a small spot
     with foxing's own colour and shape, at least ``small_yellow_ratio`` as yellowed as
     darkened (Δb*/ΔL*) and by at least ``small_yellow_delta_b``, and round (no longer than ``small_round_aspect`` × its width), needs
     ``small_yellow_sigmas``·σ. Foxing is told by its yellow-brown colour (Stanco et al. 2005
     find it in the chroma of the spot), while the specks of dirt, ink and fibre that reach
     12-25σ on the clean real pages of the development set are grey (Δb*/ΔL* ≈ 0.3-0.6; ≥ 1
     for its labelled small fox spots),
   - compact: area / (π r²) ≤ ``compact_max``, r its largest inscribed radius (a letter, a
     stroke or a fibre is long for its width), and not longer than ``max_aspect`` × its width,
   - brownish: the (Δa*, Δb*) hue within [``min_hue_deg``, ``max_hue_deg``] (yellow-brown to
     rust; red ink and seals are below), Δb* ≥ ``min_delta_b`` and Δb* ≥ ``brown_ratio``·ΔL*
     (ink and show-through darken without yellowing),
   - soft-edged when larger than ``soft_min_mm``: its mean score on its rim (the outer
     quarter of its inscribed radius) is at most ``max_edge_ratio`` × that of its core, the
     radial fall-off of a stain spreading in the fibres; print has a hard edge.
   Spots larger than ``max_area_mm2`` (or not compact) are left to the stain detector.
   Foxing comes in populations: sub-millimetre specks are counted only on a page with at least
   ``min_large_spots`` spots of ``small_diameter_mm`` or more; alone they are dirt and fibre
   (counted in ``isolated_specks_ignored``).
5. Each spot is measured at full resolution: area, equivalent diameter, centroid, median
   ΔE00 against the paper.

A greyscale scan has no hue, and foxing is told from grey dirt, ink and show-through by its
colour: on a greyscale scan foxing is not measured (``"not measurable in greyscale"``; the
registry's ``greyscale="not_measurable"``). Its discolourations are still reported, luminance
only, by the stain detector.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect.base import DetectorResult, MaskSource, Steps, register, unit
from conservator.detect.frontend import Front, components, disc
from conservator.detect.ink import front_ink, label_max, paper_sigma
from conservator.detect.loss import board_gaps
from conservator.imaging.color import delta_e00, srgb_to_lab

VERSION = "2.1.0"

#: Δb* a pixel must show to be part of a spot (the spot as a whole needs ``min_delta_b``).
PIXEL_MIN_DB = 1.5


@dataclass
class FoxingParams:
    """Foxing parameters (physical units; scores are in CIELAB units)."""

    low: float = field(default=3.0, metadata=unit("score", "candidate browning score, at least"))
    high: float = field(default=6.0, metadata=unit("score", "seed browning score, at least"))
    low_sigmas: float = field(default=3.0, metadata=unit("sigma", "candidate: × paper noise"))
    high_sigmas: float = field(default=6.0, metadata=unit("sigma", "seed: × paper noise"))
    w_l: float = field(default=0.3, metadata=unit("", "weight of ΔL* in the score"))
    w_a: float = field(default=0.5, metadata=unit("", "weight of Δa* in the score"))
    min_delta_b: float = field(
        default=4.0, metadata=unit("b*", "mean yellowing of a spot, at least")
    )
    delta_b_sigmas: float = field(
        default=3.5, metadata=unit("sigma", "mean yellowing of a spot: × paper noise, at least")
    )
    brown_ratio: float = field(default=0.4, metadata=unit("ratio", "Δb*/ΔL* of a spot, at least"))
    dark_ratio: float = field(default=0.3, metadata=unit("ratio", "ΔL*/Δb* of a spot, at least"))
    min_area_mm2: float = field(default=0.03, metadata=unit("mm2"))
    max_area_mm2: float = field(default=30.0, metadata=unit("mm2", "larger: a stain"))
    min_diameter_mm: float = field(default=0.3, metadata=unit("mm"))
    small_diameter_mm: float = field(
        default=1.0, metadata=unit("mm", "smaller spots need small_sigmas")
    )
    small_sigmas: float = field(default=25.0, metadata=unit("sigma", "peak of a small spot"))
    small_yellow_sigmas: float = field(
        default=12.0, metadata=unit("sigma", "peak of a small round yellow-brown spot")
    )
    small_yellow_ratio: float = field(
        default=1.0, metadata=unit("ratio", "Δb*/ΔL* of a yellow-brown small spot, at least")
    )
    small_yellow_delta_b: float = field(
        default=7.0, metadata=unit("b*", "mean yellowing of a yellow-brown small spot, at least")
    )
    small_round_aspect: float = field(
        default=1.8, metadata=unit("ratio", "length / width of a round small spot, at most")
    )
    min_large_spots: int = field(
        default=3, metadata=unit("", "spots ≥ small_diameter_mm that make specks count")
    )
    small_brown_ratio: float = field(
        default=0.45, metadata=unit("ratio", "Δb*/ΔL* of a small spot, at least")
    )
    max_aspect: float = field(default=3.0, metadata=unit("ratio", "length / width"))
    compact_max: float = field(default=8.0, metadata=unit("ratio", "area / (π r²), at most"))
    soft_min_mm: float = field(default=1.0, metadata=unit("mm", "soft-edge test from"))
    max_edge_ratio: float = field(default=0.85, metadata=unit("ratio", "rim / core score"))
    max_delta_l: float = field(default=45.0, metadata=unit("L*", "darker than this is ink"))
    min_hue_deg: float = field(default=35.0, metadata=unit("deg", "Δa*,Δb* hue: brown, not red"))
    max_hue_deg: float = field(default=95.0, metadata=unit("deg", "Δa*,Δb* hue: not green"))
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
    ink_margin_mm: float = field(default=0.2, metadata=unit("mm", "excluded around ink"))
    max_candidates_per_100cm2: float = field(
        default=600.0, metadata=unit("1/100cm2", "candidates examined, at most")
    )
    prefilter_dip: int = field(default=4, metadata=unit("8-bit", "blue dip that gets a look"))
    use_ink_mask: bool = field(default=True, metadata=unit("", "exclude text and media"))


def _paper_rows(front: Front, y0: int, y1: int, width: int, sy: float) -> np.ndarray:
    """The paper model for rows ``y0:y1`` of a level whose scale to the work level is ``sy``."""
    height = int(round(front.work_shape[0] * sy))
    height = front.fine_shape[0] if abs(height - front.fine_shape[0]) <= 2 else height
    return front.paper_w.rows_at(y0, y1, height, width)


def _diffs(lab: np.ndarray, paper: np.ndarray):
    """ΔL* (darker positive), Δa*, Δb* against the paper."""
    return paper[..., 0] - lab[..., 0], lab[..., 1] - paper[..., 1], lab[..., 2] - paper[..., 2]


def _score(dl, da, db, p: FoxingParams) -> np.ndarray:
    """``w_l·ΔL* + Δb* + w_a·Δa*``, summed in that order (in place: two temporaries, not four)."""
    s = np.multiply(dl, p.w_l)
    s += db
    s += np.multiply(da, p.w_a)
    return s


def _ink_core(dl, da, db, p: FoxingParams, tan_red: float) -> np.ndarray:
    """Dark unyellowed ink and red ink at the pixel level."""
    core = (dl > p.ink_delta_l) & (db < p.ink_max_db_ratio * dl)
    core |= (da > p.red_min_da) & ((da * tan_red > db) | (da > p.red_any_hue_da))
    return core


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
    greyscale="not_measurable",
    summary=lambda m: (
        f", median Ø {m['median_diameter_mm']:.2f} mm" if m.get("median_diameter_mm") else ""
    ),
)
def detect_foxing(front: Front, p: FoxingParams, steps: Steps) -> DetectorResult:
    """Foxing spots: brown, compact, soft-edged, standing out of the page's own paper noise."""
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
        ink = front_ink(front)
        # the ink layer (text, faint ink, show-through, red ink, seals) with its margin
        marks = (ink.ink | ink.faint | ink.red).astype(np.uint8)
        ri = max(1, round(front.px_w(p.ink_margin_mm)))
        inner &= cv2.dilate(marks, disc(ri)) == 0
        # nor on a picture's lighter parts next to its dark ones (sky, vignetting, the mount)
        inner &= cv2.dilate(ink.media.astype(np.uint8), disc(rm)) == 0
        del marks
    wh = inner.shape[0]

    def rows(work: np.ndarray, y0: int, y1: int) -> np.ndarray:
        ys = np.clip(((np.arange(y0, y1) + 0.5) / sy).astype(int), 0, wh - 1)
        return cv2.resize(work[ys], (fw, y1 - y0), interpolation=cv2.INTER_NEAREST)

    score = np.zeros((fh, fw), np.float16)  # browning score where a spot may be, else 0
    noise_sample = []
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
        steps(0.5 * y / max(fh, 1), "scoring")
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
            dl, da, db = _diffs(lab, paper_all[:, x0:x1])
            s = _score(dl, da, db, p)
            ok = leaf_f[:, x0:x1] > 0
            if p.use_ink_mask:
                core = _ink_core(dl, da, db, p, tan_red)
                if core.any():
                    ok &= cv2.dilate(core.astype(np.uint8), grow) == 0
            noise_sample.append(s[ok][::5].copy())  # a copy: the view would keep all of s[ok]
            ok &= (db > PIXEL_MIN_DB) & (dl < p.max_delta_l) & (db > da * tan_hue)
            score[y:y1, x0:x1] = np.where(ok, s, 0)

    steps(0.5, "spots")
    sample = np.concatenate(noise_sample) if noise_sample else np.zeros(0, np.float32)
    sigma = paper_sigma(sample)
    del noise_sample, sample
    t_low = max(p.low, p.low_sigmas * sigma)
    t_high = max(p.high, p.high_sigmas * sigma)
    low = np.empty((fh, fw), np.uint8)
    for y in range(0, fh, 512):
        np.greater(score[y : y + 512], t_low, out=low[y : y + 512].view(bool))
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
    # fragments of one spot (a pixel or two apart) are one candidate
    cv2.morphologyEx(low, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8), dst=low)
    n, labels, stats, _ = components(low)
    sel = low.view(bool)
    peak = label_max(score[sel], labels[sel], n) if n > 1 else np.zeros(n, np.float32)
    del sel
    mm2_per_fine = (fs / front.px_per_mm) ** 2
    area_mm2 = stats[:, cv2.CC_STAT_AREA] * mm2_per_fine
    bw, bh = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    keep = (peak > t_high) & (area_mm2 >= p.min_area_mm2 * 0.3)
    keep &= area_mm2 <= p.max_area_mm2 * 1.5
    keep &= np.maximum(bw, bh) <= p.max_aspect * 1.5 * np.maximum(np.minimum(bw, bh), 1)
    keep[0] = False
    ids = np.flatnonzero(keep)
    cap = int(np.ceil(p.max_candidates_per_100cm2 * front.leaf_area_mm2 / 1e4))
    examined = ids[np.argsort(-peak[ids])][: max(cap, 1)]
    candidates = len(ids)
    del labels, score
    ctx = _SpotContext(front, p, low, fs, t_low, t_high, sigma, tan_red)
    instances, diam_mm, de_samples, de_papers, found = [], [], [], [], []
    total_px = 0
    for k_i, k in enumerate(sorted(examined, key=lambda i: (stats[i, 1], stats[i, 0]))):
        if k_i % 64 == 0:
            steps(0.5 + 0.5 * k_i / max(len(examined), 1), "measuring spots")
        got = ctx.spot(stats[k], mask)
        if got is None:
            continue
        inst, piece, sample, paper = got
        mask.add(inst["bbox"][1], inst["bbox"][0], piece)
        found.append((inst, sample, paper))
    # foxing comes in populations: sub-millimetre specks count only on a page that shows
    # at least min_large_spots spots of a millimetre or more (alone they are dirt and fibre)
    large = sum(1 for f in found if f[0]["diameter_mm"] >= p.small_diameter_mm)
    specks = 0
    if large < p.min_large_spots:
        specks = sum(1 for f in found if f[0]["diameter_mm"] < p.small_diameter_mm)
        keep = [f[0]["diameter_mm"] >= p.small_diameter_mm for f in found]
        mask.patches = [pc for pc, kf in zip(mask.patches, keep, strict=True) if kf]
        found = [f for f, kf in zip(found, keep, strict=True) if kf]
    for inst, sample, paper in found:
        total_px += inst["area_px"]
        de_samples.append(sample)
        de_papers.append(np.broadcast_to(paper, sample.shape))
        diam_mm.append(inst["diameter_mm"])
        inst["id"] = len(instances) + 1
        instances.append(inst)
    de_list = []
    if instances:  # one scikit-image call for every spot (it costs ~1 ms a call)
        de_all = delta_e00(np.concatenate(de_samples), np.concatenate(de_papers))
        ends = np.cumsum([len(a) for a in de_samples])
        for inst, part in zip(instances, np.split(de_all, ends[:-1]), strict=True):
            de = float(np.median(part))
            inst["delta_e00"] = round(de, 2)
            de_list.append(de)
    steps(1.0, "done")
    meas = _measure(front, instances, total_px, diam_mm, de_list)
    meas["paper_noise"] = round(sigma, 3)
    meas["candidates"] = int(candidates)
    meas["candidates_examined"] = int(len(examined))
    meas["isolated_specks_ignored"] = int(specks)
    res = DetectorResult("foxing", VERSION, {}, meas, instances, mask)
    if candidates > len(examined):
        res.warnings.append(
            f"foxing: {candidates} spot candidates, only the {len(examined)} strongest examined"
        )
    return res


def _measure(front: Front, instances, total_px: int, diam_mm, de_list) -> dict:
    leaf_mm2 = front.leaf_area_mm2
    count = len(instances)
    return {
        "count": count,
        "area_px": total_px,
        "area_mm2": round(total_px / front.px_per_mm**2, 3),
        "area_pct": front.pct(total_px),
        "density_per_100cm2": round(count / (leaf_mm2 / 1e4), 3) if leaf_mm2 > 0 else 0.0,
        "median_diameter_mm": round(float(np.median(diam_mm)), 3) if diam_mm else None,
        "p90_diameter_mm": round(float(np.percentile(diam_mm, 90)), 3) if diam_mm else None,
        "median_delta_e00": round(float(np.median(de_list)), 2) if de_list else None,
    }


class _SpotContext:
    """What the full-resolution spot tests share."""

    def __init__(self, front, p, low, fs, t_low, t_high, sigma, tan_red):
        self.front, self.p, self.low, self.fs = front, p, low, fs
        self.t_low, self.t_high, self.sigma, self.tan_red = t_low, t_high, sigma, tan_red
        self.tan_min = float(np.tan(np.radians(p.min_hue_deg)))
        self.ppm = front.px_per_mm
        self.rejected: dict[str, int] = {}

    def _no(self, why: str):
        self.rejected[why] = self.rejected.get(why, 0) + 1
        return None

    def spot(self, stat, mask: MaskSource):
        """The spot of one fine-level candidate, measured at full resolution, or None."""
        front, p, fs, low = self.front, self.p, self.fs, self.low
        H, W = front.shape
        fh, fw = low.shape
        x, y, w, h, _ = stat
        pad = 2
        X0, Y0 = max(0, int((x - pad) * fs)), max(0, int((y - pad) * fs))
        X1 = min(W, int(np.ceil((x + w + pad) * fs)))
        Y1 = min(H, int(np.ceil((y + h + pad) * fs)))
        lab = srgb_to_lab(front.rgb8_full(Y0, Y1, X0, X1))
        cy, cx = (Y0 + Y1) / 2 / front.scale, (X0 + X1) / 2 / front.scale
        pw = front.paper_w
        paper = pw[min(pw.shape[0] - 1, max(0, int(cy))), min(pw.shape[1] - 1, max(0, int(cx)))]
        paper = np.asarray(paper, np.float32)
        dl, da, db = _diffs(lab, paper)
        s = _score(dl, da, db, p)
        spot = (s > self.t_low) & (db > PIXEL_MIN_DB * 0.5)
        if not spot.any():
            return self._no("faint at full resolution")
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
            return self._no("outside candidates")
        spot = cv2.morphologyEx(spot.astype(np.uint8), cv2.MORPH_CLOSE, disc(1))
        # the largest piece is the spot; stray pixels around it are noise
        nn, ll, st2, _ = cv2.connectedComponentsWithStats(spot, connectivity=8)
        if nn <= 1:
            return self._no("empty")
        big = 1 + int(np.argmax(st2[1:, cv2.CC_STAT_AREA]))
        spot = (ll == big).astype(np.uint8)
        a_full = int(st2[big, cv2.CC_STAT_AREA])
        a_mm2 = a_full / self.ppm**2
        dmm = float(np.sqrt(4 * a_mm2 / np.pi))
        if a_mm2 < p.min_area_mm2 or a_mm2 > p.max_area_mm2 or dmm < p.min_diameter_mm:
            return self._no("size")
        sel = spot > 0
        peak = float(s[sel].max())
        dt = cv2.distanceTransform(np.pad(spot, 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
        rmax = max(float(dt.max()), 0.5)
        bx0, by0, bw, bh = st2[big, :4]
        ys_, xs_ = np.nonzero(sel)
        elong = 1.0
        if a_full >= 9:
            ev = np.linalg.eigvalsh(np.cov(np.stack([xs_, ys_]).astype(np.float32)))
            elong = float(np.sqrt(ev[1] / ev[0])) if ev[0] > 0 else 99.0
        mdl, mda, mdb = float(dl[sel].mean()), float(da[sel].mean()), float(db[sel].mean())
        hue = float(np.degrees(np.arctan2(mdb, mda)))
        edge = 0.0
        if rmax >= 3:
            core = dt >= 0.5 * rmax
            rim = sel & (dt <= max(1.0, 0.25 * rmax))
            if core.any() and rim.any():
                edge = float(s[rim].mean()) / max(float(s[core].mean()), 1e-6)
        f = {
            "d": dmm,
            "snr": peak / max(self.sigma, 1e-6),
            "peak": peak,
            "compact": a_full / (np.pi * rmax**2),
            "elong": elong,
            "hue": hue,
            "dl": mdl,
            "da": mda,
            "db": mdb,
            "edge": edge,
            "bbox": [X0 + int(bx0), Y0 + int(by0), int(bw), int(bh)],
        }
        if dmm < p.small_diameter_mm:
            # a small spot must stand far out of the paper's grain, unless it has the colour
            # and the shape of foxing: at least as yellowed as darkened and round (dirt, a
            # speck of ink and a fibre are grey and ragged or long)
            yellow = mdb >= max(p.small_yellow_ratio * mdl, p.small_yellow_delta_b)
            yellow &= elong <= p.small_round_aspect
            need = p.small_yellow_sigmas if yellow else p.small_sigmas
            if peak < max(need * self.sigma, self.t_high) or mdb < p.small_brown_ratio * mdl:
                return self._no("small and faint, or a dark speck")
        # shape: compact (a letter, stroke or fibre is long for its width), not elongated
        if f["compact"] > p.compact_max:
            return self._no("not compact")
        if elong > p.max_aspect:
            return self._no("elongated")
        # colour: brownish, not red, not grey
        if not (p.min_hue_deg <= hue <= p.max_hue_deg):
            return self._no("hue")
        if mdb < max(p.min_delta_b, p.delta_b_sigmas * self.sigma) or mdb < p.brown_ratio * mdl:
            return self._no("not brown")
        if mdl < p.dark_ratio * mdb:
            return self._no("yellow, not darker")
        # soft edge: the rim (outer quarter of the inscribed radius) scores well below the core
        if dmm >= p.soft_min_mm and edge > p.max_edge_ratio:
            return self._no("hard edge")
        piece = sel[by0 : by0 + bh, bx0 : bx0 + bw]
        gx0, gy0 = X0 + int(bx0), Y0 + int(by0)
        if _overlaps(
            mask,
            gx0 - 1,
            gy0 - 1,
            cv2.dilate(np.pad(piece, 1).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0,
        ):
            return self._no("duplicate")  # the same spot, reached from another fragment
        sample = lab[sel]
        if sample.shape[0] > 2000:
            sample = sample[:: sample.shape[0] // 2000 + 1]
        inst = {
            "id": 0,
            "bbox": [gx0, gy0, int(bw), int(bh)],
            "centroid": [round(X0 + float(xs_.mean()), 1), round(Y0 + float(ys_.mean()), 1)],
            "area_px": a_full,
            "area_mm2": round(a_mm2, 4),
            "diameter_mm": round(dmm, 3),
            "delta_e00": None,
        }
        return inst, piece, sample, paper


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
