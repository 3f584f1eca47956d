"""Every script a user types prints in the PDF report, or is shown by a visible marker with a
warning — never as a silent "?". Read back with poppler's pdftotext; PDF/A stays valid."""

import shutil
import subprocess
import unicodedata

import pikepdf
import pytest

from conservator.report import text as rtext
from conservator.report.pdf import render_report
from tests.core.report_fixtures import make_report_data

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("pdffonts"), reason="poppler-utils missing"
)

HEBREW = "שלום עולם"
ARMENIAN = "Բարեւ աշխարհ"
GEORGIAN = "გამარჯობა მსოფლიო"
DEVANAGARI = "नमस्ते दुनिया"
CHINESE = "纸张泛黄"
EMOJI = "\U0001f600\U0001f4dc"


def _text(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return " ".join(unicodedata.normalize("NFC", out.stdout).split())


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return make_report_data(tmp_path_factory.mktemp("scripts"))


def _with_note(data, note: str) -> dict:
    d = dict(data)
    d["item"] = dict(data["item"], title=note)
    d["observations"] = [dict(data["observations"][0], note=note)]
    return d


def _fresh_fallbacks(monkeypatch):
    monkeypatch.setattr(rtext, "_system", {})


@pytest.mark.parametrize("words", [HEBREW, ARMENIAN, GEORGIAN])
def test_shipped_fallback_fonts_print_the_script(data, tmp_path, words):
    warnings: list[str] = []
    out = render_report(_with_note(data, words), tmp_path / "r.pdf", lang="en", warnings=warnings)
    text = _text(out)
    for word in words.split():
        # Hebrew comes back in visual order from pdftotext: accept either order of letters
        assert word in text or word[::-1] in text, word
    assert "?" * 2 not in text and rtext.MISSING_MARKER not in text
    assert warnings == []
    assert pikepdf.open(out).open_metadata().pdfa_status == "2B"


def test_devanagari_letters_print(data, tmp_path):
    out = render_report(_with_note(data, DEVANAGARI), tmp_path / "r.pdf", lang="en")
    text = _text(out)
    # drawn without conjunct shaping, so only the letters are compared
    letters = [c for c in DEVANAGARI if unicodedata.category(c) == "Lo"]
    assert all(c in text for c in letters)
    assert rtext.MISSING_MARKER not in text


def test_emoji_get_a_visible_marker_and_a_warning(data, tmp_path):
    warnings: list[str] = []
    note = f"spots {EMOJI} here"
    out = render_report(_with_note(data, note), tmp_path / "r.pdf", lang="ru", warnings=warnings)
    text = _text(out)
    assert f"spots {rtext.MISSING_MARKER} here" in text
    assert "?" not in text.replace("?)", "")
    assert len(warnings) == 1 and "U+1F4DC" in warnings[0] and "U+1F600" in warnings[0]
    assert pikepdf.open(out).open_metadata().pdfa_status == "2B"


def test_chinese_uses_a_system_font_or_the_marker(data, tmp_path, monkeypatch):
    _fresh_fallbacks(monkeypatch)
    monkeypatch.setenv("CONSERVATOR_SYSTEM_FONTS", "0")  # as on a machine without CJK fonts
    warnings: list[str] = []
    out = render_report(_with_note(data, CHINESE), tmp_path / "a.pdf", lang="en", warnings=warnings)
    assert rtext.MISSING_MARKER in _text(out) and warnings
    assert pikepdf.open(out).open_metadata().pdfa_status == "2B"

    _fresh_fallbacks(monkeypatch)
    monkeypatch.delenv("CONSERVATOR_SYSTEM_FONTS")
    if rtext.system_font_for("纸") is None:
        pytest.skip("no CJK TrueType font installed (tools/system-deps.sh installs one)")
    warnings = []
    out = render_report(_with_note(data, CHINESE), tmp_path / "b.pdf", lang="en", warnings=warnings)
    assert CHINESE in _text(out).replace(" ", "")
    assert warnings == []
    assert pikepdf.open(out).open_metadata().pdfa_status == "2B"
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert all(" yes " in line for line in fonts.splitlines()[2:])  # all embedded


def test_cli_export_prints_the_warning(tmp_path, capsys, monkeypatch):
    import numpy as np
    from PIL import Image

    from conservator.cli import main

    monkeypatch.delenv("CONSERVATOR_DB", raising=False)
    scan = tmp_path / "leaf.png"
    Image.fromarray(np.full((200, 160, 3), 210, np.uint8)).save(scan, dpi=(200, 200))
    db = tmp_path / "lab.db"
    assert main(["--db", str(db), "items", "add", "E-1", "--title", f"Letter {EMOJI}"]) == 0
    assert (
        main(["--db", str(db), "assess", str(scan), "--item", "E-1", "--examiner", "X", "--quiet"])
        == 0
    )
    capsys.readouterr()
    assert main(["--db", str(db), "export", "1", "--pdf", str(tmp_path / "r.pdf")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("warning: 2 character(s) have no font") and "U+1F600" in err
