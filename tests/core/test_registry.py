"""One place per damage class: the registry, and every abstention visible (issue 12, point 4).

A class registered once appears in the pipeline, the CLI, the app and the PDF with one colour;
a class that cannot be measured says so ("not measured: no backing board visible"), in the
JSON, the CLI summary and overlay, never as a bare 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import pytest

from conservator.analysis import analyze_scan
from conservator.cli import main
from conservator.detect import registry
from conservator.detect.base import DetectorResult, MaskSource, unit
from conservator.storage.severity import severity_for
from tests.core.test_detect import PPM, SPOTS, _scan, make_page


def _no_board_page():
    """A page cropped inside the leaf (no board anywhere), with text and foxing."""
    rgb, _ = make_page(spots=SPOTS, text=True)
    return rgb[round(12 * PPM) : round(148 * PPM), round(12 * PPM) : round(108 * PPM)].copy()


def test_each_class_has_one_distinct_colour_used_by_cli_app_and_pdf():
    from conservator.report import figures

    names = registry.class_names()
    assert names[:4] == ("foxing", "loss", "tear", "fading")
    colours = [registry.colour_of(n) for n in names]
    assert len(set(colours)) == len(colours), "two classes share a colour"
    for n in names:
        assert figures.CLASS_COLOURS[n] == registry.colour_of(n)
    # hand-marked classes keep their own colours, different from the detectors'
    hand = [c for c in registry.colours() if c not in names]
    assert set(registry.colours()[c] for c in hand).isdisjoint(colours)
    # the layers draw big areas first and thin tears last
    order = registry.layer_order()
    assert order.index("fading") < order.index("foxing") < order.index("tear")


def test_severity_rules_come_from_the_registry():
    assert severity_for("tear", {"longest_mm": 140.0, "area_pct": 0.1}) == 3
    assert severity_for("loss", {"area_pct": 1.0}) == 2
    assert severity_for("mould", {"area_pct": 6.0}) == 3  # hand-marked: the default rule


def test_no_board_page_says_losses_and_tears_were_not_measured():
    result = analyze_scan(_scan(_no_board_page()))
    for name in ("loss", "tear"):
        det = result.detectors[name]
        assert det.status == "not_measured"
        assert det.reason == "no backing board visible"
        d = det.to_dict()
        assert d["status"] == "not_measured" and d["reason_code"] == "no_board"
        assert d["measurements"]["count"] == 0  # the old key stays, with its old value
    foxing = result.detectors["foxing"].to_dict()
    assert foxing["status"] == "measured" and foxing["reason"] is None


def test_cli_summary_json_and_overlay_say_not_measured(tmp_path, capsys):
    from PIL import Image

    path = tmp_path / "inside.png"
    Image.fromarray(_no_board_page()).save(path, dpi=(200, 200))
    out = tmp_path / "r.json"
    ov = tmp_path / "ov.png"
    assert main(["analyze", str(path), "--json", str(out), "--overlay", str(ov)]) == 0
    text = capsys.readouterr().out
    assert "loss: not measured: no backing board visible" in text
    assert "tear: not measured: no backing board visible" in text
    assert "loss: 0 found" not in text
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["detectors"]["loss"]["status"] == "not_measured"
    assert d["detectors"]["foxing"]["status"] == "measured"

    from conservator.cli.analyze import legend_text

    class Det:
        status, reason, method, measurements = "not_measured", "no backing board visible", None, {}

    assert legend_text("loss", Det) == "loss: not measured (no backing board visible)"


@dataclass
class _PatchParams:
    min_area_mm2: float = field(default=1.0, metadata=unit("mm2"))


@pytest.fixture
def patch_class():
    """A made-up class 'patch' (a repair), registered with one call as a detector module does."""

    @registry.register(
        "patch",
        "0.1",
        _PatchParams,
        order=90,
        colour=(10, 20, 30),
        measurements={"repairs": 0},
        severity=(("area_pct", 2.0, 10.0),),
        summary=lambda m: f", {m['repairs']} repairs",
    )
    def detect_patch(front, p, steps):
        h, w = front.shape
        mask = MaskSource((h, w))
        mask.add(10, 10, np.ones((20, 30), bool))
        meas = {"count": 1, "area_px": 600, "area_mm2": 1.0, "area_pct": 0.5, "repairs": 1}
        return DetectorResult("patch", "0.1", {}, meas, [], mask)

    yield
    registry.REGISTRY.pop("patch", None)


def test_a_class_registered_once_reaches_pipeline_cli_masks_and_severity(
    patch_class, tmp_path, capsys
):
    from PIL import Image

    rgb, _ = make_page(spots=SPOTS[:1])
    path = tmp_path / "page.png"
    Image.fromarray(rgb).save(path, dpi=(200, 200))
    assert registry.class_names()[-1] == "patch"
    masks = tmp_path / "masks"
    rc = main(["analyze", str(path), "--detectors", "foxing,patch", "--masks", str(masks)])
    assert rc == 0
    text = capsys.readouterr().out
    assert "patch: 1 found" in text and ", 1 repairs" in text
    assert (masks / "patch.png").exists()
    assert severity_for("patch", {"area_pct": 3.0}) == 2
    assert registry.colours()["patch"] == (10, 20, 30)


@pytest.mark.skipif(not __import__("shutil").which("pdftotext"), reason="poppler-utils missing")
@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "not measured: no backing board visible"), ("ru", "не измерено: подложка не видна")],
)
def test_pdf_says_which_classes_were_not_measured_and_why(tmp_path, lang, expected):
    import subprocess

    from conservator.report.pdf import render_report
    from tests.core.report_fixtures import make_report_data

    data = make_report_data(tmp_path)
    m = data["measurements"]["tear"]
    m.update(count=0, area_px=0, area_mm2=0.0, area_pct=0.0, lengths_mm=[], longest_mm=0.0)
    m.update(status="not_measured", reason="no backing board visible", reason_code="no_board")
    data["observations"] = [o for o in data["observations"] if o["damage_code"] != "tear"]
    data["masks"].pop("tear", None)
    pdf = render_report(data, tmp_path / "r.pdf", lang=lang)
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    assert expected in text


def test_adding_the_analyze_command_loads_no_detector():
    """Listing the classes imports every detector (OpenCV, NumPy): ``analyze --help`` names
    them, but building the ``analyze`` command does not wait for that."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import argparse, sys\n"
        "from conservator.cli import analyze\n"
        "analyze.register(argparse.ArgumentParser().add_subparsers())\n"
        "print(','.join(m for m in ('cv2', 'conservator.detect') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert out.stdout.strip() == ""
    res = subprocess.run(
        [sys.executable, "-m", "conservator", "analyze", "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    assert "foxing,loss,tear,fading" in res.stdout
