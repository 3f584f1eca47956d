"""Findings: every damage finding of a check, detected or drawn, as its own row.

A finding is one ``observation`` row (schema 6) with:

- ``no``: its stable number within the check (1, 2, 3 … in the order found; never
  renumbered, kept by a new version; the PDF, ``checks findings`` and the app show it; only
  the number of the newest finding, when it was drawn by hand and deleted again in a draft,
  goes to the next one);
- ``damage_code``: its class, any code of the ``damage`` vocabulary (open-ended);
- provenance: ``source`` ``"automatic"`` with ``detector`` and ``detector_version``, or
  ``"manual"`` with ``author``;
- geometry: its regions (a mask PNG, full resolution, cropped to the finding with
  ``mask_offset`` = its top-left corner; or a polygon; or a rectangle);
- ``measurements``: what was measured when it was found (``area_mm2``, ``length_mm``,
  ``diameter_mm``, ``delta_e00`` …), plus ``area_px``/``area_mm2``/``pct_of_leaf`` columns;
- review: ``status`` ``proposed``/``accepted``/``rejected``, ``reclassified_from`` (the class
  it had before a person changed it), ``severity`` 1–3, ``note``, ``reviewed_by``,
  ``reviewed_at``.

Per-class numbers are never stored: :func:`conservator.storage.summary.class_summaries`
derives them from the findings (see :meth:`Findings.summaries`).

API for the app and the CLI (all Qt-free; each call one transaction, audited):

- ``findings(check_id)`` → list of finding dicts (with ``regions``), by number;
- ``finding(check_id, no)`` → one finding; ``finding_id(check_id, no)`` → its row id;
- ``add_finding(check_id, damage_code, polygon=|xywh=|mask=, mask_offset=, severity=, note=)``
  → its number (a manual, accepted finding drawn by ``actor``);
- ``review_finding(check_id, no, status=, damage_code=, severity=, note=)`` → the finding;
- ``review_findings(check_id, [{"no": 3, "status": "rejected"}, ...])`` → the findings
  (the app's "save a review": many changes in one transaction);
- ``delete_finding(check_id, no)`` → remove a finding drawn by hand (a detected one is
  rejected, never deleted: the record keeps what the detector proposed);
- ``summaries(check_id)`` → the derived per-class numbers;
- ``region_mask(region)`` → ``(bool array, (x, y))``: a mask region's pixels and where its
  top-left corner lies on the scan (to draw a reopened finding exactly as stored);
- older calls kept: ``add_observation``, ``update_observation``, ``accept_observation``,
  ``reject_observation``, ``reclassify_observation``, ``delete_observation``,
  ``add_region``, ``delete_region``.

Every write refuses a final check (:class:`~conservator.errors.RecordLockedError`, naming
*new version*).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from conservator.errors import ConservatorError, NotFoundError
from conservator.storage import masks, search, summary
from conservator.storage.db import utc_now
from conservator.storage.geometry import fmt_num, mask_bbox, polygon_area, svg_polygon
from conservator.storage.session import (
    _OBS_FIELDS,
    FINDING_COLUMNS,
    OBS_STATUSES,
    OBSERVATION_COLUMNS,
    REGION_COLUMNS,
    Session,
)

_OBS_SELECT = ", ".join((*OBSERVATION_COLUMNS, *FINDING_COLUMNS))
_REGION_SELECT = ", ".join(f"r.{c}" for c in (*REGION_COLUMNS, "mask_offset_json"))


def finding_row(o: dict) -> dict:
    """An ``observation`` row as a finding dict: JSON columns parsed."""
    o["measurements"] = json.loads(o.pop("measurements_json", None) or "{}")
    return o


def region_row(r: dict) -> dict:
    """A ``region`` row with ``bbox``, ``points`` and ``mask_offset`` parsed."""
    r["bbox"] = json.loads(r.pop("bbox_json", None) or "null")
    r["points"] = json.loads(r.pop("points_json", None) or "null")
    r["mask_offset"] = json.loads(r.pop("mask_offset_json", None) or "null")
    return r


if TYPE_CHECKING:
    import numpy as np


class Findings(Session):
    """Adding, reviewing and removing findings and their regions."""

    def _observations(self, check_id: int) -> list[dict]:
        obs = self._rows(
            f"SELECT {_OBS_SELECT} FROM observation WHERE check_id = ? ORDER BY no, id",
            (check_id,),
        )
        regions = self._rows(
            f"SELECT {_REGION_SELECT} FROM region r JOIN observation o ON o.id = r.observation_id "
            "WHERE o.check_id = ? ORDER BY r.id",
            (check_id,),
        )
        by_obs: dict[int, list] = {}
        for r in regions:
            by_obs.setdefault(r["observation_id"], []).append(region_row(r))
        for o in obs:
            finding_row(o)["regions"] = by_obs.get(o["id"], [])
        return obs

    # ------------------------------------------------------------------ findings
    def findings(self, check_id: int) -> list[dict]:
        """Every finding of a check (rejected ones too), by number, each with its regions."""
        return self._observations(self._check(check_id)["id"])

    def finding_id(self, check_id: int, no: int) -> int:
        """The row id of finding number ``no`` of a check."""
        row = self._row(
            "SELECT id FROM observation WHERE check_id = ? AND no = ?", (int(check_id), int(no))
        )
        if row is None:
            raise NotFoundError(f"check {check_id} has no finding number {no}", self.path)
        return row["id"]

    def finding(self, check_id: int, no: int) -> dict:
        """Finding number ``no`` of a check (as in :meth:`findings`)."""
        oid = self.finding_id(check_id, no)
        return next(f for f in self._observations(int(check_id)) if f["id"] == oid)

    def summaries(self, check_id: int) -> dict:
        """The per-class numbers of a check, derived from its findings (never stored).

        See :func:`conservator.storage.summary.class_summaries`: accepted findings count, and
        for a draft the proposed ones too; rejected ones never.
        """
        c = self._check(check_id)
        return summary.class_summaries(
            self._observations(c["id"]),
            final=c["status"] == "final",
            leaf=self._leaf(c["id"]),
            detector_measurements=self._measurements(c["id"]),
        )

    def region_mask(self, region: dict):
        """A mask region's pixels (bool array) and its offset ``(x, y)`` on the scan."""
        if not region.get("mask_path"):
            raise ConservatorError("this region is not a mask")
        offset = region.get("mask_offset") or (0, 0)
        return masks.read_mask(self.files_dir, region["mask_path"]), (
            int(offset[0]),
            int(offset[1]),
        )

    def _leaf(self, check_id: int) -> dict:
        row = self._row(
            "SELECT leaf_area_px, leaf_area_mm2 FROM detector_run WHERE check_id = ? "
            "AND leaf_area_px > 0 ORDER BY id DESC LIMIT 1",
            (check_id,),
        )
        return {"area_px": row["leaf_area_px"], "area_mm2": row["leaf_area_mm2"]} if row else {}

    def _next_no(self, check_id: int) -> int:
        """The next finding number of a draft: one more than the highest in use."""
        return int(
            self.conn.execute(
                "SELECT COALESCE(MAX(no), 0) + 1 FROM observation WHERE check_id = ?",
                (int(check_id),),
            ).fetchone()[0]
        )

    def add_finding(
        self,
        check_id: int,
        damage_code: str,
        *,
        polygon=None,
        xywh=None,
        mask: np.ndarray | None = None,
        mask_offset: tuple[int, int] | None = None,
        severity: int | None = None,
        note: str | None = None,
        location: str | None = None,
        actor: str | None = None,
    ) -> int:
        """Record a region drawn by hand as a manual, accepted finding. Returns its number.

        Give one of ``polygon``, ``xywh`` or ``mask`` (a brush stroke; ``mask_offset`` is the
        scan pixel ``(x, y)`` of its top-left corner when it is a crop). The author is
        ``actor`` (default the store's actor).
        """
        with self.transaction():
            oid = self.add_observation(
                check_id,
                damage_code,
                severity=severity,
                note=note,
                location=location,
                source="manual",
                status="accepted",
                actor=actor,
            )
            self.add_region(
                oid, polygon=polygon, xywh=xywh, mask=mask, mask_offset=mask_offset, actor=actor
            )
            return int(self._obs(oid)["no"])

    def delete_finding(self, check_id: int, no: int, *, actor: str | None = None) -> None:
        """Remove finding number ``no`` when it was drawn by hand (no other number changes).

        A detected finding cannot be deleted: reject it, so the record keeps what the detector
        proposed and what the examiner decided.
        """
        with self.transaction():
            self._require_draft(check_id)
            oid = self.finding_id(check_id, no)
            if self._obs(oid)["source"] != "manual":
                raise ConservatorError(
                    f"finding {no} was found by a detector: reject it instead of deleting it"
                )
            self.delete_observation(oid, actor=actor)

    def review_finding(
        self,
        check_id: int,
        no: int,
        *,
        status: str | None = None,
        damage_code: str | None = None,
        severity: int | None = None,
        note: str | None = None,
        actor: str | None = None,
    ) -> dict:
        """Review finding number ``no``: accept/reject (``status``), re-classify
        (``damage_code``; accepts it unless ``status`` says otherwise), set ``severity`` or
        ``note``. Records who reviewed it and when. Returns the finding."""
        self._review(check_id, no, status, damage_code, severity, note, actor)
        return self.finding(check_id, no)

    def _review(self, check_id, no, status, damage_code, severity, note, actor) -> None:
        fields: dict = {}
        if damage_code is not None:
            fields["damage_code"] = damage_code
            fields["status"] = status or "accepted"
        if status is not None:
            fields["status"] = status
        if severity is not None:
            fields["severity"] = int(severity)
        if note is not None:
            fields["note"] = note or None
        if not fields:
            raise ConservatorError("say what to change: accept, reject, class, severity or note")
        with self.transaction():
            self.update_observation(self.finding_id(check_id, no), actor=actor, **fields)

    def review_findings(self, check_id: int, changes, *, actor: str | None = None) -> list[dict]:
        """Apply many reviews at once (one transaction): ``[{"no": 3, "status": "rejected",
        "damage_code": ..., "severity": ..., "note": ...}, ...]``. Returns all findings."""
        with self.transaction():
            self._require_draft(check_id)
            for ch in changes:
                ch = dict(ch)
                no = ch.pop("no")
                bad = set(ch) - {"status", "damage_code", "severity", "note"}
                if bad:
                    raise ConservatorError(f"a review has no field {sorted(bad)[0]!r}")
                self._review(
                    check_id,
                    no,
                    ch.get("status"),
                    ch.get("damage_code"),
                    ch.get("severity"),
                    ch.get("note"),
                    actor,
                )
        return self.findings(check_id)

    # ------------------------------------------------------------------ observations
    def _obs(self, obs_id: int) -> dict:
        return self._get("observation", int(obs_id), "observation")

    def add_observation(
        self,
        check_id: int,
        damage_code: str,
        *,
        severity: int | None = None,
        location: str | None = None,
        note: str | None = None,
        source: str = "manual",
        status: str | None = None,
        area_px: int | None = None,
        area_mm2: float | None = None,
        pct_of_leaf: float | None = None,
        part_id: int | None = None,
        measurement_id: int | None = None,
        detector: str | None = None,
        detector_version: str | None = None,
        measurements: dict | None = None,
        author: str | None = None,
        actor: str | None = None,
    ) -> int:
        """Record one finding (observation) in a draft check. Returns its row id.

        ``status`` defaults to ``"accepted"`` for manual observations and ``"proposed"``
        for automatic ones (a person must accept or reject them). It gets the check's next
        finding number. A manual finding's ``author`` defaults to ``actor``; an automatic
        one names its ``detector`` and ``detector_version``; ``measurements`` are the
        numbers measured when it was found.
        """
        self._require_code("damage", damage_code, "damage type")
        if severity is not None and int(severity) not in (1, 2, 3):
            raise ConservatorError("severity is 1 (minor), 2 (moderate) or 3 (severe)")
        if source not in ("manual", "automatic"):
            raise ConservatorError("an observation's source is 'manual' or 'automatic'")
        status = status or ("proposed" if source == "automatic" else "accepted")
        if status not in OBS_STATUSES:
            raise ConservatorError(f"an observation's status is one of {', '.join(OBS_STATUSES)}")
        with self.transaction():
            check = self._require_draft(check_id)
            row = {
                "check_id": check["id"],
                "item_part_id": part_id,
                "damage_code": damage_code,
                "severity": None if severity is None else int(severity),
                "location": location,
                "note": note,
                "source": source,
                "status": status,
                "area_px": area_px,
                "area_mm2": area_mm2,
                "pct_of_leaf": pct_of_leaf,
                "measurement_id": measurement_id,
                "created_at": utc_now(),
                "no": self._next_no(check["id"]),
                "detector": detector,
                "detector_version": detector_version,
                "author": (author or actor or self.actor) if source == "manual" else author,
                "measurements_json": json.dumps(measurements, ensure_ascii=False, sort_keys=True)
                if measurements
                else None,
            }
            if status != "proposed" and source == "automatic":
                row["reviewed_by"], row["reviewed_at"] = actor or self.actor, row["created_at"]
            oid = self._insert("observation", row)
            search.index(self.conn, "observation", oid, check["item_id"], note, location)
            self._audit("observation", oid, "create", None, row, actor)
        return oid

    def update_observation(self, obs_id: int, *, actor: str | None = None, **fields) -> dict:
        """Change an observation of a draft check.

        Parameters
        ----------
        **fields
            Any of ``damage_code``, ``severity``, ``location``, ``note``, ``status``
            (``proposed``/``accepted``/``rejected``), ``item_part_id``, and ``resolved``
            (bool: the damage is no longer present as of this check), ``measurements`` (dict:
            a hand-drawn region re-measured after its outline changed).
        """
        resolved = fields.pop("resolved", None)
        measurements = fields.pop("measurements", None)
        bad = set(fields) - _OBS_FIELDS
        if bad:
            raise ConservatorError(f"observations have no field {sorted(bad)[0]!r}")
        if "damage_code" in fields:
            self._require_code("damage", fields["damage_code"], "damage type")
        if fields.get("severity") is not None and int(fields["severity"]) not in (1, 2, 3):
            raise ConservatorError("severity is 1 (minor), 2 (moderate) or 3 (severe)")
        if "status" in fields and fields["status"] not in OBS_STATUSES:
            raise ConservatorError(f"an observation's status is one of {', '.join(OBS_STATUSES)}")
        with self.transaction():
            before = self._obs(obs_id)
            check = self._require_draft(before["check_id"])
            changes = dict(fields)
            if resolved is not None:
                changes["resolved_check_id"] = check["id"] if resolved else None
            if measurements is not None:
                changes["measurements_json"] = json.dumps(
                    measurements, ensure_ascii=False, sort_keys=True
                )
            changes = {k: v for k, v in changes.items() if before.get(k) != v}
            if "damage_code" in changes:
                original = before["reclassified_from"] or before["damage_code"]
                changes["reclassified_from"] = (
                    None if changes["damage_code"] == original else original
                )
            if changes.keys() & {"status", "damage_code", "severity"}:
                changes["reviewed_by"] = actor or self.actor
                changes["reviewed_at"] = utc_now()
            if changes:
                self._update("observation", before["id"], changes)
                after = {**before, **changes}
                search.index(
                    self.conn,
                    "observation",
                    before["id"],
                    check["item_id"],
                    after["note"],
                    after["location"],
                )
                self._audit("observation", before["id"], "update", before, after, actor)
        return finding_row(self._obs(obs_id))

    def accept_observation(self, obs_id: int, *, actor=None) -> dict:
        """Mark a (proposed) observation as accepted by a person."""
        return self.update_observation(obs_id, status="accepted", actor=actor)

    def reject_observation(self, obs_id: int, *, actor=None) -> dict:
        """Mark an observation as rejected (kept, for later evaluation of the detectors)."""
        return self.update_observation(obs_id, status="rejected", actor=actor)

    def reclassify_observation(self, obs_id: int, damage_code: str, *, actor=None) -> dict:
        """Change an observation's damage type (and accept it)."""
        return self.update_observation(
            obs_id, damage_code=damage_code, status="accepted", actor=actor
        )

    def delete_observation(self, obs_id: int, *, actor=None) -> None:
        """Delete an observation (and its regions) from a draft check."""
        with self.transaction():
            before = self._obs(obs_id)
            self._require_draft(before["check_id"])
            self.conn.execute("DELETE FROM region WHERE observation_id = ?", (before["id"],))
            self.conn.execute("DELETE FROM observation WHERE id = ?", (before["id"],))
            search.unindex(self.conn, "observation", before["id"])
            self._audit("observation", before["id"], "delete", before, None, actor)

    def _leaf_area_px(self, check_id: int) -> int | None:
        row = self._row(
            "SELECT leaf_area_px FROM detector_run WHERE check_id = ? AND leaf_area_px > 0 "
            "ORDER BY id DESC LIMIT 1",
            (check_id,),
        )
        return row["leaf_area_px"] if row else None

    def add_region(
        self,
        obs_id: int,
        *,
        polygon=None,
        xywh=None,
        mask: np.ndarray | None = None,
        mask_offset: tuple[int, int] | None = None,
        capture_id: int | None = None,
        actor: str | None = None,
    ) -> int:
        """Attach a region (where the damage is) to an observation of a draft check.

        Give exactly one of ``polygon`` (``[(x, y), ...]`` image pixels; stored as an SVG
        selector), ``xywh`` (a rectangle) or ``mask`` (bool array, full capture size, or a crop
        whose top-left corner is at scan pixel ``mask_offset=(x, y)``; stored as a PNG beside
        the database). The area is computed in px, mm² (when the capture has a
        resolution) and % of the leaf (when an analysis measured the leaf). For manual
        observations the observation's area becomes the sum of its regions. Returns its id.
        """
        given = [v is not None for v in (polygon, xywh, mask)]
        if sum(given) != 1:
            raise ConservatorError("a region is a polygon, a rectangle or a mask: give one")
        mask_rel = mask_sha = None
        points = None
        if polygon is not None:
            points = [[float(x), float(y)] for x, y in polygon]
            if len(points) < 3:
                raise ConservatorError("a polygon needs at least 3 points")
            area = polygon_area(points)
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            bbox = [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]
            stype = "svg"
            svalue = svg_polygon(points)
        elif xywh is not None:
            x, y, w, h = (float(v) for v in xywh)
            if w <= 0 or h <= 0:
                raise ConservatorError("a rectangle needs a positive width and height")
            bbox, area, stype = [x, y, w, h], w * h, "xywh"
            svalue = "xywh=" + ",".join(fmt_num(v) for v in bbox)
        else:
            mask_rel, mask_sha, area = masks.write_mask(self.files_dir, mask)
            bbox = mask_bbox(mask)
            if bbox is not None and mask_offset is not None:
                bbox = [bbox[0] + int(mask_offset[0]), bbox[1] + int(mask_offset[1]), *bbox[2:]]
            stype, svalue = "mask", mask_rel
        with self.transaction():
            obs = self._obs(obs_id)
            check = self._require_draft(obs["check_id"])
            capture_id = capture_id or check["capture_id"]
            ppm = self.get_capture(capture_id)["px_per_mm"] if capture_id else None
            leaf = self._leaf_area_px(check["id"])
            row = {
                "observation_id": obs["id"],
                "capture_id": capture_id,
                "selector_type": stype,
                "selector_value": svalue,
                "points_json": json.dumps(points) if points else None,
                "mask_path": mask_rel,
                "mask_sha256": mask_sha,
                "bbox_json": json.dumps(bbox),
                "area_px": int(round(area)),
                "area_mm2": area / ppm**2 if ppm else None,
                "pct_of_leaf": 100.0 * area / leaf if leaf else None,
                "source": "manual",
                "mask_offset_json": json.dumps([int(v) for v in mask_offset])
                if mask_offset is not None and mask_rel
                else None,
            }
            rid = self._insert("region", row)
            if obs["source"] == "manual":
                self._sum_regions(obs["id"])
            self._audit("region", rid, "create", None, row, actor)
        return rid

    def _sum_regions(self, obs_id: int) -> None:
        s = self.conn.execute(
            "SELECT SUM(area_px), SUM(area_mm2), SUM(pct_of_leaf), COUNT(*) FROM region "
            "WHERE observation_id = ?",
            (obs_id,),
        ).fetchone()
        self.conn.execute(
            "UPDATE observation SET area_px = ?, area_mm2 = ?, pct_of_leaf = ? WHERE id = ?",
            (s[0], s[1], s[2], obs_id),
        )

    def delete_region(self, region_id: int, *, actor=None) -> None:
        """Remove a region from an observation of a draft check."""
        with self.transaction():
            before = self._get("region", int(region_id), "region")
            obs = self._obs(before["observation_id"])
            self._require_draft(obs["check_id"])
            self.conn.execute("DELETE FROM region WHERE id = ?", (before["id"],))
            if obs["source"] == "manual":
                self._sum_regions(obs["id"])
            self._audit("region", before["id"], "delete", before, None, actor)
