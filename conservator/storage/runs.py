"""Analysis runs saved into a draft: provenance per detector, one finding per detected instance.

:meth:`Runs.record_analysis` writes, for every detector, a ``detector_run`` (name, version,
parameters, input SHA-256, leaf area) and a ``measurement`` (what the detector measured over
its whole class, with the class mask: provenance, kept for re-evaluating detectors), and then
**one finding per detected instance** (:mod:`conservator.storage.findings`): status
``proposed``, the detector's name and version, the instance's own measurements, a severity
from :func:`conservator.storage.severity.instance_severity`, and its geometry at full
resolution: the class mask cropped to the instance (a PNG with its offset) when the result
carries masks, else the instance's rectangle. A class found without instances becomes one
finding covering the class mask.

The slow part, writing the PNG files, runs outside any transaction:
:meth:`Runs.write_analysis_masks` (class masks) and :meth:`Runs.write_finding_masks`
(instance crops); content addressing makes a retry reuse them.
"""

from __future__ import annotations

import json

from conservator.storage import audit, masks, severity
from conservator.storage.db import utc_now
from conservator.storage.geometry import fmt_num, jsonable, mask_bbox, plain_num
from conservator.storage.session import Session

#: Instance keys that are geometry or identity, not measurements.
_NOT_MEASUREMENTS = frozenset({"id", "bbox", "centroid", "area_px", "area_mm2"})


def instance_crop(mask, bbox, *, pieces: int = 1):
    """The instance's own pixels: ``mask`` cropped to ``bbox`` (x, y, w, h).

    A bounding box may also cover part of a neighbouring instance; unless the instance is
    made of several ``pieces`` (a tear), only its largest connected part (8-connected) is
    kept. Returns a bool array, or ``None`` when the box holds no damage.
    """
    import cv2
    import numpy as np

    x, y, w, h = (int(round(float(v))) for v in bbox)
    x, y = max(x, 0), max(y, 0)
    crop = np.asarray(mask[y : y + h, x : x + w], dtype=bool)
    if crop.size == 0 or not crop.any():
        return None
    if pieces > 1:
        return crop.copy()
    n, labels, stats, _ = cv2.connectedComponentsWithStats(crop.view(np.uint8), connectivity=8)
    if n <= 2:
        return crop.copy()
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return labels == biggest


def _status(det: dict) -> dict:
    """A class's measured / not measured status (and why), kept with its measurements."""
    if "status" not in det:
        return {}
    out = {"status": det["status"]}
    for key in ("reason", "reason_code", "method"):
        if det.get(key):
            out[key] = det[key]
    return out


