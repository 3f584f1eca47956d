"""Full-text search (SQLite FTS5) that works for Russian, Kazakh, Persian and English.

Text is normalised the same way when it is indexed and when it is searched: Unicode NFKC,
Arabic diacritics (harakat) and tatweel removed, Arabic ``ي``/``ك``/``ى`` mapped
to Persian ``ی``/``ک`` (keyboards differ), and the zero-width non-joiner (common inside Persian
words such as ``لکه‌ها``) replaced by a space. FTS5's ``unicode61`` tokenizer then splits on
anything that is not a letter or digit and folds case, which handles Cyrillic (including the Kazakh letters
ә ғ қ ң ө ұ ү һ і) and Persian script. Every search word is a prefix query, so ``надрыв``
also finds ``надрывы`` and ``қағаз`` finds ``қағаздың``.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata

_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_MAP = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u200c": " "})
_WORD = re.compile(r"\w+", re.UNICODE)

TOKENIZER = "unicode61 remove_diacritics 2"


def normalize(text: str | None) -> str:
    """Normalise ``text`` for indexing and searching (see the module docstring)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = _ARABIC_MARKS.sub("", text).translate(_MAP)
    return text


SEARCH_SQL = (
    "SELECT d.entity, d.entity_id, d.item_id, "
    "snippet(search_fts, 0, '[', ']', '…', 12) AS snippet "
    "FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid "
    "WHERE search_fts MATCH ? ORDER BY rank LIMIT ?"
)


def fts_query(text: str) -> str | None:
    """Turn what a person typed into a safe FTS5 query: every word quoted, as a prefix.

    Returns ``None`` when ``text`` has no searchable word. FTS5 operators typed by the user
    (``AND``, ``NEAR``, ``*``, quotes) are treated as plain words, never as syntax.
    """
    words = _WORD.findall(normalize(text))
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def index(conn: sqlite3.Connection, entity: str, entity_id: int, item_id: int, *texts) -> None:
    """(Re)index one record's text; call inside the transaction that changed it.

    ``search_doc`` maps (entity, entity_id) to the FTS rowid, so that re-indexing is an index
    lookup, not a scan of the FTS table.
    """
    key = (entity, str(entity_id))
    row = conn.execute(
        "SELECT id FROM search_doc WHERE entity = ? AND entity_id = ?", key
    ).fetchone()
    body = " \n".join(normalize(t) for t in texts if t)
    if row:
        conn.execute("DELETE FROM search_fts WHERE rowid = ?", (row[0],))
        if not body.strip():
            conn.execute("DELETE FROM search_doc WHERE id = ?", (row[0],))
            return
        doc_id = row[0]
    else:
        if not body.strip():
            return
        doc_id = conn.execute(
            "INSERT INTO search_doc (entity, entity_id, item_id) VALUES (?, ?, ?)",
            (*key, int(item_id)),
        ).lastrowid
    conn.execute("INSERT INTO search_fts (rowid, body) VALUES (?, ?)", (doc_id, body))


def unindex(conn: sqlite3.Connection, entity: str, entity_id: int) -> None:
    """Remove one record from the index."""
    index(conn, entity, entity_id, 0)


def index_check(conn: sqlite3.Connection, check_id: int) -> None:
    """(Re)index a check's own text: summary, notes, hazard notes, recommendations, treatment."""
    row = conn.execute(
        "SELECT item_id, summary, completeness_note, environment_note FROM condition_check "
        "WHERE id = ?",
        (check_id,),
    ).fetchone()
    if row is None:
        unindex(conn, "check", check_id)
        return
    texts = list(row[1:])
    for sql in (
        "SELECT note FROM hazard WHERE check_id = ?",
        "SELECT text FROM recommendation WHERE check_id = ?",
        "SELECT text FROM treatment_proposal WHERE check_id = ?",
    ):
        texts += [r[0] for r in conn.execute(sql, (check_id,))]
    index(conn, "check", check_id, row[0], *texts)


def reindex_all(conn: sqlite3.Connection) -> None:
    """Rebuild the whole index from the tables (used by the migration that creates it)."""
    conn.execute("DELETE FROM search_fts")
    conn.execute("DELETE FROM search_doc")
    for row in conn.execute(
        "SELECT id, inventory_no, title, object_type, date_text, materials, dimensions, "
        "location, notes FROM item"
    ).fetchall():
        index(conn, "item", row[0], row[0], *row[1:])
    for (cid,) in conn.execute("SELECT id FROM condition_check").fetchall():
        index_check(conn, cid)
    for oid, iid, note, loc in conn.execute(
        "SELECT o.id, c.item_id, o.note, o.location FROM observation o "
        "JOIN condition_check c ON c.id = o.check_id"
    ).fetchall():
        index(conn, "observation", oid, iid, note, loc)
