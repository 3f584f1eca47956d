"""Report languages: catalogues, Jalali dates, number formats, right-to-left line layout."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest

from conservator.errors import ExportError
from conservator.report.i18n import (
    LANGUAGES,
    Labels,
    format_date,
    format_number,
    gregorian_to_jalali,
    jalali_to_gregorian,
    resources_dir,
)
from conservator.report.text import Typesetter


def _cat(lang):
    return json.loads((resources_dir() / "i18n" / f"report.{lang}.json").read_text("utf-8"))


@pytest.mark.parametrize(
    "greg, jalali",
    [
        ("1979-02-11", (1357, 11, 22)),  # 22 Bahman 1357
        ("2000-01-01", (1378, 10, 11)),
        ("2016-03-20", (1395, 1, 1)),  # Nowruz
        ("2024-03-20", (1403, 1, 1)),
        ("2025-03-20", (1403, 12, 30)),  # 1403 is a leap year: Esfand has 30 days
        ("2025-03-21", (1404, 1, 1)),
        ("2026-03-21", (1405, 1, 1)),
        ("2026-11-29", (1405, 9, 8)),
    ],
)
def test_jalali_known_dates(greg, jalali):
    day = dt.date.fromisoformat(greg)
    assert gregorian_to_jalali(day) == jalali
    assert jalali_to_gregorian(*jalali) == day


def test_jalali_round_trip_over_a_century():
    day = dt.date(1950, 1, 1)
    while day < dt.date(2060, 1, 1):
        assert jalali_to_gregorian(*gregorian_to_jalali(day)) == day
        day += dt.timedelta(days=7)


def test_persian_date_shows_jalali_month_and_persian_digits():
    text = format_date("2026-03-21", "fa")
    assert "فروردین" in text
    assert "۱۴۰۵" in text and "۲۰۲۶/۰۳/۲۱" in text
    assert not any(c.isascii() and c.isdigit() for c in text)
    assert format_date("2026-03-21", "ru") == "2026-03-21"
    assert format_date("2026-03-22T09:30:00Z", "en") == "2026-03-22 09:30 UTC"
    assert format_date("about 1867", "en") == "about 1867"  # free text stays as typed


def test_numbers_follow_each_language():
    assert format_number(12345.67, "en", 1) == "12,345.7"
    assert format_number(12345.67, "ru", 1) == "12\u00a0345,7"
    assert format_number(12345.67, "fa", 1) == "۱۲٬۳۴۵٫۷"
    assert format_number(3, "kk") == "3"
    assert format_number(None, "en") == "–"


def test_catalogues_are_complete_and_marked_for_review():
    en = _cat("en")
    for lang in LANGUAGES:
        cat = _cat(lang)
        missing = set(en) - set(cat)
        assert not missing, f"{lang} lacks {sorted(missing)}"
        for key, value in cat.items():
            if isinstance(value, str):
                assert value.strip(), f"{lang}:{key} is empty"
                assert value.count("{") == en[key].count("{"), f"{lang}:{key} placeholders"
        if lang != "en":
            assert "review" in cat["_meta"]["status"]
            assert cat["report_title"] != en["report_title"]


def test_kazakh_and_persian_catalogues_use_their_own_letters():
    kk = json.dumps(_cat("kk"), ensure_ascii=False)
    for letter in "ӘҚӨҰҮІәғқңөұүі":
        assert letter in kk, letter
    fa = json.dumps(_cat("fa"), ensure_ascii=False)
    assert "\u064a" not in fa and "\u0643" not in fa  # Arabic yeh/kaf instead of Persian ی/ک
    assert len(_cat("fa")["jalali_months"]) == 12


def test_labels_fall_back_from_vocab_to_catalogue_to_code():
    vocab = {"damage": {"foxing": {"en": "foxing", "fa": "لکه‌های زنگاری"}}}
    fa = Labels("fa", vocab)
    assert fa.term("damage", "foxing") == "لکه‌های زنگاری"
    assert fa.term("grade", "poor") == "ضعیف"  # from the catalogue
    assert fa.term("damage", "new_code") == "new code"
    assert fa.term("object_type", "Hand-written_Letter") == "Hand-written_Letter"  # free text
    with pytest.raises(ExportError):
        Labels("de")


def _logical(run_text: str) -> str:
    """Undo the visual order of one RTL line: words right to left, Persian words reversed."""
    words = run_text.split(" ")[::-1]
    words = [w[::-1] if any("\u0600" <= unicodedata.normalize("NFKC", c)[:1] <= "\u06ff"
                            and not c.isdigit() for c in w) else w for w in words]  # fmt: skip
    return unicodedata.normalize("NFKC", " ".join(words))


def test_persian_paragraph_wraps_before_reordering():
    ts = Typesetter(rtl=True)
    text = "این برگه در سال ۱۳۵۷ مرمت شده است و لبه‌های آن شکننده هستند"
    lines = ts.lines(text, 120, 10)
    assert len(lines) >= 2
    first = _logical("".join(t for t, _ in lines[0]))
    # the first printed line holds the first words of the sentence, in order
    assert first.startswith("این برگه")
    joined = " ".join(_logical("".join(t for t, _ in line)) for line in lines)
    assert (
        unicodedata.normalize("NFKC", joined).split()
        == unicodedata.normalize("NFKC", text.replace("\u200c", "")).split()
    )


def test_user_text_is_never_markup_and_overrides_are_dropped():
    ts = Typesetter(rtl=False)
    (line,) = ts.lines("<b>x</b> & <i>\u202eevil\x00", 500, 9)
    text = "".join(t for t, _ in line)
    assert text == "<b>x</b> & <i>evil"


def test_text_block_splits_over_pages_without_losing_lines():
    from conservator.report.text import TextBlock, TextStyle

    ts = Typesetter(rtl=True)
    block = TextBlock(ts, "این برگه شکننده است. " * 40, TextStyle(9))
    _w, h = block.wrap(200, 10_000)
    top, rest = block.split(200, h / 2)
    assert len(top._layout(200)) + len(rest._layout(200)) == len(block._layout(200))
    # asked to split when everything fits (reportlab table rows do): two parts, none lost
    whole, empty = block.split(200, h + 1)
    assert len(whole._layout(200)) == len(block._layout(200)) and empty.wrap(200, 50)[1] == 0
    assert block.split(200, 1) == []
