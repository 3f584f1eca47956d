"""Integrity: record hashes of final checks, ``verify`` and ``backup``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from conservator.errors import NotFoundError
from conservator.storage import audit, masks
from conservator.storage.session import (
    FINDING_COLUMNS,
    OBSERVATION_COLUMNS,
    REGION_COLUMNS,
    Session,
)

#: The record format new finalisations use (``condition_check.record_format``).
RECORD_FORMAT = 3

#: The item fields a record states (format 3 keeps them as they were at finalisation).
RECORD_ITEM_FIELDS = (
    "inventory_no",
    "title",
    "object_type",
    "date_text",
    "materials",
    "dimensions",
    "location",
)
#: The capture facts a record states.
RECORD_CAPTURE_FIELDS = (
    "id",
    "file_path",
    "sha256",
    "page",
    "format",
    "width_px",
    "height_px",
    "bit_depth",
    "dpi_x",
    "dpi_y",
    "px_per_mm",
    "illumination",
)


class Integrity(Session):
    """What the record hash covers, whole-database verification, backups."""

    def record_payload(self, check_id: int) -> dict:
        """What a check's ``record_hash`` covers: the check and all its recorded content.

        Excludes what legitimately changes after finalisation: the treatment's approval,
        later signatures (each carries the record hash as ``signed_hash``) and exports.

        Format 3 (checks finalised since schema 8) also covers who finalised it and when,
        the finalisation signature (name, role, time) and the *facts* the record states as
        they were at finalisation (``record_facts_json``, :meth:`record_facts`): the item's
        fields, the capture's resolution, size and scan SHA-256, the checker's name, the
        institution, the overall grade's code and the vocabulary terms (labels in every
        language, ordinal) of every code the record uses. Reports of a format-3 record print
        these facts, so editing the item or upgrading the vocabulary later leaves the record
        as it was signed.

        Format 2 (checks finalised under schema 6-7, and every draft) covers each finding's
        number, provenance, measurements and review (who, when, re-classified from) and a
        mask crop's offset. Format 1 (checks finalised before) is exactly what their hash was
        computed over. Each format's records keep verifying with their own format.
        """
        payloads = self._payloads("id = ?", (int(check_id),))
        if not payloads:
            raise NotFoundError(f"no condition check with id {check_id}", self.path)
        return payloads[int(check_id)]

    def _payloads(self, where: str, params=(), *, pending: dict | None = None) -> dict[int, dict]:
        """:meth:`record_payload` of every check matching ``where``, in a few queries.

        ``pending``: column values to use instead of the stored ones (the finalisation
        computes the hash of the record it is about to write).
        """
        sel = f"SELECT id FROM condition_check WHERE {where}"
        out: dict[int, dict] = {}
        fmt: dict[int, int] = {}
        for c in self._rows(f"SELECT * FROM condition_check WHERE {where} ORDER BY id", params):
            c.update(pending or {})
            fmt[c["id"]] = c.pop("record_format", None) or (1 if c["status"] == "final" else 2)
            facts = c.pop("record_facts_json", None)
            drop = ["status", "record_hash", "updated_at"]
            if fmt[c["id"]] < 3:
                drop += ["finalized_at", "finalized_by"]
            for k in drop:
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
            if fmt[c["id"]] >= 3:
                out[c["id"]]["facts"] = json.loads(facts) if facts else None
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

    def record_facts(self, check_id: int, *, signature: dict) -> dict:
        """What a format-3 record states beyond its own rows, as it is now (finalisation).

        ``signature`` is the finalisation signature (``name``, ``role``, ``signed_at``).
        ``vocab`` holds, for every code the record uses, the term as the report prints it:
        ``{scheme: {code: {"labels": {lang: label}, "ordinal", "aat"}}}``.
        """
        c = self._check(check_id)
        item = self._row(
            f"SELECT {', '.join(RECORD_ITEM_FIELDS)} FROM item WHERE id = ?", (c["item_id"],)
        )
        cap = None
        if c["capture_id"] is not None:
            cap = self._row(
                f"SELECT {', '.join(RECORD_CAPTURE_FIELDS)} FROM capture WHERE id = ?",
                (c["capture_id"],),
            )
        person = self._row("SELECT name FROM person WHERE id = ?", (c["checker_id"],))
        cid = int(check_id)
        used: dict[str, set] = {}

        def use(scheme, codes):
            used.setdefault(scheme, set()).update(x for x in codes if x not in (None, ""))

        grade = self.grade_code(c["overall_grade"])
        use("grade", [grade])
        for scheme, key in (
            ("priority", "priority_code"),
            ("reason", "reason_code"),
            ("method", "method_code"),
            ("completeness", "completeness_code"),
        ):
            use(scheme, [c[key]])
        q = self.conn.execute
        use(
            "damage",
            [r[0] for r in q("SELECT damage_code FROM observation WHERE check_id = ?", (cid,))],
        )
        use(
            "damage",
            [
                r[0]
                for r in q("SELECT reclassified_from FROM observation WHERE check_id = ?", (cid,))
            ],
        )
        use(
            "damage",
            [
                r[0]
                for r in q(
                    "SELECT m.damage_code FROM measurement m JOIN detector_run r "
                    "ON r.id = m.detector_run_id WHERE r.check_id = ?",
                    (cid,),
                )
            ],
        )
        use(
            "hazard", [r[0] for r in q("SELECT hazard_code FROM hazard WHERE check_id = ?", (cid,))]
        )
        use(
            "recommendation_kind",
            [r[0] for r in q("SELECT kind FROM recommendation WHERE check_id = ?", (cid,))],
        )
        for (codes,) in q(
            "SELECT treatment_codes_json FROM treatment_proposal WHERE check_id = ?", (cid,)
        ):
            use("treatment", json.loads(codes or "[]"))
        use("illumination", [cap["illumination"]] if cap else [])
        use("object_type", [item["object_type"]])
        vocab = {}
        for scheme in sorted(used):
            terms = self.vocab(scheme)
            vocab[scheme] = {
                code: (
                    {
                        "labels": terms[code]["labels"],
                        "ordinal": terms[code]["ordinal"],
                        "aat": terms[code]["aat"],
                    }
                    if code in terms
                    else None
                )
                for code in sorted(used[scheme], key=str)
            }
        return {
            "item": item,
            "capture": cap,
            "checker": person["name"] if person else None,
            "grade_code": grade,
            "institution": self.institution(),
            "signature": {
                "name": signature["name"],
                "role": signature.get("role"),
                "signed_at": signature["signed_at"],
            },
            "vocab": vocab,
        }

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
        record hash of every final check, recomputed in its record format, and every
        signature's ``signed_hash`` against it (format 3: the finalisation signature is the
        one the record states); the cross-checks of :mod:`conservator.storage.evidence`
        (triggers by name and definition, finalisations against the audit log, audited rows
        against their latest audit row, vocabulary labels against their files); and
        (``check_masks``) that every stored mask file exists and matches its SHA-256.

        Returns
        -------
        dict
            ``ok`` (bool), ``problems`` (list of one-line texts, the first is the first broken
            thing found), ``audit_rows``, ``final_checks``, ``masks``.
        """
        from conservator.storage import evidence

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
            if broken:
                problems.append(broken)
            problems += evidence.check_finalisations(self.conn)
        finals = self._rows(
            "SELECT id, ref_no, record_hash, finalized_by, finalized_at FROM condition_check "
            "WHERE status = 'final' ORDER BY id"
        )
        payloads = self._payloads("status = 'final'")
        signatures: dict[int, list] = {}
        for s in self._rows(
            "SELECT s.id, s.check_id, s.name, s.role, s.signed_at, s.signed_hash FROM signature s "
            "JOIN condition_check c ON c.id = s.check_id WHERE c.status = 'final' ORDER BY s.id"
        ):
            signatures.setdefault(s["check_id"], []).append(s)
        audited_sigs = {
            r["entity_id"]
            for r in self._rows(
                "SELECT entity_id FROM audit_log WHERE entity = 'signature' AND action = 'create'"
            )
        }
        for f in finals:
            what = f"condition_check row {f['id']} ({f['ref_no']})"
            payload = payloads[f["id"]]
            if self._hash_payload(payload) != f["record_hash"]:
                problems.append(
                    f"{what}: its content no longer matches the record hash stored when it was "
                    "finalised"
                )
            sigs = signatures.get(f["id"], [])
            if "facts" in payload:
                stated = (payload["facts"] or {}).get("signature")
                first = {k: sigs[0][k] for k in ("name", "role", "signed_at")} if sigs else None
                if first != stated:
                    problems.append(
                        f"{what}: its finalisation signature is not the one the record states "
                        "(signer, role or time changed, or the signature deleted)"
                    )
                for s in sigs:  # since format 3 every signature is audited
                    if str(s["id"]) not in audited_sigs:
                        problems.append(
                            f"signature row {s['id']} of {what}: no audit row records it "
                            "(added outside Conservator)"
                        )
            elif sigs and (sigs[0]["name"], sigs[0]["signed_at"]) != (
                f["finalized_by"],
                f["finalized_at"],
            ):  # formats 1-2: the finalisation signature is who finalised it, then
                problems.append(
                    f"{what}: its finalisation signature does not name who finalised it and when"
                )
            for s in sigs:
                if s["signed_hash"] != f["record_hash"]:
                    problems.append(
                        f"signature row {s['id']} of {what}: the hash it signed is not the "
                        "record hash"
                    )
        with self._tx.lock:
            problems += evidence.check_audited_state(self.conn)
            problems += evidence.check_vocabulary(self.conn)
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
        with self._tx.lock:
            problems += evidence.check_triggers(self.conn)
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
