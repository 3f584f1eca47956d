"""The findings under review: detector instances and manual regions, edited through an undo stack.

Every change (accept, reject, re-classify, severity, note, add, delete, move) is a QUndoCommand,
so Edit › Undo/Redo covers all of them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QUndoCommand, QUndoStack

from conservator.detect import registry
from ui.i18n import list_separator, num, quantity, unit

#: Damage classes (codes of the damage vocabulary): the registered detectors' classes in report
#: order, then classes people mark by hand.
CLASSES = tuple(dict.fromkeys([*registry.class_names(), "stain", "mould", "soiling", "crease"]))
#: One colour per class, the same as the CLI overlay and the PDF (``registry.colours()``).
CLASS_COLOURS = {c: QColor(*rgb) for c, rgb in registry.colours().items()}
STATUSES = ("proposed", "accepted", "rejected")
SORT_ROLE = Qt.UserRole + 1


def class_label(cls: str) -> str:
    """The translated name of a damage class."""
    names = {
        "foxing": QCoreApplication.translate("Damage", "Foxing"),
        "loss": QCoreApplication.translate("Damage", "Loss"),
        "tear": QCoreApplication.translate("Damage", "Tear"),
        "fading": QCoreApplication.translate("Damage", "Fading"),
        "stain": QCoreApplication.translate("Damage", "Stain"),
        "mould": QCoreApplication.translate("Damage", "Mould"),
        "soiling": QCoreApplication.translate("Damage", "Soiling"),
        "crease": QCoreApplication.translate("Damage", "Crease"),
    }
    if cls in names:
        return names[cls]
    from ui.records.vocab import label  # every other term of the damage vocabulary

    return label("damage", cls) or cls


def status_label(status: str) -> str:
    return {
        "proposed": QCoreApplication.translate("Damage", "proposed"),
        "accepted": QCoreApplication.translate("Damage", "accepted"),
        "rejected": QCoreApplication.translate("Damage", "rejected"),
    }.get(status, status)


def severity_label(severity) -> str:
    """1/2/3 as the words a conservator uses (translated)."""
    return {
        1: QCoreApplication.translate("Damage", "minor"),
        2: QCoreApplication.translate("Damage", "moderate"),
        3: QCoreApplication.translate("Damage", "severe"),
    }.get(severity, str(severity))


_ids = itertools.count(1)


@dataclass
class Finding:
    """One damage region under review (scan pixel coordinates)."""

    cls: str
    bbox: tuple[float, float, float, float]
    area_px: float
    area_mm2: float | None = None
    severity: int = 1
    status: str = "proposed"
    note: str = ""
    source: str = "auto"  # "auto" (a detector) or "manual"
    detector_cls: str | None = None  # the class the detector gave, when re-classified
    instance_id: int | None = None
    polygon: list[tuple[float, float]] | None = None  # manual outline (closed)
    shape: str = "bbox"  # bbox | rect | polygon | brush
    extra: dict = field(default_factory=dict)
    author: str | None = None  # who drew a manual region
    detector: str | None = None  # the detector (and version) that found it
    no: int | None = None  # its stable number in the check, once saved (as printed)
    uid: int = field(default_factory=lambda: next(_ids))

    def details(self) -> str:
        """The class-specific measurements, with their units."""
        parts = []
        for key, text in (
            ("length_mm", QCoreApplication.translate("Damage", "length {0} mm")),
            ("longest_mm", QCoreApplication.translate("Damage", "longest {0} mm")),
            ("diameter_mm", QCoreApplication.translate("Damage", "⌀ {0} mm")),
            ("delta_e00", QCoreApplication.translate("Damage", "ΔE00 {0}")),
            ("mean_delta_e00", QCoreApplication.translate("Damage", "mean ΔE00 {0}")),
        ):
            if key in self.extra:
                parts.append(text.format(_fmt(self.extra[key])))
        return list_separator().join(parts)


def _fmt(v) -> str:
    """A measurement in the interface language's digits and decimal mark."""
    if isinstance(v, float):
        return num(v, 1 if abs(v) >= 10 else 2)
    return num(v, 0) if isinstance(v, int) else str(v)


def region_extra(measured: dict) -> dict:
    """The class-specific numbers of a hand-drawn region (from ``measure_region``)."""
    if measured.get("longest_mm") is not None:
        return {"longest_mm": measured["longest_mm"]}
    return {"longest_px": measured["longest_px"]}


def findings_from_result(result: dict) -> list[Finding]:
    """Findings for every detector instance of an ``AnalysisResult.to_dict()``."""
    from conservator.storage.severity import instance_severity

    out: list[Finding] = []
    leaf_px = (result.get("leaf") or {}).get("area_px")
    for name, det in (result.get("detectors") or {}).items():
        for inst in det.get("instances") or []:
            bbox = tuple(float(v) for v in inst.get("bbox", (0, 0, 0, 0)))
            area_mm2 = inst.get("area_mm2")
            extra = {
                k: v
                for k, v in inst.items()
                if k not in ("id", "bbox", "centroid", "area_px", "area_mm2")
                and isinstance(v, (int, float))
            }
            out.append(
                Finding(
                    cls=name,
                    bbox=bbox,
                    area_px=float(inst.get("area_px", 0)),
                    area_mm2=None if area_mm2 is None else float(area_mm2),
                    severity=instance_severity(name, inst, leaf_px),
                    instance_id=inst.get("id"),
                    extra=extra,
                    detector=name,
                )
            )
    return out


