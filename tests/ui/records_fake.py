"""An in-memory stand-in for the records store, with the calls ``ui.records.api`` makes.

Used by the records widget tests that do not need SQLite; ``test_records_store.py`` runs the same
workflow against the real ``conservator.storage`` store.
"""

from __future__ import annotations

import copy

from conservator.errors import RecordLockedError


class FakeStore:
    def __init__(self):
        self.items = {
            1: {
                "id": 1,
                "inventory_no": "MS-1",
                "title": "Letter, 1890",
                "object_type": "letter",
                "date_text": "1890",
                "materials": "paper, iron-gall ink",
                "dimensions": "",
                "location": "Store 2",
            },
            2: {
                "id": 2,
                "inventory_no": "KZ-77",
                "title": "Қолжазба",
                "object_type": "manuscript",
                "date_text": "",
                "materials": "",
                "dimensions": "",
                "location": "",
            },
        }
        self.checks = {
            10: self._check(10, 1, "CC-0010", "2026-11-01", "final", grade=2, by="A. Bek"),
            11: self._check(11, 1, "CC-0011", "2026-11-20", "draft", grade=3),
            20: self._check(20, 2, "CC-0020", "2026-11-21", "draft"),
        }
        self.saves = 0

    @staticmethod
    def _check(cid, item_id, ref, date, status, grade=None, by=None):
        return {
            "id": cid,
            "item_id": item_id,
            "ref_no": ref,
            "check_date": date,
            "reason_code": "loan",
            "method_code": "visual",
            "checker": "A. Bek",
            "overall_grade": grade,
            "grade_code": None,
            "priority_code": None,
            "completeness_code": None,
            "completeness_note": None,
            "next_check_date": None,
            "summary": None,
            "status": status,
            "supersedes": None,
            "finalized_at": "2026-11-02T10:00:00Z" if status == "final" else None,
            "finalized_by": by,
            "record_hash": None,
            "hazards": [],
            "recommendations": [],
            "treatment": None,
        }

    def report_data(self, check_id):
        c = self.checks[check_id]
        check = {k: v for k, v in c.items() if k not in ("hazards", "recommendations", "treatment")}
        return copy.deepcopy(
            {
                "institution": None,
                "item": self.items[c["item_id"]],
                "check": check,
                "capture": None,
                "observations": [
                    {"id": 1, "damage_code": "foxing", "status": "accepted", "regions": []},
                    {"id": 2, "damage_code": "tear", "status": "proposed", "regions": []},
                ],
                "measurements": {},
                "masks": {},
                "hazards": c["hazards"],
                "recommendations": c["recommendations"],
                "treatment": c["treatment"],
                "signatures": [],
                "vocab": {},
            }
        )

    def save_draft(self, check_id, *, item, check, hazards, recommendations, treatment):
        c = self.checks[check_id]
        if c["status"] == "final":
            raise RecordLockedError("this check is final; create a new version to correct it")
        self.items[c["item_id"]].update(item)
        c.update(check)
        if hazards is not None:  # like the real store: lists replaced only when given
            c["hazards"] = hazards
        if recommendations is not None:
            c["recommendations"] = recommendations
        if treatment is not False:
            c["treatment"] = treatment
        self.saves += 1

    def unreviewed_count(self, check_id):
        obs = self.report_data(check_id)["observations"]
        return sum(o["status"] == "proposed" for o in obs)

    def finalize_check(self, check_id, name, *, allow_unreviewed=False):
        c = self.checks[check_id]
        c["allow_unreviewed"] = allow_unreviewed
        c.update(status="final", finalized_by=name, finalized_at="2026-11-29T20:00:00Z")

    def new_version(self, check_id):
        new = copy.deepcopy(self.checks[check_id])
        new_id = max(self.checks) + 1
        new.update(id=new_id, ref_no=f"CC-{new_id:04d}", status="draft", supersedes=check_id)
        new.update(finalized_at=None, finalized_by=None)
        self.checks[new_id] = new
        return new_id

    def list_items(self, query=None, limit=500):
        out = []
        for item in self.items.values():
            text = " ".join(str(v) for v in item.values()).lower()
            if query and query.lower() not in text:
                continue
            checks = [c for c in self.checks.values() if c["item_id"] == item["id"]]
            last = max(checks, key=lambda c: c["check_date"]) if checks else {}
            out.append(
                {
                    **item,
                    "checks": len(checks),
                    "last_check_date": last.get("check_date"),
                    "last_grade": last.get("overall_grade"),
                    "last_status": last.get("status"),
                }
            )
        return out[:limit]

    def item_checks(self, item_id):
        rows = [dict(c) for c in self.checks.values() if c["item_id"] == item_id]
        return sorted(rows, key=lambda c: (c["check_date"], c["id"]), reverse=True)
