"""The condition-report editor: item and check fields, hazards, recommendations, treatment.

Drafts are written to the records store a few seconds after the last edit (debounced, with a
ceiling so continuous typing still saves), so a crash loses at most a few seconds. Finalising asks
for a name and makes the check read-only; "New version" creates a superseding draft.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QCalendar, QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from conservator.storage.store import RECOMMENDATION_KINDS
from ui.formsafety import ElidedLabel, WheelGuard
from ui.i18n import current_language, date_text, num, quantity, unit
from ui.icons import icon
from ui.records import api
from ui.records.vocab import fill_combo, label, ordinal_code, set_combo_code, terms

ITEM_FIELDS = (
    "inventory_no",
    "title",
    "object_type",
    "date_text",
    "materials",
    "dimensions",
    "location",
)
TREATMENT_STATUSES = ("proposed", "approved", "rejected", "done")
_DATE_FMT = "yyyy-MM-dd"


def _grade_ordinal(code) -> int | None:
    for term in terms("grade"):
        if term["code"] == code:
            return term.get("ordinal")
    return None


class _TextEdit(QPlainTextEdit):
    """A plain-text box a few lines high, for notes inside a form."""

    def __init__(self, lines: int = 3, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)


class OptionalDate(QWidget):
    """A date that may be left empty (a check box switches it on)."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.enabled = QCheckBox(self)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(_DATE_FMT)
        self.edit.setDate(QDate.currentDate())
        self.edit.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.enabled)
        row.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self.edit.setEnabled)
        self.enabled.toggled.connect(self.changed)
        self.edit.dateChanged.connect(self.changed)

    def value(self) -> str | None:
        return self.edit.date().toString(_DATE_FMT) if self.enabled.isChecked() else None

    def set_value(self, text: str | None) -> None:
        date = QDate.fromString(str(text)[:10], _DATE_FMT) if text else QDate()
        self.enabled.setChecked(date.isValid())
        self.edit.setDate(date if date.isValid() else QDate.currentDate())

    def set_read_only(self, ro: bool) -> None:
        self.enabled.setEnabled(not ro)
        self.edit.setEnabled(not ro and self.enabled.isChecked())


class _DateDelegate(QStyledItemDelegate):
    """Edit an ISO date cell with a calendar (an empty cell stays empty until edited)."""

    def createEditor(self, parent, option, index):
        edit = QDateEdit(parent)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(_DATE_FMT)
        return edit

    def setEditorData(self, editor, index):
        date = QDate.fromString(str(index.data() or "")[:10], _DATE_FMT)
        editor.setDate(date if date.isValid() else QDate.currentDate())

    def setModelData(self, editor, model, index):
        model.setData(index, editor.date().toString(_DATE_FMT))


