"""Errors reach the user as a dialog with copyable details; closing with unsaved work asks."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from conservator.errors import ImageLoadError
from tests.ui._scans import (
    fake_analyze,
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    write_scan,
)

#: Every test here must leave no worker thread running.
pytestmark = pytest.mark.usefixtures("no_leaked_threads")


def test_error_dialog_has_the_message_and_copyable_details(qtbot):
    from ui.errors import make_error_dialog

    try:
        raise ImageLoadError("the file is empty (0 bytes)", "/scans/leaf-12.tif")
    except ImageLoadError as exc:
        box = make_error_dialog(None, exc)
    qtbot.addWidget(box)
    assert box.text() == "the file is empty (0 bytes) (/scans/leaf-12.tif)"
    assert "Traceback" in box.detailedText()
    copy = next(b for b in box.buttons() if b.text() == "Copy details")
    copy.click()
    clip = QGuiApplication.clipboard().text()
    assert clip.startswith("the file is empty") and "ImageLoadError" in clip


def test_uncaught_exception_in_a_slot_becomes_a_dialog_not_a_crash(qtbot, monkeypatch):
    import ui.errors

    shown = []
    monkeypatch.setattr(ui.errors, "dialog_hook", lambda parent, exc: shown.append(exc))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(ui.errors, "_relay", None)
    ui.errors.install_excepthook()
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: bool(shown))
    assert str(shown[0]) == "boom in a slot"
    message, details = ui.errors.describe(shown[0])
    assert "RuntimeError: boom in a slot" in message and "Traceback" in details


def test_closing_with_an_unsaved_review_asks(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "page.tif"
    write_scan(path)
    win = make_window(qtbot, tmp_path, analyze=fake_analyze())
    win.confirm_discard = win._ask_discard  # the real question
    win.open_scan(path, ask=False)
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=False)
    win.findings.set_status([win.findings.items[0].uid], "accepted")
    answers = [QMessageBox.Cancel, QMessageBox.Discard]
    asked = []

    def question(*args, **kwargs):
        asked.append(args[1])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    win.close()
    assert win.isVisible() and asked  # Cancel keeps the window and the review
    win.close()
    assert not win.isVisible() and len(asked) == 2


def test_records_errors_leave_the_database_path_to_the_details(qtbot):
    from conservator.errors import StorageError
    from ui.errors import make_error_dialog

    exc = StorageError("the records database stayed busy; try again", "/home/a/conservator.db")
    box = make_error_dialog(None, exc, path=False)
    qtbot.addWidget(box)
    assert box.text() == "the records database stayed busy; try again"
    assert "/home/a/conservator.db" in box.detailedText()
