"""The review dock: legend with per-class toggles and opacity, findings table, accept/reject."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QRadioButton,
    QScrollArea,
    QSlider,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.analysis.review import (
    CLASS_COLOURS,
    CLASSES,
    SORT_ROLE,
    FindingsModel,
    class_label,
    severity_label,
)
from ui.i18n import num, quantity


def swatch(color: QColor, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(color)
    return QIcon(pix)


class _ClassDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for c in CLASSES:
            combo.addItem(swatch(CLASS_COLOURS[c]), class_label(c), c)
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.EditRole)


class _SeverityDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for s in (1, 2, 3):
            combo.addItem(severity_label(s), s)
        return combo

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.EditRole)


class Legend(QWidget):
    """One row per class: show/hide, colour, name, count and area; a shared opacity slider."""

    toggled = Signal(str, bool)
    opacityChanged = Signal(float)
    fillChanged = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.boxes: dict[str, QCheckBox] = {}
        self.counts: dict[str, QLabel] = {}
        # first row, always in sight: outlines only (default) or filled, and their opacity
        self.fill = QCheckBox(self)
        self.fill.setObjectName("legendFill")
        self.fill.toggled.connect(self.fillChanged)
        self.opacity_label = QLabel(self)
        self.opacity = QSlider(Qt.Horizontal, self)
        self.opacity.setObjectName("legendOpacity")
        self.opacity.setRange(0, 100)
        self.opacity.setValue(55)
        self.opacity.valueChanged.connect(lambda v: self.opacityChanged.emit(v / 100.0))
        top = QHBoxLayout()
        top.addWidget(self.fill)
        top.addWidget(self.opacity_label)
        top.addWidget(self.opacity, 1)
        self.grid.addLayout(top, 0, 0, 1, 2)
        for row, c in enumerate(CLASSES, start=1):
            box = QCheckBox(self)
            box.setChecked(True)
            box.setIcon(swatch(CLASS_COLOURS[c]))
            box.setObjectName(f"legend-{c}")
            box.toggled.connect(lambda on, c=c: self.toggled.emit(c, on))
            count = QLabel(self)
            self.grid.addWidget(box, row, 0)
            self.grid.addWidget(count, row, 1)
            self.boxes[c] = box
            self.counts[c] = count
        self.retranslate()

        self.status: dict[str, dict] = {}
        self.summary: dict[str, str] = {}

    def retranslate(self) -> None:
        for c, box in self.boxes.items():
            box.setText(class_label(c))
        self.opacity_label.setText(self.tr("Opacity"))
        self.fill.setText(self.tr("Fill regions"))
        self.fill.setToolTip(
            self.tr("Outlines only show the damage underneath; filled regions stand out more")
        )
        self._show()

    def set_summary(self, summary: dict[str, str]) -> None:
        self.summary = dict(summary)
        self._show()

    def set_status(self, status: dict[str, dict]) -> None:
        """Per class ``{"status", "reason_code", "reason", "method"}`` of the last analysis:
        a class that was not measured says why instead of showing a count."""
        self.status = {c: dict(v) for c, v in (status or {}).items() if isinstance(v, dict)}
        self._show()

    def reason_text(self, code: str | None, fallback: str | None) -> str:
        reasons = {
            "no_board": self.tr("no backing board visible"),
            "uneven_board": self.tr("no even backing board around the leaf"),
            "greyscale": self.tr("not measurable in greyscale"),
            "too_small": self.tr("the image is too small to analyse"),
            "uniform": self.tr("the image is uniform"),
        }
        return reasons.get(code or "", fallback or code or "")

    def _show(self) -> None:
        if not hasattr(self, "status"):
            return  # still being built
        for c, label in self.counts.items():
            st = self.status.get(c) or {}
            text = self.summary.get(c, "")
            tip = ""
            if st.get("status", "measured") != "measured":
                reason = self.reason_text(st.get("reason_code"), st.get("reason"))
                text = self.tr("not measured: {0}").format(reason)
                tip = self.tr("This class was not measured on this scan: {0}.").format(reason)
            elif st.get("method") == "luminance only":
                text = self.tr("{0} (luminance only)").format(text or "0")
                tip = self.tr("A greyscale scan: measured from luminance alone.")
            label.setText(text)
            label.setToolTip(tip)
            self.boxes[c].setToolTip(tip)


def class_status(data: dict) -> dict[str, dict]:
    """Per class status of an analysis result's ``to_dict()`` (or a check's measurements)."""
    dets = data.get("detectors") if isinstance(data.get("detectors"), dict) else data
    out = {}
    for name, det in (dets or {}).items():
        if isinstance(det, dict) and "status" in det:
            out[name] = {k: det.get(k) for k in ("status", "reason_code", "reason", "method")}
    return out


class FindingsPanel(QWidget):
    """Legend + table + review buttons for a :class:`FindingsModel`."""

    findingSelected = Signal(object)  # uid or None
    reviewed = Signal()  # the selection was accepted, rejected or re-classified: go on

    def __init__(self, model: FindingsModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.legend = Legend(self)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("findingsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.AscendingOrder)  # by number: the order of the report
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setItemDelegateForColumn(FindingsModel.COLS.index("class"), _ClassDelegate(self))
        self.table.setItemDelegateForColumn(
            FindingsModel.COLS.index("severity"), _SeverityDelegate(self)
        )
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.accept_btn = QToolButton(self)
        self.reject_btn = QToolButton(self)
        self.reclass_btn = QToolButton(self)
        self.delete_btn = QToolButton(self)
        for b in (self.accept_btn, self.reject_btn, self.reclass_btn, self.delete_btn):
            b.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self._set_icons()
        self.reclass_menu = QMenu(self)
        for c in CLASSES:
            act = self.reclass_menu.addAction(swatch(CLASS_COLOURS[c]), class_label(c))
            act.setData(c)
        self.reclass_menu.triggered.connect(lambda a: self.reclassify_selected(a.data()))
        self.reclass_btn.setMenu(self.reclass_menu)
        self.reclass_btn.setPopupMode(QToolButton.InstantPopup)
        self.accept_btn.clicked.connect(lambda: self.set_status_selected("accepted"))
        self.reject_btn.clicked.connect(lambda: self.set_status_selected("rejected"))
        self.delete_btn.clicked.connect(self.delete_selected)

        buttons = QHBoxLayout()
        for b in (self.accept_btn, self.reject_btn, self.reclass_btn, self.delete_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        legend_scroll = QScrollArea(self)
        legend_scroll.setWidget(self.legend)
        legend_scroll.setWidgetResizable(True)
        legend_scroll.setMaximumHeight(200)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(legend_scroll)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        model.modelReset.connect(self._update_summary)
        model.dataChanged.connect(lambda *a: self._update_summary())
        model.rowsInserted.connect(lambda *a: self._update_summary())
        model.rowsRemoved.connect(lambda *a: self._update_summary())
        self.retranslate()

    def _set_icons(self) -> None:
        try:
            from ui.icons import icon
        except Exception:
            return
        self.accept_btn.setIcon(icon("accept"))
        self.reject_btn.setIcon(icon("reject"))
        self.reclass_btn.setIcon(icon("reclassify"))
        self.delete_btn.setIcon(icon("delete"))

    read_only_reason = ""

    def set_read_only(self, ro: bool, reason: str = "") -> None:
        """Disable every review button and cell editor (a final check), saying why."""
        self.read_only_reason = reason if ro else ""
        for b in (self.accept_btn, self.reject_btn, self.reclass_btn, self.delete_btn):
            b.setEnabled(not ro)
        self.table.setEditTriggers(
            QAbstractItemView.NoEditTriggers
            if ro
            else QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
        )
        self._set_tooltips()

    def _set_tooltips(self) -> None:
        why = self.read_only_reason
        self.accept_btn.setToolTip(why or self.tr("Accept the selected findings (A)"))
        self.reject_btn.setToolTip(why or self.tr("Reject the selected findings (X)"))
        self.reclass_btn.setToolTip(why or self.tr("Give the selected findings another class"))
        self.delete_btn.setToolTip(why or self.tr("Delete the selected manual regions"))
        self.table.setToolTip(why)
        self._update_summary()  # on a final check, unreviewed findings no longer count

    def retranslate(self) -> None:
        self.accept_btn.setText(self.tr("Accept"))
        self.reject_btn.setText(self.tr("Reject"))
        self.reclass_btn.setText(self.tr("Re-classify"))
        self.delete_btn.setText(self.tr("Delete"))
        self._set_tooltips()
        for act in self.reclass_menu.actions():
            act.setText(class_label(act.data()))
        self.legend.retranslate()
        self._update_summary()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_summary(self) -> None:
        """Legend numbers from the core's derivation, as the report and the JSON print them."""
        from conservator.storage.summary import class_summaries

        per = class_summaries(
            [
                {
                    "no": f.no,
                    "damage_code": f.cls,
                    "status": f.status,
                    "source": "automatic" if f.source == "auto" else "manual",
                    "area_px": f.area_px,
                    "area_mm2": f.area_mm2,
                    "measurements": f.extra,
                }
                for f in self.model.items
            ],
            final=bool(self.read_only_reason),
        )
        summary = {}
        for c, s in per.items():
            if not s.get("count"):
                continue
            area = (
                quantity(s["area_mm2"], "mm2", 1)
                if s.get("area_mm2") is not None
                else quantity(s.get("area_px") or 0, "px", 0)
            )
            summary[c] = self.tr("{0} · {1}").format(num(s["count"], 0), area)
        self.legend.set_summary(summary)
        n = len(self.model.items)
        acc = sum(f.status == "accepted" for f in self.model.items)
        rej = sum(f.status == "rejected" for f in self.model.items)
        text = (
            self.tr("{0} findings: {1} accepted, {2} rejected, {3} to review").format(
                num(n, 0), num(acc, 0), num(rej, 0), num(n - acc - rej, 0)
            )
            if n
            else self.tr("No findings yet: run Analysis › Analyse, or draw regions by hand.")
        )
        if self.read_only_reason:
            text = self.tr("Final (signed), read-only. {0}").format(text)
        self.summary_label.setText(text)
        self.summary_label.setToolTip(self.read_only_reason)

    # --- selection & actions -----------------------------------------------------------------
    def selected_uids(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.items[r].uid for r in sorted(rows) if 0 <= r < len(self.model.items)]

    def _current_changed(self, current, _previous) -> None:
        if not current.isValid():
            self.findingSelected.emit(None)
            return
        r = self.proxy.mapToSource(current).row()
        self.findingSelected.emit(
            self.model.items[r].uid if 0 <= r < len(self.model.items) else None
        )

    def select_uid(self, uid: int) -> None:
        r = self.model.row_of(uid)
        if r < 0:
            return
        idx = self.proxy.mapFromSource(self.model.index(r, 0))
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        )
        self.table.scrollTo(idx)

    def set_status_selected(self, status: str) -> None:
        uids = self.selected_uids()
        self.model.set_status(uids, status)
        if uids and not self.model.read_only:
            self.reviewed.emit()

    def reclassify_selected(self, cls: str) -> None:
        uids = self.selected_uids()
        if not uids or self.model.read_only:
            return
        self.model.undo.beginMacro(self.tr("Re-classify"))
        for u in uids:
            self.model.reclassify(u, cls)
        self.model.undo.endMacro()
        self.reviewed.emit()

    def delete_selected(self) -> None:
        uids = [u for u in self.selected_uids() if self.model.get(u).source == "manual"]
        if not uids or self.model.read_only:
            return
        self.model.undo.beginMacro(self.tr("Delete region"))
        for u in uids:
            self.model.remove(u)
        self.model.undo.endMacro()


