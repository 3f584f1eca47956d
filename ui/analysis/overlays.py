"""Coloured per-class overlays of the analysis masks and outlines of the findings, on the scene.

A full-size mask of a 100 MP scan is reduced (area average → coverage 0–255) to at most
:data:`OVERLAY_MAX_SIDE` pixels on its long side, in the worker thread, and shown as an 8-bit
indexed image whose colour table carries the class colour with alpha = coverage. Rejected or
re-classified detector findings are cut out of their class overlay.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QImage, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
)

from ui.analysis.review import CLASS_COLOURS, Finding, FindingsModel, region_extra

OVERLAY_MAX_SIDE = 4096
Z_OVERLAY = 0
Z_OUTLINE = 10
Z_SELECTED = 20


def reduce_mask(mask, max_side: int = OVERLAY_MAX_SIDE, chunk_rows: int = 2048) -> np.ndarray:
    """Area coverage (uint8 0–255) of a full-size mask, at most ``max_side`` on its long side."""
    import cv2

    mask = np.asarray(mask)
    h, w = mask.shape[:2]
    f = min(1.0, max_side / max(h, w))
    ow, oh = max(1, round(w * f)), max(1, round(h * f))
    if f == 1.0:
        return (mask.astype(bool).astype(np.uint8) * 255) if mask.dtype != np.uint8 else mask
    # reduce in row bands so no full-size temporary is made
    step = max(1, int(chunk_rows * f)) / f
    out = np.zeros((oh, ow), np.uint8)
    y = 0.0
    while y < h:
        y0, y1 = int(round(y)), int(min(h, round(y + step)))
        oy0, oy1 = int(round(y0 * f)), int(min(oh, round(y1 * f)))
        if oy1 > oy0:
            band = mask[y0:y1]
            band = (band != 0).astype(np.uint8) * 255 if band.dtype != np.uint8 else band
            out[oy0:oy1] = cv2.resize(band, (ow, oy1 - oy0), interpolation=cv2.INTER_AREA)
        y += step
    return out


def reduce_source(src, max_side: int = OVERLAY_MAX_SIDE) -> np.ndarray:
    """Coverage of a lazy ``MaskSource`` (``shape``, ``patches``, ``low``) without a full mask."""
    import cv2

    h, w = src.shape
    f = min(1.0, max_side / max(h, w))
    ow, oh = max(1, round(w * f)), max(1, round(h * f))
    out = np.zeros((oh, ow), np.uint8)
    low = getattr(src, "low", None)
    if low is not None and low.any():
        out = cv2.resize(low.astype(np.uint8) * 255, (ow, oh), interpolation=cv2.INTER_AREA)
    for y0, x0, patch in getattr(src, "patches", ()):
        ph, pw = patch.shape
        oy0, ox0 = int(y0 * f), int(x0 * f)
        oy1, ox1 = (
            min(oh, max(oy0 + 1, round((y0 + ph) * f))),
            min(ow, max(ox0 + 1, round((x0 + pw) * f))),
        )
        if oy1 <= oy0 or ox1 <= ox0:
            continue
        small = cv2.resize(
            patch.astype(np.uint8) * 255, (ox1 - ox0, oy1 - oy0), interpolation=cv2.INTER_AREA
        )
        np.maximum(out[oy0:oy1, ox0:ox1], small, out=out[oy0:oy1, ox0:ox1])
    return out


def full_res_patches(masks) -> dict[str, list]:
    """Full-resolution pieces ``(y0, x0, bool array)`` of lazy masks made only of patches.

    Shown instead of the reduced coverage when zoomed in, so outlines stay exact at 100 % and
    beyond. Classes with a reduced-resolution part (fading) keep the coverage only.
    """
    out: dict[str, list] = {}
    if not callable(getattr(masks, "source", None)):
        return out
    for name in list(masks):
        src = masks.source(name)
        if getattr(src, "low", None) is None and getattr(src, "patches", None):
            out[name] = list(src.patches)
    return out


def overlay_data(result) -> dict:
    """What the overlays need from an analysis result (computed in the worker thread)."""
    masks = getattr(result, "masks", {})
    return {"coverage": reduce_masks(masks), "patches": full_res_patches(masks)}


def reduce_masks(masks) -> dict[str, np.ndarray]:
    """Overlay coverage of every class mask (run in the analysis worker).

    Lazy masks (``masks.source(name)``) are reduced patch by patch, so no full-size mask of a
    100 MP scan is ever built for display.
    """
    out = {}
    lazy = callable(getattr(masks, "source", None))
    for name in list(masks or {}):
        if lazy:
            out[name] = reduce_source(masks.source(name))
        else:
            out[name] = reduce_mask(masks[name])
    return out


class ClassOverlay(QGraphicsPixmapItem):
    """One damage class drawn over the scan in its colour.

    Zoomed out, the reduced coverage is drawn; zoomed in (closer than twice its scale), the
    full-resolution patches are drawn instead when the class has them.
    """

    def __init__(self, name: str, coverage: np.ndarray, scan_w: int, scan_h: int, patches=None):
        super().__init__()
        self.name = name
        self.base = coverage
        self.scan_w, self.scan_h = scan_w, scan_h
        self.patches = list(patches or [])
        self.patch_items: list[QGraphicsPixmapItem] = []
        self.boxes: list = []
        self.detailed = False
        self.setZValue(Z_OVERLAY)
        self.setTransformationMode(Qt.FastTransformation)
        self.setShapeMode(QGraphicsPixmapItem.BoundingRectShape)
        self.setAcceptedMouseButtons(Qt.NoButton)
        oh, ow = coverage.shape
        self.setTransform(QTransform.fromScale(scan_w / ow, scan_h / oh))
        self.set_hidden_boxes([])

    def switch_scale(self) -> float:
        """The view zoom above which the full-resolution patches are shown."""
        return 2.0 * self.base.shape[1] / self.scan_w

    def set_detailed(self, on: bool) -> None:
        """Show the full-resolution patches (True) or the reduced coverage (False)."""
        on = bool(on and self.patches)
        if on == self.detailed and (self.patch_items or not on):
            return
        self.detailed = on
        if on and not self.patch_items:
            self._make_patch_items()
        for it in self.patch_items:
            it.setVisible(on and self.isVisible())
        self.setPixmap(self._pixmap if not on else QPixmap())

    def setVisible(self, visible: bool) -> None:  # noqa: N802  (Qt override)
        super().setVisible(visible)
        for it in self.patch_items:
            it.setVisible(visible and self.detailed)

    def setOpacity(self, opacity: float) -> None:  # noqa: N802  (Qt override)
        super().setOpacity(opacity)
        for it in self.patch_items:
            it.setOpacity(opacity)

    def _make_patch_items(self) -> None:
        scene = self.scene()
        c = CLASS_COLOURS.get(self.name, QColor("grey"))
        table = [QColor(0, 0, 0, 0).rgba(), QColor(c.red(), c.green(), c.blue(), 255).rgba()]
        for y0, x0, patch in self.patches:
            arr = patch.astype(np.uint8)  # a copy: cuts never touch the analysis result
            for bx, by, bw, bh in self.boxes:  # rejected / re-classified findings
                ix0, iy0 = max(0, int(bx) - x0), max(0, int(by) - y0)
                ix1, iy1 = int(np.ceil(bx + bw)) - x0, int(np.ceil(by + bh)) - y0
                if ix1 > 0 and iy1 > 0 and ix0 < arr.shape[1] and iy0 < arr.shape[0]:
                    arr[iy0:iy1, ix0:ix1] = 0
            img = QImage(
                arr.data, arr.shape[1], arr.shape[0], arr.strides[0], QImage.Format_Indexed8
            )
            img.setColorTable(table)
            item = QGraphicsPixmapItem(QPixmap.fromImage(img))
            item.setOffset(x0, y0)
            item.setZValue(Z_OVERLAY)
            item.setAcceptedMouseButtons(Qt.NoButton)
            item.setOpacity(self.opacity())
            item.setVisible(self.isVisible() and self.detailed)
            if scene is not None:
                scene.addItem(item)
            self.patch_items.append(item)

    def drop_patch_items(self) -> None:
        for it in self.patch_items:
            if it.scene() is not None:
                it.scene().removeItem(it)
        self.patch_items = []

    def set_hidden_boxes(self, boxes) -> None:
        """Show the coverage except inside ``boxes`` ((x, y, w, h) in scan pixels)."""
        self.boxes = list(boxes)
        if self.patch_items:
            self.drop_patch_items()
            if self.detailed:
                self._make_patch_items()
        cov = self.base
        if boxes:
            cov = cov.copy()
            oh, ow = cov.shape
            fx, fy = ow / self.scan_w, oh / self.scan_h
            for x, y, w, h in boxes:
                x0, y0 = int(x * fx), int(y * fy)
                x1, y1 = int(np.ceil((x + w) * fx)), int(np.ceil((y + h) * fy))
                cov[y0:y1, x0:x1] = 0
        self._buf = np.ascontiguousarray(cov)
        oh, ow = self._buf.shape
        img = QImage(self._buf.data, ow, oh, self._buf.strides[0], QImage.Format_Indexed8)
        c = CLASS_COLOURS.get(self.name, QColor("grey"))
        img.setColorTable([QColor(c.red(), c.green(), c.blue(), a).rgba() for a in range(256)])
        self._pixmap = QPixmap.fromImage(img)
        self.setPixmap(self._pixmap if not self.detailed else QPixmap())


class _RegionItem(QGraphicsPolygonItem):
    """A manual region's outline; the selected one can be dragged to a new place."""

    def __init__(self, polygon: QPolygonF, uid: int, moved):
        super().__init__(polygon)
        self.uid = uid
        self.moved = moved

    def set_movable(self, on: bool) -> None:
        self.setFlag(QGraphicsItem.ItemIsMovable, on)
        self.setAcceptedMouseButtons(Qt.LeftButton if on else Qt.NoButton)
        self.setCursor(Qt.SizeAllCursor if on else Qt.ArrowCursor)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        d = self.pos()
        if abs(d.x()) + abs(d.y()) >= 0.5:  # after this event: the edit replaces this item
            QTimer.singleShot(0, lambda: self.moved(self.uid, d.x(), d.y()))


