"""The records browser: items with full-text search, each item's history of checks, open a check."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import date_text
from ui.icons import icon
from ui.records import api
from ui.records.vocab import fill_combo, label, ordinal_code


def grade_label(row: dict) -> str:
    """The overall grade of a check or item row in the interface language."""
    code = row.get("grade_code") or row.get("last_grade_code")
    if not code:
        code = ordinal_code("grade", row.get("overall_grade", row.get("last_grade")))
    return label("grade", code) if code else ""


def status_label(status) -> str:
    return {
        "draft": QCoreApplication.translate("RecordsBrowser", "Draft"),
        "final": QCoreApplication.translate("RecordsBrowser", "Final"),
    }.get(status or "", str(status or ""))


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of dicts; columns are ``(header, getter)`` pairs.

    The cell texts are computed once per reset (and per language change), so that painting and
    column sizing of thousands of rows costs list look-ups only.
    """

    def __init__(self, columns, parent=None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list[dict] = []
        self._texts: list[list[str]] = []
        self._italic = QFont()
        self._italic.setItalic(True)

    def _compute(self) -> None:
        self._texts = [
            ["" if (v := get(row)) is None else str(v) for _header, get in self.columns]
            for row in self.rows
        ]

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._compute()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=_DISPLAY):
        role = int(role)
        if role == _DISPLAY or role == _TOOLTIP:
            return self._texts[index.row()][index.column()]
        if role == _USER:
            return self.rows[index.row()].get("id")
        if role == _FONT and self.rows[index.row()].get("status") == "draft":
            return self._italic
        return None

    def headerData(self, section, orientation, role=_DISPLAY):
        if int(role) == _DISPLAY and orientation == Qt.Horizontal:
            return self.columns[section][0]()
        return None

    def retranslate(self) -> None:
        self._compute()
        self.headerDataChanged.emit(Qt.Horizontal, 0, max(0, len(self.columns) - 1))
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )


def items_model(parent=None) -> RowsModel:
    return RowsModel(
        [
            (
                lambda: QCoreApplication.translate("RecordsBrowser", "Inventory no."),
                lambda r: r.get("inventory_no"),
            ),
            (
                lambda: QCoreApplication.translate("RecordsBrowser", "Title"),
                lambda r: r.get("title"),
            ),
            (
                lambda: QCoreApplication.translate("RecordsBrowser", "Type"),
                lambda r: label("object_type", r.get("object_type")),
            ),
            (
                lambda: QCoreApplication.translate("RecordsBrowser", "Checks"),
                lambda r: r.get("checks", ""),
            ),
            (
                lambda: QCoreApplication.translate("RecordsBrowser", "Last check"),
                lambda r: date_text((r.get("last_check_date") or "")[:10]),
            ),
            (lambda: QCoreApplication.translate("RecordsBrowser", "Condition"), grade_label),
        ],
        parent,
    )


def checks_model(parent=None) -> RowsModel:
    def version(r):
        return (
            QCoreApplication.translate("RecordsBrowser", "corrects {0}").format(
                r.get("supersedes_ref") or r["supersedes"]
            )
            if r.get("supersedes")
            else ""
        )

    def signed(r):
        if r.get("status") != "final":
            return ""
        return (
            f"{r.get('finalized_by') or ''} {date_text((r.get('finalized_at') or '')[:10])}".strip()
        )

    return RowsModel(
        [
            (
                lambda: QCoreApplication.translate("RecordsBrowser", "Reference"),
                lambda r: r.get("ref_no"),
            ),
            (
                lambda: QCoreApplication.translate("RecordsBrowser", "Date"),
                lambda r: date_text((r.get("check_date") or "")[:10]),
            ),
            (
                lambda: QCoreApplication.translate("RecordsBrowser", "Status"),
                lambda r: status_label(r.get("status")),
            ),
            (lambda: QCoreApplication.translate("RecordsBrowser", "Condition"), grade_label),
            (
                lambda: QCoreApplication.translate("RecordsBrowser", "Checked by"),
                lambda r: r.get("checker"),
            ),
            (lambda: QCoreApplication.translate("RecordsBrowser", "Signed"), signed),
            (lambda: QCoreApplication.translate("RecordsBrowser", "Version"), version),
        ],
        parent,
    )


