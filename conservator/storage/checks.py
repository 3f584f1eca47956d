"""Condition checks: create, edit, list, open, finalise, version, delete a draft."""

from __future__ import annotations

import json

from conservator.errors import ConservatorError, NotFoundError
from conservator.storage import search
from conservator.storage.audit import canonical_json
from conservator.storage.db import today, utc_now
from conservator.storage.integrity import RECORD_FORMAT
from conservator.storage.session import (
    _CHECK_CODE_SCHEMES,
    _CHECK_FIELDS,
    _ITEM_FIELDS,
    Session,
    _check_date,
)


class Checks(Session):
    """The life of a condition check, from draft to final and its new versions."""

    # ------------------------------------------------------------------ checks
    def check_id_of(self, ref) -> int:
        """Resolve a check given by id (``12``, ``"12"``) or reference number (``"CC-2026-000012"``)."""
        text = str(ref).strip()
        if text.isdigit():
            return self._check(int(text))["id"]
        row = self._row("SELECT id FROM condition_check WHERE ref_no = ?", (text,))
        if row is None:
            raise NotFoundError(f"no condition check {text!r}", self.path)
        return row["id"]

    def _next_ref_no(self) -> str:
        n = self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM condition_check").fetchone()[0]
        year = today()[:4]
        ref = f"CC-{year}-{n:06d}"
        while self._row("SELECT 1 AS x FROM condition_check WHERE ref_no = ?", (ref,)):
            n += 1
            ref = f"CC-{year}-{n:06d}"
        return ref

    def create_check(
        self,
        inventory_no: str,
        *,
        checker: str,
        check_date: str | None = None,
        reason_code: str | None = None,
        method_code: str | None = None,
        capture_id: int | None = None,
        summary: str | None = None,
        ref_no: str | None = None,
        actor: str | None = None,
    ) -> int:
        """Start a draft condition check of an item. Returns its id.

        ``ref_no`` (the Spectrum reference number) defaults to ``CC-<year>-<nnnnnn>``.
        """
        self._require_code("reason", reason_code, "reason")
        self._require_code("method", method_code, "method")
        check_date = _check_date(check_date, "the check date") or today()
        with self.transaction():
            item = self._item_row(inventory_no)
            if capture_id is not None:
                cap = self.get_capture(capture_id)
                if cap["item_id"] != item["id"]:
                    raise ConservatorError(f"capture {capture_id} belongs to another item")
            now = utc_now()
            row = {
                "ref_no": ref_no or self._next_ref_no(),
                "item_id": item["id"],
                "capture_id": capture_id,
                "check_date": check_date,
                "reason_code": reason_code,
                "method_code": method_code,
                "checker_id": self.person_id(checker, actor=actor),
                "summary": summary,
                "status": "draft",
                "created_at": now,
                "updated_at": now,
            }
            if self._row("SELECT 1 AS x FROM condition_check WHERE ref_no = ?", (row["ref_no"],)):
                raise ConservatorError(f"a check with reference number {row['ref_no']!r} exists")
            cid = self._insert("condition_check", row)
            search.index_check(self.conn, cid)
            self._audit("condition_check", cid, "create", None, row, actor or checker)
        return cid

    def update_check(self, check_id: int, *, actor: str | None = None, **fields) -> dict:
        """Change a draft check.

        Parameters
        ----------
        **fields
            Any of ``check_date``, ``reason_code``, ``method_code``, ``checker`` (a name),
            ``overall_grade`` / ``grade`` (1-4 or ``"good"``, ``"fair"``, ``"poor"``,
            ``"unacceptable"``), ``priority_code``, ``completeness_code``,
            ``completeness_note``, ``environment_note``, ``next_check_date``, ``summary``,
            ``capture_id``.

        Returns
        -------
        dict
            The check as :meth:`get_check`.
        """
        bad = set(fields) - _CHECK_FIELDS
        if bad:
            raise ConservatorError(f"condition checks have no field {sorted(bad)[0]!r}")
        changes: dict = {}
        for key, value in fields.items():
            if key in _CHECK_CODE_SCHEMES:
                changes[key] = self._require_code(_CHECK_CODE_SCHEMES[key], value, key[:-5])
            elif key in ("overall_grade", "grade"):
                changes["overall_grade"] = self.grade_ordinal(value)
                changes["grade_source"] = "person"
            elif key in ("check_date", "next_check_date"):
                changes[key] = _check_date(value, key.replace("_", " "))
            elif key != "checker":
                changes[key] = value
        with self.transaction():
            before = self._require_draft(check_id)
            if "checker" in fields:
                changes["checker_id"] = self.person_id(fields["checker"], actor=actor)
            if changes.get("capture_id") is not None:
                cap = self.get_capture(changes["capture_id"])
                if cap["item_id"] != before["item_id"]:
                    raise ConservatorError(f"capture {cap['id']} belongs to another item")
            changes = {k: v for k, v in changes.items() if before.get(k) != v}
            if changes:
                changes["updated_at"] = utc_now()
                self._update("condition_check", before["id"], changes)
                after = {**before, **changes}
                search.index_check(self.conn, before["id"])
                self._audit("condition_check", before["id"], "update", before, after, actor)
        return self.get_check(check_id)

    def save_draft(
        self,
        check_id: int,
        *,
        item: dict | None = None,
        check: dict | None = None,
        hazards: list[dict] | None = None,
        recommendations: list[dict] | None = None,
        treatment: dict | None | bool = False,
        actor: str | None = None,
    ) -> dict:
        """Save a report editor's fields into a draft check, all in one transaction.

        Parameters
        ----------
        item : dict, optional
            Item fields (``title``, ``object_type``, ``date_text``, ``materials``,
            ``dimensions``, ``location``, ``notes``); other keys are ignored.
        check : dict, optional
            Check fields as :meth:`update_check`; ``grade_code`` is accepted as well
            (it wins over ``overall_grade``). Unknown keys are ignored.
        hazards, recommendations : list of dict, optional
            When given, they *replace* the check's hazards (``hazard_code``, ``note``,
            ``date``) / recommendations (``kind``, ``text``, ``code``).
        treatment : dict or None, optional
            ``text``, ``proposed_by``, ``status``, ``approved_by``, ``approved_at``:
            replaces the proposal; ``None`` removes it; leave out to keep it as it is.

        Returns
        -------
        dict
            The check as :meth:`get_check`.
        """
        with self.transaction():
            c = self._require_draft(check_id)
            if item:
                inv = self.conn.execute(
                    "SELECT inventory_no FROM item WHERE id = ?", (c["item_id"],)
                ).fetchone()[0]
                fields = {k: (v if v != "" else None) for k, v in item.items() if k in _ITEM_FIELDS}
                if "title" in fields:
                    fields["title"] = fields["title"] or ""
                self.update_item(inv, actor=actor, **fields)
            if check:
                fields = {k: v for k, v in check.items() if k in _CHECK_FIELDS}
                if "grade_code" in check:
                    fields.pop("overall_grade", None)
                    fields["grade"] = check["grade_code"]
                if fields.get("checker") in (None, ""):
                    fields.pop("checker", None)
                if "grade" in fields or "overall_grade" in fields:
                    key = "grade" if "grade" in fields else "overall_grade"
                    if self.grade_ordinal(fields[key]) == c["overall_grade"]:
                        fields.pop(key)  # unchanged: keep who set it
                self.update_check(check_id, actor=actor, **fields)
            if hazards is not None:
                for (hid,) in self.conn.execute(
                    "SELECT id FROM hazard WHERE check_id = ?", (c["id"],)
                ).fetchall():
                    self.delete_hazard(hid, actor=actor)
                for h in hazards:
                    self.add_hazard(
                        c["id"],
                        h["hazard_code"],
                        note=h.get("note"),
                        date=h.get("date"),
                        actor=actor,
                    )
            if recommendations is not None:
                for (rid,) in self.conn.execute(
                    "SELECT id FROM recommendation WHERE check_id = ?", (c["id"],)
                ).fetchall():
                    self.delete_recommendation(rid, actor=actor)
                for r in recommendations:
                    self.add_recommendation(
                        c["id"], r["kind"], r.get("text") or "", code=r.get("code"), actor=actor
                    )
            if treatment is None:
                before = self._row(
                    "SELECT * FROM treatment_proposal WHERE check_id = ?", (c["id"],)
                )
                if before:
                    self.conn.execute(
                        "DELETE FROM treatment_record WHERE proposal_id = ?", (before["id"],)
                    )
                    self.conn.execute(
                        "DELETE FROM treatment_proposal WHERE id = ?", (before["id"],)
                    )
                    self._audit("treatment_proposal", before["id"], "delete", before, None, actor)
                    search.index_check(self.conn, c["id"])
            elif treatment is not False:
                tid = self.set_treatment_proposal(
                    c["id"],
                    treatment.get("text") or "",
                    proposed_by=treatment.get("proposed_by"),
                    treatment_codes=treatment.get("treatment_codes"),
                    materials=treatment.get("materials"),
                    est_hours=treatment.get("est_hours"),
                    actor=actor,
                )
                status = treatment.get("status") or "proposed"
                if status not in ("proposed", "approved", "rejected", "done"):
                    raise ConservatorError(f"unknown treatment status {status!r}")
                before = self._get("treatment_proposal", tid, "treatment proposal")
                changes = {
                    "status": status,
                    "approved_by": treatment.get("approved_by"),
                    "approved_at": treatment.get("approved_at"),
                }
                changes = {k: v for k, v in changes.items() if before.get(k) != v}
                if changes:
                    self._update("treatment_proposal", tid, changes)
                    self._audit(
                        "treatment_proposal", tid, "update", before, {**before, **changes}, actor
                    )
        return self.get_check(check_id)

    def list_checks(
        self,
        inventory_no: str | None = None,
        *,
        item_id: int | None = None,
        status: str | None = None,
        limit=None,
    ) -> list[dict]:
        """Checks, newest first, optionally of one item and/or one status.

        Keys: ``id``, ``ref_no``, ``inventory_no``, ``title``, ``check_date``, ``status``,
        ``overall_grade``, ``grade_code``, ``checker``, ``supersedes``, ``superseded_by``,
        ``observation_count``, ``finalized_at``, ``finalized_by``.
        """
        where, params = [], []
        if inventory_no is not None:
            where.append("c.item_id = ?")
            params.append(self._item_row(inventory_no)["id"])
        if item_id is not None:
            where.append("c.item_id = ?")
            params.append(int(item_id))
        if status:
            where.append("c.status = ?")
            params.append(status)
        sql = (
            "SELECT c.id, c.ref_no, i.inventory_no, i.title, c.check_date, c.status, "
            "c.overall_grade, p.name AS checker, c.supersedes, "
            "(SELECT MIN(n.id) FROM condition_check n WHERE n.supersedes = c.id) AS superseded_by, "
            "(SELECT COUNT(*) FROM observation o WHERE o.check_id = c.id) AS observation_count, "
            "c.finalized_at, c.finalized_by FROM condition_check c JOIN item i ON i.id = c.item_id "
            "LEFT JOIN person p ON p.id = c.checker_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.check_date DESC, c.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        rows = self._rows(sql, params)
        for r in rows:
            r["grade_code"] = self.grade_code(r["overall_grade"])
        return rows

    def get_check(self, check_id: int) -> dict:
        """One check with everything recorded in it (JSON-ready).

        Besides the check's own columns: ``inventory_no``, ``title``, ``checker``,
        ``grade_code``, ``capture``, ``observations`` (the findings, by number: each with
        ``no``, ``damage_code``, ``severity``, ``area_mm2``, ``area_px``, ``pct_of_leaf``,
        ``source``, ``detector``, ``detector_version``, ``author``, ``status``,
        ``reclassified_from``, ``measurements``, ``reviewed_by``, ``reviewed_at``,
        ``regions``), ``summaries`` (per class, derived from the findings: what reports
        print), ``unreviewed`` (findings still proposed), ``measurements`` (what each
        detector measured over its whole class: provenance, not the record's numbers),
        ``detector_runs``, ``hazards``, ``recommendations``, ``treatment``, ``signatures``,
        ``exports``, ``superseded_by``, ``record_facts`` (what a format-3 final record
        states as it was at finalisation: :meth:`record_facts`; ``None`` otherwise).
        """
        c = self._check(check_id)
        cid = c["id"]
        c["record_facts"] = json.loads(c.pop("record_facts_json", None) or "null")
        item = self._row("SELECT inventory_no, title FROM item WHERE id = ?", (c["item_id"],))
        person = self._row("SELECT name FROM person WHERE id = ?", (c["checker_id"],))
        c.update(item or {})
        c["checker"] = person["name"] if person else None
        c["grade_code"] = self.grade_code(c["overall_grade"])
        c["capture"] = self.get_capture(c["capture_id"]) if c["capture_id"] else None
        nxt = self._row("SELECT MIN(id) AS n FROM condition_check WHERE supersedes = ?", (cid,))
        c["superseded_by"] = nxt["n"] if nxt else None
        prev = (
            self._row("SELECT ref_no FROM condition_check WHERE id = ?", (c["supersedes"],))
            if c["supersedes"]
            else None
        )
        c["supersedes_ref"] = prev["ref_no"] if prev else None
        c["observations"] = self._observations(cid)
        c["detector_runs"] = self._rows(
            "SELECT id, capture_id, detector, version, params_json, sha256_input, "
            "leaf_area_px, leaf_area_mm2, warnings_json, started_at FROM detector_run "
            "WHERE check_id = ? ORDER BY id",
            (cid,),
        )
        for r in c["detector_runs"]:
            r["parameters"] = json.loads(r.pop("params_json") or "{}")
            r["warnings"] = json.loads(r.pop("warnings_json") or "[]")
        c["measurements"] = self._measurements(cid)
        c["summaries"] = self.summaries(cid)
        c["unreviewed"] = sum(1 for o in c["observations"] if o["status"] == "proposed")
        c["hazards"] = self._rows(
            "SELECT id, hazard_code, date, note FROM hazard WHERE check_id = ? ORDER BY id", (cid,)
        )
        c["recommendations"] = self._rows(
            "SELECT id, kind, text, code FROM recommendation WHERE check_id = ? ORDER BY id",
            (cid,),
        )
        c["treatment"] = self._treatment(cid)
        c["signatures"] = self._rows(
            "SELECT id, name, role, signed_at, signed_hash FROM signature WHERE check_id = ? "
            "ORDER BY id",
            (cid,),
        )
        c["exports"] = self._rows(
            "SELECT id, format, lang, second_lang, path, sha256, created_at, created_by "
            "FROM report_export WHERE check_id = ? ORDER BY id",
            (cid,),
        )
        return c

    def _measurements(self, check_id: int) -> dict:
        out = {}
        for m in self._rows(
            "SELECT m.id, m.damage_code, m.count_instances, m.area_px, m.area_mm2, "
            "m.pct_of_leaf, m.values_json, m.mask_path, m.mask_sha256, r.detector, r.version "
            "FROM measurement m JOIN detector_run r ON r.id = m.detector_run_id "
            "WHERE r.check_id = ? ORDER BY m.id",
            (check_id,),
        ):
            values = json.loads(m["values_json"] or "{}")
            values.setdefault("count", m["count_instances"])
            values.setdefault("area_px", m["area_px"])
            values.setdefault("area_mm2", m["area_mm2"])
            values.setdefault("area_pct", m["pct_of_leaf"])
            values["detector_version"] = m["version"]
            values["mask_path"] = m["mask_path"]
            values["mask_sha256"] = m["mask_sha256"]
            out[m["damage_code"]] = values
        return out

    def _treatment(self, check_id: int) -> dict | None:
        t = self._row("SELECT * FROM treatment_proposal WHERE check_id = ?", (check_id,))
        if t is None:
            return None
        t["treatment_codes"] = json.loads(t.pop("treatment_codes_json") or "[]")
        t["materials"] = json.loads(t.pop("materials_json") or "[]")
        t["records"] = self._rows(
            "SELECT id, step_no, date, action_code, material_code, note, performed_by "
            "FROM treatment_record WHERE proposal_id = ? ORDER BY step_no, id",
            (t["id"],),
        )
        return t

    def finalize_check(
        self,
        check_id: int,
        by: str,
        *,
        role: str = "checker",
        allow_unreviewed: bool = False,
    ) -> dict:
        """Finalise a draft check: freeze it, store its record hash, sign it as ``by``.

        The check needs an overall grade; a *poor* or *unacceptable* grade needs at least
        one observation that is not rejected (Wellcome: the damage type is mandatory).
        Findings still *proposed* (not reviewed) refuse the finalisation unless
        ``allow_unreviewed`` (the CLI's ``--allow-unreviewed``, the app's confirmation); they
        then stay on record as not reviewed, do not count in the numbers, and the report says
        so on its first page (``report_data()["check"]["unreviewed"]``).

        Returns
        -------
        dict
            The finalised check (as :meth:`get_check`).
        """
        by = (by or "").strip()
        if not by:
            raise ConservatorError("say who finalises the check (--by NAME)")
        with self.transaction():
            before = self._require_draft(check_id)
            if before["overall_grade"] is None:
                raise ConservatorError(
                    f"check {before['id']} has no overall grade; set one before finalising"
                )
            if before["overall_grade"] >= 3:
                n = self.conn.execute(
                    "SELECT COUNT(*) FROM observation WHERE check_id = ? AND status != 'rejected'",
                    (before["id"],),
                ).fetchone()[0]
                if not n:
                    raise ConservatorError(
                        f"check {before['id']} is graded {self.grade_code(before['overall_grade'])} "
                        "but records no damage; add an observation before finalising"
                    )
            unreviewed = self.unreviewed_count(before["id"])
            if unreviewed and not allow_unreviewed:
                raise ConservatorError(
                    f"check {before['id']} has {unreviewed} finding(s) not reviewed yet "
                    f"(proposed); review them (conservator checks findings {before['id']}) or "
                    "finalise anyway with --allow-unreviewed"
                )
            now = utc_now()
            sign = {"name": by, "role": role, "signed_at": now}
            changes = {
                "status": "final",
                "finalized_at": now,
                "finalized_by": by,
                "record_format": RECORD_FORMAT,
                "record_facts_json": canonical_json(
                    self.record_facts(before["id"], signature=sign)
                ),
                "updated_at": now,
            }
            payload = self._payloads("id = ?", (before["id"],), pending=changes)[before["id"]]
            rhash = changes["record_hash"] = self._hash_payload(payload)
            self._update("condition_check", before["id"], changes)
            signature = {"check_id": before["id"], **sign, "signed_hash": rhash}
            sid = self._insert("signature", signature)
            self._audit("signature", sid, "create", None, signature, by)
            # the finalize row is the chain's head at finalisation: receipts and reports
            # anchor it (conservator.storage.anchors)
            self._audit(
                "condition_check", before["id"], "finalize", before, {**before, **changes}, by
            )
        return self.get_check(check_id)

    def unreviewed_count(self, check_id: int) -> int:
        """How many findings of a check are still proposed (not reviewed)."""
        return int(
            self.conn.execute(
                "SELECT COUNT(*) FROM observation WHERE check_id = ? AND status = 'proposed'",
                (int(check_id),),
            ).fetchone()[0]
        )

    def new_version(self, check_id: int, *, checker: str | None = None, actor=None) -> int:
        """Start a correction of a final check: a draft copy that ``supersedes`` it.

        Observations, regions, measurements, hazards, recommendations and the treatment
        proposal are copied; observations keep their ``first_seen_check_id``. Returns the new
        check's id.
        """
        with self.transaction():
            old = self._check(check_id)
            if old["status"] != "final":
                raise ConservatorError(
                    f"check {old['id']} is still a draft; edit it instead of versioning it"
                )
            nxt = self._row("SELECT id FROM condition_check WHERE supersedes = ?", (old["id"],))
            if nxt:
                raise ConservatorError(
                    f"check {old['id']} is already superseded by check {nxt['id']}; "
                    "version that one instead"
                )
            now = utc_now()
            row = {
                k: old[k]
                for k in (
                    "item_id",
                    "capture_id",
                    "reason_code",
                    "method_code",
                    "checker_id",
                    "overall_grade",
                    "grade_source",
                    "priority_code",
                    "completeness_code",
                    "completeness_note",
                    "environment_note",
                    "next_check_date",
                    "summary",
                )
            }
            if checker:
                row["checker_id"] = self.person_id(checker, actor=actor)
            row.update(
                ref_no=self._next_ref_no(),
                check_date=today(),
                status="draft",
                supersedes=old["id"],
                created_at=now,
                updated_at=now,
            )
            new_id = self._insert("condition_check", row)
            run_map: dict[int, int] = {}
            for run in self._rows(
                "SELECT * FROM detector_run WHERE check_id = ? ORDER BY id", (old["id"],)
            ):
                rid = run.pop("id")
                run["check_id"] = new_id
                run_map[rid] = self._insert("detector_run", run)
            meas_map: dict[int, int] = {}
            for m in self._rows(
                "SELECT m.* FROM measurement m JOIN detector_run r ON r.id = m.detector_run_id "
                "WHERE r.check_id = ? ORDER BY m.id",
                (old["id"],),
            ):
                mid = m.pop("id")
                m["detector_run_id"] = run_map[m["detector_run_id"]]
                meas_map[mid] = self._insert("measurement", m)
            for o in self._rows(
                "SELECT * FROM observation WHERE check_id = ? ORDER BY id", (old["id"],)
            ):
                oid = o.pop("id")
                o["check_id"] = new_id
                o["first_seen_check_id"] = o["first_seen_check_id"] or old["id"]
                o["measurement_id"] = meas_map.get(o["measurement_id"])
                o["created_at"] = now
                new_oid = self._insert("observation", o)
                for r in self._rows(
                    "SELECT * FROM region WHERE observation_id = ? ORDER BY id", (oid,)
                ):
                    r.pop("id")
                    r["observation_id"] = new_oid
                    self._insert("region", r)
                item_id = row["item_id"]
                search.index(self.conn, "observation", new_oid, item_id, o["note"], o["location"])
            for table in ("hazard", "recommendation"):
                for r in self._rows(
                    f"SELECT * FROM {table} WHERE check_id = ? ORDER BY id", (old["id"],)
                ):
                    r.pop("id")
                    r["check_id"] = new_id
                    self._insert(table, r)
            t = self._row("SELECT * FROM treatment_proposal WHERE check_id = ?", (old["id"],))
            if t:
                t.pop("id")
                t.update(check_id=new_id, created_at=now)
                if t["status"] == "proposed":
                    t.update(approved_by=None, approved_at=None)
                self._insert("treatment_proposal", t)
            search.index_check(self.conn, new_id)
            self._audit(
                "condition_check",
                new_id,
                "new_version",
                None,
                {**row, "id": new_id},
                actor or checker,
            )
        return new_id

    def delete_draft(self, check_id: int, *, actor=None) -> None:
        """Delete a draft check and everything in it (a final check cannot be deleted)."""
        with self.transaction():
            before = self._require_draft(check_id)
            cid = before["id"]
            for (oid,) in self.conn.execute(
                "SELECT id FROM observation WHERE check_id = ?", (cid,)
            ).fetchall():
                search.unindex(self.conn, "observation", oid)
            self.conn.execute(
                "DELETE FROM region WHERE observation_id IN "
                "(SELECT id FROM observation WHERE check_id = ?)",
                (cid,),
            )
            self.conn.execute("DELETE FROM observation WHERE check_id = ?", (cid,))
            self.conn.execute(
                "DELETE FROM measurement WHERE detector_run_id IN "
                "(SELECT id FROM detector_run WHERE check_id = ?)",
                (cid,),
            )
            for table in ("detector_run", "hazard", "recommendation", "signature", "report_export"):
                self.conn.execute(f"DELETE FROM {table} WHERE check_id = ?", (cid,))
            self.conn.execute(
                "DELETE FROM treatment_record WHERE proposal_id IN "
                "(SELECT id FROM treatment_proposal WHERE check_id = ?)",
                (cid,),
            )
            self.conn.execute("DELETE FROM treatment_proposal WHERE check_id = ?", (cid,))
            self.conn.execute("DELETE FROM condition_check WHERE id = ?", (cid,))
            search.unindex(self.conn, "check", cid)
            self._audit("condition_check", cid, "delete", before, None, actor)
