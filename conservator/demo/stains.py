"""Stains for synthetic and semi-real pages: irregular brown discolourations, 5–40 mm, some
with a darker tide line, painted into a page with an exact ground-truth mask.

Model
-----
A stain is where a liquid spread through the paper and, drying, left dissolved degradation
products (or its own colour) behind. Its outline is an irregular blob (:func:`blob_polygon`,
strong low-order wobble, little fibrous jag). Inside, the discolouration is a density field
``d`` in 0 … 1 with slow mottling (correlation ~2 mm) and a pale interior. Two kinds:

* *water stain with a tide line* — the solubles are carried to the drying front and deposited
  there (the coffee-ring mechanism, Deegan et al., "Capillary flow as the cause of ring stains
  from dried liquid drops", Nature 389, 827–829, 1997; in paper, E. Eusman, "Tideline formation
  in paper objects: cellulose degradation at the wet-dry boundary", Studies in the History of
  Art 51, 11–27, 1995): a sharp outer edge and a darker brown band 0.3–1.2 mm wide just inside
  it, of uneven strength along the outline;
* *diffuse stain* — no tide line, a soft edge fading over 1–4 mm.

Colour is applied as a transmittance, like the foxing of :mod:`conservator.demo.page`:
``post = pre × (1 − d (1 − T))`` with a yellow-brown ``T`` for the interior and a darker brown for
the tide line. The ground truth is where the stain changes the page by
ΔE00 ≥ :data:`STAIN_DELTA_E` (CIEDE2000 against the same page without that stain), so a stain
over dark ink that does not visibly change it is not in the mask.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from conservator.demo.fields import blob_polygon, fill_aa, polygon_bbox, smooth_noise, smoothstep

#: A stain pixel changes the page colour by at least this much (CIEDE2000).
STAIN_DELTA_E = 2.0

#: Equivalent diameters of the stains drawn (mm).
STAIN_DIAMETER_MM = (5.0, 40.0)

#: A stain whose visible part (ΔE00 ≥ 2) is smaller than this across (mm) is not drawn.
MIN_VISIBLE_MM = 3.0

#: Transmittance (linear factor on sRGB values) at full density: interior, tide line.
_T_INTERIOR = np.array([0.90, 0.79, 0.60], np.float32)
_T_TIDE = np.array([0.70, 0.53, 0.34], np.float32)


def paint_stain(
    rng: np.random.Generator,
    sub: np.ndarray,
    centre: tuple[float, float],
    diameter_mm: float,
    ppm: float,
    tide_line: bool,
) -> tuple[np.ndarray, np.ndarray, dict]:
    """Paint one stain into a float32 RGB region (0 … 1), returning the new region and its mask.

    Parameters
    ----------
    rng : numpy.random.Generator
    sub : ndarray float32 (h, w, 3)
        The page region (not modified).
    centre : (x, y)
        Stain centre in the region's pixel coordinates.
    diameter_mm : float
        Nominal diameter of the outline (mm).
    ppm : float
        Pixels per millimetre.
    tide_line : bool
        A darker band along the outline (water stain) or a soft edge (diffuse stain).

    Returns
    -------
    post : ndarray float32 (h, w, 3)
    mask : ndarray bool (h, w)
        ΔE00 ≥ :data:`STAIN_DELTA_E` against ``sub``.
    info : dict
        Densities and widths used (JSON-ready).
    """
    from conservator.imaging.color import delta_e00, srgb_to_lab

    h, w = sub.shape[:2]
    r = diameter_mm / 2 * ppm
    aspect = rng.uniform(0.65, 1.0)
    poly = blob_polygon(
        rng, centre, r, r * aspect, rng.uniform(0, 2 * math.pi), roughness=0.55, jag=0.02, n=240
    )
    inside_aa = np.zeros((h, w), np.uint8)
    fill_aa(inside_aa, poly)
    inside = inside_aa >= 128
    dist_mm = cv2.distanceTransform(inside.astype(np.uint8), cv2.DIST_L2, 5) / np.float32(ppm)
    mott = np.clip(1.0 + 0.3 * smooth_noise(rng, (h, w), max(2.0 * ppm, 1.0)), 0.3, 1.7)
    p_in = rng.uniform(0.3, 0.75)
    info: dict = {"tide_line": bool(tide_line), "interior_density": round(float(p_in), 3)}
    cover = inside_aa.astype(np.float32) / np.float32(255.0)
    if tide_line:
        band = rng.uniform(0.3, 1.2)
        p_tide = rng.uniform(0.55, 1.0)
        along = np.clip(0.7 + 0.35 * smooth_noise(rng, (h, w), max(3.0 * ppm, 1.0)), 0.15, 1.3)
        tide = (1.0 - smoothstep(0.0, band, dist_mm)) * cover * along * np.float32(p_tide)
        dens = cover * mott * np.float32(p_in)
        info.update(tide_width_mm=round(float(band), 2), tide_density=round(float(p_tide), 3))
    else:
        soft = min(rng.uniform(1.0, 4.0), 0.2 * diameter_mm)
        tide = np.zeros((h, w), np.float32)
        dens = smoothstep(0.0, soft, dist_mm) * cover * mott * np.float32(p_in)
        info.update(soft_edge_mm=round(float(soft), 2))
    dens = np.clip(dens, 0, 1)[..., None]
    tide = np.clip(tide, 0, 1)[..., None]
    shade = np.float32(rng.uniform(-1, 1)) * np.array([0.03, 0.04, 0.06], np.float32)
    t_in = np.clip(_T_INTERIOR + shade, 0, 1)
    post = sub * (1.0 - dens * (1.0 - t_in)) * (1.0 - tide * (1.0 - _T_TIDE))
    de = delta_e00(srgb_to_lab(np.clip(sub, 0, 1)), srgb_to_lab(np.clip(post, 0, 1)))
    return post.astype(np.float32), de >= STAIN_DELTA_E, info


def place_stains(
    rng: np.random.Generator,
    shape: tuple[int, int],
    keepout: np.ndarray,
    ppm: float,
    leaf_mm: tuple[float, float],
    count: tuple[int, int] = (1, 3),
) -> list[dict]:
    """Where stains go: ``[{"centre": (x, y), "diameter_mm", "tide_line", "roi"}]``.

    ``keepout`` is a low-resolution map (True = no stain centre there); stains are at most 60 %
    of the leaf's shorter side across, and their boxes do not overlap (one stain, one object).
    """
    H, W = shape
    gh, gw = keepout.shape
    allowed = np.flatnonzero(~keepout.ravel())
    if allowed.size == 0:
        return []
    lo, hi = STAIN_DIAMETER_MM
    hi = max(min(hi, 0.6 * min(leaf_mm)), lo)
    n = int(rng.integers(count[0], count[1] + 1))
    out: list[dict] = []
    for _ in range(n * 10):
        if len(out) >= n:
            break
        cy, cx = divmod(int(rng.choice(allowed)), gw)
        c = ((cx + rng.uniform()) * W / gw, (cy + rng.uniform()) * H / gh)
        d = float(math.exp(rng.uniform(math.log(lo), math.log(hi))))
        ext = d / 2 * ppm * 1.6 + 4
        box = polygon_bbox(np.array([[c[0] - ext, c[1] - ext], [c[0] + ext, c[1] + ext]]), W, H, 0)
        if any(_overlap(box, o["roi"]) for o in out):
            continue
        out.append(
            {
                "centre": c,
                "diameter_mm": round(d, 2),
                "tide_line": bool(rng.random() < 0.5),
                "roi": box,
            }
        )
    return out


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def make_stains(
    rng: np.random.Generator,
    img: np.ndarray,
    stain_mask: np.ndarray,
    keepout: np.ndarray,
    ppm: float,
    leaf_mm: tuple[float, float],
    count: tuple[int, int] = (1, 3),
) -> list[dict]:
    """Place and paint stains into a uint16 RGB page (in place), OR-ing their masks into
    ``stain_mask``; returns the instances (``roi``, ``mask``, ``centre``, ``diameter_mm``,
    ``tide_line`` and the densities)."""
    items = []
    for spec in place_stains(rng, img.shape[:2], keepout, ppm, leaf_mm, count):
        x0, y0, x1, y1 = spec["roi"]
        sub = img[y0:y1, x0:x1].astype(np.float32) * np.float32(1.0 / 65535.0)
        cx, cy = spec["centre"]
        post, m, info = paint_stain(
            rng, sub, (cx - x0, cy - y0), spec["diameter_mm"], ppm, spec["tide_line"]
        )
        if 2.0 * math.sqrt(float(m.sum()) / math.pi) / ppm < MIN_VISIBLE_MM:
            continue  # too faint to be seen: not drawn
        img[y0:y1, x0:x1] = np.clip(post * np.float32(65535.0) + np.float32(0.5), 0, 65535).astype(
            np.uint16
        )
        stain_mask[y0:y1, x0:x1] |= m
        items.append({**spec, **info, "mask": m, "centre": [float(cx), float(cy)]})
    return items
