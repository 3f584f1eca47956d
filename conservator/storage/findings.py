"""Findings (observations) and their regions in a draft check."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from conservator.errors import ConservatorError
from conservator.storage import masks, search
from conservator.storage.db import utc_now
from conservator.storage.geometry import fmt_num, mask_bbox, polygon_area, svg_polygon
from conservator.storage.session import _OBS_FIELDS, OBS_STATUSES, Session

if TYPE_CHECKING:
    import numpy as np


class Findings(Session):
    """Adding, reviewing and removing findings and their regions."""

    def _observations(self, check_id: int) -> list[dict]:
        obs = self._rows(
            "SELECT id, check_id, item_part_id, damage_code, severity, location, note, source, "
            "status, area_px, area_mm2, pct_of_leaf, measurement_id, first_seen_check_id, "
            "resolved_check_id, created_at FROM observation WHERE check_id = ? ORDER BY id",
            (check_id,),
        )
        regions = self._rows(
            "SELECT r.id, r.observation_id, r.capture_id, r.selector_type, r.selector_value, "
            "r.points_json, r.mask_path, r.mask_sha256, r.bbox_json, r.area_px, r.area_mm2, "
            "r.pct_of_leaf, r.source FROM region r JOIN observation o ON o.id = r.observation_id "
            "WHERE o.check_id = ? ORDER BY r.id",
            (check_id,),
        )
        by_obs: dict[int, list] = {}
        for r in regions:
            r["bbox"] = json.loads(r.pop("bbox_json") or "null")
            r["points"] = json.loads(r.pop("points_json") or "null")
            by_obs.setdefault(r["observation_id"], []).append(r)
        for o in obs:
            o["regions"] = by_obs.get(o["id"], [])
        return obs

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
        actor: str | None = None,
    ) -> int:
        """Record one damage observation in a draft check. Returns its id.

        ``status`` defaults to ``"accepted"`` for manual observations and ``"proposed"``
        for automatic ones (a person must accept or reject them).
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
            }
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
            (bool: the damage is no longer present as of this check).
        """
        resolved = fields.pop("resolved", None)
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
            changes = {k: v for k, v in changes.items() if before.get(k) != v}
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
        return self._obs(obs_id)

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
        capture_id: int | None = None,
        actor: str | None = None,
    ) -> int:
        """Attach a region (where the damage is) to an observation of a draft check.

        Give exactly one of ``polygon`` (``[(x, y), ...]`` image pixels; stored as an SVG
        selector), ``xywh`` (a rectangle) or ``mask`` (bool array, full capture size; stored
        as a PNG beside the database). The area is computed in px, mm² (when the capture has a
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
