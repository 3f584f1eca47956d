"""The navigator: a small overview of the whole page in a corner of the scan view, with the part
on screen outlined; a click or a drag there moves the view to that place.

It lies over the view (a child of the :class:`~ui.viewer.view.ScanView`, not of its scrolling
viewport), in the bottom corner on the side away from the reading start (right in LTR, left in
Persian), and only while part of the page is out of sight: at "fit" there is nothing to navigate.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

#: The overview's longest side on screen (logical pixels).
SIDE = 180
MARGIN = 12


class Navigator(QWidget):
    """The page overview of a :class:`~ui.viewer.view.ScanView`; :attr:`enabled_by_user` is
    View › Navigator."""

    def __init__(self, view):
        super().__init__(view)
        self.setObjectName("navigator")
        self.view = view
        self.thumb: QImage | None = None
        self._buf = None  # the memory the thumbnail borrows
        self.enabled_by_user = True
        self.setCursor(Qt.PointingHandCursor)
        self.setAttribute(Qt.WA_NoMousePropagation)
        self.hide()
        view.imageReady.connect(self.refresh_image)
        view.sourceReplaced.connect(self.refresh_image)  # the exact overview after the preview
        view.zoomChanged.connect(lambda _z: self.update_position())
        view.horizontalScrollBar().valueChanged.connect(lambda _v: self.update_position())
        view.verticalScrollBar().valueChanged.connect(lambda _v: self.update_position())
        self._viewport = view.viewport()
        view.installEventFilter(self)
        self._viewport.installEventFilter(self)  # its size changes after the view's

    # --- content --------------------------------------------------------------------------
    def refresh_image(self) -> None:
        """Take the thumbnail from the coarsest level of the view's pyramid."""
        src = self.view.source
        if src is None:
            self.thumb = self._buf = None
            self.update_position()
            return
        level = src.levels[-1]
        self._buf = src.to_display(level)
        h, w = self._buf.shape[:2]
        self.thumb = QImage(self._buf.data, w, h, self._buf.strides[0], QImage.Format_RGB32)
        self.update_position()

    def set_enabled_by_user(self, on: bool) -> None:
        self.enabled_by_user = bool(on)
        self.update_position()

    def thumb_size(self) -> tuple[int, int]:
        scan = self.view.scan
        if scan is None:
            return 0, 0
        s = SIDE / max(scan.width, scan.height)
        return max(1, round(scan.width * s)), max(1, round(scan.height * s))

    def scale(self) -> float:
        """Overview pixels per scan pixel."""
        scan = self.view.scan
        return SIDE / max(scan.width, scan.height) if scan is not None else 1.0

    def visible_polygon(self) -> QPolygonF:
        """The part of the page on screen, in scan pixels (rotated or mirrored displays too)."""
        return self.view.mapToScene(self.view.viewport().rect())

    def whole_page_visible(self) -> bool:
        scan = self.view.scan
        if scan is None:
            return True
        seen = self.visible_polygon().boundingRect()
        return seen.contains(QRectF(0, 0, scan.width, scan.height).adjusted(1, 1, -1, -1))

    def update_position(self) -> None:
        """Size and corner of the overview; shown only when part of the page is out of sight."""
        show = (
            self.enabled_by_user
            and self.thumb is not None
            and self.view.scan is not None
            and not self.whole_page_visible()
        )
        if not show:
            self.hide()
            return
        w, h = self.thumb_size()
        self.resize(w + 4, h + 4)
        vp = self.view.viewport().geometry()
        rtl = self.view.layoutDirection() == Qt.RightToLeft
        x = vp.left() + MARGIN if rtl else vp.right() - self.width() - MARGIN
        self.move(x, vp.bottom() - self.height() - MARGIN)
        self.show()
        self.raise_()
        self.update()

    # --- drawing and mouse ----------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        if self.thumb is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.SmoothPixmapTransform, True)
        p.fillRect(self.rect(), QColor(30, 30, 30, 220))
        w, h = self.thumb_size()
        p.drawImage(QRectF(2, 2, w, h), self.thumb)
        s = self.scale()
        poly = QPolygonF([QPointF(2 + pt.x() * s, 2 + pt.y() * s) for pt in self.visible_polygon()])
        p.setClipRect(QRectF(1, 1, w + 2, h + 2))
        pen = QPen(QColor(255, 80, 40), 2)
        p.setPen(pen)
        p.setBrush(QColor(255, 80, 40, 40))
        p.drawPolygon(poly)
        p.end()

    def scene_point(self, pos) -> QPointF:
        """The scan pixel under a point of the overview."""
        s = self.scale()
        scan = self.view.scan
        x = min(max((pos.x() - 2) / s, 0.0), float(scan.width))
        y = min(max((pos.y() - 2) / s, 0.0), float(scan.height))
        return QPointF(x, y)

    def _go(self, event) -> None:
        if self.view.scan is None:
            return
        self.view.centerOn(self.scene_point(event.position()))
        self.update()
        event.accept()

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.LeftButton:
            self._go(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.buttons() & Qt.LeftButton:
            self._go(event)

    def _deferred_update(self) -> None:
        try:
            self.update_position()
        except RuntimeError:  # the view is being destroyed
            pass

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Resize, QEvent.LayoutDirectionChange) and (
            obj is self.view or obj is self._viewport
        ):
            # the viewport's geometry is settled once the view has handled the event
            QTimer.singleShot(0, self, self._deferred_update)
        return False
