"""The scan view: a QGraphicsView over the tiled pyramid with wheel/keyboard zoom, pan and fit."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QPointF, QRectF, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView

from conservator.model.image import ScanImage
from ui.viewer.pyramid import TILE, TileSource, build_levels, preview_level
from ui.viewer.tiles import TiledImageItem, TileLoader

MIN_ZOOM = 1 / 256
MAX_ZOOM = 32.0
PREVIEW_ABOVE = 4096  # long side (px) above which a quick preview is shown first


class _LevelsTask(QRunnable):
    def __init__(self, owner: _LevelsBuilder, gen: int, scan: ScanImage):
        super().__init__()
        self.owner, self.gen, self.scan = owner, gen, scan

    def run(self) -> None:
        pixels = self.scan.pixels
        try:
            if max(pixels.shape[:2]) > PREVIEW_ABOVE:  # something to show at once
                self.owner.done.emit(self.gen, self.scan, [pixels, preview_level(pixels)], False)
            levels = build_levels(pixels, cancelled=lambda: self.gen != self.owner.gen)
        except Exception as exc:  # reported to the GUI thread, never raised in a thread
            levels = exc
        self.owner.done.emit(self.gen, self.scan, levels, True)


class _LevelsBuilder(QObject):
    done = Signal(int, object, object, bool)  # generation, scan, levels or error, final

    def __init__(self, parent=None):
        super().__init__(parent)
        self.gen = 0
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.lock = threading.Lock()

    def build(self, scan: ScanImage) -> None:
        self.gen += 1
        self.pool.start(_LevelsTask(self, self.gen, scan))


class ScanView(QGraphicsView):
    """Shows one scan page; emits its zoom and the cursor position in scan pixels."""

    zoomChanged = Signal(float)
    cursorMoved = Signal(float, float)  # scan pixels (x, y); negative when outside
    imageReady = Signal()  # the pyramid is built and the view fitted
    sourceReplaced = Signal()  # the exact pyramid replaced the quick preview (no refit)
    clicked = Signal(QPointF)  # a left click (not a drag) at this scene position
    failed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setFrameShape(QFrame.NoFrame)
        self.setBackgroundBrush(QBrush(QColor(58, 58, 60)))
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.AnchorViewCenter)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setRenderHint(QPainter.SmoothPixmapTransform, True)
        self.setViewportUpdateMode(QGraphicsView.SmartViewportUpdate)
        self.setMouseTracking(True)
        self.loader = TileLoader(self)
        self._builder = _LevelsBuilder(self)
        self._builder.done.connect(self._levels_built)
        self.scan: ScanImage | None = None
        self.source: TileSource | None = None
        self.item: TiledImageItem | None = None
        self.tool = None  # an annotation tool receiving mouse events, or None to pan
        self._fit_mode = True

    placeholder_text = ""  # drawn in the middle of an empty view (set translated by the owner)

    def drawForeground(self, painter, rect) -> None:  # noqa: N802  (Qt override)
        super().drawForeground(painter, rect)
        if self.scan is None and self.placeholder_text:
            painter.save()
            painter.resetTransform()
            painter.setPen(QColor(200, 200, 200))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            painter.setFont(font)
            painter.drawText(
                self.viewport().rect(), Qt.AlignCenter | Qt.TextWordWrap, self.placeholder_text
            )
            painter.restore()

    # --- content ---------------------------------------------------------------------------
    def set_scan(self, scan: ScanImage | None) -> None:
        """Show ``scan``; the pyramid is built in a worker thread, then :attr:`imageReady`."""
        self.clear_image()
        self.scan = scan
        if scan is None:
            return
        if max(scan.width, scan.height) <= TILE * 2:  # small: no thread hop needed
            self._levels_built(self._builder.gen, scan, build_levels(scan.pixels), True)
        else:
            self._builder.build(scan)

    def clear_image(self) -> None:
        self._builder.gen += 1
        self.loader.set_source(None)
        if self.item is not None:
            self.scene().removeItem(self.item)
            self.item = None
        self.source = None

    def _levels_built(self, gen: int, scan: ScanImage, levels, final: bool) -> None:
        if gen != self._builder.gen or scan is not self.scan:
            return
        if isinstance(levels, Exception):
            self.failed.emit(levels)
            return
        if self.item is not None:  # the exact pyramid replaces the preview
            old = self.source
            self.source = TileSource(scan, levels, mapping=old.mapping, final=final)
            self.loader.set_source(self.source)
            top = (self.source.nlevels - 1, 0, 0)
            self.loader.put(top, self.source.make_tile(*top))  # no blank frame meanwhile
            self.item.set_source(self.source)
            self.sourceReplaced.emit()
            return
        self.source = TileSource(scan, levels, final=final)
        self.item = TiledImageItem(self.source, self.loader)
        self.item.setZValue(-10)
        self.scene().addItem(self.item)
        self.scene().setSceneRect(QRectF(0, 0, scan.width, scan.height))
        self.fit()
        self.imageReady.emit()

    def shutdown(self) -> None:
        """Stop the worker threads (closing the window, end of a test)."""
        self._builder.gen += 1
        self._builder.pool.waitForDone()
        self.loader.shutdown()

    # --- zoom ------------------------------------------------------------------------------
    def zoom(self) -> float:
        """Screen pixels per scan pixel (whatever the display rotation or flip)."""
        t = self.transform()
        return (t.m11() ** 2 + t.m12() ** 2) ** 0.5

    def rotate_display(self, degrees: float) -> None:
        """Turn the display (not the scan, nor any coordinate) by ``degrees`` clockwise."""
        self.rotate(degrees)
        self.zoomChanged.emit(self.zoom())

    def flip_display(self) -> None:
        """Mirror the display left to right (the scan and the coordinates stay as they are)."""
        self.scale(-1, 1)
        self.zoomChanged.emit(self.zoom())

    def display_angle(self) -> float:
        """The display rotation in degrees (0, 90, 180, 270), mirrored or not."""
        import math

        t = self.transform()
        sign = -1 if t.m11() * t.m22() - t.m12() * t.m21() < 0 else 1
        return round(math.degrees(math.atan2(t.m12(), t.m11() * sign))) % 360

    def set_zoom(self, z: float, anchor: QPointF | None = None) -> None:
        z = max(MIN_ZOOM, min(MAX_ZOOM, z))
        cur = self.zoom()
        if cur <= 0 or abs(z - cur) < 1e-12:
            return
        self._fit_mode = False
        old_anchor = self.transformationAnchor()
        if anchor is None:
            self.setTransformationAnchor(QGraphicsView.AnchorViewCenter)
        self.scale(z / cur, z / cur)
        self.setTransformationAnchor(old_anchor)
        self.zoomChanged.emit(self.zoom())

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom() * factor)

    def zoom_in(self) -> None:
        self.zoom_by(2**0.5)

    def zoom_out(self) -> None:
        self.zoom_by(2**-0.5)

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def fit(self) -> None:
        if self.scan is None:
            return
        self.fitInView(QRectF(0, 0, self.scan.width, self.scan.height), Qt.KeepAspectRatio)
        self._fit_mode = True
        self.zoomChanged.emit(self.zoom())

    def frame_rect(
        self, rect: QRectF, px_per_mm: float | None = None, min_context_mm: float = 20.0
    ) -> None:
        """Centre ``rect`` (scan px) with context around it, at :func:`frame_zoom`."""
        vp = self.viewport().rect()
        zoom = frame_zoom(
            rect.width(), rect.height(), vp.width(), vp.height(), px_per_mm, min_context_mm
        )
        self.set_zoom(zoom)
        self.centerOn(rect.center())
        self._fit_mode = False
        self.zoomChanged.emit(self.zoom())

    def zoom_to_rect(self, rect: QRectF, margin: float = 0.3) -> None:
        """Show ``rect`` (scan pixels) with a margin around it, not closer than 4×."""
        m = max(rect.width(), rect.height()) * margin + 8
        target = rect.adjusted(-m, -m, m, m)
        self.fitInView(target, Qt.KeepAspectRatio)
        if self.zoom() > 4:
            self.set_zoom(4.0)
        self.centerOn(rect.center())
        self._fit_mode = False
        self.zoomChanged.emit(self.zoom())

    # --- events ----------------------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        dy = event.angleDelta().y() or event.pixelDelta().y()
        if not dy:
            return
        self.set_zoom(self.zoom() * 2 ** (dy / 480.0), anchor=event.position())
        event.accept()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit_mode and self.scan is not None:
            self.fit()

    def mouseMoveEvent(self, event) -> None:
        p = self.mapToScene(event.position().toPoint())
        if self.scan is not None and 0 <= p.x() < self.scan.width and 0 <= p.y() < self.scan.height:
            self.cursorMoved.emit(p.x(), p.y())
        else:
            self.cursorMoved.emit(-1.0, -1.0)
        if self.tool is not None and self.tool.move(p, event):
            return
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:
        if self.tool is not None and event.button() == Qt.LeftButton:
            if self.tool.press(self.mapToScene(event.position().toPoint()), event):
                return
        self._press_at = event.position().toPoint() if event.button() == Qt.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self.tool is not None and event.button() == Qt.LeftButton:
            if self.tool.release(self.mapToScene(event.position().toPoint()), event):
                return
        press, self._press_at = getattr(self, "_press_at", None), None
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        if press is not None and (pos - press).manhattanLength() < 4:  # a click, not a pan
            self.clicked.emit(self.mapToScene(pos))

    def mouseDoubleClickEvent(self, event) -> None:
        if self.tool is not None and self.tool.double_click(
            self.mapToScene(event.position().toPoint()), event
        ):
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event) -> None:
        if self.tool is not None and self.tool.key(event):
            return
        super().keyPressEvent(event)

    def set_tool(self, tool) -> None:
        """Make ``tool`` receive the mouse (None: drag pans the view)."""
        if self.tool is not None:
            self.tool.deactivate()
        self.tool = tool
        self.setDragMode(QGraphicsView.NoDrag if tool else QGraphicsView.ScrollHandDrag)
        self.viewport().setCursor(Qt.CrossCursor if tool else Qt.OpenHandCursor)


#: The finding covers about this share of the view when framed (N / Shift+N, a table click).
FRAME_SHARE = 1 / 8
#: Framing never zooms in closer than this (100 % = one scan pixel per screen pixel) …
FRAME_MAX_ZOOM = 2.0
#: … unless the finding would be smaller than this many screen pixels there (a tiny spot).
TINY_ON_SCREEN_PX = 24.0
TINY_MAX_ZOOM = 4.0


def frame_zoom(
    w: float,
    h: float,
    view_w: float,
    view_h: float,
    px_per_mm: float | None = None,
    min_context_mm: float = 20.0,
) -> float:
    """The zoom that shows a ``w``×``h`` px finding filling ~1/8 of a ``view_w``×``view_h``
    view, with at least ``min_context_mm`` of the scan around it (with a resolution), never
    above 200 % unless the finding is tiny (then up to 400 %)."""
    w, h = max(w, 1.0), max(h, 1.0)
    view_w, view_h = max(view_w, 1.0), max(view_h, 1.0)
    zoom = (FRAME_SHARE * view_w * view_h / (w * h)) ** 0.5
    zoom = min(zoom, 0.9 * view_w / w, 0.9 * view_h / h)  # the whole finding in view
    if px_per_mm and min_context_mm > 0:  # at least this much of the leaf around it
        ctx = min_context_mm * px_per_mm
        zoom = min(zoom, view_w / (w + ctx), view_h / (h + ctx))
    tiny = max(w, h) * FRAME_MAX_ZOOM < TINY_ON_SCREEN_PX
    return min(zoom, TINY_MAX_ZOOM if tiny else FRAME_MAX_ZOOM)
