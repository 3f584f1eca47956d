"""Saving the reviewed findings to the records store as a draft check, and opening a check again.

Mapping to the records model (``conservator.storage``): the analysis is recorded once per check
with ``Store.record_analysis`` (detector runs, measurements, class masks as PNG). The review then
owns the check's observations, rewritten on every save:

- per detector class, one *automatic* observation whose regions are the kept instance rectangles;
  its status is ``rejected`` when every instance was rejected, ``accepted`` when every kept
  instance was accepted, else ``proposed``; its severity is the highest kept one; its area is the
  detector's measured area, or the sum of the kept instances when some were rejected;
- every re-classified instance and every manual region: one *manual* observation with its
  polygon (or rectangle), class, severity and note.

Runs on the GUI thread (the store connection never crosses threads).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from conservator.errors import ConservatorError, NotFoundError
from ui.analysis.review import Finding


@dataclass
class RecordLink:
    """Which records row the open scan belongs to."""

    db_path: str
    inventory_no: str
    capture_id: int
    check_id: int
    analysis_saved: object = None  # the AnalysisResult already recorded in this check
    measurement_ids: dict = field(default_factory=dict)


class RecordedAnalysis:
    """An analysis result already written to the records: its numbers, no masks."""

    masks: dict = {}

    def __init__(self, data: dict):
        self._data = data

    def to_dict(self) -> dict:
        return self._data


class ItemDialog(QDialog):
    """Asks for the item a new check belongs to (inventory number and title)."""

    def __init__(self, parent=None, inventory_no: str = "", title: str = ""):
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("Records", "Save to the records"))
        self.inv = QLineEdit(inventory_no, self)
        self.title = QLineEdit(title, self)
        form = QFormLayout(self)
        form.addRow(QCoreApplication.translate("Records", "Inventory number"), self.inv)
        form.addRow(QCoreApplication.translate("Records", "Title"), self.title)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


def ask_item(win) -> tuple[str, str] | None:
    """The item for a new check: from the report editor when it knows it, else asked."""
    editor = getattr(win, "report_editor", None)
    inv = getattr(editor, "inventory_no", None)
    inv = inv() if callable(inv) else inv
    if inv:
        return str(inv), ""
    stem = os.path.splitext(os.path.basename(win.scan_path or ""))[0]
    dlg = ItemDialog(win, stem, stem)
    if dlg.exec() != QDialog.Accepted or not dlg.inv.text().strip():
        return None
    return dlg.inv.text().strip(), dlg.title.text().strip()


def open_store(win):
    """The records store of the window (shared with the report editor and browser)."""
    return win.records_store()


def ensure_check(win, store) -> RecordLink | None:
    """The draft check of the open scan, creating item, capture and check when needed."""
    link: RecordLink | None = getattr(win, "record", None)
    if link is not None and link.db_path == str(store.path):
        return link
    ask = getattr(win, "ask_item", None) or ask_item
    answer = ask(win)
    if answer is None:
        return None
    inv, title = answer
    try:
        store.get_item(inv)
    except NotFoundError:
        store.add_item(inv, title or inv)
    scan = win.scan
    # the same file (hash, page) recorded before is the same capture; the check is a new one
    # (an earlier draft is continued by opening it from the records browser)
    capture_id = store.find_capture(inv, scan.sha256, page=scan.page)
    if capture_id is None:
        capture_id = store.add_capture_from_scan(inv, scan)
    checker = (getattr(win.prefs, "user_name", "") or "").strip() or QCoreApplication.translate(
        "Records", "unknown"
    )
    check_id = store.create_check(
        inv,
        checker=checker,
        capture_id=capture_id,
        method_code="automated_image_analysis" if win.analysis is not None else "visual",
    )
    link = RecordLink(str(store.path), inv, capture_id, check_id)
    win.record = link
    return link


def _class_status(items: list[Finding]) -> str:
    kept = [f for f in items if f.status != "rejected"]
    if not kept:
        return "rejected"
    return "accepted" if all(f.status == "accepted" for f in kept) else "proposed"


def save_review(win) -> int | None:
    """Write the review of ``win`` into its draft check; returns the check id (None: cancelled)."""
    store = open_store(win)
    link = ensure_check(win, store)
    if link is None:
        return None
    check_id = link.check_id
    if win.analysis is not None and link.analysis_saved is not win.analysis:
        obs_ids = store.record_analysis(check_id, link.capture_id, win.analysis)
        link.measurement_ids = {}
        for o in store.get_check(check_id)["observations"]:
            if o["id"] in obs_ids:
                link.measurement_ids[o["damage_code"]] = o["measurement_id"]
        # the full-size masks are on disk now: keep only the numbers (a 100 MP scan's four
        # masks would otherwise stay in memory, ~400 MB, for the rest of the session)
        win.analysis = link.analysis_saved = RecordedAnalysis(win.analysis.to_dict())
    check = store.get_check(check_id)
    measurements = check.get("measurements") or {}
    with store.transaction():
        for o in check["observations"]:
            store.delete_observation(o["id"])
        by_class: dict[str, list[Finding]] = {}
        manual: list[Finding] = []
        for f in win.findings.items:
            if f.source == "auto" and not f.detector_cls:
                by_class.setdefault(f.cls, []).append(f)
            elif f.source == "manual" or f.status != "rejected":
                manual.append(f)
        for cls, items in by_class.items():
            _save_class(store, check_id, cls, items, measurements.get(cls), link)
        for f in manual:
            _save_manual(store, check_id, f)
    return check_id


def _save_class(store, check_id, cls, items, meas, link) -> None:
    kept = [f for f in items if f.status != "rejected"]
    dropped = len(kept) < len(items)
    if dropped or not meas:
        area_px = sum(f.area_px for f in kept)
        mm = [f.area_mm2 for f in kept if f.area_mm2 is not None]
        area_mm2 = sum(mm) if mm else None
        pct = None
    else:
        area_px, area_mm2, pct = meas.get("area_px"), meas.get("area_mm2"), meas.get("area_pct")
    notes = [f"#{f.instance_id}: {f.note}" for f in items if f.note]
    oid = store.add_observation(
        check_id,
        cls,
        severity=max((f.severity for f in kept), default=max(f.severity for f in items)),
        note="\n".join(notes) or None,
        source="automatic",
        status=_class_status(items),
        area_px=int(round(area_px)) if area_px is not None else None,
        area_mm2=area_mm2,
        pct_of_leaf=pct,
        measurement_id=link.measurement_ids.get(cls),
    )
    for f in kept:
        x, y, w, h = f.bbox
        store.add_region(oid, xywh=(x, y, max(w, 1), max(h, 1)))


def _save_manual(store, check_id, f: Finding) -> None:
    note = f.note or None
    if f.detector_cls:
        extra = QCoreApplication.translate("Records", "re-classified from {0} (detector)").format(
            f.detector_cls
        )
        note = f"{note}\n{extra}" if note else extra
    oid = store.add_observation(
        check_id,
        f.cls,
        severity=f.severity,
        note=note,
        source="manual",
        status="rejected" if f.status == "rejected" else "accepted",
    )
    if f.polygon:
        store.add_region(oid, polygon=f.polygon)
    else:
        x, y, w, h = f.bbox
        store.add_region(oid, xywh=(x, y, max(w, 1), max(h, 1)))


def findings_from_check(check: dict, px_per_mm: float | None) -> list[Finding]:
    """Findings to review again, from ``Store.get_check``'s observations."""
    out: list[Finding] = []
    for o in check.get("observations") or []:
        auto = o["source"] == "automatic"
        for r in o.get("regions") or []:
            if r["selector_type"] == "mask" or not r.get("bbox"):
                continue
            pts = r.get("points")
            polygon = [(float(x), float(y)) for x, y in pts] if pts else None
            area_px = float(r.get("area_px") or 0)
            out.append(
                Finding(
                    cls=o["damage_code"],
                    bbox=tuple(float(v) for v in r["bbox"]),
                    area_px=area_px,
                    area_mm2=r.get("area_mm2"),
                    severity=o.get("severity") or 1,
                    status=o["status"]
                    if auto
                    else ("rejected" if o["status"] == "rejected" else "accepted"),
                    note="" if auto else (o.get("note") or ""),
                    source="auto" if auto else "manual",
                    polygon=polygon if not auto else None,
                    shape="polygon" if polygon else ("bbox" if auto else "rect"),
                )
            )
    return out


