"""Text for the PDF: embedded fonts with per-character fallback, and right-to-left layout.

Every string is drawn through :class:`TextBlock` (or :func:`draw_line`), never through
reportlab's ``Paragraph`` markup, so user text is printed literally: ``<b>``, ``&`` and ``<``
are just characters. Persian and other Arabic-script text is shaped with ``arabic_reshaper``,
wrapped into lines in logical order, and only then reordered per line with the Unicode bidi
algorithm (``bidi.algorithm.get_display``, which also mirrors brackets; the compiled
``bidi.get_display`` does not); reportlab's own shaping and bidi are not used (see the
stack notes: uharfbuzz alone gives a wrong word order and breaks PDF/A glyph widths).

Fonts are Noto Sans (Latin, Cyrillic, Kazakh) and Vazirmatn (Persian) from
``resources/fonts``; a character is drawn with the first of them that has a glyph for it, so
mixed text (a Latin inventory number in a Persian sentence, a Russian title in a Persian
report) works. Further scripts a user may type fall back, character by character, to the
shipped Noto Sans Hebrew, Armenian, Georgian and Devanagari (Devanagari is drawn without
conjunct shaping), then to a TrueType font of the system that fontconfig names for the
character (e.g. a CJK font, when one is installed). A character no font can show is never a
silent "?": each run of them is printed as :data:`MISSING_MARKER` and listed in
``Typesetter.missing`` so the caller can warn. No base-14 font is ever used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import unicodedata
from dataclasses import dataclass, replace

import arabic_reshaper
from bidi.algorithm import get_display
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable

from conservator.errors import ExportError
from conservator.resources import resources_dir

LATIN = "NotoSans"
LATIN_BOLD = "NotoSans-Bold"
PERSIAN = "Vazirmatn"
PERSIAN_BOLD = "Vazirmatn-Bold"

_FONT_FILES = {
    LATIN: "NotoSans-Regular.ttf",
    LATIN_BOLD: "NotoSans-Bold.ttf",
    PERSIAN: "Vazirmatn-Regular.ttf",
    PERSIAN_BOLD: "Vazirmatn-Bold.ttf",
    "NotoSansHebrew": "NotoSansHebrew-Regular.ttf",
    "NotoSansArmenian": "NotoSansArmenian-Regular.ttf",
    "NotoSansGeorgian": "NotoSansGeorgian-Regular.ttf",
    "NotoSansDevanagari": "NotoSansDevanagari-Regular.ttf",
}
#: Shipped fonts tried, in order, for a character the report's fonts lack (regular weight
#: only: bold text in these scripts prints regular).
FALLBACKS = ("NotoSansHebrew", "NotoSansArmenian", "NotoSansGeorgian", "NotoSansDevanagari")

#: Printed instead of a run of characters that no available font can show.
MISSING_MARKER = "[text in a script this PDF cannot show]"

#: Characters removed from user text: C0/C1 controls (except newline and tab) and explicit
#: bidi embeddings, overrides and isolates, which could reorder or hide printed text.
_STRIP = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
#: Marks that only steer the bidi algorithm; dropped after reordering.
_MARKS = re.compile(r"[\u200c\u200d\u200e\u200f\u061c]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")

_coverage: dict[str, frozenset[int]] = {}
_system: dict[int, str | None] = {}  # code point → registered system font name (or None)
_system_files: dict[str, str | None] = {}  # font file → registered name (None: unusable)
_system_lock = threading.Lock()
_widths: dict[tuple[str, str], float] = {}
_reshaper = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "support_ligatures": True}
)


def register_fonts() -> None:
    """Register the shipped TrueType fonts with reportlab (once)."""
    if _coverage:
        return
    folder = resources_dir() / "fonts"
    for name, filename in _FONT_FILES.items():
        path = folder / filename
        try:
            font = TTFont(name, str(path))
        except Exception as exc:
            raise ExportError(f"the report font cannot be loaded: {exc}", path) from None
        pdfmetrics.registerFont(font)
        _coverage[name] = frozenset(font.face.charToGlyph)
    pdfmetrics.registerFontFamily(LATIN, normal=LATIN, bold=LATIN_BOLD)
    pdfmetrics.registerFontFamily(PERSIAN, normal=PERSIAN, bold=PERSIAN_BOLD)


def clean(text) -> str:
    """User text made safe to print: str, ``\\n`` line ends, no control or bidi-override chars."""
    if text is None:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _STRIP.sub("", text)


def has_rtl(text: str) -> bool:
    """True when ``text`` holds a right-to-left letter (Arabic script, Hebrew ...)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def direction_of(text: str, default: str = "L") -> str:
    """``'R'`` or ``'L'`` from the first strong character of ``text``, else ``default``."""
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return default


