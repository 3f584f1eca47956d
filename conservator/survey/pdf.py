"""The printed survey report: method, sample, tables with intervals, a bar chart of the
proportions with their 95 % intervals, the grade distribution, strata and the ranked list.

It reuses the condition report's typesetting (:mod:`conservator.report.text`: fonts, Persian
shaping and bidi, right-to-left layout), label lookup and number formats
(:mod:`conservator.report.i18n`), class colours (:mod:`conservator.report.figures`), the page
furniture and the PDF/A-2b conversion (:mod:`conservator.report.pdf`). Survey labels are in
``resources/i18n/survey.<lang>.json`` (same rules as the report catalogues).
"""

from __future__ import annotations

import datetime as _dt
import json
from functools import cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, Spacer, Table

from conservator import __version__
from conservator.errors import ExportError
from conservator.report.figures import class_colours
from conservator.report.i18n import RTL_LANGUAGES, Labels, check_language, format_date
from conservator.report.pdf import (
    BODY,
    FOOTER_H,
    GREY,
    HEAD,
    HEADER_H,
    LABEL,
    LIGHT,
    MARGIN,
    RULE,
    SMALL,
    _Rule,
    _write_pdfa,
    build_document,
)
from conservator.report.text import LATIN, TextBlock, TextStyle, Typesetter, draw_line
from conservator.resources import resources_dir

#: Rows of the ranked list printed (the JSON holds all of ``most_in_need``).
NEED_ROWS = 20


@cache
def _survey_catalogue(lang: str) -> dict:
    path = resources_dir() / "i18n" / f"survey.{lang}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExportError(
            "the survey label catalogue is missing (broken installation)", path
        ) from None


class SurveyLabels(Labels):
    """Report labels plus the survey catalogue (same fallbacks: English, then the key)."""

    def __init__(self, lang: str, vocab: dict | None = None):
        super().__init__(lang, vocab)
        self.cat = {**self.cat, **_survey_catalogue(lang)}
        self.fallback = {**self.fallback, **_survey_catalogue("en")}


def render(doc: dict, out_path, *, lang: str = "en", generated_at=None) -> Path:
    """Write the survey report of ``doc`` (:func:`conservator.survey.report.survey_document`)
    as a PDF/A-2b file, atomically."""
    check_language(lang)
    out = Path(out_path)
    if not out.parent.exists():
        raise ExportError("the folder for the report does not exist", out.parent)
    when = generated_at or _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    rep = _SurveyReport(doc, lang, when)
    _write_pdfa(rep.build(), out, rep.metadata())
    return out


class _BarChart(Flowable):
    """Horizontal bars (proportion, 0–100 %) with 95 % interval whiskers, one per class."""

    def __init__(self, rep: _SurveyReport, rows: list[tuple[str, str, float, float, float]]):
        super().__init__()
        self.rep, self.rows = rep, rows
        self.bar_h, self.gap = 11.0, 6.0

    def wrap(self, availWidth, availHeight):  # noqa: N803 (reportlab API)
        self.width = availWidth
        self.height = len(self.rows) * (self.bar_h + self.gap) + 22
        return self.width, self.height

    def draw(self):
        c, ts, L = self.canv, self.rep.ts, self.rep.L
        rtl = ts.rtl
        label_w = 0.22 * self.width
        plot_w = self.width - label_w - 36
        x0 = 36 if rtl else label_w  # where 0 % is (mirrored: 100 % on the left)

        def X(frac: float) -> float:
            f = min(max(frac, 0.0), 1.0)
            return x0 + (1 - f) * plot_w if rtl else x0 + f * plot_w

        axis_y = 14
        c.saveState()
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        tick = TextStyle(6.5, colour=GREY, align="center")
        for t in range(0, 101, 20):
            c.line(X(t / 100), axis_y, X(t / 100), self.height)
            draw_line(c, ts, L.digits(f"{t} %"), X(t / 100), axis_y - 8, tick)
        for i, (code, label, p, lo, hi) in enumerate(self.rows):
            y = self.height - (i + 1) * (self.bar_h + self.gap)
            r, g, b = self.rep.colours.get(code, (90, 90, 90))
            c.setFillColor(colors.Color(r / 255, g / 255, b / 255))
            c.setStrokeColor(colors.Color(r / 255, g / 255, b / 255))
            left, right = sorted((X(0), X(p)))
            c.rect(left, y, max(right - left, 0.6), self.bar_h, stroke=0, fill=1)
            c.setStrokeColor(colors.black)
            c.setLineWidth(0.9)
            ym = y + self.bar_h / 2
            c.line(X(lo), ym, X(hi), ym)
            for v in (lo, hi):
                c.line(X(v), ym - 3.5, X(v), ym + 3.5)
            lab_x = self.width if rtl else label_w - 6
            draw_line(
                c,
                ts,
                label,
                lab_x,
                y + 2.5,
                BODY.with_(align="right"),
                max_width=label_w - 8,
                direction=self.rep.dir,
            )
            pct = L.number(100 * p, 1) + " %"
            side_x = X(hi) + (-4 if rtl else 4)
            draw_line(
                c,
                ts,
                pct,
                side_x,
                y + 2.5,
                SMALL.with_(colour=colors.black, align="right" if rtl else "left"),
            )
        c.restoreState()


