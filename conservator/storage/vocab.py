"""Controlled vocabularies: loaded from ``resources/vocab/*.json`` into ``vocab``/``vocab_label``.

The files are the source of truth. On opening, the database compares a hash of the files with
the one it stored last time and, when they differ, upserts every term and label in one
transaction. Codes are never deleted (old records keep pointing at them).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from conservator.errors import StorageError
from conservator.resources import resource_path

LANGS = ("en", "ru", "kk", "fa")
AAT_PREFIX = "http://vocab.getty.edu/aat/"


def vocab_dir() -> Path:
    """The folder holding the vocabulary JSON files."""
    return resource_path("vocab")


def load_files(folder: str | Path | None = None) -> tuple[list[dict], str]:
    """Read every ``*.json`` vocabulary file.

    Returns
    -------
    (list of dict, str)
        The parsed files (each with ``scheme`` and ``terms``) sorted by scheme, and a SHA-256
        over their bytes.

    Raises
    ------
    StorageError
        The folder is missing or a file is not valid JSON.
    """
    folder = Path(folder) if folder else vocab_dir()
    files = sorted(folder.glob("*.json"))
    if not files:
        raise StorageError("the vocabulary files are missing; reinstall Conservator", folder)
    h = hashlib.sha256()
    out = []
    for f in files:
        raw = f.read_bytes()
        h.update(f.name.encode() + b"\0" + raw)
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StorageError(f"vocabulary file is broken: {exc}", f) from None
        if "scheme" not in data or "terms" not in data:
            raise StorageError("vocabulary file lacks 'scheme' or 'terms'", f)
        out.append(data)
    return out, h.hexdigest()


def aat_uri(aat_id: str | None) -> str | None:
    """``"300078853"`` -> ``"http://vocab.getty.edu/aat/300078853"``."""
    if not aat_id:
        return None
    aat_id = str(aat_id)
    return aat_id if aat_id.startswith("http") else AAT_PREFIX + aat_id


def sync(conn: sqlite3.Connection, *, force: bool = False) -> bool:
    """Load the vocabulary files into the database when they changed.

    Call outside any transaction; it opens its own. Returns whether anything was written.
    """
    files, digest = load_files()
    row = conn.execute("SELECT value FROM app_meta WHERE key = 'vocab_sha256'").fetchone()
    if row and row[0] == digest and not force:
        return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        for data in files:
            scheme = data["scheme"]
            default_review = data.get("review_status")
            for sort, term in enumerate(data["terms"]):
                extra = {k: v for k, v in term.items() if k not in _TERM_KEYS}
                conn.execute(
                    "INSERT INTO vocab (scheme, code, aat_uri, ordinal, sort, review_status, "
                    "extra_json) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scheme, code) DO "
                    "UPDATE SET aat_uri = excluded.aat_uri, ordinal = excluded.ordinal, "
                    "sort = excluded.sort, review_status = excluded.review_status, "
                    "extra_json = excluded.extra_json",
                    (
                        scheme,
                        term["code"],
                        aat_uri(term.get("aat")),
                        term.get("ordinal"),
                        sort,
                        term.get("review_status", default_review),
                        json.dumps(extra, ensure_ascii=False) if extra else None,
                    ),
                )
                vid = conn.execute(
                    "SELECT id FROM vocab WHERE scheme = ? AND code = ?", (scheme, term["code"])
                ).fetchone()[0]
                definitions = term.get("definition") or {}
                for lang, label in (term.get("labels") or {}).items():
                    conn.execute(
                        "INSERT INTO vocab_label (vocab_id, lang, label, definition, "
                        "review_status) VALUES (?, ?, ?, ?, ?) ON CONFLICT (vocab_id, lang) DO "
                        "UPDATE SET label = excluded.label, definition = excluded.definition, "
                        "review_status = excluded.review_status",
                        (
                            vid,
                            lang,
                            label,
                            definitions.get(lang),
                            term.get("review_status", default_review),
                        ),
                    )
        conn.execute(
            "INSERT INTO app_meta (key, value) VALUES ('vocab_sha256', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (digest,),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


_TERM_KEYS = {"code", "aat", "ordinal", "labels", "definition", "review_status"}


#: The damage vocabulary grouped by how the damage arises (the grouping of condition-survey
#: forms: physical, chemical, biological, then surface and past interventions), in the order an
#: annotation chooser lists them. A code of ``damage.json`` in no group is listed under "other".
DAMAGE_GROUPS: dict[str, tuple[str, ...]] = {
    "physical": (
        "loss",
        "tear",
        "crease",
        "fold",
        "cockling",
        "distortion",
        "bowing",
        "crack",
        "splitting",
        "detached",
        "lifting",
        "friable",
        "brittle",
        "abrasion",
        "worn",
    ),
    "chemical": (
        "stain",
        "tideline",
        "water_damage",
        "discoloration",
        "yellowing",
        "fading",
        "ink_corrosion",
        "silver_mirroring",
        "acidic",
        "degraded",
    ),
    "biological": ("foxing", "mould", "insect_damage", "pest_frass"),
    "surface": ("soiling", "tape", "previous_repair", "metal_fastener", "damaged"),
}


def damage_groups(codes) -> list[tuple[str, list[str]]]:
    """``codes`` (e.g. every term of the damage vocabulary) as ``[(group, [codes])]`` in the
    order of :data:`DAMAGE_GROUPS`; codes in no group come last under ``"other"``.

    >>> damage_groups(["tape", "tear", "new_code"])
    [('physical', ['tear']), ('surface', ['tape']), ('other', ['new_code'])]
    """
    codes = list(dict.fromkeys(codes))
    out = []
    for group, members in DAMAGE_GROUPS.items():
        found = [c for c in members if c in codes]
        if found:
            out.append((group, found))
    grouped = {c for members in DAMAGE_GROUPS.values() for c in members}
    rest = [c for c in codes if c not in grouped]
    if rest:
        out.append(("other", rest))
    return out
