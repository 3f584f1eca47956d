"""Colour science: sRGB → CIELAB D50 (Bradford), ΔE00 and ASTM E313 yellowness."""

import numpy as np
import pytest

from conservator.imaging.color import (
    delta_e00,
    lab_to_srgb,
    srgb_to_lab,
    yellowness_e313,
)

# The 34 CIEDE2000 test pairs of G. Sharma, W. Wu and E. N. Dalal, "The CIEDE2000 color-difference
# formula: implementation notes, supplementary test data, and mathematical observations",
# Color Research & Application 30(1), 21-30 (2005), Table 1: L1, a1, b1, L2, a2, b2, ΔE00.
SHARMA_2005 = [
    (50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425),
    (50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615),
    (50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412),
    (50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669),
    (50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461),
    (50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065),
    (50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492),
    (50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977),
    (50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030),
    (50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000),
    (60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644),
    (63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630),
    (61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731),
    (35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645),
    (22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373),
    (36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146),
    (90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441),
    (90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381),
    (6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377),
    (2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082),
]


def test_sharma_table_is_complete():
    assert len(SHARMA_2005) == 34


@pytest.mark.parametrize("row", SHARMA_2005, ids=[f"pair{i + 1}" for i in range(34)])
def test_delta_e00_matches_sharma_pairs(row):
    lab1, lab2, expected = np.array(row[:3]), np.array(row[3:6]), row[6]
    got = float(delta_e00(lab1[None], lab2[None])[0])
    assert abs(got - expected) < 1e-4
    # symmetric
    assert abs(float(delta_e00(lab2[None], lab1[None])[0]) - expected) < 1e-4


def test_delta_e00_vectorised_and_chunked_equals_pairwise():
    t = np.array(SHARMA_2005)
    got = delta_e00(t[:, :3], t[:, 3:6], chunk=5)
    np.testing.assert_allclose(got, t[:, 6], atol=1e-4)


def test_white_maps_to_d50_white_and_known_primaries():
    rgb = np.array([[255, 255, 255], [255, 0, 0], [0, 0, 0]], np.uint8)
    lab = srgb_to_lab(rgb)
    np.testing.assert_allclose(lab[0], [100.0, 0.0, 0.0], atol=1e-3)
    # Lindbloom's calculator, sRGB red, D50 reference white, Bradford adaptation
    np.testing.assert_allclose(lab[1], [54.29, 80.81, 69.89], atol=0.02)
    np.testing.assert_allclose(lab[2], [0.0, 0.0, 0.0], atol=1e-3)


def test_agrees_with_littlecms_lab_d50():
    imagecodecs = pytest.importorskip("imagecodecs")
    rng = np.random.default_rng(3)
    rgb = rng.integers(0, 256, size=(1, 200, 3), dtype=np.uint8)
    ref = imagecodecs.cms_transform(
        rgb,
        imagecodecs.cms_profile("srgb"),
        imagecodecs.cms_profile("lab4"),
        outcolorspace="lab",
        outdtype="f8",
    )
    ours = srgb_to_lab(rgb)
    assert float(np.abs(ours - ref).max()) < 0.05


def test_uint16_and_float_inputs_agree_with_uint8():
    rgb8 = np.array([[[200, 180, 150], [30, 60, 90]]], np.uint8)
    lab8 = srgb_to_lab(rgb8)
    np.testing.assert_allclose(srgb_to_lab(rgb8.astype(np.uint16) * 257), lab8, atol=1e-3)
    np.testing.assert_allclose(srgb_to_lab(rgb8 / 255.0), lab8, atol=1e-3)


def test_chunked_conversion_of_an_image_matches_per_pixel():
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, size=(37, 11, 3), dtype=np.uint8)
    whole = srgb_to_lab(img, chunk_rows=4)
    assert whole.shape == (37, 11, 3) and whole.dtype == np.float32
    np.testing.assert_allclose(whole[20, 5], srgb_to_lab(img[20, 5]), atol=1e-4)


def test_lab_round_trip():
    rgb = np.array([[10, 200, 30], [250, 240, 220]], np.uint8)
    back = lab_to_srgb(srgb_to_lab(rgb)) * 255
    np.testing.assert_allclose(back, rgb, atol=0.01)


def test_yellowness_white_is_zero_and_yellow_paper_is_positive():
    assert abs(yellowness_e313(np.array([100.0, 0.0, 0.0]))) < 0.01
    cream = srgb_to_lab(np.array([240, 228, 196], np.uint8))
    yellower = srgb_to_lab(np.array([235, 215, 160], np.uint8))
    assert 10 < yellowness_e313(cream) < yellowness_e313(yellower)
    assert yellowness_e313(srgb_to_lab(np.array([220, 230, 250], np.uint8))) < 0
