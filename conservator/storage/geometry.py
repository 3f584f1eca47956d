"""Region geometry helpers: polygon area, SVG selectors, mask bounding boxes, JSON numbers."""

from __future__ import annotations

from conservator.jsonfile import plain


def polygon_area(points) -> float:
    a = 0.0
    n = len(points)
    for i in range(n):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % n]
        a += x1 * y2 - x2 * y1
    return abs(a) / 2.0


def fmt_num(v) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:.2f}"


def plain_num(v):
    f = float(v)
    return int(f) if f.is_integer() else f


def svg_polygon(points) -> str:
    """An SVG document holding one polygon, as used by W3C ``SvgSelector``."""
    pts = " ".join(f"{fmt_num(x)},{fmt_num(y)}" for x, y in points)
    return f"<svg xmlns='http://www.w3.org/2000/svg'><polygon points='{pts}'/></svg>"


def mask_bbox(mask) -> list[int] | None:
    if mask is None:
        return None
    import cv2
    import numpy as np

    m = np.asarray(mask)
    m8 = m.view(np.uint8) if m.dtype == bool else (m != 0).astype(np.uint8)
    x, y, w, h = cv2.boundingRect(m8)
    return None if w == 0 or h == 0 else [int(x), int(y), int(w), int(h)]


def jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [jsonable(v) for v in obj]
    return plain(obj)
