"""The document-ink layer: text, faint ink and show-through, coloured inks and seals, pictures.

Foxing and stains are discolourations of the *paper*. Everything a scribe, a printer or the
verso put on it is modelled first and kept out of their candidates (with a margin in mm), so
that letter edges, mirror text, faint brown print and red seals are not taken for spots.

Method
------
1. *Local binarisation* of L* at a window set in mm (Sauvola & Pietikäinen, "Adaptive document
   image binarization", Pattern Recognition 33(2), 2000): ``T = m·(1 + k·(s/R − 1))`` with the
   local mean ``m`` and standard deviation ``s`` over ``window_mm`` (integral images, OpenCV box
   filters) and ``R = 50`` (half the L* range, as R = 128 is half the 8-bit range). It is run
   twice: with ``k`` for ink and with the smaller ``faint_k`` for faint ink, show-through and
   bleed-through; a pixel must also be darker than the local paper model by ``min_contrast``
   L* (and by ``faint_sigmas`` times the page's paper noise), so paper grain is not ink.
2. *Colour of the marks* against the local paper model B_Lab (detection.md §6.0 step 5): a mark
   that darkens without yellowing (Δb* < ``brown_ratio``·ΔL*) is ink or show-through (black
   and iron-gall inks, and the verso's ink seen through the sheet, are grey or lose chroma);
   a mark far redder than the paper (Δa* above ``red_da`` at a hue below ``red_hue_deg``, or
   Δa* above twice ``red_da`` at any hue) is red or coloured ink, a rubric or a seal.
3. *Stroke structure* of the brownish marks (the only ones that could be foxing): a connected
   mark is a stroke, not a spot, when it is thin for its size. With ``r`` its largest inscribed
   radius (distance transform, the half stroke width of Epshtein, Ofek & Wexler's stroke width
   transform, CVPR 2010) and ``A`` its area, ``A / (π r²)`` is 1 for a disc and grows with the
   length of a stroke; above ``compact_max`` (or longer than ``max_spot_mm``) the brownish
   mark is faint brown print or brown ink, and so is a compact one that sits in a text line
   (two or more marks of like height on the same line nearby: the letters of a word), unless it is thicker (2r) than ``max_stroke_mm``,
   wider than any pen or type stroke: a blot, drip or splash; a dark mark thicker than
   ``max_blot_mm`` (wider than a bold headline's strokes) is a blot or a dark stain, and one
   thicker than ``max_stroke_mm`` but paler than ``pale_ratio`` × the page's ink (its 90th
   percentile ΔL*) is a drip or a splash.
4. *Pictures and filled media* come from the front end (dense media, detection.md §6.0 step 4).

Everything works on the working level (about 150 ppi) with OpenCV filters; the result is a
set of boolean masks (:class:`InkLayer`), cached on the front end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect.base import unit


@dataclass
class InkParams:
    """Parameters of the ink layer (physical units)."""

    window_mm: float = field(default=4.0, metadata=unit("mm", "binarisation window"))
    k: float = field(default=0.2, metadata=unit("", "Sauvola k for ink"))
    faint_k: float = field(default=0.06, metadata=unit("", "Sauvola k for faint ink"))
    min_contrast: float = field(default=3.0, metadata=unit("L*", "ink darker than paper by"))
    faint_sigmas: float = field(
        default=3.0, metadata=unit("sigma", "faint ink darker than paper by × paper noise")
    )
    brown_ratio: float = field(default=0.25, metadata=unit("ratio", "Δb*/ΔL* of brownish marks"))
    stain_ratio: float = field(
        default=0.2,
        metadata=unit("ratio", "Δb*/ΔL* of a stain (a dense region above is no picture)"),
    )
    picture_texture: float = field(
        default=3.0, metadata=unit("sigma", "a picture's median local L* spread, × paper noise")
    )
    red_da: float = field(default=15.0, metadata=unit("a*", "red ink redder than paper by"))
    red_hue_deg: float = field(default=30.0, metadata=unit("deg", "red ink (Δa*,Δb*) hue below"))
    compact_max: float = field(
        default=2.6, metadata=unit("ratio", "area / (π r²) of a spot, at most")
    )
    max_spot_mm: float = field(default=8.0, metadata=unit("mm", "a compact mark longer is ink"))
    max_blot_mm: float = field(
        default=4.0, metadata=unit("mm", "a dark mark thicker is a blot or stain, not ink")
    )
    pale_ratio: float = field(
        default=0.4, metadata=unit("ratio", "a thick mark paler than this × the ink is a stain")
    )
    max_stroke_mm: float = field(
        default=1.2, metadata=unit("mm", "a brownish mark thicker is no stroke (drip, stain)")
    )


@dataclass
class InkLayer:
    """Masks of a page's media at the working level (bool, ``h × w``)."""

    ink: np.ndarray  # text and drawn lines, incl. faint brown print
    faint: np.ndarray  # faint ink, show-through, bleed-through
    red: np.ndarray  # red/coloured ink, rubrics, seals
    brown: np.ndarray  # the brownish strokes among ``ink`` (brown ink, print, a tide line)
    media: np.ndarray  # pictures and filled media (from the front end)
    paper_noise: float  # robust σ of L* on plain paper (MAD), L*

    @property
    def any(self) -> np.ndarray:
        """Every mark that is not paper."""
        return self.ink | self.faint | self.red | self.media

    def exclusion(self, margin_px: float, faint: bool = True) -> np.ndarray:
        """All media (without the faint marks if ``faint`` is False) dilated by ``margin_px``
        working pixels: what stain detectors skip."""
        m = (self.any if faint else self.ink | self.red | self.media).astype(np.uint8)
        r = max(0, round(margin_px))
        if r and m.any():
            m = cv2.dilate(m, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1,) * 2))
        return m.astype(bool)


