"""Synthetic scans of damaged paper with exact ground-truth masks.

A page is a scanner-bed sized image (A4 or A3 at 300/400/600 ppi) showing a paper leaf, rotated by
less than a degree, on a backing board that stays visible on every side. The leaf carries toned,
textured paper, printed text in four languages and three distractors (a red heading, a bold line,
a framed sepia illustration), and the requested damage classes.

Ground truth (all masks are full scan size and restricted to the nominal leaf):

``leaf``
    The nominal leaf outline before any damage (the rotated rectangle, pixel centres ≥ 50 %
    covered).
``loss``
    Board visible inside the nominal leaf through edge bites, holes and insect holes (≥ 50 %
    board), tear gaps excluded.
``tear``
    The open gap of each tear where the board shows through (≥ 50 % board).
``foxing``
    Where a spot changes the colour of the page by ΔE00 ≥ :data:`FOXING_DELTA_E` (CIEDE2000, D50,
    against the same page rendered without that spot, before scanner blur and noise); only on
    paper that is present.
``fading``
    Where the paper colour shift of the faded region is ΔE00 ≥ :data:`FADING_DELTA_E` against the
    unfaded base paper colour (the fade field is compared with the exact field level that gives
    that ΔE00 on the base colour); only on paper that is present.

Everything is float32/uint8; slowly varying fields are made at 2 px/mm and enlarged with OpenCV.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.demo.fields import (
    blob_polygon,
    fill_aa,
    fractal_noise,
    mask_bbox,
    polygon_bbox,
    smooth_noise,
    smoothstep,
    upsample,
)
from conservator.demo.palette import BOARDS, PAPERS, SIZES_MM
from conservator.demo.text import render_print_layer
from conservator.errors import ConservatorError

GENERATOR_VERSION = "1.0.0"

DAMAGE_CLASSES = ("foxing", "loss", "tear", "fading")
MASK_NAMES = ("foxing", "loss", "tear", "fading", "leaf")

FOXING_DELTA_E = 2.0
FADING_DELTA_E = 2.0

#: Low-frequency fields are computed at this many pixels per millimetre.
FIELD_PX_PER_MM = 2.0


class DemoError(ConservatorError):
    """A demo page was asked for with impossible options."""


@dataclass
class DemoPage:
    """One synthetic scan and its ground truth.

    Attributes
    ----------
    rgb : ndarray, uint8, shape (H, W, 3)
        The scan in sRGB.
    masks : dict of str to ndarray of bool
        ``foxing``, ``loss``, ``tear``, ``fading`` and ``leaf``, each H × W.
    meta : dict
        JSON-ready record: seed, ppi, size, paper and board, and per class the instances.
    instances : dict of str to ndarray of uint16
        Per class where it is known (``stain`` on semi-real pages), an H × W image of instance
        numbers (0 none, k the k-th instance): one stain that ink splits into several visible
        fragments is still one stain.
    """

    rgb: np.ndarray
    masks: dict[str, np.ndarray]
    meta: dict = field(default_factory=dict)
    instances: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def ppi(self) -> float:
        return float(self.meta["ppi"])


def parse_damage(damage: str | Iterable[str] | None) -> tuple[str, ...]:
    """Normalise a damage selection: a comma list, ``all`` or ``none``, or an iterable of names.

    Raises
    ------
    DemoError
        An unknown damage class.
    """
    if damage is None:
        return DAMAGE_CLASSES
    if isinstance(damage, str):
        text = damage.strip().lower()
        if text in ("", "none"):
            return ()
        if text == "all":
            return DAMAGE_CLASSES
        names = [p.strip() for p in text.split(",") if p.strip()]
    else:
        names = [str(p).strip().lower() for p in damage]
    bad = [n for n in names if n not in DAMAGE_CLASSES]
    if bad:
        raise DemoError(
            f"unknown damage class {bad[0]!r}; choose from {', '.join(DAMAGE_CLASSES)}, or none"
        )
    return tuple(n for n in DAMAGE_CLASSES if n in names)


def page_size_mm(size) -> tuple[float, float]:
    """(width, height) in mm of a size name (``a5``, ``a4``, ``a3``) or a ``(w, h)`` pair."""
    if isinstance(size, str):
        key = size.strip().lower()
        if key not in SIZES_MM:
            raise DemoError(f"unknown page size {size!r}; choose a4 or a3")
        return SIZES_MM[key]
    w, h = (float(v) for v in size)
    if not (40 <= w <= 1000 and 40 <= h <= 1000):
        raise DemoError("a page must be 40–1000 mm on each side")
    return w, h


def generate_page(
    seed: int,
    *,
    ppi: float = 300,
    size="a4",
    damage: str | Iterable[str] | None = DAMAGE_CLASSES,
    paper: str | None = None,
    board: str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> DemoPage:
    """Generate one synthetic scan with exact damage masks.

    Parameters
    ----------
    seed : int
        Everything random follows from it: the same seed gives the same pixels. Each part of the
        page (layout, paper, each damage class, scanner noise) has its own stream, so the same
        seed with fewer damage classes gives the same page with less damage.
    ppi : float
        Scan resolution. The CLI offers 300, 400 and 600; any value from 20 is accepted here
        (tests use small ones).
    size : str or (float, float)
        Scanner-bed size: ``"a4"``, ``"a3"`` (``"a5"``), or (width, height) in mm.
    damage : str or iterable of str
        Damage classes to add, from :data:`DAMAGE_CLASSES`; ``"none"`` or ``()`` for none.
    paper, board : str, optional
        A key of :data:`PAPERS` / :data:`BOARDS`; chosen from the seed when omitted.
    progress : callable, optional
        ``progress(fraction, message)``.

    Returns
    -------
    DemoPage

    Raises
    ------
    DemoError
        An unknown size, paper, board or damage class, or a resolution out of range.
    """
    classes = parse_damage(damage)
    w_mm, h_mm = page_size_mm(size)
    ppi = float(ppi)
    if not 20 <= ppi <= 1200:
        raise DemoError(f"resolution {ppi:g} ppi is out of range; use 300, 400 or 600")
    if paper is not None and paper not in PAPERS:
        raise DemoError(f"unknown paper {paper!r}; choose from {', '.join(PAPERS)}")
    if board is not None and board not in BOARDS:
        raise DemoError(f"unknown board {board!r}; choose from {', '.join(BOARDS)}")
    report = progress or (lambda f, m: None)
    seed = int(seed)

    streams = np.random.SeedSequence(seed).spawn(10)
    rng = {
        name: np.random.default_rng(s)
        for name, s in zip(
            (
                "style",
                "layout",
                "paper",
                "board",
                "loss",
                "tear",
                "foxing",
                "fading",
                "scan",
                "spare",
            ),
            streams,
            strict=True,
        )
    }
    st = rng["style"]
    paper_pick = list(PAPERS)[int(st.integers(len(PAPERS)))]
    board_pick = list(BOARDS)[int(st.integers(len(BOARDS)))]
    paper = paper or paper_pick
    board = board or board_pick

    ppm = ppi / 25.4
    W, H = round(w_mm * ppm), round(h_mm * ppm)
    geo = _leaf_geometry(st, w_mm, h_mm, ppm, W, H)
    report(0.05, "leaf")

    # ----------------------------------------------------------------- leaf and low-res grid
    leaf_aa = np.zeros((H, W), np.uint8)
    fill_aa(leaf_aa, geo.corners)
    grid = _Grid(W, H, ppm, geo)

    # ----------------------------------------------------------------- damage geometry
    holes = np.zeros((H, W), np.uint8)  # losses, anti-aliased
    gaps = np.zeros((H, W), np.uint8)  # tear gaps, anti-aliased
    loss_items = _make_losses(rng["loss"], geo, ppm, holes) if "loss" in classes else []
    report(0.15, "losses")
    tear_items = _make_tears(rng["tear"], geo, ppm, gaps, holes) if "tear" in classes else []
    report(0.2, "tears")

    # ----------------------------------------------------------------- printed layer
    # drawn first, so its leaf-frame copy is gone before the float32 paper exists
    layer = render_print_layer(rng["layout"], geo.leaf_w, geo.leaf_h, ppm)
    printed = cv2.warpAffine(
        layer.rgb,
        geo.matrix,
        (W, H),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(255, 255, 255),
    )
    layer.rgb = None
    report(0.3, "text")

    # ----------------------------------------------------------------- paper (low-res fields)
    base = np.array(PAPERS[paper], np.float32) / 255.0
    fade_lr, fade_info = (None, None)
    if "fading" in classes:
        fade_lr, fade_info = _fading_field(rng["fading"], grid, geo, base)
    paper_lr = _paper_field(rng["paper"], grid, base, fade_lr, fade_info)
    tex = _paper_texture(rng["paper"], W, H, ppm)
    # ink density varies over the page (a pen running dry, uneven printing): 0.85 … 1
    f = FIELD_PX_PER_MM
    ink_lr = 1.0 - 0.15 * np.abs(
        fractal_noise(rng["spare"], (grid.h, grid.w), (20 * f, 4 * f), (0.8, 0.6))
    )
    ink_lr = np.clip(ink_lr, 0.8, 1.0).astype(np.float32)
    report(0.4, "paper")

    # ----------------------------------- paper × texture × ink, strip by strip (stored as uint16)
    fade_m = np.zeros((H, W), bool)
    img = np.empty((H, W, 3), np.uint16)
    up_paper = _RowUpsampler(paper_lr, W, H)
    up_tex = _RowUpsampler(tex, W, H)
    up_fade = _RowUpsampler(fade_lr, W, H) if fade_lr is not None else None
    up_ink = _RowUpsampler(ink_lr, W, H)
    ink_fade = np.float32(fade_info["ink_lightening"]) if fade_info else np.float32(0)
    fade_thr = np.float32(fade_info["field_threshold"]) if fade_info else None
    for r0 in range(0, H, 256):
        r1 = min(r0 + 256, H)
        strip = up_paper.rows(r0, r1)
        strip *= up_tex.rows(r0, r1)[..., None]
        t = printed[r0:r1].astype(np.float32)  # ink transmittance T, lightened where faded
        t *= np.float32(1.0 / 255.0)
        t -= 1.0  # T' = 1 - (1 - T) d, d the local ink density
        t *= up_ink.rows(r0, r1)[..., None]
        t += 1.0
        if up_fade is not None:
            f = up_fade.rows(r0, r1)
            t += (ink_fade * f)[..., None] * (1.0 - t)
            fade_m[r0:r1] = (f >= fade_thr) & _present(leaf_aa, holes, gaps, r0, r1)
        strip *= t
        _store(img, 0, r0, strip)
    del printed, paper_lr, tex, up_paper, up_tex, up_fade, up_ink
    report(0.5, "ink")

    # torn edges: white fibres along losses and tear gaps; tear sides slightly displaced
    _torn_edges(rng["loss"], rng["tear"], img, holes, gaps, loss_items, tear_items, ppm)

    # ----------------------------------------------------------------- foxing
    fox_mask = np.zeros((H, W), bool)
    fox_items = []
    if "foxing" in classes:
        keepout = _foxing_keepout(grid, geo, layer.blocks, holes, gaps, ppm)
        fox_items = _make_foxing(rng["foxing"], img, fox_mask, keepout, geo, ppm)
    report(0.65, "foxing")

    # ----------------------------------------------------------------- composite and scanner
    paper8 = np.empty((H, W, 3), np.uint8)
    for r0 in range(0, H, 256):
        cv2.convertScaleAbs(img[r0 : r0 + 256], paper8[r0 : r0 + 256], alpha=1.0 / 257.0)
    del img
    rgb = _composite(rng["board"], rng["scan"], paper8, leaf_aa, holes, gaps, grid, board, ppm)
    del paper8
    report(0.9, "scanner")

    # ----------------------------------------------------------------- masks
    leaf = leaf_aa >= 128
    tear_m = leaf & (gaps >= 128)
    loss_m = leaf & (holes >= 128) & ~tear_m
    fox_mask &= leaf & ~loss_m & ~tear_m

    masks = {"foxing": fox_mask, "loss": loss_m, "tear": tear_m, "fading": fade_m, "leaf": leaf}
    meta = _meta(
        seed,
        ppi,
        size,
        w_mm,
        h_mm,
        W,
        H,
        paper,
        board,
        classes,
        geo,
        layer,
        masks,
        ppm,
        loss_items,
        tear_items,
        fox_items,
        fade_info,
    )
    report(1.0, "done")
    return DemoPage(rgb=rgb, masks=masks, meta=meta)


# =============================================================================== geometry


@dataclass
class _Geometry:
    leaf_w: int  # px
    leaf_h: int
    angle_deg: float
    centre: tuple[float, float]
    matrix: np.ndarray  # 2×3 leaf frame → canvas
    corners: np.ndarray  # 4×2 canvas px (tl, tr, br, bl)
    width: int
    height: int

    def to_canvas(self, pts: np.ndarray) -> np.ndarray:
        pts = np.asarray(pts, np.float64).reshape(-1, 2)
        (a, b, tx), (c, d, ty) = self.matrix
        x, y = pts[:, 0], pts[:, 1]
        return np.stack([a * x + b * y + tx, c * x + d * y + ty], axis=1)

    def to_leaf(self, pts: np.ndarray) -> np.ndarray:
        pts = np.asarray(pts, np.float64).reshape(-1, 2)
        (a, b, tx), (c, d, ty) = self.matrix  # a rotation: the inverse is the transpose
        x, y = pts[:, 0] - tx, pts[:, 1] - ty
        return np.stack([a * x + c * y, b * x + d * y], axis=1)

    def edge_point(self, side: str, t: float) -> tuple[np.ndarray, np.ndarray]:
        """Point on a leaf side at fraction ``t`` and the inward normal (canvas px)."""
        lw, lh = self.leaf_w - 1.0, self.leaf_h - 1.0
        p, n = {
            "top": ((t * lw, -0.5), (0.0, 1.0)),
            "bottom": ((t * lw, lh + 0.5), (0.0, -1.0)),
            "left": ((-0.5, t * lh), (1.0, 0.0)),
            "right": ((lw + 0.5, t * lh), (-1.0, 0.0)),
        }[side]
        pc = self.to_canvas(np.array(p))[0]
        nc = np.array(n) @ self.matrix[:, :2].T
        return pc, nc


def _leaf_geometry(rng, w_mm, h_mm, ppm, W, H) -> _Geometry:
    scale = min(w_mm / 210.0, 1.5)
    mx = rng.uniform(9.0, 15.0) * scale
    my = rng.uniform(9.0, 15.0) * scale
    lw_mm, lh_mm = w_mm - 2 * mx, h_mm - 2 * my
    angle = rng.uniform(0.2, 0.9) * (1 if rng.random() < 0.5 else -1)
    cx = W / 2 + rng.uniform(-2.5, 2.5) * scale * ppm
    cy = H / 2 + rng.uniform(-2.5, 2.5) * scale * ppm
    lw, lh = round(lw_mm * ppm), round(lh_mm * ppm)
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    # canvas = R (p - leaf_centre) + centre, p in leaf pixel coordinates
    hx, hy = (lw - 1) / 2, (lh - 1) / 2
    m = np.array([[c, -s, cx - c * hx + s * hy], [s, c, cy - s * hx - c * hy]])
    g = _Geometry(lw, lh, angle, (cx, cy), m, np.zeros((4, 2)), W, H)
    g.corners = g.to_canvas(
        np.array([[-0.5, -0.5], [lw - 0.5, -0.5], [lw - 0.5, lh - 0.5], [-0.5, lh - 0.5]])
    )
    return g


class _Grid:
    """The low-resolution field grid and the leaf coordinates (mm) of its cells."""

    def __init__(self, W: int, H: int, ppm: float, geo: _Geometry):
        self.w = max(int(math.ceil(W / ppm * FIELD_PX_PER_MM)), 8)
        self.h = max(int(math.ceil(H / ppm * FIELD_PX_PER_MM)), 8)
        sx, sy = W / self.w, H / self.h
        xs = (np.arange(self.w) + 0.5) * sx - 0.5
        ys = (np.arange(self.h) + 0.5) * sy - 0.5
        gx, gy = np.meshgrid(xs, ys)
        loc = geo.to_leaf(np.stack([gx.ravel(), gy.ravel()], axis=1))
        self.u = (loc[:, 0].reshape(self.h, self.w) / ppm).astype(np.float32)  # mm from left
        self.v = (loc[:, 1].reshape(self.h, self.w) / ppm).astype(np.float32)  # mm from top
        self.lw_mm = geo.leaf_w / ppm
        self.lh_mm = geo.leaf_h / ppm
        self.edge_mm = np.minimum(
            np.minimum(self.u, self.lw_mm - self.u), np.minimum(self.v, self.lh_mm - self.v)
        )
        self.px_per_cell = sx


# =============================================================================== paper


def _paper_field(rng, grid: _Grid, base, fade_lr, fade_info) -> np.ndarray:
    """Paper colour at low resolution: tone, edge toning, illumination, fading shift."""
    shape = (grid.h, grid.w)
    f = FIELD_PX_PER_MM
    lum = fractal_noise(rng, shape, (40 * f, 12 * f, 4 * f), (0.018, 0.011, 0.006))
    warm = fractal_noise(rng, shape, (30 * f, 8 * f), (0.012, 0.006))
    # edge toning: darker, browner towards the cut edges, unevenly
    lam = rng.uniform(4.0, 9.0)
    strength = rng.uniform(0.07, 0.14)
    wobble = 1.0 + 0.5 * smooth_noise(rng, shape, 15 * f)
    edge = strength * np.exp(-np.clip(grid.edge_mm, 0, None) / lam) * np.clip(wobble, 0.2, 2.0)
    ys, xs = np.mgrid[0 : grid.h, 0 : grid.w].astype(np.float32)
    illum = (
        1.0
        + rng.uniform(-0.012, 0.012) * (xs / grid.w - 0.5)
        + rng.uniform(-0.012, 0.012) * (ys / grid.h - 0.5)
    )
    out = np.empty(shape + (3,), np.float32)
    brown = np.array([0.93, 0.84, 0.68], np.float32)
    for c in range(3):
        ch = base[c] * (1.0 + lum) * (1.0 + warm * (0.4, 0.0, -0.6)[c])
        ch *= 1.0 - edge * (1.0 - brown[c])
        if fade_lr is not None:
            ch *= 1.0 + fade_lr * (fade_info["paper_factor"][c] - 1.0)
        ch *= illum
        out[..., c] = ch
    return out


def _paper_texture(rng, W: int, H: int, ppm: float) -> np.ndarray:
    """Fine paper structure (multiplier around 1) at ~8 px/mm: formation flocs and fibres."""
    # work at ~8 px/mm (or full resolution when coarser), then enlarge
    step = max(ppm / 8.0, 1.0)
    h, w = max(int(H / step), 8), max(int(W / step), 8)
    lp = w / (W / ppm)  # texture px per mm
    tex = 0.010 * smooth_noise(rng, (h, w), 0.6 * lp)  # formation flocs ~1 mm
    fib_len = max(int(round(0.8 * lp)), 3)
    for _ in range(6):
        k = np.zeros((fib_len | 1, fib_len | 1), np.float32)
        c = (fib_len | 1) // 2
        ang = rng.uniform(0, math.pi)
        dx, dy = math.cos(ang) * c, math.sin(ang) * c
        cv2.line(k, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, 1)
        k /= k.sum()
        noise = rng.standard_normal((h, w), dtype=np.float32)
        fib = cv2.filter2D(noise, -1, k, borderType=cv2.BORDER_REFLECT)
        fib *= np.float32(0.0045 / max(float(fib.std()), 1e-6))
        tex += fib
    tex += 1.0
    return tex


class _RowUpsampler:
    """Enlarge a low-resolution field to full size one strip of rows at a time (``cv2.remap``)."""

    def __init__(self, field: np.ndarray, width: int, height: int):
        self.field = field
        h, w = field.shape[:2]
        self.mapx = ((np.arange(width, dtype=np.float32) + 0.5) * np.float32(w / width) - 0.5)[
            None, :
        ]
        self.ys = (np.arange(height, dtype=np.float32) + 0.5) * np.float32(h / height) - 0.5

    def rows(self, r0: int, r1: int) -> np.ndarray:
        n = r1 - r0
        mapx = np.ascontiguousarray(np.broadcast_to(self.mapx, (n, self.mapx.shape[1])))
        mapy = np.ascontiguousarray(np.broadcast_to(self.ys[r0:r1, None], mapx.shape))
        return cv2.remap(self.field, mapx, mapy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


# =============================================================================== losses


def _make_losses(rng, geo: _Geometry, ppm: float, holes: np.ndarray) -> list[dict]:
    """Edge bites, irregular holes and small round insect holes, drawn into ``holes``."""
    items: list[dict] = []
    H, W = holes.shape
    k = math.sqrt(geo.leaf_w * geo.leaf_h) / ppm / 235.0  # 1 for an A4-sized leaf
    sides = ["top", "bottom", "left", "right"]
    n_bites = int(rng.integers(1, 4))
    used: list[tuple[str, float]] = []
    for _ in range(n_bites):
        side = sides[int(rng.integers(4))]
        t = rng.uniform(0.12, 0.88)
        if any(s == side and abs(t - u) < 0.2 for s, u in used):
            continue
        used.append((side, t))
        p, n = geo.edge_point(side, t)
        along = rng.uniform(6, 28) * k * ppm
        depth = rng.uniform(3, 14) * k * ppm
        ang = math.atan2(n[1], n[0]) + math.pi / 2
        poly = blob_polygon(rng, tuple(p), along, depth, ang, roughness=0.35, jag=0.05, n=220)
        items.append({"kind": "edge", "edge": side, "poly": poly})
    n_holes = int(rng.integers(0, 3))
    for _ in range(n_holes):
        u = rng.uniform(0.2, 0.8) * geo.leaf_w
        v = rng.uniform(0.2, 0.8) * geo.leaf_h
        c = geo.to_canvas(np.array([u, v]))[0]
        r = rng.uniform(2.0, 7.0) * k * ppm
        poly = blob_polygon(
            rng, tuple(c), r, r * rng.uniform(0.6, 1.0), rng.uniform(0, 6.3), 0.3, 0.05
        )
        items.append({"kind": "hole", "poly": poly})
    # a short insect tunnel of round holes, on every page with losses
    u = rng.uniform(0.15, 0.85) * geo.leaf_w
    v = rng.uniform(0.15, 0.85) * geo.leaf_h
    heading = rng.uniform(0, 2 * math.pi)
    for _ in range(int(rng.integers(3, 8))):
        d = rng.uniform(0.5, 3.0)
        c = geo.to_canvas(np.array([u, v]))[0]
        poly = blob_polygon(
            rng,
            tuple(c),
            d / 2 * ppm,
            d / 2 * ppm * rng.uniform(0.85, 1.0),
            rng.uniform(0, 6.3),
            roughness=0.08,
            jag=0.02,
            n=64,
        )
        items.append({"kind": "insect_hole", "poly": poly, "nominal_diameter_mm": round(d, 2)})
        heading += rng.uniform(-0.8, 0.8)
        step = rng.uniform(2.5, 8.0) * ppm
        u = float(np.clip(u + step * math.cos(heading), 0.1 * geo.leaf_w, 0.9 * geo.leaf_w))
        v = float(np.clip(v + step * math.sin(heading), 0.1 * geo.leaf_h, 0.9 * geo.leaf_h))
    for it in items:
        x0, y0, x1, y1 = polygon_bbox(it["poly"], W, H)
        roi = np.zeros((y1 - y0, x1 - x0), np.uint8)
        fill_aa(roi, it["poly"] - (x0, y0))
        np.maximum(holes[y0:y1, x0:x1], roi, out=holes[y0:y1, x0:x1])
        it["roi"] = (x0, y0, x1, y1)
    return items


# =============================================================================== tears


def _make_tears(rng, geo: _Geometry, ppm: float, gaps: np.ndarray, holes: np.ndarray) -> list[dict]:
    """Jagged splits from an edge with a thin, uneven gap, drawn into ``gaps``.

    The centreline wanders slowly and jitters at a fine scale; the two torn edges get their own
    fibrous noise, so the gap width varies along the tear and closes towards the tip.
    """
    H, W = gaps.shape
    items: list[dict] = []
    n = int(rng.integers(1, 4))
    sides = ["top", "bottom", "left", "right"]
    k = min(math.sqrt(geo.leaf_w * geo.leaf_h) / ppm / 235.0, 1.0)
    hole_small = cv2.resize(holes, (max(W // 8, 1), max(H // 8, 1)), interpolation=cv2.INTER_AREA)
    r = max(int(3 * ppm / 8), 1)
    near_hole = cv2.dilate(hole_small, np.ones((2 * r + 1, 2 * r + 1), np.uint8)) > 0
    for _ in range(n * 5):  # a few attempts per tear
        if len(items) >= n:
            break
        side = sides[int(rng.integers(4))]
        p, nrm = geo.edge_point(side, rng.uniform(0.1, 0.9))
        length = rng.uniform(10, max(80 * k, 12)) * ppm  # 10–80 mm on A4, shorter on small leaves
        width = rng.uniform(0.2, 1.0) * ppm
        centre = _tear_path(rng, np.asarray(p), np.asarray(nrm), length, ppm)
        leaf_pts = geo.to_leaf(centre[1:])
        if (leaf_pts[:, 0] < -2).any() or (leaf_pts[:, 0] > geo.leaf_w + 2).any():
            continue
        if (leaf_pts[:, 1] < -2).any() or (leaf_pts[:, 1] > geo.leaf_h + 2).any():
            continue
        sm = np.clip((centre / 8).astype(int), 0, [near_hole.shape[1] - 1, near_hole.shape[0] - 1])
        if near_hole[sm[:, 1], sm[:, 0]].any():
            continue
        if any(np.linalg.norm(centre[0] - t["centre"][0]) < 25 * ppm for t in items):
            continue
        outline = _tear_outline(rng, centre, width, ppm)
        x0, y0, x1, y1 = polygon_bbox(outline, W, H, pad=4)
        roi = np.zeros((y1 - y0, x1 - x0), np.uint8)
        fill_aa(roi, outline - (x0, y0))
        np.maximum(gaps[y0:y1, x0:x1], roi, out=gaps[y0:y1, x0:x1])
        seg = np.linalg.norm(np.diff(centre, axis=0), axis=1)
        stride = max(int(round(ppm / max(np.median(seg), 1e-6))), 1)  # about 1 mm apart
        keep = list(range(1, len(centre), stride))
        if keep[-1] != len(centre) - 1:
            keep.append(len(centre) - 1)
        items.append(
            {
                "edge": side,
                "centre": centre,
                "polyline": centre[keep],
                "length_mm": float(seg[1:].sum()) / ppm,  # the first segment lies off the leaf
                "width_mm": width / ppm,
                "roi": (x0, y0, x1, y1),
                "mask": roi[: y1 - y0, : x1 - x0] >= 128,
            }
        )
    return items


def _torn_edges(rng_loss, rng_tear, img, holes, gaps, loss_items, tear_items, ppm) -> None:
    """White fibres along the losses' edges and the tears' (whose sides are displaced a little),
    in the uint16 page ``img``, in place."""
    H, W = img.shape[:2]
    for it in loss_items:
        x0, y0, x1, y1 = it["roi"]
        pad = int(0.6 * ppm) + 2
        x0, y0 = max(x0 - pad, 0), max(y0 - pad, 0)
        x1, y1 = min(x1 + pad, W), min(y1 + pad, H)
        sub = _load(img, x0, y0, x1, y1)
        _fibrous_rim(rng_loss, sub, holes[y0:y1, x0:x1], ppm, 0.25, 0.55)
        _store(img, x0, y0, sub)
    for t in tear_items:
        _tear_edges(rng_tear, img, gaps, t, ppm)


def _tear_path(rng, start: np.ndarray, nrm: np.ndarray, length: float, ppm: float) -> np.ndarray:
    """Centreline of a tear from ``start`` inwards along ``nrm``: N×2 px, first point off the leaf."""
    step = max(0.25 * ppm, 1.0)
    n = max(int(length / step), 8)
    base = math.atan2(nrm[1], nrm[0]) + rng.uniform(-0.45, 0.45)
    wander = 0.35 * smooth_noise(rng, (1, n), max(5.0 * ppm / step, 1.0))[0]
    kinks = np.cumsum(np.where(rng.random(n) < 0.03, rng.normal(0, 0.35, n), 0.0))
    jitter = rng.normal(0, 0.13, n)
    heading = base + wander + np.clip(kinks, -0.6, 0.6) + jitter
    normal_dir = math.atan2(nrm[1], nrm[0])
    heading = normal_dir + np.clip((heading - normal_dir + np.pi) % (2 * np.pi) - np.pi, -0.9, 0.9)
    steps = step * np.stack([np.cos(heading), np.sin(heading)], axis=1)
    pts = start + np.cumsum(steps, axis=0)
    return np.vstack([start - nrm * ppm, start, pts])


def _tear_outline(rng, centre: np.ndarray, width: float, ppm: float) -> np.ndarray:
    """Closed outline of the gap: two independently jagged edges around the centreline."""
    n = len(centre)
    tang = np.gradient(centre, axis=0)
    tang /= np.linalg.norm(tang, axis=1, keepdims=True) + 1e-9
    nl = np.stack([-tang[:, 1], tang[:, 0]], axis=1)
    seg = np.r_[0.0, np.cumsum(np.linalg.norm(np.diff(centre, axis=0), axis=1))]
    s = seg / max(seg[-1], 1e-9)
    step_mm = max(np.median(np.diff(seg)) / ppm, 1e-3)
    half = 0.5 * width * (1.0 - s) ** 0.55
    half *= 1.0 + 0.35 * smooth_noise(rng, (1, n), max(2.0 / step_mm, 1.0))[0]
    half *= 1.0 + 0.8 * np.exp(-seg / (1.5 * ppm))  # the mouth at the edge opens a little wider
    edges = []
    for _ in range(2):
        fib = rng.normal(0, 1, n)
        fib = np.convolve(fib, np.ones(2) / 2, mode="same")
        edges.append(np.clip(half * (1.0 + 0.45 * fib) + 0.06 * ppm * fib, 0.0, None))
    left = centre + nl * edges[0][:, None]
    right = centre - nl * edges[1][:, None]
    return np.vstack([left, right[::-1]])


def _tear_edges(rng, img: np.ndarray, gaps: np.ndarray, item: dict, ppm: float) -> None:
    """Displace one side of a tear a little and whiten its fibrous edges (in place)."""
    H, W = img.shape[:2]
    pad = int(3 * ppm) + 2
    x0, y0, x1, y1 = item["roi"]
    x0, y0, x1, y1 = max(x0 - pad, 0), max(y0 - pad, 0), min(x1 + pad, W), min(y1 + pad, H)
    sub = _load(img, x0, y0, x1, y1)
    gap = gaps[y0:y1, x0:x1]
    poly = item["centre"] - (x0, y0)
    # side of each pixel relative to the polyline: nearest segment + cross product
    line = np.full(gap.shape, 255, np.uint8)
    labels_img = np.zeros(gap.shape, np.int32)
    for i in range(len(poly) - 1):
        a = tuple(np.round(poly[i]).astype(int))
        b = tuple(np.round(poly[i + 1]).astype(int))
        cv2.line(labels_img, a, b, i + 1, 1)
    line[labels_img > 0] = 0
    dist, lab = cv2.distanceTransformWithLabels(
        line, cv2.DIST_L2, 5, labelType=cv2.DIST_LABEL_PIXEL
    )
    ys, xs = np.nonzero(line == 0)
    seg_of_label = np.zeros(lab.max() + 1, np.int32)
    seg_of_label[lab[ys, xs]] = labels_img[ys, xs] - 1
    seg = seg_of_label[lab]
    a = poly[seg]
    b = poly[np.minimum(seg + 1, len(poly) - 1)]
    yy, xx = np.mgrid[0 : gap.shape[0], 0 : gap.shape[1]]
    cross = (b[..., 0] - a[..., 0]) * (yy - a[..., 1]) - (b[..., 1] - a[..., 1]) * (xx - a[..., 0])
    side = np.where(cross > 0, 1.0, 0.0).astype(np.float32)
    # displacement: along the tear direction, fading out with distance from the gap
    d = item["centre"][-1] - item["centre"][1]
    d = d / (np.linalg.norm(d) + 1e-9)
    shift = rng.uniform(0.15, 0.5) * ppm
    fall = np.exp(-dist / (2.5 * ppm)).astype(np.float32) * side
    mapx = (xx + shift * d[0] * fall).astype(np.float32)
    mapy = (yy + shift * d[1] * fall).astype(np.float32)
    moved = cv2.remap(sub, mapx, mapy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    _fibrous_rim(rng, moved, gap, ppm, reach_mm=0.3, strength=0.8)
    _store(img, x0, y0, moved)


def _load(img: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    """A float32 (0 … 1) copy of a region of the uint16 page."""
    return img[y0:y1, x0:x1].astype(np.float32) * np.float32(1.0 / 65535.0)


def _store(img: np.ndarray, x0: int, y0: int, values: np.ndarray) -> None:
    """Write float32 (0 … 1) values back into the uint16 page, rounded and clipped."""
    h, w = values.shape[:2]
    v = values * np.float32(65535.0)
    v += np.float32(0.5)
    np.clip(v, 0, 65535, out=v)
    img[y0 : y0 + h, x0 : x0 + w] = v.astype(np.uint16)


def _present(leaf_aa, holes, gaps, r0: int, r1: int) -> np.ndarray:
    """Rows of the mask of paper that is present: the leaf minus losses and tear gaps."""
    return (leaf_aa[r0:r1] >= 128) & (holes[r0:r1] < 128) & (gaps[r0:r1] < 128)


def _fibrous_rim(
    rng, sub: np.ndarray, cut: np.ndarray, ppm: float, reach_mm: float, strength: float
):
    """Whiten broken fibres along the edge of a cut (uint8 AA map) on the paper side, in place."""
    g = cut.astype(np.float32) / 255.0
    reach = max(int(round(reach_mm * ppm)), 1)
    ring = cv2.GaussianBlur(
        cv2.dilate(g, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1,) * 2)),
        (0, 0),
        max(0.1 * ppm, 0.5),
    )
    ring = np.clip(ring - g, 0, 1)
    fib = rng.standard_normal(g.shape, dtype=np.float32)
    fib = np.clip(0.55 + 1.6 * cv2.GaussianBlur(fib, (0, 0), max(0.04 * ppm, 0.6)), 0, 1)
    stretch = np.clip(0.55 + 0.45 * smooth_noise(rng, g.shape, max(1.5 * ppm, 1.0)), 0.1, 1)
    white = (ring * fib * stretch * np.float32(strength))[..., None]
    sub += (np.float32(0.98) - sub) * white


# =============================================================================== fading


def _fading_field(rng, grid: _Grid, geo: _Geometry, base) -> tuple[np.ndarray, dict]:
    """The fade field (0 … 1, low resolution) and its colour parameters."""
    from conservator.imaging.color import delta_e00, srgb_to_lab

    f = FIELD_PX_PER_MM
    shape = (grid.h, grid.w)
    kind = "band" if rng.random() < 0.5 else "blob"
    wob = smooth_noise(rng, shape, 12 * f)
    soft = rng.uniform(6, 16)
    if kind == "band":
        side = ["top", "bottom", "left", "right"][int(rng.integers(4))]
        depth = {
            "top": grid.v,
            "bottom": grid.lh_mm - grid.v,
            "left": grid.u,
            "right": grid.lw_mm - grid.u,
        }[side]
        extent = grid.lh_mm if side in ("top", "bottom") else grid.lw_mm
        reach = rng.uniform(0.22, 0.42) * extent
        d = depth - reach + 5.0 * wob
        field = 1.0 - smoothstep(-soft, soft, d)
        desc = {"kind": "band", "edge": side, "reach_mm": round(float(reach), 1)}
    else:
        cu, cv_ = rng.uniform(0.3, 0.7) * grid.lw_mm, rng.uniform(0.3, 0.7) * grid.lh_mm
        ru, rv = rng.uniform(0.18, 0.32) * grid.lw_mm, rng.uniform(0.12, 0.25) * grid.lh_mm
        rho = np.sqrt(((grid.u - cu) / ru) ** 2 + ((grid.v - cv_) / rv) ** 2) + 0.12 * wob
        field = 1.0 - smoothstep(1.0 - soft / ru, 1.0 + soft / ru, rho)
        desc = {"kind": "blob", "centre_mm": [round(float(cu), 1), round(float(cv_), 1)]}
    field = field.astype(np.float32)
    # paper shift at full strength: yellower (less blue), a little lighter or darker
    factor = np.array(
        [
            1.0 + rng.uniform(-0.005, 0.02),
            1.0 - rng.uniform(0.0, 0.025),
            1.0 - rng.uniform(0.09, 0.15),
        ],
        np.float32,
    )

    def de(level: float) -> float:
        a = srgb_to_lab(base[None, None, :])
        b = srgb_to_lab(np.clip(base * (1.0 + level * (factor - 1.0)), 0, 1)[None, None, :])
        return float(delta_e00(a, b).ravel()[0])

    de_max = de(1.0)
    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if de(mid) < FADING_DELTA_E else (lo, mid)
    info = dict(desc)
    info.update(
        {
            "paper_factor": [float(x) for x in factor],
            "paper_delta_e00_max": round(de_max, 2),
            "ink_lightening": round(float(rng.uniform(0.45, 0.7)), 3),
            "field_threshold": float(hi),
            "soft_edge_mm": round(float(soft), 1),
        }
    )
    return field, info


# =============================================================================== foxing


def _foxing_keepout(grid: _Grid, geo: _Geometry, blocks, holes, gaps, ppm) -> np.ndarray:
    """Low-resolution map (True = no spot centre here): off-leaf, near damage, on distractors."""
    keep = grid.edge_mm < 2.0
    dmg = cv2.resize(np.maximum(holes, gaps), (grid.w, grid.h), interpolation=cv2.INTER_AREA) > 0
    r = int(4 * FIELD_PX_PER_MM)
    dmg = cv2.dilate(
        dmg.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1,) * 2)
    )
    keep |= dmg.astype(bool)
    for b in blocks:
        if b.kind not in ("heading", "illustration"):
            continue
        x, y, w, h = b.box
        pad = 2.5 * ppm
        u0, v0, u1, v1 = (x - pad) / ppm, (y - pad) / ppm, (x + w + pad) / ppm, (y + h + pad) / ppm
        keep |= (grid.u >= u0) & (grid.u <= u1) & (grid.v >= v0) & (grid.v <= v1)
    return keep


def _make_foxing(rng, img, fox_mask, keepout, geo: _Geometry, ppm: float) -> list[dict]:
    """Brownish spots with darker cores and soft halos, painted into ``img``."""
    from conservator.imaging.color import delta_e00, srgb_to_lab

    H, W = img.shape[:2]
    gh, gw = keepout.shape
    allowed = np.flatnonzero(~keepout.ravel())
    if allowed.size == 0:
        return []
    area_k = (geo.leaf_w * geo.leaf_h) / (ppm * ppm) / (190 * 275)
    n_spots = max(int(rng.integers(40, 120) * area_k), 3)
    n_clusters = int(rng.integers(2, 5))

    def cell_to_px(idx):
        cy, cx = divmod(int(idx), gw)
        return np.array([(cx + rng.uniform()) * W / gw, (cy + rng.uniform()) * H / gh])

    centres = [cell_to_px(rng.choice(allowed)) for _ in range(n_clusters)]
    spreads = [rng.uniform(4, 22) * ppm for _ in range(n_clusters)]
    # core and halo transmittance (sRGB-encoded, i.e. multiplicative in linear light), fitted
    # to the hand-labelled fox spots of the real development set (55 spots on 8 pages, measured
    # against their local paper): on white and cream papers ΔL* ≈ 11-14, Δa* ≈ 2-3,
    # Δb* ≈ 13-16, hue ≈ 72-84°. Until 2026-12 the core was (0.74, 0.52, 0.32): twice the real
    # Δa* and half the Δb* (hue ≈ 50-60° on white paper, negative on yellow paper), the red of
    # sealing wax rather than the yellow-brown of foxing.
    t_core = np.array([0.78, 0.67, 0.41], np.float32)
    t_halo = np.float32(1.0) - (np.float32(1.0) - t_core) * np.array([0.35, 0.5, 0.75], np.float32)
    items: list[dict] = []
    tries = 0
    while len(items) < n_spots and tries < n_spots * 20:
        tries += 1
        if rng.random() < 0.7:
            j = int(rng.integers(n_clusters))
            c = centres[j] + rng.normal(0, spreads[j], 2)
        else:
            c = cell_to_px(rng.choice(allowed))
        gx, gy = int(c[0] * gw / W), int(c[1] * gh / H)
        if not (0 <= gx < gw and 0 <= gy < gh) or keepout[gy, gx]:
            continue
        u = rng.random()
        if u < 0.5:
            d_mm = rng.uniform(0.25, 0.8)
        elif u < 0.83:
            d_mm = rng.uniform(0.8, 2.0)
        else:
            d_mm = rng.uniform(2.0, 4.0)
        # nominal visible diameter d_mm: the ΔE00 ≥ 2 outline ends at about 0.7 R
        R = d_mm / 2 / 0.7 * ppm
        ext = int(math.ceil(R * 1.6)) + 3
        x0, y0 = max(int(c[0]) - ext, 0), max(int(c[1]) - ext, 0)
        x1, y1 = min(int(c[0]) + ext + 1, W), min(int(c[1]) + ext + 1, H)
        if x1 - x0 < 3 or y1 - y0 < 3:
            continue
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        dx, dy = xx - np.float32(c[0]), yy - np.float32(c[1])
        theta = np.arctan2(dy, dx)
        wob = np.ones_like(theta)
        for k in (2, 3, 5):
            wob += np.float32(rng.uniform(0, 0.18) / k * 2) * np.cos(
                k * theta + np.float32(rng.uniform(0, 6.3))
            )
        rho = np.sqrt(dx * dx + dy * dy) / (np.float32(max(R, 0.5)) * wob)
        peak = rng.uniform(0.45, 0.85) if d_mm < 0.6 else rng.uniform(0.22, 0.7)
        core = np.float32(peak) * (1.0 - smoothstep(0.3, 0.62, rho)) * (1.0 - 0.25 * rho)
        # real spots of a millimetre and more fade out over about a third of their radius and
        # more (the rim between 75 % and 25 % of the peak is ~0.5 mm at 1-2 mm, ~1.4 mm at 2 mm+)
        h_w = 0.68 if d_mm < 1.0 else 0.68 + 0.3 * min(1.0, (d_mm - 1.0) / 2.0)
        halo = np.float32(peak * rng.uniform(0.35, 0.6)) * np.exp(-((rho / np.float32(h_w)) ** 2))
        if R > 4:  # larger spots: a mottled, uneven core
            mott = smooth_noise(rng, core.shape, max(R / 6, 0.8))
            core = core * (1.0 + np.float32(0.3) * mott)
        core = np.clip(core, 0, 1)[..., None]
        halo = halo[..., None]
        # each spot its own shade, from rust-brown to yellow-brown (the green transmittance
        # sets Δa*) and darkness
        hue = np.float32(rng.uniform(-1, 1))
        tc = np.clip(t_core + hue * np.array([0.03, 0.07, 0.04], np.float32), 0, 1)
        sub = _load(img, x0, y0, x1, y1)
        pre = np.clip(sub, 0, 1)
        post = sub * (1.0 - core * (1.0 - tc)) * (1.0 - halo * (1.0 - t_halo))
        de = delta_e00(srgb_to_lab(pre), srgb_to_lab(np.clip(post, 0, 1)))
        m = de >= FOXING_DELTA_E
        # the truth is the visible spot: specks of it smaller than the 0.2 mm floor (a pixel
        # or two of ΔE00 ≥ 2 between letters or at a mottled rim) are no spots of their own
        nm, lm, sm, _ = cv2.connectedComponentsWithStats(m.astype(np.uint8), connectivity=8)
        if nm > 2:
            tiny = np.flatnonzero(sm[:, cv2.CC_STAT_AREA] < math.pi * (0.1 * ppm) ** 2)
            m &= ~np.isin(lm, tiny[tiny > 0])
        d_eq = 2.0 * math.sqrt(float(m.sum()) / math.pi) / ppm
        if not m.any() or not (0.2 <= d_eq <= 4.0):  # keep visible spots within 0.2–4 mm
            continue
        _store(img, x0, y0, post)
        fox_mask[y0:y1, x0:x1] |= m
        items.append(
            {
                "roi": (x0, y0, x1, y1),
                "mask": m,
                "centre": [float(c[0]), float(c[1])],
                "nominal_diameter_mm": round(d_mm, 3),
                "peak_delta_e00": round(float(de.max()), 2),
            }
        )
    return items


# =============================================================================== composite


def _composite(
    rng_board, rng_scan, img, leaf_aa, holes, gaps, grid: _Grid, board: str, ppm
) -> np.ndarray:
    """Lay the paper on the board, then add scanner noise and blur; uint8 sRGB.

    Works in strips of rows with uint8 OpenCV operations. The board's fine texture and the
    scanner noise come from tiles of random numbers reused with a random cyclic row shift per
    strip (white noise: the repetition is invisible), which keeps a 70 MP page fast.
    """
    H, W = img.shape[:2]
    f = FIELD_PX_PER_MM
    base = np.array(BOARDS[board], np.float32)
    shape = (grid.h, grid.w)
    mottle = fractal_noise(rng_board, shape, (25 * f, 5 * f), (0.05, 0.03))
    board_lr = np.empty(shape + (3,), np.float32)
    for c in range(3):
        board_lr[..., c] = base[c] * (1.0 + mottle)
    board_up = upsample(np.clip(board_lr + 0.5, 0, 255).astype(np.uint8), W, H)
    rows = 256
    th = min(rows, H)
    felt = rng_board.standard_normal((th, W), dtype=np.float32)
    felt = cv2.GaussianBlur(felt, (0, 0), max(0.04 * ppm, 0.7))
    felt *= np.float32(0.05 * float(base.mean()) / max(float(felt.std()), 1e-6))
    felt16 = np.repeat(np.round(felt).astype(np.int16)[..., None], 3, axis=2)
    sigma_noise = 1.8
    noise = rng_scan.standard_normal((th, W, 3), dtype=np.float32) * np.float32(sigma_noise)
    # faint column streaks of a line sensor, the same all the way down
    noise += np.float32(0.2) * smooth_noise(rng_scan, (1, W), 1.5)[0][None, :, None]
    noise16 = np.round(noise).astype(np.int16)
    del noise, felt
    out = np.empty((H, W, 3), np.uint8)
    for r0 in range(0, H, rows):
        r1 = min(r0 + rows, H)
        n = r1 - r0
        cut = cv2.max(holes[r0:r1], gaps[r0:r1])
        alpha = cv2.multiply(
            leaf_aa[r0:r1], cv2.bitwise_not(cut), scale=1.0 / 255, dtype=cv2.CV_32F
        )
        alpha *= np.float32(1.0 / 255)
        paper8 = img[r0:r1]
        shift = (int(rng_board.integers(th)), int(rng_board.integers(W)))
        tex = np.roll(felt16, shift, axis=(0, 1))[:n]
        bd = cv2.add(board_up[r0:r1], tex, dtype=cv2.CV_8U)
        strip = cv2.blendLinear(paper8, bd, alpha, 1.0 - alpha)
        shift = int(rng_scan.integers(th))
        out[r0:r1] = cv2.add(strip, np.roll(noise16, shift, axis=0)[:n], dtype=cv2.CV_8U)
    del board_up
    cv2.GaussianBlur(out, (0, 0), 0.55, dst=out)
    return out


# =============================================================================== record


def _meta(
    seed,
    ppi,
    size,
    w_mm,
    h_mm,
    W,
    H,
    paper,
    board,
    classes,
    geo,
    layer,
    masks,
    ppm,
    loss_items,
    tear_items,
    fox_items,
    fade_info,
) -> dict:
    mm2 = 1.0 / (ppm * ppm)

    def inst_from(item, cls_mask, extra):
        x0, y0, x1, y1 = item["roi"]
        own = item.get("mask")
        if own is None:
            roi = np.zeros((y1 - y0, x1 - x0), np.uint8)
            if "poly" in item:
                fill_aa(roi, item["poly"] - (x0, y0))
                own = roi >= 128
            else:
                own = np.ones((y1 - y0, x1 - x0), bool)
        m = own & cls_mask[y0:y1, x0:x1]
        area = int(m.sum())
        if area == 0:
            return None
        ys, xs = np.nonzero(m)
        rec = {
            "bbox": mask_bbox(m, x0, y0),
            "centroid": [round(float(xs.mean() + x0), 1), round(float(ys.mean() + y0), 1)],
            "area_px": area,
            "area_mm2": round(area * mm2, 4),
        }
        rec.update(extra(item, area))
        return rec

    inst: dict[str, list] = {c: [] for c in DAMAGE_CLASSES}
    for it in fox_items:
        r = inst_from(
            it,
            masks["foxing"],
            lambda i, a: {
                "diameter_mm": round(2 * math.sqrt(a / math.pi) / ppm, 3),
                "nominal_diameter_mm": i["nominal_diameter_mm"],
                "peak_delta_e00": i["peak_delta_e00"],
            },
        )
        if r:
            inst["foxing"].append(r)
    for it in loss_items:

        def ex(i, a):
            e = {"kind": i["kind"]}
            if i["kind"] == "edge":
                e["edge"] = i["edge"]
            else:
                e["diameter_mm"] = round(2 * math.sqrt(a / math.pi) / ppm, 3)
            return e

        r = inst_from(it, masks["loss"], ex)
        if r:
            inst["loss"].append(r)
    for it in tear_items:
        r = inst_from(
            it,
            masks["tear"],
            lambda i, a: {
                "edge": i["edge"],
                "length_mm": round(i["length_mm"], 2),
                "width_mm": round(i["width_mm"], 3),
                "polyline": [[round(float(x), 1), round(float(y), 1)] for x, y in i["polyline"]],
            },
        )
        if r:
            inst["tear"].append(r)
    if fade_info and masks["fading"].any():
        m = masks["fading"]
        area = int(m.sum())
        rec = {
            "bbox": mask_bbox(m),
            "area_px": area,
            "area_mm2": round(area * mm2, 2),
        }
        rec.update({k: v for k, v in fade_info.items() if k != "field_threshold"})
        rec["field_threshold"] = round(fade_info["field_threshold"], 5)
        inst["fading"].append(rec)
    for cls in DAMAGE_CLASSES:
        inst[cls] = [{"id": i, **r} for i, r in enumerate(inst[cls], 1)]  # id first

    leaf_area = int(masks["leaf"].sum())
    totals = {}
    for cls in DAMAGE_CLASSES:
        a = int(masks[cls].sum())
        totals[cls] = {
            "count": len(inst[cls]),
            "area_px": a,
            "area_mm2": round(a * mm2, 3),
            "area_pct": round(100.0 * a / leaf_area, 4) if leaf_area else 0.0,
        }
    # ground truth for the class-specific measurements of ``conservator analyze``
    diam = np.array([r["diameter_mm"] for r in inst["foxing"]], float)
    leaf_cm2 = leaf_area * mm2 / 100.0
    totals["foxing"].update(
        {
            "density_per_100cm2": round(100.0 * len(diam) / leaf_cm2, 3) if leaf_cm2 else 0.0,
            "median_diameter_mm": round(float(np.median(diam)), 3) if diam.size else None,
            "p90_diameter_mm": round(float(np.percentile(diam, 90)), 3) if diam.size else None,
        }
    )
    depth = {"top": 0.0, "bottom": 0.0, "left": 0.0, "right": 0.0}
    for it in loss_items:
        if it["kind"] != "edge":
            continue
        x0, y0, x1, y1 = it["roi"]
        roi = np.zeros((y1 - y0, x1 - x0), np.uint8)
        fill_aa(roi, it["poly"] - (x0, y0))
        ys, xs = np.nonzero((roi >= 128) & masks["loss"][y0:y1, x0:x1])
        if xs.size == 0:
            continue
        u, v = geo.to_leaf(np.stack([xs + x0, ys + y0], axis=1).astype(float)).T
        d = {
            "top": v + 0.5,
            "bottom": geo.leaf_h - 0.5 - v,
            "left": u + 0.5,
            "right": geo.leaf_w - 0.5 - u,
        }[it["edge"]]
        depth[it["edge"]] = max(depth[it["edge"]], round(float(d.max()) / ppm, 2))
    totals["loss"].update(
        {
            "max_edge_depth_mm": depth,
            "insect_holes": sum(1 for r in inst["loss"] if r["kind"] == "insect_hole"),
        }
    )
    lengths = [r["length_mm"] for r in inst["tear"]]
    totals["tear"].update({"lengths_mm": lengths, "longest_mm": max(lengths) if lengths else 0.0})
    size_name = size if isinstance(size, str) else f"{w_mm:g}x{h_mm:g}mm"
    return {
        "generator": "conservator.demo",
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "ppi": ppi,
        "px_per_mm": round(ppm, 6),
        "size": size_name,
        "size_mm": [w_mm, h_mm],
        "width": W,
        "height": H,
        "paper": {"name": paper, "rgb": list(PAPERS[paper])},
        "board": {"name": board, "rgb": list(BOARDS[board])},
        "damage": list(classes),
        "leaf": {
            "corners": [[round(float(x), 2), round(float(y), 2)] for x, y in geo.corners],
            "angle_deg": round(geo.angle_deg, 4),
            "width_mm": round(geo.leaf_w / ppm, 2),
            "height_mm": round(geo.leaf_h / ppm, 2),
            "area_px": leaf_area,
            "area_mm2": round(leaf_area * mm2, 2),
            "bbox": mask_bbox(masks["leaf"]),
        },
        "distractors": [
            {
                "kind": b.kind,
                "lang": b.lang,
                "bbox_leaf_px": [round(v, 1) for v in b.box],
                "bbox": _leaf_box_to_canvas(geo, b.box),
                **({"text": b.text} if b.text else {}),
            }
            for b in layer.blocks
        ],
        "totals": totals,
        "instances": inst,
        "definitions": {
            "leaf": "nominal rotated leaf rectangle, pixel centres at least 50% covered",
            "loss": "board visible (>= 50%) inside the nominal leaf through edge bites and holes; tear gaps excluded",
            "tear": "open tear gap where the board shows (>= 50%), inside the nominal leaf",
            "foxing": f"dE00 >= {FOXING_DELTA_E} between the page with and without the spot (D50, before scanner blur/noise), on paper present",
            "fading": f"paper shift dE00 >= {FADING_DELTA_E} against the unfaded base paper colour, on paper present",
            "instance_areas": "instances of one class may overlap; totals are the area of the union",
        },
        "warnings": list(layer.warnings),
    }


def _leaf_box_to_canvas(geo: _Geometry, box) -> list[int]:
    x, y, w, h = box
    pts = geo.to_canvas(np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]]))
    x0, y0 = np.floor(pts.min(axis=0)).astype(int)
    x1, y1 = np.ceil(pts.max(axis=0)).astype(int)
    return [int(x0), int(y0), int(x1 - x0), int(y1 - y0)]
