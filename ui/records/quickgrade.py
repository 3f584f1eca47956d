"""Quick grading of a survey's pages, CALIPR-style: one page after another, the overall grade
(keys 1–4) and the treatment priority (L, N, H, U) set from the keyboard, Enter for the next.

Each key press is saved at once (the draft check's grade becomes the person's, not the
detectors'); a final check cannot change and says so. The detectors' findings of the page are
shown to help, not to decide.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from ui.records import api
from ui.records.vocab import label

GRADES = ("good", "fair", "poor", "unacceptable")
PRIORITIES = (("low", "L"), ("normal", "N"), ("high", "H"), ("urgent", "U"))


class QuickGradeDialog(QDialog):
    """``QuickGradeDialog(store, survey_id)``; ``graded(check_id)`` after each saved change."""

    graded = Signal(int)

    def __init__(self, store, survey_id: int, actor: str | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("QuickGradeDialog")
        self.store, self.survey_id, self.actor = store, int(survey_id), actor
        self.pages = api.survey_pages(store, self.survey_id)
        self.index = 0
        self.position_label = QLabel(self)
        self.item_label = QLabel(self)
        self.item_label.setWordWrap(True)
        self.found_label = QLabel(self)
        self.found_label.setWordWrap(True)
        self.status_label = QLabel(self)
        self.grade_title = QLabel(self)
        self.priority_title = QLabel(self)
        self.grade_group = QButtonGroup(self)
        self.priority_group = QButtonGroup(self)
        grid = QGridLayout()
        grid.addWidget(self.grade_title, 0, 0)
        grid.addWidget(self.priority_title, 1, 0)
        self.grade_buttons = []
        for i, _code in enumerate(GRADES, start=1):
            b = QPushButton(self)
            b.setCheckable(True)
            self.grade_group.addButton(b, i)
            grid.addWidget(b, 0, i)
            self.grade_buttons.append(b)
        self.priority_buttons = []
        for i in range(1, len(PRIORITIES) + 1):
            b = QPushButton(self)
            b.setCheckable(True)
            self.priority_group.addButton(b, i)
            grid.addWidget(b, 1, i)
            self.priority_buttons.append(b)
        self.grade_group.idClicked.connect(self.set_grade)
        self.priority_group.idClicked.connect(lambda i: self.set_priority(PRIORITIES[i - 1][0]))
        self.prev_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        # the keys go to the dialog, not to a focused button (Return and Space would press it)
        for b in (*self.grade_buttons, *self.priority_buttons, self.prev_button, self.next_button):
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.NoFocus)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addStretch(1)
        nav.addWidget(self.position_label)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.item_label)
        layout.addWidget(self.found_label)
        layout.addLayout(grid)
        layout.addWidget(self.status_label)
        layout.addLayout(nav)
        self.retranslate()
        self.show_page(0)

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Quick Grading"))
        self.grade_title.setText(self.tr("Overall condition:"))
        self.priority_title.setText(self.tr("Priority:"))
        for i, (b, code) in enumerate(zip(self.grade_buttons, GRADES, strict=True), start=1):
            b.setText(f"{i}  {label('grade', code)}")
        for b, (code, key) in zip(self.priority_buttons, PRIORITIES, strict=True):
            b.setText(f"{key}  {label('priority', code)}")
        self.prev_button.setText(self.tr("← Previous"))
        self.next_button.setText(self.tr("Next →"))
        self.show_page(self.index)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        letters = {getattr(Qt, f"Key_{k}"): c for c, k in PRIORITIES}
        if Qt.Key_1 <= key <= Qt.Key_4:
            self.set_grade(key - Qt.Key_0)
        elif key in letters:
            self.set_priority(letters[key])
        elif key in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Space, Qt.Key_Right):
            self.next()
        elif key == Qt.Key_Left:
            self.previous()
        else:
            super().keyPressEvent(event)

    # ------------------------------------------------------------------ pages
    def current(self) -> dict | None:
        return self.pages[self.index] if 0 <= self.index < len(self.pages) else None

    def show_page(self, index: int) -> None:
        if not self.pages:
            self.item_label.setText(self.tr("No analysed page in this survey yet."))
            self.position_label.setText("")
            return
        self.index = max(0, min(index, len(self.pages) - 1))
        p = self.pages[self.index]
        self.position_label.setText(
            self.tr("Page {0} of {1}").format(self.index + 1, len(self.pages))
        )
        name = p["file"].replace("\\", "/").rsplit("/", 1)[-1]
        self.item_label.setText(
            self.tr("{0}, page {1} ({2})").format(p["inventory_no"], p["page"] + 1, name)
        )
        found = [
            f"{label('damage', c)} {v.get('pct_leaf', 0.0):.2f} %"
            for c, v in p["classes"].items()
            if v.get("affected")
        ]
        self.found_label.setText(
            self.tr("Found by the detectors: {0}").format(", ".join(found) or self.tr("nothing"))
        )
        for group, value in (
            (self.grade_group, p.get("grade")),
            (self.priority_group, _priority_id(p.get("priority"))),
        ):
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(group.id(b) == value)
            group.setExclusive(True)
        self.status_label.setText("")
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < len(self.pages) - 1)

    def next(self) -> None:
        self.show_page(self.index + 1)

    def previous(self) -> None:
        self.show_page(self.index - 1)

    # ------------------------------------------------------------------ grading
    def set_grade(self, grade: int) -> None:
        self._save(grade=int(grade))

    def set_priority(self, code: str) -> None:
        self._save(priority=code)

    def _save(self, **change) -> None:
        p = self.current()
        if p is None:
            return
        try:
            check = api.grade_check(self.store, p["check_id"], actor=self.actor, **change)
        except Exception as exc:  # a final check, a locked database: say it, stay on the page
            self.status_label.setText(str(exc))
            self.show_page(self.index)
            self.status_label.setText(str(exc))
            return
        p["grade"] = check.get("overall_grade", change.get("grade", p.get("grade")))
        p["priority"] = check.get("priority_code", change.get("priority", p.get("priority")))
        self.show_page(self.index)
        self.status_label.setText(self.tr("Saved."))
        self.graded.emit(int(p["check_id"]))


def _priority_id(code) -> int | None:
    for i, (c, _key) in enumerate(PRIORITIES, start=1):
        if c == code:
            return i
    return None