class _SurveyReport:
    def __init__(self, doc: dict, lang: str, when):
        self.doc = doc
        self.lang = lang
        self.L = SurveyLabels(lang, doc.get("vocab") or {})
        self.ts = Typesetter(rtl=lang in RTL_LANGUAGES)
        self.dir = "R" if self.ts.rtl else "L"
        self.when = when
        self.page_w, self.page_h = A4
        self.frame_w = self.page_w - 2 * MARGIN
        self.frame_h = self.page_h - 2 * MARGIN - HEADER_H - FOOTER_H
        self.colours = class_colours(list(doc.get("classes") or {}), doc.get("vocab"))

    # --- small builders (as in the condition report) ----------------------------------------
    def t(self, text, style: TextStyle = BODY) -> TextBlock:
        return TextBlock(self.ts, text, style, None)

    def lab(self, text, style: TextStyle = LABEL) -> TextBlock:
        return TextBlock(self.ts, text, style, self.dir)

    def heading(self, key: str) -> list:
        parts = [Spacer(1, 8), self.lab(self.L(key), HEAD), _Rule()]
        for p in parts:
            p.keepWithNext = True
        return parts

    def row(self, cells: list) -> list:
        return list(reversed(cells)) if self.ts.rtl else list(cells)

    def table(self, rows, fractions, *, header: bool = True) -> Table:
        widths = [f * self.frame_w for f in fractions]
        tbl = Table(
            [self.row(r) for r in rows],
            colWidths=list(reversed(widths)) if self.ts.rtl else widths,
            repeatRows=1 if header else 0,
            splitInRow=1,
            hAlign="RIGHT" if self.ts.rtl else "LEFT",
        )
        tbl.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                *([("BACKGROUND", (0, 0), (-1, 0), LIGHT)] if header else []),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("FONTNAME", (0, 0), (-1, -1), LATIN),
            ]
        )
        return tbl

    def term(self, scheme: str, code) -> str:
        return self.L.term(scheme, code)

    def pct(self, v) -> str:
        return "–" if v is None else self.L.number(100 * v, 1) + " %"

    def interval(self, v, ci, *, scale: float = 100.0, unit: str = " %") -> str:
        if v is None or not ci:
            return "–"
        num = self.L.number
        return f"{num(scale * v, 1)}{unit} [{num(scale * ci[0], 1)}–{num(scale * ci[1], 1)}]"

    def leaf(self, v, ci) -> str:
        if v is None or not ci:
            return "–"
        num = self.L.number
        return f"{num(v, 2)} [{num(ci[0], 2)}–{num(ci[1], 2)}]"

    # --- sections ---------------------------------------------------------------------------
    def story(self) -> list:
        s, L = self.doc["survey"], self.L
        out: list = [self.lab(f"{L('survey_name')}: {s['name']}", HEAD.with_(size=14))]
        out += self.heading("section_method")
        n, N = L.digits(s["sample"]), L.digits(s["population"])
        if s.get("sampling") == "census":
            how = L("method_census", N=N)
        elif s.get("sampling") == "stratified":
            how = L(
                "method_stratified", n=n, N=N, field=s["strata_field"], seed=L.digits(s["seed"])
            )
        else:
            how = L("method_random", n=n, N=N, seed=L.digits(s["seed"]))
        preset = L(f"preset_{s.get('preset') or 'balanced'}")
        out.append(self.lab(how, BODY))
        out.append(Spacer(1, 3))
        out.append(self.lab(L("method_analysis", preset=preset), BODY))
        facts = [
            (L("source"), s.get("source") or ""),
            (L("population"), L.digits(s["population"])),
            (L("sample"), L.digits(s["sample"])),
            (L("done"), L.digits(s["done"])),
            (L("failed"), L.digits(s["failed"])),
            (
                L("detectors"),
                ", ".join(self.term("damage", d) for d in (s.get("detectors") or [])),
            ),
        ]
        out.append(Spacer(1, 4))
        out.append(
            self.table(
                [[self.lab(k, LABEL), self.t(v)] for k, v in facts], [0.3, 0.7], header=False
            )
        )
        if s.get("pending"):
            out.append(Spacer(1, 3))
            text = L("incomplete", pending=L.digits(s["pending"]), done=L.digits(s["done"]))
            out.append(self.lab(text, BODY.with_(bold=True)))
        out += self.results()
        out += self.chart()
        out += self.grades()
        out += self.strata()
        out += self.needs()
        out += self.failures()
        out.append(Spacer(1, 8))
        for key in ("method_proportion", "method_pct", "method_need"):
            out.append(self.lab(L(key), SMALL.with_(colour=colors.black)))
            out.append(Spacer(1, 2))
        return out

    def class_rows(self, classes: dict) -> list:
        L = self.L
        head = [
            self.lab(L(k), LABEL)
            for k in (
                "col_class",
                "col_affected",
                "col_proportion",
                "col_mean",
                "col_median",
                "col_not_measured",
            )
        ]
        rows = [head]
        for code, c in classes.items():
            rows.append(
                [
                    self.lab(self.term("damage", code), BODY),
                    self.t(L.digits(f"{c['affected']} / {c.get('measured', '')}")),
                    self.t(self.interval(c["proportion"], c["ci95"])),
                    self.t(self.leaf(c["mean_pct_leaf"], c["mean_pct_leaf_ci95"])),
                    self.t(self.leaf(c.get("median_pct_leaf"), c.get("median_pct_leaf_ci95"))),
                    self.t(L.digits(c.get("not_measured", 0))),
                ]
            )
        return rows

    def results(self) -> list:
        classes = self.doc.get("classes") or {}
        if not classes:
            return []
        return [
            *self.heading("section_results"),
            self.table(self.class_rows(classes), [0.15, 0.13, 0.22, 0.2, 0.2, 0.1]),
        ]

    def chart(self) -> list:
        rows = [
            (code, self.term("damage", code), c["proportion"], c["ci95"][0], c["ci95"][1])
            for code, c in (self.doc.get("classes") or {}).items()
            if c.get("proportion") is not None
        ]
        return [*self.heading("section_chart"), _BarChart(self, rows)] if rows else []

    def grades(self) -> list:
        L = self.L
        g = self.doc.get("grades") or {}
        rows = [[self.lab(L(k), LABEL) for k in ("col_class", "col_count", "col_proportion")]]
        rows[0][0] = self.lab(L("section_grades"), LABEL)
        for code in ("good", "fair", "poor", "unacceptable"):
            if code in g:
                v = g[code]
                rows.append(
                    [
                        self.lab(self.term("grade", code), BODY),
                        self.t(L.digits(v["count"])),
                        self.t(self.interval(v["proportion"], v["ci95"])),
                    ]
                )
        if (g.get("ungraded") or {}).get("count"):
            rows.append(
                [
                    self.lab(L("ungraded"), BODY),
                    self.t(L.digits(g["ungraded"]["count"])),
                    self.t(""),
                ]
            )
        return [*self.heading("section_grades"), self.table(rows, [0.3, 0.2, 0.35])]

    def strata(self) -> list:
        strata = self.doc.get("strata") or {}
        if not strata:
            return []
        L = self.L
        out = self.heading("section_strata")
        for name, st in strata.items():
            title = (
                f"{L('col_stratum')}: {name or '–'} · {L('population')}: "
                f"{L.digits(st.get('population', ''))} · {L('sample')}: {L.digits(st['sample'])}"
            )
            out += [Spacer(1, 4), self.lab(title, LABEL)]
            if st.get("classes"):
                out.append(
                    self.table(self.class_rows(st["classes"]), [0.15, 0.13, 0.22, 0.2, 0.2, 0.1])
                )
        return out

    def needs(self) -> list:
        need = (self.doc.get("most_in_need") or [])[:NEED_ROWS]
        if not need:
            return []
        L = self.L
        head = [
            self.lab(L(k), LABEL)
            for k in (
                "col_rank",
                "col_item",
                "col_page",
                "section_grades",
                "col_found",
                "col_mean",
                "col_score",
            )
        ]
        head[5] = self.lab("% " if not self.ts.rtl else "٪", LABEL)
        rows = [head]
        for n in need:
            found = ", ".join(self.term("damage", c) for c in n["classes"]) or L("none")
            rows.append(
                [
                    self.t(L.digits(n["rank"])),
                    self.t(n["inventory_no"]),
                    self.t(L.digits(n["page"])),
                    self.lab(self.term("grade", n["grade"]) if n["grade"] else "–", BODY),
                    self.lab(found, BODY),
                    self.t(L.number(n["pct_leaf"] or 0, 2)),
                    self.t(L.digits(n["score"])),
                ]
            )
        return [
            *self.heading("section_need"),
            self.table(rows, [0.06, 0.24, 0.08, 0.14, 0.28, 0.1, 0.1]),
        ]

    def failures(self) -> list:
        bad = [i for i in self.doc.get("items") or [] if i["status"] == "failed"]
        if not bad:
            return []
        L = self.L
        rows = [[self.lab(L(k), LABEL) for k in ("col_item", "col_page", "col_error")]]
        for i in bad[:50]:
            rows.append(
                [self.t(i["inventory_no"]), self.t(L.digits(i["page"])), self.t(i["error"] or "")]
            )
        return [*self.heading("section_failed"), self.table(rows, [0.25, 0.08, 0.67])]

    # --- page furniture and assembly ----------------------------------------------------------
    def chrome(self, c, page: int, pages: int) -> None:
        L, ts = self.L, self.ts
        start = self.page_w - MARGIN if ts.rtl else MARGIN
        end = MARGIN if ts.rtl else self.page_w - MARGIN
        top = self.page_h - MARGIN
        draw_line(
            c,
            ts,
            L("survey_title"),
            start,
            top - 12,
            HEAD.with_(align="start"),
            max_width=self.frame_w * 0.6,
            direction=self.dir,
        )
        draw_line(
            c,
            ts,
            self.doc["survey"]["name"],
            end,
            top - 12,
            BODY.with_(align="end"),
            max_width=self.frame_w * 0.38,
        )
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(MARGIN, top - HEADER_H + 4, self.page_w - MARGIN, top - HEADER_H + 4)
        fy = MARGIN + FOOTER_H - 6
        c.line(MARGIN, fy, self.page_w - MARGIN, fy)
        pg = L("page_x_of_y", page=L.digits(page), pages=L.digits(pages))
        draw_line(c, ts, pg, start, fy - 10, SMALL.with_(align="start"), direction=self.dir)
        gen = f"{L('generated')}: {format_date(self.when.isoformat(), self.lang)}"
        draw_line(
            c, ts, gen, end, fy - 10, TextStyle(6.5, colour=GREY, align="end"), direction=self.dir
        )

    def metadata(self) -> dict:
        return {
            "title": f"{self.L('survey_title')}: {self.doc['survey']['name']}",
            "author": "Conservator",
            "subject": self.doc["survey"].get("method") or "",
            "lang": self.lang,
            "date": self.when.isoformat(),
            "tool": f"Conservator {__version__}",
        }

    def build(self) -> bytes:
        return build_document(self, self.story())
