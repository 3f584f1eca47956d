"""``conservator analyze``: outputs a user reads (JSON, masks, overlay) and errors."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from conservator.cli import main
from tests.core.test_detect import PPI, SPOTS, make_page


@pytest.fixture(scope="module")
def page_png(tmp_path_factory):
    rgb, masks = make_page(spots=SPOTS, hole=(55, 80, 8.0), tear=[(30, 151), (33, 140), (35, 125)])
    path = tmp_path_factory.mktemp("scan") / "leaf.png"
    from PIL import Image

    Image.fromarray(rgb).save(path, dpi=(PPI, PPI))
    return path, rgb, masks


def test_json_masks_and_overlay(page_png, tmp_path, capsys):
    path, rgb, masks = page_png
    out = tmp_path / "r.json"
    mdir = tmp_path / "masks"
    ov = tmp_path / "ov.png"
    rc = main(
        ["analyze", str(path), "--json", str(out), "--masks", str(mdir), "--overlay", str(ov)]
    )
    assert rc == 0
    text = capsys.readouterr().out
    assert "foxing: 5 found" in text
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["scan"]["width"] == rgb.shape[1] and d["scan"]["height"] == rgb.shape[0]
    assert d["scan"]["dpi"] == pytest.approx([PPI, PPI], abs=0.01)
    assert len(d["scan"]["sha256"]) == 64
    assert d["units"] == "mm"
    assert d["detectors"]["foxing"]["measurements"]["count"] == len(SPOTS)
    assert d["detectors"]["loss"]["measurements"]["count"] == 1
    assert d["detectors"]["tear"]["measurements"]["count"] == 1
    for name in ("foxing", "stain", "loss", "tear", "fading"):  # stain.png: issue 12's contract
        m = cv2.imread(str(mdir / f"{name}.png"), cv2.IMREAD_UNCHANGED)
        assert m.dtype == np.uint8 and m.ndim == 2
        assert m.shape == rgb.shape[:2]
        assert set(np.unique(m)) <= {0, 255}
    # an empty class still gets its (all-zero) mask
    assert not cv2.imread(str(mdir / "fading.png"), cv2.IMREAD_UNCHANGED).any()
    loss = cv2.imread(str(mdir / "loss.png"), cv2.IMREAD_UNCHANGED) > 0
    inter = np.count_nonzero(loss & masks["loss"])
    assert inter / np.count_nonzero(loss | masks["loss"]) > 0.9
    o = cv2.imread(str(ov))
    assert o is not None and max(o.shape[:2]) <= 2000
    assert not list(tmp_path.glob(".*part*"))  # nothing half-written left behind


def test_dpi_option_and_detector_choice(tmp_path, capsys):
    rgb, _ = make_page(spots=SPOTS[:2], text=False)
    path = tmp_path / "nodpi.png"
    cv2.imwrite(str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    out = tmp_path / "a.json"
    assert main(["analyze", str(path), "--detectors", "foxing", "--json", str(out)]) == 0
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["units"] == "px" and d["detectors"]["foxing"]["measurements"]["area_mm2"] is None
    assert list(d["detectors"]) == ["foxing"]
    assert "warning" in capsys.readouterr().out
    assert (
        main(["analyze", str(path), "--dpi", "200", "--detectors", "foxing", "--json", str(out)])
        == 0
    )
    d = json.loads(out.read_text(encoding="utf-8"))
    assert d["units"] == "mm" and d["detectors"]["foxing"]["measurements"]["area_mm2"] > 0


@pytest.mark.parametrize(
    "args, needle",
    [
        (["analyze", "missing.tif"], "file not found"),
        (["analyze", "{scan}", "--detectors", "mould"], "unknown detector"),
        (["analyze", "{scan}", "--overlay", "x.jpg"], "must be a .png"),
        (["analyze", "{scan}", "--dpi", "0"], "resolution"),
    ],
)
def test_errors_are_one_line_exit_2(page_png, tmp_path, capsys, args, needle):
    path = page_png[0]
    args = [a.replace("{scan}", str(path)) for a in args]
    with pytest.raises(SystemExit) if "--dpi" in args else _nullcontext():
        rc = main(args)
        assert rc == 2
    err = capsys.readouterr().err.strip()
    assert needle in err and err.startswith("error:") and len(err.splitlines()) == 1


def test_not_an_image(tmp_path, capsys):
    bad = tmp_path / "notes.tif"
    bad.write_text("not an image", encoding="utf-8")
    assert main(["analyze", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "notes.tif" in err and "Traceback" not in err


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_preset_sets_the_detectors_parameters(page_png, tmp_path, capsys):
    path, _rgb, _masks = page_png
    found = {}
    for preset in ("conservative", "sensitive", None):
        out = tmp_path / f"{preset}.json"
        args = ["analyze", str(path), "--json", str(out), "--detectors", "loss,tear", "--quiet"]
        assert main(args + (["--preset", preset] if preset else [])) == 0
        d = json.loads(out.read_text(encoding="utf-8"))
        found[preset] = (
            d["detectors"]["loss"]["parameters"]["min_area_mm2"]["value"],
            d["detectors"]["tear"]["parameters"]["min_length_mm"]["value"],
        )
    assert found == {"conservative": (0.4, 5.0), "sensitive": (0.1, 2.0), None: (0.2, 3.0)}
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(path), "--preset", "bold"])
    assert exc.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_help_names_every_preset(capsys):
    from conservator.analysis.presets import PRESETS

    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    text = capsys.readouterr().out
    assert all(name in text for name in PRESETS)
