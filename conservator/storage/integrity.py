"""Integrity: record hashes of final checks, ``verify`` and ``backup``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from conservator.errors import NotFoundError
from conservator.storage import audit, masks, migrations
from conservator.storage.session import (
    FINDING_COLUMNS,
    OBSERVATION_COLUMNS,
    REGION_COLUMNS,
    Session,
)


class Integrity(Session):
    """What the record hash covers, whole-database verification, backups."""

    def record_payload(self, check_id: int) -> dict:
        """What a check's ``record_hash`` covers: the check and all its recorded content.

        Excludes what legitimately changes after finalisation: status, finalisation fields,
        signatures, exports and the treatment's approval.

        Format 2 (checks finalised since schema 6, ``record_format = 2``, and every draft)
        also covers each finding's number, provenance, measurements and review (who, when,
        re-classified from) and a mask crop's offset. Format 1 (checks finalised before) is
        exactly what their hash was computed over, so they still verify.
        """
        payloads = self._payloads("id = ?", (int(check_id),))
        if not payloads:
            raise NotFoundError(f"no condition check with id {check_id}", self.path)
        return payloads[int(check_id)]

    def _payloads(self, where: str, params=()) -> dict[int, dict]:
        """:meth:`record_payload` of every check matching ``where``, in a few queries."""
        sel = f"SELECT id FROM condition_check WHERE {where}"
        out: dict[int, dict] = {}
        fmt: dict[int, int] = {}
        for c in self._rows(f"SELECT * FROM condition_check WHERE {where} ORDER BY id", params):
            fmt[c["id"]] = c.pop("record_format", None) or (1 if c["status"] == "final" else 2)
            for k in ("status", "finalized_at", "finalized_by", "record_hash", "updated_at"):
                c.pop(k, None)
            out[c["id"]] = {
                "check": c,
                "observations": [],
                "detector_runs": [],
                "measurements": [],
                "hazards": [],
                "recommendations": [],
                "treatment": None,
            }
        if not out:
            return out
        regions: dict[int, list] = {}
        region_cols = ", ".join(f"r.{k}" for k in (*REGION_COLUMNS, "mask_offset_json"))
        for r in self._rows(
            f"SELECT o.check_id AS _check, {region_cols} FROM region r "
            "JOIN observation o ON o.id = r.observation_id "
            f"WHERE o.check_id IN ({sel}) ORDER BY r.id",
            params,
        ):
            r["bbox"] = json.loads(r.pop("bbox_json") or "null")
            r["points"] = json.loads(r.pop("points_json") or "null")
            if fmt[r.pop("_check")] == 1:
                r.pop("mask_offset_json")
            regions.setdefault(r["observation_id"], []).append(r)
        for o in self._rows(
            f"SELECT {', '.join((*OBSERVATION_COLUMNS, *FINDING_COLUMNS))} FROM observation "
            f"WHERE check_id IN ({sel}) ORDER BY id",
            params,
        ):
            if fmt[o["check_id"]] == 1:
                for k in FINDING_COLUMNS:
                    o.pop(k)
            o["regions"] = regions.get(o["id"], [])
            out[o["check_id"]]["observations"].append(o)
        run_check = {}
        for r in self._rows(
            f"SELECT * FROM detector_run WHERE check_id IN ({sel}) ORDER BY id", params
        ):
            run_check[r["id"]] = r["check_id"]
            out[r["check_id"]]["detector_runs"].append(r)
        for m in self._rows(
            "SELECT m.* FROM measurement m JOIN detector_run r ON r.id = m.detector_run_id "
            f"WHERE r.check_id IN ({sel}) ORDER BY m.id",
            params,
        ):
            out[run_check[m["detector_run_id"]]]["measurements"].append(m)
        for table, key in (("hazard", "hazards"), ("recommendation", "recommendations")):
            for r in self._rows(
                f"SELECT * FROM {table} WHERE check_id IN ({sel}) ORDER BY id", params
            ):
                out[r["check_id"]][key].append(r)
        for t in self._rows(
            "SELECT check_id AS _check, id, text, treatment_codes_json, materials_json, "
            "est_hours, proposed_by, created_at FROM treatment_proposal "
            f"WHERE check_id IN ({sel})",
            params,
        ):
            out[t.pop("_check")]["treatment"] = t
        return out

    @staticmethod
    def _hash_payload(payload: dict) -> str:
        text = audit.canonical_json(payload)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def record_hash(self, check_id: int) -> str:
        """SHA-256 of :meth:`record_payload` as canonical JSON."""
        return self._hash_payload(self.record_payload(check_id))

    # ------------------------------------------------------------------ integrity
    def verify(self, *, check_masks: bool = True) -> dict:
        """Check the whole database.

        SQLite ``integrity_check`` and ``foreign_key_check``; the audit hash chain; the
        record hash of every final check; and (``check_masks``) that every stored mask file
        exists and matches its SHA-256.

        Returns
        -------
        dict
            ``ok`` (bool), ``problems`` (list of one-line texts, the first is the first broken
            thing found), ``audit_rows``, ``final_checks``, ``masks``.
        """
        problems: list[str] = []
        with self._tx.lock:
            res = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
            if res != ["ok"]:
                problems.append("SQLite integrity check: " + "; ".join(map(str, res[:3])))
            fk = self.conn.execute("PRAGMA foreign_key_check").fetchall()
            if fk:
                t, rowid, parent, _ = fk[0]
                problems.append(f"{t} row {rowid} points to a missing {parent} row")
            n_audit, broken = audit.verify_chain(self.conn)
            triggers = {
                r[0]
                for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            }
        if broken:
            problems.append(broken)
        finals = self._rows(
            "SELECT id, ref_no, record_hash FROM condition_check WHERE status = 'final' ORDER BY id"
        )
        payloads = self._payloads("status = 'final'")
        for f in finals:
            if self._hash_payload(payloads[f["id"]]) != f["record_hash"]:
                problems.append(
                    f"condition_check row {f['id']} ({f['ref_no']}): its content no longer "
                    "matches the record hash stored when it was finalised"
                )
        n_masks = 0
        if check_masks:
            seen = set()
            for r in self._rows(
                "SELECT mask_path, mask_sha256 FROM region WHERE mask_path IS NOT NULL UNION "
                "SELECT mask_path, mask_sha256 FROM measurement WHERE mask_path IS NOT NULL"
            ):
                if r["mask_path"] in seen:
                    continue
                seen.add(r["mask_path"])
                n_masks += 1
                p = self.files_dir / r["mask_path"]
                if not p.exists():
                    problems.append(f"mask file {r['mask_path']} is missing")
                elif r["mask_sha256"] and masks.sha256_file(p) != r["mask_sha256"]:
                    problems.append(f"mask file {r['mask_path']} was changed")
        missing = sorted(set(migrations.PROTECTIVE_TRIGGERS) - triggers)
        if missing:
            problems.append(
                f"protective trigger {missing[0]} is missing: the database was altered "
                "outside Conservator"
            )
        return {
            "ok": not problems,
            "problems": problems,
            "audit_rows": n_audit,
            "final_checks": len(finals),
            "masks": n_masks,
        }

    def backup(self, dest) -> Path:
        """Copy the database to ``dest`` with SQLite's online backup (safe while in use),
        and the managed files (masks) to ``<dest>.files``; never into the database's own
        folders (:func:`conservator.storage.backup.backup_database`)."""
        from conservator.storage.backup import backup_database

        return backup_database(self, dest)
