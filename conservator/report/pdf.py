"""The printed condition report: one check of one item, as a signed-off PDF/A-2b file.

``render_report(data, out_path, lang=..., second_lang=..., paper=...)`` lays out the dict
returned by ``Store.report_data`` (see ``docs/interfaces.md``, "Records"):

* header (institution, report title, check reference, date) and footer ("page X of Y", the
  record's hash, the generation date) on every page;
* item identification and the assessment;
* the scan with the damage masks as coloured overlays, a legend and a mm scale bar, and
  detail crops of the largest regions, each with its own scale bar;
* measurements per class, observations, hazards, recommendations, the treatment proposal
  with its approval state, and a signature block.

Labels come from ``resources/i18n/report.<lang>.json`` and ``data["vocab"]``; with
``second_lang`` every label is printed in both languages. A Persian report is mirrored (labels
on the right). The file is converted to PDF/A-2b and validated by pikepdf, then moved into
place atomically.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from conservator import __version__
from conservator.errors import ExportError
from conservator.report.figures import (
    DETAIL_PPI,
    LAYER_ORDER,
    MAP_PPI,
    ImageFigure,
    ScanSource,
    class_colours,
    detail_box,
    fit,
    out_pixels,
)
from conservator.report.i18n import (
    RTL_LANGUAGES,
    Labels,
    check_language,
    format_date,
)
from conservator.report.text import LATIN, TextBlock, TextStyle, Typesetter, draw_line
from conservator.storage.anchors import pdf_keywords

PAPER_SIZES = {"a4": A4, "letter": LETTER}

#: Detail crops shown at most.
MAX_DETAILS = 6

MARGIN = 15 * mm
HEADER_H = 20 * mm
FOOTER_H = 15 * mm

GREY = colors.Color(0.35, 0.35, 0.35)
LIGHT = colors.Color(0.93, 0.93, 0.93)
RULE = colors.Color(0.6, 0.6, 0.6)

BODY = TextStyle(9)
SMALL = TextStyle(7.5, colour=GREY)
LABEL = TextStyle(8.5, bold=True, colour=colors.Color(0.2, 0.2, 0.2))
HEAD = TextStyle(12.5, bold=True)

#: Tables select a cell font even when every cell is a flowable; never let it be Helvetica.
_NO_BASE14 = ("FONTNAME", (0, 0), (-1, -1), LATIN)


def render_report(
    data: dict,
    out_path,
    *,
    lang: str = "en",
    second_lang: str | None = None,
    paper: str = "a4",
    generated_at: _dt.datetime | None = None,
    warnings: list[str] | None = None,
) -> Path:
    """Write the condition report of one check as a PDF/A-2b file.

    Parameters
    ----------
    data : dict
        ``Store.report_data(check_id)`` (see ``docs/interfaces.md``).
    out_path : path-like
        The PDF to write; replaced atomically, never left half-written.
    lang : {'en', 'ru', 'kk', 'fa'}
        Language of the report; ``fa`` lays the report out right to left.
    second_lang : {'en', 'ru', 'kk', 'fa'}, optional
        Print every label in this language too (e.g. ``lang='fa', second_lang='en'``).
    paper : {'a4', 'letter'}
    generated_at : datetime, optional
        Generation time printed in the footer (default: now, UTC).
    warnings : list of str, optional
        Receives one line per problem worth telling the user, e.g. characters no available
        font can show (printed as a visible marker, never as "?").

    Returns
    -------
    pathlib.Path
        ``out_path``.

    Raises
    ------
    ExportError
        Unknown language or paper, unreadable scan or mask, unwritable destination, or a file
        that fails the PDF/A-2b validation.
    """
    check_language(lang)
    if second_lang is not None:
        check_language(second_lang, what="second language")
        if second_lang == lang:
            second_lang = None
    if paper not in PAPER_SIZES:
        raise ExportError(f"unknown paper size '{paper}': choose a4 or letter")
    if not isinstance(data, dict):
        raise ExportError("the report data is not a record (expected a dict from the store)")
    out = Path(out_path)
    if not out.parent.exists():
        raise ExportError("the folder for the report does not exist", out.parent)
    if out.is_dir():
        raise ExportError("the report path is a folder; give a file name ending in .pdf", out)
    when = generated_at or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    report = _Report(data, lang, second_lang, paper, when)
    raw = report.build()
    missing = report.ts.missing_summary()
    if missing and warnings is not None:
        warnings.append(missing)
    _write_pdfa(raw, out, report.metadata())
    return out


# --- PDF/A ---------------------------------------------------------------------------------------


def _write_pdfa(raw: bytes, out: Path, meta: dict) -> None:
    import pikepdf
    from pikepdf import pdfa

    from conservator.outputs import atomic_output
    from conservator.report.tagging import tag_pdf
    from conservator.report.tounicode import map_presentation_forms

    try:
        with (
            atomic_output(out, error=ExportError, what="the report") as tmp,
            pikepdf.open(io.BytesIO(raw)) as pdf,
        ):
            for page in pdf.pages:
                if "/Trans" in page.obj:
                    del page.obj["/Trans"]  # reportlab always writes one; PDF/A forbids it
            pdf.Root.Lang = pikepdf.String(meta["lang"])
            map_presentation_forms(pdf)  # Persian extracts as the letters a user types
            tag_pdf(pdf, meta["lang"])  # structure tree, reading order, alt text (not PDF/UA)
            with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
                xmp["dc:title"] = meta["title"]
                xmp["dc:creator"] = [meta["author"]]
                xmp["dc:language"] = [meta["lang"]]
                xmp["dc:description"] = meta["subject"]
                xmp["xmp:CreateDate"] = meta["date"]
                xmp["xmp:ModifyDate"] = meta["date"]
                xmp["xmp:CreatorTool"] = meta["tool"]
                xmp["pdf:Producer"] = meta["tool"]
                if meta.get("keywords"):  # a final record's anchor (storage.anchors)
                    xmp["pdf:Keywords"] = meta["keywords"]
            pdfa.save(pdf, tmp, "2b")
    except pdfa.PdfaError as exc:
        findings = getattr(getattr(exc, "report", None), "findings", None) or []
        first = str(findings[0]) if findings else str(exc)
        raise ExportError(f"the report failed the PDF/A-2b check: {first[:200]}", out) from None
    except PermissionError:
        raise ExportError("cannot write the report: permission denied", out) from None
    except OSError as exc:
        raise ExportError(f"cannot write the report: {exc.strerror or exc}", out) from None


# --- layout --------------------------------------------------------------------------------------


class _RtlTable(Table):
    """A table of a right-to-left report whose cells are drawn right to left, the order they
    are read in: the tagged PDF's structure follows the content order, so a screen reader
    reads a Persian row from its first (rightmost) cell. Tables with spans, or drawn with a
    callback, are drawn as reportlab draws them."""

    def draw(self):
        if self._spanCmds or getattr(self, "_renderCB", None):
            return super().draw()
        c = self.canv
        c.saveState()
        self._curweight = self._curcolor = self._curcellstyle = None
        self._makeShadow()
        self._makeRoundedCornersClip()
        self._drawBkgrnd()
        cols = list(zip(self._colpositions[:-1], self._colWidths, strict=False))
        for row, rowstyle, rowpos, rowheight in zip(
            self._cellvalues,
            self._cellStyles,
            self._rowpositions[1:],
            self._rowHeights,
            strict=False,
        ):
            cells = list(zip(row, rowstyle, cols, strict=False))
            for cellval, cellstyle, (colpos, colwidth) in reversed(cells):
                self._drawCell(cellval, cellstyle, (colpos, rowpos), (colwidth, rowheight))
        self._drawLines()
        c.restoreState()
        if self._roundingRectDef:
            self._restoreRoundingObscuredLines()
        return None


class _Rule(Flowable):
    """A thin horizontal line across the frame."""

    def __init__(self, colour=RULE, width=0.6, space=2.0):
        super().__init__()
        self.colour, self.line_width, self.space = colour, width, space

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.width = availWidth
        return availWidth, self.space * 2

    def draw(self):
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.line_width)
        self.canv.line(0, self.space, self.width, self.space)


class _Swatch(Flowable):
    """A small filled square in a damage class colour."""

    def __init__(self, rgb, size=8.0):
        super().__init__()
        self.rgb, self.size = rgb, size

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.avail = availWidth
        return availWidth, self.size + 2

    def draw(self):
        r, g, b = (v / 255 for v in self.rgb)
        self.canv.setFillColor(colors.Color(r, g, b))
        self.canv.setStrokeColor(colors.Color(r * 0.6, g * 0.6, b * 0.6))
        x = (self.avail - self.size) / 2
        self.canv.rect(x, 1, self.size, self.size, stroke=1, fill=1)


class _SignatureLine(Flowable):
    """Room to sign: a blank line with the word 'signature' under it."""

    def __init__(self, report: _Report, height=16 * mm):
        super().__init__()
        self.report, self.h = report, height

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.width = availWidth
        return availWidth, self.h

    def draw(self):
        c = self.canv
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.6)
        c.line(0, 10, self.width, 10)
        r = self.report
        x = self.width if r.ts.rtl else 0
        text = r.L("sig_line") + (f" / {r.L2('sig_line')}" if r.L2 else "")
        draw_line(c, r.ts, text, x, 2, SMALL.with_(size=7), max_width=self.width)


class _Report:
    def __init__(self, data: dict, lang: str, second_lang, paper: str, when: _dt.datetime):
        self.data = data
        vocab = data.get("vocab") if isinstance(data.get("vocab"), dict) else {}
        self.L = Labels(lang, vocab)
        self.L2 = Labels(second_lang, vocab) if second_lang else None
        self.lang, self.second_lang = lang, second_lang
        self.ts = Typesetter(rtl=lang in RTL_LANGUAGES)
        self.dir = "R" if self.ts.rtl else "L"
        self.dir2 = "R" if second_lang in RTL_LANGUAGES else "L"
        # second-language labels are smaller; Persian script needs a little more size to read
        self.second_scale = 0.95 if second_lang in RTL_LANGUAGES else 0.84
        self.page_w, self.page_h = PAPER_SIZES[paper]
        self.frame_w = self.page_w - 2 * MARGIN
        self.frame_h = self.page_h - 2 * MARGIN - HEADER_H - FOOTER_H
        self.when = when
        self.check = data.get("check") or {}
        self.item = data.get("item") or {}
        self.capture = data.get("capture") or None
        all_obs = [o for o in (data.get("observations") or []) if isinstance(o, dict)]
        # report_data marks each finding "counted" (storage.summary.counts): only those are
        # on the map, in the legend, the measurements and the observations table
        self.findings_mode = any("counted" in o for o in all_obs)
        if self.findings_mode:
            self.observations = [o for o in all_obs if o.get("counted")]
            self.unreviewed = [
                o for o in all_obs if not o.get("counted") and o.get("status") == "proposed"
            ]
        else:
            self.observations = [o for o in all_obs if o.get("status") != "rejected"]
            self.unreviewed = []
        self.rejected = [o for o in all_obs if o.get("status") == "rejected"]
        codes = [*(data.get("masks") or {}), *(data.get("measurements") or {})]
        codes += [o.get("damage_code") for o in self.observations if o.get("damage_code")]
        self.colours = class_colours(codes, vocab)

    # --- small builders --------------------------------------------------------------------
    def t(self, text, style: TextStyle = BODY, direction=None) -> TextBlock:
        """User text, printed literally, direction from its own first strong letter."""
        return TextBlock(self.ts, text, style, direction)

    def lab(self, key: str, style: TextStyle = LABEL, **fields) -> list[Flowable]:
        """A report label, with its second-language twin below it when asked for."""
        out: list[Flowable] = [TextBlock(self.ts, self.L(key, **fields), style, self.dir)]
        if self.L2:
            small = style.with_(size=style.size * self.second_scale, bold=False, colour=GREY)
            out.append(TextBlock(self.ts, self.L2(key, **fields), small, self.dir2))
        return out

    def term(self, scheme: str, code, style: TextStyle = BODY) -> list[Flowable]:
        """A controlled term (damage type, grade ...) in one or two languages."""
        if code is None or code == "":
            return [self.t("–", style)]
        out: list[Flowable] = [TextBlock(self.ts, self.L.term(scheme, code), style, self.dir)]
        if self.L2:
            small = style.with_(size=style.size * self.second_scale, colour=GREY)
            out.append(TextBlock(self.ts, self.L2.term(scheme, code), small, self.dir2))
        return out

    def code_or_text(self, scheme: str, value) -> list[Flowable]:
        """A field that holds either a vocabulary code (translated) or free text (as typed)."""
        known = (self.data.get("vocab") or {}).get(scheme) or {}
        if isinstance(value, str) and (
            value in known or value in self.L.cat["vocab"].get(scheme, {})
        ):
            return self.term(scheme, value)
        return [self.t(value)]

    def heading(self, key: str) -> list[Flowable]:
        parts = [Spacer(1, 7)] + self.lab(key, HEAD) + [_Rule()]
        for p in parts:
            p.keepWithNext = True
            if isinstance(p, TextBlock):
                p.role = "H2"  # a heading in the tagged PDF's structure
        return parts

    def row(self, cells: list) -> list:
        """Table cells in reading order, mirrored for a right-to-left report."""
        return list(reversed(cells)) if self.ts.rtl else list(cells)

    def widths(self, fractions: list[float]) -> list[float]:
        w = [f * self.frame_w for f in fractions]
        return list(reversed(w)) if self.ts.rtl else w

    def table(self, rows, fractions, *, header=False, zebra=False, grid=True) -> Table:
        tbl = (_RtlTable if self.ts.rtl else Table)(
            rows,
            colWidths=self.fit_words(rows, self.widths(fractions)),
            repeatRows=1 if header else 0,
            splitInRow=1,
            hAlign="RIGHT" if self.ts.rtl else "LEFT",
        )
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if grid:
            style.append(("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE))
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
        if zebra:
            for i in range(2 if header else 1, len(rows), 2):
                style.append(("BACKGROUND", (0, i), (-1, i), colors.Color(0.975, 0.975, 0.975)))
        tbl.setStyle(TableStyle([_NO_BASE14, *style]))
        return tbl

    def _longest_word(self, cell) -> float:
        """Width of the widest word of a cell (TextBlocks, lists of them), in points."""
        if isinstance(cell, list | tuple):
            return max((self._longest_word(c) for c in cell), default=0.0)
        if not isinstance(cell, TextBlock) or not cell.text:
            return 0.0
        style = cell.style
        words = [w for w in str(cell.text).split() if w]
        widths = [self.ts.width(w, style.size, style.bold) for w in words]
        # hashes, paths and URLs may still break anywhere: only words up to a third of the line
        return max((w for w in widths if w <= self.frame_w / 3), default=0.0)

    def fit_words(self, rows, widths: list[float], padding: float = 8.0) -> list[float]:
        """Column widths in which every word of every cell fits (no "автоматическ/и" while a
        column stays empty): a column too narrow for its longest word takes the width from
        columns with room to spare, in proportion to that room."""
        need = [0.0] * len(widths)
        for row in rows:
            for i, cell in enumerate(row[: len(widths)]):
                need[i] = max(need[i], self._longest_word(cell) + padding)
        short = sum(max(0.0, n - w) for n, w in zip(need, widths, strict=True))
        if short <= 0:
            return widths
        spare = [max(0.0, w - n) for n, w in zip(need, widths, strict=True)]
        room = sum(spare)
        if room <= 0:
            return widths
        take = min(1.0, short / room)
        return [
            max(w, n) if n > w else w - s * take
            for n, w, s in zip(need, widths, spare, strict=True)
        ]

    def fields(self, pairs) -> Table:
        """A two-column label/value table; the label column is on the right in Persian."""
        rows = [self.row([self.lab(key), value]) for key, value in pairs]
        return self.table(rows, [0.3, 0.7])

    def num(self, value, decimals=1) -> str:
        return self.L.number(value, decimals)

    # --- sections --------------------------------------------------------------------------
    def story(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.unreviewed_notice()
        story += self.section_item()
        story += self.section_assessment()
        story += self.section_map()
        story += self.section_details()
        story += self.section_measurements()
        story += self.section_observations()
        story += self.section_excluded("section_rejected", self.rejected, "rejected_intro")
        story += self.section_excluded("section_unreviewed", self.unreviewed)
        story += self.section_hazards()
        story += self.section_recommendations()
        # keep-with-next: the signature block never stands alone on the last page; the
        # treatment proposal it signs (a few lines) goes with it
        story.append(KeepTogether([*self.section_treatment(), *self.section_signatures()]))
        return story

    def section_item(self) -> list[Flowable]:
        it = self.item
        pairs = [
            ("inventory_no", self.t(it.get("inventory_no"), BODY.with_(bold=True))),
            ("title", self.t(it.get("title"))),
            ("object_type", self.term("object_type", it.get("object_type"))),
            ("date_text", self.t(it.get("date_text"))),
            ("materials", self.t(it.get("materials"))),
            ("dimensions", self.t(self.dimensions(it.get("dimensions")))),
            ("location", self.t(it.get("location"))),
        ]
        return self.heading("section_item") + [self.fields(pairs)]

    def dimensions(self, dims) -> str:
        if dims is None or dims == "":
            return ""
        if isinstance(dims, str):
            return dims
        unit = self.L("unit_mm")
        if isinstance(dims, dict):
            parts = []
            for key in ("height", "width", "depth"):
                value = dims.get(f"{key}_mm", dims.get(key))
                if value is not None:
                    parts.append(f"{self.L(key)} {self.num(value, 1)}")
            if parts:
                return " × ".join(parts) + f" {unit}"
            return ", ".join(f"{k}: {v}" for k, v in dims.items())
        if isinstance(dims, list | tuple):
            return " × ".join(self.num(v, 1) for v in dims) + f" {unit}"
        return str(dims)

    def section_assessment(self) -> list[Flowable]:
        ck = self.check
        grade: list[Flowable]
        if ck.get("grade_code") or ck.get("overall_grade"):
            grade = self.term(
                "grade", ck.get("grade_code") or ck.get("overall_grade"), BODY.with_(bold=True)
            )
            if ck.get("overall_grade"):
                grade.append(
                    TextBlock(
                        self.ts,
                        self.L("grade_n_of_4", n=self.num(ck["overall_grade"], 0)),
                        SMALL,
                        self.dir,
                    )
                )
        else:
            grade = [self.t("–")]
        completeness = self.term("completeness", ck.get("completeness_code"))
        if ck.get("completeness_note"):
            completeness.append(self.t(ck["completeness_note"], SMALL))
        finalized = ""
        if ck.get("finalized_at"):
            finalized = self.L.date(ck["finalized_at"])
            if ck.get("finalized_by"):
                finalized += f"\n{ck['finalized_by']}"
        pairs = [
            ("grade", grade),
            ("priority", self.term("priority", ck.get("priority_code"))),
            ("reason", self.term("reason", ck.get("reason_code"))),
            ("method", self.term("method", ck.get("method_code"))),
            ("examiner", self.t(ck.get("checker"))),
            ("check_date", self.t(self.L.date(ck.get("check_date")), direction=self.dir)),
            ("status", self.term("check_status", ck.get("status"))),
            ("completeness", completeness),
            ("next_check", self.t(self.L.date(ck.get("next_check_date")), direction=self.dir)),
        ]
        if ck.get("supersedes"):
            pairs.append(("supersedes", self.t(str(ck.get("supersedes_ref") or ck["supersedes"]))))
        if finalized:
            pairs.append(("finalized", self.t(finalized, direction=self.dir)))
        if ck.get("environment_note"):
            pairs.append(("environment_note", self.t(ck["environment_note"])))
        pairs.append(("summary", self.t(ck.get("summary"))))
        return self.heading("section_assessment") + [self.fields(pairs)]

    # --- pictures --------------------------------------------------------------------------
    def _source(self) -> ScanSource | None:
        if not self.capture or not self.capture.get("file_path"):
            return None
        if not hasattr(self, "_src"):
            self._src = ScanSource(
                self.capture["file_path"],
                self.data.get("masks") or {},
                self.capture.get("sha256"),
                findings=self.observations if self.findings_mode else None,
            )
        return self._src

    @property
    def px_per_mm(self) -> float | None:
        value = (self.capture or {}).get("px_per_mm")
        try:
            return float(value) if value and float(value) > 0 else None
        except (TypeError, ValueError):
            return None

    def detail_regions(self, src: ScanSource) -> list[dict]:
        """The most significant regions: the largest of each class first, then by size."""
        cands = []
        for no, obs in enumerate(self.observations, 1):
            no = obs.get("no") or no
            regions = [r for r in obs.get("regions") or [] if isinstance(r, dict)]
            if any(r.get("selector_type") != "mask" for r in regions):
                # a whole-mask region spans every instance: the instances are the details
                regions = [r for r in regions if r.get("selector_type") != "mask"]
            for reg in regions:
                bbox = reg.get("bbox")
                if not bbox or len(bbox) != 4:
                    continue
                area = reg.get("area_px") or (bbox[2] * bbox[3])
                cands.append(
                    {"code": obs.get("damage_code"), "bbox": bbox, "area_px": area, "obs": no}
                )
        if not cands:
            for code in src.masks:
                for reg in src.components(code):
                    cands.append({"code": code, **reg, "obs": None})
        cands.sort(key=lambda c: -float(c["area_px"] or 0))
        chosen, seen = [], set()
        for c in cands:  # one per class first, so a big loss does not hide the tears
            if c["code"] not in seen:
                chosen.append(c)
                seen.add(c["code"])
        for c in cands:
            if len(chosen) >= MAX_DETAILS:
                break
            if c not in chosen:
                chosen.append(c)
        chosen = chosen[:MAX_DETAILS]
        for c in chosen:
            c["box"] = detail_box(c["bbox"], src.width, src.height, self.px_per_mm)
        return chosen

    def section_map(self) -> list[Flowable]:
        out = self.heading("section_map")
        src = self._source()
        if src is None:
            self._details = []
            return out + self.lab("no_scan", BODY)
        self._details = self.detail_regions(src)
        # the map, its caption and the whole legend on one page: the map shrinks when the
        # legend is long (a legend row never goes over to the next page on its own)
        legend = self.legend(src)
        _w, legend_h = legend.wrap(self.frame_w, self.frame_h)
        caption = TextBlock(self.ts, self.L("scan_caption"), SMALL, self.dir)
        _w, caption_h = caption.wrap(self.frame_w, self.frame_h)
        head_h = sum(f.wrap(self.frame_w, self.frame_h)[1] for f in out)
        room = self.frame_h - head_h - caption_h - legend_h - 2 - 4 - 8 * mm
        max_h = max(self.frame_h * 0.3, min(self.frame_h * 0.68, room))
        w_pt, h_pt = fit(src.width, src.height, self.frame_w, max_h)
        ow, oh = out_pixels(src.width, src.height, w_pt, MAP_PPI)
        pic = src.picture((0, 0, src.width, src.height), ow, oh, self.colours, outline_px=1)
        frames = [(d["box"], self.L.digits(str(i))) for i, d in enumerate(self._details, 1)]
        fig = ImageFigure(
            self.ts, self.L, pic, w_pt, h_pt, self.px_per_mm, frames, alt=self.L("alt_map")
        )
        block: list[Flowable] = [*out, fig, Spacer(1, 2)]
        block.append(caption)
        block += [Spacer(1, 4), legend]
        # the scan's facts (a few rows) move to the next page whole rather than leave one behind
        return [KeepTogether(block), Spacer(1, 4), KeepTogether([self.capture_table(src)])]

    def legend(self, src: ScanSource) -> Table:
        meas = self.data.get("measurements") or {}
        codes = [c for c in LAYER_ORDER if c in src.masks or c in meas]
        codes += [c for c in [*src.masks, *meas] if c not in codes]
        obs_codes = [o.get("damage_code") for o in self.observations]
        codes += [c for c in obs_codes if c and c not in codes]
        codes = list(dict.fromkeys(codes))  # a class in both the map and the numbers: once
        rows = [
            self.row(
                [[], self.lab("legend"), self.lab("metric_area_mm2"), self.lab("metric_area_pct")]
            )
        ]
        for code in codes:
            m = meas.get(code) or {}
            pct = self.num(m.get("area_pct"), 2) if m.get("area_pct") is not None else "–"
            area = self.num(m.get("area_mm2"), 1) if m.get("area_mm2") is not None else "–"
            name = self.term("damage", code)
            abstained = self.not_measured(m)
            if abstained:  # never a bare 0: say why the class was not measured
                name = [*name, self.t(abstained, SMALL, direction=self.dir)]
                area = pct = "–"
            rows.append(
                self.row(
                    [
                        _Swatch(self.colours.get(code, (128, 128, 128))),
                        name,
                        self.t(area, direction=self.dir),
                        self.t(pct, direction=self.dir),
                    ]
                )
            )
        return self.table(rows, [0.05, 0.45, 0.25, 0.25], header=True)

    def not_measured(self, m: dict) -> str | None:
        """``"not measured: <reason>"`` (translated) for a class that was not measured."""
        if not isinstance(m, dict) or m.get("status", "measured") == "measured":
            return None
        code = m.get("reason_code")
        key = f"reason_{code}"
        reason = self.L(key) if code and self.L(key) != key else (m.get("reason") or "")
        return self.L("status_not_measured", reason=reason)

    def capture_table(self, src: ScanSource) -> Table:
        cap = self.capture or {}
        ppmm = self.px_per_mm
        size = f"{self.num(src.width, 0)} × {self.num(src.height, 0)} {self.L('px_unit')}"
        if ppmm:
            res = (
                f"{self.num(ppmm, 2)} {self.L('px_per_mm_unit')} "
                f"({self.num(ppmm * 25.4, 0)} {self.L('ppi_unit')})"
            )
        else:
            res = self.L("no_scale")
        pairs = [
            ("capture_file", self.t(os.path.basename(str(cap.get("file_path") or "")), SMALL)),
            ("capture_sha", self.t(cap.get("sha256") or src.scan.sha256, SMALL)),
            ("capture_size", self.t(size, direction=self.dir)),
            ("resolution", self.t(res, direction=self.dir)),
        ]
        if cap.get("illumination"):
            pairs.append(("illumination", self.term("illumination", cap["illumination"])))
        return self.fields(pairs)

    def section_details(self) -> list[Flowable]:
        details = getattr(self, "_details", [])
        if not details:
            return []
        src = self._source()
        out = [CondPageBreak(90 * mm)] + self.heading("section_details")
        cols = 3
        gap = 5 * mm
        cell_w = (self.frame_w - gap * (cols - 1)) / cols
        pic_w = cell_w - 2
        cells = []

        def cut(d):
            ow, oh = out_pixels(d["box"][2], d["box"][3], pic_w, DETAIL_PPI)
            return src.picture(d["box"], ow, oh, self.colours, outline_px=1)

        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            pictures = list(pool.map(cut, details))  # OpenCV releases the GIL
        for i, (d, pic) in enumerate(zip(details, pictures, strict=True), 1):
            bx, by, bw, bh = d["box"]
            label = self.L.term("damage", d["code"])
            fig = ImageFigure(
                self.ts,
                self.L,
                pic,
                pic_w,
                pic_w * bh / bw,
                self.px_per_mm,
                alt=self.L("alt_detail", n=self.L.digits(str(i)), label=label),
            )
            caption = [
                TextBlock(
                    self.ts,
                    self.L("detail_caption", n=self.L.digits(str(i)), label=label),
                    LABEL,
                    self.dir,
                )
            ]
            if self.L2:
                caption.append(
                    TextBlock(
                        self.ts,
                        self.L2(
                            "detail_caption", n=str(i), label=self.L2.term("damage", d["code"])
                        ),
                        SMALL.with_(bold=False),
                        self.dir2,
                    )
                )
            x, y, w, h = d["bbox"]
            if self.px_per_mm:
                where = self.L(
                    "detail_at",
                    x=self.num(x / self.px_per_mm, 0),
                    y=self.num(y / self.px_per_mm, 0),
                )
            else:
                where = self.L("detail_at_px", x=self.num(x, 0), y=self.num(y, 0))
            caption.append(TextBlock(self.ts, where, SMALL, self.dir))
            cells.append([fig, *caption])
        rows = [cells[i : i + cols] for i in range(0, len(cells), cols)]
        for r in rows:
            r += [[]] * (cols - len(r))
        rows = [self.row(r) for r in rows]
        gap_frac = gap / self.frame_w
        cw = cell_w / self.frame_w
        # interleave gap columns so each picture keeps its printed width
        wide = []
        for r in rows:
            line = []
            for j, cell in enumerate(r):
                if j:
                    line.append([])
                line.append(cell)
            wide.append(line)
        fr = []
        for j in range(cols):
            if j:
                fr.append(gap_frac)
            fr.append(cw)
        tbl = (_RtlTable if self.ts.rtl else Table)(
            wide, colWidths=[f * self.frame_w for f in fr], hAlign="CENTER"
        )
        tbl.setStyle(
            TableStyle(
                [
                    _NO_BASE14,
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 1),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return out + [tbl]

    # --- numbers ---------------------------------------------------------------------------
    def section_measurements(self) -> list[Flowable]:
        meas = {
            k: dict(v)
            for k, v in (self.data.get("measurements") or {}).items()
            if isinstance(v, dict) and v
        }
        out = self.heading("section_measurements")
        if not meas:
            return out + self.lab("no_measurements", BODY)
        codes = [c for c in LAYER_ORDER if c in meas] + [c for c in meas if c not in LAYER_ORDER]
        sep = self.L("list_sep")

        def fmt(d):
            return lambda v: self.num(v, d)

        def lengths(v):
            if not isinstance(v, list | tuple) or not v:
                return None
            shown = [self.num(x, 1) for x in sorted(v, reverse=True)[:8]]
            return sep.join(shown) + (" …" if len(v) > 8 else "")

        def total(v):
            if isinstance(v, int | float):
                return self.num(v, 1)
            return self.num(sum(v), 1) if isinstance(v, list | tuple) and v else None

        for m in meas.values():  # total tear length: as measured, else the sum of the tears
            if isinstance(m, dict) and m.get("lengths_mm") and m.get("total_length_mm") is None:
                m["total_length_mm"] = sum(m["lengths_mm"])

        def edges(v):
            if not isinstance(v, dict):
                return None
            return sep.join(
                f"{self.L('edge_' + k)} {self.num(x, 1)}" for k, x in v.items() if x is not None
            )

        def lab3(v):
            if not isinstance(v, list | tuple) or len(v) != 3:
                return None
            return sep.join(self.num(x, 1) for x in v)

        metrics = [
            ("count", "metric_count", fmt(0)),
            ("area_mm2", "metric_area_mm2", fmt(1)),
            ("area_pct", "metric_area_pct", fmt(2)),
            ("density_per_100cm2", "metric_density", fmt(1)),
            ("median_diameter_mm", "metric_median_diameter", fmt(2)),
            ("p90_diameter_mm", "metric_p90_diameter", fmt(2)),
            ("median_delta_e00", "metric_median_de", fmt(1)),
            ("longest_mm", "metric_longest", fmt(1)),
            ("total_length_mm", "metric_total_length", total),
            ("lengths_mm", "metric_lengths", lengths),
            ("max_edge_depth_mm", "metric_edge_depth", edges),
            ("insect_hole_candidates", "metric_insect", fmt(0)),
            ("yellowness_e313", "metric_yellowness", fmt(1)),
            ("pct_delta_e00_gt_2", "metric_de_gt_2", fmt(1)),
            ("pct_delta_e00_gt_3", "metric_de_gt_3", fmt(1)),
            ("pct_delta_e00_gt_6", "metric_de_gt_6", fmt(1)),
            ("ink_paper_delta_e00", "metric_ink_de", fmt(1)),
            ("ink_paper_contrast", "metric_ink_contrast", fmt(2)),
            ("paper_lab_median", "metric_paper_lab", lab3),
        ]
        if all((meas[c] or {}).get("area_mm2") is None for c in codes):
            metrics.insert(1, ("area_px", "metric_area_px", fmt(0)))
        head = [self.lab("metric")]
        for code in codes:
            head.append(
                [
                    _Swatch(self.colours.get(code, (128, 128, 128)), 7),
                    *self.term("damage", code, LABEL),
                ]
            )
        rows = [self.row(head)]
        status = [self.not_measured(meas[c]) for c in codes]
        luminance = [(meas[c] or {}).get("method") == "luminance only" for c in codes]
        if any(status) or any(luminance):  # every abstention is visible, never a bare 0
            cells = [self.lab("metric_status", BODY)]
            for why, lum in zip(status, luminance, strict=True):
                text = why or self.L("method_luminance" if lum else "status_measured")
                cells.append(self.t(text, SMALL, direction=self.dir))
            rows.append(self.row(cells))
        for key, label, formatter in metrics:
            values = []
            for code, why in zip(codes, status, strict=True):
                v = (meas[code] or {}).get(key)
                values.append(formatter(v) if v is not None and not why else None)
            if all(v is None for v in values):
                continue
            cells = [self.lab(label, BODY)]
            cells += [self.t(v if v is not None else "", direction=self.dir) for v in values]
            rows.append(self.row(cells))
        first = 0.34
        rest = (1 - first) / max(1, len(codes))
        table = self.table(rows, [first] + [rest] * len(codes), header=True, zebra=True)
        note = TextBlock(self.ts, self.L("measurements_note"), SMALL, self.dir)
        # keep-with-next: heading, table and the footnote explaining it on one page (the whole
        # section moves to the next page when it fits there; a longer one splits, repeating
        # the table's header)
        return [KeepTogether([*out, table, Spacer(1, 2), note])]

    def section_observations(self) -> list[Flowable]:
        out = self.heading("section_observations")
        if not self.observations:
            return out + self.lab("none_recorded", BODY)
        keys = [
            "col_no",
            "col_type",
            "col_severity",
            "col_location",
            "col_extent",
            "col_source",
            "col_note",
        ]
        rows = [self.row([self.lab(k, LABEL.with_(size=7.5)) for k in keys])]
        for no, obs in enumerate(self.observations, 1):
            no = obs.get("no") or no
            sev = obs.get("severity")
            sev_cell = (
                self.lab(f"severity_{sev}", BODY.with_(bold=False))
                if sev in (1, 2, 3)
                else [self.t(sev if sev is not None else "–")]
            )
            extent = []
            if obs.get("area_mm2") is not None:
                extent.append(f"{self.num(obs['area_mm2'], 1)} {self.L('unit_mm2')}")
            elif obs.get("area_px") is not None:
                extent.append(f"{self.num(obs['area_px'], 0)} {self.L('px_unit')}")
            if obs.get("pct_of_leaf") is not None:
                extent.append(f"{self.num(obs['pct_of_leaf'], 2)} {self.L('unit_pct')}")
            source = {"automatic": "auto"}.get(obs.get("source"), obs.get("source"))
            src_cell = (
                self.lab(f"source_{source}", BODY)
                if source in ("auto", "manual")
                else [self.t(source or "")]
            )
            status = obs.get("status")
            if status in ("proposed", "accepted"):
                src_cell += self.lab(f"obs_{status}", SMALL)
            if obs.get("reclassified_from"):
                label = self.L.term("damage", obs["reclassified_from"])
                src_cell.append(self.t(self.L("reclassified_from", label=label), SMALL))
            swatch = _Swatch(self.colours.get(obs.get("damage_code"), (128, 128, 128)), 6)
            rows.append(
                self.row(
                    [
                        [self.t(self.L.digits(str(no)), direction=self.dir), swatch],
                        self.term("damage", obs.get("damage_code")),
                        sev_cell,
                        self.code_or_text("part_kind", obs.get("location")),
                        self.t("\n".join(extent), direction=self.dir),
                        src_cell,
                        self.t(obs.get("note")),
                    ]
                )
            )
        return out + [
            self.table(rows, [0.06, 0.16, 0.1, 0.13, 0.14, 0.14, 0.27], header=True, zebra=True)
        ]

    def unreviewed_notice(self) -> list[Flowable]:
        """First page: a final check signed with findings nobody reviewed says so."""
        n = self.check.get("unreviewed") or 0
        if not n or (self.check.get("status") or "draft") != "final":
            return []
        style = BODY.with_(bold=True, colour=colors.Color(0.75, 0.1, 0.1))
        return [
            TextBlock(
                self.ts, self.L("unreviewed_notice", n=self.L.digits(str(n))), style, self.dir
            ),
            Spacer(1, 4),
        ]

    def section_excluded(self, heading: str, findings: list[dict], intro=None) -> list[Flowable]:
        """A short table of findings left out of the map and the measurements."""
        if not findings:
            return []
        out = self.heading(heading)
        if intro:
            out += [TextBlock(self.ts, self.L(intro), SMALL, self.dir), Spacer(1, 2)]
            for f in out[-2:]:
                f.keepWithNext = True  # the intro stays with its table
        keys = ["col_no", "col_type", "col_extent", "col_source", "col_reviewed_by", "col_note"]
        rows = [self.row([self.lab(k, LABEL.with_(size=7.5)) for k in keys])]
        for obs in findings:
            extent = ""
            if obs.get("area_mm2") is not None:
                extent = f"{self.num(obs['area_mm2'], 1)} {self.L('unit_mm2')}"
            elif obs.get("area_px") is not None:
                extent = f"{self.num(obs['area_px'], 0)} {self.L('px_unit')}"
            source = {"automatic": "auto"}.get(obs.get("source"), obs.get("source"))
            rows.append(
                self.row(
                    [
                        self.t(self.L.digits(str(obs.get("no") or "")), direction=self.dir),
                        self.term("damage", obs.get("damage_code")),
                        self.t(extent, direction=self.dir),
                        self.lab(f"source_{source}", BODY)
                        if source in ("auto", "manual")
                        else [self.t(source or "")],
                        self.t(obs.get("reviewed_by")),
                        self.t(obs.get("note")),
                    ]
                )
            )
        return out + [self.table(rows, [0.07, 0.2, 0.15, 0.14, 0.18, 0.26], header=True)]

    def section_hazards(self) -> list[Flowable]:
        out = self.heading("section_hazards")
        hazards = self.data.get("hazards") or []
        if not hazards:
            return out + self.lab("none_recorded", BODY)
        rows = [self.row([self.lab("hazard"), self.lab("col_date"), self.lab("col_note")])]
        for h in hazards:
            rows.append(
                self.row(
                    [
                        self.term("hazard", h.get("hazard_code")),
                        self.t(self.L.date(h.get("date")), direction=self.dir),
                        self.t(h.get("note")),
                    ]
                )
            )
        return out + [self.table(rows, [0.28, 0.22, 0.5], header=True)]

    def section_recommendations(self) -> list[Flowable]:
        out = self.heading("section_recommendations")
        recs = self.data.get("recommendations") or []
        if not recs:
            return out + self.lab("none_recorded", BODY)
        rows = [self.row([self.lab("rec_kind"), self.lab("rec_text")])]
        for r in recs:
            text = [self.t(r.get("text"))] if r.get("text") else []
            if r.get("code"):
                vocab = self.data.get("vocab") or {}
                scheme = (
                    "recommendation"
                    if r["code"] in (vocab.get("recommendation") or {})
                    else ("treatment")
                )
                text = self.term(scheme, r["code"]) + text
            rows.append(
                self.row([self.term("recommendation_kind", r.get("kind")), text or [self.t("–")]])
            )
        return out + [self.table(rows, [0.28, 0.72], header=True)]

    def section_treatment(self) -> list[Flowable]:
        out = self.heading("section_treatment")
        tr = self.data.get("treatment")
        if not tr:
            return out + self.lab("no_treatment", BODY)
        pairs = [
            ("treatment_text", self.t(tr.get("text"))),
            (
                "treatment_status",
                self.term("treatment_status", tr.get("status"), BODY.with_(bold=True)),
            ),
            ("proposed_by", self.t(tr.get("proposed_by"))),
            ("approved_by", self.t(tr.get("approved_by"))),
            ("approved_at", self.t(self.L.date(tr.get("approved_at")), direction=self.dir)),
        ]
        return out + [self.fields(pairs)]

    def section_signatures(self) -> list[Flowable]:
        sigs = [s for s in (self.data.get("signatures") or []) if s]
        if not sigs:
            sigs = [
                {
                    "name": self.check.get("checker"),
                    "role": self.L("role_examiner"),
                    "signed_at": None,
                }
            ]
        blocks = []
        for s in sigs:
            rows = [
                self.row([self.lab("sig_name", LABEL.with_(size=7.5)), self.t(s.get("name"))]),
                self.row(
                    [
                        self.lab("sig_role", LABEL.with_(size=7.5)),
                        self.code_or_text("role", s.get("role")),
                    ]
                ),
                self.row(
                    [
                        self.lab("sig_date", LABEL.with_(size=7.5)),
                        self.t(self.L.date(s.get("signed_at")), direction=self.dir),
                    ]
                ),
            ]
            half = (self.frame_w - 8 * mm) / 2
            w = [half * 0.35, half * 0.65]
            inner = (_RtlTable if self.ts.rtl else Table)(
                rows, colWidths=list(reversed(w)) if self.ts.rtl else w
            )
            inner.setStyle(
                TableStyle(
                    [
                        _NO_BASE14,
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 2),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    ]
                )
            )
            blocks.append([inner, _SignatureLine(self)])
        grid = []
        for i in range(0, len(blocks), 2):
            pair = blocks[i : i + 2] + ([[]] if len(blocks[i : i + 2]) == 1 else [])
            grid.append(self.row([pair[0], [], pair[1]]))
        tbl = (_RtlTable if self.ts.rtl else Table)(
            grid, colWidths=[(self.frame_w - 8 * mm) / 2, 8 * mm, (self.frame_w - 8 * mm) / 2]
        )
        tbl.setStyle(
            TableStyle(
                [
                    _NO_BASE14,
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
        return [*self.heading("section_signatures"), tbl, *self.anchor_block()]

    def anchor_block(self) -> list[Flowable]:
        """A final record's anchor (conservator.storage.anchors): the record hash and the audit
        chain's head when it was finalised, so that ``verify --against`` this report finds a
        deleted record or deleted audit rows. Also in the PDF's keywords (:meth:`metadata`)."""
        anchor = self.data.get("anchor")
        rec_hash = self.check.get("record_hash")
        if not anchor or not rec_hash:
            return []
        mono = TextStyle(7, colour=GREY, align="start")
        rows = self.L.digits(str(anchor["audit_rows"]))
        return [
            *self.lab("record_hash", LABEL.with_(size=7.5)),
            self.t(rec_hash, mono, direction="L"),
            *self.lab("audit_chain_head", LABEL.with_(size=7.5), rows=rows),
            self.t(anchor["audit_head"], mono, direction="L"),
        ]

    # --- page chrome -----------------------------------------------------------------------
    def chrome(self, c, page: int, pages: int) -> None:
        """Header and footer of one page (drawn when the page count is known)."""
        L, L2, ts = self.L, self.L2, self.ts
        start = self.page_w - MARGIN if ts.rtl else MARGIN
        end = MARGIN if ts.rtl else self.page_w - MARGIN
        wide, half = self.frame_w * 0.56, self.frame_w * 0.42
        top = self.page_h - MARGIN
        inst = self.data.get("institution") or {}
        st = TextStyle(9.5, bold=True, align="start")
        en = TextStyle(12, bold=True, align="end")
        name = inst.get("name") or L("institution_unknown")
        logo_w = self._draw_logo(c, inst.get("logo_path"), top)
        if logo_w:
            start = start - logo_w if ts.rtl else start + logo_w
            wide -= logo_w
        draw_line(c, ts, name, start, top - 10, st, max_width=wide)
        if inst.get("address"):
            draw_line(
                c, ts, inst["address"], start, top - 20, SMALL.with_(align="start"), max_width=wide
            )
        draw_line(c, ts, L("report_title"), end, top - 10, en, max_width=half, direction=self.dir)
        y = top - 20
        if L2:
            draw_line(
                c,
                ts,
                L2("report_title"),
                end,
                y,
                TextStyle(8, colour=GREY, align="end"),
                max_width=half,
                direction=self.dir2,
            )
            y -= 9.5
        ref = self.check.get("ref_no") or self.check.get("id") or ""
        info = SMALL.with_(align="end", colour=colors.black)
        draw_line(
            c, ts, f"{L('check_ref')}: {ref}", end, y, info, max_width=half, direction=self.dir
        )
        draw_line(
            c,
            ts,
            f"{L('report_date')}: {L.date(self.check.get('check_date'))}",
            end,
            y - 9.5,
            info,
            max_width=half,
            direction=self.dir,
        )
        if (self.check.get("status") or "draft") not in ("final", "finalized", "approved"):
            draw_line(
                c,
                ts,
                L("draft_mark"),
                start,
                top - HEADER_H + 9,
                TextStyle(8, bold=True, colour=colors.Color(0.75, 0.1, 0.1), align="start"),
                max_width=half,
                direction=self.dir,
            )
        c.setStrokeColor(RULE)
        c.setLineWidth(0.6)
        c.line(MARGIN, top - HEADER_H + 4, self.page_w - MARGIN, top - HEADER_H + 4)
        # footer
        fy = MARGIN + FOOTER_H - 6
        c.line(MARGIN, fy + 2, self.page_w - MARGIN, fy + 2)
        pg = L("page_x_of_y", page=L.digits(str(page)), pages=L.digits(str(pages)))
        if L2:
            pg += "  ·  " + L2(
                "page_x_of_y", page=L2.digits(str(page)), pages=L2.digits(str(pages))
            )
        draw_line(c, ts, pg, end, fy - 9, TextStyle(8, align="end"), direction=self.dir)
        rec_hash = self.check.get("record_hash")
        hash_text = rec_hash or L("hash_not_final")
        draw_line(
            c,
            ts,
            f"{L('record_hash')}:",
            start,
            fy - 9,
            SMALL.with_(align="start"),
            direction=self.dir,
            max_width=self.frame_w * 0.6,
        )
        draw_line(
            c,
            ts,
            hash_text,
            start,
            fy - 18,
            TextStyle(6.5, colour=GREY, align="start"),
            max_width=self.frame_w * 0.7,
            direction="L" if rec_hash else self.dir,
        )
        gen = f"{L('generated')}: {format_date(self.when.isoformat(), self.lang)}"
        draw_line(
            c, ts, gen, end, fy - 18, TextStyle(6.5, colour=GREY, align="end"), direction=self.dir
        )

    def _draw_logo(self, c, path, top: float) -> float:
        """Draw the institution's logo at the header's start; returns the width it takes."""
        if not path or not os.path.isfile(path):
            return 0.0
        if not hasattr(self, "_logo"):
            try:
                from PIL import Image as _PILImage

                with _PILImage.open(path) as im:
                    im = im.convert("RGB")  # PDF/A: no transparency groups from the logo
                    w, h = im.size
                    buf = io.BytesIO()
                    im.save(buf, "PNG")
                self._logo = (ImageReader(io.BytesIO(buf.getvalue())), w / max(h, 1))
            except (OSError, ValueError):
                self._logo = None
        if not self._logo:
            return 0.0
        reader, ratio = self._logo
        h = 12 * mm
        w = min(h * ratio, 40 * mm)
        x = self.page_w - MARGIN - w if self.ts.rtl else MARGIN
        c.drawImage(reader, x, top - h + 2, width=w, height=h, preserveAspectRatio=True)
        return w + 3 * mm

    # --- assembly --------------------------------------------------------------------------
    def metadata(self) -> dict:
        ck, it = self.check, self.item
        title = f"{self.L('report_title')}: {it.get('inventory_no') or ''} {ck.get('ref_no') or ''}"
        inst = (self.data.get("institution") or {}).get("name")
        return {
            "title": " ".join(title.split()),
            "author": ck.get("checker") or inst or "Conservator",
            "subject": str(it.get("title") or ""),
            "lang": self.lang,
            "date": self.when.isoformat(),
            "tool": f"Conservator {__version__}",
            "keywords": (
                pdf_keywords(ck.get("id"), ck.get("ref_no"), ck["record_hash"], anchor)
                if (anchor := self.data.get("anchor")) and ck.get("record_hash")
                else None
            ),
        }

    def build(self) -> bytes:
        return build_document(self, self.story())


def build_document(report, story) -> bytes:
    """Lay ``story`` out on ``report``'s pages (size, frame, metadata, header and footer drawn by
    ``report.chrome`` once the page count is known) and return the PDF bytes. Shared by the
    condition report and the survey report."""
    buf = io.BytesIO()
    meta = report.metadata()
    doc = BaseDocTemplate(
        buf,
        pagesize=(report.page_w, report.page_h),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_H,
        bottomMargin=MARGIN + FOOTER_H,
        title=meta["title"],
        author=meta["author"],
        subject=meta["subject"],
        creator=meta["tool"],
        producer=meta["tool"],
        lang=report.lang,
        initialFontName=LATIN,
    )
    frame = Frame(
        MARGIN,
        MARGIN + FOOTER_H,
        report.frame_w,
        report.frame_h,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    saved = rl_config.useA85
    rl_config.useA85 = 0  # ASCII85 in pure Python costs ~1 s per report and 25 % size
    try:
        doc.build(story, canvasmaker=_numbered_canvas(report.chrome))
    finally:
        rl_config.useA85 = saved
    return buf.getvalue()


def _numbered_canvas(chrome):
    """A canvas class that draws header and footer once the total page count is known."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab API)
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                chrome(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas
