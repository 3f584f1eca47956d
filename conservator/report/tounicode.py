"""Searchable Arabic-script text in the PDF report.

Persian is shaped before it reaches reportlab (:mod:`conservator.report.text`): each letter is
drawn as its contextual glyph, whose code point is an *Arabic presentation form*
(U+FB50–U+FDFF, U+FE70–U+FEFF). reportlab's ToUnicode CMaps map every glyph back to the code
point it was drawn from, so a reader searching "گزارش" (U+06AF …) finds nothing: the file holds
"ﮔﺰﺍﺭﺵ" (U+FB94 …). This post-processing rewrites each font's ToUnicode CMap so that a
presentation-form glyph maps to its base letter(s), the compatibility decomposition (NFKC:
U+FB94 → U+06AF; the ligature lam-alef U+FEFB → U+0644 U+0627). The drawn glyphs do not change,
nor does anything PDF/A checks; text extraction (poppler's ``pdftotext``, copy and paste,
screen readers) then yields the letters a user types, and readers order right-to-left words
logically themselves.
"""

from __future__ import annotations

import re
import unicodedata

#: ``<src> <dst>`` of a ``bfchar`` entry whose destination is one UTF-16 code unit.
_ENTRY = re.compile(rb"(<[0-9A-Fa-f]{2,8}>\s*)<([0-9A-Fa-f]{4})>")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)


def is_presentation_form(cp: int) -> bool:
    return 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF


def base_letters(ch: str) -> str:
    """The letters a presentation form stands for (``ch`` itself for any other character)."""
    if not is_presentation_form(ord(ch)):
        return ch
    base = unicodedata.normalize("NFKC", ch).strip()
    return base or ch


def rewrite_cmap(cmap: bytes) -> bytes:
    """A ToUnicode CMap with every presentation-form destination replaced by its base letters."""

    def entry(m: re.Match) -> bytes:
        ch = chr(int(m.group(2), 16))
        base = base_letters(ch)
        if base == ch:
            return m.group(0)
        return m.group(1) + b"<" + base.encode("utf-16-be").hex().upper().encode() + b">"

    return _BFCHAR.sub(
        lambda b: b"beginbfchar" + _ENTRY.sub(entry, b.group(1)) + b"endbfchar", cmap
    )


def map_presentation_forms(pdf) -> int:
    """Rewrite the ToUnicode CMap of every font of ``pdf`` (a pikepdf.Pdf); returns how many
    CMaps changed."""

    changed, seen = 0, set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _name, font in fonts.items():
            stream = font.get("/ToUnicode")
            if stream is None or stream.objgen in seen:
                continue
            seen.add(stream.objgen)
            data = stream.read_bytes()
            new = rewrite_cmap(data)
            if new != data:
                stream.write(new)  # pikepdf compresses it again on saving
                changed += 1
    return changed