def _font_for(ch: str, bold: bool, persian_first: bool) -> str | None:
    latin, persian = (LATIN_BOLD, PERSIAN_BOLD) if bold else (LATIN, PERSIAN)
    order = (persian, latin) if persian_first or _ARABIC.match(ch) else (latin, persian)
    cp = ord(ch)
    if cp > 0xFFFF:
        # reportlab writes 16-bit ToUnicode entries: an emoji would be drawn but read back
        # (copied, searched, archived) as another character; show the marker instead
        return None
    for name in (*order, *FALLBACKS):
        if cp in _coverage[name]:
            return name
    return system_font_for(ch)


def system_font_for(ch: str) -> str | None:
    """A TrueType font installed on this system with a glyph for ``ch``, registered with
    reportlab; ``None`` when there is none (or ``CONSERVATOR_SYSTEM_FONTS=0``).

    fontconfig (``fc-list :charset=…``) names the candidates; fonts with PostScript (CFF)
    outlines, which reportlab cannot embed, are skipped. Results are cached per character.
    """
    cp = ord(ch)
    with _system_lock:
        if cp in _system:
            return _system[cp]
    name = None
    if os.environ.get("CONSERVATOR_SYSTEM_FONTS", "1") != "0" and shutil.which("fc-list"):
        try:
            out = subprocess.run(
                ["fc-list", "--format", "%{file}\\n", f":charset={cp:x}"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        for file in sorted({f.strip() for f in out.splitlines() if f.strip()}):
            if not file.lower().endswith((".ttf", ".ttc")):
                continue
            font = _register_system_font(file)
            if font and cp in _coverage[font]:
                name = font
                break
    with _system_lock:
        _system[cp] = name
    return name


def _register_system_font(file: str) -> str | None:
    with _system_lock:
        if file in _system_files:
            return _system_files[file]
    name = "Sys-" + re.sub(r"[^A-Za-z0-9]", "", os.path.basename(file))[:40]
    try:
        font = TTFont(name, file, subfontIndex=0)
        pdfmetrics.registerFont(font)
        _coverage[name] = frozenset(font.face.charToGlyph)
    except Exception:  # noqa: BLE001  (CFF outlines, damaged or restricted font: skip it)
        name = None
    with _system_lock:
        _system_files[file] = name
    return name


def _printable(ch: str) -> bool:
    """Characters never replaced by the marker: spaces, bidi and joiner marks (dropped later)."""
    return ch.isspace() or _MARKS.match(ch) is not None or unicodedata.category(ch) == "Cf"


def _char_width(ch: str, font: str) -> float:
    key = (ch, font)
    w = _widths.get(key)
    if w is None:
        w = _widths[key] = pdfmetrics.stringWidth(ch, font, 1.0)
    return w


def _usable_forms(text: str) -> str:
    """Presentation forms the Persian font lacks, replaced by their base letter when it has it.

    (Vazirmatn has no isolated U+FBA4 ۀ, but has U+06C0, which looks the same.)
    """
    register_fonts()
    cover = _coverage[PERSIAN]
    out = []
    for ch in text:
        cp = ord(ch)
        if 0xFB50 <= cp <= 0xFEFC and cp not in cover:
            base = unicodedata.normalize("NFKC", ch)
            if len(base) == 1 and ord(base) in cover:
                ch = base
        out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class TextStyle:
    """How a block of text looks.

    ``align`` is ``'start'`` (left in a left-to-right report, right in a Persian one), ``'end'``,
    ``'left'``, ``'right'`` or ``'center'``.
    """

    size: float = 9.0
    bold: bool = False
    colour: object = colors.black
    leading: float | None = None
    align: str = "start"

    def with_(self, **kw) -> TextStyle:
        """A copy with some fields changed."""
        return replace(self, **kw)


class Typesetter:
    """Shape, wrap, reorder and split text into font runs for one report.

    Parameters
    ----------
    rtl : bool
        The report's layout is right to left (labels on the right, text right-aligned).
    """

    def __init__(self, rtl: bool):
        register_fonts()
        self.rtl = rtl
        #: Characters no font could show (printed as :data:`MISSING_MARKER`).
        self.missing: set[str] = set()

    def _mark_missing(self, text: str, bold: bool) -> str:
        """Replace each run of characters no font has with :data:`MISSING_MARKER`."""
        out: list[str] = []
        run = False
        for ch in text:
            if _printable(ch) or _font_for(ch, bold, self.rtl) is not None:
                out.append(ch)
                run = False
            elif not run:
                self.missing.add(ch)
                out.append(MISSING_MARKER)
                run = True
            else:
                self.missing.add(ch)
        return "".join(out)

    def missing_summary(self) -> str | None:
        """One line for a warning naming what could not be printed, or ``None``."""
        if not self.missing:
            return None
        examples = []
        for ch in sorted(self.missing)[:3]:
            name = unicodedata.name(ch, "")
            examples.append(f"U+{ord(ch):04X} {name}".strip())
        more = f" and {len(self.missing) - 3} more" if len(self.missing) > 3 else ""
        return (
            f"{len(self.missing)} character(s) have no font in this report and are printed as "
            f"'{MISSING_MARKER}' ({'; '.join(examples)}{more}); install a font for that "
            "script (e.g. Droid Sans Fallback or WenQuanYi for Chinese) and export again"
        )

    # --- measuring -------------------------------------------------------------------------
    def _runs(self, text: str, bold: bool) -> list[tuple[str, str]]:
        runs: list[tuple[str, str]] = []
        for ch in text:
            font = _font_for(ch, bold, self.rtl)
            if font is None:  # only marks the fonts lack are left here: skip, never "?"
                continue
            if runs and runs[-1][1] == font:
                runs[-1] = (runs[-1][0] + ch, font)
            else:
                runs.append((ch, font))
        return runs

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Printed width of ``text`` (already shaped) in points."""
        total = 0.0
        for ch in text:
            font = _font_for(ch, bold, self.rtl)
            total += _char_width(ch, font) if font else 0.0
        return total * size

    # --- layout ----------------------------------------------------------------------------
    def lines(
        self, text, width: float, size: float, bold: bool = False, direction: str | None = None
    ) -> list[list[tuple[str, str]]]:
        """Wrap ``text`` to ``width`` and return the visual lines as lists of (text, font) runs.

        Lines are broken in logical order first; the bidi algorithm then reorders each line
        on its own, so a multi-line Persian paragraph keeps its line order.
        ``direction`` ``None`` takes it from the text's first strong character.
        """
        out: list[list[tuple[str, str]]] = []
        for para in clean(text).split("\n"):
            para = self._mark_missing(para, bold)
            base = direction or direction_of(para, "R" if self.rtl else "L")
            shaped = para
            if _ARABIC.search(para):
                # heh + hamza above (Persian ezafe) as the precomposed letter, which has
                # presentation forms; a separate combining mark would be misplaced
                shaped = _usable_forms(_reshaper.reshape(para.replace("\u0647\u0654", "\u06c0")))
            for line in self._wrap(shaped, width, size, bold):
                if base == "R" or has_rtl(line):
                    line = get_display(line, base_dir=base)
                line = _MARKS.sub("", line)
                out.append(self._runs(line, bold))
        return out

    def _wrap(self, text: str, width: float, size: float, bold: bool) -> list[str]:
        if width <= 0:
            width = size  # degenerate column: one character per line rather than a loop
        words = text.split(" ")
        space = self.width(" ", size, bold)
        lines: list[str] = []
        cur, cur_w = "", 0.0
        for word in words:
            w = self.width(word, size, bold)
            if cur and cur_w + space + w <= width:
                cur, cur_w = f"{cur} {word}", cur_w + space + w
                continue
            if cur or lines:
                if cur:
                    lines.append(cur)
                cur, cur_w = "", 0.0
            if w <= width:
                cur, cur_w = word, w
                continue
            # a word longer than the line (hash, path, URL): break it between characters
            piece, piece_w = "", 0.0
            for ch in word:
                cw = self.width(ch, size, bold)
                if piece and piece_w + cw > width:
                    lines.append(piece)
                    piece, piece_w = "", 0.0
                piece, piece_w = piece + ch, piece_w + cw
            cur, cur_w = piece, piece_w
        lines.append(cur)
        return lines

    def run_width(self, runs: list[tuple[str, str]], size: float) -> float:
        """Width of a laid-out line."""
        return sum(pdfmetrics.stringWidth(t, f, size) for t, f in runs)

    def resolve_align(self, align: str) -> str:
        """``'left'``, ``'right'`` or ``'center'`` for a style's alignment in this layout."""
        if align == "start":
            return "right" if self.rtl else "left"
        if align == "end":
            return "left" if self.rtl else "right"
        return align

    def draw_runs(self, canv, runs, x: float, y: float, size: float) -> None:
        """Draw one laid-out line with its left end at ``x`` and baseline at ``y``."""
        for text, font in runs:
            canv.setFont(font, size)
            canv.drawString(x, y, text)
            x += pdfmetrics.stringWidth(text, font, size)


def draw_line(
    canv,
    ts: Typesetter,
    text,
    x: float,
    y: float,
    style: TextStyle,
    *,
    max_width: float | None = None,
    direction: str | None = None,
) -> float:
    """Draw ``text`` on one line anchored at ``x`` (left, right or centre per ``style.align``).

    Text wider than ``max_width`` is cut at the first wrapped line and ends with ``…``.
    Returns the printed width.
    """
    limit = max_width if max_width else 1e6
    lines = ts.lines(text, limit, style.size, style.bold, direction)
    runs = lines[0] if lines else []
    if len(lines) > 1:
        runs = ts.lines(
            _first_line_with_ellipsis(text, ts, limit, style),
            limit,
            style.size,
            style.bold,
            direction,
        )[0]
    w = ts.run_width(runs, style.size)
    align = ts.resolve_align(style.align)
    left = x if align == "left" else x - w if align == "right" else x - w / 2
    canv.saveState()
    canv.setFillColor(style.colour)
    ts.draw_runs(canv, runs, left, y, style.size)
    canv.restoreState()
    return w


def _first_line_with_ellipsis(text, ts: Typesetter, limit: float, style: TextStyle) -> str:
    text = clean(text).split("\n")[0]
    while text and ts.width(text + "…", style.size, style.bold) > limit:
        text = text[:-1]
    return text + "…"


class TextBlock(Flowable):
    """A paragraph of literal text that wraps to its frame or table cell and splits over pages.

    Parameters
    ----------
    ts : Typesetter
        The report's typesetter (layout direction, fonts).
    text : str
        Printed as is; ``\\n`` starts a new line.
    style : TextStyle
    direction : {'L', 'R'} or None
        Paragraph direction; ``None``: from the first strong character, for labels of the report
        language pass the report's direction.
    """

    def __init__(
        self, ts: Typesetter, text, style: TextStyle = TextStyle(), direction=None, _lines=None
    ):
        super().__init__()
        self.ts = ts
        self.text = "" if text is None else text
        self.style = style
        self.direction = direction
        self.leading = style.leading or style.size * (1.45 if ts.rtl else 1.3)
        self._fixed = _lines
        self._lines: list = _lines or []
        self._for_width: float | None = None

    def _layout(self, width: float) -> list:
        if self._fixed is not None:
            return self._fixed
        if self._for_width != width:
            self._lines = self.ts.lines(
                self.text, width, self.style.size, self.style.bold, self.direction
            )
            self._for_width = width
        return self._lines

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab API)
        self.width = availWidth
        lines = self._layout(availWidth)
        self.height = len(lines) * self.leading
        return availWidth, self.height

    def split(self, availWidth, availHeight):  # noqa: N803
        lines = self._layout(availWidth)
        n = int(availHeight // self.leading)
        if n <= 0:
            return []
        if n >= len(lines):
            # everything fits after all (the caller measured at another width): reportlab's
            # in-row table splitting expects two parts, so the second one is empty
            return [
                TextBlock(self.ts, self.text, self.style, self.direction, _lines=lines),
                TextBlock(self.ts, "", self.style, self.direction, _lines=[]),
            ]
        return [
            TextBlock(self.ts, self.text, self.style, self.direction, _lines=lines[:n]),
            TextBlock(self.ts, self.text, self.style, self.direction, _lines=lines[n:]),
        ]

    #: Structure role in the tagged PDF (``"H2"`` for section headings; None: plain text).
    role: str | None = None

    def draw(self):
        if self.role:
            from conservator.report import tagging

            tagging.begin(self.canv, self.role)
            self._draw()
            tagging.end(self.canv)
        else:
            self._draw()

    def _draw(self):
        canv = self.canv
        size = self.style.size
        align = self.ts.resolve_align(self.style.align)
        canv.saveState()
        canv.setFillColor(self.style.colour)
        # baseline: centre the font's body (ascent ~0.95, descent ~0.25 em) in the leading
        offset = (self.leading - 1.2 * size) / 2 + 0.95 * size
        for i, runs in enumerate(self._lines):
            y = self.height - i * self.leading - offset
            w = self.ts.run_width(runs, size)
            x = (
                0.0
                if align == "left"
                else self.width - w
                if align == "right"
                else (self.width - w) / 2
            )
            self.ts.draw_runs(canv, runs, x, y, size)
        canv.restoreState()
