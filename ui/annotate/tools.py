"""Manual annotation tools on the scan view: rectangle, polygon and brush.

A tool receives scene (scan pixel) positions from :class:`ui.viewer.view.ScanView`, draws a
preview, and when the shape is complete calls ``on_done(shape, points)`` with the closed outline
in scan pixels. The main window turns that into a :class:`ui.analysis.review.Finding` through the
undo stack. Esc cancels the shape being drawn.
"""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene

Points = list[tuple[float, float]]


def brush_outline(stroke: Points, width: float, limit: tuple[int, int] | None = None) -> Points:
    """The outline of a brush stroke (polyline ``stroke`` of ``width`` px) as a polygon."""
    pts = np.asarray(stroke, dtype=np.float64)
    r = width / 2.0
    x0, y0 = np.floor(pts.min(axis=0) - r - 2)
    x1, y1 = np.ceil(pts.max(axis=0) + r + 2)
    scale = min(1.0, 4096.0 / max(x1 - x0, y1 - y0, 1))  # bound the raster for huge strokes
    w, h = int((x1 - x0) * scale) + 1, int((y1 - y0) * scale) + 1
    canvas = np.zeros((h, w), np.uint8)
    local = np.round((pts - (x0, y0)) * scale * 4).astype(np.int32)  # 2 fractional bits
    thick = max(1, int(round(width * scale)))
    if len(local) == 1:
        cv2.circle(canvas, tuple(local[0]), thick * 2, 255, -1, cv2.LINE_8, 2)
    else:
        cv2.polylines(canvas, [local.reshape(-1, 1, 2)], False, 255, thick, cv2.LINE_8, 2)
    contours, _ = cv2.findContours(canvas, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return []
    c = max(contours, key=cv2.contourArea).reshape(-1, 2).astype(np.float64)
    out = c / scale + (x0, y0)
    if limit is not None:
        out[:, 0] = np.clip(out[:, 0], 0, limit[0])
        out[:, 1] = np.clip(out[:, 1], 0, limit[1])
    return [(float(x), float(y)) for x, y in out]


class Tool:
    """Base of the annotation tools (all methods return True when they used the event)."""

    name = ""

    def __init__(self, scene: QGraphicsScene, on_done, color: QColor | None = None):
        self.scene = scene
        self.on_done = on_done
        self.color = QColor(color or QColor(255, 200, 0))
        self.preview: QGraphicsPathItem | None = None
        self.limit: tuple[int, int] | None = None  # scan width, height

    def _clamp(self, p: QPointF) -> tuple[float, float]:
        x, y = p.x(), p.y()
        if self.limit:
            x = min(max(x, 0.0), float(self.limit[0]))
            y = min(max(y, 0.0), float(self.limit[1]))
        return x, y

    def _show(self, path: QPainterPath, width: float = 0) -> None:
        if self.preview is None:
            self.preview = QGraphicsPathItem()
            self.preview.setZValue(30)
            self.scene.addItem(self.preview)
        pen = QPen(self.color, width or 2)
        pen.setCosmetic(width == 0)
        if width:
            pen.setCapStyle(Qt.RoundCap)
            pen.setJoinStyle(Qt.RoundJoin)
        self.preview.setPen(pen)
        self.preview.setPath(path)

    def cancel(self) -> None:
        if self.preview is not None:
            self.scene.removeItem(self.preview)
            self.preview = None

    def deactivate(self) -> None:
        self.cancel()

    def press(self, p: QPointF, event) -> bool:
        return False

    def move(self, p: QPointF, event) -> bool:
        return False

    def release(self, p: QPointF, event) -> bool:
        return False

    def double_click(self, p: QPointF, event) -> bool:
        return False

    def key(self, event) -> bool:
        if event.key() == Qt.Key_Escape and self.preview is not None:
            self.cancel()
            return True
        return False


class RectTool(Tool):
    """Drag a rectangle."""

    name = "rectangle"

    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.start: tuple[float, float] | None = None

    def press(self, p, event) -> bool:
        self.start = self._clamp(p)
        return True

    def move(self, p, event) -> bool:
        if self.start is None:
            return False
        path = QPainterPath()
        path.addRect(QRectF(QPointF(*self.start), QPointF(*self._clamp(p))).normalized())
        self._show(path)
        return True

    def release(self, p, event) -> bool:
        if self.start is None:
            return False
        (x0, y0), (x1, y1) = self.start, self._clamp(p)
        self.start = None
        self.cancel()
        if abs(x1 - x0) >= 2 and abs(y1 - y0) >= 2:
            xa, xb, ya, yb = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
            self.on_done("rect", [(xa, ya), (xb, ya), (xb, yb), (xa, yb)])
        return True

    def cancel(self) -> None:
        self.start = None
        super().cancel()


class PolygonTool(Tool):
    """Click the corners; double-click, Enter or a click on the first point closes it."""

    name = "polygon"

    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.points: Points = []
        self.hover: tuple[float, float] | None = None

    def _redraw(self) -> None:
        if not self.points:
            return
        path = QPainterPath(QPointF(*self.points[0]))
        for pt in self.points[1:]:
            path.lineTo(QPointF(*pt))
        if self.hover:
            path.lineTo(QPointF(*self.hover))
        self._show(path)

    def press(self, p, event) -> bool:
        pt = self._clamp(p)
        if len(self.points) >= 3 and self._near_first(pt, event):
            self.finish()
            return True
        self.points.append(pt)
        self._redraw()
        return True

    def _near_first(self, pt, event) -> bool:
        views = self.scene.views()
        scale = views[0].zoom() if views and hasattr(views[0], "zoom") else 1.0
        fx, fy = self.points[0]
        return ((pt[0] - fx) ** 2 + (pt[1] - fy) ** 2) ** 0.5 * scale < 8

    def move(self, p, event) -> bool:
        if not self.points:
            return False
        self.hover = self._clamp(p)
        self._redraw()
        return False  # keep the cursor read-out going

    def release(self, p, event) -> bool:
        return bool(self.points)

    def double_click(self, p, event) -> bool:
        if self.points:
            self.finish()
            return True
        return False

    def key(self, event) -> bool:
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.points:
            self.finish()
            return True
        if event.key() == Qt.Key_Backspace and self.points:
            self.points.pop()
            self._redraw()
            return True
        return super().key(event)

    def finish(self) -> None:
        pts = []
        for pt in self.points:  # a double-click adds the same point twice
            if not pts or abs(pt[0] - pts[-1][0]) + abs(pt[1] - pts[-1][1]) > 0.5:
                pts.append(pt)
        self.cancel()
        if len(pts) >= 3:
            self.on_done("polygon", pts)

    def cancel(self) -> None:
        self.points = []
        self.hover = None
        super().cancel()


class BrushTool(Tool):
    """Paint a stroke of :attr:`width` scan pixels; its outline becomes the region."""

    name = "brush"

    def __init__(self, *a, width: float = 40.0, **k):
        super().__init__(*a, **k)
        self.width = width
        self.stroke: Points = []

    def press(self, p, event) -> bool:
        self.stroke = [self._clamp(p)]
        self._draw()
        return True

    def move(self, p, event) -> bool:
        if not self.stroke:
            return False
        self.stroke.append(self._clamp(p))
        self._draw()
        return True

    def _draw(self) -> None:
        path = QPainterPath(QPointF(*self.stroke[0]))
        for pt in self.stroke[1:]:
            path.lineTo(QPointF(*pt))
        if len(self.stroke) == 1:
            path.addEllipse(QPointF(*self.stroke[0]), 0.5, 0.5)
        c = QColor(self.color)
        c.setAlpha(140)
        self.color, old = c, self.color
        self._show(path, self.width)
        self.color = old

    def release(self, p, event) -> bool:
        if not self.stroke:
            return False
        stroke, self.stroke = self.stroke, []
        self.cancel()
        outline = brush_outline(stroke, self.width, self.limit)
        if len(outline) >= 3:
            self.on_done("brush", outline)
        return True

    def cancel(self) -> None:
        self.stroke = []
        super().cancel()


def polygon_item_path(points: Points) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


def distance_text(px: float, px_per_mm: float | None) -> str:
    """A measured distance in mm with the scan's resolution, else in pixels, in the interface
    language's digits, decimal mark and unit symbol (``12,5 мм``, ``۱۲٫۵ میلی‌متر``)."""
    from ui.i18n import quantity

    if px_per_mm:
        return quantity(px / px_per_mm, "mm", 1)
    return quantity(px, "px", 0)


class RulerTool(Tool):
    """Drag to measure a distance; the line and its length stay until the next measurement.
    Nothing is added to the findings. ``px_per_mm`` (None: pixels) is set by the window."""

    name = "ruler"

    def __init__(self, scene: QGraphicsScene, on_measure=None, color: QColor | None = None):
        super().__init__(
            scene, on_measure or (lambda _px, _text: None), color or QColor(0, 200, 255)
        )
        self.start: tuple[float, float] | None = None
        self.px_per_mm: float | None = None
        self.label = None
        self.length_px: float | None = None

    def press(self, p, event) -> bool:
        self.cancel()
        self.start = self._clamp(p)
        return True

    def move(self, p, event) -> bool:
        if self.start is None:
            return False
        self._draw(self._clamp(p))
        return True

    def release(self, p, event) -> bool:
        if self.start is None:
            return False
        end = self._clamp(p)
        self._draw(end)
        self.start = None
        self.on_done(self.length_px, distance_text(self.length_px, self.px_per_mm))
        return True

    def _draw(self, end: tuple[float, float]) -> None:
        from PySide6.QtWidgets import QGraphicsItem, QGraphicsSimpleTextItem

        (x0, y0), (x1, y1) = self.start, end
        path = QPainterPath(QPointF(x0, y0))
        path.lineTo(x1, y1)
        self._show(path)
        self.length_px = float(np.hypot(x1 - x0, y1 - y0))
        if self.label is None:
            self.label = QGraphicsSimpleTextItem()
            self.label.setFlag(QGraphicsItem.ItemIgnoresTransformations)  # readable at any zoom
            self.label.setBrush(self.color)
            self.label.setZValue(31)
            self.scene.addItem(self.label)
        self.label.setText(distance_text(self.length_px, self.px_per_mm))
        self.label.setPos(QPointF((x0 + x1) / 2, (y0 + y1) / 2))

    def text(self) -> str:
        """The last measurement as shown ("" before the first)."""
        return self.label.text() if self.label is not None else ""

    def cancel(self) -> None:
        self.start = None
        if self.label is not None:
            self.scene.removeItem(self.label)
            self.label = None
        super().cancel()

    def key(self, event) -> bool:
        if event.key() == Qt.Key_Escape and (self.preview is not None or self.label is not None):
            self.cancel()
            return True
        return False