def sauvola_dark(L: np.ndarray, window_px: int, k, R: float = 50.0):
    """Pixels below Sauvola's local threshold ``m·(1 + k·(s/R − 1))`` (box window, OpenCV).

    ``k`` may be a sequence: then one mask per ``k`` is returned, from one computation of the
    local mean and deviation (float32 working-size temporaries, freed as soon as done)."""
    win = (max(3, int(window_px) | 1),) * 2
    L = np.ascontiguousarray(L, np.float32)
    m = cv2.boxFilter(L, -1, win, borderType=cv2.BORDER_REFLECT)
    s = cv2.boxFilter(cv2.multiply(L, L), -1, win, borderType=cv2.BORDER_REFLECT)  # E[L²]
    mm = cv2.multiply(m, m)
    cv2.subtract(s, mm, dst=s)  # the variance, then the deviation, in place
    del mm
    cv2.max(s, 0.0, dst=s)
    cv2.sqrt(s, dst=s)
    s /= R  # s / R − 1, in place: the same float32 values as the expression below
    s -= 1.0
    out = []
    for kk in np.atleast_1d(k):
        t = np.multiply(s, float(kk))  # m·(1 + k·(s/R − 1))
        t += 1.0
        t *= m
        out.append(L < t)
        del t
    return out if np.ndim(k) else out[0]


def paper_sigma(values: np.ndarray) -> float:
    """Paper noise from the lighter half of residuals ``paper − value`` (ink, show-through and
    stains are all darker, so only the lighter side is pure paper): 1.4826 × the median
    distance of the lighter half from the median."""
    v = np.asarray(values, np.float32).ravel()
    if v.size == 0:
        return 0.0
    med = float(np.median(v))
    light = med - v[v <= med]
    return float(1.4826 * np.median(light)) if light.size else 0.0


def robust_sigma(values: np.ndarray) -> float:
    """1.4826 × the median absolute deviation (a σ that ignores outliers)."""
    v = np.asarray(values, np.float32).ravel()
    if v.size == 0:
        return 0.0
    med = np.median(v)
    return float(1.4826 * np.median(np.abs(v - med)))


def label_max(values: np.ndarray, labels: np.ndarray, n: int) -> np.ndarray:
    """Maximum of ``values`` per label ``0..n-1`` (−inf where a label is empty)."""
    out = np.full(n, -np.inf, np.float32)
    np.maximum.at(out, labels.ravel(), values.ravel().astype(np.float32))
    return out


def component_shape(mask: np.ndarray):
    """Components of ``mask`` with area, bounding box and largest inscribed radius (px)."""
    m = mask.astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(m, connectivity=8)
    if n <= 1:
        return n, labels, stats, np.zeros(n, np.float32)
    dt = cv2.distanceTransform(m, cv2.DIST_L2, 3)
    sel = m > 0
    rmax = label_max(dt[sel], labels[sel], n)
    rmax[0] = 0.0
    return n, labels, stats, np.maximum(rmax, 0.5)


