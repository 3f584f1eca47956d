"""Losses and tears only where a backing board is evidently there; greyscale scans say what they
cannot measure (issue 12, points 3 and 5). Each test rebuilds a failure mode seen on real scans
from a generated page and asserts what a conservator would notice."""

from __future__ import annotations

import cv2
import numpy as np

from conservator.analysis import analyze_scan
from conservator.detect.board import regime_of
from conservator.detect.frontend import FrontParams
from conservator.imaging.color import srgb_to_lab
from tests.core.test_detect import PPM, SPOTS, _scan, iou, make_page


def px(mm: float) -> int:
    return int(round(mm * PPM))


def _inside_crop(rgb):
    """The page cropped inside the leaf: no board anywhere in the frame."""
    return rgb[px(12) : px(148), px(12) : px(108)].copy()


def test_no_board_ink_show_through_and_a_drawing_are_not_losses_or_tears():
    """dibco 2012-H05 / 2011-PR1: a crop inside the page with dark handwriting, show-through
    from the verso, a dark ink drawing and a shaded lower half. Nothing is a hole: losses and
    tears are not measured, and the reason says why."""
    rgb, _ = make_page(spots=SPOTS, text=True, paper=(228, 222, 210))
    page = _inside_crop(rgb).astype(np.float32)
    h, w = page.shape[:2]
    verso = np.full((h, w), 255, np.uint8)  # show-through: mirrored faint writing
    for i in range(10):
        cv2.putText(verso, "the verso shows", (px(5), px(12 + 12 * i)), 0, 0.1 * PPM, 0, px(0.5))
    verso = cv2.GaussianBlur(verso[:, ::-1], (0, 0), 0.4 * PPM).astype(np.float32) / 255
    page *= (0.82 + 0.18 * verso)[..., None]
    drawing = np.full((h, w), 255, np.uint8)  # an ink drawing: hatching and a filled blot
    for k in range(0, px(30), px(1.2)):
        cv2.line(drawing, (px(50) + k, px(95)), (px(50) + k + px(8), px(125)), 20, px(0.4))
    cv2.ellipse(drawing, (px(30), px(110)), (px(9), px(6)), 20, 0, 360, 25, -1)
    page *= (drawing.astype(np.float32) / 255)[..., None]
    page[h // 2 :] *= 0.78  # the lower half in shadow (camera shot)
    result = analyze_scan(_scan(np.clip(page, 0, 255).astype(np.uint8)))
    for name in ("loss", "tear"):
        det = result.detectors[name]
        assert det.status == "not_measured", name
        assert det.reason == "no backing board visible"
        assert det.instances == [] and not result.masks[name].any()
    assert result.leaf["board_regime"] == "none"
    assert result.leaf["area_px"] == h * w  # the whole frame is the leaf


def test_a_pale_scanner_lid_is_not_a_backing_board():
    """A leaf on a light grey surround (a scanner lid): the surround is nearly paper-coloured,
    so a hole cannot be told from paper; losses are not measured rather than guessed."""
    rgb, _ = make_page(hole=(55, 80, 8.0), text=True, board=(196, 196, 192))
    result = analyze_scan(_scan(rgb))
    assert result.detectors["loss"].status == "not_measured"
    assert not result.masks["loss"].any()
    assert any("paper-coloured" in w for w in result.warnings)


def test_board_regimes_are_named_from_the_board_colour():
    p = FrontParams()

    def lab(rgb):
        return srgb_to_lab(np.array([[rgb]], np.uint8))[0, 0]

    assert regime_of(lab((21, 21, 23)), p) == "black"
    assert regime_of(lab((54, 55, 58)), p) == "grey"
    assert regime_of(lab((30, 68, 158)), p) == "chroma"  # blue
    assert regime_of(lab((26, 128, 74)), p) == "chroma"  # green
    assert regime_of(lab((236, 226, 200)), p) == "none"  # cream paper
    assert regime_of(lab((160, 120, 70)), p) == "none"  # brown: stained paper, not a board
    assert regime_of(lab((200, 200, 196)), p) == "none"  # a pale lid


def test_a_hole_over_the_centre_with_black_behind_does_not_swap_leaf_and_board():
    """A large hole in the middle of the leaf, black behind it: the centre of the frame is
    black, but the leaf is the paper around it (the larger, lighter region), the hole is one
    loss, and nothing else is."""
    rgb, masks = make_page(hole=(60, 80, 34.0), text=True, board=(20, 20, 22))
    result = analyze_scan(_scan(rgb))
    assert result.leaf["board_regime"] == "black"
    assert iou(result.leaf_mask, masks["leaf"]) > 0.97
    loss = result.detectors["loss"]
    assert loss.status == "measured" and loss.measurements["count"] == 1
    assert iou(result.masks["loss"], masks["loss"]) > 0.9
    assert loss.instances[0]["kind"] == "internal"


def test_a_hole_in_a_leaf_filling_the_frame_keeps_the_leaf_the_leaf():
    """Parchment filling the frame with a hole, black behind it: without a board around the
    leaf the hole is not measured, and the leaf is never taken for the hole."""
    rgb, _ = make_page(hole=(60, 80, 30.0), text=True, board=(20, 20, 22))
    page = _inside_crop(rgb)
    result = analyze_scan(_scan(page))
    h, w = page.shape[:2]
    assert result.leaf["area_px"] == h * w
    assert result.detectors["loss"].status == "not_measured"


def test_ink_of_the_board_colour_is_not_taken_for_holes():
    """Blue ink on a leaf on a blue chroma board (the ink is the board's colour): the letters
    are not losses or tears; the one real hole is found. (A filled blot of exactly the board's
    colour cannot be told from a hole by colour: not asked here.)"""
    board = (30, 68, 158)
    rgb, masks = make_page(hole=(85, 130, 6.0), text=False, board=board)
    img = rgb.astype(np.float32)
    layer = np.full(rgb.shape[:2], 0, np.uint8)
    for i in range(9):
        org = (px(16), px(30 + 9 * i))
        cv2.putText(layer, "Inked in blue 1902", org, 0, 0.1 * PPM, 255, px(0.5))
    a = (cv2.GaussianBlur(layer, (0, 0), 0.5).astype(np.float32) / 255)[..., None]
    img = img * (1 - a) + np.float32(board) * a
    result = analyze_scan(_scan(np.clip(img, 0, 255).astype(np.uint8)))
    loss = result.detectors["loss"]
    assert loss.measurements["count"] == 1
    assert iou(result.masks["loss"], masks["loss"]) > 0.8
    assert result.detectors["tear"].measurements["count"] == 0


def test_greyscale_scan_says_per_class_what_was_measured():
    """A greyscale scan on a black board: losses are measured from luminance (and say so),
    discolouration cannot be seen (fading: "not measurable in greyscale")."""
    rgb, masks = make_page(hole=(55, 80, 8.0), text=True, board=(20, 20, 22))
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    for pixels in (grey, np.repeat(grey[..., None], 3, axis=2)):  # grey, and grey stored as RGB
        result = analyze_scan(_scan(pixels))
        d = result.to_dict()["detectors"]
        assert d["loss"]["status"] == "measured" and d["loss"]["method"] == "luminance only"
        assert iou(result.masks["loss"], masks["loss"]) > 0.85
        assert d["fading"]["status"] == "not_measured"
        assert d["fading"]["reason"] == "not measurable in greyscale"
        assert d["fading"]["measurements"]["yellowness_e313"] is None
        assert d["fading"]["measurements"]["ink_paper_contrast"] > 0.5  # luminance: still there


def test_a_colour_scan_of_pale_paper_is_not_taken_for_greyscale():
    rgb, _ = make_page(text=True, paper=(236, 232, 222), fade=(20, 20, 90, 70))
    result = analyze_scan(_scan(rgb))
    assert result.detectors["fading"].status == "measured"
    assert result.detectors["loss"].method is None


def _chart(img, x0, y0, seed=3):
    """A 4 × 6 patch colour chart (8.5 mm patches on a dark card) drawn into ``img``."""
    rng = np.random.default_rng(seed)
    cv2.rectangle(img, (x0, y0), (x0 + px(60), y0 + px(42)), (25, 25, 25), -1)
    cols = rng.integers(30, 240, (24, 3))
    cols[18:] = [[243, 243, 242], [200, 200, 200], [160, 160, 160], [122, 122, 121]] + [
        [85, 85, 85],
        [52, 52, 52],
    ]
    for i in range(4):
        for j in range(6):
            a, b = x0 + px(1.5 + j * 9.7), y0 + px(1.5 + i * 10)
            colour = tuple(int(c) for c in cols[i * 6 + j])
            cv2.rectangle(img, (a, b), (a + px(8.5), b + px(8.5)), colour, -1)


def test_a_colour_chart_over_the_leaf_edge_is_not_a_loss():
    """A colour chart laid on the board, its card over the leaf's right edge: the edge under
    the card is hidden, not lost; the one real hole is the only loss, and a warning says the
    chart was left out of the leaf."""
    board = (20, 20, 22)
    rgb, masks = make_page(hole=(55, 80, 8.0), text=True, board=board)
    h, w = rgb.shape[:2]
    frame = np.empty((h, w + px(60), 3), np.uint8)
    frame[:] = board
    frame[:, :w] = rgb
    _chart(frame, w - px(11), px(40))
    result = analyze_scan(_scan(frame))
    loss = result.detectors["loss"]
    assert loss.measurements["count"] == 1
    assert loss.instances[0]["kind"] == "internal"
    assert any("colour chart" in x for x in result.warnings)


def test_a_colour_chart_on_a_page_without_board_is_not_paper():
    """A chart laid on the page (no board): it is not part of the leaf, so the leaf's area and
    the paper measures leave it out."""
    rgb, _ = make_page(text=True)
    page = _inside_crop(rgb)
    h, w = page.shape[:2]
    _chart(page, px(20), px(80))
    result = analyze_scan(_scan(page))
    chart_mm2, frame_mm2 = 60 * 42, h * w / PPM**2
    assert frame_mm2 - 1.4 * chart_mm2 < result.leaf["area_mm2"] < frame_mm2 - 0.95 * chart_mm2
    assert any("colour chart" in x for x in result.warnings)
    assert result.detectors["fading"].measurements["count"] == 0
