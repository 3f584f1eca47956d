"""Detectors on generated pages whose damage is known exactly, and on bad inputs."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from conservator.analysis import analyze_scan
from conservator.errors import AnalysisCancelled, ConservatorError
from conservator.imaging.color import delta_e00, srgb_to_lab
from conservator.model.image import ScanImage

PPI = 200.0
PPM = PPI / 25.4


def _scan(pixels: np.ndarray, dpi=(PPI, PPI), bit_depth: int = 8) -> ScanImage:
    scan = ScanImage.from_pixels(pixels, dpi, path="generated.png", sha256="0" * 64)
    scan.bit_depth = bit_depth
    return scan


def make_page(
    *,
    spots=(),
    hole=None,
    notch=None,
    tear=None,
    fade=None,
    picture=None,
    text=True,
    board=(30, 68, 158),
    paper=(236, 226, 200),
    seed=0,
):
    """A leaf on a board, 200 ppi, with the requested damage; returns (rgb, masks).

    Coordinates are in mm from the top-left of the frame. ``spots``: (x, y, diameter);
    ``hole``: (x, y, diameter); ``notch``: (y_top, y_bottom, depth) on the right edge;
    ``tear``: list of (x, y) points from the bottom edge; ``fade``: (x0, y0, x1, y1);
    ``picture``: (x0, y0, x1, y1), a print with a dark sepia lower-right corner, on a light
    cream mount 1.8 mm wide inside a thin frame line.
    """
    rng = np.random.default_rng(seed)
    H, W = round(160 * PPM), round(120 * PPM)
    paper_img = np.empty((H, W, 3), np.float32)
    paper_img[:] = paper
    # uneven yellowing and lighting: a gentle gradient, which is not damage
    ramp = np.linspace(0.0, 1.0, H, dtype=np.float32)[:, None]
    paper_img[..., 2] -= 6 * ramp
    paper_img *= 1.0 - 0.02 * np.linspace(0, 1, W, dtype=np.float32)[None, :, None]
    masks = {k: np.zeros((H, W), bool) for k in ("foxing", "loss", "tear", "fading")}

    def px(v):
        return int(round(v * PPM))

    x0, y0, x1, y1 = px(10), px(10), px(110), px(150)
    leaf = np.zeros((H, W), np.uint8)
    leaf[y0:y1, x0:x1] = 1
    masks["leaf"] = leaf.astype(bool)
    if fade:  # a discoloured region with soft edges (sigma 4 mm)
        fx0, fy0, fx1, fy1 = (px(v) for v in fade)
        weight = np.zeros((H, W), np.float32)
        weight[fy0:fy1, fx0:fx1] = 1.0
        weight = cv2.GaussianBlur(weight, (0, 0), 4 * PPM)
        factor = np.array([1.0, 0.975, 0.87], np.float32)
        paper_img *= 1.0 + weight[..., None] * (factor - 1.0)
        base = np.array(paper, np.float32)
        de_full = float(delta_e00(srgb_to_lab(base / 255), srgb_to_lab(base * factor / 255)))
        masks["fading"] = weight * de_full >= 2.0
    img = paper_img
    if text:  # printed ink multiplies the paper, like a transmittance layer
        layer = np.full((H, W, 3), 255, np.uint8)
        for i in range(8):
            y = px(30 + 8 * i)
            cv2.putText(
                layer,
                "Letters received 1894",
                (px(16), y),
                cv2.FONT_HERSHEY_SIMPLEX,
                0.09 * PPM,
                (40, 34, 30),
                max(1, px(0.35)),
                cv2.LINE_AA,
            )
        cv2.putText(
            layer,
            "REGISTER",
            (px(20), px(20)),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.2 * PPM,
            (176, 38, 30),
            px(0.8),
            cv2.LINE_AA,
        )
        img *= layer.astype(np.float32) / 255.0
    if picture:
        qx0, qy0, qx1, qy1 = (px(v) for v in picture)
        pad = px(1.8)
        plate = np.full((H, W, 3), 255, np.uint8)  # printed: multiplies the paper
        cv2.rectangle(plate, (qx0 - pad, qy0 - pad), (qx1 + pad, qy1 + pad), (236, 226, 206), -1)
        cv2.rectangle(plate, (qx0 - pad, qy0 - pad), (qx1 + pad, qy1 + pad), (40, 34, 30), px(0.35))
        img *= plate.astype(np.float32) / 255.0
        gy, gx = np.mgrid[0 : qy1 - qy0, 0 : qx1 - qx0].astype(np.float32)
        t = np.clip(10 * np.minimum(gx / (qx1 - qx0), gy / (qy1 - qy0)) - 7, 0, 1)[..., None]
        img[qy0:qy1, qx0:qx1] = (1 - t) * np.float32([120, 95, 72]) + t * np.float32([72, 54, 40])
    for sx, sy, d in spots:
        # a fox spot is soft-edged: the stain fades out over the outer part of its radius
        m = np.zeros((H, W), np.float32)
        cv2.circle(m, (px(sx), px(sy)), max(1, px(d / 2)), 1.0, -1, cv2.LINE_AA)
        alpha = cv2.GaussianBlur(m, (0, 0), max(0.5, d / 8 * PPM))
        alpha *= 1.0 / max(float(alpha.max()), 1e-6)
        tint = np.array([0.80, 0.62, 0.45], np.float32)
        img *= 1.0 - alpha[..., None] * (1.0 - tint)
        masks["foxing"] |= alpha >= 0.1
    cut = np.zeros((H, W), np.uint8)
    if hole:
        hx, hy, hd = hole
        cv2.circle(cut, (px(hx), px(hy)), px(hd / 2), 1, -1)
    if notch:
        ya, yb, depth = notch
        pts = np.array([[x1, px(ya)], [x1 - px(depth), px((ya + yb) / 2)], [x1, px(yb)]])
        cv2.fillPoly(cut, [pts.astype(np.int32)], 1)
    gap = np.zeros((H, W), np.uint8)
    if tear:
        pts = np.array([[px(x), px(y)] for x, y in tear], np.int32)
        cv2.polylines(gap, [pts], False, 1, max(2, px(0.6)))
        gap &= leaf
    cut &= leaf
    masks["loss"] = (cut > 0) & ~(gap > 0)
    masks["tear"] = gap > 0
    show_board = (leaf == 0) | (cut > 0) | (gap > 0)
    board_img = np.empty_like(img)
    board_img[:] = board
    out = np.where(show_board[..., None], board_img, img)
    out = cv2.GaussianBlur(out, (0, 0), 0.6)
    out += rng.normal(0, 1.5, out.shape).astype(np.float32)
    for k in ("foxing", "fading"):
        masks[k] &= ~show_board
    return np.clip(out + 0.5, 0, 255).astype(np.uint8), masks


def iou(a, b):
    u = np.count_nonzero(a | b)
    return np.count_nonzero(a & b) / u if u else 1.0


def near(mask, radius):
    if not mask.any():
        return np.zeros_like(mask)
    return cv2.distanceTransform((~mask).astype(np.uint8), cv2.DIST_L2, 5) <= radius


SPOTS = [(30, 40, 0.4), (60, 45, 1.0), (85, 100, 2.5), (40, 120, 0.6), (95, 130, 1.5)]


@pytest.fixture(scope="module")
def damaged():
    rgb, masks = make_page(
        spots=SPOTS,
        hole=(55, 80, 8.0),
        notch=(60, 90, 9.0),
        tear=[(30, 151), (33, 140), (31, 130), (35, 122)],
        fade=(12, 110, 108, 148),
    )
    result = analyze_scan(_scan(rgb))
    return rgb, masks, result


def test_foxing_finds_every_spot_and_nothing_on_text_or_red_ink(damaged):
    _, masks, result = damaged
    det = result.masks["foxing"]
    assert det.shape == masks["foxing"].shape and det.dtype == bool
    n, lab = cv2.connectedComponents(masks["foxing"].astype(np.uint8))
    found = {int(v) for v in np.unique(lab[near(det, 2)])} - {0}
    assert len(found) == n - 1 == len(SPOTS)
    # every detection lies on a real spot
    assert not (det & ~near(masks["foxing"], 2)).any()
    m = result.detectors["foxing"].measurements
    assert m["count"] == len(SPOTS)
    assert 0.3 < m["median_diameter_mm"] < 2.0
    assert m["p90_diameter_mm"] >= m["median_diameter_mm"]
    assert m["median_delta_e00"] > 5
    assert m["density_per_100cm2"] == pytest.approx(len(SPOTS) / 1.4, rel=0.05)  # 140 cm²


def test_red_heading_on_neutral_grey_paper_is_not_foxing():
    # against a neutral paper (b* ≈ 5) the red heading's edges are browner than against cream
    # paper; they must still count as red ink, not as a row of small spots
    rgb, masks = make_page(spots=SPOTS, paper=(216, 213, 204), seed=1)
    result = analyze_scan(_scan(rgb), detectors=["foxing"])
    det = result.masks["foxing"]
    assert not (det & ~near(masks["foxing"], 2)).any()
    assert result.detectors["foxing"].measurements["count"] == len(SPOTS)


def test_loss_hole_and_edge_notch(damaged):
    _, masks, result = damaged
    det = result.masks["loss"]
    assert iou(det, masks["loss"]) > 0.9
    res = result.detectors["loss"]
    kinds = sorted(i["kind"] for i in res.instances)
    assert kinds == ["edge", "internal"]
    depth = res.measurements["max_edge_depth_mm"]
    assert depth["right"] == pytest.approx(9.0, abs=0.6)
    assert depth["left"] == depth["top"] == depth["bottom"] == 0.0
    hole = next(i for i in res.instances if i["kind"] == "internal")
    assert hole["area_mm2"] == pytest.approx(math.pi * 16, rel=0.08)
    assert res.measurements["area_pct"] == pytest.approx(
        100 * masks["loss"].sum() / masks["leaf"].sum(), rel=0.1
    )


def test_tear_is_found_and_measured(damaged):
    _, masks, result = damaged
    res = result.detectors["tear"]
    assert res.measurements["count"] == 1
    true_len = (
        math.hypot(3, 11) + math.hypot(2, 10) + math.hypot(4, 8) - 1.0
    )  # from the leaf edge at 150 mm
    assert res.measurements["longest_mm"] == pytest.approx(true_len, rel=0.25)
    det = result.masks["tear"]
    assert (det & near(masks["tear"], PPM)).sum() >= 0.8 * det.sum()
    # the tear gap is not counted as loss
    assert not (result.masks["loss"] & masks["tear"]).any()


def test_fading_region_and_paper_tone(damaged):
    _, masks, result = damaged
    assert iou(result.masks["fading"], masks["fading"]) > 0.8
    m = result.detectors["fading"].measurements
    assert m["count"] == 1
    L, a, b = m["paper_lab_median"]
    assert 85 < L < 95 and b > 8  # cream paper
    assert m["yellowness_e313"] > 15
    assert 15 < m["pct_delta_e00_gt_2"] < 40
    assert m["ink_paper_delta_e00"] > 20 and 0 < m["ink_paper_contrast"] < 1


def test_undamaged_page_reports_nothing():
    rgb, masks = make_page(seed=1)
    result = analyze_scan(_scan(rgb))
    leaf = masks["leaf"].sum()
    for name in ("foxing", "loss", "tear", "fading"):
        assert result.masks[name].sum() <= 0.0005 * leaf, name
        assert result.detectors[name].measurements["count"] == 0, name
    assert iou(result.leaf_mask, masks["leaf"]) > 0.995
    assert result.leaf["area_mm2"] == pytest.approx(100 * 140, rel=0.01)


def test_json_shape_matches_the_interface(damaged):
    _, _, result = damaged
    d = result.to_dict()
    assert set(d) >= {"scan", "leaf", "units", "warnings", "detectors"}
    assert d["units"] == "mm"
    assert d["scan"]["width"] == result.masks["loss"].shape[1]
    for name in ("foxing", "loss", "tear", "fading"):
        det = d["detectors"][name]
        assert {"name", "version", "parameters", "measurements", "instances"} <= set(det)
        assert {"count", "area_px", "area_mm2", "area_pct"} <= set(det["measurements"])
        for inst in det["instances"]:
            assert {"id", "bbox", "centroid", "area_px", "area_mm2"} <= set(inst)
    assert {
        "density_per_100cm2",
        "median_diameter_mm",
        "p90_diameter_mm",
        "median_delta_e00",
    } <= set(d["detectors"]["foxing"]["measurements"])
    assert d["detectors"]["foxing"]["parameters"]["min_area_mm2"]["unit"] == "mm2"
    import json

    json.dumps(d)  # plain JSON types only


def test_without_resolution_areas_are_pixels_with_a_warning():
    rgb, _ = make_page(spots=SPOTS[1:3], text=False)  # 1 and 2.5 mm (at 200 ppi)
    result = analyze_scan(_scan(rgb, dpi=None))
    d = result.to_dict()
    assert d["units"] == "px"
    assert any("no resolution" in w for w in d["warnings"])
    assert d["detectors"]["foxing"]["measurements"]["area_mm2"] is None
    assert d["detectors"]["foxing"]["measurements"]["area_px"] > 0


@pytest.mark.parametrize(
    "pixels",
    [
        np.full((300, 200, 3), 235, np.uint8),  # blank
        np.zeros((300, 200, 3), np.uint8),  # all black
        np.full((300, 200), 40000, np.uint16),  # uniform grey 16-bit
        np.zeros((40, 30, 3), np.uint8),  # tiny
        np.zeros((1, 1), np.uint8),
    ],
    ids=["blank", "black", "grey16-uniform", "tiny", "one-pixel"],
)
def test_bad_inputs_never_crash(pixels):
    result = analyze_scan(_scan(pixels, bit_depth=16 if pixels.dtype == np.uint16 else 8))
    h, w = pixels.shape[:2]
    for name in ("foxing", "loss", "tear", "fading"):
        assert result.masks[name].shape == (h, w)
        assert result.detectors[name].measurements["count"] == 0
    assert result.leaf_mask.shape == (h, w)


def test_leaf_filling_the_frame_invents_no_edge_loss():
    rgb, masks = make_page(spots=SPOTS, text=True)
    inner = rgb[round(12 * PPM) : round(148 * PPM), round(12 * PPM) : round(108 * PPM)].copy()
    result = analyze_scan(_scan(inner))
    assert result.detectors["loss"].measurements["count"] == 0
    assert result.detectors["tear"].measurements["count"] == 0
    assert any("no backing board" in w for w in result.warnings)
    assert result.detectors["foxing"].measurements["count"] >= len(SPOTS) - 1


def test_grey_16bit_scan_is_analysed():
    rgb, masks = make_page(hole=(55, 80, 8.0), text=True, board=(20, 20, 22))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.uint16) * 257
    result = analyze_scan(_scan(grey, bit_depth=16))
    assert iou(result.masks["loss"], masks["loss"]) > 0.85
    assert result.detectors["foxing"].measurements["count"] == 0


def test_progress_is_monotonic_and_cancel_stops():
    rgb, _ = make_page(spots=SPOTS[:2])
    seen = []
    analyze_scan(_scan(rgb), progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert all(b >= a - 1e-9 for a, b in zip(seen, seen[1:], strict=False))
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(AnalysisCancelled):
        analyze_scan(_scan(rgb), cancelled=cancel)


def test_detector_choice_and_bad_parameters():
    rgb, _ = make_page(spots=SPOTS[:2], text=False)
    result = analyze_scan(_scan(rgb), detectors=["foxing"])
    assert list(result.detectors) == ["foxing"]
    assert list(result.masks) == ["foxing"]
    with pytest.raises(ConservatorError, match="unknown detector"):
        analyze_scan(_scan(rgb), detectors=["mould"])
    with pytest.raises(ConservatorError, match="unknown parameter"):
        analyze_scan(_scan(rgb), params={"foxing": {"nonsense": 1}})
    big = analyze_scan(_scan(rgb), detectors=["foxing"], params={"foxing": {"min_area_mm2": 2.0}})
    assert big.detectors["foxing"].measurements["count"] == 0
    assert big.detectors["foxing"].parameters["min_area_mm2"]["value"] == 2.0


def test_printed_rule_and_edge_rim_are_not_tears():
    """A ruler-straight dark line (an illustration frame) and a sliver along the leaf's edge are
    not reported as tears; a wandering gap from the edge into the leaf is."""
    from conservator.detect.tear import TearParams, _tear_like

    ppm = 300 / 25.4
    p = TearParams()
    # the leaf's right edge at x = 1000 (inward = towards smaller x)
    lines = {"right": (np.array([-1.0, 0.0]), -1000.0)}
    rule = np.zeros((6, 500), bool)
    rule[1:5, :] = True
    assert not _tear_like(rule, 200, 300, lines, ppm, p)
    rim = np.zeros((60, 30), bool)
    rim[:, 18:] = True  # 5 mm along the edge, 1 mm deep
    assert not _tear_like(rim, 970, 300, lines, ppm, p)
    ys = np.arange(400)
    xs = (999 - ys * 0.9 + 12 * np.sin(ys / 25.0)).astype(int)
    tear = np.zeros((400, 1000), bool)
    for dx in range(4):
        tear[ys, np.clip(xs - dx, 0, 999)] = True
    assert _tear_like(tear, 0, 0, lines, ppm, p)


def test_tear_whose_mouth_is_closed_is_found_and_a_board_coloured_line_inside_is_not():
    """A tear's torn edges may touch for the first millimetres from the edge: it is still a
    tear. A board-coloured stroke far from any edge or loss is not one."""
    mouth_closed = [(30, 148), (33, 140), (31, 130), (35, 122)]  # starts 2 mm inside the edge
    rgb, masks = make_page(tear=mouth_closed, text=False, seed=2)
    res = analyze_scan(_scan(rgb), detectors=["tear"]).detectors["tear"]
    assert res.measurements["count"] == 1
    assert res.measurements["longest_mm"] > 20
    inside = [(60, 60), (63, 70), (61, 80), (65, 90)]  # 60 mm from the nearest edge
    rgb, _ = make_page(tear=inside, text=False, seed=3)
    assert analyze_scan(_scan(rgb), detectors=["tear"]).detectors["tear"].measurements["count"] == 0


def test_no_foxing_inside_holes_on_a_green_board():
    """A green or blue board is 'browner' than grey paper: the board seen through a hole or a
    tear must not be taken for foxing spots."""
    rgb, masks = make_page(
        hole=(55, 80, 10.0),
        tear=[(80, 151), (82, 140), (80, 130)],
        board=(24, 120, 70),
        paper=(205, 205, 200),
        text=False,
    )
    result = analyze_scan(_scan(rgb), detectors=["foxing", "loss"])
    assert result.detectors["loss"].measurements["count"] >= 1
    assert result.detectors["foxing"].measurements["count"] == 0


def test_no_foxing_on_the_mount_of_a_dark_picture_on_a_dark_board():
    """A print whose dark corner matches the board is "board" to the leaf mask; its light cream
    mount, browner than grey paper, is still the picture's and not a foxing spot (seed 13017)."""
    rgb, masks = make_page(
        spots=[(30, 130, 2.0)],
        picture=(40, 40, 90, 80),
        board=(54, 55, 58),
        paper=(216, 213, 204),
        text=False,
    )
    result = analyze_scan(_scan(rgb), detectors=["foxing"])
    found = result.masks["foxing"]
    assert found[masks["foxing"]].any()
    mount = np.zeros(found.shape, bool)
    mount[round(36 * PPM) : round(84 * PPM), round(36 * PPM) : round(94 * PPM)] = True
    assert not (found & mount).any()
    assert result.detectors["foxing"].measurements["count"] == 1


