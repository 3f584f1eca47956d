"""The report's own fields of a check: hazards, recommendations, treatment, signatures."""

from __future__ import annotations

import json

from conservator.errors import ConservatorError, NotFoundError
from conservator.storage import search
from conservator.storage.db import today, utc_now
from conservator.storage.session import RECOMMENDATION_KINDS, Session, _check_date


class ReportFields(Session):
    """Hazards, recommendations, the treatment proposal and record, signatures."""

    # ------------------------------------------------------------------ hazards, recommendations
    def add_hazard(
        self, check_id: int, hazard_code: str, *, note=None, date=None, actor=None
    ) -> int:
        """Record a hazard (active mould, brittle paper...) in a draft check."""
        self._require_code("hazard", hazard_code, "hazard")
        date = _check_date(date, "the hazard date") or today()
        with self.transaction():
            self._require_draft(check_id)
            row = {
                "check_id": int(check_id),
                "hazard_code": hazard_code,
                "date": date,
                "note": note,
            }
            hid = self._insert("hazard", row)
            search.index_check(self.conn, int(check_id))
            self._audit("hazard", hid, "create", None, row, actor)
        return hid

    def delete_hazard(self, hazard_id: int, *, actor=None) -> None:
        """Remove a hazard from a draft check."""
        self._delete_child("hazard", hazard_id, actor)

    def add_recommendation(
        self, check_id: int, kind: str, text: str = "", *, code: str | None = None, actor=None
    ) -> int:
        """Record a recommendation (handling, storage, display, environment, packing,
        security, special, salvage) in a draft check. ``code`` may name a treatment."""
        if kind not in RECOMMENDATION_KINDS:
            raise ConservatorError(
                f"unknown recommendation kind {kind!r}; use one of: {', '.join(RECOMMENDATION_KINDS)}"
            )
        with self.transaction():
            self._require_draft(check_id)
            row = {"check_id": int(check_id), "kind": kind, "text": text or "", "code": code}
            rid = self._insert("recommendation", row)
            search.index_check(self.conn, int(check_id))
            self._audit("recommendation", rid, "create", None, row, actor)
        return rid

    def delete_recommendation(self, rec_id: int, *, actor=None) -> None:
        """Remove a recommendation from a draft check."""
        self._delete_child("recommendation", rec_id, actor)

    def _delete_child(self, table: str, row_id: int, actor) -> None:
        with self.transaction():
            before = self._get(table, int(row_id), table)
            self._require_draft(before["check_id"])
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (before["id"],))
            search.index_check(self.conn, before["check_id"])
            self._audit(table, before["id"], "delete", before, None, actor)

    # ------------------------------------------------------------------ treatment, signatures
    def set_treatment_proposal(
        self,
        check_id: int,
        text: str,
        *,
        proposed_by: str | None = None,
        treatment_codes=None,
        materials=None,
        est_hours: float | None = None,
        actor=None,
    ) -> int:
        """Create or replace the treatment proposal of a draft check. Returns its id."""
        for code in treatment_codes or ():
            self._require_code("treatment", code, "treatment")
        with self.transaction():
            self._require_draft(check_id)
            before = self._row("SELECT * FROM treatment_proposal WHERE check_id = ?", (check_id,))
            row = {
                "check_id": int(check_id),
                "text": text or "",
                "treatment_codes_json": json.dumps(list(treatment_codes or []), ensure_ascii=False),
                "materials_json": json.dumps(list(materials or []), ensure_ascii=False),
                "est_hours": est_hours,
                "proposed_by": proposed_by,
            }
            if before:
                changed = any(
                    before[k] != row[k]
                    for k in ("text", "treatment_codes_json", "materials_json", "est_hours")
                )
                if changed and before["status"] != "proposed":
                    # a changed proposal needs a new decision
                    row.update(status="proposed", approved_by=None, approved_at=None)
                self._update("treatment_proposal", before["id"], row)
                tid = before["id"]
                self._audit("treatment_proposal", tid, "update", before, {**before, **row}, actor)
            else:
                row.update(status="proposed", created_at=utc_now())
                tid = self._insert("treatment_proposal", row)
                self._audit("treatment_proposal", tid, "create", None, row, actor)
            search.index_check(self.conn, int(check_id))
        return tid

    def decide_treatment(self, check_id: int, *, approved: bool, by: str) -> dict:
        """Approve or reject a check's treatment proposal (allowed after finalisation)."""
        with self.transaction():
            before = self._row("SELECT * FROM treatment_proposal WHERE check_id = ?", (check_id,))
            if before is None:
                raise NotFoundError(f"check {check_id} has no treatment proposal", self.path)
            changes = {
                "status": "approved" if approved else "rejected",
                "approved_by": by,
                "approved_at": utc_now(),
            }
            self._update("treatment_proposal", before["id"], changes)
            self._audit(
                "treatment_proposal",
                before["id"],
                changes["status"],
                before,
                {**before, **changes},
                by,
            )
        return self._treatment(int(check_id))

    def add_treatment_record(
        self,
        check_id: int,
        *,
        action_code: str | None = None,
        note: str | None = None,
        performed_by: str | None = None,
        date: str | None = None,
        material_code: str | None = None,
        actor=None,
    ) -> int:
        """Record one step of treatment carried out under an approved proposal."""
        self._require_code("treatment", action_code, "treatment")
        date = _check_date(date, "the treatment date") or today()
        with self.transaction():
            t = self._row("SELECT * FROM treatment_proposal WHERE check_id = ?", (check_id,))
            if t is None:
                raise NotFoundError(f"check {check_id} has no treatment proposal", self.path)
            if t["status"] not in ("approved", "done"):
                raise ConservatorError("the treatment proposal is not approved yet")
            step = self.conn.execute(
                "SELECT COALESCE(MAX(step_no), 0) + 1 FROM treatment_record WHERE proposal_id = ?",
                (t["id"],),
            ).fetchone()[0]
            row = {
                "proposal_id": t["id"],
                "step_no": step,
                "date": date,
                "action_code": action_code,
                "material_code": material_code,
                "note": note,
                "performed_by": performed_by,
                "created_at": utc_now(),
            }
            rid = self._insert("treatment_record", row)
            self._audit("treatment_record", rid, "create", None, row, actor or performed_by)
        return rid

    def add_signature(self, check_id: int, name: str, role: str | None = None) -> int:
        """Sign a check (e.g. an approver countersigning a final check). Returns its id."""
        name = (name or "").strip()
        if not name:
            raise ConservatorError("a signature needs a name")
        with self.transaction():
            check = self._check(check_id)
            row = {
                "check_id": check["id"],
                "name": name,
                "role": role,
                "signed_at": utc_now(),
                "signed_hash": check["record_hash"],
            }
            sid = self._insert("signature", row)
            self._audit("signature", sid, "create", None, row, name)
        return sid
