"""Stains: larger irregular discolourations and water stains, with their tide lines.

Method (detection.md §6.4 "water stain / tide line": a large-scale colour-difference region
plus a rim test; the paper model follows §6.0 step 5):

1. *Paper without ink.* The document-ink layer (:mod:`conservator.detect.ink`: text, faint
   ink and show-through, red ink) is removed with a margin of ``ink_margin_mm``, and so are
   the marks it left on the paper: at this level a letter it missed is a sharp local minimum
   of L*, darker by ``mark_dl`` (or 3 × the paper noise) than the median over
   ``mark_window_mm`` (a median filter as the local background: it ignores marks narrower
   than half its window), where a stain is smooth over millimetres; left in, dense small
   print darkens the paper colour along every line (halos). Pictures are removed too: the
   front end's dense media, with the paper a closed outline of ink round them encloses (a
   frame line: a faded photograph is dense only where dark), whose *core* (the region shrunk
   by the front end's own square growth of dense media) fills its minimum-area rectangle
   (area ratio at least ``picture_fill``, 15 mm a side or more) and lies within the leaf's
   nominal outline; the rectangle, grown by ``picture_margin_mm`` (frame, mount, pale
   edges), is neither paper nor a stain candidate. A sepia photograph is as brown as a
   stain; a dark stain grown by a square, or running off the cut edge, is no picture. The
   board and a margin of ``loss_margin_mm`` around the cut edge and every hole (the bulk
   losses of the shared gap segmentation) are left out when a board is visible: a loss's
   browned or shadowed rim, and the board seen through an insect hole, are no stain.
   stain. The paper's colour is filled in under the marks by normalised convolution
   (Knutsson & Westin, "Normalized and differential convolution", CVPR 1993) with a Gaussian
   of ``smooth_mm``: P_Lab, the colour of the paper itself at a scale of about a millimetre.
2. *The clean paper as it would be without stains.* A smooth surface S_Lab (a plane in x and
   y per channel, ``surface_order`` 1: uneven lighting, an even yellowing gradient) is fitted
   to P on a grid of ``cell_mm`` cells by iteratively reweighted least squares that drops the
   cells darker or browner than the fit by more than 3 σ (Holland & Welsch, "Robust
   regression using iteratively reweighted least-squares", 1977; one-sided because stains only
   darken and brown the paper). Stains larger than any local window are measured against it,
   unlike foxing, which compares with the local paper. (A quadric, tried on the development
   set, bent into stains that cover a side of the page and lost them.)
3. *Stain score* ``e = sqrt(ΔL*₊² + Δa*₊² + Δb*₊²)``: how much darker, redder and yellower P is
   than S (lighter paper is not a stain). Thresholds are relative to the page's own paper
   noise σ (robust spread of ``ΔL* + Δb*``, 1.4826 × the median deviation of its lighter
   half). On a colour scan σ is the paper's *texture* at the stain scale: the score minus
   its own smooth course over ``noise_mm`` (a Gaussian), so uneven lighting, which the plane
   does not follow, does not raise the bar and faint large stains (about 3 ΔE on mottled
   paper) are found. On a greyscale scan, where lighting, show-through and a stain look
   alike, σ is the page-scale spread of the score itself. Stain pixels are
   ``e > max(low, low_sigmas·σ)`` grown from seeds ``e > max(high, high_sigmas·σ)``,
   opened by ``open_mm`` (fibre and noise), closed by ``close_mm`` (text inside a stain).
4. *Stains, not fox spots.* A region is a stain when it is at least ``min_area_mm2`` and either
   ``min_diameter_mm`` across (equivalent diameter) or irregular (area / (π r²) above
   ``compact_max``, r its largest inscribed radius: a drip, a splash, a run): a small compact
   round spot is foxing and is left to the foxing detector.
5. *Stains, not the page's shape or light.* A region is dropped when it is
   a band along the cut edge at most ``band_mm`` deep and three times as long (edge toning,
   the shadow of the sheet's edge in a crop); a narrow band (at most ``fold_frac`` of the
   leaf along most of its length) running from one side of the leaf to the opposite one with
   one straight side off the cut edge, its crease (a fold's shadow); a
   rectangle-filling region away from the edges (a picture, as in step 1); a region whose
   median score on its paper is below ``body`` × the stain threshold (the paper's own mottle
   around a darker seed: a deposit stands out of the paper as a whole); a region that
   yellows without darkening (median darkening ΔL* of P against S below ``min_darkening``
   × its median Δb*: the fading detector's discolouration, where ageing or light shifts the
   paper's hue and chroma; a liquid stain deposits matter and darkens as it browns); a region
   bluer than the paper by ``max_bluing`` b* (violet or blue ink smudged, a picture's cold
   tones: what stains deposit is yellow to brown); or a
   region whose outline has no step: the median score in the ``edge_mm`` just inside its
   outline over the leaf (not along the cut edge, where edge toning is darkest) no higher
   than in the ``edge_mm`` just outside by ``edge_step`` × the stain threshold. A liquid
   stain ends in an edge or a tide line; a smooth course of tone (lighting, gradual
   discolouration, which the fading detector measures) does not (the edge-contrast test of
   region-based segmentation, e.g. Pal & Pal, "A review on image segmentation techniques",
   Pattern Recognition 26(9), 1993).
6. *Tide line.* A water stain dries with a darker rim where the dissolved degradation products
   gathered (Hackney, "Colour measurement of tidelines", 1981; Eusman, "Tideline formation in
   paper objects", 1995; the coffee-ring mechanism, Deegan et al., Nature 389, 1997). For a
   stain of at least ``tide_min_mm`` across, its darkening (medians of the scan's own L* off
   grey ink: a tide line is a brownish stroke to the ink layer, and the filled-in paper colour
   would hide it) is profiled in bands ``tide_width_mm`` deep from its outline over the leaf
   (not along the cut edge); a band among the outer five darker by ``tide_dl`` L* than the
   three beyond the next one in is a rim (the outline found may lie outside the ring), and the
   stain is flagged ``tide_line``. A band along the cut edge (step 5) whose side over the leaf
   is such a rim is a stain that came in from the edge, not edge toning.
7. *Fox spots are counted once.* When the foxing detector ran too, a region at least
   ``foxing_cover`` made of the fox spots found in it (two or three touching spots) is left to
   foxing (:func:`leave_foxing_out`, run by the pipeline after both detectors).

On a greyscale scan the score is ``ΔL*₊`` alone, reported as ``method = "luminance only"``
(a grey smudge and a brown stain are then the same). Measures: count, area (mm², % of the
leaf), tide lines; per stain its box, area, equivalent diameter, tide-line flag and median
ΔE00 against the clean paper. Works on a level of about ``stain_ppi`` (75 ppi: a pixel of a
third of a millimetre), reduced from the working level by area averaging.

Version 1.1.0 (tuned on the real development set, ``bench/real.py``): texture noise on colour
pages, the rejections of step 5, pictures by shape, the loss and board margin, the wider rim
search. Version 1.2.0 (the generated regression pages, ``bench/accuracy.py``, without losing
the real set): marks the ink layer missed, pictures from the front end's dense media with
their frames, discolouration without darkening, holes in the loss margin, the
outline step off the cut edge. Version 1.3.0: step 7, a fold told by its straight crease
(its band may be joined to edge toning), the mottle rule (``body``), a 2 mm margin along
the cut edge on a board (was 3 mm: stains come in from the edge), the tide line as a peak
of the darkening profile from the outline over the leaf, and bluish regions left out as ink.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect.base import DetectorResult, MaskSource, Steps, register, unit
from conservator.detect.frontend import Front, disc, fill_holes
from conservator.detect.gaps import board_holes
from conservator.detect.ink import component_shape, front_ink, paper_sigma
from conservator.imaging.color import delta_e00

VERSION = "1.3.0"


@dataclass
class StainParams:
    """Stain parameters (physical units; scores in CIELAB units)."""

    stain_ppi: float = field(default=75.0, metadata=unit("ppi", "resolution stains are found at"))
    low: float = field(default=3.0, metadata=unit("dE76", "stain score, at least"))
    high: float = field(default=4.5, metadata=unit("dE76", "seed stain score, at least"))
    low_sigmas: float = field(default=3.0, metadata=unit("sigma", "stain: × paper noise"))
    high_sigmas: float = field(default=6.0, metadata=unit("sigma", "seed: × paper noise"))
    smooth_mm: float = field(default=1.0, metadata=unit("mm", "paper colour smoothing"))
    cell_mm: float = field(default=4.0, metadata=unit("mm", "grid of the clean-paper fit"))
    ink_margin_mm: float = field(default=0.3, metadata=unit("mm", "excluded around ink"))
    exclude_faint: bool = field(
        default=False, metadata=unit("", "also exclude faint marks (show-through, faint ink)")
    )
    edge_margin_mm: float = field(default=1.0, metadata=unit("mm", "ignored along cut edges"))
    open_mm: float = field(default=0.5, metadata=unit("mm", "opening (fibre, noise)"))
    close_mm: float = field(default=1.0, metadata=unit("mm", "closing (text in a stain)"))
    min_area_mm2: float = field(default=3.0, metadata=unit("mm2"))
    min_diameter_mm: float = field(
        default=5.0, metadata=unit("mm", "a compact region smaller is a fox spot")
    )
    compact_max: float = field(default=2.5, metadata=unit("ratio", "area / (π r²) of a spot"))
    tide_min_mm: float = field(default=6.0, metadata=unit("mm", "tide lines looked for from"))
    tide_width_mm: float = field(default=1.0, metadata=unit("mm", "rim width"))
    tide_dl: float = field(default=1.0, metadata=unit("L*", "rim darker than inside it by"))
    surface_order: int = field(default=1, metadata=unit("", "clean paper: 1 a plane, 2 a quadric"))
    noise_mm: float = field(default=4.0, metadata=unit("mm", "paper texture measured below"))
    loss_margin_mm: float = field(default=2.0, metadata=unit("mm", "ignored around losses"))
    edge_mm: float = field(default=2.0, metadata=unit("mm", "band either side of an outline"))
    edge_step: float = field(
        default=0.5, metadata=unit("ratio", "outline step, × the stain threshold")
    )
    media_pictures_only: bool = field(
        default=True, metadata=unit("", "skip only rectangular dense media (plates, photographs)")
    )
    fold_frac: float = field(
        default=0.3, metadata=unit("ratio", "a band across the leaf this narrow is a fold")
    )
    body: float = field(
        default=1.3, metadata=unit("ratio", "a stain's median score, × the stain threshold")
    )
    fold_edge_mm: float = field(
        default=2.0, metadata=unit("mm", "a fold's crease is straight within")
    )
    band_mm: float = field(default=10.0, metadata=unit("mm", "a band along the edge this deep"))
    picture_fill: float = field(
        default=0.85, metadata=unit("ratio", "a region filling its rectangle is a picture")
    )
    max_bluing: float = field(
        default=1.0, metadata=unit("b*", "a region bluer than the paper by this is ink")
    )
    min_darkening: float = field(
        default=0.35, metadata=unit("ratio", "a stain darkens by at least this × its yellowing")
    )
    picture_margin_mm: float = field(
        default=5.0, metadata=unit("mm", "a picture's frame and mount, around its dense part")
    )
    mark_window_mm: float = field(
        default=2.0, metadata=unit("mm", "marks narrower than half this are left out")
    )
    mark_dl: float = field(
        default=3.0, metadata=unit("L*", "a mark is darker than its surroundings by")
    )
    foxing_cover: float = field(
        default=0.5, metadata=unit("ratio", "a region this much made of fox spots is foxing")
    )


@dataclass
class _InkAt:
    """The ink layer's masks at the stain level."""

    ink: np.ndarray
    brown: np.ndarray
    red: np.ndarray
    media: np.ndarray


