"""``conservator analyze FOLDER``: one JSON per page (multi-page TIFFs page by page), a
summary, and a bad file reported without stopping the run."""

from __future__ import annotations

import json

import numpy as np
import tifffile

from conservator.cli import main
from conservator.detect import registry


def _pages(tmp_path):
    from conservator.demo import generate_page
    from conservator.demo.write import write_scan

    folder = tmp_path / "in"
    (folder / "box").mkdir(parents=True)
    a = generate_page(41, ppi=120, size=(105.0, 148.0), damage=("tear",))
    b = generate_page(42, ppi=120, size=(105.0, 148.0), damage=())
    write_scan(a.rgb, folder / "single.tif", 120)
    res = (120 / 2.54, 120 / 2.54)
    with tifffile.TiffWriter(folder / "box" / "volume.tif") as tw:
        for rgb in (a.rgb, b.rgb):
            tw.write(
                np.ascontiguousarray(rgb),
                photometric="rgb",
                resolution=res,
                resolutionunit="CENTIMETER",
            )
    (folder / "broken.tif").write_bytes(b"not a tiff at all")
    return folder


def test_folder_gives_one_json_per_page_and_a_summary(tmp_path, capsys):
    folder = _pages(tmp_path)
    out = tmp_path / "out"
    rc = main(["analyze", str(folder), "--json", str(out), "--quiet"])
    assert rc == 1  # one file failed, the others were analysed
    captured = capsys.readouterr()
    assert "3 of 4 pages analysed, 1 failed" in captured.out
    assert "broken.tif" in captured.err and "Traceback" not in captured.err
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert names == ["box/volume.p001.json", "box/volume.p002.json", "single.json", "summary.json"]
    p2 = json.loads((out / "box" / "volume.p002.json").read_text(encoding="utf-8"))
    assert p2["scan"]["page"] == 2 and set(p2["detectors"]) == set(registry.class_names())
    single = json.loads((out / "single.json").read_text(encoding="utf-8"))
    assert single["detectors"]["tear"]["measurements"]["count"] >= 1
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["pages"], summary["done"], summary["failed"]) == (4, 3, 1)
    assert summary["classes"]["tear"]["pages_affected"] >= 2  # the torn page, twice
    failed = [i for i in summary["items"] if i["status"] == "failed"]
    assert len(failed) == 1 and "broken.tif" in failed[0]["error"]


def test_folder_refuses_single_scan_options(tmp_path, capsys):
    folder = _pages(tmp_path)
    assert main(["analyze", str(folder), "--overlay", str(tmp_path / "o.png")]) == 2
    assert "single scan" in capsys.readouterr().err