class _Handle(QGraphicsRectItem):
    """A corner of the selected manual polygon; drag it to reshape the region."""

    SIZE = 9

    def __init__(self, uid: int, index: int, pos: QPointF, moving, moved):
        h = self.SIZE / 2
        super().__init__(QRectF(-h, -h, self.SIZE, self.SIZE))
        self.uid, self.index, self.moving, self.moved = uid, index, moving, moved
        self.setPos(pos)
        self.setFlag(QGraphicsItem.ItemIgnoresTransformations, True)
        self.setFlag(QGraphicsItem.ItemIsMovable, True)
        self.setFlag(QGraphicsItem.ItemSendsScenePositionChanges, True)
        self.setBrush(QBrush(QColor(255, 230, 0)))
        pen = QPen(QColor(40, 40, 40), 1)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(Z_SELECTED + 1)
        self.setCursor(Qt.CrossCursor)

    def itemChange(self, change, value):  # noqa: N802  (Qt override)
        if change == QGraphicsItem.ItemPositionHasChanged:
            self.moving(self.index, self.pos())
        return super().itemChange(change, value)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802  (Qt override)
        super().mouseReleaseEvent(event)
        p = self.pos()
        QTimer.singleShot(0, lambda: self.moved(self.uid, self.index, p.x(), p.y()))