def test_losses_on_a_shaded_dark_grey_board_and_holes_among_letters():
    """Demo seed 15008 (the only miss of a fresh accuracy range): a deep edge loss where the
    board is darker than its median (board fraction 1.045), and holes of 1.4–2 mm among
    letters, which ink of the board's colour chained to a larger hole as a "tear"."""
    from conservator.demo import generate_page

    page = generate_page(15008, ppi=200, size="a5", damage=("foxing", "loss"))
    result = analyze_scan(_scan(page.rgb), detectors=["loss", "tear"])
    assert iou(result.masks["loss"], page.masks["loss"]) > 0.9
    assert result.detectors["tear"].measurements["count"] == 0


def test_a_tear_narrowing_below_a_pixel_is_measured_whole_and_a_ragged_rim_is_no_tear():
    """Fresh demo seeds 19007 and 21012 at 300 ppi: a 44 mm tear whose full-resolution pieces
    are 2.5 mm apart where it narrows (the working level saw it unbroken) was cut to its first
    12 mm, and the ragged fringe of an edge loss (14 mm of outline in a 4 × 4 mm blob) was
    counted as a tear."""
    from conservator.demo import generate_page

    page = generate_page(19007, ppi=300, size="a4", damage=("loss", "tear"))
    tears = analyze_scan(_scan(page.rgb, dpi=(300, 300)), detectors=["tear"]).detectors["tear"]
    lengths = sorted(tears.measurements["lengths_mm"])
    assert len(lengths) == 3 and lengths[0] > 15 and lengths[1] > 35
    page = generate_page(21012, ppi=300, size="a4", damage=("loss", "fading"))
    result = analyze_scan(_scan(page.rgb, dpi=(300, 300)), detectors=["loss", "tear"])
    assert result.detectors["tear"].measurements["count"] == 0
    assert iou(result.masks["loss"], page.masks["loss"]) > 0.7


