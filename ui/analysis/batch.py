"""Batch review: accept or reject many findings at once, as ONE undo step.

Which findings a batch changes is decided by the core (:func:`conservator.storage.review.
batch_targets`), the same function behind ``conservator checks batch``; this module only asks
for the criteria (class, smallest area, the selected rows, a drawn rectangle) and applies the
result through the findings model's undo stack. The changes are saved (and recorded in the
check's history with who and when) exactly like single accepts and rejects.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from conservator.storage.review import batch_targets
from ui.analysis.review import CLASS_COLOURS, FindingsModel, class_label
from ui.annotate.tools import RectTool


class RegionTool(RectTool):
    """A rectangle drawn to choose findings (Reject All in a Drawn Rectangle), not a finding."""

    name = "region"

    def __init__(self, scene, on_done):
        super().__init__(scene, on_done, QColor(220, 40, 40))


def review_dicts(model: FindingsModel) -> list[dict]:
    """The model's findings as the core's review findings (``key`` is the finding's uid)."""
    return [
        {
            "key": f.uid,
            "damage_code": f.cls,
            "status": f.status,
            "area_mm2": f.area_mm2,
            "area_px": f.area_px,
            "bbox": f.bbox,
        }
        for f in model.items
    ]


def targets(model: FindingsModel, action: str, **criteria) -> list[int]:
    """The uids of the findings a batch ``action`` (accept/reject) changes (see the core)."""
    return batch_targets(review_dicts(model), action, **criteria)


def apply_batch(model: FindingsModel, uids: list[int], action: str) -> int:
    """Accept or reject ``uids`` as one undo step; returns how many changed (0 read-only)."""
    if model.read_only or not uids:
        return 0
    status = {"accept": "accepted", "reject": "rejected"}[action]
    n = len(uids)
    text = (
        QCoreApplication.translate("Batch", "Accept %n finding(s)", "", n)
        if action == "accept"
        else QCoreApplication.translate("Batch", "Reject %n finding(s)", "", n)
    )
    model.undo.beginMacro(text)
    try:
        for uid in uids:
            model.edit(uid, text, status=status)
    finally:
        model.undo.endMacro()
    return n


class BatchDialog(QDialog):
    """Accept or reject every finding of a class above an area, among all findings or the
    selected ones; says how many findings the choice changes before OK."""

    def __init__(
        self,
        model: FindingsModel,
        selected: list[int] | None = None,
        parent: QWidget | None = None,
        *,
        action: str = "accept",
        cls: str | None = "foxing",
    ):
        super().__init__(parent)
        self.setObjectName("BatchDialog")
        self.model = model
        self.selected = list(selected or [])
        self.setWindowTitle(self.tr("Batch Review"))
        self.accept_radio = QRadioButton(self.tr("Accept"), self)
        self.reject_radio = QRadioButton(self.tr("Reject"), self)
        (self.accept_radio if action == "accept" else self.reject_radio).setChecked(True)
        self.class_combo = QComboBox(self)
        self.class_combo.addItem(self.tr("Any class"), None)
        present = list(dict.fromkeys(f.cls for f in model.items))
        from ui.analysis.panel import swatch

        for c in present:
            colour = CLASS_COLOURS.get(c)
            if colour is not None:
                self.class_combo.addItem(swatch(colour), class_label(c), c)
            else:
                self.class_combo.addItem(class_label(c), c)
        self.class_combo.setCurrentIndex(max(0, self.class_combo.findData(cls)))
        self.mm = bool(model.px_per_mm)
        self.area_spin = QDoubleSpinBox(self)
        self.area_spin.setDecimals(2 if self.mm else 0)
        self.area_spin.setRange(0.0, 1e7)
        self.area_spin.setSingleStep(0.5 if self.mm else 100)
        self.area_spin.setValue(1.0 if self.mm else 0.0)
        self.area_spin.setSuffix(" " + (self.tr("mm²") if self.mm else self.tr("px")))
        self.selected_box = QCheckBox(
            self.tr("Only the %n selected finding(s)", "", len(self.selected)), self
        )
        self.selected_box.setChecked(len(self.selected) > 1)
        self.selected_box.setEnabled(bool(self.selected))
        self.reviewed_box = QCheckBox(
            self.tr("Also change findings already accepted or rejected"), self
        )
        self.preview = QLabel(self)
        self.preview.setObjectName("batchPreview")
        self.preview.setWordWrap(True)
        actions = QVBoxLayout()
        actions.addWidget(self.accept_radio)
        actions.addWidget(self.reject_radio)
        form = QFormLayout()
        form.addRow(self.tr("Action:"), actions)
        form.addRow(self.tr("Class:"), self.class_combo)
        form.addRow(self.tr("At least:"), self.area_spin)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.selected_box)
        layout.addWidget(self.reviewed_box)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        for signal in (
            self.accept_radio.toggled,
            self.class_combo.currentIndexChanged,
            self.area_spin.valueChanged,
            self.selected_box.toggled,
            self.reviewed_box.toggled,
        ):
            signal.connect(self._update)
        self._update()
        self.setMinimumWidth(420)

    def action(self) -> str:
        return "accept" if self.accept_radio.isChecked() else "reject"

    def criteria(self) -> dict:
        """The criteria for :func:`conservator.storage.review.batch_targets`."""
        area = self.area_spin.value()
        return {
            "damage_code": self.class_combo.currentData(),
            "min_area_mm2": area if self.mm and area > 0 else None,
            "min_area_px": area if not self.mm and area > 0 else None,
            "keys": self.selected if self.selected_box.isChecked() else None,
            "include_reviewed": self.reviewed_box.isChecked(),
        }

    def targets(self) -> list[int]:
        return targets(self.model, self.action(), **self.criteria())

    def _update(self, *_args) -> None:
        n = len(self.targets())
        text = (
            self.tr("%n finding(s) will be accepted.", "", n)
            if self.action() == "accept"
            else self.tr("%n finding(s) will be rejected.", "", n)
        )
        self.preview.setText(text + " " + self.tr("One Undo (Ctrl+Z) restores them all."))
        ok = self.buttons.button(QDialogButtonBox.Ok)
        ok.setEnabled(n > 0)
        ok.setText(self.tr("Accept") if self.action() == "accept" else self.tr("Reject"))

    def keyPressEvent(self, event) -> None:  # Enter in the spin box applies, as OK does
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not self.targets():
            return
        super().keyPressEvent(event)
