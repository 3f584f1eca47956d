"""Layout of the printed report, read back with poppler as a reader would see it, in en, ru, kk,
fa and fa+en:

* text extracts as Unicode words in logical order (Persian "گزارش" is findable, the Russian and
  Kazakh titles read as typed);
* no word is split across lines (every extracted word is a word the report meant to print:
  "автоматическ" + "и" fails);
* keep-with-next: no page holds only an orphan — a page's body always has real content, the
  legend never leaves a row behind its map, the measurements footnote stays with its table and
  the signature block with the section before it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata

import pytest

from conservator.report.i18n import catalogue
from conservator.report.pdf import render_report
from tests.core.report_fixtures import LANGUAGE_CASES as CASES
from tests.core.report_fixtures import make_report_data

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")

#: The page body, between the running header and footer (points from the top of an A4 page).
BODY_TOP, BODY_H = 100, 655
_WORD = re.compile(r"[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]+")


def _text(pdf, *args) -> str:
    out = subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return unicodedata.normalize("NFC", out)


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def _body_lines(pdf, page: int) -> list[str]:
    text = _text(
        pdf, "-f", str(page), "-l", str(page), "-x", "0", "-y", str(BODY_TOP), "-W", "600",
        "-H", str(BODY_H), "-layout",
    )  # fmt: skip
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return make_report_data(tmp_path_factory.mktemp("layout-data"))


@pytest.fixture(scope="module")
def reports(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("layout")
    return {
        name: render_report(data, out / f"{name}.pdf", lang=lang, second_lang=second)
        for name, (lang, second) in CASES.items()
    }


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _dictionary(data, langs) -> set[str]:
    """Every word the report may print: its labels, the vocabulary, units and the record."""
    from conservator import l10n

    texts = _strings(data)
    for lang in langs:
        texts += _strings(catalogue(lang))
        texts += _strings(l10n.conventions(lang))
    texts += _strings(json.loads(json.dumps(data, default=str)))
    return {w.lower() for t in texts for w in _WORD.findall(t)} | {"utc"}


@pytest.mark.parametrize("name", ["en", "ru", "kk"])
def test_no_word_is_split_across_lines(reports, data, name):
    lang, second = CASES[name]
    words = _dictionary(data, {"en", lang, second or lang})
    text = _text(reports[name], "-layout")
    split = sorted({w for w in _WORD.findall(text) if len(w) >= 3 and w.lower() not in words})
    assert not split, f"words broken or unknown in {name}: {split}"


def test_russian_table_cells_keep_whole_words(reports):
    text = _text(reports["ru"], "-layout")
    assert "автоматически" in text
    assert not re.search(r"автоматическ\s*\n", text)


@pytest.mark.parametrize(
    "name, words",
    [
        ("ru", ["Акт о состоянии сохранности", "Сведения о единице хранения", "Измерения"]),
        ("kk", ["Сақтау бірлігі туралы мәліметтер", "Өлшемдер"]),
        ("fa", ["گزارش", "گزارش وضعیت اثر", "مشخصات اثر"]),
        ("fa+en", ["گزارش", "گزارش وضعیت اثر", "Condition report"]),
        ("en", ["Condition report", "Item identification", "Measurements"]),
    ],
)
def test_words_extract_as_typed_in_logical_order(reports, name, words):
    text = " ".join(_text(reports[name]).split())
    missing = [w for w in words if w not in text]
    assert not missing, f"{name}: not found {missing}"


def _labels(lang, second, key) -> list[str]:
    return [catalogue(lang_)[key] for lang_ in (lang, second) if lang_]


@pytest.mark.parametrize("name", CASES)
def test_no_page_holds_only_an_orphan(reports, name):
    lang, second = CASES[name]
    pdf = reports[name]
    signature = _labels(lang, second, "section_signatures")
    note = catalogue(lang)["measurements_note"][:25]
    legend = _labels(lang, second, "legend")
    for page in range(1, _pages(pdf) + 1):
        lines = _body_lines(pdf, page)
        body = " ".join(lines)
        # real content: more than a footnote, a legend row or a lone line
        assert len(lines) >= 4, f"{name} page {page} holds only: {lines}"
        # the signature block and the footnote follow something on their page
        first = lines[0]
        assert not any(s in first for s in signature), f"{name} p{page}: signature alone"
        assert not " ".join(lines[:2]).startswith(note), f"{name} p{page}: footnote alone"
        if any(word in body for word in legend):
            continue
    # the legend is on the page of the map, with every one of its rows
    map_pages = [
        p
        for p in range(1, _pages(pdf) + 1)
        if any(w in " ".join(_body_lines(pdf, p)) for w in legend)
    ]
    assert len(map_pages) == 1, f"{name}: legend over pages {map_pages}"


@pytest.mark.parametrize("name", CASES)
def test_the_measurements_footnote_shares_the_page_of_its_table(reports, name):
    lang, second = CASES[name]
    pdf = reports[name]
    note = _flat(" ".join(catalogue(lang)["measurements_note"].split()[:3]))
    heading = _flat(catalogue(lang)["section_measurements"])
    pages = [p for p in range(1, _pages(pdf) + 1) if note in _flat(_page_text(pdf, p))]
    assert pages, f"{name}: footnote not found"
    assert heading in _flat(_page_text(pdf, pages[0])), (
        f"{name}: the footnote is on page {pages[0]} without its table"
    )


def _page_text(pdf, page: int) -> str:
    return _text(pdf, "-f", str(page), "-l", str(page))


def _flat(text: str) -> str:
    """Text compared without spacing and joiners (extraction drops the ZWNJ of میلی‌متر)."""
    text = unicodedata.normalize("NFKC", text.replace("\u0647\u0654", "\u06c0"))
    return re.sub(r"[\s\u200c-\u200f\u202a-\u202e\u2066-\u2069]", "", text)