def ink_layer(
    lab: np.ndarray,
    paper: np.ndarray,
    px_per_mm: float,
    leaf: np.ndarray,
    media: np.ndarray,
    params: InkParams | None = None,
    ref: np.ndarray | None = None,
) -> InkLayer:
    """The ink layer of a page at the working level.

    Parameters
    ----------
    lab : ndarray float32 (h, w, 3)
        CIELAB (D50) at the working level.
    paper : ndarray float32 (h, w, 3), or a PaperModel
        Local paper model B_Lab at the same level (a model is read in bands of rows).
    px_per_mm : float
        Working pixels per mm.
    leaf : ndarray bool
        Where the leaf is.
    media : ndarray bool
        Dense media (pictures) from the front end.
    params : InkParams, optional
    ref : ndarray (3,), optional
        The page's reference paper colour (default: the median paper model on the leaf).
    """
    p = params or InkParams()
    # Sauvola first: its float temporaries are freed before the three difference images exist
    win = max(3, round(p.window_mm * px_per_mm))
    strong, faint = sauvola_dark(lab[..., 0], win, (p.k, p.faint_k))
    dl, da, db = _diffs(lab, paper)
    plain = leaf & ~media
    sample = dl[plain][::7] if plain.any() else dl.ravel()[::7]
    del plain
    noise = paper_sigma(sample)
    del sample
    floor = max(p.min_contrast, p.faint_sigmas * noise)
    above = (dl > floor) & leaf
    strong &= above
    faint &= above
    faint &= ~strong
    del above
    marks = strong | faint
    tan_red = float(np.tan(np.radians(p.red_hue_deg)))
    # red: redder than darker (a dark brown-black ink is a little redder than the paper too)
    red_px = marks & (da > p.red_da) & (da > 0.5 * dl)
    red_px &= (da * tan_red > db) | (da > 2 * p.red_da)
    # red marks are whole: a seal's or rubric's paler parts belong to it
    red = _grow_into(red_px, marks | ((da > 0.6 * p.red_da) & leaf))
    brownish = marks & ~red & (db >= p.brown_ratio * dl)
    grey = marks & ~red & ~brownish
    if ref is None:
        ref = np.median(lab[leaf][::7] + np.stack([dl, -da, -db], -1)[leaf][::7], axis=0)
    del da, db  # freed before the component labels below (working-size int32 images)
    # brownish marks: strokes (print, brown ink) vs compact spots (possible foxing)
    n, labels, stats, rmax = component_shape(brownish)
    area = stats[:, cv2.CC_STAT_AREA].astype(np.float32)
    long_side = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    compact = area <= p.compact_max * np.pi * rmax**2
    compact &= long_side <= p.max_spot_mm * px_per_mm
    # thicker than any pen or type stroke: a blot, a drip or a stain, not writing
    compact |= rmax >= p.max_stroke_mm / 2 * px_per_mm
    # a brownish mark sitting on a grey stroke is the stroke's own edge (its colour fringe)
    if n > 1:
        touch = cv2.dilate(grey.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        on_grey = np.bincount(labels[touch & brownish], minlength=n)
        compact &= on_grey < 0.5 * area
    compact[0] = False
    # letters of a brown print: compact marks in a row of like marks (a text line)
    compact &= ~_in_text_line(stats, compact)
    stroke = brownish & ~compact[labels]
    del labels
    # a grey mark far thicker than any stroke is a blot or a dark stain (pictures are media)
    gn, glab, gstats, grmax = component_shape(grey)
    blot = grmax >= p.max_blot_mm / 2 * px_per_mm
    # ... and so is a mark as thick as a broad stroke but far paler than the page's ink:
    # a drip or a splash (show-through is thin)
    if gn > 1 and strong.any():
        ink_dl = float(np.percentile(dl[strong & grey], 90)) if (strong & grey).any() else 0.0
        cnt = np.maximum(gstats[:, cv2.CC_STAT_AREA], 1)
        mean_dl = np.bincount(glab[grey], dl[grey], minlength=gn) / cnt
        blot |= (grmax >= p.max_stroke_mm / 2 * px_per_mm) & (mean_dl < p.pale_ratio * ink_dl)
    blot[0] = False
    grey &= ~blot[glab]
    del glab
    ink = (strong & grey) | stroke
    faint_ink = faint & grey
    del dl  # the working-size floats are not needed for the pictures
    pictures = _pictures(media, lab, ref, p, px_per_mm, noise)
    return InkLayer(
        ink=ink, faint=faint_ink, red=red, brown=stroke, media=pictures, paper_noise=noise
    )


def _diffs(lab: np.ndarray, paper) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ΔL* (darker positive), Δa*, Δb* of ``lab`` against the paper (an array, or a
    PaperModel read in bands of rows: no full three-channel copy)."""
    h, w = lab.shape[:2]
    out = [np.empty((h, w), np.float32) for _ in range(3)]
    for y in range(0, h, 512):
        y1 = min(h, y + 512)
        pr = paper.rows_at(y, y1, h, w) if hasattr(paper, "rows_at") else paper[y:y1]
        out[0][y:y1] = pr[..., 0] - lab[y:y1, :, 0]
        out[1][y:y1] = lab[y:y1, :, 1] - pr[..., 1]
        out[2][y:y1] = lab[y:y1, :, 2] - pr[..., 2]
    return out[0], out[1], out[2]


def _pictures(media, lab, ref, p: InkParams, px_per_mm: float, noise: float) -> np.ndarray:
    """The front end's dense media that are pictures, not stains or a dense patch of foxing:
    regions whose median colour darkens with little yellowing against the page's paper ``ref``
    (Δb* < ``stain_ratio``·ΔL*; a water stain on a page of text yellows as it darkens) and
    that are textured: the median local spread of L* (over 1 mm) above ``picture_texture``
    × the paper noise (hatching, half-tone, drawn lines; a stain is smooth under its text)."""
    if not media.any():
        return media.copy()
    n, labels, stats, _ = cv2.connectedComponentsWithStats(media.astype(np.uint8), connectivity=8)
    keep = np.zeros(n, bool)
    win = max(3, round(px_per_mm) | 1)
    H, W = lab.shape[:2]
    for i in range(1, n):  # a few regions a page; medians, so the text on a stain is outvoted
        x, y, w, h = stats[i, :4]
        sel = labels[y : y + h, x : x + w] == i
        px = lab[y : y + h, x : x + w][sel][::3]
        dl = ref[0] - float(np.median(px[:, 0]))
        db = float(np.median(px[:, 2])) - ref[2]
        # the local spread of L* around the region only (the blur's reach beyond its box is
        # read too), not a page of working-size temporaries
        y0, x0 = max(0, y - win), max(0, x - win)
        L = np.ascontiguousarray(lab[y0 : min(H, y + h + win), x0 : min(W, x + w + win), 0])
        m = cv2.blur(L, (win, win))
        spread = cv2.blur(cv2.multiply(L, L), (win, win))  # E[L²] − m², then its root
        np.subtract(spread, cv2.multiply(m, m), out=spread)
        cv2.max(spread, 0.0, dst=spread)
        cv2.sqrt(spread, dst=spread)
        texture = float(np.median(spread[y - y0 : y - y0 + h, x - x0 : x - x0 + w][sel]))
        keep[i] = db < p.stain_ratio * dl and texture > p.picture_texture * max(noise, 0.5)
    keep[0] = False
    return keep[labels]


def _in_text_line(stats: np.ndarray, candidates: np.ndarray, limit: int = 4000) -> np.ndarray:
    """Which ``candidates`` sit in a text line: at least two other marks of a like height
    (½–2×) centred within 0.35 × their height of the same line, each within 2 heights along it
    (letters of a word line up; fox spots scatter). Looked at for the ``limit`` largest."""
    n = stats.shape[0]
    out = np.zeros(n, bool)
    ids = np.flatnonzero(candidates)
    if ids.size == 0 or n < 4:
        return out
    ids = ids[np.argsort(-stats[ids, cv2.CC_STAT_AREA])][:limit]
    x = stats[1:, cv2.CC_STAT_LEFT].astype(np.float32)
    w = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float32)
    h = np.maximum(stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float32), 1.0)
    cy = stats[1:, cv2.CC_STAT_TOP] + h / 2
    for i in ids:
        k = i - 1
        like = (h > 0.5 * h[k]) & (h < 2.0 * h[k]) & (np.abs(cy - cy[k]) < 0.35 * h[k])
        gap = np.maximum(x - (x[k] + w[k]), x[k] - (x + w))
        like &= gap < 2.0 * h[k]
        like[k] = False
        out[i] = np.count_nonzero(like) >= 2
    return out


def _grow_into(seed: np.ndarray, region: np.ndarray) -> np.ndarray:
    """The components of ``region`` that contain a ``seed`` pixel."""
    if not seed.any():
        return seed
    n, labels = cv2.connectedComponents(region.astype(np.uint8), connectivity=8)
    keep = np.zeros(n, bool)
    keep[np.unique(labels[seed])] = True
    keep[0] = False
    return keep[labels] | seed


def front_ink(front, params: InkParams | None = None) -> InkLayer:
    """The ink layer of a :class:`~conservator.detect.frontend.Front`, computed once and shared."""
    return front.memo(
        "ink_layer",
        lambda: ink_layer(
            front.lab_w,
            front.paper_w,
            front.px_w(1.0),
            front.leaf_w,
            front.media_w,
            params,
            front.ref_paper,
        ),
    )
