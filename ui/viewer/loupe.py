"""The loupe: the scan's own pixels at 100 % (one scan pixel on one screen pixel) under the cursor,
in a small window that follows it over the view, whatever the view's zoom.

View › Loupe (L) switches it on and off; held down, L shows it only while held (a quick press
leaves it on). The pixels are the full-resolution level of the pyramid, colour-managed like the
view (no smoothing, no resampling), so fibres, halftone dots and the edge of a spot can be judged
while the view shows the whole leaf.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QWidget

#: The loupe's side on screen (logical pixels).
SIDE = 220
#: Its distance from the cursor.
OFFSET = 28
#: Holding L longer than this (s) shows the loupe only while held.
HOLD_S = 0.35


class Loupe(QWidget):
    """Shows ``SIDE``×``SIDE`` device pixels of the scan around the cursor, at 1:1."""

    def __init__(self, view):
        super().__init__(view)
        self.setObjectName("loupe")
        self.view = view
        self.image: QImage | None = None
        self.origin: tuple[int, int] | None = None  # scan pixel at the loupe's top-left
        self.centre: tuple[int, int] | None = None
        self._buf = None
        self.active = False
        self.setAttribute(Qt.WA_TransparentForMouseEvents)
        self.resize(SIDE, SIDE)
        self.hide()
        view.cursorMoved.connect(self.follow)

    def set_active(self, on: bool) -> None:
        """Switch the loupe on (it appears at the cursor, or in the view's centre) or off."""
        self.active = bool(on)
        if not self.active:
            self.hide()
            return
        vp = self.view.viewport()
        pos = vp.mapFromGlobal(self.cursor().pos())
        if not vp.rect().contains(pos):
            pos = vp.rect().center()
        p = self.view.mapToScene(pos)
        self.follow(p.x(), p.y())

    def device_side(self) -> int:
        """The loupe's side in device pixels (= scan pixels shown)."""
        return int(round(SIDE * self.devicePixelRatioF()))

    def show_at(self, x: float, y: float) -> None:
        """Fill the loupe with the scan pixels around scan pixel ``(x, y)``."""
        src = self.view.source
        if src is None:
            self.image = None
            return
        n = self.device_side()
        cx, cy = int(x), int(y)
        x0 = min(max(cx - n // 2, 0), max(src.width - n, 0))
        y0 = min(max(cy - n // 2, 0), max(src.height - n, 0))
        block = src.levels[0][y0 : y0 + n, x0 : x0 + n]
        self._buf = np.ascontiguousarray(src.to_display(block))
        h, w = self._buf.shape[:2]
        img = QImage(self._buf.data, w, h, self._buf.strides[0], QImage.Format_RGB32)
        img.setDevicePixelRatio(self.devicePixelRatioF())  # one scan pixel, one device pixel
        self.image, self.origin, self.centre = img, (x0, y0), (cx, cy)
        self.update()

    def follow(self, x: float, y: float) -> None:
        """The cursor moved to scan pixel ``(x, y)`` (negative: off the scan)."""
        if not self.active or self.view.scan is None or x < 0:
            self.hide()
            return
        self.show_at(x, y)
        vp = self.view.viewport()
        cur = self.view.mapFromScene(QPointF(x, y))
        # beside the cursor (below right), flipped to stay inside the view
        left = cur.x() + OFFSET
        if left + SIDE > vp.width():
            left = cur.x() - OFFSET - SIDE
        top = cur.y() + OFFSET
        if top + SIDE > vp.height():
            top = cur.y() - OFFSET - SIDE
        left = min(max(left, 0), max(vp.width() - SIDE, 0))
        top = min(max(top, 0), max(vp.height() - SIDE, 0))
        origin = vp.geometry().topLeft()
        self.move(origin.x() + left, origin.y() + top)
        self.show()
        self.raise_()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(40, 40, 40))
        if self.image is not None:
            p.drawImage(0, 0, self.image)  # unscaled: 100 %
            if self.centre is not None and self.origin is not None:
                dpr = self.devicePixelRatioF()
                cx = (self.centre[0] - self.origin[0]) / dpr
                cy = (self.centre[1] - self.origin[1]) / dpr
                p.setPen(QPen(QColor(255, 80, 40, 200), 1))
                p.drawLine(int(cx) - 12, int(cy), int(cx) - 4, int(cy))
                p.drawLine(int(cx) + 5, int(cy), int(cx) + 13, int(cy))
                p.drawLine(int(cx), int(cy) - 12, int(cx), int(cy) - 4)
                p.drawLine(int(cx), int(cy) + 5, int(cx), int(cy) + 13)
        label = "1:1"
        fm = p.fontMetrics()
        box = QRect(
            4, self.height() - fm.height() - 6, fm.horizontalAdvance(label) + 8, fm.height() + 2
        )
        p.fillRect(box, QColor(0, 0, 0, 160))
        p.setPen(QColor(255, 255, 255))
        p.drawText(box, Qt.AlignCenter, label)
        p.setPen(QPen(QColor(255, 255, 255), 1))
        p.setBrush(Qt.NoBrush)
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        p.end()


class HoldForLoupe(QObject):
    """Holding L (longer than :data:`HOLD_S`) shows the loupe only while it is held: the
    action toggles it on the press, and the release of a long press switches it off again."""

    def __init__(self, window, action, key=Qt.Key.Key_L):
        super().__init__(window)
        self.window, self.action, self.key = window, action, key
        self.pressed_at: float | None = None
        action.triggered.connect(self._toggled)
        QApplication.instance().installEventFilter(self)

    def _toggled(self, on: bool) -> None:
        self.pressed_at = time.monotonic() if on else None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.KeyRelease or event.isAutoRepeat():
            return False
        if event.key() != self.key or self.pressed_at is None:
            return False
        from ui.formsafety import is_input_widget

        if is_input_widget(QApplication.focusWidget()):  # an L typed in a field
            return False
        held = time.monotonic() - self.pressed_at
        self.pressed_at = None
        if held > HOLD_S and self.action.isChecked():
            self.action.setChecked(False)  # toggled(False) hides it
        return False