def load_check(win, check_id: int) -> None:
    """Open a check from the records: its scan (page), its regions and its class masks."""
    from ui.analysis.overlays import reduce_mask

    store = open_store(win)
    check = store.get_check(check_id)
    cap = check.get("capture")
    if not cap:
        raise ConservatorError(
            QCoreApplication.translate("Records", "this check has no scan attached"), store.path
        )
    path = cap["file_path"]
    if not os.path.exists(path):
        raise ConservatorError(
            QCoreApplication.translate(
                "Records", "the scan of this check is missing; was it moved?"
            ),
            path,
        )
    if not win.open_scan(path, int(cap.get("page") or 0)):
        return
    coverage = {}
    from conservator.storage.masks import read_mask

    for cls, m in (check.get("measurements") or {}).items():
        if m.get("mask_path"):
            try:
                coverage[cls] = reduce_mask(read_mask(store.files_dir, m["mask_path"]))
            except Exception:  # a missing mask file: the regions still show
                continue
    win.findings.reset(findings_from_check(check, win.scan.px_per_mm), win.scan.px_per_mm)
    from ui.analysis.panel import class_status

    win.panel.legend.set_status(class_status(check.get("measurements") or {}))
    win.overlays.set_masks(coverage, win.scan.width, win.scan.height)
    win.record = RecordLink(
        str(store.path),
        check.get("inventory_no") or "",
        cap["id"],
        check["id"],
        analysis_saved=None,
        measurement_ids={
            o["damage_code"]: o["measurement_id"]
            for o in check["observations"]
            if o.get("measurement_id")
        },
    )
    win.record.analysis_saved = win.analysis = None
    win.record_final = check.get("status") == "final"
