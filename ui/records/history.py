"""The history of an item or a check: who changed which field, when, from what to what.

One row per changed field of the audit trail (``ui.records.api.history``), newest last, with
a filter box that matches any column (a name, a field, a value, a date).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
)

from ui.i18n import timestamp_text
from ui.records.browser import RowsModel

_ACTIONS = {
    "create": lambda: QCoreApplication.translate("History", "created"),
    "update": lambda: QCoreApplication.translate("History", "changed"),
    "delete": lambda: QCoreApplication.translate("History", "deleted"),
    "finalize": lambda: QCoreApplication.translate("History", "finalised"),
}


_TABLES = {
    "item": lambda: QCoreApplication.translate("History", "item"),
    "condition_check": lambda: QCoreApplication.translate("History", "check"),
    "observation": lambda: QCoreApplication.translate("History", "finding"),
    "region": lambda: QCoreApplication.translate("History", "region"),
    "hazard": lambda: QCoreApplication.translate("History", "hazard"),
    "recommendation": lambda: QCoreApplication.translate("History", "recommendation"),
    "treatment_proposal": lambda: QCoreApplication.translate("History", "treatment"),
    "signature": lambda: QCoreApplication.translate("History", "signature"),
    "setting": lambda: QCoreApplication.translate("History", "setting"),
    "capture": lambda: QCoreApplication.translate("History", "scan"),
    "detector_run": lambda: QCoreApplication.translate("History", "analysis"),
    "measurement": lambda: QCoreApplication.translate("History", "measurement"),
    "report_export": lambda: QCoreApplication.translate("History", "export"),
}


#: Names of the fields a user edits, as the forms call them (other fields stay as stored).
_FIELDS = {
    "overall_grade": lambda: QCoreApplication.translate("History", "overall condition"),
    "grade_source": lambda: QCoreApplication.translate("History", "source of the grade"),
    "priority_code": lambda: QCoreApplication.translate("History", "treatment priority"),
    "reason_code": lambda: QCoreApplication.translate("History", "reason for the check"),
    "method_code": lambda: QCoreApplication.translate("History", "method"),
    "completeness_code": lambda: QCoreApplication.translate("History", "completeness"),
    "completeness_note": lambda: QCoreApplication.translate("History", "note on completeness"),
    "environment_note": lambda: QCoreApplication.translate("History", "environment"),
    "summary": lambda: QCoreApplication.translate("History", "summary"),
    "next_check_date": lambda: QCoreApplication.translate("History", "next check"),
    "check_date": lambda: QCoreApplication.translate("History", "date of check"),
    "status": lambda: QCoreApplication.translate("History", "status"),
    "severity": lambda: QCoreApplication.translate("History", "severity"),
    "damage_code": lambda: QCoreApplication.translate("History", "damage"),
    "note": lambda: QCoreApplication.translate("History", "note"),
    "notes": lambda: QCoreApplication.translate("History", "notes"),
    "title": lambda: QCoreApplication.translate("History", "title"),
    "object_type": lambda: QCoreApplication.translate("History", "object type"),
    "date_text": lambda: QCoreApplication.translate("History", "date of the object"),
    "materials": lambda: QCoreApplication.translate("History", "materials"),
    "dimensions": lambda: QCoreApplication.translate("History", "dimensions"),
    "location": lambda: QCoreApplication.translate("History", "location"),
    "inventory_no": lambda: QCoreApplication.translate("History", "inventory number"),
    "text": lambda: QCoreApplication.translate("History", "text"),
    "kind": lambda: QCoreApplication.translate("History", "kind"),
    "hazard_code": lambda: QCoreApplication.translate("History", "hazard"),
    "proposed_by": lambda: QCoreApplication.translate("History", "proposed by"),
    "approved_by": lambda: QCoreApplication.translate("History", "approved by"),
    "approved_at": lambda: QCoreApplication.translate("History", "approved on"),
    "treatment_codes_json": lambda: QCoreApplication.translate("History", "treatments"),
    "finalized_by": lambda: QCoreApplication.translate("History", "signed by"),
    "finalized_at": lambda: QCoreApplication.translate("History", "signed on"),
    "reviewed_by": lambda: QCoreApplication.translate("History", "reviewed by"),
    "reviewed_at": lambda: QCoreApplication.translate("History", "reviewed on"),
    "reclassified_from": lambda: QCoreApplication.translate("History", "re-classified from"),
    "name": lambda: QCoreApplication.translate("History", "name"),
    "role": lambda: QCoreApplication.translate("History", "role"),
    "signed_at": lambda: QCoreApplication.translate("History", "signed on"),
    "checker_id": lambda: QCoreApplication.translate("History", "checked by"),
}


def _field(row: dict) -> str:
    name = row.get("field") or ""
    return _FIELDS[name]() if name in _FIELDS else name


def _row(row: dict) -> str:
    """The row's id, or ``finding 12`` (its number in the check) in the interface language."""
    value = row.get("row")
    if isinstance(value, str) and value.startswith("finding "):
        return QCoreApplication.translate("History", "finding {0}").format(value.split(" ", 1)[1])
    return "" if value is None else str(value)