class Runs(Session):
    """Writing analysis masks (outside a transaction) and recording an analysis."""

    # ------------------------------------------------------------------ analysis
    def write_analysis_masks(self, result) -> dict[str, tuple[str, str, int]]:
        """Store an analysis result's class masks as PNG files (outside any transaction).

        Returns ``{class: (relative path, sha256, pixels)}`` for :meth:`record_analysis`.
        """
        out = {}
        for name, m in (getattr(result, "masks", None) or {}).items():
            if m is not None:
                out[name] = masks.write_mask(self.files_dir, m)
        return out

    def write_finding_masks(self, result) -> dict[str, dict]:
        """Store each detected instance's own mask (a crop) as a PNG (outside a transaction).

        Returns ``{class: {instance id: (relative path, sha256, pixels, (x, y))}}`` for
        :meth:`record_analysis`.
        """
        data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
        class_masks = getattr(result, "masks", None) or {}
        out: dict[str, dict] = {}
        for name, det in (data.get("detectors") or {}).items():
            instances = det.get("instances") or []
            if name not in class_masks or not instances:
                continue
            full = class_masks[name]
            for inst in instances:
                bbox = inst.get("bbox")
                if not bbox or len(bbox) != 4 or inst.get("id") is None:
                    continue
                crop = instance_crop(full, bbox, pieces=int(inst.get("pieces") or 1))
                if crop is None:
                    continue
                rel, sha, n = masks.write_mask(self.files_dir, crop)
                origin = (max(int(round(float(bbox[0]))), 0), max(int(round(float(bbox[1]))), 0))
                out.setdefault(name, {})[inst["id"]] = (rel, sha, n, origin)
        return out

    def record_analysis(
        self,
        check_id: int,
        capture_id: int,
        result,
        *,
        mask_files: dict | None = None,
        finding_masks: dict | None = None,
        max_regions: int | None = None,
        actor: str | None = None,
    ) -> list[int]:
        """Save an analysis result into a draft check (see the module docstring).

        When the check has no grade yet, a grade is proposed from the classes' severities
        (``grade_source`` ``"auto"``; a grade set by a person has ``"person"``).

        Parameters
        ----------
        result : AnalysisResult or dict
            ``conservator.analysis.analyze_scan``'s result (``to_dict()`` and ``masks``), or
            its ``to_dict()`` (then no masks are stored and findings are rectangles).
        mask_files, finding_masks : dict, optional
            What :meth:`write_analysis_masks` / :meth:`write_finding_masks` returned, when
            called before (outside the transaction); written here otherwise.
        max_regions : int, optional
            Record only the largest this many instances of each class (default: all).

        Returns
        -------
        list of int
            The row ids of the new findings.
        """
        data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
        if mask_files is None:
            mask_files = self.write_analysis_masks(result)
        if finding_masks is None:
            finding_masks = self.write_finding_masks(result)
        class_masks = getattr(result, "masks", None) or {}
        scan = data.get("scan") or {}
        leaf = data.get("leaf") or {}
        leaf_px = leaf.get("area_px") or None
        obs_ids: list[int] = []
        with self.transaction():
            check = self._require_draft(check_id)
            cap = self.get_capture(capture_id)
            ppm = cap["px_per_mm"]
            started = utc_now()
            severities = []
            for name, det in (data.get("detectors") or {}).items():
                meas = det.get("measurements") or {}
                run = {
                    "capture_id": cap["id"],
                    "check_id": check["id"],
                    "detector": det.get("name", name),
                    "version": det.get("version"),
                    "params_json": audit.canonical_json(det.get("parameters") or {}),
                    "sha256_input": scan.get("sha256") or cap["sha256"],
                    "leaf_area_px": leaf_px,
                    "leaf_area_mm2": leaf.get("area_mm2"),
                    "warnings_json": json.dumps(data.get("warnings") or [], ensure_ascii=False),
                    "started_at": started,
                }
                run_id = self._insert("detector_run", run)
                mf = mask_files.get(name)
                mrow = {
                    "detector_run_id": run_id,
                    "damage_code": name,
                    "count_instances": meas.get("count"),
                    "area_px": meas.get("area_px"),
                    "area_mm2": meas.get("area_mm2"),
                    "pct_of_leaf": meas.get("area_pct"),
                    "values_json": audit.canonical_json(jsonable({**meas, **_status(det)})),
                    "mask_path": mf[0] if mf else None,
                    "mask_sha256": mf[1] if mf else None,
                }
                mid = self._insert("measurement", mrow)
                self._audit(
                    "detector_run", run_id, "create", None, {**run, "measurement": mrow}, actor
                )
                found = (meas.get("area_px") or 0) > 0 or (meas.get("count") or 0) > 0
                found = found and det.get("status", "measured") == "measured"
                if not found or name not in self.vocab("damage"):
                    continue
                severities.append(severity.severity_for(name, meas))
                provenance = {
                    "detector": run["detector"],
                    "version": run["version"],
                    "capture": cap,
                    "ppm": ppm,
                    "leaf_px": leaf_px,
                    "measurement_id": mid,
                }
                instances = [i for i in det.get("instances") or [] if i.get("bbox")]
                instances.sort(key=lambda i: -(i.get("area_px") or 0))
                if max_regions is not None:
                    instances = instances[:max_regions]
                instances.sort(key=lambda i: (i.get("id") is None, i.get("id") or 0))
                if not instances:
                    obs_ids.append(
                        self._class_finding(
                            check, name, meas, mf, class_masks.get(name), provenance, actor
                        )
                    )
                    continue
                crops = finding_masks.get(name) or {}
                for inst in instances:
                    obs_ids.append(
                        self._instance_finding(
                            check, name, inst, crops.get(inst.get("id")), provenance, actor
                        )
                    )
            if check["overall_grade"] is None:
                grade = severity.proposed_grade(severities)
                self._update(
                    "condition_check",
                    check["id"],
                    {
                        "overall_grade": grade,
                        "grade_source": "auto",
                        "updated_at": utc_now(),
                    },
                )
                self._audit(
                    "condition_check",
                    check["id"],
                    "propose_grade",
                    {"overall_grade": None},
                    {"overall_grade": grade, "grade_source": "auto"},
                    actor,
                )
        return obs_ids

    def _new_finding(self, check: dict, name: str, prov: dict, fields: dict, actor) -> int:
        row = {
            "check_id": check["id"],
            "damage_code": name,
            "source": "automatic",
            "status": "proposed",
            "measurement_id": prov["measurement_id"],
            "note": None,  # the numbers are in the fields; a note is for people
            "created_at": utc_now(),
            "no": self._next_no(check["id"]),
            "detector": prov["detector"],
            "detector_version": prov["version"],
            **fields,
        }
        oid = self._insert("observation", row)
        self._audit("observation", oid, "create", None, row, actor)
        return oid

    def _instance_finding(self, check, name, inst, crop, prov, actor) -> int:
        leaf_px, ppm = prov["leaf_px"], prov["ppm"]
        a_px = inst.get("area_px")
        values = {
            k: jsonable(v)
            for k, v in inst.items()
            if k not in _NOT_MEASUREMENTS and v is not None and not isinstance(v, dict)
        }
        values["instance_id"] = inst.get("id")
        oid = self._new_finding(
            check,
            name,
            prov,
            {
                "severity": severity.instance_severity(name, inst, leaf_px),
                "area_px": None if a_px is None else int(round(float(a_px))),
                "area_mm2": inst.get("area_mm2"),
                "pct_of_leaf": 100.0 * float(a_px) / leaf_px if (leaf_px and a_px) else None,
                "measurements_json": audit.canonical_json(values),
            },
            actor,
        )
        bbox = [plain_num(v) for v in inst["bbox"]]
        region = {
            "observation_id": oid,
            "capture_id": prov["capture"]["id"],
            "bbox_json": json.dumps(bbox),
            "source": "automatic",
        }
        if crop:
            rel, sha, n, origin = crop
            region.update(
                selector_type="mask",
                selector_value=rel,
                mask_path=rel,
                mask_sha256=sha,
                mask_offset_json=json.dumps([int(origin[0]), int(origin[1])]),
                area_px=n,
                area_mm2=n / ppm**2 if ppm else None,
                pct_of_leaf=100.0 * n / leaf_px if leaf_px else None,
            )
        else:
            region.update(
                selector_type="xywh",
                selector_value="xywh=" + ",".join(fmt_num(v) for v in bbox),
                area_px=a_px,
                area_mm2=inst.get("area_mm2"),
                pct_of_leaf=100.0 * a_px / leaf_px if (leaf_px and a_px) else None,
            )
        self._insert("region", region)
        return oid

    def _class_finding(self, check, name, meas, mf, class_mask, prov, actor) -> int:
        leaf_px, ppm = prov["leaf_px"], prov["ppm"]
        oid = self._new_finding(
            check,
            name,
            prov,
            {
                "severity": severity.severity_for(name, meas),
                "area_px": meas.get("area_px"),
                "area_mm2": meas.get("area_mm2"),
                "pct_of_leaf": meas.get("area_pct"),
                "measurements_json": audit.canonical_json(jsonable(meas)),
            },
            actor,
        )
        if mf:
            self._insert(
                "region",
                {
                    "observation_id": oid,
                    "capture_id": prov["capture"]["id"],
                    "selector_type": "mask",
                    "selector_value": mf[0],
                    "mask_path": mf[0],
                    "mask_sha256": mf[1],
                    "bbox_json": json.dumps(mask_bbox(class_mask)),
                    "area_px": mf[2],
                    "area_mm2": mf[2] / ppm**2 if ppm else None,
                    "pct_of_leaf": 100.0 * mf[2] / leaf_px if leaf_px else None,
                    "source": "automatic",
                },
            )
        return oid
