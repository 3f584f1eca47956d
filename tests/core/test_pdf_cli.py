"""End to end: add an item, assess a generated page, export the PDF report in every language."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import unicodedata

import pikepdf
import pytest
from PIL import Image

from conservator.cli import main
from tests.core.report_fixtures import make_scan

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    text = unicodedata.normalize("NFKC", out.stdout)
    for mark in "\u200e\u200f\u202a\u202b\u202c\u202d\u202e":
        text = text.replace(mark, "")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    img, _masks, _leaf = make_scan((900, 1260), seed=3)
    scan = tmp / "page-001.png"
    Image.fromarray(img).save(scan, dpi=(150, 150))
    db = str(tmp / "records.db")
    assert (
        main(
            [
                "--db",
                db,
                "items",
                "add",
                "ИНВ-7/1",
                "--title",
                "Письмо <b>& хана",
                "--location",
                "Қойма 2, сөре 4",
            ]
        )
        == 0
    )
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rc = main(
            [
                "--db",
                db,
                "assess",
                str(scan),
                "--item",
                "ИНВ-7/1",
                "--examiner",
                "A. Nurlanovna",
                "--reason",
                "loan",
                "--json",
                "--quiet",
            ]
        )
    assert rc == 0
    check_id = json.loads(buf.getvalue())["check_id"]
    return tmp, db, check_id


@pytest.mark.parametrize(
    "lang, second, expected",
    [
        ("en", None, ["Condition report", "Damage map", "Page 1 of"]),
        ("ru", None, ["Акт о состоянии сохранности", "Карта повреждений"]),
        ("kk", None, ["Сақталу жай-күйі туралы акт", "Зақымданулар картасы", "Қойма 2, сөре 4"]),
        ("fa", None, ["گزارش وضعیت اثر"]),
        ("fa", "en", ["گزارش وضعیت اثر", "Condition report"]),
    ],
)
def test_export_pdf_from_the_command_line(assessed, lang, second, expected, capsys):
    tmp, db, check_id = assessed
    pdf = tmp / f"report-{lang}-{second}.pdf"
    args = ["--db", db, "export", str(check_id), "--pdf", str(pdf), "--lang", lang]
    if second:
        args += ["--second-lang", second]
    assert main(args) == 0
    assert f"wrote {pdf}" in capsys.readouterr().out
    text = _text(pdf).replace(" ", "")
    for s in [*expected, "Письмо <b>& хана", "ИНВ-7/1"]:
        assert unicodedata.normalize("NFKC", s).replace(" ", "") in text, s
    with pikepdf.open(pdf) as doc:
        assert pikepdf.pdfa.check(doc, "2b").passed
        assert len(doc.pages) >= 3
        # the map and at least one detail crop are in the file, as JPEG pictures
        jpegs = {
            img.objgen
            for page in doc.pages
            for img in page.get_images().values()
            if "/DCTDecode" in str(img.get("/Filter"))
        }
        assert len(jpegs) >= 2


def test_export_pdf_errors_are_one_line(assessed, capsys):
    tmp, db, check_id = assessed
    rc = main(["--db", db, "export", str(check_id), "--pdf", str(tmp / "no" / "r.pdf")])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "Traceback" not in err