class HazardTable(QWidget):
    """Hazards of the check: code (vocabulary), date, note; rows added and removed."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.table = QTableWidget(0, 3, self)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.setMinimumHeight(110)
        self.table.setItemDelegateForColumn(1, _DateDelegate(self.table))
        self.add_button = QToolButton(self)
        self.add_button.setIcon(icon("add"))
        self.remove_button = QToolButton(self)
        self.remove_button.setIcon(icon("remove"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)
        self.table.itemChanged.connect(self.changed)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.table, 1)
        row.addLayout(buttons)

    def add_row(self, hazard: dict | None = None) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        hazard = hazard or {}
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox(self.table)
        fill_combo(combo, "hazard", blank=False)
        set_combo_code(combo, hazard.get("hazard_code") or combo.itemData(0))
        combo.currentIndexChanged.connect(self.changed)
        self.table.setCellWidget(row, 0, combo)
        self.table.setItem(row, 1, QTableWidgetItem(hazard.get("date") or ""))
        self.table.setItem(row, 2, QTableWidgetItem(hazard.get("note") or ""))
        self.table.blockSignals(False)
        self.table.resizeColumnToContents(0)
        if not hazard:
            self.changed.emit()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def set_hazards(self, hazards) -> None:
        self.table.setRowCount(0)
        for h in hazards or []:
            self.add_row(h)

    def hazards(self) -> list[dict]:
        out = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 0)
            date = (self.table.item(row, 1).text() or "").strip() or None
            note = (self.table.item(row, 2).text() or "").strip()
            out.append({"hazard_code": combo.currentData(), "date": date, "note": note})
        return out

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Hazard"), self.tr("Date"), self.tr("Note")])
        self.add_button.setToolTip(self.tr("Add a hazard"))
        self.remove_button.setToolTip(self.tr("Remove the selected hazard"))
        for row in range(self.table.rowCount()):
            fill_combo(self.table.cellWidget(row, 0), "hazard", blank=False)

    def set_read_only(self, ro: bool) -> None:
        self.add_button.setEnabled(not ro)
        self.remove_button.setEnabled(not ro)
        self.table.setEditTriggers(
            QTableWidget.NoEditTriggers if ro else QTableWidget.AllEditTriggers
        )
        for row in range(self.table.rowCount()):
            self.table.cellWidget(row, 0).setEnabled(not ro)


class ReportEditor(QWidget):
    """Edit one condition check of the records store.

    ``ReportEditor(store)``; ``load_check(check_id)``; ``save()``; ``finalize(name=None)``;
    ``new_version()``; ``maybe_save()`` (False when the user cancels closing).
    Signals: ``saved(int)``, ``finalized(int)``, ``newVersionCreated(int)``,
    ``dirtyChanged(bool)``. Property ``dirty``: edits not yet written to the store.
    """

    saved = Signal(int)
    finalized = Signal(int)
    newVersionCreated = Signal(int)
    dirtyChanged = Signal(bool)
    exportRequested = Signal(int)

    def __init__(self, store=None, parent=None, *, prefs=None):
        # store None: the database of the main window's preferences, opened on first use
        super().__init__(parent)
        self.setObjectName("ReportEditor")
        self.store = store
        self.prefs = prefs
        self.check_id: int | None = None
        self.data: dict = {}
        self._dirty = False
        self._loading = False
        self._first_unsaved: float | None = None
        self._saved_lists: dict = {}
        self.read_only = True
        # Hooks replaced by tests (and by nothing else): the questions asked to the user.
        self.ask_unsaved = self._ask_unsaved
        self.ask_name = self._ask_name
        self.confirm_unreviewed = self._confirm_unreviewed
        #: Called before finalising (the main window saves the review there); False stops it.
        self.before_finalize = None
        self.export_opens_dialog = True

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.timeout.connect(self._autosave)
        seconds = prefs.autosave_seconds if prefs is not None else 3
        self.autosave_ms = int(seconds * 1000)

        # notice what other connections (the main window's review save, another process)
        # committed to the open check, and show it when there is nothing unsaved here
        self._data_version = None
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(1500)
        self.watch_timer.timeout.connect(self._watch)
        self.watch_timer.start()

        self._build()
        self.retranslate()
        self._set_read_only(True)

    def set_store(self, store) -> None:
        """Edit checks of another records database (the open check is saved, then closed)."""
        if self._dirty:
            self.save()
        self.store = store
        self.check_id = None
        self._show({})  # empty fields: nothing of the other database stays on screen
        self._set_read_only(True)
        self._update_banner()

    # construction ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = ElidedLabel(self)  # fixed height: autosave never moves the form
        self.banner.setObjectName("statusBanner")
        self.save_button = QPushButton(icon("save"), "", self)
        self.finalize_button = QPushButton(icon("finalize"), "", self)
        self.new_version_button = QPushButton(icon("new-version"), "", self)
        self.export_button = QPushButton(icon("export"), "", self)
        self.save_button.clicked.connect(self.save)
        self.finalize_button.clicked.connect(lambda: self.finalize())
        self.new_version_button.clicked.connect(self.new_version)
        self.export_button.clicked.connect(self._export)
        bar = QHBoxLayout()
        bar.addWidget(self.banner, 1)
        for b in (
            self.save_button,
            self.finalize_button,
            self.new_version_button,
            self.export_button,
        ):
            bar.addWidget(b)

        body = QWidget(self)
        col = QVBoxLayout(body)
        self.labels: dict[str, QLabel] = {}

        # item
        self.item_box = QGroupBox(body)
        form = QFormLayout(self.item_box)
        self.item_edits: dict[str, QWidget] = {}
        for name in ITEM_FIELDS:
            if name == "object_type":
                w = QComboBox(self.item_box)
                fill_combo(w, "object_type")
                w.currentIndexChanged.connect(self._edited)
            else:
                w = QLineEdit(self.item_box)
                w.textChanged.connect(self._edited)
            self.item_edits[name] = w
            self._row(form, f"item.{name}", w)
        col.addWidget(self.item_box)

        # check
        self.check_box = QGroupBox(body)
        form = QFormLayout(self.check_box)
        self.ref_label = QLabel(self.check_box)
        self.ref_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self._row(form, "check.ref_no", self.ref_label)
        self.scan_label = QLabel(self.check_box)
        self.scan_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.scan_label.setWordWrap(True)
        self._row(form, "check.scan", self.scan_label)
        self.check_date = QDateEdit(self.check_box)
        self.check_date.setCalendarPopup(True)
        self.check_date.setDisplayFormat(_DATE_FMT)
        self.check_date.dateChanged.connect(self._edited)
        self._row(form, "check.check_date", self.check_date)
        self.checker_edit = QLineEdit(self.check_box)
        self.checker_edit.textChanged.connect(self._edited)
        self._row(form, "check.checker", self.checker_edit)
        self.combos: dict[str, QComboBox] = {}
        for key, scheme in (
            ("reason_code", "reason"),
            ("method_code", "method"),
            ("grade_code", "grade"),
            ("priority_code", "priority"),
            ("completeness_code", "completeness"),
        ):
            combo = QComboBox(self.check_box)
            combo.setObjectName(key)
            fill_combo(combo, scheme)
            combo.currentIndexChanged.connect(self._edited)
            self.combos[key] = combo
            self._row(form, f"check.{key}", combo)
        self.completeness_note = QLineEdit(self.check_box)
        self.completeness_note.textChanged.connect(self._edited)
        self._row(form, "check.completeness_note", self.completeness_note)
        self.environment_note = QLineEdit(self.check_box)
        self.environment_note.textChanged.connect(self._edited)
        self._row(form, "check.environment_note", self.environment_note)
        self.next_check = OptionalDate(self.check_box)
        self.next_check.changed.connect(self._edited)
        self._row(form, "check.next_check_date", self.next_check)
        self.summary_edit = _TextEdit(4, self.check_box)
        self.summary_edit.textChanged.connect(self._edited)
        self._row(form, "check.summary", self.summary_edit)
        self.findings_label = QLabel(self.check_box)
        self.findings_label.setWordWrap(True)
        self._row(form, "check.findings", self.findings_label)
        self.obs_table = QTableWidget(0, 5, self.check_box)
        self.obs_table.setObjectName("observationsTable")
        self.obs_table.verticalHeader().hide()
        self.obs_table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.obs_table.setSelectionMode(QTableWidget.NoSelection)
        self.obs_table.horizontalHeader().setStretchLastSection(True)
        self.obs_table.setMaximumHeight(160)
        form.addRow(self.obs_table)
        self.grade_hint = QLabel(self.check_box)
        self.grade_hint.setWordWrap(True)
        self.grade_hint.setStyleSheet("color: #8a5a00;")
        form.insertRow(
            form.getWidgetPosition(self.combos["grade_code"])[0] + 1, "", self.grade_hint
        )
        col.addWidget(self.check_box)

        # hazards
        self.hazard_box = QGroupBox(body)
        hl = QVBoxLayout(self.hazard_box)
        self.hazards = HazardTable(self.hazard_box)
        self.hazards.changed.connect(self._edited)
        hl.addWidget(self.hazards)
        col.addWidget(self.hazard_box)

        # recommendations
        self.rec_box = QGroupBox(body)
        form = QFormLayout(self.rec_box)
        self.rec_edits: dict[str, QPlainTextEdit] = {}
        for kind in RECOMMENDATION_KINDS:
            w = _TextEdit(2, self.rec_box)
            w.textChanged.connect(self._edited)
            self.rec_edits[kind] = w
            self._row(form, f"rec.{kind}", w)
        col.addWidget(self.rec_box)

        # treatment proposal
        self.treat_box = QGroupBox(body)
        form = QFormLayout(self.treat_box)
        self.treat_text = _TextEdit(4, self.treat_box)
        self.treat_text.textChanged.connect(self._edited)
        self._row(form, "treat.text", self.treat_text)
        self.treat_codes = QListWidget(self.treat_box)
        self.treat_codes.setObjectName("treatmentActions")
        self.treat_codes.setFlow(QListWidget.LeftToRight)
        self.treat_codes.setWrapping(True)
        self.treat_codes.setResizeMode(QListWidget.Adjust)
        self.treat_codes.setSelectionMode(QListWidget.NoSelection)
        self.treat_codes.setSpacing(3)
        self.treat_codes.setFixedHeight(self.fontMetrics().lineSpacing() * 6 + 16)
        for term in terms("treatment"):
            entry = QListWidgetItem(self.treat_codes)
            entry.setData(Qt.UserRole, term["code"])
            entry.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable)
            entry.setCheckState(Qt.Unchecked)
        self.treat_codes.itemChanged.connect(self._edited)
        self._row(form, "treat.codes", self.treat_codes)
        self.est_hours = QDoubleSpinBox(self.treat_box)
        self.est_hours.setRange(0, 10_000)
        self.est_hours.setDecimals(1)
        self.est_hours.setSingleStep(0.5)
        self.est_hours.setSpecialValueText("—")
        self.est_hours.valueChanged.connect(self._edited)
        self._row(form, "treat.est_hours", self.est_hours)
        self.treat_status = QComboBox(self.treat_box)
        for status in TREATMENT_STATUSES:
            self.treat_status.addItem(status, status)
        self.treat_status.currentIndexChanged.connect(self._treatment_status_changed)
        self._row(form, "treat.status", self.treat_status)
        self.proposed_by = QLineEdit(self.treat_box)
        self.proposed_by.textChanged.connect(self._edited)
        self._row(form, "treat.proposed_by", self.proposed_by)
        self.approved_by = QLineEdit(self.treat_box)
        self.approved_by.textChanged.connect(self._edited)
        self._row(form, "treat.approved_by", self.approved_by)
        self.approved_at = OptionalDate(self.treat_box)
        self.approved_at.changed.connect(self._edited)
        self._row(form, "treat.approved_at", self.approved_at)
        col.addWidget(self.treat_box)
        col.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.form_scroll = scroll
        self.wheel_guard = WheelGuard(body)  # the wheel scrolls the form, never edits a value
        # with no check open: how to open or create one (the form below stays empty)
        self.empty_hint = QLabel(self)
        self.empty_hint.setObjectName("noCheckHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setTextFormat(Qt.RichText)
        self.empty_hint.setStyleSheet(
            "QLabel { background: #eef3f8; color: #222; border-radius: 4px; padding: 8px; }"
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.empty_hint)
        layout.addWidget(scroll, 1)

    def _row(self, form: QFormLayout, key: str, widget: QWidget) -> None:
        lab = QLabel(widget.parentWidget())
        lab.setBuddy(widget)
        self.labels[key] = lab
        form.addRow(lab, widget)

    # texts -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        if getattr(self, "data", None):  # numbers and units of the scan line in the new language
            self.scan_label.setText(self._scan_text(self.data.get("capture")))
        texts = {
            "item.inventory_no": self.tr("Inventory number:"),
            "item.title": self.tr("Title:"),
            "item.object_type": self.tr("Object type:"),
            "item.date_text": self.tr("Date of the object:"),
            "item.materials": self.tr("Materials:"),
            "item.dimensions": self.tr("Dimensions:"),
            "item.location": self.tr("Location:"),
            "check.ref_no": self.tr("Reference:"),
            "check.scan": self.tr("Scan:"),
            "check.check_date": self.tr("Date of check:"),
            "check.checker": self.tr("Checked by:"),
            "check.reason_code": self.tr("Reason:"),
            "check.method_code": self.tr("Method:"),
            "check.grade_code": self.tr("Overall condition:"),
            "check.priority_code": self.tr("Treatment priority:"),
            "check.completeness_code": self.tr("Completeness:"),
            "check.completeness_note": self.tr("Completeness note:"),
            "check.next_check_date": self.tr("Next check:"),
            "check.summary": self.tr("Summary:"),
            "check.findings": self.tr("Findings:"),
            "rec.handling": self.tr("Handling:"),
            "rec.storage": self.tr("Storage:"),
            "rec.display": self.tr("Display:"),
            "rec.environment": self.tr("Environment:"),
            "rec.packing": self.tr("Packing:"),
            "rec.security": self.tr("Security:"),
            "rec.special": self.tr("Special requirements:"),
            "rec.salvage": self.tr("Salvage priority:"),
            "treat.text": self.tr("Proposed treatment:"),
            "treat.codes": self.tr("Treatment actions:"),
            "treat.est_hours": self.tr("Estimated hours:"),
            "check.environment_note": self.tr("Environment note:"),
            "treat.status": self.tr("Status:"),
            "treat.proposed_by": self.tr("Proposed by:"),
            "treat.approved_by": self.tr("Approved by:"),
            "treat.approved_at": self.tr("Approved on:"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.item_box.setTitle(self.tr("Item"))
        self.check_box.setTitle(self.tr("Condition check"))
        self.hazard_box.setTitle(self.tr("Hazards"))
        self.rec_box.setTitle(self.tr("Recommendations"))
        self.treat_box.setTitle(self.tr("Treatment proposal"))
        self.save_button.setText(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save the draft now (drafts also save themselves)"))
        self.finalize_button.setText(self.tr("Finalise…"))
        self.finalize_button.setToolTip(
            self.tr("Sign and lock this check; corrections need a new version")
        )
        self.new_version_button.setText(self.tr("New version"))
        self.new_version_button.setToolTip(
            self.tr("Start a corrected draft that supersedes this check")
        )
        self.export_button.setText(self.tr("Export…"))
        statuses = {
            "proposed": self.tr("Proposed"),
            "approved": self.tr("Approved"),
            "rejected": self.tr("Rejected"),
            "done": self.tr("Done"),
        }
        for i in range(self.treat_status.count()):
            self.treat_status.setItemText(i, statuses[self.treat_status.itemData(i)])
        self.next_check.enabled.setToolTip(self.tr("Set a date for the next check"))
        self.placeholder_texts()
        self._loading, was = True, self._loading
        try:
            fill_combo(self.item_edits["object_type"], "object_type")
            for key, combo in self.combos.items():
                fill_combo(combo, key.replace("_code", ""))
            for i in range(self.treat_codes.count()):
                entry = self.treat_codes.item(i)
                entry.setText(label("treatment", entry.data(Qt.UserRole)))
            self.hazards.retranslate()
        finally:
            self._loading = was
        self._apply_calendar()
        self._update_banner()
        self._update_findings()

    def _scan_text(self, capture: dict | None) -> str:
        """File, size, resolution and fingerprint of the check's scan, on one line."""
        if not capture:
            return self.tr("none attached (a visual check)")
        parts = [os.path.basename(capture.get("file_path") or "")]
        if capture.get("width_px"):
            parts.append(
                f"{num(capture['width_px'], 0)} × {num(capture['height_px'], 0)} {unit('px')}"
            )
        ppm = capture.get("px_per_mm")
        parts.append(quantity(round(ppm * 25.4), "ppi", 0) if ppm else self.tr("no resolution"))
        if capture.get("sha256"):
            parts.append(f"SHA-256 {capture['sha256'][:12]}…")
        return " · ".join(p for p in parts if p)

    def _apply_calendar(self) -> None:
        """Persian shows dates in the Solar Hijri calendar (stored dates stay ISO Gregorian)."""
        system = (
            QCalendar.System.Jalali if current_language() == "fa" else QCalendar.System.Gregorian
        )
        # "/" keeps a Persian date in reading order inside right-to-left text ("-" does not)
        fmt = "yyyy/MM/dd" if current_language() == "fa" else _DATE_FMT
        for edit in (self.check_date, self.next_check.edit, self.approved_at.edit):
            # numeric dates read left to right even in Persian (۱۴۰۵/۰۹/۰۸, year first); the
            # direction must be set before the format, which Qt lays out once, mirrored for RTL
            edit.setLayoutDirection(Qt.LeftToRight)
            edit.setCalendar(QCalendar(system))
            edit.setLocale(QLocale())
            edit.setDisplayFormat(fmt)

    def placeholder_texts(self) -> None:
        self.item_edits["dimensions"].setPlaceholderText(self.tr("e.g. 210 × 297 mm"))
        self.summary_edit.setPlaceholderText(
            self.tr("Overall condition in a few sentences, for the printed report")
        )
        self.completeness_note.setPlaceholderText(self.tr("What is missing, if anything"))

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # state -----------------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """True while there are edits not yet written to the records store."""
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        if dirty == self._dirty:
            return
        self._dirty = dirty
        self._first_unsaved = time.monotonic() if dirty else None
        self._update_banner()
        self.dirtyChanged.emit(dirty)

    def _edited(self, *_args) -> None:
        if self._loading or self.read_only or self.check_id is None:
            return
        self._set_dirty(True)
        # debounce: restart the timer on every edit, but never wait more than 2× the delay
        waited_ms = (time.monotonic() - (self._first_unsaved or time.monotonic())) * 1000
        remaining = max(0, min(self.autosave_ms, 2 * self.autosave_ms - waited_ms))
        self.autosave_timer.start(int(remaining))

    def _treatment_status_changed(self, *_args) -> None:
        if self._loading or self.read_only:
            return
        if self.treat_status.currentData() == "approved" and not self.approved_at.value():
            self.approved_at.set_value(QDate.currentDate().toString(_DATE_FMT))
            if not self.approved_by.text() and self.prefs is not None:
                self.approved_by.setText(self.prefs.user_name)
        self._edited()

    #: The menu routes the no-check hint names, as the window shows them (the main window
    #: sets them from its own menus and actions; None: the default English routes translated).
    no_check_routes: dict | None = None

    def no_check_text(self) -> str:
        """How to open or create a condition check (shown while none is open)."""
        r = self.no_check_routes or {
            "open": self.tr("File › Open Scan…"),
            "save": self.tr("File › Save to Records"),
            "records": self.tr("View › Records"),
            "open_check": self.tr("Open check"),
            "new_check": self.tr("New check"),
        }
        start = self.tr(
            "<b>To start a check</b>: open a scan ({0}), analyse or annotate it, then {1} "
            "(Ctrl+S). A draft check of the item opens here."
        ).format(r["open"], r["save"])
        more = self.tr(
            "<b>To continue a check</b>: {0}, select the item, then “{1}” (or “{2}” to start "
            "another one for it)."
        ).format(r["records"], r["open_check"], r["new_check"])
        return f"<p>{start}</p><p>{more}</p>"

    def _update_banner(self) -> None:
        check = self.data.get("check") or {}
        if self.check_id is None:
            text = self.tr("No condition check open.")
        elif check.get("status") == "final":
            text = self.tr(
                "Final — signed by {0} on {1}. Read-only: use “New version” to correct."
            ).format(
                check.get("finalized_by") or "?", date_text((check.get("finalized_at") or "")[:10])
            )
        elif self._dirty:
            text = self.tr("Draft — unsaved changes")
        else:
            text = self.tr("Draft — saved")
        if check.get("supersedes") and self.check_id is not None:
            text += " " + self.tr("(supersedes check {0})").format(
                check.get("supersedes_ref") or check["supersedes"]
            )
        self.banner.setText(text)
        self.empty_hint.setVisible(self.check_id is None)
        self.empty_hint.setText(self.no_check_text())  # in the current language, shown or not
        final = check.get("status") == "final"
        colour = "#dfe8f1" if final else ("#fbe9c6" if self._dirty else "#e3f1df")
        self.banner.setStyleSheet(
            ""
            if self.check_id is None
            else f"QLabel {{ background: {colour}; color: #222; "
            "border-radius: 4px; padding: 4px 8px; }"
        )

    def _update_findings(self) -> None:
        obs = self.data.get("observations") or []
        self._fill_observations(obs)
        source = (self.data.get("check") or {}).get("grade_source") or ""
        proposed = source.startswith("proposed") and self.check_id is not None
        self.grade_hint.setVisible(proposed)
        self.grade_hint.setText(
            self.tr("Proposed from the measured damage: confirm or change it.") if proposed else ""
        )
        if not obs:
            self.findings_label.setText(self.tr("none recorded"))
            return
        by_status = {}
        for o in obs:
            by_status[o.get("status")] = by_status.get(o.get("status"), 0) + 1
        self.findings_label.setText(
            self.tr("{0} accepted, {1} proposed, {2} rejected").format(
                by_status.get("accepted", 0),
                by_status.get("proposed", 0),
                by_status.get("rejected", 0),
            )
        )

    def _fill_observations(self, obs: list[dict]) -> None:
        """The check's observations (reviewed in the findings panel), as the report lists them."""
        from PySide6.QtWidgets import QTableWidgetItem

        statuses = {
            "accepted": self.tr("accepted"),
            "proposed": self.tr("proposed"),
            "rejected": self.tr("rejected"),
        }
        self.obs_table.setHorizontalHeaderLabels(
            [
                self.tr("Damage"),
                self.tr("Severity"),
                self.tr("Area"),
                self.tr("Status"),
                self.tr("Note"),
            ]
        )
        self.obs_table.setRowCount(len(obs))
        for row, o in enumerate(obs):
            if o.get("area_mm2") is not None:
                area = (
                    self.prefs.format_area(o["area_mm2"])
                    if self.prefs
                    else quantity(o["area_mm2"], "mm2", 1)
                )
            elif o.get("area_px") is not None:
                area = quantity(o["area_px"], "px", 0)
            else:
                area = ""
            if o.get("pct_of_leaf") is not None:
                area += f" ({o['pct_of_leaf']:.2f} %)"
            cells = (
                label("damage", o.get("damage_code")),
                "" if o.get("severity") is None else str(o["severity"]),
                area,
                statuses.get(o.get("status"), str(o.get("status") or "")),
                o.get("note") or "",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if o.get("status") == "rejected":
                    item.setForeground(
                        self.palette().color(self.palette().ColorRole.PlaceholderText)
                    )
                self.obs_table.setItem(row, col, item)
        self.obs_table.resizeColumnsToContents()
        self.obs_table.setVisible(bool(obs))

    def _set_read_only(self, ro: bool) -> None:
        self.read_only = ro
        for name, w in self.item_edits.items():
            if isinstance(w, QLineEdit):
                w.setReadOnly(ro or name == "inventory_no")  # the item's key never changes here
            else:
                w.setEnabled(not ro)
        for w in (
            self.checker_edit,
            self.completeness_note,
            self.environment_note,
            self.proposed_by,
            self.approved_by,
        ):
            w.setReadOnly(ro)
        self.est_hours.setReadOnly(ro)
        self.treat_codes.setEnabled(not ro)
        for w in (self.summary_edit, self.treat_text, *self.rec_edits.values()):
            w.setReadOnly(ro)
        for w in (*self.combos.values(), self.treat_status):
            w.setEnabled(not ro)
        self.check_date.setReadOnly(ro)
        self.next_check.set_read_only(ro)
        self.approved_at.set_read_only(ro)
        self.hazards.set_read_only(ro)
        loaded = self.check_id is not None
        final = (self.data.get("check") or {}).get("status") == "final"
        self.save_button.setEnabled(loaded and not ro)
        self.finalize_button.setEnabled(loaded and not ro)
        self.new_version_button.setEnabled(loaded and final)
        why = (
            self.tr(
                "This check is final (signed) and cannot be changed. To correct it, click "
                "“New version”."
            )
            if loaded and final
            else ""
        )
        for box in (self.item_box, self.check_box, self.hazard_box, self.rec_box, self.treat_box):
            box.setToolTip(why)
        self.export_button.setEnabled(loaded)

    # loading ---------------------------------------------------------------------------------
    def load_check(self, check_id: int) -> None:
        """Show check ``check_id`` (read-only when final). Unsaved edits of the previous check
        are saved first."""
        if self._dirty and self.check_id is not None and not self.read_only:
            self.save()
        if self.store is None:
            self.store = api.store_for(self)
        if self.store is None:
            from conservator.errors import StorageError

            raise StorageError("no records database is open; choose one in Preferences")
        data = api.report_data(self.store, int(check_id))
        self.check_id = int(check_id)
        self._show(data)

    def _watch(self) -> None:
        if self.check_id is None or self.store is None or not self.isVisible():
            return
        version = api.data_version(self.store)
        if version is None or version == self._data_version:
            return
        changed = self._data_version is not None
        self._data_version = version
        if changed and not self._dirty:
            self.reload()

    def inventory_no(self) -> str | None:
        """The inventory number of the open check's item (None when nothing is open)."""
        return (self.data.get("item") or {}).get("inventory_no") if self.check_id else None

    def reload(self, *, discard: bool = False) -> None:
        """Re-read the open check from the store (e.g. after the main window saved findings).

        Unsaved edits are saved first, unless ``discard`` is true.
        """
        if self.check_id is None:
            return
        if self._dirty and not discard and not self.read_only:
            self.save()  # re-reads the check as well
            return
        self._show(api.report_data(self.store, self.check_id))

    def _show(self, data: dict) -> None:
        self.autosave_timer.stop()
        self.data = data
        item = data.get("item") or {}
        check = data.get("check") or {}
        treatment = data.get("treatment") or {}
        self._loading = True
        try:
            for name, w in self.item_edits.items():
                if isinstance(w, QComboBox):
                    set_combo_code(w, item.get(name))
                else:
                    w.setText(str(item.get(name) or ""))
            self.ref_label.setText(str(check.get("ref_no") or ""))
            self.scan_label.setText(self._scan_text(data.get("capture")))
            date = QDate.fromString(str(check.get("check_date") or "")[:10], _DATE_FMT)
            self.check_date.setDate(date if date.isValid() else QDate.currentDate())
            self.checker_edit.setText(str(check.get("checker") or ""))
            grade = check.get("grade_code") or ordinal_code("grade", check.get("overall_grade"))
            values = {**check, "grade_code": grade}
            for key, combo in self.combos.items():
                set_combo_code(combo, values.get(key))
            self.completeness_note.setText(str(check.get("completeness_note") or ""))
            self.next_check.set_value(check.get("next_check_date"))
            self.summary_edit.setPlainText(str(check.get("summary") or ""))
            self.hazards.set_hazards(data.get("hazards") or [])
            recs = {kind: [] for kind in RECOMMENDATION_KINDS}
            for rec in data.get("recommendations") or []:
                recs.setdefault(rec.get("kind"), []).append(rec.get("text") or "")
            for kind, w in self.rec_edits.items():
                w.setPlainText("\n".join(t for t in recs.get(kind, []) if t))
            self.treat_text.setPlainText(str(treatment.get("text") or ""))
            chosen = set(treatment.get("treatment_codes") or [])
            for i in range(self.treat_codes.count()):
                entry = self.treat_codes.item(i)
                entry.setCheckState(
                    Qt.Checked if entry.data(Qt.UserRole) in chosen else Qt.Unchecked
                )
            self.est_hours.setValue(float(treatment.get("est_hours") or 0))
            self.environment_note.setText(str(check.get("environment_note") or ""))
            idx = self.treat_status.findData(treatment.get("status") or "proposed")
            self.treat_status.setCurrentIndex(max(0, idx))
            self.proposed_by.setText(str(treatment.get("proposed_by") or ""))
            self.approved_by.setText(str(treatment.get("approved_by") or ""))
            self.approved_at.set_value(treatment.get("approved_at"))
        finally:
            self._loading = False
        self._saved_lists = self._lists()
        self._dirty = False
        self._first_unsaved = None
        self.dirtyChanged.emit(False)
        self._set_read_only(check.get("status") == "final")
        self._update_banner()
        self._update_findings()

    # collecting ------------------------------------------------------------------------------
    def item_fields(self) -> dict:
        out = {}
        for name, w in self.item_edits.items():
            out[name] = w.currentData() if isinstance(w, QComboBox) else w.text().strip()
        return out

    def check_fields(self) -> dict:
        grade = self.combos["grade_code"].currentData()
        return {
            "check_date": self.check_date.date().toString(_DATE_FMT),
            "checker": self.checker_edit.text().strip() or None,
            "reason_code": self.combos["reason_code"].currentData(),
            "method_code": self.combos["method_code"].currentData(),
            "overall_grade": _grade_ordinal(grade),
            "grade_code": grade,
            "priority_code": self.combos["priority_code"].currentData(),
            "completeness_code": self.combos["completeness_code"].currentData(),
            "completeness_note": self.completeness_note.text().strip() or None,
            "next_check_date": self.next_check.value(),
            "summary": self.summary_edit.toPlainText().strip() or None,
            "environment_note": self.environment_note.text().strip() or None,
        }

    def _lists(self) -> dict:
        return {
            "hazards": [h for h in self.hazards.hazards() if h["hazard_code"]],
            "recommendations": self.recommendations(),
            "treatment": self.treatment(),
        }

    def recommendations(self) -> list[dict]:
        out = []
        for kind, w in self.rec_edits.items():
            text = w.toPlainText().strip()
            if text:
                out.append({"kind": kind, "text": text, "code": None})
        return out

    def treatment_codes(self) -> list[str]:
        return [
            self.treat_codes.item(i).data(Qt.UserRole)
            for i in range(self.treat_codes.count())
            if self.treat_codes.item(i).checkState() == Qt.Checked
        ]

    def treatment(self) -> dict | None:
        text = self.treat_text.toPlainText().strip()
        codes = self.treatment_codes()
        if not text and not codes and not self.proposed_by.text().strip():
            return None
        return {
            "text": text,
            "treatment_codes": codes,
            "est_hours": self.est_hours.value() or None,
            "status": self.treat_status.currentData(),
            "proposed_by": self.proposed_by.text().strip() or None,
            "approved_by": self.approved_by.text().strip() or None,
            "approved_at": self.approved_at.value(),
        }

    # actions ---------------------------------------------------------------------------------
    def save(self) -> bool:
        """Write the draft to the store now; True when written (or nothing to write)."""
        self.autosave_timer.stop()
        if self.check_id is None or self.read_only:
            return True
        try:
            lists = self._lists()
            changed = {k: v for k, v in lists.items() if v != self._saved_lists.get(k)}
            api.save_draft(
                self.store,
                self.check_id,
                item=self.item_fields(),
                check=self.check_fields(),
                # lists the store replaces wholesale are sent only when they changed, so that
                # autosaves do not fill the audit log with delete/re-create pairs
                hazards=changed.get("hazards"),
                recommendations=changed.get("recommendations"),
                treatment=changed.get("treatment", False),
            )
        except Exception as exc:
            from ui.errors import show_error

            show_error(self, exc, self.tr("The draft could not be saved"), path=False)
            return False
        self.data = api.report_data(self.store, self.check_id)
        self._saved_lists = lists
        self._set_dirty(False)
        self._update_banner()
        self._update_findings()
        self.saved.emit(self.check_id)
        return True

    def _autosave(self) -> None:
        if self._dirty:
            self.save()

    def finalize(self, name: str | None = None) -> bool:
        """Save, then sign and lock the check under ``name`` (asked for when None)."""
        if self.check_id is None or self.read_only:
            return False
        if self.before_finalize is not None and not self.before_finalize():
            return False
        if not self.save():
            return False
        try:
            unreviewed = api.unreviewed_count(self.store, self.check_id)
        except Exception as exc:
            from ui.errors import show_error

            show_error(self, exc, self.tr("The check could not be finalised"), path=False)
            return False
        if unreviewed and not self.confirm_unreviewed(unreviewed):
            return False
        if name is None:
            name = self.ask_name()
        if not name or not name.strip():
            return False
        try:
            api.finalize(self.store, self.check_id, name.strip(), allow_unreviewed=bool(unreviewed))
        except Exception as exc:
            from ui.errors import show_error

            show_error(self, exc, self.tr("The check could not be finalised"), path=False)
            return False
        self._show(api.report_data(self.store, self.check_id))
        self.finalized.emit(self.check_id)
        return True

    def new_version(self) -> int | None:
        """Create a draft that supersedes the open (final) check and open it."""
        if self.check_id is None:
            return None
        try:
            new_id = api.new_version(self.store, self.check_id)
        except Exception as exc:
            from ui.errors import show_error

            show_error(self, exc, self.tr("No new version could be created"), path=False)
            return None
        self.load_check(new_id)
        self.newVersionCreated.emit(new_id)
        return new_id

    def maybe_save(self) -> bool:
        """Ask what to do with unsaved edits; False when the user cancels (keep the window)."""
        if not self._dirty or self.check_id is None:
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.Save:
            return self.save()
        if answer == QMessageBox.Discard:
            self.reload(discard=True)
            return True
        return False

    maybe_close = maybe_save

    def _ask_unsaved(self):
        return QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The condition report has changes that are not saved yet. Save them?"),
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
            QMessageBox.Save,
        )

    def _confirm_unreviewed(self, count: int) -> bool:
        box = QMessageBox(self)
        box.setObjectName("confirmUnreviewed")
        box.setIcon(QMessageBox.Warning)
        box.setWindowTitle(self.tr("Finalise with unreviewed findings?"))
        box.setText(
            self.tr(
                "%n finding(s) of this check are still proposed: nobody has accepted or "
                "rejected them.",
                "",
                count,
            )
        )
        box.setInformativeText(
            self.tr(
                "Review them in the Findings panel first, or finalise anyway: the signed "
                "report will then say on its first page that they were not reviewed."
            )
        )
        sign = box.addButton(self.tr("Finalise anyway"), QMessageBox.AcceptRole)
        box.addButton(self.tr("Review first"), QMessageBox.RejectRole)
        box.setDefaultButton(box.buttons()[-1])
        box.exec()
        return box.clickedButton() is sign

    def _ask_name(self) -> str | None:
        default = self.prefs.user_name if self.prefs is not None else ""
        default = default or self.checker_edit.text()
        name, ok = QInputDialog.getText(
            self,
            self.tr("Finalise condition check"),
            self.tr(
                "Once finalised, this check can no longer be changed; corrections are made in a "
                "new version.\n\nSign with your name:"
            ),
            QLineEdit.Normal,
            default,
        )
        return name if ok else None

    def _export(self) -> None:
        if self.check_id is None:
            return
        if self._dirty:
            self.save()
        self.exportRequested.emit(self.check_id)
        if self.export_opens_dialog:  # the main window may handle exportRequested itself
            from ui.dialogs import ExportDialog

            ExportDialog(self.store, self.check_id, self).exec()
