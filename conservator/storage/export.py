"""Exports of one condition check: JSON, CSV (Spectrum unit names), W3C Web Annotations.

Every file is written under a temporary name and renamed into place.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from conservator.errors import ExportError

#: CSV columns: Spectrum 5 unit names (condition checking), then measured extras.
CSV_COLUMNS = [
    ("Object number", "inventory_no"),
    ("Object name", "title"),
    ("Condition check/assessment reference number", "ref_no"),
    ("Condition check/assessment date", "check_date"),
    ("Condition check/assessment method", "method"),
    ("Condition check/assessment reason", "reason"),
    ("Condition checker/assessor", "checker"),
    ("Condition", "grade"),
    ("Condition date", "check_date"),
    ("Condition note", "condition_note"),
    ("Conservation treatment priority", "priority"),
    ("Completeness", "completeness"),
    ("Completeness note", "completeness_note"),
    ("Hazard", "hazards"),
    ("Next condition check/assessment date", "next_check_date"),
    ("Condition check/assessment note", "summary"),
    ("Damage type", "damage"),
    ("Damage type (Getty AAT)", "aat"),
    ("Damage severity (1-3)", "severity"),
    ("Damage area (mm²)", "area_mm2"),
    ("Damage area (% of leaf)", "pct_of_leaf"),
    ("Observation source", "source"),
    ("Observation status", "status"),
    ("Record status", "record_status"),
    ("Finding number", "no"),
    ("Counted in the measurements", "counted"),
    ("Detector", "detector"),
    ("Re-classified from", "reclassified_from"),
    ("Reviewed by", "reviewed_by"),
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """CSV cell text; a leading ``'`` defuses text a spreadsheet would run as a formula."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write bytes to ``path`` atomically through the output guard (:mod:`conservator.outputs`)."""
    from conservator.outputs import write_bytes

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write the export: {exc.strerror}", path) from None
    write_bytes(path, data, error=ExportError, what="the export")
    return path


def csv_rows(data: dict, lang: str = "en") -> list[dict]:
    """One row per finding (or one row when there is none), keyed by CSV column name.

    Rejected findings stay in the CSV (the record), with status ``rejected`` and
    "Counted in the measurements" ``no``; the counted rows add up to ``data["measurements"]``.
    """
    v = data["vocab"]

    def lab(scheme, code):
        if code is None:
            return None
        t = v.get(scheme, {}).get(code)
        return (t.get(lang) or t.get("en") or code) if t else code

    c, item = data["check"], data["item"]
    base = {
        "inventory_no": item["inventory_no"],
        "title": item["title"],
        "ref_no": c["ref_no"],
        "check_date": c["check_date"],
        "method": lab("method", c["method_code"]),
        "reason": lab("reason", c["reason_code"]),
        "checker": c["checker"],
        "grade": lab("grade", c["grade_code"]),
        "priority": lab("priority", c["priority_code"]),
        "completeness": lab("completeness", c["completeness_code"]),
        "completeness_note": c["completeness_note"],
        "hazards": "; ".join(
            filter(None, (lab("hazard", h["hazard_code"]) for h in data["hazards"]))
        ),
        "next_check_date": c["next_check_date"],
        "summary": c["summary"],
        "record_status": c["status"],
    }
    rows = []
    for o in data["observations"] or [None]:
        r = dict(base)
        if o:
            term = v.get("damage", {}).get(o["damage_code"]) or {}
            r.update(
                damage=lab("damage", o["damage_code"]),
                aat=term.get("aat"),
                severity=o["severity"],
                area_mm2=o["area_mm2"],
                pct_of_leaf=o["pct_of_leaf"],
                source=o["source"],
                status=o["status"],
                condition_note=o["note"],
                no=o.get("no"),
                counted="yes" if o.get("counted", o["status"] != "rejected") else "no",
                detector=" ".join(filter(None, (o.get("detector"), o.get("detector_version")))),
                reclassified_from=lab("damage", o.get("reclassified_from")),
                reviewed_by=o.get("reviewed_by"),
            )
        rows.append({name: _cell(r.get(key)) for name, key in CSV_COLUMNS})
    return rows


def write_csv(data: dict, path, *, lang: str = "en") -> Path:
    """Write the check as CSV (UTF-8 with BOM, so spreadsheets read Cyrillic and Persian)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=[name for name, _ in CSV_COLUMNS], lineterminator="\r\n")
    w.writeheader()
    w.writerows(csv_rows(data, lang))
    return write_atomic(path, buf.getvalue().encode("utf-8-sig"))


def write_json(data: dict, path) -> Path:
    """Write the check's report data as JSON."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return write_atomic(path, (text + "\n").encode("utf-8"))


def _target_source(capture: dict | None) -> str:
    if not capture:
        return "urn:conservator:capture:unknown"
    p = capture.get("file_path")
    if p and os.path.isabs(p):
        return Path(p).as_uri()
    return f"urn:sha256:{capture.get('sha256')}"


