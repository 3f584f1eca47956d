"""A ruler in the frame is found, left out of the leaf and checks the file's ppi (issue 12:
"a colour chart and ruler in the frame are measured as part of the leaf"). Generated pages
rebuild what a lab lays beside a leaf, and what only looks periodic (text, ruled tables,
stripes)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from conservator.analysis import analyze_scan
from conservator.detect.frontend import resize_area
from conservator.detect.scales import find_scales
from conservator.imaging.color import srgb_to_lab
from tests.core.test_detect import PPI, PPM, _scan, make_page

BOARD = (20, 20, 22)


def px(mm: float) -> int:
    return int(round(mm * PPM))


def draw_ruler(
    img,
    x0_mm,
    y0_mm,
    length_mm=80,
    *,
    pitch_mm=1.0,
    width_mm=22.0,
    body=(246, 246, 240),
    ink=(25, 25, 25),
    vertical=False,
):
    """A ruler with ticks every ``pitch_mm`` (0.15 mm wide, 3 mm long; 5 mm every 5th, 7 mm
    every 10th, numbered), drawn anti-aliased at sub-pixel positions into ``img``."""
    n_len, n_wid = px(length_mm + 10), px(width_mm)
    r = np.empty((n_wid, n_len, 3), np.uint8)
    r[:] = body
    for k in range(int(length_mm / pitch_mm) + 1):
        x = (5 + k * pitch_mm) * PPM
        tl = 3.0 if k % 5 else (5.0 if k % 10 else 7.0)
        hw = 0.075 * PPM
        pts = np.array([[x - hw, 0], [x + hw, 0], [x + hw, tl * PPM], [x - hw, tl * PPM]])
        cv2.fillPoly(r, [np.round(pts * 16).astype(np.int32)], ink, cv2.LINE_AA, shift=4)
        if k % 10 == 0:
            org = (int(x - 0.8 * PPM), px(11))
            cv2.putText(r, str(k // 10), org, 0, 0.04 * PPM, ink, px(0.2), cv2.LINE_AA)
    if vertical:
        r = r.transpose(1, 0, 2)
    x0, y0 = px(x0_mm), px(y0_mm)
    h, w = r.shape[:2]
    H, W = img.shape[:2]
    img[y0 : min(H, y0 + h), x0 : min(W, x0 + w)] = r[: H - y0, : W - x0]
    return img


def _beside(rgb, extra_mm=70):
    """The page on a wider board: ``extra_mm`` of board to the right of the leaf."""
    h, w = rgb.shape[:2]
    frame = np.empty((h, w + px(extra_mm), 3), np.uint8)
    frame[:] = BOARD
    frame[:, :w] = rgb
    return frame


def _scales(result):
    return [t for t in result.to_dict()["targets"] if t["kind"] == "scale"]


@pytest.fixture(scope="module")
def ruled():
    """A leaf (with one real hole) on a black board; a mm ruler lies on the board to its
    right, its left end over the leaf's right edge."""
    rgb, _ = make_page(hole=(55, 80, 8.0), text=True, board=BOARD)
    frame = _beside(rgb)
    draw_ruler(frame, 112, 60, 60)  # the leaf's right edge is at x = 120 mm − its board margin
    return frame


def test_a_mm_ruler_beside_the_leaf_is_found_and_measures_the_scan(ruled):
    result = analyze_scan(_scan(ruled))
    scales = _scales(result)
    assert len(scales) == 1
    s = scales[0]
    assert s["orientation"] == "horizontal"
    assert s["tick_unit"] == "mm" and s["tick_pitch"] == 1.0
    assert s["tick_pitch_px"] == pytest.approx(PPM, rel=0.003)
    assert s["implied_ppi"] == pytest.approx(PPI, rel=0.005)
    assert s["ppi_agrees"] is True
    assert s["run_mm"] >= 59
    x, y, w, h = s["box"]  # the ruler's body: 70 × 22 mm at (112, 60) mm
    assert abs(x - px(112)) <= px(2.5) and abs(x + w - px(182)) <= px(2.5)
    assert y <= px(60.5) and y + h >= px(81.5) and h <= px(30)
    assert any("ruler" in x for x in result.warnings)
    assert not any("ppi" in x for x in result.warnings)


def test_the_ruler_is_not_leaf_and_its_end_over_the_edge_is_no_loss(ruled):
    """The ruler's body is not paper, and the leaf's edge under its end is hidden, not lost:
    the one real hole is the only loss, and no tear."""
    result = analyze_scan(_scan(ruled))
    loss = result.detectors["loss"]
    assert loss.measurements["count"] == 1
    assert loss.instances[0]["kind"] == "internal"
    assert result.detectors["tear"].measurements["count"] == 0
    leaf = result.leaf_mask
    assert not leaf[px(62) : px(80), px(125) : px(180)].any()  # the ruler on the board
    # the leaf's area stays the leaf's (120 × 160 mm page less its 10 mm board margins)
    assert result.leaf["area_mm2"] == pytest.approx(100 * 140, rel=0.03)


