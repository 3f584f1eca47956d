"""Demo pages: reproducible, exact masks, readable files, a working command."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from conservator.demo import (
    BOARDS,
    DAMAGE_CLASSES,
    DemoError,
    generate_page,
    write_demo_set,
)
from conservator.imaging.load import load_scan

PPI = 100  # small pages (827 × 1169 px for A4) keep the tests quick


@pytest.fixture(scope="module")
def page():
    return generate_page(1, ppi=PPI)


def test_same_seed_gives_identical_pixels_and_masks(page):
    again = generate_page(1, ppi=PPI)
    assert np.array_equal(page.rgb, again.rgb)
    for name, mask in page.masks.items():
        assert np.array_equal(mask, again.masks[name]), name
    assert page.meta["instances"] == again.meta["instances"]


def test_different_seeds_give_different_pages(page):
    other = generate_page(2, ppi=PPI)
    assert not np.array_equal(page.rgb, other.rgb)


def test_masks_are_scan_sized_and_nonempty_for_every_class(page):
    h, w = page.rgb.shape[:2]
    assert page.rgb.dtype == np.uint8 and page.rgb.shape[2] == 3
    assert (w, h) == (round(210 / 25.4 * PPI), round(297 / 25.4 * PPI))
    for name in (*DAMAGE_CLASSES, "leaf"):
        m = page.masks[name]
        assert m.shape == (h, w) and m.dtype == bool
        assert m.any(), f"{name} mask is empty on a page that asked for it"
        assert not (m & ~page.masks["leaf"]).any(), f"{name} reaches outside the leaf"
        if name != "leaf":
            assert page.meta["instances"][name], f"no {name} instances recorded"
    assert not (page.masks["loss"] & page.masks["tear"]).any()
    assert not (page.masks["foxing"] & (page.masks["loss"] | page.masks["tear"])).any()


def test_page_carries_four_scripts_and_the_distractors(page):
    blocks = page.meta["distractors"]
    text = {b["lang"]: "" for b in blocks}
    for b in blocks:
        if b["kind"] == "text":
            text[b["lang"]] += b.get("text") or ""
    assert {"en", "ru", "kk", "fa"} <= set(text)
    assert set("ӘҒҚҢӨҰҮҺІ") <= set(text["kk"])
    kinds = {b["kind"] for b in blocks}
    assert {"heading", "bold", "illustration", "text"} <= kinds


def test_board_visible_on_every_side_and_leaf_rotated_under_a_degree(page):
    leaf = page.masks["leaf"]
    assert not leaf[0].any() and not leaf[-1].any()
    assert not leaf[:, 0].any() and not leaf[:, -1].any()
    assert 0 < abs(page.meta["leaf"]["angle_deg"]) <= 1.0


def test_losses_and_tears_show_the_board(page):
    board = np.array(page.meta["board"]["rgb"], float)
    paper = np.array(page.meta["paper"]["rgb"], float)
    for cls in ("loss", "tear"):
        m = page.masks[cls]
        # the core of the gap (away from the anti-aliased rim) is board-coloured
        px = page.rgb[m].astype(float)
        d_board = np.linalg.norm(np.median(px, axis=0) - board)
        d_paper = np.linalg.norm(np.median(px, axis=0) - paper)
        assert d_board < d_paper, cls


def test_foxing_is_browner_than_the_paper_and_fading_is_yellower(page):
    from conservator.imaging.color import srgb_to_lab

    lab = srgb_to_lab(page.rgb)
    m = page.masks
    paper = m["leaf"] & ~m["loss"] & ~m["tear"] & ~m["foxing"] & ~m["fading"]
    light = paper & (lab[..., 0] > np.percentile(lab[..., 0][paper], 30))  # paper, not ink
    fox = m["foxing"]
    assert lab[..., 0][fox].mean() < lab[..., 0][light].mean()  # darker
    assert lab[..., 2][fox].mean() > lab[..., 2][light].mean()  # more yellow-brown
    fad = m["fading"] & (lab[..., 0] > np.percentile(lab[..., 0][m["fading"]], 30))
    assert lab[..., 2][fad].mean() > lab[..., 2][light].mean() + 1.0


def test_instances_have_plausible_physical_sizes(page):
    inst = page.meta["instances"]
    h, w = page.rgb.shape[:2]
    for cls, items in inst.items():
        for it in items:
            x, y, bw, bh = it["bbox"]
            assert 0 <= x and 0 <= y and x + bw <= w and y + bh <= h, cls
            assert it["area_px"] > 0
    for it in inst["foxing"]:
        assert 0.15 <= it["diameter_mm"] <= 4.2  # 0.2–4 mm, less where a spot is cut by ink
    for it in inst["tear"]:
        assert 10 <= it["length_mm"] <= 82
        assert len(it["polyline"]) >= 3
    json.dumps(page.meta)  # JSON-ready


def test_totals_give_ground_truth_for_the_analysis_measurements(page):
    t = page.meta["totals"]
    assert t["foxing"]["count"] == len(page.meta["instances"]["foxing"])
    assert 0.2 <= t["foxing"]["median_diameter_mm"] <= t["foxing"]["p90_diameter_mm"] <= 4.2
    assert t["foxing"]["density_per_100cm2"] > 0
    depth = t["loss"]["max_edge_depth_mm"]
    assert set(depth) == {"top", "bottom", "left", "right"} and max(depth.values()) > 1.0
    assert t["loss"]["insect_holes"] >= 3
    holes = [i for i in page.meta["instances"]["loss"] if i["kind"] == "insect_hole"]
    assert all(0.3 <= i["diameter_mm"] <= 3.2 for i in holes)
    assert t["tear"]["longest_mm"] == max(t["tear"]["lengths_mm"]) >= 10
    leaf = page.masks["leaf"].sum()
    for cls in DAMAGE_CLASSES:
        assert t[cls]["area_px"] == page.masks[cls].sum()
        assert t[cls]["area_pct"] == pytest.approx(100 * t[cls]["area_px"] / leaf, abs=1e-3)


@pytest.mark.parametrize("cls", DAMAGE_CLASSES)
def test_each_class_alone(cls):
    p = generate_page(5, ppi=PPI, damage=[cls])
    for other in DAMAGE_CLASSES:
        assert p.masks[other].any() == (other == cls), other
    assert p.meta["damage"] == [cls]


def test_undamaged_page_has_empty_damage_masks():
    p = generate_page(3, ppi=PPI, damage="none")
    assert p.masks["leaf"].any()
    for cls in DAMAGE_CLASSES:
        assert not p.masks[cls].any()
        assert p.meta["instances"][cls] == []


def test_paper_and_board_can_be_chosen_and_vary_with_the_seed():
    p = generate_page(4, ppi=60, damage="none", paper="brown", board="green")
    assert p.meta["paper"]["name"] == "brown" and p.meta["board"]["name"] == "green"
    boards = {
        generate_page(s, ppi=30, size=(80, 100), damage="none").meta["board"]["name"]
        for s in range(12)
    }
    assert len(boards) >= 3 and boards <= set(BOARDS)


def test_bad_options_raise_typed_errors():
    with pytest.raises(DemoError):
        generate_page(1, ppi=PPI, damage="mould")
    with pytest.raises(DemoError):
        generate_page(1, size="b5")
    with pytest.raises(DemoError):
        generate_page(1, paper="purple")


@pytest.mark.parametrize("fmt", ["tif", "png", "jpg"])
def test_written_set_loads_back_with_resolution_and_srgb(tmp_path, fmt):
    manifest = write_demo_set(tmp_path, count=2, seed=9, ppi=PPI, fmt=fmt)
    assert [p["page"] for p in manifest["pages"]] == [1, 2]
    assert json.loads((tmp_path / "manifest.json").read_text())["count"] == 2
    for n in (1, 2):
        scan = load_scan(tmp_path / f"page-{n:03d}.{fmt}")
        assert scan.dpi == pytest.approx((PPI, PPI), abs=0.01)
        assert scan.icc_profile and "srgb" in (scan.icc_description or "").lower()
        assert scan.pixels.dtype == np.uint8 and scan.pixels.shape[2] == 3
        if fmt == "tif":
            assert scan.compression.upper() == "LZW"
        for name in ("foxing", "loss", "tear", "fading", "leaf"):
            with Image.open(tmp_path / f"page-{n:03d}.mask-{name}.png") as im:
                assert im.mode == "L" and im.size == (scan.width, scan.height)
                values = set(np.unique(np.asarray(im)).tolist())
            assert values <= {0, 255} and 255 in values
        meta = json.loads((tmp_path / f"page-{n:03d}.json").read_text(encoding="utf-8"))
        assert meta["ppi"] == PPI and meta["image"] == f"page-{n:03d}.{fmt}"
        for key in ("seed", "paper", "board", "instances", "size"):
            assert key in meta
    assert not list(tmp_path.glob(".*part*")), "temporary files left behind"


def test_written_tiff_and_png_hold_exactly_the_generated_pixels(tmp_path):
    page = generate_page(11, ppi=PPI)
    from conservator.demo import write_page

    write_page(page, tmp_path, 1, "tif")
    write_page(page, tmp_path, 2, "png")
    assert np.array_equal(load_scan(tmp_path / "page-001.tif").pixels, page.rgb)
    assert np.array_equal(load_scan(tmp_path / "page-002.png").pixels, page.rgb)


@pytest.mark.parametrize("fmt", ["tif", "png"])
def test_sixteen_bit_output_loads_as_sixteen_bit(tmp_path, fmt):
    page = generate_page(6, ppi=50, damage="none")
    from conservator.demo import write_page

    write_page(page, tmp_path, 1, fmt, bits=16)
    scan = load_scan(tmp_path / f"page-001.{fmt}")
    assert scan.bit_depth == 16 and scan.pixels.dtype == np.uint16
    assert np.array_equal(scan.pixels, page.rgb.astype(np.uint16) * 257)
    assert scan.dpi == pytest.approx((50, 50), rel=1e-3)  # PNG stores whole px per metre


def test_mixed_sets_cover_single_classes_and_undamaged_pages(tmp_path):
    manifest = write_demo_set(tmp_path, count=6, seed=2, ppi=40, size="a4", damage="mixed")
    damage = [p["damage"] for p in manifest["pages"]]
    assert damage[0] == list(DAMAGE_CLASSES)
    assert ["foxing"] in damage and ["loss"] in damage and [] in damage


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "conservator", *args], capture_output=True, text=True, timeout=300
    )


def test_cli_writes_a_page_with_masks(tmp_path):
    out = tmp_path / "demo"
    r = _cli(
        "demo",
        str(out),
        "--count",
        "1",
        "--seed",
        "3",
        "--format",
        "png",
        "--damage",
        "foxing,tear",
        "--scale",
        "0.25",  # hidden test option: 300 ppi × 0.25 = 75 ppi, a small page
    )
    assert r.returncode == 0, r.stderr
    names = {p.name for p in out.iterdir()}
    assert {"page-001.png", "page-001.json", "manifest.json"} <= names
    assert {f"page-001.mask-{c}.png" for c in ("foxing", "loss", "tear", "fading", "leaf")} <= names
    meta = json.loads((out / "page-001.json").read_text(encoding="utf-8"))
    assert meta["damage"] == ["foxing", "tear"] and meta["ppi"] == 75
    assert load_scan(out / "page-001.png").dpi == pytest.approx((75, 75), abs=0.01)
    assert "page-001.png" in r.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--ppi", "500"],
        ["--damage", "mould"],
        ["--count", "0"],
        ["--size", "b4"],
        ["--seed", "x"],
        ["--format", "jpg", "--bits", "16"],
    ],
)
def test_cli_bad_option_is_one_line_and_exit_2(tmp_path, args):
    r = _cli("demo", str(tmp_path / "d"), *args)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:")
    assert not (tmp_path / "d").exists()


def test_same_seed_writes_byte_identical_files(tmp_path):
    import time

    write_demo_set(tmp_path / "a", count=1, seed=4, ppi=50, fmt="tif")
    time.sleep(1.1)  # a timestamp anywhere in the files would now differ
    write_demo_set(tmp_path / "b", count=1, seed=4, ppi=50, fmt="tif")
    for f in sorted((tmp_path / "a").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


def test_masks_follow_their_delta_e_definition(page):
    """Foxing and fading masks are where the page visibly changes (ΔE00 ≥ 2), checked against
    the same seed without that class (every damage class has its own random stream)."""
    from conservator.imaging.color import delta_e00, srgb_to_lab

    lab = srgb_to_lab(page.rgb)
    for cls in ("foxing", "fading"):
        rest = [c for c in DAMAGE_CLASSES if c != cls]
        without = generate_page(1, ppi=PPI, damage=rest)
        for other in rest:  # the other classes are untouched (foxing's ΔE sees the faded tone)
            if (cls, other) == ("fading", "foxing"):
                continue
            assert np.array_equal(without.masks[other], page.masks[other]), (cls, other)
        lab0 = srgb_to_lab(without.rgb)
        de = delta_e00(lab, lab0)
        inside = de[page.masks[cls]]
        assert np.median(inside) >= 2.0, cls
        paper = page.masks["leaf"] & ~page.masks["loss"] & ~page.masks["tear"]
        paper &= lab0[..., 0] > np.median(lab0[..., 0][paper]) - 8  # bare paper, not ink
        outside = de[paper & ~page.masks[cls]]
        # outside the mask only sub-threshold change (halo tails, blur at the outline)
        assert np.mean(outside >= 2.0) < 0.01, cls


def test_cli_outdir_that_is_a_file_is_one_line_and_exit_2(tmp_path):
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    r = _cli("demo", str(target), "--count", "1", "--scale", "0.2")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "not-a-folder" in lines[0]
