"""Measurements of a region drawn by hand (rectangle, polygon or brush outline).

A conservator's region gets the same numbers a detector's finding gets, when it is drawn:
its area (shoelace formula on the closed outline) and its longest dimension, the maximum
Feret diameter, i.e. the largest distance between two points of the outline, which lies
between two vertices of its convex hull (Shamos 1978, *Computational Geometry*, ch. 4;
the hull of a drawn outline has at most a few hundred vertices, so all pairs are compared).

Coordinates are scan pixels ``(x, y)``; millimetres come from ``px_per_mm`` (the scan's
resolution), and are ``None`` when the scan has none.
"""

from __future__ import annotations

import numpy as np


def polygon_area_px(points) -> float:
    """Area (px²) enclosed by a closed outline of ``(x, y)`` points (shoelace formula).

    Examples
    --------
    >>> polygon_area_px([(0, 0), (10, 0), (10, 5), (0, 5)])
    50.0
    """
    if points is None or len(points) < 3:
        return 0.0
    a = np.asarray(points, dtype=np.float64)
    x, y = a[:, 0], a[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def longest_dimension_px(points) -> float:
    """The maximum Feret diameter (px) of an outline: its largest point-to-point distance.

    Examples
    --------
    >>> longest_dimension_px([(0, 0), (30, 0), (30, 40), (0, 40)])
    50.0
    """
    if points is None or len(points) < 2:
        return 0.0
    a = np.asarray(points, dtype=np.float64)
    if len(a) > 3:
        import cv2

        hull = cv2.convexHull(a.astype(np.float32)).reshape(-1, 2).astype(np.float64)
        # the float32 hull only selects the vertices; distances use the exact points
        idx = [int(np.argmin(np.abs(a - h).sum(axis=1))) for h in hull]
        a = a[sorted(set(idx))]
    d = a[:, None, :] - a[None, :, :]
    return float(np.sqrt((d**2).sum(axis=-1)).max())


def measure_region(points, px_per_mm: float | None) -> dict:
    """The measurements recorded with a hand-drawn region.

    Parameters
    ----------
    points : sequence of (x, y)
        The closed outline in scan pixels.
    px_per_mm : float or None
        Scan resolution; without it only the pixel values are known.

    Returns
    -------
    dict
        ``area_px``, ``area_mm2`` (None without resolution), ``longest_px``,
        ``longest_mm`` (None without resolution) and ``bbox`` ``[x, y, w, h]`` (px).

    Examples
    --------
    >>> m = measure_region([(0, 0), (100, 0), (100, 50), (0, 50)], 10.0)
    >>> m["area_mm2"], round(m["longest_mm"], 2), m["bbox"]
    (50.0, 11.18, [0.0, 0.0, 100.0, 50.0])
    """
    a = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    area = polygon_area_px(a)
    longest = longest_dimension_px(a)
    x0, y0 = a.min(axis=0) if len(a) else (0.0, 0.0)
    x1, y1 = a.max(axis=0) if len(a) else (0.0, 0.0)
    ppmm = float(px_per_mm) if px_per_mm else None
    return {
        "area_px": area,
        "area_mm2": area / ppmm**2 if ppmm else None,
        "longest_px": longest,
        "longest_mm": longest / ppmm if ppmm else None,
        "bbox": [float(x0), float(y0), float(x1 - x0), float(y1 - y0)],
    }