def test_a_picture_frame_a_tear_runs_into_is_not_part_of_it():
    """Fresh demo seed 21000 (300 ppi, dark grey board): a tear runs into a picture, and the
    frame's corner, board-coloured, was measured with it (66.5 mm instead of 53 mm). The frame's
    arms within the followed corridor are 5–8 mm long and are cut as printed rules."""
    from conservator.demo import generate_page

    page = generate_page(21000, ppi=300, size="a4", damage=("foxing", "loss", "tear", "fading"))
    result = analyze_scan(_scan(page.rgb, dpi=(300, 300)), detectors=["tear"])
    found = result.masks["tear"]
    assert result.detectors["tear"].measurements["count"] == 2
    assert near(page.masks["tear"], 300 / 25.4)[found].mean() > 0.97


def test_printed_rules_are_told_from_a_tear():
    """On a dark board a frame line the tear crosses looks like the gap; the rule finder takes
    the straight, even lines and leaves the wandering gap."""
    from conservator.detect.tear import TearParams, printed_rules

    ppm = 300 / 25.4
    m = np.zeros((400, 600), bool)
    m[100:103, 50:550] = True  # a horizontal frame line, 0.25 mm thick, 42 mm long
    m[20:380, 300:302] = True  # a vertical one
    ys = np.arange(40, 360)
    xs = (150 + 0.3 * ys + 6 * np.sin(ys / 9.0)).astype(int)
    tear = np.zeros_like(m)
    for dx in range(5):
        tear[ys, xs + dx] = True
    rules = printed_rules(m | tear, ppm, TearParams())
    assert rules[101, 60:540].all() and rules[30:370, 300].all()
    assert np.count_nonzero(rules & tear) < 0.1 * np.count_nonzero(tear)


