"""Saving the review of the open scan to the records as a draft check, and opening a check again.

The record logic is the core's (:mod:`conservator.storage.review`): every finding, detected or
drawn, is one stored finding with its number, class, review state, severity, note, geometry and
measurements. This module only converts between the widgets' :class:`Finding` objects and the
core's finding dicts, and asks the user for what a new record needs (the item).

After a save the findings on screen are brought in step with what was stored (numbers, areas,
measurements), so what the table shows is what a reopened check shows, to the digit.

Runs on the GUI thread (the store connection never crosses threads).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

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
    checker = win.ensure_user_name()
    if not checker:  # a record always names who made it
        return None
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
    check_id = store.create_check(
        inv,
        checker=checker,
        capture_id=capture_id,
        method_code="automated_image_analysis" if win.analysis is not None else "visual",
    )
    link = RecordLink(str(store.path), inv, capture_id, check_id)
    win.record = link
    return link


def review_entry(f: Finding) -> dict:
    """The core's review dict of one finding on screen (:mod:`conservator.storage.review`)."""
    auto = f.source == "auto"
    entry = {
        "key": f.uid,
        "no": f.no,
        "damage_code": f.cls,
        "status": f.status,
        "severity": f.severity,
        "note": f.note or None,
        "source": "automatic" if auto else "manual",
    }
    if auto:
        entry["detector"] = f.detector_cls or f.cls
        entry["instance_id"] = f.instance_id
    else:
        entry["author"] = f.author
        entry["measurements"] = {
            k: v
            for k, v in {"area_mm2": f.area_mm2, "area_px": f.area_px, **f.extra}.items()
            if v is not None
        }
        if f.polygon:
            entry["polygon"] = [(float(x), float(y)) for x, y in f.polygon]
        else:
            entry["xywh"] = tuple(float(v) for v in f.bbox)
    return entry


def _measured(stored: dict) -> dict:
    """The numbers of a stored finding shown in the Measurements column."""
    return {
        k: v
        for k, v in (stored.get("measurements") or {}).items()
        if isinstance(v, (int, float))
        and not isinstance(v, bool)
        and k not in ("instance_id", "area_px", "area_mm2", "pieces")
    }


def finding_from_stored(d: dict) -> Finding:
    """A :class:`Finding` for the review table from one stored finding (``Store.findings``)."""
    auto = d["source"] == "automatic"
    region = (d.get("regions") or [{}])[0]
    pts = region.get("points")
    polygon = [(float(x), float(y)) for x, y in pts] if pts and not auto else None
    bbox = region.get("bbox") or [0, 0, 0, 0]
    meas = d.get("measurements") or {}
    return Finding(
        cls=d["damage_code"],
        bbox=tuple(float(v) for v in bbox),
        area_px=float(d.get("area_px") or 0),
        area_mm2=d.get("area_mm2"),
        severity=int(d.get("severity") or 1),
        status=d["status"],
        note=d.get("note") or "",
        source="auto" if auto else "manual",
        detector_cls=d.get("reclassified_from") if auto else None,
        instance_id=meas.get("instance_id"),
        polygon=polygon,
        shape="polygon" if polygon else ("bbox" if auto else "rect"),
        extra=_measured(d),
        author=d.get("author"),
        detector=d.get("detector"),
        no=d.get("no"),
    )


def _sync(win, result: dict) -> None:
    """Bring the findings on screen in step with what was stored (not an undoable edit)."""
    by_no = {f["no"]: f for f in result["findings"]}
    model = win.findings
    for uid, no in result["numbers"].items():
        f, stored = model.get(uid), by_no.get(no)
        if f is None or stored is None:
            continue
        shown = finding_from_stored(stored)
        changes = {
            k: getattr(shown, k)
            for k in ("no", "area_px", "area_mm2", "extra", "detector", "author")
            if getattr(f, k) != getattr(shown, k)
        }
        if f.source == "manual" and shown.polygon and shown.polygon != f.polygon:
            changes["polygon"] = shown.polygon
        if changes:
            model._apply(uid, changes)
    known = set(result["numbers"].values())
    for no, stored in by_no.items():  # e.g. a class found without single instances
        if no not in known:
            model._insert(finding_from_stored(stored))


def save_review(win) -> int | None:
    """Write the review of ``win`` into its draft check; returns the check id (None: cancelled)."""
    from conservator.storage.review import save_review as save

    store = open_store(win)
    link = ensure_check(win, store)
    if link is None:
        return None
    analysis = win.analysis
    if analysis is not None and link.analysis_saved is analysis:
        analysis = None  # recorded already
    result = save(
        store,
        link.check_id,
        [review_entry(f) for f in win.findings.items],
        analysis=analysis,
        capture_id=link.capture_id,
    )
    if analysis is not None:
        # the full-size masks are on disk now: keep only the numbers (a 100 MP scan's four
        # masks would otherwise stay in memory, ~400 MB, for the rest of the session)
        win.analysis = link.analysis_saved = RecordedAnalysis(analysis.to_dict())
    _sync(win, result)
    return link.check_id


def load_check(win, check_id: int) -> None:
    """Open a check from the records: its scan (page), its findings and its class masks."""
    from conservator.storage.masks import read_mask
    from conservator.storage.review import open_review
    from ui.analysis.overlays import reduce_mask

    store = open_store(win)
    review = open_review(store, check_id)
    cap = review["capture"]
    if not cap:
        raise ConservatorError(
            QCoreApplication.translate("Records", "this check has no scan attached")
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
    for cls, rel in review["class_masks"].items():
        try:
            coverage[cls] = reduce_mask(read_mask(store.files_dir, rel))
        except Exception:  # a missing mask file: the findings' outlines still show
            continue
    win.overlays.set_masks(coverage, win.scan.width, win.scan.height)
    check = review["check"]
    win.record = RecordLink(
        str(store.path), check.get("inventory_no") or "", cap["id"], check["id"]
    )
    win.analysis = None
    show_stored(win, review)


def show_stored(win, review: dict | None = None) -> None:
    """Show the findings of the open check exactly as stored (after opening it, or when it
    turned out to be final while unsaved edits were on screen)."""
    from conservator.storage.review import open_review
    from ui.analysis.panel import class_status

    if review is None:
        review = open_review(open_store(win), win.record.check_id)
    win.findings.reset([finding_from_stored(d) for d in review["findings"]], win.scan.px_per_mm)
    win.panel.legend.set_status(class_status(review["measurements"]))
    win.set_record_final(review["final"])
