"""A picture of one scored page: labelled boxes and detections drawn on the scan, to LOOK at.

Detections are filled lightly and outlined in their class colour; labelled boxes are drawn as
rectangles in the same colour, a box that was missed is drawn dashed, don't-care boxes grey.
"""

from __future__ import annotations

import cv2
import numpy as np

from conservator.benchmark.labels import PageLabels
from conservator.benchmark.scoring import LABEL_KEY
from conservator.detect import registry

#: One colour per class (RGB), for labels and detections alike: the classes' own colours
#: (``conservator.detect.registry``), the same as the app, the CLI overlay and the PDF.
COLOURS = {c: registry.colour_of(c) for c in ("foxing", "stain", "loss", "tear")}
IGNORE_COLOUR = (128, 128, 128)


def _rgb8(pixels: np.ndarray) -> np.ndarray:
    img = pixels
    if img.dtype == np.uint16:
        img = (img >> 8).astype(np.uint8)
    if img.ndim == 2:
        img = np.repeat(img[..., None], 3, axis=2)
    return np.ascontiguousarray(img[..., :3])


def _dashed_rect(img, p0, p1, colour, th, dash) -> None:
    (x0, y0), (x1, y1) = p0, p1
    for a, b in (
        ((x0, y0), (x1, y0)),
        ((x1, y0), (x1, y1)),
        ((x1, y1), (x0, y1)),
        ((x0, y1), (x0, y0)),
    ):
        length = max(abs(b[0] - a[0]), abs(b[1] - a[1]))
        for s in range(0, max(length, 1), 2 * dash):
            t0, t1 = s / max(length, 1), min(s + dash, length) / max(length, 1)
            q0 = (int(a[0] + (b[0] - a[0]) * t0), int(a[1] + (b[1] - a[1]) * t0))
            q1 = (int(a[0] + (b[0] - a[0]) * t1), int(a[1] + (b[1] - a[1]) * t1))
            cv2.line(img, q0, q1, colour, th)


def render(
    pixels: np.ndarray,
    labels: PageLabels,
    masks: dict[str, np.ndarray],
    score: dict,
    max_side: int = 1600,
    min_side: int = 900,
) -> np.ndarray:
    """RGB uint8 picture (longest side from ``min_side`` to ``max_side``) with boxes, detections
    and a legend."""
    img = _rgb8(pixels)
    h, w = img.shape[:2]
    # reduce large pages; enlarge small ones so that boxes and the legend stay readable
    f = max(h, w) / max_side if max(h, w) > max_side else min(1.0, max(h, w) / min_side)
    size = (max(1, round(w / f)), max(1, round(h / f)))
    interp = cv2.INTER_AREA if f > 1 else cv2.INTER_LINEAR
    small = cv2.resize(img, size, interpolation=interp) if f != 1 else img.copy()
    # lighten the page so the outlines read
    small = (small.astype(np.float32) * 0.75 + 64).astype(np.uint8)
    th = max(1, round(max(size) / 800))
    fill = small.copy()
    outlines = []
    for cls, colour in COLOURS.items():
        m = masks.get(cls)
        if m is None or not m.any():
            continue
        m8 = cv2.resize(m.astype(np.uint8) * 255, size, interpolation=interp)
        m8 = (m8 > 0).astype(np.uint8)
        fill[m8 > 0] = colour
        cnts, _ = cv2.findContours(m8, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        outlines.append((cnts, colour))
    small = cv2.addWeighted(small, 0.65, fill, 0.35, 0)
    for cnts, colour in outlines:
        cv2.drawContours(small, cnts, -1, colour, th)

    def pt(x, y):
        return int(round(x / f)), int(round(y / f))

    for box in labels.ignore:
        x, y, bw, bh = box
        _dashed_rect(small, pt(x, y), pt(x + bw, y + bh), IGNORE_COLOUR, th, 4 * th)
    for cls, key in LABEL_KEY.items():
        missed = {tuple(b) for b in score["classes"][cls]["missed_boxes"]}
        for box in labels.boxes.get(key, []):
            x, y, bw, bh = box
            p0, p1 = pt(x - 2 * f, y - 2 * f), pt(x + bw + 2 * f, y + bh + 2 * f)
            if tuple(box) in missed:
                _dashed_rect(small, p0, p1, COLOURS[cls], th + 1, 5 * th)
            else:
                cv2.rectangle(small, p0, p1, COLOURS[cls], th + 1)
    # legend
    scale = max(0.35, max(size) / 2000)
    lh = int(22 * scale) + 2
    lines = []
    for cls in COLOURS:
        c = score["classes"][cls]
        if c["status"] == "measured":
            text = f"{cls}: {c['count']} det, {c['found']}/{c['boxes']} boxes, {c['false_count']} false"
        else:
            text = f"{cls}: {c['status'].replace('_', ' ')}"
        lines.append((text, COLOURS[cls]))
    width = int(330 * scale * 1.6)
    cv2.rectangle(small, (0, 0), (min(width, size[0]), lh * len(lines) + 6), (255, 255, 255), -1)
    for i, (text, colour) in enumerate(lines):
        y = lh * (i + 1)
        cv2.rectangle(small, (4, y - lh + 6), (4 + lh - 6, y), colour, -1)
        cv2.putText(
            small, text, (lh + 2, y - 2), cv2.FONT_HERSHEY_SIMPLEX, 0.5 * scale * 1.4, (0, 0, 0), 1
        )
    return small


def write_png(img: np.ndarray, path) -> None:
    """Write an RGB picture as PNG."""
    ok, buf = cv2.imencode(".png", cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    if not ok:
        raise OSError(f"PNG encoding failed for {path}")
    from conservator.outputs import write_bytes

    write_bytes(path, buf.tobytes())  # never onto an input; atomic