def test_a_ppi_that_disagrees_with_the_ruler_is_warned_about(ruled):
    """The file says 215 ppi, the ruler measures 200: a warning in plain words, and
    ppi_agrees is false."""
    result = analyze_scan(_scan(ruled, dpi=(215, 215)))
    s = _scales(result)[0]
    assert s["implied_ppi"] == pytest.approx(PPI, rel=0.005)
    assert s["ppi_agrees"] is False
    warn = [x for x in result.warnings if "ruler in the frame implies" in x]
    assert warn and "215" in warn[0] and "200" in warn[0]


def test_a_small_mismatch_within_two_percent_is_no_warning(ruled):
    result = analyze_scan(_scan(ruled, dpi=(202, 202)))
    assert _scales(result)[0]["ppi_agrees"] is True
    assert not any("implies" in x for x in result.warnings)


def _find(rgb, ppi=PPI):
    """The ruler finder alone, on the working level as the front end makes it."""
    ppm = ppi / 25.4
    f = max(1.0, ppi / 150)
    work = resize_area(rgb, f)
    w3 = work if work.ndim == 3 else np.repeat(work[..., None], 3, axis=2)
    lab = srgb_to_lab(w3)
    return find_scales(lab, rgb, ppm / f, ppm, True)[1]


def _page_without_board():
    rgb, _ = make_page(text=False)
    return rgb[px(12) : px(148), px(12) : px(108)].copy()


def test_text_lines_a_ruled_table_and_stripes_are_not_rulers():
    page = _page_without_board()
    ink = (40, 35, 30)
    for i in range(8):  # text lines, small and large
        y = px(8 + 5 * i)
        cv2.putText(page, "minimum illumination 1784", (px(4), y), 0, 0.045 * PPM, ink, 1)
    # a table with regular rules: rows every 6 mm, columns every 20 mm, figures in its cells
    for i in range(8):
        cv2.line(page, (px(4), px(50 + 6 * i)), (px(88), px(50 + 6 * i)), ink, 1)
    for j in range(5):
        cv2.line(page, (px(4 + 21 * j), px(50)), (px(4 + 21 * j), px(92)), ink, 1)
    for i in range(7):
        for j in range(4):
            cv2.putText(page, "1111", (px(6 + 21 * j), px(55 + 6 * i)), 0, 0.03 * PPM, ink, 1)
    # a striped band (a textile pattern: half-dark bars at 2 mm pitch), 70 × 12 mm
    for k in range(35):
        x = px(8 + 2 * k)
        cv2.rectangle(page, (x, px(98)), (x + px(1) - 1, px(110)), (90, 60, 50), -1)
    # a ledger ruled every 3 mm over a wide area
    for i in range(6):
        cv2.line(page, (px(4), px(114 + 3 * i)), (px(90), px(114 + 3 * i)), (120, 120, 200), 1)
    # a dotted leader (a table of contents) and a dashed line: regular, but no ticks
    for k in range(45):
        cv2.circle(page, (px(6 + 1.6 * k), px(45)), px(0.15), ink, -1, cv2.LINE_AA)
        cv2.line(page, (px(6 + 1.6 * k), px(47)), (px(6.6 + 1.6 * k), px(47)), ink, 1)
    assert _find(page) == []
    result = analyze_scan(_scan(page))
    assert _scales(result) == []


def test_no_ruler_no_scale_and_the_targets_key_is_there():
    rgb, _ = make_page(text=True)
    result = analyze_scan(_scan(rgb))
    assert result.to_dict()["targets"] == []
    assert not any("ruler" in x for x in result.warnings)


def test_a_ruler_on_a_greyscale_scan_is_found():
    frame = cv2.cvtColor(
        draw_ruler(_beside(make_page(board=BOARD)[0]), 125, 40), cv2.COLOR_RGB2GRAY
    )
    result = analyze_scan(_scan(frame))
    s = _scales(result)
    assert len(s) == 1 and s[0]["implied_ppi"] == pytest.approx(PPI, rel=0.005)


def test_a_vertical_ruler_and_a_slightly_skewed_one_are_found():
    frame = _beside(make_page(board=BOARD)[0])
    draw_ruler(frame, 130, 20, 120, vertical=True)
    found = _find(frame)
    assert len(found) == 1 and found[0].orientation == "vertical"
    assert found[0].tick_pitch_px == pytest.approx(PPM, rel=0.003)
    # the same ruler turned by 1.5°
    h, w = frame.shape[:2]
    rot = cv2.getRotationMatrix2D((px(140), px(80)), 1.5, 1.0)
    turned = cv2.warpAffine(frame, rot, (w, h), flags=cv2.INTER_LINEAR, borderValue=BOARD)
    found = _find(turned)
    assert len(found) == 1
    assert found[0].tick_pitch_px == pytest.approx(PPM, rel=0.005)
    assert found[0].skew_deg == pytest.approx(-1.5, abs=0.3)  # counter-clockwise: rising