class FindingsModel(QAbstractTableModel):
    """Table model of the findings; edits made through the view go to the undo stack."""

    COLS = ("no", "class", "source", "area", "position", "details", "severity", "status", "note")
    findingChanged = Signal(int)  # uid
    findingsReset = Signal()

    def __init__(self, undo: QUndoStack, parent=None):
        super().__init__(parent)
        self.undo = undo
        self.items: list[Finding] = []
        self.px_per_mm: float | None = None
        #: the leaf's top-left corner in scan px (from the analysis); positions are measured
        #: from it. None: not known (a reopened check: the records do not keep it), the scan's
        self.leaf_origin: tuple[float, float] | None = None
        #: True for a final (signed) check: every edit is refused, nothing reaches the undo stack
        self.read_only = False

    # --- read ---------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLS)

    def set_leaf_origin(self, origin) -> None:
        """The leaf's top-left corner (scan px), or None when it is not known."""
        self.leaf_origin = tuple(float(v) for v in origin[:2]) if origin else None
        self.headerDataChanged.emit(Qt.Horizontal, 0, len(self.COLS) - 1)
        if self.items:
            col = self.COLS.index("position")
            self.dataChanged.emit(self.index(0, col), self.index(len(self.items) - 1, col))

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole:
            if self.COLS[section] == "position":
                return (
                    self.tr("Top-left corner of the finding, from the top-left corner of the leaf")
                    if self.leaf_origin
                    else self.tr(
                        "Top-left corner of the finding, from the top-left corner of the scan (analyse again to measure from the leaf)"
                    )
                )
            return None
        if role != Qt.DisplayRole or orientation != Qt.Horizontal:
            return None
        return [
            self.tr("No."),
            self.tr("Class"),
            self.tr("Source"),
            self.tr("Area"),
            self.tr("Position") if self.leaf_origin else self.tr("Position (scan)"),
            self.tr("Measurements"),
            self.tr("Severity"),
            self.tr("Status"),
            self.tr("Note"),
        ][section]

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        f = self.items[index.row()]
        col = self.COLS[index.column()]
        if role == Qt.DisplayRole:
            if col == "no":
                return "" if f.no is None else str(f.no)
            if col == "class":
                return class_label(f.cls)
            if col == "source":
                return self.tr("detector") if f.source == "auto" else self.tr("manual")
            if col == "area":
                if f.area_mm2 is not None:
                    return quantity(f.area_mm2, "mm2", 2)
                return quantity(f.area_px, "px", 0)
            if col == "position":
                x, y = self.position(f)
                return self.tr("{0}, {1} {2}").format(
                    num(x, 0), num(y, 0), unit("mm" if self.px_per_mm else "px")
                )
            if col == "details":
                return f.details()
            if col == "severity":
                return severity_label(f.severity)
            if col == "status":
                return status_label(f.status)
            if col == "note":
                return f.note
        if role == Qt.EditRole:
            return {"class": f.cls, "severity": f.severity, "note": f.note, "status": f.status}.get(
                col
            )
        if role == Qt.DecorationRole and col == "class":
            return CLASS_COLOURS.get(f.cls, QColor("grey"))
        if role == Qt.ForegroundRole and f.status == "rejected":
            return QColor(140, 140, 140)
        if role == Qt.UserRole:
            return f.uid
        if role == SORT_ROLE:  # numbers sort as numbers
            return {
                "no": f.no if f.no is not None else 1 << 30,
                "class": class_label(f.cls),
                "source": f.source,
                "area": f.area_px,
                "position": self.position(f)[::-1],
                "details": f.details(),
                "severity": f.severity,
                "status": STATUSES.index(f.status) if f.status in STATUSES else 9,
                "note": f.note,
            }[col]
        return None

    def flags(self, index):
        base = super().flags(index)
        if not self.read_only and self.COLS[index.column()] in ("class", "severity", "note"):
            base |= Qt.ItemIsEditable
        return base

    def setData(self, index, value, role=Qt.EditRole):
        if role != Qt.EditRole or not index.isValid() or self.read_only:
            return False
        f = self.items[index.row()]
        col = self.COLS[index.column()]
        if col == "class" and value in CLASSES and value != f.cls:
            self.reclassify(f.uid, value)
        elif col == "severity":
            try:
                sev = int(value)
            except (TypeError, ValueError):
                return False
            if sev in (1, 2, 3) and sev != f.severity:
                self.edit(f.uid, self.tr("Set severity"), severity=sev)
        elif col == "note" and str(value) != f.note:
            self.edit(f.uid, self.tr("Edit note"), note=str(value))
        else:
            return False
        return True

    def row_of(self, uid: int) -> int:
        for i, f in enumerate(self.items):
            if f.uid == uid:
                return i
        return -1

    def position(self, f: Finding) -> tuple[float, float]:
        """Top-left of the finding from the top-left of the leaf (``leaf_origin``, scan px):
        in mm with the scan's resolution, else in pixels."""
        ox, oy = self.leaf_origin or (0.0, 0.0)
        x, y = f.bbox[0] - ox, f.bbox[1] - oy
        if self.px_per_mm:
            return x / self.px_per_mm, y / self.px_per_mm
        return x, y

    def get(self, uid: int) -> Finding | None:
        r = self.row_of(uid)
        return self.items[r] if r >= 0 else None

    def area_mm2(self, area_px: float) -> float | None:
        return None if not self.px_per_mm else area_px / self.px_per_mm**2

    # --- whole-list changes (not undoable: a new analysis or a new scan) ----------------------
    def reset(self, items: list[Finding], px_per_mm: float | None) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.px_per_mm = px_per_mm
        self.endResetModel()
        self.undo.clear()
        self.findingsReset.emit()

    def replace_auto(self, auto: list[Finding]) -> None:
        """New detector findings replace the old ones; manual regions stay."""
        manual = [f for f in self.items if f.source == "manual"]
        self.beginResetModel()
        self.items = auto + manual
        self.endResetModel()
        self.undo.clear()
        self.findingsReset.emit()

    # --- undoable edits (all refused while read-only) ------------------------------------------
    def edit(self, uid: int, text: str, **changes) -> None:
        if self.read_only:
            return
        self.undo.push(_EditCommand(self, uid, changes, text))

    def set_status(self, uids, status: str) -> None:
        if self.read_only:
            return
        uids = [u for u in uids if (f := self.get(u)) is not None and f.status != status]
        if not uids:
            return
        text = {"accepted": self.tr("Accept"), "rejected": self.tr("Reject")}.get(
            status, self.tr("Reset status")
        )
        self.undo.beginMacro(text)
        for u in uids:
            self.undo.push(_EditCommand(self, u, {"status": status}, text))
        self.undo.endMacro()

    def reclassify(self, uid: int, cls: str) -> None:
        f = self.get(uid)
        if f is None or f.cls == cls or self.read_only:
            return
        changes = {"cls": cls}
        if f.source == "auto" and f.detector_cls is None:
            changes["detector_cls"] = f.cls
        if f.status == "proposed":
            changes["status"] = "accepted"
        self.undo.push(_EditCommand(self, uid, changes, self.tr("Re-classify")))

    def add(self, finding: Finding) -> None:
        if not self.read_only:
            self.undo.push(_AddCommand(self, finding))

    def remove(self, uid: int) -> None:
        f = self.get(uid)
        if f is not None and not self.read_only:
            self.undo.push(_RemoveCommand(self, f))

    # --- used by the commands -----------------------------------------------------------------
    def _apply(self, uid: int, changes: dict) -> dict:
        r = self.row_of(uid)
        f = self.items[r]
        old = {k: getattr(f, k) for k in changes}
        self.items[r] = replace(f, **changes)
        self.dataChanged.emit(self.index(r, 0), self.index(r, len(self.COLS) - 1))
        self.findingChanged.emit(uid)
        return old

    def _insert(self, finding: Finding, row: int | None = None) -> None:
        row = len(self.items) if row is None else row
        self.beginInsertRows(QModelIndex(), row, row)
        self.items.insert(row, finding)
        self.endInsertRows()
        self.findingChanged.emit(finding.uid)

    def _take(self, uid: int) -> int:
        r = self.row_of(uid)
        self.beginRemoveRows(QModelIndex(), r, r)
        self.items.pop(r)
        self.endRemoveRows()
        self.findingChanged.emit(uid)
        return r


