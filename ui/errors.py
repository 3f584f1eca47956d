"""One place where errors reach the user: a dialog with a clear message and copyable details.

``install_excepthook()`` routes uncaught exceptions (GUI thread via ``sys.excepthook``, other
threads via ``threading.excepthook``) to the same dialog, so no action crashes the app.
"""

from __future__ import annotations

import sys
import threading
import traceback

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from conservator.errors import ConservatorError


def describe(exc: BaseException, *, path: bool = True) -> tuple[str, str]:
    """The one-line message and the details (file, traceback) of an exception.

    ``path=False`` leaves the file out of the message (it stays in the details): for errors
    where the file is the records database, which tells the user nothing.
    """
    if isinstance(exc, ConservatorError):
        message = exc.one_line() if path else " ".join(exc.message.split())
    elif isinstance(exc, MemoryError):
        message = QCoreApplication.translate(
            "ErrorDialog", "Not enough memory for this operation. Close other scans or programs."
        )
    elif isinstance(exc, OSError):
        message = f"{exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else "")
    else:
        message = QCoreApplication.translate("ErrorDialog", "Unexpected error: {0}").format(
            f"{type(exc).__name__}: {exc}"
        )
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return message, details


def make_error_dialog(
    parent: QWidget | None, exc: BaseException, title: str = "", *, path: bool = True
) -> QMessageBox:
    """The error dialog (not shown): message, details to copy, and a Copy button."""
    message, details = describe(exc, path=path)
    if not path and getattr(exc, "path", None):
        details = f"{exc.path}\n\n{details}"
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Warning if isinstance(exc, ConservatorError) else QMessageBox.Critical)
    box.setWindowTitle(title or QCoreApplication.translate("ErrorDialog", "Conservator — error"))
    box.setText(message)
    box.setDetailedText(details)
    box.setTextInteractionFlags(Qt.TextSelectableByMouse)
    copy = box.addButton(
        QCoreApplication.translate("ErrorDialog", "Copy details"), QMessageBox.ActionRole
    )
    box.addButton(QMessageBox.Close)
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(f"{message}\n\n{details}"))
    box.setObjectName("errorDialog")
    return box


#: Set by tests: a callable receiving (parent, exc) instead of a modal dialog.
dialog_hook = None


def show_error(
    parent: QWidget | None, exc: BaseException, title: str = "", *, path: bool = True
) -> None:
    """Show ``exc`` to the user (modal), or hand it to :data:`dialog_hook` when set.

    ``path=False``: the message leaves out the file (see :func:`describe`).
    """
    if dialog_hook is not None:
        dialog_hook(parent, exc)
        return
    make_error_dialog(parent, exc, title, path=path).exec()


class _Relay(QObject):
    raised = Signal(object)


_relay: _Relay | None = None


def install_excepthook() -> None:
    """Send uncaught exceptions of any thread to the error dialog instead of crashing."""
    global _relay
    if _relay is not None:
        return
    _relay = _Relay()
    _relay.raised.connect(lambda exc: show_error(QApplication.activeWindow(), exc))

    def hook(etype, value, tb):
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, value, tb)
            return
        traceback.print_exception(etype, value, tb)
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        _relay.raised.emit(value)  # queued to the GUI thread when raised elsewhere

    def thread_hook(args):
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
