"""Persian reports can be searched and copied: pdftotext gives the letters a user types, in
logical order, not the shaped presentation forms; PDF/A stays valid."""

import shutil
import subprocess
import unicodedata

import pikepdf
import pytest

from conservator.report.pdf import render_report
from conservator.report.tounicode import base_letters, rewrite_cmap
from tests.core.report_fixtures import make_report_data

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return unicodedata.normalize("NFC", out.stdout)


def _presentation_forms(text: str) -> int:
    return sum(0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF for c in text)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return make_report_data(tmp_path_factory.mktemp("fa"))


@pytest.mark.parametrize("second", [None, "en"])
def test_persian_report_extracts_as_persian_words_in_logical_order(data, tmp_path, second):
    out = tmp_path / "fa.pdf"
    render_report(data, out, lang="fa", second_lang=second)
    text = _text(out)
    assert "گزارش وضعیت اثر" in text  # "condition report", the title, as typed
    assert "مشخصات اثر" in text and "تاریخ" in text
    assert _presentation_forms(text) == 0
    if second == "en":
        assert "Condition report" in text or "CONDITION REPORT" in text.upper()
    assert pikepdf.open(out).open_metadata().pdfa_status == "2B"


def test_cmap_rewrite_maps_forms_to_letters_and_leaves_the_rest():
    cmap = b"2 beginbfchar\n<01> <FB94>\n<02> <FEFB>\n<03> <0041>\nendbfchar\n<00> <B8>"
    out = rewrite_cmap(cmap)
    assert b"<01> <06AF>" in out  # gaf
    assert b"<02> <06440627>" in out  # lam-alef: two letters
    assert b"<03> <0041>" in out and out.endswith(b"<00> <B8>")
    assert base_letters("ﺵ") == "ش" and base_letters("a") == "a"