class _EditCommand(QUndoCommand):
    def __init__(self, model: FindingsModel, uid: int, changes: dict, text: str):
        super().__init__(text)
        self.model, self.uid, self.new, self.old = model, uid, dict(changes), None

    def redo(self) -> None:
        self.old = self.model._apply(self.uid, self.new)

    def undo(self) -> None:
        self.model._apply(self.uid, self.old)


class _AddCommand(QUndoCommand):
    def __init__(self, model: FindingsModel, finding: Finding):
        super().__init__(
            QCoreApplication.translate("FindingsModel", "Add {0}").format(class_label(finding.cls))
        )
        self.model, self.finding, self.row = model, finding, None

    def redo(self) -> None:
        self.model._insert(self.finding, self.row)

    def undo(self) -> None:
        # the finding as it is now (a save gave it its number): redo brings back that one
        self.finding = self.model.get(self.finding.uid) or self.finding
        self.row = self.model._take(self.finding.uid)


class _RemoveCommand(QUndoCommand):
    def __init__(self, model: FindingsModel, finding: Finding):
        super().__init__(QCoreApplication.translate("FindingsModel", "Delete region"))
        self.model, self.finding, self.row = model, finding, None

    def redo(self) -> None:
        self.finding = self.model.get(self.finding.uid) or self.finding
        self.row = self.model._take(self.finding.uid)

    def undo(self) -> None:
        self.model._insert(self.finding, self.row)
