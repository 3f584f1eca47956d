"""Forms never change data by accident: single keys, the wheel, and a badge that never moves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui._scans import make_window, write_scan
from tests.ui.records_fake import FakeStore
from ui.records import ReportEditor


def _count(action):
    hits = []
    action.triggered.connect(lambda *_: hits.append(1))
    return hits


def _focus(qtbot, win, widget):
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    widget.setFocus(Qt.OtherFocusReason)
    qtbot.waitUntil(lambda: widget.hasFocus() or widget.isAncestorOf(QApplication.focusWidget()))


def test_single_key_shortcuts_do_not_fire_in_a_focused_combo_spin_or_field(qtbot, tmp_path):
    write_scan(tmp_path / "page.tif", h=400, w=300)
    win = make_window(qtbot, tmp_path)
    with qtbot.waitSignal(win.scanOpened, timeout=10000):
        win.open_scan(tmp_path / "page.tif")
    assert win.act_accept.isEnabled() and win.class_combo.isEnabled()
    nxt, acc, rect = (
        _count(win.act_next_finding),
        _count(win.act_accept),
        _count(win.act_rect),
    )
    # the shortcuts work when the viewer has the focus …
    _focus(qtbot, win, win.view)
    qtbot.keyClick(win.view, Qt.Key_N)
    assert len(nxt) == 1
    # … but not while a combo (type-ahead), a spin box or a text field is being used
    combo = win.class_combo
    _focus(qtbot, win, combo)
    combo.lineEdit().clear()
    for key in (Qt.Key_N, Qt.Key_A, Qt.Key_M):
        qtbot.keyClick(QApplication.focusWidget(), key)
    assert combo.lineEdit().text().lower() == "nam"  # typed into the class search, no tool
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_N, Qt.ShiftModifier)
    _focus(qtbot, win, win.brush_spin)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_X)
    if win.report_editor is not None:
        field = win.report_editor.item_edits["title"]
        win.report_dock.show()
        _focus(qtbot, win, field)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_A)
    assert (len(nxt), len(acc), len(rect)) == (1, 0, 0)
    # Ctrl shortcuts still work from a form
    _focus(qtbot, win, combo)
    fit = _count(win.act_fit)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_0, Qt.ControlModifier)
    assert len(fit) == 1
    win.shutdown()


@pytest.fixture
def editor(qtbot):
    ed = ReportEditor(FakeStore())
    ed.autosave_ms = 20
    qtbot.addWidget(ed)
    ed.resize(420, 700)
    ed.show()
    ed.load_check(11)
    return ed


def _wheel(widget, delta=-120):
    pos = QPointF(widget.rect().center())
    ev = QWheelEvent(
        pos,
        QPointF(widget.mapToGlobal(pos.toPoint())),
        QPoint(),
        QPoint(0, delta),
        Qt.NoButton,
        Qt.NoModifier,
        Qt.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, ev)


def test_wheel_over_an_unfocused_date_or_combo_does_not_change_it(qtbot, editor):
    date = editor.check_date.date()
    combo = editor.combos["grade_code"]
    grade = combo.currentIndex()
    editor.form_scroll.setFocus()
    for _ in range(3):
        _wheel(editor.check_date)
        _wheel(combo)
    assert editor.check_date.date() == date == QDate(2026, 11, 20)
    assert combo.currentIndex() == grade
    assert not editor.dirty
    # a combo added later (a hazard row) is guarded too
    editor.hazards.add_row()
    QApplication.processEvents()
    row_combo = editor.hazards.table.cellWidget(0, 0)
    index = row_combo.currentIndex()
    _wheel(row_combo)
    assert row_combo.currentIndex() == index
    # clicked into (focused), the wheel does change the value, as the user asked for
    editor.activateWindow()
    editor.check_date.setFocus(Qt.MouseFocusReason)
    qtbot.waitUntil(editor.check_date.hasFocus)
    _wheel(editor.check_date)
    assert editor.check_date.date() != date


def _geometry(editor):
    return [
        (w.objectName(), w.mapTo(editor, QPoint(0, 0)), w.size())
        for w in [editor.form_scroll, *editor.findChildren(QWidget)]
        if w.isVisible()
    ]


def test_autosave_never_moves_the_form(qtbot, editor):
    QApplication.processEvents()
    before = _geometry(editor)
    editor.item_edits["title"].setText("A much longer title of the letter to the governor")
    editor.item_edits["title"].textEdited.emit("x")
    assert editor.dirty
    QApplication.processEvents()
    assert _geometry(editor) == before  # "unsaved changes"
    qtbot.waitUntil(lambda: not editor.dirty, timeout=3000)
    QApplication.processEvents()
    assert _geometry(editor) == before  # "saved"
    # a long message (a final check) is elided on one line, whole in the tooltip
    assert "Draft" in editor.banner.text() and editor.banner.toolTip() == editor.banner.text()
    editor.load_check(10)
    QApplication.processEvents()
    assert "A. Bek" in editor.banner.text()
    assert editor.banner.height() == before_height(before)


def before_height(geom):
    return next(size.height() for name, _pos, size in geom if name == "statusBanner")
