"""The shared front end of all detectors: working pyramid, leaf mask, ink mask, paper-tone model.

Methods
-------
*Pyramid.* The colour-managed sRGB scan is reduced by area averaging (``cv2.INTER_AREA``) to a
working level of about 150 ppi (leaf, losses, tears, paper tone, fading) and a fine level of
about 300 ppi (foxing candidates); full resolution is read back only in small windows.

*Leaf (object) mask* (detection.md §6.2 steps 1–2). The backing board is modelled from the outer
2 % margin of the frame (:mod:`conservator.detect.board`: an even margin ring clearly separated
from the paper, in a named regime — black, grey or chroma board — never paper-coloured, with a
confidence). Each pixel's ΔE*ab to the board is thresholded (0.4 × the board–paper gap, clamped
to 8–20); the largest component, closed by 0.5 mm, with its holes filled, is the leaf. Without
an evident board (a leaf that fills the frame, a crop inside the page, a pale scanner lid, a
photograph or a picture to the edges) the whole frame is the leaf, and losses and tears are not
measured, with the reason. A leaf that covers less than ``min_leaf_fill`` of its own nominal
outline is a picture's light parts, not a leaf: no board either. A leaf with under
``min_plain_paper`` plain paper gets a warning that foxing and fading may take picture content
for stains.

*Nominal outline.* A round or oval object (its convex hull matches a fitted ellipse) has that
ellipse as its outline (``oval_outline``). Otherwise, per side, the outermost leaf pixel of every row/column is fitted with a
robust line (Theil–Sen start, then least squares on the points within 1.5 px outside the
envelope), since losses only go inward; the four lines intersect in the nominal quadrilateral.
A side where the leaf runs off the frame is the frame edge.

*Ink mask* (§6.0 step 4). Pixels darker than the local paper by ``ink_delta_l`` L* or with a
local Sauvola-style deficit, kept when they are part of stroke-like or dark structures, dilated
by 0.3 mm.

*Paper-tone model* (§6.0 step 5). The masked mean of paper pixels (leaf minus ink) on a ~2 mm
grid, a 5 × 5 median (≈10 mm window), normalised-convolution fill, bilinear upsampling: the
local paper colour B_Lab that every stain detector compares against, so uneven yellowing and
lighting are not damage.

References: Stanco, Tenze & Ramponi (2005) on foxing; Sauvola & Pietikäinen (2000); Otsu (1979).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect import board as board_mod
from conservator.detect.base import Steps, unit
from conservator.detect.board import BoardModel
from conservator.detect.scales import find_scales
from conservator.detect.targets import find_charts
from conservator.imaging.color import srgb_to_lab
from conservator.parallel import background, for_bands

#: ppi assumed for physical parameters when the scan carries no resolution.
ASSUMED_PPI = 300.0


@dataclass
class FrontParams:
    """Parameters of the shared front end."""

    work_ppi: float = field(default=150.0, metadata=unit("ppi", "working resolution"))
    fine_ppi: float = field(default=300.0, metadata=unit("ppi", "foxing candidate resolution"))
    margin_frac: float = field(default=0.02, metadata=unit("fraction", "margin sampled for board"))
    board_min_de: float = field(default=8.0, metadata=unit("dE76", "board vs paper threshold"))
    board_max_de: float = field(default=20.0, metadata=unit("dE76"))
    board_max_spread: float = field(
        default=6.0, metadata=unit("dE76", "median distance of the margin from the board colour")
    )
    min_plain_paper: float = field(
        default=0.5, metadata=unit("ratio", "below this share of plain paper, a warning")
    )
    min_leaf_fill: float = field(
        default=0.65, metadata=unit("ratio", "leaf area / its nominal outline, at least")
    )
    ink_delta_l: float = field(default=18.0, metadata=unit("L*", "ink darker than paper by"))
    ink_max_db_ratio: float = field(default=0.4, metadata=unit("ratio", "Δb*/ΔL* of ink"))
    red_ink_da: float = field(default=20.0, metadata=unit("a*", "red ink redder than paper by"))
    ink_dilate_mm: float = field(default=0.3, metadata=unit("mm"))
    paper_cell_mm: float = field(default=2.0, metadata=unit("mm"))
    media_dl: float = field(default=12.0, metadata=unit("L*", "media darker than paper by"))
    media_window_mm: float = field(default=6.0, metadata=unit("mm", "dense-media window"))
    media_fraction: float = field(default=0.6, metadata=unit("ratio", "dense-media coverage"))
    grey_max_chroma: float = field(
        default=4.0, metadata=unit("C*ab", "an RGB scan whose chroma stays below is grey")
    )
    # board regimes (conservator.detect.board)
    neutral_max_chroma: float = field(
        default=12.0, metadata=unit("C*ab", "black and grey boards are more neutral than this")
    )
    black_max_l: float = field(default=15.0, metadata=unit("L*", "black boards are darker"))
    grey_max_l: float = field(default=60.0, metadata=unit("L*", "grey boards are darker"))
    chroma_min_c: float = field(
        default=20.0, metadata=unit("C*ab", "chroma boards are more saturated than this")
    )
    paper_hue_min_deg: float = field(
        default=40.0, metadata=unit("deg", "paper's yellow-brown hue band h_ab, from")
    )
    paper_hue_max_deg: float = field(default=110.0, metadata=unit("deg", "to"))
    board_min_gap: float = field(
        default=20.0, metadata=unit("dE76", "a board lies at least this far from the paper")
    )
    min_board_confidence: float = field(
        default=0.5, metadata=unit("ratio", "below this the board is not trusted")
    )
    oval_min_iou: float = field(
        default=0.97, metadata=unit("ratio", "an oval object matches its fitted ellipse so well")
    )
    oval_max_quad_fill: float = field(
        default=0.9, metadata=unit("ratio", "and fills less of its fitted quadrilateral")
    )
    find_charts: bool = field(
        default=True, metadata=unit("switch", "leave colour charts out of the leaf")
    )
    find_scales: bool = field(
        default=True, metadata=unit("switch", "leave rulers (scales) out of the leaf")
    )


@dataclass
class Front:
    """Everything the detectors share. ``*_w`` arrays are at the working level."""

    src: np.ndarray  # full-resolution sRGB (uint8/uint16, grey 2-D or RGB)
    shape: tuple[int, int]
    px_per_mm: float  # full resolution (assumed when has_dpi is False)
    has_dpi: bool
    scale: float  # full px per working px
    lab_w: np.ndarray  # float32 h×w×3, D50
    board_lab: np.ndarray | None  # board.lab
    board_de_w: np.ndarray | None  # float32 ΔE*ab to the board
    board_thr: float  # ΔE*ab from the board above which a pixel is leaf
    board: BoardModel  # regime, confidence, why there is none
    charts_w: np.ndarray | None  # bool: colour charts and rulers in the frame (not leaf), or None
    leaf_w: np.ndarray  # bool: paper present (holes not filled)
    filled_w: np.ndarray  # bool: leaf with holes filled
    nominal_w: np.ndarray  # bool: nominal leaf outline
    quad_full: np.ndarray | None  # 4×2 float (x, y) nominal corners at full resolution
    ink_w: np.ndarray  # bool, dilated (includes media)
    media_w: np.ndarray  # bool: dense media (illustrations, filled areas)
    paper_w: PaperModel  # local paper Lab, h×w×3 on demand
    ref_paper: np.ndarray  # (3,) page reference paper Lab
    params: FrontParams
    warnings: list[str] = field(default_factory=list)
    fine_shape: tuple[int, int] = (0, 0)  # size of the ~300 ppi level (foxing)
    greyscale: bool = False  # a grey scan, or an RGB scan that is practically grey
    #: Colour charts and rulers in the frame: ``{"kind", "box": [x, y, w, h], ...}``, full px.
    targets: list = field(default_factory=list)
    cache: dict = field(default_factory=dict)  # results of memo(); nothing else writes here
    #: Guards ``cache`` and ``key_locks`` (held only briefly, never while computing).
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    #: One lock per memo key, held while that shared result is computed (detectors may run in
    #: two threads): a detector waits only for the result it asks for, not for another one.
    key_locks: dict = field(default_factory=dict, repr=False)

    def memo(self, key, compute):
        """``compute()`` once per ``key`` for this front end (whichever detector asks first);
        the result is shared read-only between the detectors. Different keys are computed at
        the same time by different threads; a second asker of the same key waits for it."""
        with self.lock:
            if key in self.cache:
                return self.cache[key]
            key_lock = self.key_locks.setdefault(key, threading.RLock())
        with key_lock:
            with self.lock:
                if key in self.cache:
                    return self.cache[key]
            value = compute()
            with self.lock:
                self.cache[key] = value
            return value

    @property
    def leaf_area_px(self) -> float:
        """Nominal leaf area in full-resolution pixels (the denominator of every %)."""
        h, w = self.shape
        if self.quad_full is None:
            if self.charts_w is not None:  # the frame minus the colour charts
                return float(h * w) * float(np.mean(~self.charts_w))
            return float(h * w)
        frame = np.array([[-0.5, -0.5], [w - 0.5, -0.5], [w - 0.5, h - 0.5], [-0.5, h - 0.5]])
        area, _ = cv2.intersectConvexConvex(
            self.quad_full.astype(np.float32), frame.astype(np.float32)
        )
        return float(area)

    @property
    def leaf_area_mm2(self) -> float:
        return self.leaf_area_px / self.px_per_mm**2

    def pct(self, area_px: float) -> float:
        """Full-resolution pixels as % of the nominal leaf."""
        return round(100.0 * area_px / max(self.leaf_area_px, 1.0), 4)

    @property
    def work_shape(self) -> tuple[int, int]:
        return self.lab_w.shape[:2]

    @property
    def board_visible(self) -> bool:
        return self.board_lab is not None

    def mm(self, px_full: float) -> float:
        """Full-resolution pixels → mm."""
        return px_full / self.px_per_mm

    def px_w(self, mm: float) -> float:
        """mm → working-level pixels."""
        return mm * self.px_per_mm / self.scale

    def fine_rows(self, y0: int, y1: int) -> np.ndarray:
        """Rows ``y0:y1`` of the ~300 ppi level as uint8 RGB, reduced from the scan on demand
        (area averaging of the corresponding full-resolution rows; never stored whole)."""
        h, w = self.shape
        fh, fw = self.fine_shape
        if (fh, fw) == (h, w):
            return to_rgb8(self.src[y0:y1])
        fy = h / fh
        a, b = int(np.floor(y0 * fy + 1e-6)), min(h, int(np.ceil(y1 * fy - 1e-6)))
        rows = self.src[a:b]
        return to_rgb8(cv2.resize(rows, (fw, y1 - y0), interpolation=cv2.INTER_AREA))

    def rgb8_full(self, y0: int, y1: int, x0: int, x1: int) -> np.ndarray:
        """A full-resolution window as uint8 RGB."""
        return to_rgb8(self.src[y0:y1, x0:x1])

    def nominal_full(self, y0: int, y1: int, x0: int, x1: int) -> np.ndarray:
        """The nominal leaf in a full-resolution window (polygon rendered at full resolution)."""
        h, w = y1 - y0, x1 - x0
        if self.quad_full is None:
            return np.ones((h, w), dtype=bool)
        out = np.zeros((h, w), dtype=np.uint8)
        pts = np.round((self.quad_full - [x0, y0]) * 16).astype(np.int32)
        cv2.fillPoly(out, [pts], 1, lineType=cv2.LINE_8, shift=4)
        return out.astype(bool)


def dist76(lab: np.ndarray, other) -> np.ndarray:
    """Per-pixel CIELAB distance (ΔE*ab) to a colour or an image of colours, float32 (OpenCV)."""
    if not isinstance(other, PaperModel):
        other = np.asarray(other, np.float32)
    if lab.ndim == 2:  # (n, 3) samples
        d = np.asarray(lab, np.float32) - other
        return np.sqrt(np.einsum("ij,ij->i", d, d))
    out = np.empty(lab.shape[:2], np.float32)
    ones = np.ones((1, 3), np.float32)

    def band(y: int) -> None:  # in bands: no full-size temporaries
        a = np.ascontiguousarray(lab[y : y + 256], np.float32)
        if not isinstance(other, PaperModel) and other.ndim == 1:
            d = a - other.reshape(1, 1, 3)
        else:
            d = cv2.subtract(a, np.ascontiguousarray(other[y : y + 256]))
        out[y : y + 256] = cv2.sqrt(cv2.transform(cv2.multiply(d, d), ones))

    for_bands(band, range(0, lab.shape[0], 256))
    return out


def sample_rows(a: np.ndarray, limit: int = 200_000) -> np.ndarray:
    """At most ``limit`` evenly spaced rows of an (n, k) array (for medians of big masks)."""
    return a if a.shape[0] <= limit else a[:: a.shape[0] // limit + 1]


def masked_sample(img: np.ndarray, mask: np.ndarray, limit: int = 200_000) -> np.ndarray:
    """At most ``limit`` evenly spaced pixels of ``img`` (h×w×c) where ``mask``, without first
    copying every masked pixel."""
    idx = np.flatnonzero(mask)
    if idx.size > limit:
        idx = idx[:: idx.size // limit + 1]
    return img.reshape(-1, img.shape[-1])[idx]


class PaperModel:
    """The local paper colour at the working level, held as its coarse grid (≈2 mm cells).

    Behaves like the bilinearly upsampled ``h × w × 3`` float32 image for the uses the detectors
    make of it (row/column slices, a single pixel) without ever storing it whole.
    """

    def __init__(self, coarse: np.ndarray, shape: tuple[int, int]):
        self.coarse = np.ascontiguousarray(coarse, np.float32)
        self.shape = (int(shape[0]), int(shape[1]), 3)

    def rows_at(self, y0: int, y1: int, out_h: int, out_w: int) -> np.ndarray:
        """Rows ``y0:y1`` of the model upsampled to ``out_h × out_w`` (as cv2 INTER_LINEAR)."""
        ch = self.coarse.shape[0]
        ys = (np.arange(y0, y1) + 0.5) * (ch / out_h) - 0.5
        ys = np.clip(ys, 0, ch - 1)
        i0 = np.floor(ys).astype(int)
        i1 = np.minimum(i0 + 1, ch - 1)
        t = (ys - i0).astype(np.float32)[:, None, None]
        rows = self.coarse[i0] * (1 - t) + self.coarse[i1] * t
        return cv2.resize(rows, (out_w, y1 - y0), interpolation=cv2.INTER_LINEAR)

    def __getitem__(self, key):
        h, w = self.shape[:2]
        if not isinstance(key, tuple):
            key = (key,)
        rs = key[0]
        cs = key[1] if len(key) > 1 else slice(None)
        if isinstance(rs, (int, np.integer)):
            row = self.rows_at(int(rs), int(rs) + 1, h, w)[0]
            return row[cs]
        y0, y1, _ = rs.indices(h)
        return self.rows_at(y0, max(y0, y1), h, w)[:, cs]


def to_rgb8(a: np.ndarray) -> np.ndarray:
    """uint8/uint16, grey or RGB → uint8 RGB."""
    if a.dtype == np.uint16:
        a = (a >> 8).astype(np.uint8)
    elif a.dtype != np.uint8:
        a = np.clip(a, 0, 255).astype(np.uint8)
    if a.ndim == 2:
        a = cv2.cvtColor(a, cv2.COLOR_GRAY2RGB)
    return a


def resize_area(a: np.ndarray, factor: float) -> np.ndarray:
    """Reduce by ``factor`` (≥ 1) with area averaging; keeps dtype."""
    if factor <= 1.0001:
        return a
    h, w = a.shape[:2]
    size = (max(1, round(w / factor)), max(1, round(h / factor)))
    return cv2.resize(a, size, interpolation=cv2.INTER_AREA)


def disc(radius_px: float) -> np.ndarray:
    r = max(1, round(radius_px))
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))


def fill_holes(mask: np.ndarray) -> np.ndarray:
    """Fill the holes of a boolean mask (background not connected to the frame border)."""
    m = mask.astype(np.uint8)
    h, w = m.shape
    padded = np.zeros((h + 2, w + 2), np.uint8)
    padded[1:-1, 1:-1] = m
    ff = padded.copy()
    cv2.floodFill(ff, np.zeros((h + 4, w + 4), np.uint8), (0, 0), 1)
    holes = ff[1:-1, 1:-1] == 0
    return mask | holes


def components(mask: np.ndarray):
    """8-connected components with stats (as ``cv2.connectedComponentsWithStats``), labelled in
    16 bits when they surely fit: half the memory of 32-bit labels on a big mask.

    The bound is the number of set pixels with no set neighbour to their left or in the row
    above: each component's first pixel in raster order is one."""
    mask = mask.view(np.uint8) if mask.dtype == bool else mask.astype(np.uint8, copy=False)
    before = np.array([[1, 1, 1], [1, 0, 0]], np.uint8)  # NW, N, NE and W of the anchor (1, 1)
    firsts = cv2.dilate(mask, before, anchor=(1, 1))
    bound = np.count_nonzero(cv2.subtract(mask, firsts, dst=firsts))
    del firsts
    ltype = cv2.CV_16U if bound < 65535 else cv2.CV_32S
    return cv2.connectedComponentsWithStats(mask, connectivity=8, ltype=ltype)


