"""What a report or an export shows of a check (``report_data``), and recorded exports."""

from __future__ import annotations

from pathlib import Path

from conservator.storage import anchors, masks, summary
from conservator.storage.db import utc_now
from conservator.storage.session import REPORT_VOCAB_SCHEMES, Session


class ReportData(Session):
    """``report_data`` and ``record_export``."""

    # ------------------------------------------------------------------ reports and exports
    def mask_abspath(self, rel: str | None) -> str | None:
        """Absolute path of a mask stored beside the database."""
        return str((self.files_dir / rel).resolve()) if rel else None

    def report_data(self, check_id: int) -> dict:
        """Everything a condition report needs, JSON-ready (docs/interfaces.md "Records").

        A pure function of the stored record: the same record gives the same dict (and
        ``conservator export --json`` the same bytes), however often it is opened.

        ``measurements`` are the per-class numbers derived from the findings
        (:func:`conservator.storage.summary.class_summaries`): the PDF's legend and
        measurement table, the CSV and the app all print these. ``observations`` are all the
        findings by number, rejected ones included (``counted`` says whether a finding is in
        the numbers and on the map). ``detector_measurements`` and ``masks`` are what each
        detector measured over its whole class, before review (provenance only).
        ``check.unreviewed`` counts findings still proposed.
        """
        c = self.get_check(check_id)
        item = self._item_row(c["inventory_no"])
        cap = c["capture"]
        final = c["status"] == "final"
        detector_measurements = {}
        mask_paths = {}
        for code, m in c["measurements"].items():
            vals = {k: v for k, v in m.items() if k not in ("mask_path", "mask_sha256")}
            detector_measurements[code] = vals
            if m.get("mask_path"):
                mask_paths[code] = self.mask_abspath(m["mask_path"])
        observations = []
        for o in c["observations"]:
            observations.append(
                {
                    "id": o["id"],
                    "no": o["no"],
                    "counted": summary.counts(o, final=final),
                    "detector": o["detector"],
                    "detector_version": o["detector_version"],
                    "author": o["author"],
                    "reclassified_from": o["reclassified_from"],
                    "measurements": o["measurements"],
                    "reviewed_by": o["reviewed_by"],
                    "reviewed_at": o["reviewed_at"],
                    "damage_code": o["damage_code"],
                    "severity": o["severity"],
                    "location": o["location"],
                    "note": o["note"],
                    "source": o["source"],
                    "area_mm2": o["area_mm2"],
                    "area_px": o["area_px"],
                    "pct_of_leaf": o["pct_of_leaf"],
                    "status": o["status"],
                    "first_seen_check_id": o["first_seen_check_id"],
                    "resolved": o["resolved_check_id"] is not None,
                    "regions": [
                        {
                            "selector_type": r["selector_type"],
                            "selector_value": r["selector_value"],
                            "bbox": r["bbox"],
                            "area_px": r["area_px"],
                            "area_mm2": r["area_mm2"],
                            "points": r["points"],
                            "mask_path": self.mask_abspath(r["mask_path"]),
                            "mask_offset": r["mask_offset"],
                        }
                        for r in o["regions"]
                    ],
                }
            )
        t = c["treatment"]
        vocab = {}
        for scheme in REPORT_VOCAB_SCHEMES:
            vocab[scheme] = {
                code: {**term["labels"], "aat": term["aat"], "ordinal": term["ordinal"]}
                for code, term in self.vocab(scheme).items()
            }
        data = {
            "institution": self.institution(),
            "item": {
                "inventory_no": item["inventory_no"],
                "title": item["title"],
                "object_type": item["object_type"],
                "date_text": item["date_text"],
                "materials": item["materials"],
                "dimensions": item["dimensions"],
                "location": item["location"],
            },
            "check": {
                "id": c["id"],
                "ref_no": c["ref_no"],
                "check_date": c["check_date"],
                "reason_code": c["reason_code"],
                "method_code": c["method_code"],
                "checker": c["checker"],
                "overall_grade": c["overall_grade"],
                "grade_code": c["grade_code"],
                "grade_source": c["grade_source"],
                "priority_code": c["priority_code"],
                "completeness_code": c["completeness_code"],
                "completeness_note": c["completeness_note"],
                "environment_note": c["environment_note"],
                "next_check_date": c["next_check_date"],
                "summary": c["summary"],
                "status": c["status"],
                "supersedes": c["supersedes"],
                "supersedes_ref": c["supersedes_ref"],
                "superseded_by": c["superseded_by"],
                "finalized_at": c["finalized_at"],
                "finalized_by": c["finalized_by"],
                "record_hash": c["record_hash"],
                "unreviewed": c["unreviewed"],
            },
            "capture": (
                {
                    "file_path": cap["file_path"],
                    "sha256": cap["sha256"],
                    "width_px": cap["width_px"],
                    "height_px": cap["height_px"],
                    "px_per_mm": cap["px_per_mm"],
                    "illumination": cap["illumination"],
                    "page": cap["page"],
                }
                if cap
                else None
            ),
            "observations": observations,
            "measurements": c["summaries"],
            "detector_measurements": detector_measurements,
            "masks": mask_paths,
            "hazards": [
                {"hazard_code": h["hazard_code"], "note": h["note"], "date": h["date"]}
                for h in c["hazards"]
            ],
            "recommendations": [
                {"kind": r["kind"], "text": r["text"], "code": r["code"]}
                for r in c["recommendations"]
            ],
            "treatment": (
                {
                    "text": t["text"],
                    "status": t["status"],
                    "proposed_by": t["proposed_by"],
                    "approved_by": t["approved_by"],
                    "approved_at": t["approved_at"],
                    "treatment_codes": t["treatment_codes"],
                    "materials": t["materials"],
                    "est_hours": t["est_hours"],
                }
                if t
                else None
            ),
            "signatures": [
                {"name": s["name"], "role": s["role"], "signed_at": s["signed_at"]}
                for s in c["signatures"]
            ],
            "vocab": vocab,
            "anchor": anchors.chain_anchor(self, c["id"]) if final else None,
        }
        if final and c.get("record_facts"):
            _state_facts(data, c["record_facts"])
        return data

    def record_export(
        self,
        check_id: int,
        path,
        *,
        format: str,
        lang: str | None = None,
        second_lang: str | None = None,
        actor: str | None = None,
    ) -> int:
        """Record that a report/export file was written (its SHA-256), with an audit row."""
        path = Path(path)
        with self.transaction():
            check = self._check(check_id)
            row = {
                "check_id": check["id"],
                "format": format,
                "lang": lang,
                "second_lang": second_lang,
                "path": str(path.resolve()),
                "sha256": masks.sha256_file(path),
                "created_at": utc_now(),
                "created_by": actor if actor is not None else self.actor,
            }
            eid = self._insert("report_export", row)
            self._audit("report_export", eid, "create", None, row, actor)
        return eid


def _state_facts(data: dict, facts: dict) -> None:
    """Print a format-3 final record as it was signed: the item, capture, checker,
    institution, grade and vocabulary terms it states (``record_facts_json``), whatever
    changed in the database since."""
    if facts.get("item"):
        data["item"].update({k: v for k, v in facts["item"].items() if k in data["item"]})
    if facts.get("capture") and data["capture"]:
        data["capture"].update({k: v for k, v in facts["capture"].items() if k in data["capture"]})
    data["institution"] = facts.get("institution")
    data["check"]["checker"] = facts.get("checker")
    data["check"]["grade_code"] = facts.get("grade_code")
    for scheme, terms in (facts.get("vocab") or {}).items():
        target = data["vocab"].setdefault(scheme, {})
        for code, term in terms.items():
            if term:
                target[code] = {**term["labels"], "aat": term["aat"], "ordinal": term["ordinal"]}
