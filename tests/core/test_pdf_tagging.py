"""The report is a tagged PDF (structure tree in reading order, headings, alternative text for
the map and the detail crops, the document language) and stays valid PDF/A-2b; it does not
claim PDF/UA."""

from __future__ import annotations

import re

import pikepdf
import pytest

from conservator.report.i18n import catalogue
from conservator.report.pdf import render_report
from tests.core.report_fixtures import make_report_data


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tagged")
    data = make_report_data(folder / "data")
    return {
        lang: render_report(data, folder / f"{lang}.pdf", lang=lang) for lang in ("en", "fa", "ru")
    }


def _elements(pdf):
    doc = pdf.Root.StructTreeRoot.K
    assert doc.S == "/Document"
    return list(doc.K)


@pytest.mark.parametrize("lang", ["en", "fa", "ru"])
def test_structure_tree_with_headings_figures_and_language(reports, lang):
    with pikepdf.open(reports[lang]) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == lang
        assert str(pdf.Root.StructTreeRoot.K.Lang) == lang
        elems = _elements(pdf)
        roles = [str(e.S) for e in elems]
        assert roles.count("/H2") >= 8  # every section heading
        assert roles.count("/P") >= len(pdf.pages)
        figures = [e for e in elems if e.S == "/Figure"]
        assert len(figures) >= 2  # the damage map and the detail crops
        alts = [str(e.Alt) for e in figures]
        assert alts[0] == catalogue(lang)["alt_map"]
        assert all(a.strip() for a in alts)
        headings = [e for e in elems if e.S == "/H2"]
        assert headings[0].Pg.objgen == pdf.pages[0].obj.objgen


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_every_element_points_at_marked_content_of_its_page(reports, lang):
    with pikepdf.open(reports[lang]) as pdf:
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        parents = dict(zip(nums[::2], nums[1::2], strict=True))
        for i, page in enumerate(pdf.pages):
            assert page.obj.StructParents == i
            mcids, depth = [], 0
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "BDC":
                    depth += 1
                    if len(operands) > 1 and isinstance(operands[1], pikepdf.Dictionary):
                        if "/MCID" in operands[1]:
                            mcids.append(int(operands[1].MCID))
                elif str(op) == "BMC":
                    depth += 1
                elif str(op) == "EMC":
                    depth -= 1
                assert depth >= 0
            assert depth == 0, f"page {i + 1}: unbalanced marked content"
            assert mcids == list(range(len(mcids)))
            elems = list(parents[i])
            assert [int(e.K) for e in elems] == mcids
            assert all(e.Pg.objgen == page.obj.objgen for e in elems)


def test_still_pdfa_2b_and_no_pdfua_claim(reports):
    for path in reports.values():
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert meta.pdfa_status == "2B"
            xmp = bytes(pdf.Root.Metadata.read_bytes()).decode("utf-8", "replace")
            assert not re.search(r"pdfuaid", xmp)


def test_persian_structure_reads_right_to_left(reports):
    """In a Persian report the cells are drawn, hence tagged, from the right: detail 1 comes
    before detail 2, a field's label before its value."""
    with pikepdf.open(reports["fa"]) as pdf:
        elems = _elements(pdf)
        alts = [str(e.Alt) for e in elems if e.S == "/Figure"][1:]
        digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
        numbers = [int(re.search(r"[۰-۹]+", a).group().translate(digits)) for a in alts]
        assert numbers == sorted(numbers) and numbers[0] == 1, numbers