def largest_component(mask: np.ndarray) -> np.ndarray:
    n, lab, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if n <= 1:
        return mask.astype(bool)
    k = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return lab == k


def otsu(values: np.ndarray, lo: float, hi: float) -> float:
    """Otsu threshold of float values, clamped to [lo, hi]."""
    v = values[np.isfinite(values)]
    if v.size < 16:
        return (lo + hi) / 2
    v8 = np.clip(v / 100.0 * 255.0, 0, 255).astype(np.uint8).reshape(-1, 1)
    t, _ = cv2.threshold(v8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return float(np.clip(t / 255.0 * 100.0, lo, hi))


def _theil_sen(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    n = x.size
    if n < 2:
        return 0.0, float(np.median(y)) if n else 0.0
    i = rng.integers(0, n, 3000)
    j = rng.integers(0, n, 3000)
    ok = x[i] != x[j]
    if not ok.any():
        return 0.0, float(np.median(y))
    slope = float(np.median((y[j] - y[i])[ok] / (x[j] - x[i])[ok]))
    return slope, float(np.median(y - slope * x))


def fit_edge(pos: np.ndarray, edge: np.ndarray, outward: int) -> tuple[float, float]:
    """Fit ``edge ≈ a + b·pos`` to the outer envelope of a leaf side (losses go inward).

    ``outward`` is −1 when smaller ``edge`` values are further out (left/top sides), +1 otherwise.
    """
    rng = np.random.default_rng(0)
    b, a = _theil_sen(pos.astype(float), edge.astype(float), rng)
    keep = np.ones(pos.size, bool)
    for _ in range(4):
        res = (edge - (a + b * pos)) * -outward  # > 0: inward of the line
        keep = res < 1.5
        if keep.sum() < 2:
            break
        b, a = np.polyfit(pos[keep].astype(float), edge[keep].astype(float), 1)
        res = (edge - (a + b * pos)) * -outward
        # the envelope: nothing should stick out beyond the line
        out = res < -1.5
        if out.mean() > 0.02:
            a -= np.quantile(res, 0.01) * -outward
    return float(a), float(b)


def nominal_quad(
    filled: np.ndarray, hidden: np.ndarray | None = None
) -> tuple[np.ndarray, list[str]]:
    """Nominal quadrilateral (4×2, x/y, clockwise from top-left) of a leaf mask, working level.

    ``hidden`` (bool, optional): what covers the leaf (colour charts, rulers); a row or column
    whose outermost leaf pixel touches it does not show the leaf's edge and is not fitted.
    """
    h, w = filled.shape
    rows = np.flatnonzero(filled.any(axis=1))
    cols = np.flatnonzero(filled.any(axis=0))
    notes: list[str] = []
    r = rows
    left = np.argmax(filled[r], axis=1)
    right = w - 1 - np.argmax(filled[r, ::-1], axis=1)
    c = cols
    top = np.argmax(filled[:, c], axis=0)
    bottom = h - 1 - np.argmax(filled[::-1, c], axis=0)
    near = None
    if hidden is not None and hidden.any():
        near = cv2.dilate(hidden.view(np.uint8), np.ones((5, 5), np.uint8)) > 0

    def side(pos, edge, outward, limit, seen):
        # a side running along the frame edge is the frame edge itself
        if np.mean(edge == limit) > 0.3:
            return 0.0, 0.0, True
        if seen is not None and np.count_nonzero(seen) >= max(2, 0.2 * seen.size):
            pos, edge = pos[seen], edge[seen]
        a, b = fit_edge(pos, edge, outward)
        return a, b, False

    def shown(ys, xs):
        return None if near is None else ~near[ys, xs]

    la, lb, lf = side(r, left, -1, 0, shown(r, left))
    ra, rb, rf = side(r, right, +1, w - 1, shown(r, right))
    ta, tb, tf = side(c, top, -1, 0, shown(top, c))
    ba, bb, bf = side(c, bottom, +1, h - 1, shown(bottom, c))
    # pixel centres → pixel edges
    la, ta, ra, ba = la - 0.5, ta - 0.5, ra + 0.5, ba + 0.5
    if lf:
        la, lb = -0.5, 0.0
    if rf:
        ra, rb = w - 0.5, 0.0
    if tf:
        ta, tb = -0.5, 0.0
    if bf:
        ba, bb = h - 0.5, 0.0

    def cross(xa, xb, ya, yb):
        # x = xa + xb*y ; y = ya + yb*x
        y = (ya + yb * xa) / (1 - yb * xb) if abs(1 - yb * xb) > 1e-9 else ya
        return xa + xb * y, y

    quad = np.array(
        [
            cross(la, lb, ta, tb),
            cross(ra, rb, ta, tb),
            cross(ra, rb, ba, bb),
            cross(la, lb, ba, bb),
        ]
    )
    if any((lf, rf, tf, bf)):
        notes.append("the leaf runs off the frame on at least one side: that side is not measured")
    return quad, notes


def _paper_model(lab: np.ndarray, paper: np.ndarray, cell: int):
    """Local paper Lab at the working level from the masked mean on a coarse grid + median."""
    h, w = paper.shape
    m = paper.astype(np.float32)
    cw, ch = max(1, round(w / cell)), max(1, round(h / cell))
    num = cv2.resize(lab * m[..., None], (cw, ch), interpolation=cv2.INTER_AREA)
    den = cv2.resize(m, (cw, ch), interpolation=cv2.INTER_AREA)
    valid = den > 0.25
    coarse = np.zeros_like(num)
    coarse[valid] = num[valid] / den[valid][:, None]
    if valid.any():
        fill = coarse[valid].mean(axis=0)
    else:
        fill = np.array([90.0, 0.0, 10.0], np.float32)
    # fill invalid cells by normalised convolution, growing until all are covered
    filled = coarse.copy()
    vm = valid.astype(np.float32)
    sigma = 1.0
    while True:
        missing = vm < 0.5
        if not missing.any():
            break
        if sigma > max(cw, ch):
            filled[missing] = fill
            break
        k = (0, 0)
        nn = cv2.GaussianBlur(filled * vm[..., None], k, sigma)
        dd = cv2.GaussianBlur(vm, k, sigma)
        ok = missing & (dd > 1e-3)
        filled[ok] = nn[ok] / dd[ok][:, None]
        vm = np.where(ok, 1.0, vm).astype(np.float32)
        sigma *= 2
    med = np.empty_like(filled)
    for ch_i in range(3):
        med[..., ch_i] = cv2.medianBlur(np.ascontiguousarray(filled[..., ch_i]), 5)
    return PaperModel(med, (h, w)), med, valid


def _pairwise_dist(pts: np.ndarray) -> np.ndarray:
    """Euclidean distances between all rows of ``pts`` (n × 3), in the dtype of ``pts``.

    The same values as ``np.linalg.norm(pts[:, None] - pts[None], axis=-1)`` (the squares are
    summed in the same order), without the n × n × 3 difference array: a fixed cost of every
    page, several times faster."""
    acc = None
    for c in range(pts.shape[1]):
        col = pts[:, c]
        dc = np.subtract.outer(col, col)
        dc *= dc
        acc = dc if acc is None else np.add(acc, dc, out=acc)
    return np.sqrt(acc, out=acc)


def reference_paper(coarse: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """The page's own reference paper: the least yellow of its well-populated paper colours.

    Paper discolours by yellowing and browning (b* rises), so among the colour clusters of the
    coarse paper map that hold at least a quarter of the densest cluster's share, the one with
    the lowest b* is taken as the paper as it was; its centre is refined by two mean-shift steps
    (median of the colours within ΔE*ab 2).
    """
    pts = coarse[valid]
    if pts.shape[0] == 0:
        return np.array([90.0, 0.0, 10.0], np.float32)
    rng = np.random.default_rng(0)
    if pts.shape[0] > 1500:
        pts = pts[rng.choice(pts.shape[0], 1500, replace=False)]
    density = (_pairwise_dist(pts) < 2.0).sum(axis=1)
    ok = density >= 0.25 * density.max()
    cand = np.flatnonzero(ok)
    best = int(cand[np.argmin(pts[cand, 2])])
    centre = pts[best]
    for _ in range(2):
        near = np.linalg.norm(pts - centre, axis=-1) < 2.0
        centre = np.median(pts[near], axis=0)
    return centre.astype(np.float32)


def build_front(
    src: np.ndarray,
    px_per_mm: float | None,
    params: FrontParams | None = None,
    steps: Steps | None = None,
    *,
    need_fine: bool = True,
) -> Front:
    """Prepare the shared arrays from a full-resolution sRGB image.

    Parameters
    ----------
    src : ndarray
        sRGB pixels, uint8 or uint16, grey (2-D) or RGB.
    px_per_mm : float or None
        Resolution; ``None`` assumes 300 ppi for the physical parameters.
    params : FrontParams, optional
    steps : Steps, optional
        Progress and cancellation.
    need_fine : bool
        Also build the ~300 ppi level used by the foxing detector.
    """
    p = params or FrontParams()
    steps = steps or Steps(None, None)
    warnings: list[str] = []
    has_dpi = px_per_mm is not None and px_per_mm > 0
    ppmm = px_per_mm if has_dpi else ASSUMED_PPI / 25.4
    h, w = src.shape[:2]
    ppi = ppmm * 25.4
    fine_factor = max(1.0, ppi / p.fine_ppi)
    work_factor = max(1.0, ppi / p.work_ppi)
    steps(0.0, "reducing")
    work_src = resize_area(src, work_factor)
    hw, ww = work_src.shape[:2]
    scale = (h / hw + w / ww) / 2.0
    steps(0.25, "colour")
    rgb = work_src if work_src.ndim == 3 else np.repeat(work_src[..., None], 3, axis=2)
    lab = srgb_to_lab(rgb)
    del rgb
    grey = work_src.ndim == 2 or is_practically_grey(lab, p)
    del work_src

    ppw = ppmm / scale  # working px per mm
    steps(0.4, "leaf")
    marks = background(lambda: _ink_marks(lab, p, ppw))  # needs no leaf: beside it
    board, thr, leaf, filled, charts, targets = _leaf(lab, p, ppw, src, ppmm, has_dpi)
    warnings += _target_warnings(targets, ppi if has_dpi else None)
    quad_w = None
    notes: list[str] = []
    if board.visible:
        quad_w, notes = nominal_quad(filled, charts)
        oval = oval_outline(filled, quad_w, p)
        if oval is not None:  # a round or oval object: its corners are not losses
            quad_w, notes = oval, []
        nm = np.zeros(leaf.shape, np.uint8)
        cv2.fillPoly(nm, [np.round(quad_w * 16).astype(np.int32)], 1, shift=4)
        nominal = nm.astype(bool)
        # a leaf fills most of its own outline; a "leaf" that is a picture's light parts does not
        if np.count_nonzero(filled & nominal) < p.min_leaf_fill * max(np.count_nonzero(nominal), 1):
            board = board_mod.none(
                "uneven_board",
                "no even backing board around the leaf (a photograph or a picture to the edges?)",
            )
            thr, quad_w, notes = 0.0, None, []
            leaf = filled = np.ones(leaf.shape, bool) if charts is None else ~charts
    if not board.visible:
        warnings.append(f"{board.note}: losses and tears are not measured")
        nominal = np.ones(leaf.shape, bool)
    warnings += notes
    steps(0.6, "ink")
    ink = marks.result() & leaf
    if p.ink_dilate_mm > 0 and ink.any():
        ink = cv2.dilate(ink.view(np.uint8), disc(p.ink_dilate_mm * ppw)).astype(bool)
    steps(0.8, "paper tone")
    cell = max(1, round(p.paper_cell_mm * ppw))
    paper_px = leaf & ~ink
    paper_w, coarse, valid = _paper_model(lab, paper_px, cell)
    # second pass: drop pixels far from the first model (stains, media), re-estimate
    dev = dist76(lab, paper_w)
    del paper_w
    glob = np.median(masked_sample(lab, paper_px), axis=0) if paper_px.any() else lab[0, 0]
    # darker than the page's paper (yellowing alone does not make media)
    differs = (glob[0] - lab[..., 0]) > p.media_dl
    media = _dense_media(differs, leaf, p, ppw)
    del differs
    ink |= media
    paper_px &= (dev < 6.0) & ~media
    del dev
    paper_w, coarse, valid = _paper_model(lab, paper_px, cell)
    ref = reference_paper(coarse, valid)
    plain = np.count_nonzero(paper_px) / max(np.count_nonzero(leaf), 1)
    if plain < p.min_plain_paper:
        warnings.append(
            f"only {100 * plain:.0f} % of the leaf is plain paper (a photograph or a picture?): "
            "foxing and fading may take picture content for stains"
        )
    steps(1.0, "ready")
    quad_full = None
    if quad_w is not None:
        quad_full = (quad_w + 0.5) * np.array([w / ww, h / hw]) - 0.5
    return Front(
        src=src,
        shape=(h, w),
        px_per_mm=ppmm,
        has_dpi=has_dpi,
        scale=scale,
        lab_w=lab,
        board_lab=board.lab,
        board_de_w=None,  # not kept: 4 bytes a working pixel
        board_thr=thr,
        board=board,
        charts_w=charts,
        leaf_w=leaf,
        filled_w=filled,
        nominal_w=nominal,
        quad_full=quad_full,
        ink_w=ink,
        media_w=media,
        paper_w=paper_w,
        ref_paper=ref,
        params=p,
        warnings=warnings,
        fine_shape=(max(1, round(h / fine_factor)), max(1, round(w / fine_factor))),
        greyscale=bool(grey),
        targets=targets,
    )


def oval_outline(filled: np.ndarray, quad: np.ndarray, p: FrontParams) -> np.ndarray | None:
    """The nominal outline of a round or oval object (a tondo, an oval photograph), or None.

    An object is oval when the ellipse fitted to its convex hull (so that bites out of its
    edge do not pull the fit in) overlaps the hull with IoU ≥ ``oval_min_iou`` while the object
    fills less than ``oval_max_quad_fill`` of its fitted quadrilateral (a disc fills π/4 of
    it, a rectangle with losses far more). The outline is that ellipse (180 vertices), so a
    round photograph's corners are not taken for losses.
    """
    cnts, _ = cv2.findContours(filled.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not cnts:
        return None
    hull = cv2.convexHull(max(cnts, key=cv2.contourArea))
    if len(hull) < 5:
        return None
    quad_area = abs(cv2.contourArea(quad.astype(np.float32)))
    if quad_area <= 0 or np.count_nonzero(filled) / quad_area >= p.oval_max_quad_fill:
        return None
    (cx, cy), (ew, eh), ang = cv2.fitEllipse(hull)
    t = np.linspace(0.0, 2.0 * np.pi, 180, endpoint=False)
    a, b, th = ew / 2.0, eh / 2.0, np.radians(ang)
    poly = np.stack(
        [
            cx + a * np.cos(t) * np.cos(th) - b * np.sin(t) * np.sin(th),
            cy + a * np.cos(t) * np.sin(th) + b * np.sin(t) * np.cos(th),
        ],
        axis=1,
    )
    h, w = filled.shape
    em = np.zeros((h, w), np.uint8)
    cv2.fillPoly(em, [np.round(poly * 16).astype(np.int32)], 1, shift=4)
    hm = np.zeros((h, w), np.uint8)
    cv2.fillPoly(hm, [hull.reshape(-1, 2).astype(np.int32)], 1)
    inter = np.count_nonzero(em & hm)
    union = np.count_nonzero(em | hm)
    return poly if union and inter / union >= p.oval_min_iou else None


def is_practically_grey(lab: np.ndarray, p: FrontParams) -> bool:
    """Whether an RGB scan carries no colour: stored as RGB but made from a greyscale capture.

    Such a scan's chroma C*ab stays within the noise of a grey capture nearly everywhere (its
    99th percentile below ``grey_max_chroma``); the paper of a colour scan, even white paper,
    has a measurable tint somewhere (yellowing, ink, a board).
    """
    a = sample_rows(lab.reshape(-1, 3), 400_000)
    chroma = np.hypot(a[:, 1], a[:, 2])
    return bool(np.percentile(chroma, 99) < p.grey_max_chroma)


def _target_warnings(targets: list[dict], ppi: float | None) -> list[str]:
    """Plain-words warnings about the colour charts and rulers found in the frame."""
    out = []
    if any(t["kind"] == "colour_chart" for t in targets):
        out.append(
            "a colour chart in the frame is left out of the leaf (not measured as paper or damage)"
        )
    scales = [t for t in targets if t["kind"] == "scale"]
    if scales:
        out.append(
            "a ruler (scale) in the frame is left out of the leaf (not measured as paper or damage)"
        )
    for t in scales:
        if ppi is None:
            out.append(
                f"the scan carries no resolution; the ruler's ticks in the frame are "
                f"{t['tick_pitch_px']:.2f} px apart ({25.4 * t['tick_pitch_px']:.0f} ppi if they "
                "are millimetres): supply the resolution with --dpi"
            )
        elif t["implied_ppi"] is None:
            out.append(
                f"the ruler's ticks ({t['tick_pitch_px']:.2f} px apart) match no standard mm or "
                "inch division: the scan's resolution is not checked against it"
            )
        elif not t["ppi_agrees"]:
            out.append(
                f"the ruler in the frame implies {t['implied_ppi']:.0f} ppi but the file says "
                f"{ppi:.0f} ppi ({100 * (t['implied_ppi'] / ppi - 1):+.1f} %): every mm and mm² "
                "is off; check the scanner's resolution (supply it with --dpi)"
            )
    return out


def _chart_boxes(charts: np.ndarray, full: tuple[int, int]) -> list[dict]:
    """Full-resolution bounding boxes of the colour charts' regions (working-level mask)."""
    h, w = charts.shape
    fy, fx = full[0] / h, full[1] / w
    n, _, st, _ = cv2.connectedComponentsWithStats(charts.view(np.uint8), connectivity=8)
    out = []
    for i in range(1, n):
        x, y, bw, bh = (int(v) for v in st[i][:4])
        x0, y0 = int(np.floor(x * fx)), int(np.floor(y * fy))
        x1, y1 = (
            min(full[1], int(np.ceil((x + bw) * fx))),
            min(full[0], int(np.ceil((y + bh) * fy))),
        )
        out.append({"kind": "colour_chart", "box": [x0, y0, x1 - x0, y1 - y0]})
    return out


def _leaf(
    lab: np.ndarray,
    p: FrontParams,
    ppw: float,
    src: np.ndarray | None = None,
    ppmm: float | None = None,
    has_dpi: bool = True,
):
    """The board model and the leaf against it (``board.fit_board``; detection.md §6.2), after
    the colour charts and rulers in the frame are set aside (neither leaf nor board).

    Returns (board model, threshold, leaf, filled leaf, targets mask or None, targets list)."""
    h, w = lab.shape[:2]
    mw = max(2, round(p.margin_frac * min(h, w)))
    ring = np.zeros((h, w), bool)
    ring[:mw] = ring[-mw:] = True
    ring[:, :mw] = ring[:, -mw:] = True
    cy0, cy1, cx0, cx1 = int(h * 0.3), int(h * 0.7) + 1, int(w * 0.3), int(w * 0.7) + 1
    centre = sample_rows(lab[cy0:cy1, cx0:cx1].reshape(-1, 3))
    paper = board_mod.paper_guess(centre)
    # colour charts are neither leaf nor board: out of the board's margin sample and the leaf
    charts, n_charts = find_charts(lab, paper, None, ppw) if p.find_charts else (None, 0)
    targets = _chart_boxes(charts, src.shape[:2] if src is not None else (h, w)) if n_charts else []
    if p.find_scales and src is not None:
        rulers, scales = find_scales(lab, src, ppw, ppmm, has_dpi)
        if scales:
            charts = rulers if not n_charts else (charts | rulers)
            n_charts += len(scales)
            targets += [s.to_dict() for s in scales]
    if n_charts:
        ring &= ~charts
    model = board_mod.fit_board(masked_sample(lab, ring), paper, p)
    if not model.visible:
        full = np.ones((h, w), bool) if not n_charts else ~charts
        return model, 0.0, full, full, charts if n_charts else None, targets
    de = dist76(lab, model.lab)
    thr = float(np.clip(model.gap * 0.4, p.board_min_de, p.board_max_de))
    present = de > thr
    if n_charts:
        present &= ~charts
    del de
    close = disc(max(1.0, 0.5 * ppw / 2))
    present_c = cv2.morphologyEx(present.astype(np.uint8), cv2.MORPH_CLOSE, close).astype(bool)
    leaf_region = largest_component(present_c)
    filled = fill_holes(leaf_region)
    leaf = filled & present
    return model, thr, leaf, filled, charts if n_charts else None, targets


def _dense_media(differs: np.ndarray, leaf: np.ndarray, p: FrontParams, ppw: float):
    """Illustrations and other filled media: areas mostly unlike paper over a few mm."""
    k = max(3, int(p.media_window_mm * ppw) | 1)
    cover = cv2.boxFilter((differs & leaf).astype(np.float32), -1, (k, k))
    dense = cover > p.media_fraction
    if not dense.any():
        return dense
    r = max(1, round((p.media_window_mm / 2 + 1.0) * ppw))
    grow = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * r + 1, 2 * r + 1))
    return cv2.dilate(dense.astype(np.uint8), grow).astype(bool) & leaf


def _ink_marks(lab: np.ndarray, p: FrontParams, ppw: float) -> np.ndarray:
    """Ink: strong local darkening with little yellowing, or far redder than the paper around
    (the front end keeps what lies on the leaf and dilates it by ``ink_dilate_mm``)."""
    # local background: a closing (L*) or opening (a*, b*) removes strokes up to ~2 mm wide,
    # then a box blur; computed channel by channel, in place (a few working-size floats)
    r = max(2, round(1.2 * ppw))
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * r + 1, 2 * r + 1))
    box = (max(3, int(2 * ppw)) | 1,) * 2

    def excess(channel: int, op: int, sign: float) -> np.ndarray:
        """``sign × (background − channel)``, float32."""
        c = np.ascontiguousarray(lab[..., channel])
        bg = cv2.blur(cv2.morphologyEx(c, op, k), box)
        return np.subtract(bg, c, out=bg) if sign > 0 else np.subtract(c, bg, out=c)

    dl = excess(0, cv2.MORPH_CLOSE, 1.0)  # darker than the paper around
    dark = dl > p.ink_delta_l
    # foxing darkens too, but it yellows as much as it darkens; ink (black, iron-gall brown)
    # darkens with little change of b*. Compare with the paper around (stains are yellower).
    db = excess(2, cv2.MORPH_OPEN, -1.0)
    np.multiply(dl, p.ink_max_db_ratio, out=dl)
    ink = dark & (db < dl)
    del dl, db, dark
    # coloured (red) inks: far redder than the paper around them (foxing stays well below)
    ink |= excess(1, cv2.MORPH_OPEN, -1.0) > p.red_ink_da
    return ink
