"""The records store: items, captures, condition checks and everything that hangs off them.

:class:`Store` is the one API used by the CLI and the desktop application. Every method that
changes something runs in one ``BEGIN IMMEDIATE`` transaction together with its
``audit_log`` row; group several calls into one transaction with ``with store.transaction():``.
Methods return plain dicts and lists (JSON-ready), raise
:class:`~conservator.errors.ConservatorError` subclasses for anything a user can cause, and
are quick (milliseconds), so the GUI thread can call them directly. Long work (analysis) must
run elsewhere; :meth:`Store.record_analysis` then saves its result. One ``Store`` may be shared
between threads (a lock serialises them), but a worker thread should rather open its own with
:func:`conservator.storage.open_db`.

A finalised check never changes: the methods refuse with
:class:`~conservator.errors.RecordLockedError` and SQL triggers refuse raw SQL as well; a
correction is :meth:`Store.new_version`, a new draft that ``supersedes`` the old check.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from conservator.errors import (
    ConservatorError,
    NotFoundError,
    RecordLockedError,
    StorageError,
)
from conservator.jsonfile import plain
from conservator.storage import audit, masks, migrations, search, severity
from conservator.storage.db import TransactionManager, today, utc_now

if TYPE_CHECKING:
    import numpy as np

DAMAGE_CLASSES = ("foxing", "loss", "tear", "fading")
OBS_STATUSES = ("proposed", "accepted", "rejected")
RECOMMENDATION_KINDS = (
    "handling",
    "storage",
    "display",
    "environment",
    "packing",
    "security",
    "special",
    "salvage",
)
ILLUMINATIONS = ("normal", "raking", "uv", "transmitted", "ir")
REPORT_VOCAB_SCHEMES = (
    "damage",
    "grade",
    "priority",
    "reason",
    "method",
    "hazard",
    "recommendation_kind",
    "completeness",
    "illumination",
    "treatment",
    "object_type",
    "part_kind",
)

_ITEM_FIELDS = (
    "title",
    "object_type",
    "date_text",
    "materials",
    "dimensions",
    "location",
    "notes",
)
_CHECK_FIELDS = {
    "check_date",
    "reason_code",
    "method_code",
    "checker",
    "overall_grade",
    "grade",
    "priority_code",
    "completeness_code",
    "completeness_note",
    "environment_note",
    "next_check_date",
    "summary",
    "capture_id",
}
_CHECK_CODE_SCHEMES = {
    "reason_code": "reason",
    "method_code": "method",
    "priority_code": "priority",
    "completeness_code": "completeness",
}
_OBS_FIELDS = {"damage_code", "severity", "location", "note", "status", "item_part_id"}
_FROZEN_MSG = "condition check is final"


def _check_date(value, what: str) -> str | None:
    if value in (None, ""):
        return None
    text = str(value)
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        raise ConservatorError(f"{what} must be a date like 2026-11-29, not {text!r}") from None
    return text


class Store:
    """A records database opened by :func:`conservator.storage.open_db`.

    Attributes
    ----------
    path : Path
        The database file.
    files_dir : Path
        ``<db>.files``: masks and other files managed beside the database.
    db : sqlite_utils.Database
        The underlying connection (autocommit; use :meth:`transaction` to write).
    actor : str or None
        The default person recorded in the audit log when a method gets no ``actor``.
    """

    def __init__(self, path, db):
        self.path = Path(path)
        self.files_dir = masks.files_dir(self.path)
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.actor: str | None = None
        self._tx = TransactionManager(self.conn)
        self._vocab_cache: dict[str, dict] = {}

    # ------------------------------------------------------------------ plumbing
    def close(self) -> None:
        """Close the connection (the Store is unusable afterwards)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self):
        """Group several changes into one atomic transaction (re-entrant).

        Database errors are turned into one-line :class:`StorageError` /
        :class:`RecordLockedError` messages.
        """
        try:
            with self._tx():
                yield self
        except sqlite3.IntegrityError as exc:
            text = str(exc)
            if _FROZEN_MSG in text:
                raise RecordLockedError(
                    "this condition check is final and cannot change; create a new version",
                    self.path,
                ) from None
            raise StorageError(f"the change breaks a database rule: {text}", self.path) from None
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise StorageError(
                    "the records database stayed busy (another program is writing); try again",
                    self.path,
                ) from None
            raise StorageError(f"database error: {text}", self.path) from None
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"database error: {exc}", self.path) from None

    def _rows(self, sql: str, params=()) -> list[dict]:
        with self._tx.lock:
            cur = self.conn.execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r, strict=False)) for r in cur]

    def _row(self, sql: str, params=()) -> dict | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _insert(self, table: str, row: dict) -> int:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self.conn.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values())
        )
        return int(cur.lastrowid)

    def _update(self, table: str, row_id: int, changes: dict) -> None:
        if not changes:
            return
        sets = ", ".join(f"{k} = ?" for k in changes)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*changes.values(), row_id])

    def _audit(self, entity, entity_id, action, before=None, after=None, actor=None) -> None:
        audit.append(
            self.conn,
            actor=actor if actor is not None else self.actor,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=before,
            after=after,
        )

    def _get(self, table: str, row_id: int, what: str) -> dict:
        row = self._row(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        if row is None:
            raise NotFoundError(f"no {what} with id {row_id}", self.path)
        return row

    # ------------------------------------------------------------------ vocabulary
    def vocab(self, scheme: str) -> dict[str, dict]:
        """All terms of a vocabulary scheme.

        Returns
        -------
        dict
            ``{code: {"code", "aat", "ordinal", "labels": {lang: label},
            "definitions": {lang: text}, "review_status"}}`` in display order.
        """
        if scheme in self._vocab_cache:
            return self._vocab_cache[scheme]
        terms: dict[str, dict] = {}
        for r in self._rows(
            "SELECT v.code, v.aat_uri, v.ordinal, v.review_status, l.lang, l.label, l.definition "
            "FROM vocab v LEFT JOIN vocab_label l ON l.vocab_id = v.id WHERE v.scheme = ? "
            "ORDER BY v.sort, v.code",
            (scheme,),
        ):
            t = terms.setdefault(
                r["code"],
                {
                    "code": r["code"],
                    "aat": r["aat_uri"],
                    "ordinal": r["ordinal"],
                    "labels": {},
                    "definitions": {},
                    "review_status": r["review_status"],
                },
            )
            if r["lang"]:
                t["labels"][r["lang"]] = r["label"]
                if r["definition"]:
                    t["definitions"][r["lang"]] = r["definition"]
        self._vocab_cache[scheme] = terms
        return terms

    def label(self, scheme: str, code: str | None, lang: str = "en") -> str | None:
        """The label of ``code`` in ``lang`` (falls back to English, then the code)."""
        if code is None:
            return None
        t = self.vocab(scheme).get(code)
        if not t:
            return code
        return t["labels"].get(lang) or t["labels"].get("en") or code

    def _require_code(self, scheme: str, code: str | None, what: str) -> str | None:
        if code in (None, ""):
            return None
        if code not in self.vocab(scheme):
            known = ", ".join(list(self.vocab(scheme))[:40])
            raise ConservatorError(f"unknown {what} {code!r}; use one of: {known}")
        return code

    def grade_ordinal(self, grade) -> int | None:
        """``"poor"`` or ``3`` -> 3; ``None`` -> ``None``."""
        if grade in (None, ""):
            return None
        terms = self.vocab("grade")
        if isinstance(grade, str) and not grade.isdigit():
            key = grade.strip().lower()
            if key not in terms:
                raise ConservatorError(f"unknown grade {grade!r}; use one of: {', '.join(terms)}")
            return int(terms[key]["ordinal"])
        value = int(grade)
        if not 1 <= value <= 4:
            raise ConservatorError("the overall grade is 1 (good) to 4 (unacceptable)")
        return value

    def grade_code(self, ordinal: int | None) -> str | None:
        """3 -> ``"poor"``."""
        if ordinal is None:
            return None
        for code, t in self.vocab("grade").items():
            if t["ordinal"] == ordinal:
                return code
        return None

    # ------------------------------------------------------------------ people
    def set_institution(self, name: str, address: str | None = None, *, actor=None) -> int:
        """Set the institution named on reports (there is one per database). Returns its id."""
        with self.transaction():
            row = self._row("SELECT * FROM institution ORDER BY id LIMIT 1")
            if row:
                self._update("institution", row["id"], {"name": name, "address": address})
                self._audit(
                    "institution",
                    row["id"],
                    "update",
                    row,
                    {"name": name, "address": address},
                    actor,
                )
                return row["id"]
            iid = self._insert(
                "institution", {"name": name, "address": address, "created_at": utc_now()}
            )
            self._audit(
                "institution", iid, "create", None, {"name": name, "address": address}, actor
            )
            return iid

    def person_id(self, name: str, *, role: str | None = None, actor=None) -> int:
        """The id of the person called ``name``, created when new."""
        name = (name or "").strip()
        if not name:
            raise ConservatorError("a person's name is required")
        with self.transaction():
            row = self._row("SELECT id FROM person WHERE name = ?", (name,))
            if row:
                return row["id"]
            pid = self._insert("person", {"name": name, "role": role, "created_at": utc_now()})
            self._audit("person", pid, "create", None, {"name": name, "role": role}, actor)
            return pid

    # ------------------------------------------------------------------ items
    def _item_row(self, inventory_no: str) -> dict:
        row = self._row("SELECT * FROM item WHERE inventory_no = ?", (inventory_no,))
        if row is None:
            row = self._row(
                "SELECT * FROM item WHERE inventory_no = ?", ((inventory_no or "").strip(),)
            )
        if row is None:
            raise NotFoundError(
                f"no item with inventory number {inventory_no!r}; add it with 'items add'",
                self.path,
            )
        return row

    def add_item(
        self,
        inventory_no: str,
        title: str = "",
        *,
        object_type: str | None = None,
        date_text: str | None = None,
        materials: str | None = None,
        dimensions: str | None = None,
        location: str | None = None,
        notes: str | None = None,
        actor: str | None = None,
    ) -> dict:
        """Add an item (an archival unit, book, leaf, photograph...).

        Parameters
        ----------
        inventory_no : str
            The institution's unique inventory number (surrounding spaces are removed; the
            rest is stored literally).
        title, object_type, date_text, materials, dimensions, location, notes : str
            Stored literally. ``object_type`` is free text; the ``object_type`` vocabulary
            offers codes for the usual ones.

        Returns
        -------
        dict
            The new item (as :meth:`get_item`).
        """
        inv = (inventory_no or "").strip()
        if not inv:
            raise ConservatorError("an inventory number is required")
        now = utc_now()
        row = {
            "inventory_no": inv,
            "title": title or "",
            "object_type": object_type,
            "date_text": date_text,
            "materials": materials,
            "dimensions": dimensions,
            "location": location,
            "notes": notes,
            "created_at": now,
            "updated_at": now,
        }
        with self.transaction():
            if self._row("SELECT id FROM item WHERE inventory_no = ?", (inv,)):
                raise ConservatorError(f"an item with inventory number {inv!r} already exists")
            iid = self._insert("item", row)
            search.index(
                self.conn, "item", iid, iid, *(row[k] for k in ("inventory_no", *_ITEM_FIELDS))
            )
            self._audit("item", iid, "create", None, row, actor)
        return self.get_item(inv)

    def update_item(self, inventory_no: str, *, actor: str | None = None, **fields) -> dict:
        """Change an item's descriptive fields (any of ``title``, ``object_type``,
        ``date_text``, ``materials``, ``dimensions``, ``location``, ``notes``)."""
        bad = set(fields) - set(_ITEM_FIELDS)
        if bad:
            raise ConservatorError(f"items have no field {sorted(bad)[0]!r}")
        with self.transaction():
            before = self._item_row(inventory_no)
            changes = {k: v for k, v in fields.items() if before.get(k) != v}
            if not changes:
                return self.get_item(before["inventory_no"])
            changes["updated_at"] = utc_now()
            self._update("item", before["id"], changes)
            after = {**before, **changes}
            search.index(
                self.conn,
                "item",
                before["id"],
                before["id"],
                *(after[k] for k in ("inventory_no", *_ITEM_FIELDS)),
            )
            self._audit("item", before["id"], "update", before, after, actor)
        return self.get_item(before["inventory_no"])

    def get_item(self, inventory_no: str) -> dict:
        """One item with its parts, captures and checks (newest first)."""
        item = self._item_row(inventory_no)
        item["parts"] = self._rows(
            "SELECT id, label, kind FROM item_part WHERE item_id = ? ORDER BY id", (item["id"],)
        )
        item["captures"] = self._rows(
            "SELECT id, file_path, sha256, page, width_px, height_px, px_per_mm, illumination, "
            "item_part_id, created_at FROM capture WHERE item_id = ? ORDER BY id",
            (item["id"],),
        )
        item["checks"] = self.list_checks(item["inventory_no"])
        return item

    def list_items(
        self,
        *,
        query: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        order: str = "inventory_no",
    ) -> list[dict]:
        """Items, each with its number of checks and its latest check.

        Parameters
        ----------
        query : str, optional
            Full-text search (as :meth:`search`); then the best matches come first.
        limit, offset : int, optional
            Paging.
        order : {"inventory_no", "activity"}
            By inventory number, or most recently checked/created first.

        Returns
        -------
        list of dict
            Keys: ``id``, ``inventory_no``, ``title``, ``object_type``, ``date_text``,
            ``location``, ``check_count`` (also as ``checks``), ``last_check_id``,
            ``last_check_date``, ``last_grade`` (1-4), ``last_grade_code``, ``last_status``.
        """
        sql = (
            "SELECT i.id, i.inventory_no, i.title, i.object_type, i.date_text, i.location, "
            "i.check_count, i.last_check_id, lc.check_date AS last_check_date, "
            "lc.overall_grade AS last_grade, lc.status AS last_status "
            "FROM item i LEFT JOIN condition_check lc ON lc.id = i.last_check_id "
        )
        params: list = []
        ranked: list[int] | None = None
        if query and query.strip():
            ranked = [r["item_id"] for r in self._search_hits(query, limit=limit or 1000)]
            if not ranked:
                return []
            sql += f"WHERE i.id IN ({','.join('?' * len(ranked))}) "
            params += ranked
        if order == "activity":
            sql += "ORDER BY COALESCE(lc.check_date, substr(i.updated_at, 1, 10)) DESC, i.id DESC"
        else:
            sql += "ORDER BY i.inventory_no"
        if limit is not None and ranked is None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        rows = self._rows(sql, params)
        if ranked is not None:
            pos = {iid: n for n, iid in enumerate(ranked)}
            rows.sort(key=lambda r: pos[r["id"]])
        codes = {t["ordinal"]: c for c, t in self.vocab("grade").items()}
        for r in rows:
            r["last_grade_code"] = codes.get(r["last_grade"])
            r["checks"] = r["check_count"]
        return rows

    def item_checks(self, item_id: int) -> list[dict]:
        """The checks of the item with this id, newest first (as :meth:`list_checks`)."""
        return self.list_checks(item_id=int(item_id))

    def _search_hits(self, text: str, *, limit: int = 100) -> list[dict]:
        q = search.fts_query(text)
        if q is None:
            return []
        try:
            hits = self._rows(search.SEARCH_SQL, (q, int(limit) * 5))
        except sqlite3.OperationalError as exc:
            raise ConservatorError(f"cannot search for {text!r}: {exc}") from None
        order: dict[int, dict] = {}
        for h in hits:
            iid = int(h["item_id"])
            if iid not in order:
                if len(order) >= limit:
                    continue
                order[iid] = {"item_id": iid, "matches": []}
            order[iid]["matches"].append(
                {"entity": h["entity"], "entity_id": int(h["entity_id"]), "snippet": h["snippet"]}
            )
        return list(order.values())

    def search(self, text: str, *, limit: int = 100) -> list[dict]:
        """Full-text search over items, check summaries and observation notes.

        Works for Russian, Kazakh, Persian and English (see :mod:`conservator.storage.search`).

        Returns
        -------
        list of dict
            Matching items (``inventory_no``, ``title``, ``object_type``, ``location``),
            best first, each with ``matches``: ``[{"entity", "entity_id", "snippet"}]``
            (the snippet is the normalised indexed text, the match in ``[ ]``).
        """
        out = []
        for hit in self._search_hits(text, limit=limit):
            row = self._row(
                "SELECT inventory_no, title, object_type, location FROM item WHERE id = ?",
                (hit["item_id"],),
            )
            if row:
                out.append({**row, "matches": hit["matches"]})
        return out

    def add_part(
        self, inventory_no: str, label: str, kind: str | None = None, *, actor=None
    ) -> int:
        """Add a part of an item (recto, verso, leaf 12r, front board...). Returns its id."""
        kind = self._require_code("part_kind", kind, "part kind")
        with self.transaction():
            item = self._item_row(inventory_no)
            pid = self._insert("item_part", {"item_id": item["id"], "label": label, "kind": kind})
            self._audit(
                "item_part",
                pid,
                "create",
                None,
                {"item_id": item["id"], "label": label, "kind": kind},
                actor,
            )
        return pid

    # ------------------------------------------------------------------ captures
    def add_capture(
        self,
        inventory_no: str,
        *,
        file_path: str,
        sha256: str,
        width_px: int | None = None,
        height_px: int | None = None,
        dpi: tuple[float, float] | None = None,
        px_per_mm: float | None = None,
        illumination: str = "normal",
        page: int = 0,
        format: str | None = None,
        bit_depth: int | None = None,
        icc_profile: str | None = None,
        part_id: int | None = None,
        device: str | None = None,
        captured_at: str | None = None,
        captured_by: str | None = None,
        actor: str | None = None,
    ) -> int:
        """Record a capture (scan or photograph) of an item. Returns its id.

        ``px_per_mm`` defaults to the mean of ``dpi`` / 25.4.
        """
        if illumination not in ILLUMINATIONS:
            raise ConservatorError(
                f"unknown illumination {illumination!r}; use one of: {', '.join(ILLUMINATIONS)}"
            )
        if px_per_mm is None and dpi:
            px_per_mm = (float(dpi[0]) + float(dpi[1])) / 2 / 25.4
        with self.transaction():
            item = self._item_row(inventory_no)
            row = {
                "item_id": item["id"],
                "item_part_id": part_id,
                "file_path": str(file_path),
                "sha256": sha256,
                "page": int(page),
                "format": format,
                "width_px": width_px,
                "height_px": height_px,
                "bit_depth": bit_depth,
                "dpi_x": float(dpi[0]) if dpi else None,
                "dpi_y": float(dpi[1]) if dpi else None,
                "px_per_mm": px_per_mm,
                "illumination": illumination,
                "icc_profile": icc_profile,
                "device": device,
                "captured_at": captured_at,
                "captured_by": captured_by,
                "created_at": utc_now(),
            }
            cid = self._insert("capture", row)
            self._audit("capture", cid, "create", None, row, actor)
        return cid

    def add_capture_from_scan(
        self, inventory_no: str, scan, *, illumination: str = "normal", part_id=None, actor=None
    ) -> int:
        """Record a loaded :class:`~conservator.model.image.ScanImage` as a capture."""
        return self.add_capture(
            inventory_no,
            file_path=os.path.abspath(scan.path),
            sha256=scan.sha256,
            width_px=scan.width,
            height_px=scan.height,
            dpi=scan.dpi,
            illumination=illumination,
            page=scan.page,
            format=scan.format,
            bit_depth=scan.bit_depth,
            icc_profile=scan.icc_description,
            part_id=part_id,
            actor=actor,
        )

    def find_capture(
        self, inventory_no: str, sha256: str, *, page: int = 0, illumination: str = "normal"
    ) -> int | None:
        """The newest capture of this item with this file hash, page and lighting, if any."""
        item = self._item_row(inventory_no)
        row = self._row(
            "SELECT id FROM capture WHERE item_id = ? AND sha256 = ? AND page = ? "
            "AND illumination = ? ORDER BY id DESC LIMIT 1",
            (item["id"], sha256, int(page), illumination),
        )
        return row["id"] if row else None

    def get_capture(self, capture_id: int) -> dict:
        """One capture row."""
        return self._get("capture", capture_id, "capture")

    # ------------------------------------------------------------------ checks
    def _check(self, check_id: int) -> dict:
        return self._get("condition_check", int(check_id), "condition check")

    def check_id_of(self, ref) -> int:
        """Resolve a check given by id (``12``, ``"12"``) or reference number (``"CC-2026-000012"``)."""
        text = str(ref).strip()
        if text.isdigit():
            return self._check(int(text))["id"]
        row = self._row("SELECT id FROM condition_check WHERE ref_no = ?", (text,))
        if row is None:
            raise NotFoundError(f"no condition check {text!r}", self.path)
        return row["id"]

    def _require_draft(self, check_id: int) -> dict:
        row = self._check(check_id)
        if row["status"] == "final":
            raise RecordLockedError(
                f"condition check {row['id']} ({row['ref_no']}) is final and cannot change; "
                "create a new version to correct it",
                self.path,
            )
        return row

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
        ``grade_code``, ``capture``, ``observations`` (each with ``damage_code``,
        ``severity``, ``area_mm2``, ``area_px``, ``pct_of_leaf``, ``source``, ``status``,
        ``regions``), ``measurements`` (per class), ``detector_runs``, ``hazards``,
        ``recommendations``, ``treatment``, ``signatures``, ``exports``, ``superseded_by``.
        """
        c = self._check(check_id)
        cid = c["id"]
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

    def record_payload(self, check_id: int) -> dict:
        """What a check's ``record_hash`` covers: the check and all its recorded content.

        Excludes what legitimately changes after finalisation: status, finalisation fields,
        signatures, exports and the treatment's approval.
        """
        payloads = self._payloads("id = ?", (int(check_id),))
        if not payloads:
            raise NotFoundError(f"no condition check with id {check_id}", self.path)
        return payloads[int(check_id)]

    def _payloads(self, where: str, params=()) -> dict[int, dict]:
        """:meth:`record_payload` of every check matching ``where``, in a few queries."""
        sel = f"SELECT id FROM condition_check WHERE {where}"
        out: dict[int, dict] = {}
        for c in self._rows(f"SELECT * FROM condition_check WHERE {where} ORDER BY id", params):
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
        for r in self._rows(
            "SELECT r.id, r.observation_id, r.capture_id, r.selector_type, r.selector_value, "
            "r.points_json, r.mask_path, r.mask_sha256, r.bbox_json, r.area_px, r.area_mm2, "
            "r.pct_of_leaf, r.source FROM region r JOIN observation o ON o.id = r.observation_id "
            f"WHERE o.check_id IN ({sel}) ORDER BY r.id",
            params,
        ):
            r["bbox"] = json.loads(r.pop("bbox_json") or "null")
            r["points"] = json.loads(r.pop("points_json") or "null")
            regions.setdefault(r["observation_id"], []).append(r)
        for o in self._rows(
            "SELECT id, check_id, item_part_id, damage_code, severity, location, note, source, "
            "status, area_px, area_mm2, pct_of_leaf, measurement_id, first_seen_check_id, "
            f"resolved_check_id, created_at FROM observation WHERE check_id IN ({sel}) "
            "ORDER BY id",
            params,
        ):
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

    def finalize_check(self, check_id: int, by: str, *, role: str = "checker") -> dict:
        """Finalise a draft check: freeze it, store its record hash, sign it as ``by``.

        The check needs an overall grade; a *poor* or *unacceptable* grade needs at least
        one observation that is not rejected (Wellcome: the damage type is mandatory).

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
            rhash = self.record_hash(before["id"])
            now = utc_now()
            changes = {
                "status": "final",
                "finalized_at": now,
                "finalized_by": by,
                "record_hash": rhash,
                "updated_at": now,
            }
            self._update("condition_check", before["id"], changes)
            self._insert(
                "signature",
                {
                    "check_id": before["id"],
                    "name": by,
                    "role": role,
                    "signed_at": now,
                    "signed_hash": rhash,
                },
            )
            self._audit(
                "condition_check", before["id"], "finalize", before, {**before, **changes}, by
            )
        return self.get_check(check_id)

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
            area = _polygon_area(points)
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            bbox = [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]
            stype = "svg"
            svalue = svg_polygon(points)
        elif xywh is not None:
            x, y, w, h = (float(v) for v in xywh)
            if w <= 0 or h <= 0:
                raise ConservatorError("a rectangle needs a positive width and height")
            bbox, area, stype = [x, y, w, h], w * h, "xywh"
            svalue = "xywh=" + ",".join(_num(v) for v in bbox)
        else:
            mask_rel, mask_sha, area = masks.write_mask(self.files_dir, mask)
            bbox = _mask_bbox(mask)
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
            name: _mask_bbox(m) for name, m in (getattr(result, "masks", None) or {}).items()
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
                    "values_json": audit.canonical_json(_jsonable({**meas, **_status(det)})),
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
                            "selector_value": "xywh=" + ",".join(_num(v) for v in bbox),
                            "bbox_json": json.dumps([_plain(v) for v in bbox]),
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

    # ------------------------------------------------------------------ reports and exports
    def mask_abspath(self, rel: str | None) -> str | None:
        """Absolute path of a mask stored beside the database."""
        return str((self.files_dir / rel).resolve()) if rel else None

    def report_data(self, check_id: int) -> dict:
        """Everything a condition report needs, JSON-ready (docs/interfaces.md "Records")."""
        c = self.get_check(check_id)
        inst = self._row("SELECT name, address FROM institution ORDER BY id LIMIT 1")
        item = self._item_row(c["inventory_no"])
        cap = c["capture"]
        measurements = {}
        mask_paths = {}
        for code, m in c["measurements"].items():
            vals = {k: v for k, v in m.items() if k not in ("mask_path", "mask_sha256")}
            measurements[code] = vals
            if m.get("mask_path"):
                mask_paths[code] = self.mask_abspath(m["mask_path"])
        observations = []
        for o in c["observations"]:
            observations.append(
                {
                    "id": o["id"],
                    "damage_code": o["damage_code"],
                    "severity": o["severity"],
                    "location": o["location"],
                    "note": o["note"],
                    "source": o["source"],
                    "area_mm2": o["area_mm2"],
                    "area_px": o["area_px"],
                    "pct_of_leaf": o["pct_of_leaf"],
                    "status": o["status"],
                    "first_seen_check_id": o["first_seen_check_id"],
                    "resolved": o["resolved_check_id"] is not None,
                    "regions": [
                        {
                            "selector_type": r["selector_type"],
                            "selector_value": r["selector_value"],
                            "bbox": r["bbox"],
                            "area_px": r["area_px"],
                            "area_mm2": r["area_mm2"],
                            "points": r["points"],
                            "mask_path": self.mask_abspath(r["mask_path"]),
                        }
                        for r in o["regions"]
                    ],
                }
            )
        t = c["treatment"]
        vocab = {}
        for scheme in REPORT_VOCAB_SCHEMES:
            vocab[scheme] = {
                code: {**term["labels"], "aat": term["aat"], "ordinal": term["ordinal"]}
                for code, term in self.vocab(scheme).items()
            }
        return {
            "institution": {"name": inst["name"], "address": inst["address"]} if inst else None,
            "item": {
                "inventory_no": item["inventory_no"],
                "title": item["title"],
                "object_type": item["object_type"],
                "date_text": item["date_text"],
                "materials": item["materials"],
                "dimensions": item["dimensions"],
                "location": item["location"],
            },
            "check": {
                "id": c["id"],
                "ref_no": c["ref_no"],
                "check_date": c["check_date"],
                "reason_code": c["reason_code"],
                "method_code": c["method_code"],
                "checker": c["checker"],
                "overall_grade": c["overall_grade"],
                "grade_code": c["grade_code"],
                "grade_source": c["grade_source"],
                "priority_code": c["priority_code"],
                "completeness_code": c["completeness_code"],
                "completeness_note": c["completeness_note"],
                "environment_note": c["environment_note"],
                "next_check_date": c["next_check_date"],
                "summary": c["summary"],
                "status": c["status"],
                "supersedes": c["supersedes"],
                "supersedes_ref": c["supersedes_ref"],
                "superseded_by": c["superseded_by"],
                "finalized_at": c["finalized_at"],
                "finalized_by": c["finalized_by"],
                "record_hash": c["record_hash"],
            },
            "capture": (
                {
                    "file_path": cap["file_path"],
                    "sha256": cap["sha256"],
                    "width_px": cap["width_px"],
                    "height_px": cap["height_px"],
                    "px_per_mm": cap["px_per_mm"],
                    "illumination": cap["illumination"],
                    "page": cap["page"],
                }
                if cap
                else None
            ),
            "observations": observations,
            "measurements": measurements,
            "masks": mask_paths,
            "hazards": [
                {"hazard_code": h["hazard_code"], "note": h["note"], "date": h["date"]}
                for h in c["hazards"]
            ],
            "recommendations": [
                {"kind": r["kind"], "text": r["text"], "code": r["code"]}
                for r in c["recommendations"]
            ],
            "treatment": (
                {
                    "text": t["text"],
                    "status": t["status"],
                    "proposed_by": t["proposed_by"],
                    "approved_by": t["approved_by"],
                    "approved_at": t["approved_at"],
                    "treatment_codes": t["treatment_codes"],
                    "materials": t["materials"],
                    "est_hours": t["est_hours"],
                }
                if t
                else None
            ),
            "signatures": [
                {"name": s["name"], "role": s["role"], "signed_at": s["signed_at"]}
                for s in c["signatures"]
            ],
            "vocab": vocab,
        }

    def record_export(
        self,
        check_id: int,
        path,
        *,
        format: str,
        lang: str | None = None,
        second_lang: str | None = None,
        actor: str | None = None,
    ) -> int:
        """Record that a report/export file was written (its SHA-256), with an audit row."""
        path = Path(path)
        with self.transaction():
            check = self._check(check_id)
            row = {
                "check_id": check["id"],
                "format": format,
                "lang": lang,
                "second_lang": second_lang,
                "path": str(path.resolve()),
                "sha256": masks.sha256_file(path),
                "created_at": utc_now(),
                "created_by": actor if actor is not None else self.actor,
            }
            eid = self._insert("report_export", row)
            self._audit("report_export", eid, "create", None, row, actor)
        return eid

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
        and copy the managed files (masks) to ``<dest>.files``."""
        dest = Path(dest)
        if dest.resolve() == self.path.resolve():
            raise ConservatorError("the backup must not overwrite the database itself", dest)
        if dest.is_dir():
            dest = dest / self.path.name
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            with self._tx.lock:
                migrations.backup_file(self.conn, dest)
            if self.files_dir.is_dir():
                target = masks.files_dir(dest)
                for src in self.files_dir.rglob("*"):
                    if src.is_file() and not src.name.endswith(".part"):
                        out = target / src.relative_to(self.files_dir)
                        if not out.exists():
                            out.parent.mkdir(parents=True, exist_ok=True)
                            tmp = out.with_name(f".{out.name}.part")
                            shutil.copyfile(src, tmp)
                            os.replace(tmp, out)
        except OSError as exc:
            raise StorageError(f"cannot write the backup: {exc.strerror}", dest) from None
        except sqlite3.Error as exc:
            raise StorageError(f"cannot write the backup: {exc}", dest) from None
        return dest


# ---------------------------------------------------------------------- helpers
def _polygon_area(points) -> float:
    a = 0.0
    n = len(points)
    for i in range(n):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % n]
        a += x1 * y2 - x2 * y1
    return abs(a) / 2.0


def _num(v) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:.2f}"


def _plain(v):
    f = float(v)
    return int(f) if f.is_integer() else f


def svg_polygon(points) -> str:
    """An SVG document holding one polygon, as used by W3C ``SvgSelector``."""
    pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
    return f"<svg xmlns='http://www.w3.org/2000/svg'><polygon points='{pts}'/></svg>"


def _mask_bbox(mask) -> list[int] | None:
    if mask is None:
        return None
    import cv2
    import numpy as np

    m = np.asarray(mask)
    m8 = m.view(np.uint8) if m.dtype == bool else (m != 0).astype(np.uint8)
    x, y, w, h = cv2.boundingRect(m8)
    return None if w == 0 or h == 0 else [int(x), int(y), int(w), int(h)]


def _status(det: dict) -> dict:
    """A class's measured / not measured status (and why), kept with its measurements."""
    if "status" not in det:
        return {}
    out = {"status": det["status"]}
    for key in ("reason", "reason_code", "method"):
        if det.get(key):
            out[key] = det[key]
    return out


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    return plain(obj)