def mask_svg(
    mask_path: str, *, max_polygons: int = 200, epsilon_px: float = 1.5, offset=None
) -> str | None:
    """Outline a stored mask as an SVG document of polygons (largest first), or ``None``.

    ``offset`` ``(x, y)``: where the mask's top-left pixel is on the scan (a finding's crop).
    """
    import cv2

    m = cv2.imread(str(mask_path), cv2.IMREAD_GRAYSCALE)
    if m is None or not m.any():
        return None
    contours, _ = cv2.findContours(
        (m > 0).astype("uint8"), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    contours = sorted(contours, key=cv2.contourArea, reverse=True)[:max_polygons]
    ox, oy = (int(offset[0]), int(offset[1])) if offset else (0, 0)
    polys = []
    for cnt in contours:
        approx = cv2.approxPolyDP(cnt, epsilon_px, True).reshape(-1, 2)
        if len(approx) < 3:
            x, y, w, h = cv2.boundingRect(cnt)
            approx = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        pts = " ".join(f"{int(x) + ox},{int(y) + oy}" for x, y in approx)
        polys.append(f"<polygon points='{pts}'/>")
    return "<svg xmlns='http://www.w3.org/2000/svg'>" + "".join(polys) + "</svg>"


def annotation_page(data: dict, *, include_masks: bool = True) -> dict:
    """The check's regions as a W3C Web Annotation ``AnnotationPage``.

    One ``Annotation`` (motivation ``tagging``) per region of every finding that counts
    (``counted``: accepted, and proposed on a draft), targeting the capture with a
    ``FragmentSelector`` (``xywh=``) or an ``SvgSelector``. Bodies: the damage type's Getty
    AAT URI as a ``SpecificResource`` (when it has one), its English label as a tagging
    ``TextualBody``, and the finding's note as a ``commenting`` body. Mask regions (a
    finding's own mask at full resolution) are exported as SVG outlines when the finding has
    no other region. Rejected findings are left out. ``conservator:finding`` is the finding's
    number in the check, ``conservator:area_mm2`` its area.
    """
    v = data["vocab"].get("damage", {})
    source = _target_source(data.get("capture"))
    c = data["check"]
    page_id = f"urn:conservator:check:{c['ref_no']}:annotations"
    items = []
    for o in data["observations"]:
        if not o.get("counted", o["status"] != "rejected"):
            continue
        term = v.get(o["damage_code"]) or {}
        bodies = []
        if term.get("aat"):
            bodies.append({"type": "SpecificResource", "source": term["aat"], "purpose": "tagging"})
        bodies.append(
            {
                "type": "TextualBody",
                "value": term.get("en") or o["damage_code"],
                "purpose": "tagging",
                "language": "en",
                "format": "text/plain",
            }
        )
        if o.get("note"):
            bodies.append(
                {
                    "type": "TextualBody",
                    "value": o["note"],
                    "purpose": "commenting",
                    "format": "text/plain",
                }
            )
        has_vector = any(r["selector_type"] != "mask" for r in o["regions"])
        for n, r in enumerate(o["regions"], 1):
            if r["selector_type"] == "xywh":
                value = r["selector_value"]
                if not value.startswith("xywh="):
                    value = "xywh=" + value
                selector = {
                    "type": "FragmentSelector",
                    "conformsTo": "http://www.w3.org/TR/media-frags/",
                    "value": value,
                }
            elif r["selector_type"] == "svg":
                selector = {"type": "SvgSelector", "value": r["selector_value"]}
            elif include_masks and not has_vector and r.get("mask_path"):
                svg = mask_svg(r["mask_path"], offset=r.get("mask_offset"))
                if svg is None:
                    continue
                selector = {"type": "SvgSelector", "value": svg}
            else:
                continue
            items.append(
                {
                    "id": f"urn:conservator:check:{c['ref_no']}:observation:{o['id']}:region:{n}",
                    "type": "Annotation",
                    "motivation": "tagging",
                    "created": c.get("finalized_at") or c.get("check_date"),
                    "body": bodies,
                    "target": {"source": source, "type": "Image", "selector": selector},
                    "conservator:finding": o.get("no"),
                    "conservator:severity": o["severity"],
                    "conservator:status": o["status"],
                    "conservator:area_mm2": o["area_mm2"]
                    if len(o["regions"]) == 1
                    else r["area_mm2"],
                    "conservator:area_px": o["area_px"] if len(o["regions"]) == 1 else r["area_px"],
                }
            )
    px_per_mm = (data.get("capture") or {}).get("px_per_mm")
    return {
        "@context": [
            "http://www.w3.org/ns/anno.jsonld",
            {"conservator": "urn:conservator:terms:"},
        ],
        "id": page_id,
        "type": "AnnotationPage",
        "label": f"{data['item']['inventory_no']} — {c['ref_no']}",
        "conservator:px_per_mm": px_per_mm,
        "items": items,
    }


def write_annotations(data: dict, path) -> Path:
    """Write :func:`annotation_page` as JSON (JSON-LD)."""
    text = json.dumps(annotation_page(data), ensure_ascii=False, indent=2)
    return write_atomic(path, (text + "\n").encode("utf-8"))