def test_a_half_mm_ruler_and_no_resolution():
    """Half-millimetre ticks at 400 ppi; a scan without a resolution gets the ruler's pitch in
    pixels as advice, never a guessed unit or a silent "agrees"."""
    big = cv2.resize(_beside(make_page(board=BOARD)[0]), None, fx=2, fy=2)
    ppm = 2 * PPM
    r = np.empty((int(20 * ppm), int(70 * ppm), 3), np.uint8)
    r[:] = (240, 240, 235)
    for k in range(121):
        x = (5 + 0.5 * k) * ppm
        tl = 2.0 if k % 2 else 4.0
        pts = np.array(
            [
                [x - 0.12 * ppm / 2, 0],
                [x + 0.06 * ppm, 0],
                [x + 0.06 * ppm, tl * ppm],
                [x - 0.06 * ppm, tl * ppm],
            ]
        )
        cv2.fillPoly(r, [np.round(pts * 16).astype(np.int32)], (20, 20, 20), cv2.LINE_AA, shift=4)
    y0, x0 = int(40 * ppm), int(118 * ppm)
    big[y0 : y0 + r.shape[0], x0 : x0 + r.shape[1]] = r
    found = _find(big, ppi=2 * PPI)
    assert len(found) == 1
    assert found[0].tick_unit == "mm" and found[0].tick_pitch == 0.5
    assert found[0].implied_ppi == pytest.approx(2 * PPI, rel=0.005)
    result = analyze_scan(_scan(big, dpi=None))
    s = _scales(result)
    assert s and s[0]["ppi_agrees"] is None and s[0]["implied_ppi"] is None
    assert s[0]["tick_pitch_px"] == pytest.approx(ppm / 2, rel=0.005)
    assert any("px apart" in x and "--dpi" in x for x in result.warnings)


def test_the_ruler_is_drawn_in_the_overlay_and_named_in_the_summary(ruled, capsys):
    from conservator.cli.analyze import TARGET_COLOUR, _summary, render_overlay, target_text

    scan = _scan(ruled)
    result = analyze_scan(scan)
    s = _scales(result)[0]
    assert target_text(s) == "ruler 1 mm, 200 ppi"
    img = render_overlay(scan, result)
    x, y, w, h = s["box"]
    assert (img[y + h // 2, max(0, x - 1) : x + 2] == TARGET_COLOUR).all(axis=-1).any()
    _summary(result)
    assert "in frame: ruler 1 mm, 200 ppi" in capsys.readouterr().out
    chart = {"kind": "colour_chart", "box": [0, 0, 10, 10]}
    assert target_text(chart) == "colour chart"


def test_a_dark_ruler_with_light_ticks_and_a_16_bit_scan():
    """White ticks on a black ruler (on a blue board), and a 16-bit scan of a white one: both
    found with the right pitch, the white one's body boxed (not just its ticks)."""
    frame = _beside(make_page()[0])
    frame[:, -px(70) :] = (30, 68, 158)
    draw_ruler(frame, 125, 40, 60, body=(30, 30, 30), ink=(235, 235, 235))
    found = _find(frame)
    assert len(found) == 1 and found[0].tick_pitch_px == pytest.approx(PPM, rel=0.003)
    frame = _beside(make_page(board=BOARD)[0])
    draw_ruler(frame, 125, 40, 60)
    result = analyze_scan(_scan(frame.astype(np.uint16) * 257, bit_depth=16))
    s = _scales(result)
    assert len(s) == 1 and s[0]["implied_ppi"] == pytest.approx(PPI, rel=0.005)
    x, y, w, h = s[0]["box"]
    assert y <= px(40.5) and y + h >= px(61.5) and h <= px(30)


def test_a_ruler_laid_on_a_page_without_board_is_not_paper():
    """A crop inside the page (no board) with a ruler laid on it: the leaf's area leaves the
    ruler out (about its 70 × 22 mm), and no stain or fading is measured on it."""
    page = _page_without_board()
    h, w = page.shape[:2]
    draw_ruler(page, 10, 60, 60)
    result = analyze_scan(_scan(page))
    assert len(_scales(result)) == 1
    frame_mm2 = h * w / PPM**2
    assert frame_mm2 - 1.5 * 70 * 22 < result.leaf["area_mm2"] < frame_mm2 - 0.95 * 70 * 22
    assert result.detectors["fading"].measurements["count"] == 0
    assert result.detectors["stain"].measurements["count"] == 0


def test_a_black_ruler_over_the_leaf_edge_on_a_black_board_is_no_edge_loss():
    """A black rule with white ticks on a black board, its end 20 mm over the leaf: taken for
    the board it would be an edge loss; found, it hides the edge, and the leaf's outline is
    fitted on the edge that shows (the leaf keeps its area)."""
    rgb, _ = make_page(hole=(55, 80, 8.0), text=True, board=BOARD)
    frame = _beside(rgb)
    draw_ruler(frame, 100, 60, 70, body=(30, 30, 30), ink=(235, 235, 235))
    result = analyze_scan(_scan(frame))
    assert len(_scales(result)) == 1
    loss = result.detectors["loss"]
    assert loss.measurements["count"] == 1 and loss.instances[0]["kind"] == "internal"
    assert result.leaf["area_mm2"] == pytest.approx(100 * 140, rel=0.03)