@register(
    "stain",
    VERSION,
    StainParams,
    order=45,
    weight=0.1,
    measurements={"tide_lines": 0, "largest_mm2": 0.0, "median_delta_e00": None},
    severity=(("area_pct", 1.0, 5.0),),
    layer=20,
    fill_alpha=0.3,
    greyscale="luminance",
    summary=lambda m: f", {m['tide_lines']} with a tide line" if m.get("tide_lines") else "",
    reconcile=lambda res, results, front, p: leave_foxing_out(res, results.get("foxing"), front, p),
)
def detect_stain(front: Front, p: StainParams, steps: Steps) -> DetectorResult:
    """Stains and water stains against the page's clean paper, with tide lines."""
    H, W = front.shape
    # stains are millimetres to centimetres across: measured on a level of about stain_ppi
    f = max(1, int(round(front.px_w(1.0) * 25.4 / p.stain_ppi)))
    hw, ww = front.work_shape
    h, w = max(1, hw // f), max(1, ww // f)

    def level(a: np.ndarray, interp=cv2.INTER_AREA) -> np.ndarray:
        if f == 1:
            return a
        if a.dtype == bool:  # a mask: set where any of its pixels is
            return cv2.resize(a.view(np.uint8), (w, h), interpolation=cv2.INTER_AREA) > 0
        return cv2.resize(a, (w, h), interpolation=interp)

    lab = level(front.lab_w)
    ppw = front.px_w(1.0) * w / ww  # px per mm at this level
    grey = bool(getattr(front, "greyscale", False))
    steps(0.0, "paper")
    inner = ~level(~(front.filled_w & front.nominal_w))
    r = max(1, round(p.edge_margin_mm * ppw))
    inner = cv2.erode(
        inner.view(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (2 * r + 1,) * 2)
    )
    inner = inner.astype(bool)
    # a loss's or the board's darker rim (fibres, shadow, the cut edge) is no stain
    if front.board_visible:
        # the cut edge, and the holes inside the leaf (the bulk losses of the gap segmentation
        # the loss and tear detectors share; a tear's narrow gap may cross a stain)
        gap = level(~front.filled_w) | level(~front.nominal_w) | level(board_holes(front))
        rl = max(1, round(p.loss_margin_mm * ppw))
        inner &= cv2.dilate(gap.view(np.uint8), disc(rl)) == 0
    layer = front_ink(front)
    # pictures: the front end's dense media that fill a rectangle (a sepia photograph is as
    # brown as a stain, so the ink layer, which keeps brownish media as possible stains,
    # does not list it)
    fp = front.params
    spread = (fp.media_window_mm / 2 + 1.0) * ppw  # how far the front end grew dense media
    nominal = ~level(~front.nominal_w)  # the leaf's outline before any loss
    media = _pictures(level(front.media_w), level(front.ink_w) & inner, nominal, ppw, p, spread)
    if not p.media_pictures_only:
        media |= level(layer.media)
    ink = _InkAt(level(layer.ink), level(layer.brown), level(layer.red), media)
    excl = ink.ink | ink.red | ink.media
    if p.exclude_faint:
        excl |= level(layer.faint)
    rr = max(0, round(p.ink_margin_mm * ppw))
    if rr:
        excl = cv2.dilate(excl.view(np.uint8), disc(rr)).astype(bool)
    # marks the ink layer missed (letters taken for compact brown spots, glyph fragments): at
    # this level they are sharp local minima of L*, where a stain is smooth over millimetres
    marks = _dark_marks(lab[..., 0], p.mark_window_mm * ppw, max(p.mark_dl, 3 * layer.paper_noise))
    if marks is not None:
        excl |= marks
    paper = inner & ~excl
    del excl
    P = _fill(lab, paper, p.smooth_mm * ppw)
    steps(0.3, "clean paper")
    S = _clean_surface(P, paper, max(2, round(p.cell_mm * ppw)), grey, p.surface_order)
    dl = S[..., 0] - P[..., 0]
    # the rim test looks at the scan itself, off grey ink (a tide line is a brownish stroke)
    dl_raw = S[..., 0] - lab[..., 0]
    grey_ink = (ink.ink & ~ink.brown) | ink.red | ink.media
    rim_ok = inner & (cv2.dilate(grey_ink.astype(np.uint8), disc(p.ink_margin_mm * ppw)) == 0)
    rim = (dl_raw, rim_ok)  # for the tide-line test
    db = None
    if grey:
        e = np.maximum(dl, 0)
        signed = dl
    else:
        e = cv2.multiply(np.maximum(dl, 0), np.maximum(dl, 0))
        for c in (1, 2):
            d = np.maximum(P[..., c] - S[..., c], 0)
            cv2.add(e, cv2.multiply(d, d), dst=e)
        del d
        cv2.sqrt(e, dst=e)
        db = P[..., 2] - S[..., 2]
        signed = dl + db
    # the paper's own texture at the stain scale: the score's spread around its smooth course
    # over a few mm (the lighter side only), so uneven lighting does not raise the bar
    sig_px = max(1.0, p.noise_mm * ppw)
    den = cv2.GaussianBlur(paper.astype(np.float32), (0, 0), sig_px)
    smooth = cv2.GaussianBlur(signed * paper, (0, 0), sig_px) / np.maximum(den, 1e-3)
    hp = (signed - smooth)[paper & (den > 0.3)]
    sigma = paper_sigma(hp[::3]) if hp.size else 0.0
    if grey:  # luminance alone: lighting and show-through look alike, the page-scale spread
        sigma = paper_sigma(signed[paper][::3]) if paper.any() else 0.0
    del signed, smooth, den
    t_low = max(p.low, p.low_sigmas * sigma)
    t_high = max(p.high, p.high_sigmas * sigma)
    steps(0.6, "stains")
    # no stain is measured on a picture (its paper is filled in from around it)
    where = inner & ~media
    cand = ((e > t_low) & where).astype(np.uint8)
    if p.open_mm > 0:
        cand = cv2.morphologyEx(cand, cv2.MORPH_OPEN, disc(p.open_mm * ppw / 2))
    if p.close_mm > 0:
        cand = cv2.morphologyEx(cand, cv2.MORPH_CLOSE, disc(p.close_mm * ppw / 2))
    cand &= where.astype(np.uint8)
    n, labels, stats, rmax = component_shape(cand)
    seeded = np.zeros(n, bool)
    if n > 1:
        seeded[np.unique(labels[(e > t_high) & (cand > 0)])] = True
    seeded[0] = False
    area_mm2 = stats[:, cv2.CC_STAT_AREA] / ppw**2
    diam = np.sqrt(4 * area_mm2 / np.pi)
    compact = stats[:, cv2.CC_STAT_AREA] <= p.compact_max * np.pi * rmax**2
    keep = seeded & (area_mm2 >= p.min_area_mm2) & ((diam >= p.min_diameter_mm) | ~compact)
    keep[0] = False
    for k in np.flatnonzero(keep):
        why = _not_a_stain(k, labels, stats, e, paper, inner, t_low, ppw, p, dl, db, rim)
        if why:
            keep[k] = False
    ids = np.flatnonzero(keep)
    # a stain is its whole outline: a pale inside within a tide line, text within a stain
    low = fill_holes(keep[labels])
    n, labels, stats, _ = cv2.connectedComponentsWithStats(low.astype(np.uint8), connectivity=8)
    area_mm2 = stats[:, cv2.CC_STAT_AREA] / ppw**2
    diam = np.sqrt(4 * area_mm2 / np.pi)
    ids = range(1, n)
    sx, sy = W / w, H / h
    full_px = sx * sy
    instances, de_all = [], []
    tide_count = 0
    for k in ids:
        x, y, bw, bh, a = (int(v) for v in stats[k])
        sel = labels[y : y + bh, x : x + bw] == k
        tide = False
        if diam[k] >= p.tide_min_mm:
            y0, x0 = max(0, y - 2), max(0, x - 2)
            win = np.s_[y0 : y + bh + 2, x0 : x + bw + 2]
            tide = _tide_line(
                labels[win] == k,
                dl_raw[win],
                rim_ok[win],
                inner[win],
                p.tide_width_mm * ppw,
                p.tide_dl,
            )
        tide_count += tide
        pick = sel & paper[y : y + bh, x : x + bw]
        if not pick.any():
            pick = sel
        a_lab = P[y : y + bh, x : x + bw][pick][::4]
        b_lab = S[y : y + bh, x : x + bw][pick][::4]
        de = float(np.median(delta_e00(a_lab, b_lab))) if a_lab.size else None
        if de is not None:
            de_all.append(de)
        a_full = int(round(a * full_px))
        instances.append(
            {
                "id": len(instances) + 1,
                "bbox": [int(x * sx), int(y * sy), int(np.ceil(bw * sx)), int(np.ceil(bh * sy))],
                "area_px": a_full,
                "area_mm2": round(float(area_mm2[k]), 2),
                "area_pct": front.pct(a_full),
                "diameter_mm": round(float(diam[k]), 2),
                "tide_line": bool(tide),
                "delta_e00": round(de, 2) if de is not None else None,
            }
        )
    steps(1.0, "done")
    total = int(round(np.count_nonzero(low) * full_px))
    meas = {
        "count": len(instances),
        "area_px": total,
        "area_mm2": round(total / front.px_per_mm**2, 2),
        "area_pct": front.pct(total),
        "tide_lines": int(tide_count),
        "largest_mm2": round(max((i["area_mm2"] for i in instances), default=0.0), 2),
        "median_delta_e00": round(float(np.median(de_all)), 2) if de_all else None,
        "paper_noise": round(sigma, 3),
    }
    mask = MaskSource((H, W), low=low if low.any() else None)
    res = DetectorResult("stain", VERSION, {}, meas, instances, mask)
    return res


def leave_foxing_out(res: DetectorResult, fox: DetectorResult | None, front: Front, p) -> None:
    """Leave out the stains that are fox spots, once both detectors have run (step 7).

    A few fox spots that touch, or lie within a millimetre of each other, make one region of
    5–10 mm at the stain level: too large for the fox-spot rule of step 4, yet each spot is
    measured by the foxing detector. A region whose area is at least ``foxing_cover`` made of
    the fox spots found inside it (their centroids within it) is a cluster of fox spots and is
    not counted a second time as a stain; a stain with a few fox spots in it stays a stain.
    The measurements are recomputed from the stains that remain. Without a foxing result
    (``--detectors stain`` alone, a greyscale scan) nothing is left out.
    """
    low = res.mask.low
    if fox is None or not fox.measured or not fox.instances or low is None or not res.instances:
        return
    H, W = res.mask.shape
    h, w = low.shape
    sx, sy = W / w, H / h
    n, labels = cv2.connectedComponents(low.astype(np.uint8), connectivity=8)
    fox_px = np.zeros(n, np.float64)
    for spot in fox.instances:
        cx, cy = spot.get("centroid") or (
            spot["bbox"][0] + spot["bbox"][2] / 2,
            spot["bbox"][1] + spot["bbox"][3] / 2,
        )
        fox_px[labels[min(h - 1, int(cy / sy)), min(w - 1, int(cx / sx))]] += spot["area_px"]
    stain_px = np.bincount(labels.ravel(), minlength=n) * (sx * sy)
    drop = np.flatnonzero(fox_px[1:] >= p.foxing_cover * stain_px[1:]) + 1
    if not drop.size:
        return
    # the instances were made from these components, in label order
    dropped = set(drop.tolist())
    kept = [inst for k, inst in enumerate(res.instances, 1) if k not in dropped]
    low = low & ~np.isin(labels, drop)
    for i, inst in enumerate(kept, 1):
        inst["id"] = i
    total = int(round(np.count_nonzero(low) * sx * sy))
    des = [i["delta_e00"] for i in kept if i["delta_e00"] is not None]
    res.instances = kept
    res.mask = MaskSource((H, W), low=low if low.any() else None)
    res.measurements.update(
        count=len(kept),
        area_px=total,
        area_mm2=round(total / front.px_per_mm**2, 2),
        area_pct=front.pct(total),
        tide_lines=sum(bool(i["tide_line"]) for i in kept),
        largest_mm2=round(max((i["area_mm2"] for i in kept), default=0.0), 2),
        median_delta_e00=round(float(np.median(des)), 2) if des else None,
    )


def _dark_marks(L: np.ndarray, window_px: float, dl: float) -> np.ndarray | None:
    """Pixels darker than the median L* of their ``window_px`` neighbourhood by more than
    ``dl``, grown by a pixel (their anti-aliased rim): marks narrower than half the window."""
    k = max(3, int(round(window_px)) | 1)
    if min(L.shape) < k:
        return None
    L8 = np.ascontiguousarray(L, np.float32)
    med = cv2.medianBlur(L8, k) if k <= 5 else _median(L8, k)
    m = (med - L8) > dl
    return cv2.dilate(m.view(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)


def _median(a: np.ndarray, k: int) -> np.ndarray:
    """A k × k median of a float image (OpenCV's float median stops at 5 × 5): on L* scaled
    to 8 bits in steps of 0.5 L*, exact enough for a threshold of a few L*."""
    lo = float(a.min())
    q = np.clip((a - lo) * 2.0, 0, 255).astype(np.uint8)
    return cv2.medianBlur(q, k).astype(np.float32) / 2.0 + lo


def _fill(lab: np.ndarray, valid: np.ndarray, sigma_px: float) -> np.ndarray:
    """Normalised convolution: the Lab image smoothed over ``valid`` pixels only; where none
    are near (a picture, a dense heading) filled in from further away on a coarse grid."""
    m = valid.astype(np.float32)
    sig = max(0.5, sigma_px)
    out = cv2.GaussianBlur(lab * m[..., None], (0, 0), sig)  # the weighted sum, then / weight
    den = cv2.GaussianBlur(m, (0, 0), sig)
    ok = den > 0.05
    np.divide(out, np.maximum(den, 0.05)[..., None], out=out)
    del den
    if not ok.all():
        h, w = valid.shape
        f = max(1.0, 4 * sig)  # a coarse grid of about four smoothing widths a cell
        size = (max(1, round(w / f)), max(1, round(h / f)))
        cn = cv2.resize(lab * m[..., None], size, interpolation=cv2.INTER_AREA)
        cd = cv2.resize(m, size, interpolation=cv2.INTER_AREA)
        fill = np.empty_like(cn)
        have = cd > 1e-3
        fill[have] = cn[have] / cd[have][:, None]
        big = 1.0
        while not have.all() and big < max(size):
            nn = cv2.GaussianBlur(cn, (0, 0), big)
            dd = cv2.GaussianBlur(cd, (0, 0), big)
            now = ~have & (dd > 1e-4)
            fill[now] = nn[now] / dd[now][:, None]
            have |= now
            big *= 2
        if not have.all():
            fill[~have] = np.median(lab.reshape(-1, 3)[:: max(1, lab.size // 300000)], axis=0)
        up = cv2.resize(fill, (w, h), interpolation=cv2.INTER_LINEAR)
        out[~ok] = up[~ok]
        del up
    return out


def _clean_surface(
    P: np.ndarray, paper: np.ndarray, cell: int, grey: bool, order: int = 1
) -> np.ndarray:
    """A plane per Lab channel through the clean paper (one-sided robust fit).

    A plane, not a higher-order surface: a stain filling a side of the page would pull a
    curved surface into itself, where no clean paper constrains it."""
    h, w = paper.shape
    cw, ch = max(1, round(w / cell)), max(1, round(h / cell))
    m = paper.astype(np.float32)
    num = cv2.resize(P * m[..., None], (cw, ch), interpolation=cv2.INTER_AREA)
    den = cv2.resize(m, (cw, ch), interpolation=cv2.INTER_AREA)
    valid = den > 0.3
    if valid.sum() < 12:
        med = np.median(P[paper], axis=0) if paper.any() else np.median(P.reshape(-1, 3), axis=0)
        return np.broadcast_to(med.astype(np.float32), P.shape).copy()
    vals = num[valid] / den[valid][:, None]
    gy, gx = np.nonzero(valid)
    u = (gx + 0.5) / cw * 2 - 1
    v = (gy + 0.5) / ch * 2 - 1
    A = _design(u, v, order)
    # start from the cleanest half of the cells (lightest and least yellow), then refit on
    # the cells within 3 σ of the fit on the dark side (σ from the lighter half)
    dark0 = -vals[:, 0] if grey else vals[:, 2] - vals[:, 0]
    wts = (dark0 <= np.median(dark0)).astype(np.float64)
    coef = None
    for _ in range(5):
        Aw = A * wts[:, None]
        coef, *_ = np.linalg.lstsq(Aw, vals * wts[:, None], rcond=None)
        res = A @ coef - vals  # per channel; > 0 in L: darker than the fit
        dark = res[:, 0] if grey else res[:, 0] - res[:, 2]
        s = paper_sigma(dark) + 1e-3
        new = (dark < np.median(dark[wts > 0]) + 3.0 * s).astype(np.float64)
        if new.sum() < 12 or np.array_equal(new, wts):
            break
        wts = new
    yy = (np.arange(h, dtype=np.float32) + 0.5) / h * 2 - 1
    xx = (np.arange(w, dtype=np.float32) + 0.5) / w * 2 - 1
    U, V = np.meshgrid(xx, yy)
    terms = _design(U.ravel(), V.ravel(), order).astype(np.float32)
    out = (terms @ coef.astype(np.float32)).reshape(h, w, 3)
    return out


def _design(u: np.ndarray, v: np.ndarray, order: int) -> np.ndarray:
    """Polynomial terms in x and y up to ``order`` (1: a plane, 2: a quadric)."""
    cols = [np.ones_like(u), u, v]
    if order >= 2:
        cols += [u * u, u * v, v * v]
    return np.stack(cols, axis=1).astype(np.float64)


def _tide_line(sel, dl, paper, leaf, width_px: float, tide_dl: float) -> bool:
    """Whether a stain has a rim darker than what lies inside it: the dark ring a drying water
    front leaves. The darkening (median ΔL* off grey ink) is profiled in bands one rim width
    deep from the outline inwards; a tide line is a band, within the outer five, darker by
    ``tide_dl`` than the three bands beyond the next one in (a peak of the profile, wherever
    the outline found lies outside the ring: smoothing, a soft outer halo, a smear joined to
    it). A stain that only darkens towards its centre has no peak. Depths are measured from the
    outline where it runs over the leaf (``leaf`` outside the stain), not where the stain meets
    the cut edge: a water stain that came in from the edge has its tide line on the leaf
    only."""
    free = leaf & ~sel  # the leaf just outside the stain: where its outline can be a front
    if not free.any():
        return False
    dt = cv2.distanceTransform((~free).astype(np.uint8), cv2.DIST_L2, 3)
    w = max(1.0, width_px)
    ok = sel & paper

    def median_in(lo: float, hi: float) -> float | None:
        b = ok & (dt > lo * w) & (dt <= hi * w)
        return float(np.median(dl[b])) if np.count_nonzero(b) >= 10 else None

    for i in range(5):
        rim, inside = median_in(i, i + 1), median_in(i + 2, i + 5)
        if rim is not None and inside is not None and rim - inside >= tide_dl:
            return True
    return False


def _crease(sel: np.ndarray, leaf: np.ndarray, max_width: float, straight: float) -> bool:
    """Whether a region running down its rows is a fold's band: no wider than ``max_width``
    along most (60 %) of its length, and along that part one of its sides, away from the cut
    edge, is straight: the crease (the interquartile range of its position at most
    ``straight``). The rows where the band is wider (edge toning joined to one end of it) count
    for nothing, and a side is that of the band's own run of pixels in a row (the rightmost run
    for its left side, the leftmost for its right), not of a patch beside it. A stain that
    crosses the leaf has ragged sides."""
    present = sel.any(axis=1)
    rows, leaf = sel[present], leaf[present]
    narrow = np.count_nonzero(rows, axis=1) <= max_width
    if rows.shape[0] < 4 or np.count_nonzero(narrow) < 0.6 * rows.shape[0]:
        return False
    rows, leaf = rows[narrow], leaf[narrow]
    w = rows.shape[1]
    cols = np.arange(w)[None, :]
    first = np.argmax(rows, axis=1)[:, None]
    last = (w - 1 - np.argmax(rows[:, ::-1], axis=1))[:, None]
    left = np.where(~rows & (cols < last), cols, -1).max(axis=1) + 1  # rightmost run's start
    right = np.where(~rows & (cols > first), cols, w).min(axis=1) - 1  # leftmost run's end
    for side, edge in (
        (left, np.argmax(leaf, axis=1)),
        (right, w - 1 - np.argmax(leaf[:, ::-1], axis=1)),
    ):
        if np.median(np.abs(side - edge)) <= 1:
            continue  # this side is the leaf's cut edge
        if float(np.subtract(*np.percentile(side, [75, 25]))) <= straight:
            return True
    return False


def _not_a_stain(k, labels, stats, e, paper, inner, t_low, ppw, p, dl, db, rim) -> str | None:
    """Why candidate region ``k`` is not a stain (None when it is one).

    * ``"fold"``: a band from one side of the leaf to the opposite one, at most ``fold_frac``
      of the leaf wide along most of its length, with one straight side (within
      ``fold_edge_mm``): a fold's shadow or its toned crease;
    * ``"band"``: a band along the cut edge, at most ``band_mm`` deep and over three times as
      long: edge toning, a shadow or the scanner's vignetting, not a liquid's spread;
    * ``"picture"``: a region filling its minimum-area rectangle (area ratio above
      ``picture_fill``) away from the edges: a mounted photograph or a printed plate;
    * ``"faint"``: a region whose median score on its paper is below ``body`` × the stain
      threshold: a patch of the paper's own mottle around a seed, not a deposit that stands
      out of the paper as a whole;
    * ``"ink"``: a region bluer than the clean paper by more than ``max_bluing`` b*: a smudge
      of violet, blue or blue-black ink (or a picture's cold tones), not a stain, whose
      deposits (cellulose degradation products, dirt carried by water) are yellow to brown;
    * ``"discolouration"``: a region yellower than the clean paper whose median darkening is
      below ``min_darkening`` × its median yellowing: fading or yellowing of the paper (the
      fading detector's class), not a deposit;
    * ``"smooth"``: an outline without a step, the score just inside (``edge_mm``) no higher
      than just outside by ``edge_step`` × the stain threshold: a smooth course of tone
      (uneven lighting, gradual discolouration), where a stain has an edge or a tide line.
    """
    x, y, bw, bh, a = (int(v) for v in stats[k])
    pad = max(2, int(round(p.edge_mm * ppw)) + 1)
    h, w = labels.shape
    x0, y0, x1, y1 = max(0, x - pad), max(0, y - pad), min(w, x + bw + pad), min(h, y + bh + pad)
    sel = labels[y0:y1, x0:x1] == k
    ins = inner[y0:y1, x0:x1]
    # the part of the outline that lies inside the leaf (not on its edge)
    edge_dt = cv2.distanceTransform(np.pad(ins.astype(np.uint8), 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
    on_edge = sel & (edge_dt <= 1.5)
    if on_edge.any():
        # a narrow band from one side of the leaf to the opposite one: a fold's shadow (its
        # width is the median across its length, so edge toning joined to one end of it, along
        # the cut edge it starts from, does not make it wide)
        ys, xs = np.nonzero(inner.any(axis=1))[0], np.nonzero(inner.any(axis=0))[0]
        lh, lw = ys[-1] - ys[0] + 1, xs[-1] - xs[0] + 1
        straight = p.fold_edge_mm * ppw
        if (bh >= 0.9 * lh and _crease(sel, ins, p.fold_frac * lw, straight)) or (
            bw >= 0.9 * lw and _crease(sel.T, ins.T, p.fold_frac * lh, straight)
        ):
            return "fold"
        dt_in = cv2.distanceTransform(np.pad(sel.astype(np.uint8), 1), cv2.DIST_L2, 3)[1:-1, 1:-1]
        # depth: how far the region reaches in from the edge; length: the edge it runs along
        depth = float(dt_in.max()) * 2 / ppw
        along = np.count_nonzero(on_edge) / ppw
        if depth <= p.band_mm and along >= 3 * depth:
            # ... unless its side over the leaf is a tide line: a liquid came in from the edge
            if not _tide_line(
                sel,
                rim[0][y0:y1, x0:x1],
                rim[1][y0:y1, x0:x1],
                ins,
                p.tide_width_mm * ppw,
                p.tide_dl,
            ):
                return "band"
    else:
        cnts, _ = cv2.findContours(sel.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        if cnts:
            (_, _), (rw, rh), _ = cv2.minAreaRect(max(cnts, key=cv2.contourArea))
            if rw * rh > 0 and a / (rw * rh) >= p.picture_fill and min(rw, rh) / ppw >= 15:
                return "picture"
    on = sel & paper[y0:y1, x0:x1]
    if np.count_nonzero(on) >= 5:
        if float(np.median(e[y0:y1, x0:x1][on])) < p.body * t_low:
            return "faint"
        if db is not None:
            darker = float(np.median(dl[y0:y1, x0:x1][on]))
            yellower = float(np.median(db[y0:y1, x0:x1][on]))
            if yellower > 0 and darker < p.min_darkening * yellower:
                return "discolouration"
            if yellower < -p.max_bluing:
                return "ink"
    r = max(1, int(round(p.edge_mm * ppw)))
    ring = disc(r)
    m = sel.astype(np.uint8)
    outer = (cv2.dilate(m, ring) > 0) & ~sel & ins & paper[y0:y1, x0:x1]
    # just inside the outline where it runs over the leaf, not along the cut edge (where
    # edge toning is darkest and there is no outside to compare with)
    m_ext = (sel | ~ins).astype(np.uint8)
    inner_b = sel & (cv2.erode(m_ext, ring, borderValue=1) == 0) & paper[y0:y1, x0:x1]
    if np.count_nonzero(outer) >= 5 and np.count_nonzero(inner_b) >= 5:
        ee = e[y0:y1, x0:x1]
        step = float(np.median(ee[inner_b]) - np.median(ee[outer]))
        if step < p.edge_step * t_low:
            return "smooth"
    return None


def _pictures(
    media: np.ndarray,
    ink: np.ndarray,
    inner: np.ndarray,
    ppw: float,
    p: StainParams,
    spread_px: float = 0.0,
) -> np.ndarray:
    """Pictures: dense media, with the paper they and a closed outline of ink (a plate's frame
    line, a photograph's mount edge) enclose, whose core fills its minimum-area rectangle
    (``picture_fill``) and is 15 mm a side or more. The core is the region shrunk by
    ``spread_px``, the front end's own growth of its dense media by a square: a dark stain
    grown by a square looks rectangular, its core does not. A faded photograph is dense
    media only where it is dark; its frame makes it whole. A ruled box or a page border round
    text without dense media stays paper; a dense dark region of another shape (a smudge
    with text on it, a ring stain and the paper inside it) stays a stain candidate, and so
    does a region reaching the leaf's nominal outline (``inner``: the sheet before any loss;
    the frame of the image counts as one): a picture is printed or mounted within the leaf,
    a stain runs off it."""
    if not media.any():
        return media
    marks = ink | media
    holes = fill_holes(marks) & ~marks
    n, labels = cv2.connectedComponents(holes.view(np.uint8), connectivity=4)
    near = cv2.dilate(media.view(np.uint8), np.ones((3, 3), np.uint8)).view(bool)
    framed = np.zeros(n, bool)
    framed[np.unique(labels[near & holes])] = True
    framed[0] = False
    region = media | framed[labels]
    n, labels, stats, _ = cv2.connectedComponentsWithStats(region.view(np.uint8), connectivity=8)
    off_leaf = np.pad(~inner, 1, constant_values=True)  # the frame too (a crop's cut edge)
    off_leaf = cv2.dilate(off_leaf.view(np.uint8), np.ones((3, 3), np.uint8))[1:-1, 1:-1] > 0
    at_edge = np.zeros(n, bool)
    at_edge[np.unique(labels[off_leaf])] = True
    boxes = []
    grow = p.picture_margin_mm * ppw
    r = max(0, int(round(spread_px)))
    shrink = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * r + 1,) * 2) if r else None
    side = 15 * ppw
    for i in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[i])
        if min(bw, bh) < side or at_edge[i]:
            continue
        sel = np.pad((labels[y : y + bh, x : x + bw] == i).astype(np.uint8), r + 1)
        core = cv2.erode(sel, shrink) if r else sel
        a = int(np.count_nonzero(core))
        cnts, _ = cv2.findContours(core, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        if not cnts:
            continue
        (_, _), (rw, rh), _ = cv2.minAreaRect(max(cnts, key=cv2.contourArea))
        if rw * rh > 0 and a / (rw * rh) >= p.picture_fill and min(rw, rh) >= side:
            full, _ = cv2.findContours(sel, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
            (cx, cy), (fw, fh), ang = cv2.minAreaRect(max(full, key=cv2.contourArea))
            off = r + 1
            boxes.append(((cx + x - off, cy + y - off), (fw + 2 * grow, fh + 2 * grow), ang))
    out = np.zeros(media.shape, np.uint8)
    # a picture is its rectangle, grown by picture_margin_mm: its frame, its mount and its
    # paler edges, which are neither dense media nor always closed marks at this level
    for box in boxes:
        cv2.fillPoly(out, [np.round(cv2.boxPoints(box)).astype(np.int32)], 1)
    return out.view(bool)
