"""Forms that do not change data by accident.

- :class:`ShortcutGuard` (installed once on the application): a single-key shortcut (A, X, N,
  Shift+N, M, G, B, H …) never fires while a text field, combo box, spin box or date field
  has the keyboard focus; the key goes to that widget (typing, type-ahead) instead.
- :class:`WheelGuard` (installed once on a form): the mouse wheel never changes the value of
  a combo box, spin box or date field that does not have the focus; it scrolls the form.
- :class:`ElidedLabel`: a one-line status badge of fixed height whose text is elided (the
  full text in its tooltip), so a changing message never moves the layout below it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTextEdit,
    QWidget,
)

#: Widgets that take typed keys (their own children, e.g. a spin box's line edit, count too).
INPUT_WIDGETS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit)
#: Widgets whose value the wheel would change.
VALUE_WIDGETS = (QAbstractSpinBox, QComboBox)

_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def is_input_widget(widget) -> bool:
    """True for a text field, combo, spin box (or a part of one)."""
    while widget is not None:
        if isinstance(widget, INPUT_WIDGETS):
            return True
        if widget.isWindow():
            return False
        widget = widget.parentWidget()
    return False


def is_single_key(event: QKeyEvent) -> bool:
    """A key without Ctrl/Alt/Meta that types something or edits (letters, digits, Space …)."""
    if event.modifiers() & _MODIFIERS:
        return False
    key = event.key()
    if Qt.Key.Key_Space <= key <= Qt.Key.Key_AsciiTilde:
        return True
    return bool(event.text()) and event.text().isprintable()


class ShortcutGuard(QObject):
    """Give single keys to the focused input widget instead of the window's shortcuts."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.ShortcutOverride and is_single_key(event):
            if is_input_widget(QApplication.focusWidget()):
                event.accept()  # delivered as a key press to the widget, no shortcut
        return False


def install_shortcut_guard(app: QApplication | None = None) -> ShortcutGuard:
    """Install the one guard of the application (idempotent)."""
    app = app or QApplication.instance()
    guard = getattr(app, "_conservator_shortcut_guard", None)
    if guard is None:
        guard = ShortcutGuard(app)
        app.installEventFilter(guard)
        app._conservator_shortcut_guard = guard
    return guard


class WheelGuard(QObject):
    """Installed on a form: the wheel over an unfocused value widget scrolls the form."""

    def __init__(self, form: QWidget):
        super().__init__(form)
        self.form = form
        form.installEventFilter(self)
        for w in form.findChildren(QWidget):
            self._guard(w)

    def _guard(self, w: QObject) -> None:
        if isinstance(w, VALUE_WIDGETS):
            # the wheel must not give the focus (then change the value on the next notch)
            if w.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            w.installEventFilter(self)
        elif isinstance(w, QWidget):
            w.installEventFilter(self)  # to see value widgets added later (polished when shown)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        t = event.type()
        if t == QEvent.Type.ChildPolished and isinstance(event.child(), QWidget):
            self._guard(event.child())
            for w in event.child().findChildren(QWidget):
                self._guard(w)
        elif t == QEvent.Type.Wheel and isinstance(obj, VALUE_WIDGETS) and not obj.hasFocus():
            area = _scroll_area(obj)
            if area is not None:
                bar = (
                    area.horizontalScrollBar()
                    if event.angleDelta().y() == 0
                    else area.verticalScrollBar()
                )
                QApplication.sendEvent(bar, event)
            return True  # the value stays as it is
        return False


def _scroll_area(w: QWidget) -> QAbstractScrollArea | None:
    w = w.parentWidget()
    while w is not None:
        if isinstance(w, QAbstractScrollArea) and not isinstance(w, (QPlainTextEdit, QTextEdit)):
            return w
        w = w.parentWidget()
    return None


class ElidedLabel(QLabel):
    """One line, fixed height, elided text (the whole text in the tooltip)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._full = ""
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(40)
        self._fix_height()

    def _fix_height(self) -> None:
        m = self.contentsMargins()
        # contents margins include a stylesheet's padding; room for a border besides
        self.setFixedHeight(self.fontMetrics().height() + m.top() + m.bottom() + 8)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:  # the whole message; the label shows it elided
        return self._full

    def _elide(self) -> None:
        width = max(0, self.contentsRect().width() - 16)
        super().setText(
            self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width)
        )

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fix_height()
            self._elide()