def test_open_disc_matches_a_morphological_opening():
    from conservator.detect.frontend import disc
    from conservator.detect.gaps import open_disc

    rng = np.random.default_rng(5)
    m = np.zeros((300, 300), np.uint8)
    for _ in range(12):
        cv2.circle(
            m, tuple(int(v) for v in rng.integers(20, 280, 2)), int(rng.integers(3, 30)), 1, -1
        )
    cv2.line(m, (10, 150), (290, 160), 1, 4)  # thin: removed by both
    ref = cv2.morphologyEx(m, cv2.MORPH_OPEN, disc(8)).astype(bool)
    got = open_disc(m.astype(bool), 8)
    assert iou(got, ref) > 0.95
    assert not got[150:160, 150].any()


def test_components_use_16_bit_labels_only_when_they_fit():
    """Labels of a big mask take half the memory in 16 bits, but 70 000 specks need 32."""
    from conservator.detect.frontend import components

    rng = np.random.default_rng(3)
    few = rng.random((300, 400)) > 0.7
    n, labels, stats, _ = components(few)
    ref = cv2.connectedComponentsWithStats(few.astype(np.uint8), connectivity=8)
    assert labels.dtype == np.uint16 and n == ref[0]
    assert np.array_equal(labels, ref[1]) and np.array_equal(stats, ref[2])
    specks = np.zeros((560, 500), np.uint8)
    specks[::2, ::2] = 1  # 70 000 one-pixel components
    n, labels, _, _ = components(specks)
    assert n == 70_001 and labels.dtype == np.int32 and labels.max() == 70_000