#: Corner handles are offered for manual polygons with at most this many corners (not brushes).
MAX_HANDLES = 64


class OverlayManager:
    """Keeps the scene's overlays and outlines in step with a :class:`FindingsModel`."""

    def __init__(self, scene: QGraphicsScene, model: FindingsModel):
        self.scene = scene
        self.model = model
        self.class_items: dict[str, ClassOverlay] = {}
        self.outlines: dict[int, QGraphicsItem] = {}
        self.visible: dict[str, bool] = {}
        self.opacity = 0.55
        self.fill = False  # outlines only by default: the damage stays visible underneath
        self.hidden = False  # every overlay hidden while the hide key is held
        self.selected: int | None = None
        self.editable = True  # False for a finalised check: regions cannot be moved
        self.handles: list[_Handle] = []
        self.scan_size = (0, 0)
        model.findingChanged.connect(self._changed)
        model.findingsReset.connect(self.rebuild_outlines)
        model.rowsInserted.connect(lambda *a: self.rebuild_outlines())
        model.rowsRemoved.connect(lambda *a: self.rebuild_outlines())

    def clear(self) -> None:
        self._clear_handles()
        for it in self.class_items.values():
            it.drop_patch_items()
        for it in list(self.class_items.values()) + list(self.outlines.values()):
            if it.scene() is self.scene:
                self.scene.removeItem(it)
        self.class_items.clear()
        self.outlines.clear()
        self.selected = None

    def set_masks(
        self, coverage: dict[str, np.ndarray], scan_w: int, scan_h: int, patches=None
    ) -> None:
        for it in self.class_items.values():
            it.drop_patch_items()
            self.scene.removeItem(it)
        self.class_items.clear()
        self.scan_size = (scan_w, scan_h)
        patches = patches or {}
        for name, cov in coverage.items():
            item = ClassOverlay(name, cov, scan_w, scan_h, patches.get(name))
            self.scene.addItem(item)
            item.setOpacity(self.opacity)
            item.setVisible(self._fill_shown(name))
            self.class_items[name] = item
        self._refresh_cuts()
        self.set_zoom(self.zoom)

    zoom = 0.0

    def set_zoom(self, zoom: float) -> None:
        """Full-resolution patches when zoomed in, reduced coverage when zoomed out."""
        self.zoom = zoom
        for item in self.class_items.values():
            item.set_detailed(zoom >= item.switch_scale())

    def _fill_shown(self, name: str) -> bool:
        return self.fill and not self.hidden and self.visible.get(name, True)

    def _outline_shown(self, name: str) -> bool:
        return not self.hidden and self.visible.get(name, True)

    def set_visible(self, name: str, on: bool) -> None:
        self.visible[name] = on
        self._refresh_visibility()

    def set_fill(self, on: bool) -> None:
        """Filled regions (``True``) or outlines only (the default)."""
        self.fill = on
        self._refresh_visibility()
        for uid in list(self.outlines):
            self._style(uid)

    def set_hidden(self, on: bool) -> None:
        """Hide every overlay and outline (while the hide key is held)."""
        self.hidden = on
        self._refresh_visibility()

    def _refresh_visibility(self) -> None:
        for name, item in self.class_items.items():
            item.setVisible(self._fill_shown(name))
        for uid, item in self.outlines.items():
            f = self.model.get(uid)
            if f is not None:
                item.setVisible(self._outline_shown(f.cls))

    def set_opacity(self, opacity: float) -> None:
        self.opacity = opacity
        for it in self.class_items.values():
            it.setOpacity(opacity)

    def finding_at(self, x: float, y: float) -> int | None:
        """The visible finding under a scene point (the smallest, so spots win over areas)."""
        best, best_area = None, None
        for f in self.model.items:
            item = self.outlines.get(f.uid)
            if item is None or not item.isVisible():
                continue
            bx, by, bw, bh = f.bbox
            if not (bx - 2 <= x <= bx + bw + 2 and by - 2 <= y <= by + bh + 2):
                continue
            if f.polygon and not item.contains(item.mapFromScene(QPointF(x, y))):
                continue
            area = bw * bh
            if best_area is None or area < best_area:
                best, best_area = f.uid, area
        return best

    def select(self, uid: int | None) -> None:
        old, self.selected = self.selected, uid
        for u in (old, uid):
            if u is not None and u in self.outlines:
                self._style(u)
        self._make_handles()

    # --- corner handles of the selected manual polygon -------------------------------------------
    def _clear_handles(self) -> None:
        for h in self.handles:
            if h.scene() is not None:
                h.scene().removeItem(h)
        self.handles = []

    def _make_handles(self) -> None:
        self._clear_handles()
        f = self.model.get(self.selected) if self.selected is not None else None
        if (
            f is None
            or f.source != "manual"
            or not f.polygon
            or f.shape == "brush"
            or len(f.polygon) > MAX_HANDLES
            or not self.editable
            or not self.visible.get(f.cls, True)
        ):
            return
        for i, (x, y) in enumerate(f.polygon):
            h = _Handle(f.uid, i, QPointF(x, y), self._corner_moving, self._corner_moved)
            self.scene.addItem(h)
            self.handles.append(h)

    def _corner_moving(self, index: int, pos: QPointF) -> None:
        item = self.outlines.get(self.selected)
        if isinstance(item, QGraphicsPolygonItem):
            poly = item.polygon()
            if 0 <= index < poly.count():
                poly[index] = item.mapFromScene(pos)
                item.setPolygon(poly)

    def _corner_moved(self, uid: int, index: int, x: float, y: float) -> None:
        f = self.model.get(uid)
        if f is None or not f.polygon or not 0 <= index < len(f.polygon):
            return
        if abs(f.polygon[index][0] - x) + abs(f.polygon[index][1] - y) < 0.5:
            return
        from conservator.analysis.regions import measure_region

        pts = list(f.polygon)
        pts[index] = (x, y)
        m = measure_region(pts, self.model.px_per_mm)
        self.model.edit(
            uid,
            QCoreApplication.translate("FindingsModel", "Move corner"),
            polygon=pts,
            bbox=tuple(m["bbox"]),
            area_px=m["area_px"],
            area_mm2=m["area_mm2"],
            extra={**f.extra, **region_extra(m)},
            shape="polygon",
        )

    # --- internals ----------------------------------------------------------------------------
    def _changed(self, uid: int) -> None:
        f = self.model.get(uid)
        if f is None:
            item = self.outlines.pop(uid, None)
            if item is not None:
                self.scene.removeItem(item)
        elif uid in self.outlines:
            self._replace_outline(f)
        else:
            self._add_outline(f)
        self._refresh_cuts()
        if uid == self.selected:
            self._make_handles()

    def _refresh_cuts(self) -> None:
        cuts: dict[str, list] = {}
        for f in self.model.items:
            if f.source == "auto" and (f.status == "rejected" or f.detector_cls):
                cuts.setdefault(f.detector_cls or f.cls, []).append(f.bbox)
        for name, item in self.class_items.items():
            boxes = cuts.get(name, [])
            if boxes or getattr(item, "_had_cuts", False):
                item.set_hidden_boxes(boxes)
                item._had_cuts = bool(boxes)

    def rebuild_outlines(self) -> None:
        for it in self.outlines.values():
            self.scene.removeItem(it)
        self.outlines.clear()
        for f in self.model.items:
            self._add_outline(f)
        self._refresh_cuts()
        if self.selected is not None and self.model.get(self.selected) is None:
            self.selected = None
        self._make_handles()

    def _replace_outline(self, f: Finding) -> None:
        old = self.outlines.pop(f.uid)
        self.scene.removeItem(old)
        self._add_outline(f)

    def _moved(self, uid: int, dx: float, dy: float) -> None:
        f = self.model.get(uid)
        if f is None or not f.polygon:
            return
        x, y, w, h = f.bbox
        self.model.edit(
            uid,
            QCoreApplication.translate("FindingsModel", "Move region"),
            polygon=[(px + dx, py + dy) for px, py in f.polygon],
            bbox=(x + dx, y + dy, w, h),
        )

    def _add_outline(self, f: Finding) -> None:
        if f.polygon:
            poly = QPolygonF([QPointF(x, y) for x, y in f.polygon])
            item = _RegionItem(poly, f.uid, self._moved) if f.source == "manual" else None
            item = item or QGraphicsPolygonItem(poly)
        else:
            x, y, w, h = f.bbox
            item = QGraphicsRectItem(QRectF(x, y, w, h))
        item.setAcceptedMouseButtons(Qt.NoButton)
        item.setData(0, f.uid)
        self.scene.addItem(item)
        self.outlines[f.uid] = item
        self._style(f.uid)
        item.setVisible(self._outline_shown(f.cls))

    def _style(self, uid: int) -> None:
        f = self.model.get(uid)
        item = self.outlines.get(uid)
        if f is None or item is None:
            return
        c = QColor(CLASS_COLOURS.get(f.cls, QColor("grey")))
        pen = QPen(c, 1.5)
        pen.setCosmetic(True)
        brush = QBrush(Qt.NoBrush)
        if f.source == "manual" and self.fill:
            fill = QColor(c)
            fill.setAlpha(int(110 * self.opacity / 0.55) if self.opacity else 0)
            brush = QBrush(fill)
        if f.status == "rejected":
            pen = QPen(QColor(150, 150, 150), 1.2, Qt.DashLine)
            pen.setCosmetic(True)
            brush = QBrush(Qt.NoBrush)
        if uid == self.selected:
            pen = QPen(QColor(255, 230, 0), 3)
            pen.setCosmetic(True)
            item.setZValue(Z_SELECTED)
        else:
            item.setZValue(Z_OUTLINE)
        if isinstance(item, _RegionItem):
            item.set_movable(uid == self.selected and self.editable)
        item.setPen(pen)
        item.setBrush(brush)


class HoldToHide(QObject):
    """While a key (H) is held down in ``window``, every overlay is hidden (installed on the
    application, so it works whichever part of the window has the focus, text fields aside)."""

    def __init__(self, window, overlays: OverlayManager, key=Qt.Key.Key_H):
        super().__init__(window)
        self.window, self.overlays, self.key = window, overlays, key
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        from ui.formsafety import is_input_widget

        t = event.type()
        if t not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if event.key() != self.key or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if QApplication.activeWindow() is not self.window:
            return False
        if is_input_widget(QApplication.focusWidget()):
            return False
        if not event.isAutoRepeat():
            self.overlays.set_hidden(t == QEvent.Type.KeyPress)
        return True
