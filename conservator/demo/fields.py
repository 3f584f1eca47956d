"""Smooth random fields and geometry helpers for the demo generator (float32, low resolution)."""

from __future__ import annotations

import cv2
import numpy as np


def smooth_noise(rng: np.random.Generator, shape: tuple[int, int], sigma: float) -> np.ndarray:
    """Gaussian-blurred white noise with unit standard deviation (float32).

    Parameters
    ----------
    rng : numpy.random.Generator
    shape : tuple of int
        (rows, cols) of the field.
    sigma : float
        Correlation length in pixels of the field.
    """
    h, w = shape
    if sigma > 6:  # long correlation: make it on a coarse grid (σ = 3 cells) and enlarge
        f = sigma / 3.0
        ch, cw = max(int(np.ceil(h / f)) + 2, 3), max(int(np.ceil(w / f)) + 2, 3)
        coarse = rng.standard_normal((ch, cw), dtype=np.float32)
        coarse = cv2.GaussianBlur(coarse, (0, 0), 3.0, borderType=cv2.BORDER_REFLECT)
        big = cv2.resize(
            coarse, (int(round(cw * f)), int(round(ch * f))), interpolation=cv2.INTER_CUBIC
        )
        noise = np.ascontiguousarray(big[:h, :w])
    else:
        noise = rng.standard_normal(shape, dtype=np.float32)
        if sigma > 0.3:
            noise = cv2.GaussianBlur(noise, (0, 0), sigma, borderType=cv2.BORDER_REFLECT)
    noise = noise - np.float32(noise.mean())
    sd = float(noise.std())
    return noise / np.float32(sd) if sd > 0 else noise


def fractal_noise(
    rng: np.random.Generator, shape: tuple[int, int], sigmas, amplitudes
) -> np.ndarray:
    """Sum of :func:`smooth_noise` octaves with the given correlation lengths and amplitudes."""
    out = np.zeros(shape, np.float32)
    for s, a in zip(sigmas, amplitudes, strict=True):
        out += np.float32(a) * smooth_noise(rng, shape, s)
    return out


def smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    """Hermite step from 0 at ``edge0`` to 1 at ``edge1`` (either order), float32."""
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0).astype(np.float32)
    return t * t * (3.0 - 2.0 * t)


def upsample(field: np.ndarray, width: int, height: int, cubic: bool = False) -> np.ndarray:
    """Enlarge a low-resolution field to the full scan size with OpenCV."""
    interp = cv2.INTER_CUBIC if cubic else cv2.INTER_LINEAR
    return cv2.resize(field, (width, height), interpolation=interp)


def blob_polygon(
    rng: np.random.Generator,
    centre: tuple[float, float],
    radius_x: float,
    radius_y: float,
    angle: float = 0.0,
    roughness: float = 0.25,
    jag: float = 0.06,
    n: int = 160,
) -> np.ndarray:
    """An irregular closed outline (float64 N×2, pixels) around ``centre``.

    ``roughness`` shapes the large-scale wobble (a few harmonics), ``jag`` the fibrous small-scale
    noise of a torn paper edge, both relative to the radius.
    """
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    r = np.ones_like(t)
    for k in range(2, 6):
        r += roughness / k * rng.uniform(-1, 1) * np.cos(k * t + rng.uniform(0, 2 * np.pi))
    steps = rng.standard_normal(n)
    steps = np.convolve(np.r_[steps[-2:], steps, steps[:2]], np.ones(3) / 3, mode="same")[2:-2]
    r += jag * steps
    r = np.clip(r, 0.3, None)
    x = radius_x * r * np.cos(t)
    y = radius_y * r * np.sin(t)
    ca, sa = np.cos(angle), np.sin(angle)
    return np.stack([centre[0] + ca * x - sa * y, centre[1] + sa * x + ca * y], axis=1)


def fill_aa(canvas: np.ndarray, poly: np.ndarray, value: int = 255) -> None:
    """Fill a float polygon with anti-aliased edges (1/16 px precision) into a uint8 canvas."""
    pts = np.round(np.asarray(poly) * 16).astype(np.int32).reshape(-1, 1, 2)
    cv2.fillPoly(canvas, [pts], value, lineType=cv2.LINE_AA, shift=4)


def polygon_bbox(
    poly: np.ndarray, width: int, height: int, pad: float = 2
) -> tuple[int, int, int, int]:
    """Integer ``x0, y0, x1, y1`` (exclusive) of a polygon, padded and clipped to the image."""
    x0 = max(int(np.floor(poly[:, 0].min() - pad)), 0)
    y0 = max(int(np.floor(poly[:, 1].min() - pad)), 0)
    x1 = min(int(np.ceil(poly[:, 0].max() + pad)) + 1, width)
    y1 = min(int(np.ceil(poly[:, 1].max() + pad)) + 1, height)
    return x0, y0, x1, y1


def mask_bbox(mask: np.ndarray, ox: int = 0, oy: int = 0) -> list[int] | None:
    """``[x, y, w, h]`` of the true pixels of ``mask`` (offset by ``ox, oy``), or ``None``."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(mask.any(axis=0))
    return [
        int(cols[0] + ox),
        int(rows[0] + oy),
        int(cols[-1] - cols[0] + 1),
        int(rows[-1] - rows[0] + 1),
    ]
