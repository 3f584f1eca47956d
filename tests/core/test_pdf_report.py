"""PDF condition reports, read back the way a reader (and an archive) would.

pdffonts: every font embedded, no base-14 font; pdftotext: the labels of each language are
there; pdftotext -bbox: Persian words run right to left; pdfimages: JPEG scan at most 300 ppi;
pdftoppm: pages are not blank and the damage overlay colours are on the map page; pikepdf:
PDF/A-2b with XMP title/author/date/language.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import numpy as np
import pikepdf
import pytest
from PIL import Image

from conservator.errors import ExportError
from conservator.report.pdf import render_report
from tests.core.report_fixtures import LANGUAGE_CASES as CASES
from tests.core.report_fixtures import make_report_data

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("pdffonts"), reason="poppler-utils missing"
)

BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


def _run(*args) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _norm(text: str) -> str:
    """pdftotext output and expected strings in one form: base letters, no bidi marks."""
    text = unicodedata.normalize("NFKC", text.replace("\u0647\u0654", "\u06c0"))
    text = re.sub(r"[\u200c-\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return " ".join(text.split())


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report-data")
    d = make_report_data(folder)
    d["item"]["location"] = "Қойма ӘҒҚҢӨҰҮҺІ әғқңөұүһі"  # every Kazakh letter, printed back
    return d


@pytest.fixture(scope="module")
def reports(data, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return {
        name: render_report(data, out / f"report-{name}.pdf", lang=lang, second_lang=second)
        for name, (lang, second) in CASES.items()
    }


@pytest.mark.parametrize("name", CASES)
def test_every_font_is_embedded_and_none_is_base14(reports, name):
    table = _run("pdffonts", str(reports[name])).splitlines()[2:]
    assert table, "no fonts at all"
    for row in table:
        cols = row.split()
        assert cols[-5] == "yes", f"not embedded: {row}"
        assert not cols[0].split("+")[-1].startswith(BASE14), row
    names = " ".join(row.split()[0] for row in table)
    assert "NotoSans" in names
    if name.startswith("fa"):
        assert "Vazirmatn" in names


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "en",
            [
                "Condition report",
                "Page 1 of",
                "Item identification",
                "Letter of the Kokand",
                "Environmental conditions",
                "Store 2: 45–55 % RH, 18 °C",
            ],
        ),
        ("ru", ["Акт о состоянии сохранности", "Страница 1 из", "Карта повреждений", "утрата"]),
        ("kk", ["Сақталу жай-күйі туралы акт", "Зақымданулар картасы", "ӘҒҚҢӨҰҮҺІ әғқңөұүһі"]),
        ("fa", ["گزارش وضعیت اثر", "صفحهٔ", "نقشهٔ آسیب‌ها", "F-12/3-45", "فروردین", "۱۴۰۵"]),
        ("fa+en", ["گزارش وضعیت اثر", "Condition report", "Item identification", "مشخصات اثر"]),
    ],
)
def test_labels_of_each_language_are_in_the_text(reports, name, expected):
    # spaces around Persian digits are not always recovered by pdftotext: compare without them
    text = _norm(_run("pdftotext", str(reports[name]), "-")).replace(" ", "")
    for s in expected:
        assert _norm(s).replace(" ", "") in text, s


def test_footer_numbers_pages_and_prints_the_record_hash(reports, data):
    pdf = reports["en"]
    pages = len(pikepdf.open(pdf).pages)
    assert pages >= 3
    text = _run("pdftotext", str(pdf), "-")
    assert f"Page {pages} of {pages}" in text
    assert text.count(data["check"]["record_hash"]) == pages
    n = len(pikepdf.open(reports["fa"]).pages)
    last = "".join("۰۱۲۳۴۵۶۷۸۹"[int(c)] for c in str(n))
    footer = _line_reading_right_to_left(_words(reports["fa"], n), "صفحهٔ", left_half=True)
    assert footer[:4] == [_norm("صفحهٔ"), last, _norm("از"), last]


def _words(pdf: Path, page: int = 1):
    xml = _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [
        (float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, xml)
    ]


def _line_reading_right_to_left(words, first_word: str, *, left_half=False):
    """The words on the line of ``first_word``, ordered right to left, in logical letters."""
    target = _norm(first_word)
    if left_half:  # only the left half of the page (the footer has text on both sides)
        words = [w for w in words if w[2] < 595 / 2]
    hits = [w for w in words if _norm(w[4][::-1]) == target]
    assert hits, f"{first_word} not found"
    y = hits[0][1]
    line = sorted((w for w in words if abs(w[1] - y) < 2), key=lambda w: -w[0])
    return [_norm(w[4][::-1]) for w in line]


def test_persian_words_run_right_to_left(reports):
    words = _words(reports["fa"])
    title = _line_reading_right_to_left(words, "گزارش")
    assert title[:3] == [_norm(w) for w in ("گزارش", "وضعیت", "اثر")]
    # mirrored layout: the Persian title is on the left half, the field labels on the right
    width = 595.0
    gozaresh = next(w for w in words if _norm(w[4][::-1]) == _norm("گزارش"))
    assert gozaresh[2] < width / 2
    label = next(w for w in words if _norm(w[4][::-1]) == _norm("عنوان"))
    assert label[0] > width * 0.6


def test_pdfa_2b_with_xmp_metadata(reports, data):
    for name, pdf_path in reports.items():
        with pikepdf.open(pdf_path) as pdf:
            assert pikepdf.pdfa.check(pdf, "2b").passed, name
            meta = pdf.open_metadata()
            assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
            assert data["item"]["inventory_no"] in meta["dc:title"]
            assert meta["dc:creator"] == [data["check"]["checker"]]
            assert set(meta["dc:language"]) == {CASES[name][0]}
            assert meta["xmp:CreateDate"].startswith("20")
            assert str(pdf.Root.Lang) == CASES[name][0]


def test_scan_is_jpeg_at_most_300_ppi_and_overlays_lossless(reports):
    rows = _run("pdfimages", "-list", str(reports["en"])).splitlines()[2:]
    kinds = [(r.split()[2], r.split()[8], float(r.split()[12]), float(r.split()[13])) for r in rows]
    jpegs = [k for k in kinds if k[1] == "jpeg"]
    assert len(jpegs) >= 2  # the map and at least one detail
    assert all(k[0] == "image" for k in jpegs)
    assert any(k[0] == "smask" and k[1] != "jpeg" for k in kinds)  # transparent overlay
    assert all(k[2] <= 301 and k[3] <= 301 for k in kinds)


def _page_with(pdf: Path, text: str) -> int:
    pages = len(pikepdf.open(pdf).pages)
    for p in range(1, pages + 1):
        if text in _run("pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"):
            return p
    raise AssertionError(f"{text!r} on no page")


def _render(pdf: Path, page: int, tmp_path: Path) -> np.ndarray:
    stem = tmp_path / f"{pdf.stem}-{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-singlefile",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return np.asarray(Image.open(f"{stem}.png").convert("RGB")).astype(int)


def test_map_page_shows_the_overlay_colours(reports, data, tmp_path):
    page = _page_with(reports["en"], "Damage map")
    img = _render(reports["en"], page, tmp_path)
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    assert img.std() > 20  # not blank
    loss_amber = np.count_nonzero((g > 0.72 * r) & (r - b > 70))
    fading_green = np.count_nonzero((g - r > 8) & (g > 150))
    # the same report without masks has none of these colours
    bare = dict(data, masks={}, measurements={}, observations=[])
    plain = render_report(bare, tmp_path / "plain.pdf")
    img0 = _render(plain, _page_with(plain, "Damage map"), tmp_path)
    r0, g0, b0 = img0[..., 0], img0[..., 1], img0[..., 2]
    assert loss_amber > 200
    assert np.count_nonzero((g0 > 0.72 * r0) & (r0 - b0 > 70)) < loss_amber / 20
    assert fading_green > 500 and np.count_nonzero((g0 - r0 > 8) & (g0 > 150)) < fading_green / 20


@pytest.mark.parametrize("name", ["en", "fa", "kk"])
def test_no_page_is_blank(reports, name, tmp_path):
    pages = len(pikepdf.open(reports[name]).pages)
    for p in range(1, pages + 1):
        img = _render(reports[name], p, tmp_path)
        ink = np.count_nonzero(img.min(axis=2) < 128)
        assert ink > 1500, f"page {p} looks blank"


def test_hostile_user_text_is_printed_literally(data, tmp_path):
    hostile = dict(data)
    hostile["item"] = dict(
        data["item"],
        title='<b>bold</b> & <font name="Helvetica">x</font> <',
        inventory_no="A&amp;B<1>",
        materials="]]> <!-- \\x00",
    )
    hostile["check"] = dict(
        data["check"],
        summary="line one\nline two\u202e reversed?\x00\x07",
        checker="<script>alert(1)</script>",
    )
    long_note = "Бумага ломкая & <i>не трогать</i>. " * 600  # many pages of one note
    hostile["observations"] = [dict(data["observations"][0], note=long_note)]
    out = render_report(hostile, tmp_path / "hostile.pdf", lang="ru")
    text = _run("pdftotext", str(out), "-")
    flat = " ".join(text.split())
    for s in [
        '<b>bold</b> & <font name="Helvetica">x</font> <',
        "A&amp;B<1>",
        "]]> <!--",
        "<script>alert(1)</script>",
        "line two reversed?",
        "не трогать</i>.",
    ]:
        assert s in flat, s
    assert "\u202e" not in text
    assert flat.count("<i>не трогать</i>") >= 500  # the whole long note, over several pages
    fonts = _run("pdffonts", str(out))
    assert "Helvetica" not in fonts


def test_persian_user_text_in_an_english_report_and_latin_in_a_persian_one(data, tmp_path):
    d = dict(data)
    d["item"] = dict(data["item"], title="نامهٔ خان خوقند، ۱۲۸۴ (نسخهٔ MS-7)")
    out = render_report(d, tmp_path / "mixed.pdf", lang="en")
    assert _norm("نامهٔ خان خوقند") in _norm(_run("pdftotext", str(out), "-"))
    words = _words(out)
    line = _line_reading_right_to_left(words, "نامهٔ")
    assert line[:3] == [_norm(w) for w in ("نامهٔ", "خان", "خوقند،")]


def test_without_resolution_the_map_says_there_is_no_scale(tmp_path):
    d = make_report_data(tmp_path / "d", ppi=None)
    d["measurements"] = {k: dict(v, area_mm2=None) for k, v in d["measurements"].items()}
    out = render_report(d, tmp_path / "noscale.pdf")
    text = " ".join(_run("pdftotext", str(out), "-").split())
    assert "No resolution: no scale" in text
    assert "Area (px)" in text and " mm" not in text.split("Details")[1].split("Measurements")[0]


def test_without_scan_the_report_still_has_every_section(data, tmp_path):
    d = dict(data, capture=None, masks={})
    out = render_report(d, tmp_path / "noscan.pdf", lang="kk", paper="letter")
    text = " ".join(_run("pdftotext", str(out), "-").split())
    assert "Бұл тексеруге скан тіркелмеген." in text
    assert "Қолтаңбалар" in text
    with pikepdf.open(out) as pdf:
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box[2:] == [612.0, 792.0]


def test_user_errors_are_typed_and_leave_no_file(data, tmp_path):
    with pytest.raises(ExportError, match="unknown report language"):
        render_report(data, tmp_path / "x.pdf", lang="de")
    with pytest.raises(ExportError, match="second language"):
        render_report(data, tmp_path / "x.pdf", second_lang="xx")
    with pytest.raises(ExportError, match="paper"):
        render_report(data, tmp_path / "x.pdf", paper="a3")
    with pytest.raises(ExportError, match="folder"):
        render_report(data, tmp_path / "missing" / "x.pdf")
    gone = dict(data, capture=dict(data["capture"], file_path=str(tmp_path / "nowhere.png")))
    with pytest.raises(ExportError, match="scan"):
        render_report(gone, tmp_path / "x.pdf")
    no_mask = dict(data, masks=dict(data["masks"], tear=str(tmp_path / "gone.png")))
    with pytest.raises(ExportError, match="mask"):
        render_report(no_mask, tmp_path / "x.pdf")
    changed = dict(data, capture=dict(data["capture"], sha256="0" * 64))
    with pytest.raises(ExportError, match="changed"):
        render_report(changed, tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def test_existing_report_is_replaced_whole(data, tmp_path):
    out = tmp_path / "r.pdf"
    out.write_bytes(b"old")
    render_report(data, out, lang="ru")
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_16_bit_tiff_scan_with_profile_is_shown_colour_managed(data, tmp_path):
    import tifffile

    from conservator.imaging.icc import srgb_profile
    from conservator.imaging.load import file_sha256

    rgb8 = np.asarray(Image.open(data["capture"]["file_path"]).convert("RGB"))
    tif = tmp_path / "scan16.tif"
    tifffile.imwrite(
        tif,
        rgb8.astype(np.uint16) * 257,
        photometric="rgb",
        resolution=(150, 150),
        resolutionunit="INCH",
        iccprofile=srgb_profile(),
    )
    d = dict(data, capture=dict(data["capture"], file_path=str(tif), sha256=file_sha256(tif)))
    out = render_report(d, tmp_path / "r16.pdf")
    img = _render(out, _page_with(out, "Damage map"), tmp_path)
    assert img.std() > 20
    rows = _run("pdfimages", "-list", str(out)).splitlines()[2:]
    assert any(r.split()[8] == "jpeg" and r.split()[7] == "8" for r in rows)