def _table(row: dict) -> str:
    name = row.get("table") or ""
    return _TABLES[name]() if name in _TABLES else name.replace("_", " ")


def _value(v, field: str = "") -> str:
    """A stored value as the forms show it: vocabulary codes as their labels, review states,
    severities and grades in words, dates and times in the interface language."""
    if v is None or v == "":
        return "—"
    text = _display(v, field)
    return text if len(text) <= 120 else text[:117] + "…"


#: Fields holding a code of a vocabulary scheme.
_SCHEMES = {
    "reason_code": "reason",
    "method_code": "method",
    "priority_code": "priority",
    "completeness_code": "completeness",
    "damage_code": "damage",
    "reclassified_from": "damage",
    "hazard_code": "hazard",
    "object_type": "object_type",
    "kind": "recommendation_kind",
}


def _display(v, field: str) -> str:
    from ui.analysis.review import severity_label, status_label
    from ui.i18n import date_text
    from ui.records.vocab import label, ordinal_code

    try:
        if field in _SCHEMES:
            return label(_SCHEMES[field], v) or str(v)
        if field == "status":
            return (
                status_label(str(v))
                if str(v) in ("proposed", "accepted", "rejected")
                else (
                    {
                        "draft": QCoreApplication.translate("History", "draft"),
                        "final": QCoreApplication.translate("History", "final"),
                    }.get(str(v), str(v))
                )
            )
        if field == "severity":
            return severity_label(int(v))
        if field == "overall_grade":
            code = ordinal_code("grade", int(v))
            return label("grade", code) if code else str(v)
        if field == "grade_source":
            return {
                "auto": QCoreApplication.translate("History", "from the measurements"),
                "person": QCoreApplication.translate("History", "set by the conservator"),
            }.get(str(v), str(v))
        if field.endswith("_at") or field == "ts":
            return timestamp_text(v)
        if field.endswith("_date"):
            return date_text(v)
    except (TypeError, ValueError):
        pass
    return str(v)


def _change(row: dict) -> str:
    """``old → new`` for a changed field; the action (and what it made) for a whole row."""
    if row.get("field"):
        field = row["field"]
        if row.get("action") == "create":
            return _value(row.get("new"), field)
        if row.get("action") == "delete":
            return _value(row.get("old"), field) + " → —"
        return f"{_value(row.get('old'), field)} → {_value(row.get('new'), field)}"
    action = _ACTIONS.get(row.get("action"), lambda: str(row.get("action") or ""))()
    what = row.get("new") or row.get("old")
    return f"{action}: {_value(what)}" if what else action


def history_model(parent=None) -> RowsModel:
    return RowsModel(
        [
            (
                lambda: QCoreApplication.translate("History", "Time"),
                lambda r: timestamp_text(r.get("ts")),
            ),
            (lambda: QCoreApplication.translate("History", "Who"), lambda r: r.get("actor") or "—"),
            (lambda: QCoreApplication.translate("History", "Table"), _table),
            (lambda: QCoreApplication.translate("History", "Row"), _row),
            (
                lambda: QCoreApplication.translate("History", "Field"),
                _field,
            ),
            (lambda: QCoreApplication.translate("History", "Old → new"), _change),
        ],
        parent,
    )


class HistoryDialog(QDialog):
    """The history rows of one item or check as a table, with a filter box."""

    def __init__(self, title: str, rows: list[dict], parent=None):
        super().__init__(parent)
        self.setObjectName("HistoryDialog")
        self.setWindowTitle(title)
        self.model = history_model(self)
        self.model.set_rows(rows)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)  # any column
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("historyFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setPlaceholderText(self.tr("Filter: a name, a field, a value or a date…"))
        self.filter_edit.textChanged.connect(self._filter)
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setStretchLastSection(True)
        self.count_label = QLabel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(buttons)
        self.resize(900, 520)
        self._update_count()

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            self.tr("%n change(s)", "", total)
            if shown == total
            else self.tr("{0} of {1} changes shown").format(shown, total)
        )

    def visible_rows(self) -> list[list[str]]:
        """The texts of the rows the filter lets through (what the user sees)."""
        return [
            [self.proxy.index(r, c).data() or "" for c in range(self.proxy.columnCount())]
            for r in range(self.proxy.rowCount())
        ]