class RecordsBrowser(QWidget):
    """Search items, see each item's checks (newest first), open one.

    ``RecordsBrowser(store)``; ``refresh()``; ``set_store(store)``. Signals:
    ``openCheckRequested(int)`` (double-click or Open), ``itemSelected(int)``.
    """

    openCheckRequested = Signal(int)
    itemSelected = Signal(int)
    checkCreated = Signal(int)

    def __init__(self, store=None, parent=None):
        # store None: the database of the main window's preferences, opened when first shown
        super().__init__(parent)
        self.setObjectName("RecordsBrowser")
        self.store = store
        self.search_edit = QLineEdit(self)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.LeadingPosition)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(250)
        self.search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self.search_timer.start())
        self.search_edit.returnPressed.connect(self.refresh)
        # all items, or the items of one collection survey (File › Survey…)
        self.survey_combo = QComboBox(self)
        self.survey_combo.addItem("", None)
        self.survey_combo.setVisible(False)  # shown once the database holds a survey
        self.survey_combo.activated.connect(lambda _i: self.refresh())
        self.grade_button = QPushButton(icon("report"), "", self)
        self.grade_button.clicked.connect(lambda: self.quick_grade())
        self.grade_button.setVisible(False)
        self.quick_grade_opener = lambda dlg: dlg.exec()  # tests show it without exec()

        self.items = items_model(self)
        self.items_proxy = QSortFilterProxyModel(self)
        self.items_proxy.setSourceModel(self.items)
        self.items_view = self._table(self.items_proxy)
        self.items_view.setSortingEnabled(True)
        self.items_view.selectionModel().currentRowChanged.connect(self._item_changed)

        self.checks = checks_model(self)
        self.checks_view = self._table(self.checks)
        self.checks_view.doubleClicked.connect(self._open_index)
        self.checks_view.selectionModel().currentRowChanged.connect(self._update_buttons)

        self.count_label = QLabel(self)
        self.history_label = QLabel(self)
        self.open_button = QPushButton(icon("open"), "", self)
        self.open_button.clicked.connect(self.open_current)
        self.refresh_button = QPushButton(icon("history"), "", self)
        self.refresh_button.clicked.connect(self.refresh)
        self.new_item_button = QPushButton(icon("add"), "", self)
        self.new_item_button.clicked.connect(lambda: self.new_item())
        self.new_check_button = QPushButton(icon("report"), "", self)
        self.new_check_button.clicked.connect(lambda: self.new_check())
        self.more_button = QToolButton(self)
        self.more_button.setIcon(icon("history"))
        self.more_button.setPopupMode(QToolButton.InstantPopup)
        menu = QMenu(self.more_button)
        self.audit_action = menu.addAction("", self.show_audit)
        self.item_history_action = menu.addAction("", self.show_item_history)
        self.verify_action = menu.addAction("", self.verify_records)
        self.more_button.setMenu(menu)
        self.show_text = self._show_text  # tests replace it
        self.show_history = self._show_history  # tests replace it
        # questions asked to the user; tests replace them
        self.ask_new_item = self._ask_new_item
        self.ask_checker = self._ask_checker

        top = QWidget(self)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.survey_combo)
        tl.addWidget(self.search_edit)
        tl.addWidget(self.items_view, 1)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label, 1)
        count_row.addWidget(self.grade_button)
        count_row.addWidget(self.new_item_button)
        tl.addLayout(count_row)
        bottom = QWidget(self)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.history_label)
        bl.addWidget(self.checks_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.more_button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_check_button)
        buttons.addWidget(self.open_button)
        bl.addLayout(buttons)
        split = QSplitter(Qt.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self._items_sized = False
        self.limit = 500  # items listed at most; more are reached by searching
        self._data_version = None
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(1500)
        self.watch_timer.timeout.connect(self._watch)
        self.watch_timer.start()
        self.retranslate()
        self._update_buttons()
        if store is not None:
            self.refresh()

    def showEvent(self, event) -> None:
        if self.store is None:
            try:
                self.store = api.store_for(self)
            except Exception as exc:
                from ui.errors import show_error

                show_error(self, exc, self.tr("The records could not be opened"))
            if self.store is not None:
                self.refresh()
        super().showEvent(event)

    def _watch(self) -> None:
        """Refresh when another connection committed (a review saved by the main window)."""
        if self.store is None or not self.isVisible():
            return
        version = api.data_version(self.store)
        if version is not None and version != self._data_version:
            changed = self._data_version is not None
            self._data_version = version
            if changed:
                self.refresh()

    def _table(self, model) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(QAbstractItemView.SingleSelection)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        view.horizontalHeader().setResizeContentsPrecision(200)  # columns sized on 200 rows
        return view

    def set_store(self, store) -> None:
        """Browse another records database."""
        self.store = store
        self.refresh()

    # texts -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.search_edit.setPlaceholderText(
            self.tr("Search inventory numbers, titles, notes (any language)…")
        )
        self.open_button.setText(self.tr("Open check"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.new_item_button.setText(self.tr("New item…"))
        self.new_item_button.setToolTip(
            self.tr("Add an item (archival unit, book, leaf…) to the records")
        )
        self.new_check_button.setText(self.tr("New check"))
        self.more_button.setToolTip(self.tr("Audit trail and integrity"))
        self.audit_action.setText(self.tr("History of the selected check…"))
        self.item_history_action.setText(self.tr("History of the selected item…"))
        self.verify_action.setText(self.tr("Verify the records (tamper check)…"))
        self.new_check_button.setToolTip(
            self.tr("Start a condition check of the selected item (today, as a draft)")
        )
        self.survey_combo.setItemText(0, self.tr("All items"))
        self.grade_button.setText(self.tr("Grade survey pages…"))
        self.grade_button.setToolTip(
            self.tr("Grade the survey's pages one after another: keys 1–4, L N H U, Enter")
        )
        self.items.retranslate()
        self.checks.retranslate()
        self._update_labels()

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_labels(self) -> None:
        n = self.items.rowCount()
        if self.store is None:
            self.count_label.setText(self.tr("No records database open."))
        elif n >= self.limit:
            self.count_label.setText(
                self.tr("The first %n items; search to narrow them down.", "", n)
            )
        elif self.search_edit.text().strip():
            self.count_label.setText(self.tr("%n item(s) found", "", n))
        else:
            self.count_label.setText(self.tr("%n item(s)", "", n))
        item = self.current_item()
        if item is None:
            self.history_label.setText(self.tr("Select an item to see its condition checks."))
        else:
            self.history_label.setText(
                self.tr("History of {0}: %n check(s)", "", self.checks.rowCount()).format(
                    item.get("inventory_no") or ""
                )
            )

    # data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-run the search and reload the selected item's history (keeps the selection)."""
        self.search_timer.stop()
        keep_item = (self.current_item() or {}).get("id")
        keep_check = self.current_check_id()
        if self.store is None:
            self.items.set_rows([])
            self.checks.set_rows([])
        else:
            try:
                self._load_surveys()
                survey_id = self.survey_combo.currentData()
                query = self.search_edit.text().strip()
                if survey_id is None:
                    rows = api.list_items(self.store, query, self.limit)
                else:
                    rows = api.survey_items(self.store, survey_id, query)
            except Exception as exc:
                from ui.errors import show_error

                show_error(self, exc, self.tr("The records could not be searched"), path=False)
                rows = []
            self.items.set_rows(rows)
            if not self._items_sized:  # once with rows: later the user's widths are kept
                self._items_sized = bool(rows)  # (empty: the headers are not clipped)
                self.items_view.resizeColumnsToContents()
            self.select_item(keep_item if keep_item is not None else None)
            if keep_check is not None:
                self.select_check(keep_check)
        self._update_labels()
        self._update_buttons()

    def _load_surveys(self) -> None:
        """Fill the survey list (keeps the survey chosen)."""
        keep = self.survey_combo.currentData()
        surveys = api.list_surveys(self.store)
        self.survey_combo.blockSignals(True)
        while self.survey_combo.count() > 1:
            self.survey_combo.removeItem(1)
        for sv in surveys:
            text = self.tr("Survey “{0}”: {1} of {2} pages done").format(
                sv["name"], sv["done"] or 0, sv["sample"]
            )
            self.survey_combo.addItem(text, sv["id"])
        found = self.survey_combo.findData(keep) if keep is not None else 0
        self.survey_combo.setCurrentIndex(max(0, found))
        self.survey_combo.setVisible(bool(surveys))
        self.survey_combo.blockSignals(False)
        self.grade_button.setVisible(self.survey_combo.currentData() is not None)

    def quick_grade(self):
        """Open quick grading of the chosen survey's pages (None when no survey is chosen)."""
        survey_id = self.survey_combo.currentData()
        if self.store is None or survey_id is None:
            return None
        from ui.records.quickgrade import QuickGradeDialog

        dlg = QuickGradeDialog(self.store, survey_id, parent=self)
        dlg.graded.connect(lambda _cid: self._load_checks(self.current_item()))
        self.quick_grade_opener(dlg)
        return dlg

    def show_survey(self, survey_id: int | None) -> None:
        """List the items of this survey (``None``: all items)."""
        if self.store is not None:
            self._load_surveys()
        idx = self.survey_combo.findData(survey_id) if survey_id is not None else 0
        self.survey_combo.setCurrentIndex(max(0, idx))
        self.refresh()

    def current_item(self) -> dict | None:
        idx = self.items_view.currentIndex()
        if not idx.isValid():
            return None
        return self.items.rows[self.items_proxy.mapToSource(idx).row()]

    def current_check_id(self) -> int | None:
        idx = self.checks_view.currentIndex()
        return self.checks.rows[idx.row()]["id"] if idx.isValid() else None

    def select_item(self, item_id) -> bool:
        """Select the item with this id, else the first one listed; False if it is not listed."""
        found = next(
            (r for r, item in enumerate(self.items.rows) if item.get("id") == item_id), None
        )
        row = found if found is not None else (0 if self.items.rows else None)
        if row is None:
            self.checks.set_rows([])
            return False
        self.items_view.setCurrentIndex(self.items_proxy.mapFromSource(self.items.index(row, 0)))
        return found is not None

    def select_check(self, check_id: int) -> bool:
        for row, check in enumerate(self.checks.rows):
            if check.get("id") == check_id:
                self.checks_view.setCurrentIndex(self.checks.index(row, 0))
                return True
        return False

    def _item_changed(self, current, _previous) -> None:
        item = self.current_item() if current.isValid() else None
        self._load_checks(item)
        if item is not None:
            self.itemSelected.emit(int(item["id"]))

    def _load_checks(self, item: dict | None) -> None:
        rows = []
        if item is not None and self.store is not None:
            try:
                rows = api.item_checks(self.store, item["id"])
            except Exception as exc:
                from ui.errors import show_error

                show_error(self, exc)
        self.checks.set_rows(rows)
        if rows and not self.checks_view.currentIndex().isValid():
            self.checks_view.setCurrentIndex(self.checks.index(0, 0))
        self.checks_view.resizeColumnsToContents()
        self._update_labels()
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        self.open_button.setEnabled(self.current_check_id() is not None)
        self.new_item_button.setEnabled(self.store is not None)
        self.new_check_button.setEnabled(self.store is not None and self.current_item() is not None)

    # audit -----------------------------------------------------------------------------------
    def show_audit(self) -> None:
        """Who changed what in the selected check, field by field (a table with a filter)."""
        check_id = self.current_check_id()
        if self.store is None or check_id is None:
            return
        ref = next((c["ref_no"] for c in self.checks.rows if c["id"] == check_id), check_id)
        self._history(self.tr("History of check {0}").format(ref), check_id=check_id)

    def show_item_history(self) -> None:
        """Who changed what in the selected item and all its checks."""
        item = self.current_item()
        if self.store is None or item is None:
            return
        inv = item.get("inventory_no")
        self._history(self.tr("History of item {0}").format(inv), inventory_no=inv)

    def _history(self, title: str, **which) -> None:
        try:
            rows = api.history(self.store, **which)
        except Exception as exc:
            from ui.errors import show_error

            show_error(self, exc)
            return
        self.show_history(title, rows)

    def _show_history(self, title: str, rows: list[dict]) -> None:
        from ui.records.history import HistoryDialog

        HistoryDialog(title, rows, self).exec()

    def verify_records(self) -> dict | None:
        """Run the store's integrity check (audit chain, record hashes, mask files) and say so."""
        if self.store is None:
            return None
        try:
            result = api.verify(self.store)
        except Exception as exc:
            from ui.errors import show_error

            show_error(self, exc)
            return None
        if result.get("ok"):
            text = self.tr(
                "The records are intact: the audit chain of {0} entries is unbroken and all {1} "
                "finalised checks match the hash recorded when they were signed."
            ).format(result.get("audit_rows", 0), result.get("final_checks", 0))
        else:
            text = self.tr("Problems found:") + "\n" + "\n".join(result.get("problems", []))
        self.show_text(self.tr("Verify the records"), text)
        return result

    def _show_text(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(self)
        box.setWindowTitle(title)
        box.setText(title)
        if text.count("\n") > 12:  # long trails go into the expandable details
            box.setDetailedText(text)
        else:
            box.setInformativeText(text)
        box.exec()

    # creating --------------------------------------------------------------------------------
    def new_item(self) -> int | None:
        """Ask for an inventory number, title and type, add the item and select it."""
        if self.store is None:
            return None
        answer = self.ask_new_item()
        if not answer:
            return None
        try:
            item_id = api.add_item(
                self.store,
                answer["inventory_no"],
                answer.get("title", ""),
                answer.get("object_type"),
            )
        except Exception as exc:
            from ui.errors import show_error

            show_error(self, exc, self.tr("The item could not be added"), path=False)
            return None
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.refresh()
        self.select_item(item_id)
        return item_id

    def new_check(self) -> int | None:
        """Start a draft check of the selected item; announces it with ``checkCreated``."""
        item = self.current_item()
        if self.store is None or item is None:
            return None
        checker = self.ask_checker()
        if not checker or not checker.strip():
            return None
        try:
            check_id = api.create_check(self.store, item["inventory_no"], checker.strip())
        except Exception as exc:
            from ui.errors import show_error

            show_error(self, exc, self.tr("The check could not be created"), path=False)
            return None
        self.refresh()
        self.select_check(check_id)
        self.checkCreated.emit(check_id)
        return check_id

    def _prefs(self):
        w = self
        while w is not None:
            if getattr(w, "prefs", None) is not None:
                return w.prefs
            w = w.parent()
        return None

    def _ask_checker(self) -> str | None:
        w = self.parent()
        while w is not None:  # the main window asks once and remembers (Preferences)
            if callable(getattr(w, "ensure_user_name", None)):
                return w.ensure_user_name()
            w = w.parent()
        prefs = self._prefs()
        if prefs is not None and prefs.user_name:
            return prefs.user_name
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(
            self, self.tr("New check"), self.tr("Who checks the item (your name)?")
        )
        return name if ok else None

    def _ask_new_item(self) -> dict | None:
        dlg = NewItemDialog(self)
        if dlg.exec() != NewItemDialog.Accepted:
            return None
        return dlg.values()

    def _open_index(self, index) -> None:
        if index.isValid():
            self.openCheckRequested.emit(int(self.checks.rows[index.row()]["id"]))

    def open_current(self) -> None:
        """Ask the main window to open the selected check (scan, regions, report)."""
        check_id = self.current_check_id()
        if check_id is not None:
            self.openCheckRequested.emit(int(check_id))


class NewItemDialog(QDialog):
    """Inventory number, title and object type of a new item."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New item"))
        self.inventory_edit = QLineEdit(self)
        self.title_edit = QLineEdit(self)
        self.type_combo = QComboBox(self)
        fill_combo(self.type_combo, "object_type")
        form = QFormLayout(self)
        form.addRow(self.tr("Inventory number:"), self.inventory_edit)
        form.addRow(self.tr("Title:"), self.title_edit)
        form.addRow(self.tr("Object type:"), self.type_combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        ok = self.buttons.button(QDialogButtonBox.Ok)
        ok.setEnabled(False)
        self.inventory_edit.textChanged.connect(lambda t: ok.setEnabled(bool(t.strip())))

    def values(self) -> dict:
        return {
            "inventory_no": self.inventory_edit.text().strip(),
            "title": self.title_edit.text().strip(),
            "object_type": self.type_combo.currentData(),
        }