def test_background_calls_return_or_raise_in_the_caller(monkeypatch):
    from conservator.parallel import background

    for threads in ("1", "2"):
        monkeypatch.setenv("CONSERVATOR_THREADS", threads)
        assert background(lambda: 6 * 7).result() == 42
        failing = background(lambda: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            failing.result()


def test_band_loops_cover_every_band_and_raise_errors():
    from conservator.parallel import for_bands

    out = np.zeros(1000, int)

    def fill(y):
        out[y : y + 100] = y

    for_bands(fill, range(0, 1000, 100))
    assert (out == np.repeat(np.arange(0, 1000, 100), 100)).all()

    def boom(y):
        if y == 300:
            raise ValueError("band 300")

    with pytest.raises(ValueError, match="band 300"):
        for_bands(boom, range(0, 1000, 100))


def test_a_photograph_filling_the_frame_has_no_board_losses_or_tears():
    """A picture to the frame's edges has no even board around it: its dark content must not
    be measured as holes and tears, and the user is told why."""
    rng = np.random.default_rng(11)
    field = cv2.resize(rng.uniform(0, 255, (12, 9, 3)).astype(np.float32), (720, 960))
    detail = cv2.GaussianBlur(rng.normal(0, 40, (960, 720, 3)).astype(np.float32), (0, 0), 3)
    photo = np.clip(field + detail, 0, 255).astype(np.uint8)
    result = analyze_scan(_scan(photo))
    assert result.detectors["loss"].measurements["count"] == 0
    assert result.detectors["tear"].measurements["count"] == 0
    assert any("no even backing board" in w for w in result.warnings)
    assert any("plain paper" in w for w in result.warnings)


def test_results_are_the_same_on_one_thread(damaged, monkeypatch):
    """Detectors run side by side and row bands on a pool; the numbers and masks must not
    depend on it."""
    rgb, _, parallel = damaged
    monkeypatch.setenv("CONSERVATOR_THREADS", "1")
    serial = analyze_scan(_scan(rgb))
    assert serial.to_dict() == parallel.to_dict()
    for name in parallel.masks:
        assert np.array_equal(serial.masks[name], parallel.masks[name])


def test_only_stretches_joining_two_tear_pieces_bridge_them():
    """On a black board ink is as dark as a tear's mixed pixels: a dark stretch between two
    pure-board pieces joins them, a word touching a piece on one side does not."""
    from conservator.detect.tear import _bridges

    pieces = np.zeros((40, 200), bool)
    pieces[18:22, 10:80] = True
    pieces[18:22, 100:190] = True
    between = np.zeros_like(pieces)
    between[19:21, 80:100] = True  # the narrow stretch of the tear
    between[5:18, 40:60] = True  # a letter touching the first piece from above
    got = _bridges(pieces, between)
    assert got[19:21, 80:100].all()
    assert not got[5:18, 40:60].any()
