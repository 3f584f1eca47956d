"""Full-text search (SQLite FTS5) that works for Russian, Kazakh, Persian and English.

Text is normalised the same way when it is indexed and when it is searched: Unicode NFKC,
Arabic diacritics (harakat) and tatweel removed, Arabic ``ي``/``ك``/``ى`` mapped
to Persian ``ی``/``ک`` (keyboards differ), and the zero-width non-joiner (common inside Persian
words such as ``لکه‌ها``) replaced by a space. FTS5's ``unicode61`` tokenizer then splits on
anything that is not a letter or digit, which handles Cyrillic (including the Kazakh letters
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
    """(Re)index one record's text; call inside the transaction that changed it."""
    conn.execute(
        "DELETE FROM search_fts WHERE entity = ? AND entity_id = ?", (entity, str(entity_id))
    )
    body = " \n".join(normalize(t) for t in texts if t)
    if body.strip():
        conn.execute(
            "INSERT INTO search_fts (entity, entity_id, item_id, body) VALUES (?, ?, ?, ?)",
            (entity, str(entity_id), str(item_id), body),
        )


def unindex(conn: sqlite3.Connection, entity: str, entity_id: int) -> None:
    """Remove one record from the index."""
    conn.execute(
        "DELETE FROM search_fts WHERE entity = ? AND entity_id = ?", (entity, str(entity_id))
    )


def reindex_all(conn: sqlite3.Connection) -> None:
    """Rebuild the whole index from the tables (used by the migration that creates it)."""
    conn.execute("DELETE FROM search_fts")
    for row in conn.execute(
        "SELECT id, inventory_no, title, object_type, date_text, materials, dimensions, "
        "location, notes FROM item"
    ).fetchall():
        index(conn, "item", row[0], row[0], *row[1:])
    for cid, iid, summary, cnote in conn.execute(
        "SELECT id, item_id, summary, completeness_note FROM condition_check"
    ).fetchall():
        index(conn, "check", cid, iid, summary, cnote)
    for oid, iid, note, loc in conn.execute(
        "SELECT o.id, c.item_id, o.note, o.location FROM observation o "
        "JOIN condition_check c ON c.id = o.check_id"
    ).fetchall():
        index(conn, "observation", oid, iid, note, loc)
