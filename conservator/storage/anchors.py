"""Anchors of a final record kept *outside* the database: receipts and PDF reports.

Someone with write access to the database who knows the algorithms can recompute every hash
inside it, delete the newest audit rows or a whole final check with its audit trail. What
they cannot change is a copy kept elsewhere. At finalisation the record hash and the audit
chain's head (the hash of the ``finalize`` audit row and its position, which is the number of
rows the chain had then) are written:

- into a *receipt* (``conservator checks finalize ID --by NAME --receipt FILE``), a small
  JSON file (:func:`receipt`);
- into every PDF report of the final check: printed in each page's footer and stored in the
  PDF's metadata (XMP ``pdf:Keywords`` and the document information ``/Keywords``), so that
  :func:`read_anchor` reads them without text extraction.

``conservator verify --against FILE`` (:func:`check_against`) then checks that this record
still exists, is still final with that record hash, and that the audit chain still holds that
head at that position (the whole chain is verified by ``verify`` itself).
"""

from __future__ import annotations

import json
from pathlib import Path

from conservator.errors import ConservatorError

#: The ``kind`` of a receipt file.
RECEIPT_KIND = "conservator-record-receipt"
#: Prefix of the anchor in a PDF's keywords.
PDF_KEYWORD = "conservator-record"
_KEYS = ("ref_no", "record_hash", "audit_rows", "audit_head")


def chain_anchor(store, check_id: int) -> dict | None:
    """``{"audit_rows", "audit_head"}``: the chain's head when the check was finalised (its
    ``finalize`` audit row), or ``None`` for a draft or a record without one."""
    row = store._row(
        "SELECT id, hash FROM audit_log WHERE entity = 'condition_check' AND entity_id = ? "
        "AND action = 'finalize' ORDER BY id DESC LIMIT 1",
        (str(int(check_id)),),
    )
    return {"audit_rows": row["id"], "audit_head": row["hash"]} if row else None


def receipt(store, check_id: int, *, when: str) -> dict:
    """The receipt of a final check (what ``--receipt FILE`` writes, as JSON)."""
    c = store.get_check(check_id)
    if c["status"] != "final":
        raise ConservatorError(f"check {c['id']} is not final; only a final record has a receipt")
    anchor = chain_anchor(store, c["id"]) or {"audit_rows": None, "audit_head": None}
    return {
        "kind": RECEIPT_KIND,
        "check_id": c["id"],
        "ref_no": c["ref_no"],
        "inventory_no": c["inventory_no"],
        "record_hash": c["record_hash"],
        "record_format": c.get("record_format"),
        "finalized_at": c["finalized_at"],
        "finalized_by": c["finalized_by"],
        **anchor,
        "written_at": when,
    }


def pdf_keywords(check_id, ref_no, record_hash, anchor: dict) -> str:
    """The anchor as the PDF keywords text (one line, ``key=value`` words)."""
    return (
        f"{PDF_KEYWORD} check_id={check_id} ref_no={ref_no} record_hash={record_hash} "
        f"audit_rows={anchor['audit_rows']} audit_head={anchor['audit_head']}"
    )


def _parse_keywords(text: str) -> dict | None:
    words = str(text or "").split()
    if PDF_KEYWORD not in words:
        return None
    out = {}
    for w in words[words.index(PDF_KEYWORD) + 1 :]:
        k, sep, v = w.partition("=")
        if sep:
            out[k] = v
    if "check_id" in out and out["check_id"].isdigit():
        out["check_id"] = int(out["check_id"])
    if "audit_rows" in out and out["audit_rows"].isdigit():
        out["audit_rows"] = int(out["audit_rows"])
    return out


def read_anchor(path) -> dict:
    """The anchor of a receipt (JSON) or a PDF report: ``check_id``, ``ref_no``,
    ``record_hash``, ``audit_rows``, ``audit_head``.

    Raises
    ------
    ConservatorError
        The file cannot be read or holds no Conservator anchor.
    """
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(5)
    except OSError as exc:
        raise ConservatorError(
            f"cannot read the anchor file: {exc.strerror or exc}", path
        ) from None
    if head == b"%PDF-":
        anchor = _read_pdf(path)
        what = "PDF report"
    else:
        try:
            anchor = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            raise ConservatorError("not a Conservator receipt (JSON) or PDF report", path) from None
        if not isinstance(anchor, dict) or anchor.get("kind") != RECEIPT_KIND:
            raise ConservatorError("not a Conservator receipt (JSON) or PDF report", path)
        what = "receipt"
    if not anchor or any(anchor.get(k) in (None, "", "None") for k in _KEYS):
        raise ConservatorError(
            f"this {what} holds no record anchor (was it made from a draft?)", path
        )
    if not isinstance(anchor["audit_rows"], int):
        raise ConservatorError(f"this {what} holds a damaged record anchor", path)
    return {**anchor, "source": what}


def _read_pdf(path: Path) -> dict | None:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            found = _parse_keywords(meta.get("pdf:Keywords", ""))
            if found is None and "/Keywords" in pdf.docinfo:
                found = _parse_keywords(str(pdf.docinfo["/Keywords"]))
            return found
    except (pikepdf.PdfError, OSError, ValueError):
        raise ConservatorError("cannot read the PDF report", path) from None


def check_against(store, anchor: dict) -> list[str]:
    """Problems found comparing the database with an anchor (:func:`read_anchor`)."""
    src = anchor.get("source", "anchor")
    ref = anchor["ref_no"]
    c = store._row(
        "SELECT id, ref_no, status, record_hash FROM condition_check WHERE ref_no = ?", (ref,)
    )
    problems = []
    if c is None:
        problems.append(
            f"condition check {ref} of the {src} is missing from the database (a final record "
            "was deleted)"
        )
    elif c["status"] != "final":
        problems.append(
            f"condition_check row {c['id']} ({ref}) is no longer final, unlike in the {src}"
        )
    elif c["record_hash"] != anchor["record_hash"]:
        problems.append(
            f"condition_check row {c['id']} ({ref}): its record hash is not the one the {src} "
            "states (the record was changed and its hashes recomputed)"
        )
    n = anchor["audit_rows"]
    row = store._row("SELECT id, hash FROM audit_log WHERE id = ?", (n,))
    if row is None:
        total = store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
        problems.append(
            f"audit_log row {n} is missing: the {src} was made when the audit log had {n} rows, "
            f"it now has {total} (the newest audit rows were deleted)"
        )
    elif row["hash"] != anchor["audit_head"]:
        problems.append(
            f"audit_log row {n}: its hash is not the chain head the {src} states (the audit "
            "log was rewritten)"
        )
    return problems