class AnalysisParamsDialog(QDialog):
    """Choose how the detectors should err (three presets), and under "Advanced" every detector
    and parameter (mm, ΔE00), before an analysis run."""

    def __init__(self, defaults: dict, params: dict, enabled, parent=None):
        super().__init__(parent)
        from conservator.analysis.presets import PRESETS
        from ui.prefs import DetectorParamsEditor

        self.setWindowTitle(self.tr("Analyse"))
        self.editor = DetectorParamsEditor(defaults, params, enabled, self)
        for box in self.editor.enabled_boxes.values():
            box.setText(self.tr("Run this detector"))
        self.editor.reset_button.setText(self.tr("Reset to the defaults"))
        self.preset_box = QGroupBox(self.tr("How should the detectors err?"), self)
        self.preset_buttons: dict[str, QRadioButton] = {}
        grid = QGridLayout(self.preset_box)
        texts = self.preset_texts()
        for row, name in enumerate(PRESETS):
            title, line = texts[name]
            button = QRadioButton(title, self.preset_box)
            button.setObjectName(f"preset-{name}")
            button.toggled.connect(lambda on, n=name: on and self.apply_preset(n))
            note = QLabel(line, self.preset_box)
            note.setWordWrap(True)
            note.setBuddy(button)
            grid.addWidget(button, row, 0)
            grid.addWidget(note, row, 1)
            self.preset_buttons[name] = button
        grid.setColumnStretch(1, 1)
        self.custom_label = QLabel(self.tr("Custom values (see Advanced)."), self.preset_box)
        grid.addWidget(self.custom_label, len(PRESETS), 0, 1, 2)

        self.advanced = QToolButton(self)
        self.advanced.setObjectName("advancedToggle")
        self.advanced.setText(self.tr("Advanced: every detector and parameter"))
        self.advanced.setCheckable(True)
        self.advanced.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.advanced.setArrowType(Qt.RightArrow)
        self.remember = QCheckBox(self.tr("Use these values as my defaults"), self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.editor)
        self.scroll.setWidgetResizable(True)
        self.scroll.hide()
        self.advanced.toggled.connect(self._show_advanced)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Analyse"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preset_box)
        layout.addWidget(self.advanced, 0, Qt.AlignLeft)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)
        self._applying = False
        for w in self.editor.editors.values():
            signal = getattr(w, "valueChanged", None) or w.toggled
            signal.connect(self._sync_preset)
        self.editor.reset_button.clicked.connect(self._sync_preset)
        self._sync_preset()
        self.resize(580, self.sizeHint().height())

    def preset_texts(self) -> dict[str, tuple[str, str]]:
        """Name and one-line explanation of each preset (of conservator.analysis.presets)."""
        return {
            "sensitive": (
                self.tr("Sensitive"),
                self.tr("Report more: fainter and smaller damage, a few more false alarms."),
            ),
            "balanced": (
                self.tr("Balanced"),
                self.tr("The detectors' defaults: the settings their accuracy was measured with."),
            ),
            "conservative": (
                self.tr("Conservative"),
                self.tr("Report less: only damage that is beyond doubt."),
            ),
        }

    def _show_advanced(self, on: bool) -> None:
        self.scroll.setVisible(on)
        self.advanced.setArrowType(Qt.DownArrow if on else Qt.RightArrow)
        if on and self.height() < 600:
            self.resize(max(self.width(), 600), 680)

    def apply_preset(self, name: str) -> None:
        """Every parameter to the defaults with the preset's overrides on top."""
        from conservator.analysis.presets import preset_overrides

        overrides = preset_overrides(name)
        self._applying = True
        try:
            for (det, param), w in self.editor.editors.items():
                value = overrides.get(det, {}).get(param, self.editor.defaults[det][param])
                self.editor._set(w, value)
        finally:
            self._applying = False
        self._sync_preset()

    def preset(self) -> str | None:
        """The preset the values are (None: custom values)."""
        from conservator.analysis.presets import preset_of

        return preset_of(self.editor.overrides())

    def _sync_preset(self, *_args) -> None:
        if self._applying:
            return
        current = self.preset()
        for name, button in self.preset_buttons.items():
            button.blockSignals(True)
            button.setAutoExclusive(False)
            button.setChecked(name == current)
            button.setAutoExclusive(True)
            button.blockSignals(False)
        self.custom_label.setVisible(current is None)

    def detectors(self) -> list[str]:
        return self.editor.enabled()

    def params(self) -> dict:
        """Defaults with the edited values on top."""
        merged = {k: dict(v) for k, v in self.editor.defaults.items()}
        for det, values in self.editor.overrides().items():
            merged.setdefault(det, {}).update(values)
        return merged
