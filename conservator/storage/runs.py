"""Analysis runs: a detector run's masks, parameters and measurements saved into a draft."""

from __future__ import annotations

import json

from conservator.storage import audit, masks, severity
from conservator.storage.db import utc_now
from conservator.storage.geometry import fmt_num, jsonable, mask_bbox, plain_num
from conservator.storage.session import Session


class Runs(Session):
    """Writing analysis masks (outside a transaction) and recording an analysis."""

    # ------------------------------------------------------------------ analysis
    def write_analysis_masks(self, result) -> dict[str, tuple[str, str, int]]:
        """Store an analysis result's masks as PNG files (outside any transaction).

        Returns ``{class: (relative path, sha256, pixels)}`` for :meth:`record_analysis`.
        """
        out = {}
        for name, m in (getattr(result, "masks", None) or {}).items():
            if m is not None:
                out[name] = masks.write_mask(self.files_dir, m)
        return out

    def record_analysis(
        self,
        check_id: int,
        capture_id: int,
        result,
        *,
        mask_files: dict | None = None,
        max_regions: int = 500,
        actor: str | None = None,
    ) -> list[int]:
        """Save an analysis result into a draft check.

        For every detector: a ``detector_run`` (version, parameters, input SHA-256) and a
        ``measurement``; for every class with damage found, one automatic observation (status
        ``proposed``) with the measured area, a severity from
        :func:`conservator.storage.severity.severity_for`, a mask region (the class mask as a
        PNG) and one rectangle region per detected instance (the ``max_regions`` largest).
        When the check has no grade yet, a grade is proposed from the severities
        (``grade_source`` ``"auto"``; a grade set by a person has ``"person"``).

        Parameters
        ----------
        result : AnalysisResult or dict
            ``conservator.analysis.analyze_scan``'s result (``to_dict()`` and ``masks``), or
            its ``to_dict()`` (then no masks are stored).

        Returns
        -------
        list of int
            The ids of the new observations.
        """
        data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
        if mask_files is None:
            mask_files = self.write_analysis_masks(result)
        mask_bboxes = {
            name: mask_bbox(m) for name, m in (getattr(result, "masks", None) or {}).items()
        }
        scan = data.get("scan") or {}
        leaf = data.get("leaf") or {}
        leaf_px = leaf.get("area_px") or None
        obs_ids = []
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
                    "values_json": audit.canonical_json(jsonable(meas)),
                    "mask_path": mf[0] if mf else None,
                    "mask_sha256": mf[1] if mf else None,
                }
                mid = self._insert("measurement", mrow)
                self._audit(
                    "detector_run", run_id, "create", None, {**run, "measurement": mrow}, actor
                )
                found = (meas.get("area_px") or 0) > 0 or (meas.get("count") or 0) > 0
                if not found or name not in self.vocab("damage"):
                    continue
                sev = severity.severity_for(name, meas)
                severities.append(sev)
                obs = {
                    "check_id": check["id"],
                    "damage_code": name,
                    "severity": sev,
                    "source": "automatic",
                    "status": "proposed",
                    "area_px": meas.get("area_px"),
                    "area_mm2": meas.get("area_mm2"),
                    "pct_of_leaf": meas.get("area_pct"),
                    "measurement_id": mid,
                    "note": None,  # the numbers are in the fields; a note is for people
                    "created_at": utc_now(),
                }
                oid = self._insert("observation", obs)
                obs_ids.append(oid)
                self._audit("observation", oid, "create", None, obs, actor)
                if mf:
                    self._insert(
                        "region",
                        {
                            "observation_id": oid,
                            "capture_id": cap["id"],
                            "selector_type": "mask",
                            "selector_value": mf[0],
                            "mask_path": mf[0],
                            "mask_sha256": mf[1],
                            "bbox_json": json.dumps(mask_bboxes.get(name)),
                            "area_px": mf[2],
                            "area_mm2": mf[2] / ppm**2 if ppm else None,
                            "pct_of_leaf": 100.0 * mf[2] / leaf_px if leaf_px else None,
                            "source": "automatic",
                        },
                    )
                instances = sorted(
                    det.get("instances") or [], key=lambda i: -(i.get("area_px") or 0)
                )
                for inst in instances[:max_regions]:
                    bbox = inst.get("bbox")
                    if not bbox or len(bbox) != 4:
                        continue
                    a_px = inst.get("area_px")
                    self._insert(
                        "region",
                        {
                            "observation_id": oid,
                            "capture_id": cap["id"],
                            "selector_type": "xywh",
                            "selector_value": "xywh=" + ",".join(fmt_num(v) for v in bbox),
                            "bbox_json": json.dumps([plain_num(v) for v in bbox]),
                            "area_px": a_px,
                            "area_mm2": inst.get("area_mm2"),
                            "pct_of_leaf": 100.0 * a_px / leaf_px if (leaf_px and a_px) else None,
                            "source": "automatic",
                        },
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
