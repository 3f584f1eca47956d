"""Hand-drawn regions are measured like detected findings: area and longest dimension."""

import math

import pytest

from conservator.analysis.regions import longest_dimension_px, measure_region, polygon_area_px


def test_a_rectangle_at_254_ppi():
    # 254 ppi = 10 px/mm: a 100 × 50 px rectangle is 10 × 5 mm
    m = measure_region([(0, 0), (100, 0), (100, 50), (0, 50)], 10.0)
    assert m["area_mm2"] == pytest.approx(50.0)
    assert m["longest_mm"] == pytest.approx(math.hypot(10, 5))
    assert m["bbox"] == [0.0, 0.0, 100.0, 50.0]


def test_longest_dimension_of_a_concave_outline_is_between_hull_vertices():
    # an L shape: the diagonal from (0, 0) to (40, 30) is the longest
    pts = [(0, 0), (10, 0), (10, 20), (40, 20), (40, 30), (0, 30)]
    assert longest_dimension_px(pts) == pytest.approx(50.0)
    assert polygon_area_px(pts) == pytest.approx(10 * 20 + 40 * 10)


def test_a_brush_outline_with_many_points():
    # a circle of radius 25 px drawn as 720 outline points
    pts = [
        (100 + 25 * math.cos(t), 80 + 25 * math.sin(t))
        for t in [2 * math.pi * k / 720 for k in range(720)]
    ]
    m = measure_region(pts, 5.0)
    assert m["longest_mm"] == pytest.approx(10.0, rel=1e-3)
    assert m["area_mm2"] == pytest.approx(math.pi * 25, rel=1e-3)


def test_without_resolution_only_pixels_are_known():
    m = measure_region([(0, 0), (3, 0), (3, 4)], None)
    assert m["area_mm2"] is None and m["longest_mm"] is None
    assert m["area_px"] == pytest.approx(6.0) and m["longest_px"] == pytest.approx(5.0)
