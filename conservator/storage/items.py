"""Items (archival units, books, leaves, photographs), their parts, people, and search."""

from __future__ import annotations

import sqlite3

from conservator.errors import ConservatorError, NotFoundError
from conservator.storage import search
from conservator.storage.db import utc_now
from conservator.storage.session import _ITEM_FIELDS, Session


class Items(Session):
    """Items, parts, people and the institution; full-text search."""

    # ------------------------------------------------------------------ people
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
