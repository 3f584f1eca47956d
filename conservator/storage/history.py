"""The audit trail read back: who changed what, when, field by field.

:meth:`History.audit_history` answers "who changed what" for one check (everything that
hangs off it: findings, regions, hazards, recommendations, treatment, signatures, exports,
detector runs), one item (the item, its parts and captures, and all its checks) or the whole
database. Each entry:

``{"id", "ts", "actor", "table", "row", "action", "changes": {field: [old, new]}, "hash"}``

``changes`` is what an update recorded (schema 6 and later, covered by the hash chain); for a
creation or deletion, and for rows older than schema 6, the difference of the row's
``before``/``after`` records (covered by the chain as well). The app's history view and
``conservator audit`` print these entries; :meth:`History.audit_entries` is the older, shorter
form (no changes).
"""

from __future__ import annotations

from conservator.storage import audit
from conservator.storage.session import Session

_SUBJECT = "json_extract(COALESCE(after_json, before_json), '$.{}')"


class History(Session):
    """Reading the audit log."""

    def audit_entries(self, entity: str | None = None, entity_id=None, *, limit=None) -> list[dict]:
        """Audit rows, oldest first, optionally of one entity (e.g. ``"condition_check", 3``)."""
        where, params = [], []
        if entity:
            where.append("entity = ?")
            params.append(entity)
        if entity_id is not None:
            where.append("entity_id = ?")
            params.append(str(entity_id))
        sql = "SELECT id, ts, actor, entity, entity_id, action, hash FROM audit_log"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self._rows(sql, params)

    def audit_history(
        self,
        *,
        check_id: int | None = None,
        inventory_no: str | None = None,
        limit: int | None = None,
    ) -> list[dict]:
        """Audit entries with their changed fields, oldest first (see the module docstring).

        Parameters
        ----------
        check_id : int, optional
            Only what concerns this check.
        inventory_no : str, optional
            Only what concerns this item and its checks.
        limit : int, optional
            The newest this many entries (still oldest first).
        """
        where, params = self._history_filter(check_id, inventory_no)
        sql = (
            "SELECT id, ts, actor, entity, entity_id, action, before_json, after_json, "
            "changes_json, hash FROM audit_log"
        )
        if where:
            sql += f" WHERE {where}"
        sql += " ORDER BY id DESC"
        if limit:
            sql += " LIMIT ?"
            params = [*params, int(limit)]
        out = []
        for r in reversed(self._rows(sql, params)):
            changes = audit.entry_changes(r["before_json"], r["after_json"], r["changes_json"])
            out.append(
                {
                    "id": r["id"],
                    "ts": r["ts"],
                    "actor": r["actor"],
                    "table": r["entity"],
                    "row": r["entity_id"],
                    "action": r["action"],
                    "changes": changes or {},
                    "hash": r["hash"],
                }
            )
        return out

    def _history_filter(self, check_id, inventory_no) -> tuple[str | None, list]:
        if check_id is None and inventory_no is None:
            return None, []
        checks: list[int] = []
        parts, params = [], []
        if inventory_no is not None:
            item = self._item_row(inventory_no)
            checks += [
                r["id"]
                for r in self._rows(
                    "SELECT DISTINCT CAST(entity_id AS INTEGER) AS id FROM audit_log "
                    f"WHERE entity = 'condition_check' AND {_SUBJECT.format('item_id')} = ?",
                    (item["id"],),
                )
            ]
            parts.append("(entity = 'item' AND entity_id = ?)")
            params.append(str(item["id"]))
            parts.append(
                f"(entity IN ('item_part', 'capture') AND {_SUBJECT.format('item_id')} = ?)"
            )
            params.append(item["id"])
        if check_id is not None:
            checks.append(int(check_id))
        for cid in sorted(set(checks)):
            parts.append("(entity = 'condition_check' AND entity_id = ?)")
            params.append(str(cid))
            parts.append(f"({_SUBJECT.format('check_id')} = ?)")
            params.append(cid)
            for child, key, parent in (
                ("region", "observation_id", "observation"),
                ("treatment_record", "proposal_id", "treatment_proposal"),
            ):
                ids = [
                    int(r["entity_id"])
                    for r in self._rows(
                        "SELECT DISTINCT entity_id FROM audit_log WHERE entity = ? "
                        f"AND {_SUBJECT.format('check_id')} = ?",
                        (parent, cid),
                    )
                ]
                if ids:
                    marks = ",".join("?" * len(ids))
                    parts.append(f"(entity = '{child}' AND {_SUBJECT.format(key)} IN ({marks}))")
                    params += ids
        return " OR ".join(parts), params
