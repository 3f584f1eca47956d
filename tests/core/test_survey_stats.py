"""Survey statistics on hand-made page records (open class list, not-measured classes,
stratified weighting) and the survey report PDF read back with pdftotext."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

from conservator.survey.stats import need_score, summarise, wilson


def _norm(text: str) -> str:
    """pdftotext output in one form: base letters, no bidi marks (as tests/core/test_pdf_report)."""
    text = unicodedata.normalize("NFKC", text.replace("\u0647\u0654", "\u06c0"))
    return re.sub("[\u200c-\u200f\u202a-\u202e\u2066-\u2069]", "", text)


def _unit(i, stratum, classes, grade=2, status="done"):
    return {
        "inventory_no": f"inv-{i}",
        "file": f"/x/{i}.tif",
        "page": 0,
        "stratum": stratum,
        "check_id": i,
        "status": status,
        "error": None,
        "grade": grade,
        "priority": None,
        "classes": classes,
    }


def _survey(method="simple_random", strata_field=None, population=100, sample=10):
    return {
        "id": 1,
        "name": "s",
        "source": "/x",
        "population": population,
        "sample_size": sample,
        "seed": 4,
        "strata_field": strata_field,
        "method": method,
        "preset": "balanced",
        "analysis": {"detectors": ["foxing", "stain"]},
        "created_at": "2026-12-04T00:00:00Z",
    }


def test_open_classes_and_not_measured_pages_leave_the_denominator():
    fox = {"measured": True, "affected": True, "pct_leaf": 2.0, "severity": 2}
    clean = {"measured": True, "pct_leaf": 0.0, "severity": 0}
    off = {"measured": False, "pct_leaf": 0.0, "severity": 0}
    units = [
        _unit(i, None, {"foxing": fox if i < 4 else clean, "stain": off if i < 3 else clean})
        for i in range(10)
    ]
    units.append(_unit(99, None, {}, status="failed"))
    doc = summarise(_survey(sample=11), units, {None: 100})
    assert set(doc["classes"]) == {"foxing", "stain"}  # a new class needs no code change
    f, s = doc["classes"]["foxing"], doc["classes"]["stain"]
    assert (f["affected"], f["measured"], f["not_measured"], f["proportion"]) == (4, 10, 0, 0.4)
    assert f["ci95"] == [round(v, 4) for v in wilson(4, 10, 100)]
    assert (s["affected"], s["measured"], s["not_measured"]) == (0, 7, 3)
    assert f["mean_pct_leaf"] == pytest.approx(0.8)
    assert f["mean_pct_leaf_ci95"][0] < 0.8 < f["mean_pct_leaf_ci95"][1]
    assert doc["survey"]["failed"] == 1 and doc["survey"]["done"] == 10
    assert doc["grades"]["fair"]["count"] == 10


def test_stratified_proportion_is_weighted_by_stratum_size():
    hit = {"measured": True, "affected": True, "pct_leaf": 1.0, "severity": 1}
    miss = {"measured": True, "pct_leaf": 0.0, "severity": 0}
    # stratum A (900 pages): 1 of 5 affected; stratum B (100 pages): 5 of 5 affected
    units = [_unit(i, "A", {"tear": hit if i == 0 else miss}) for i in range(5)]
    units += [_unit(10 + i, "B", {"tear": hit}) for i in range(5)]
    doc = summarise(_survey("stratified", "shelf", 1000, 10), units, {"A": 900, "B": 100})
    t = doc["classes"]["tear"]
    assert t["proportion"] == pytest.approx(0.9 * 0.2 + 0.1 * 1.0, abs=1e-4)
    assert t["ci95"][0] < t["proportion"] < t["ci95"][1]
    assert doc["strata"]["B"]["classes"]["tear"]["proportion"] == 1.0
    assert doc["strata"]["A"]["population"] == 900


def test_need_score_ranks_grade_then_severity():
    bad = _unit(
        1,
        None,
        {"loss": {"measured": True, "affected": True, "pct_leaf": 5, "severity": 3}},
        grade=3,
    )
    mild = _unit(
        2, None, {"foxing": {"measured": True, "affected": True, "pct_leaf": 9, "severity": 1}}
    )
    assert need_score(bad) == 23 and need_score(mild) == 11
    doc = summarise(_survey(), [mild, bad], {None: 100})
    assert [n["inventory_no"] for n in doc["most_in_need"]] == ["inv-1", "inv-2"]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
@pytest.mark.parametrize(
    "lang, words",
    [("en", ["Collection condition survey", "Wilson", "foxing"]), ("fa", ["بررسی", "ویلسون"])],
)
def test_survey_report_pdf_reads_back(tmp_path, lang, words):
    from conservator.survey.pdf import render

    fox = {"measured": True, "affected": True, "pct_leaf": 2.0, "severity": 2}
    units = [_unit(i, None, {"foxing": fox if i % 2 else {"measured": True}}) for i in range(8)]
    doc = summarise(_survey(sample=8), units, {None: 100})
    doc["items"] = []
    out = render(doc, tmp_path / "s.pdf", lang=lang)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    import pikepdf

    with pikepdf.open(out) as pdf:
        assert "pdfaid" in str(pdf.open_metadata())  # PDF/A like the condition report
    flat = _norm(text).replace(" ", "")
    for w in words:
        assert _norm(w).replace(" ", "") in flat, w
    if lang == "en":
        assert "50.0 %" in text  # 4 of 8 pages


def test_survey_catalogues_have_every_key_and_placeholder():
    import json
    import string

    from conservator.resources import resources_dir

    cats = {
        lang: json.loads((resources_dir() / "i18n" / f"survey.{lang}.json").read_text("utf-8"))
        for lang in ("en", "ru", "kk", "fa")
    }
    fields = {
        k: {f for _, f, _, _ in string.Formatter().parse(v) if f}
        for k, v in cats["en"].items()
        if isinstance(v, str)
    }
    for lang, cat in cats.items():
        assert set(cat) == set(cats["en"]), lang
        for k, want in fields.items():
            got = {f for _, f, _, _ in string.Formatter().parse(cat[k]) if f}
            assert got == want, (lang, k)
    assert "ي" not in json.dumps(cats["fa"], ensure_ascii=False)  # Persian yeh, not Arabic
