"""Behavioural guards of the analysis cost (no timings): shared results are computed once and
concurrently, the detectors' schedule does not change results, big temporaries stay float32."""

from __future__ import annotations

import threading

import cv2
import numpy as np

from conservator.analysis import analyze_scan
from conservator.detect.frontend import build_front
from conservator.detect.ink import sauvola_dark
from conservator.model.image import ScanImage


def _page(seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    px = np.full((360, 300, 3), (40, 40, 45), np.uint8)  # a dark board
    px[30:330, 30:270] = (232, 222, 196)  # the leaf
    px[60:64, 60:240] = 30  # a text line
    px[200:206, 100:106] = (170, 130, 80)  # a brown spot
    px[300:330, 200:240] = (40, 40, 45)  # an edge loss
    return np.clip(px + rng.normal(0, 1.5, px.shape), 0, 255).astype(np.uint8)


def _scan(px: np.ndarray) -> ScanImage:
    return ScanImage.from_pixels(px, 150.0, path="test")


def test_memo_computes_each_key_once_and_different_keys_at_the_same_time():
    front = build_front(_page(), 150 / 25.4)
    calls = []
    a_started, b_done = threading.Event(), threading.Event()

    def slow_a():
        calls.append("a")
        a_started.set()
        # with one lock for every key, "b" could not be computed while "a" is: this wait
        # would time out
        assert b_done.wait(10), "another key's computation was blocked"
        return 1

    def fast_b():
        calls.append("b")
        return 2

    t = threading.Thread(target=lambda: front.memo("a", slow_a))
    t.start()
    assert a_started.wait(10)
    assert front.memo("b", fast_b) == 2
    b_done.set()
    t.join(10)
    assert front.memo("a", lambda: 99) == 1  # cached, not recomputed
    assert sorted(calls) == ["a", "b"]


def test_detectors_give_the_same_result_on_one_or_two_threads(monkeypatch):
    scan = _scan(_page())
    monkeypatch.setenv("CONSERVATOR_THREADS", "1")
    one = analyze_scan(scan).to_dict()
    monkeypatch.setenv("CONSERVATOR_THREADS", "2")
    two = analyze_scan(scan).to_dict()
    assert one == two
    assert list(two["detectors"]) == list(one["detectors"])  # report order kept


def test_sauvola_with_several_k_matches_one_k_at_a_time():
    rng = np.random.default_rng(0)
    L = (80 + 10 * rng.standard_normal((120, 140))).astype(np.float32)
    L[40:44, 20:120] = 30
    both = sauvola_dark(L, 15, (0.2, 0.06))
    assert isinstance(both, list) and len(both) == 2
    for k, m in zip((0.2, 0.06), both, strict=True):
        single = sauvola_dark(L, 15, k)
        assert single.dtype == bool and np.array_equal(single, m)
        # the formula written out (float32 throughout, as before)
        win = (15, 15)
        mean = cv2.boxFilter(L, -1, win, borderType=cv2.BORDER_REFLECT)
        m2 = cv2.boxFilter(cv2.multiply(L, L), -1, win, borderType=cv2.BORDER_REFLECT)
        s = cv2.sqrt(cv2.max(cv2.subtract(m2, cv2.multiply(mean, mean)), 0.0))
        assert np.array_equal(L < mean * (1.0 + k * (s / 50.0 - 1.0)), m)


def test_srgb_to_lab_of_a_strided_window_is_float32_and_equals_the_contiguous_one():
    from conservator.imaging.color import srgb_to_lab

    rng = np.random.default_rng(1)
    img = rng.integers(0, 256, (70, 90, 3), np.uint8)
    img[:5] = rng.integers(0, 12, (5, 90, 3))  # dark pixels: the linear segment of f
    win = img[3:60, 7:80]  # a strided view, as the detectors pass windows
    lab = srgb_to_lab(win, chunk_rows=8)
    assert lab.dtype == np.float32 and lab.shape == win.shape
    assert np.array_equal(lab, srgb_to_lab(np.ascontiguousarray(win), chunk_rows=8))
    # per pixel (the float path, no chunks) agrees to float32 rounding
    ref = srgb_to_lab(win.reshape(-1, 3).astype(np.float64) / 255.0).reshape(win.shape)
    assert np.abs(lab - ref).max() < 1e-3


def test_pairwise_distances_equal_numpy_norm_bit_for_bit():
    from conservator.detect.frontend import _pairwise_dist

    rng = np.random.default_rng(2)
    pts = (rng.normal(0, 1.5, (400, 3)) + [90, 1, 12]).astype(np.float32)
    d = _pairwise_dist(pts)
    assert d.dtype == np.float32 and d.shape == (400, 400)
    assert np.array_equal(d, np.linalg.norm(pts[:, None, :] - pts[None, :, :], axis=-1))


def test_ciede2000_is_bit_identical_to_scikit_image():
    from skimage.color import deltaE_ciede2000

    from conservator.imaging.color import ciede2000

    rng = np.random.default_rng(4)
    n = 20_000
    a = np.stack([rng.uniform(0, 100, n), rng.normal(0, 30, n), rng.normal(0, 30, n)], 1)
    b = np.stack([rng.uniform(0, 100, n), rng.normal(0, 30, n), rng.normal(0, 30, n)], 1)
    a[:100, 1:] = 0  # no chroma: the hue difference is 0
    b[100:200] = a[100:200]  # equal colours
    a[200:300, 1], a[200:300, 2], b[200:300, 1], b[200:300, 2] = 10, -1e-3, 10, 1e-3  # hue wrap
    for x, y in ((a, b), (b, a)):
        assert np.array_equal(ciede2000(x, y), deltaE_ciede2000(x, y))


def test_an_analysis_does_not_load_scipy_or_scikit_image():
    """Their import costs every analysis process ~0.2 s of CPU and ~25 MB of memory."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tests.core.test_analysis_cost import _page, _scan\n"
        "from conservator.analysis import analyze_scan\n"
        "r = analyze_scan(_scan(_page()))\n"
        "assert r.detectors['fading'].measured\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scipy', 'skimage')))\n"
    )
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=root,
        env=env,
    )
    assert out.stdout.strip() == "[]", out.stdout[:500]


def test_a_failing_detector_is_reported_not_the_cancellation_of_the_other(monkeypatch):
    """The worker runner fails while this thread's detector is running: the failure is raised,
    not the AnalysisCancelled it causes here."""
    import dataclasses
    import time

    import pytest

    from conservator.detect import registry

    monkeypatch.setenv("CONSERVATOR_THREADS", "2")
    registry.class_names()  # registers every class

    main_running = threading.Event()

    def fake(front, params, steps):
        if threading.current_thread() is not threading.main_thread():
            main_running.wait(10)
            raise ValueError("boom")
        main_running.set()
        end = time.monotonic() + 10
        while time.monotonic() < end:  # until the other runner's failure cancels this one
            steps(0.5, "waiting")
            time.sleep(0.01)
        raise AssertionError("the failure on the other runner did not stop this one")

    for name in list(registry.REGISTRY):
        monkeypatch.setitem(
            registry.REGISTRY, name, dataclasses.replace(registry.REGISTRY[name], func=fake)
        )
    with pytest.raises(ValueError, match="boom"):
        analyze_scan(_scan(_page()))


def test_a_page_speckled_all_over_examines_no_more_candidates_than_the_cap(monkeypatch):
    """Cost independent of noise: a 9.4 MP foxed endpaper with 15,576 specks once took ten times
    as long as a page of the same size with few. However many candidates a page shows, at most
    ``max_candidates_per_100cm2`` per 100 cm² of leaf are examined at full resolution (the
    strongest), and the result says how many there were."""
    from conservator.detect import foxing

    calls = []
    real_spot = foxing._SpotContext.spot

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real_spot(self, *args, **kwargs)

    monkeypatch.setattr(foxing._SpotContext, "spot", counting)
    rng = np.random.default_rng(5)
    px = np.full((900, 700, 3), (40, 40, 45), np.uint8)  # a dark board
    px[40:860, 40:660] = (232, 222, 196)  # a leaf of about 105 × 139 mm at 150 ppi
    for y, x in zip(rng.integers(60, 840, 3000), rng.integers(60, 640, 3000), strict=True):
        cv2.circle(px, (int(x), int(y)), int(rng.integers(2, 5)), (196, 160, 110), -1)
    px = np.clip(px + rng.normal(0, 1.5, px.shape), 0, 255).astype(np.uint8)
    result = analyze_scan(_scan(px), detectors=["foxing"])
    leaf_cm2 = result.leaf["area_mm2"] / 100
    cap = int(np.ceil(foxing.FoxingParams().max_candidates_per_100cm2 * leaf_cm2 / 100))
    assert len(calls) > 0.8 * cap  # the page has far more candidates than that ...
    assert len(calls) <= cap  # ... and no more than the cap were examined
    m = result.detectors["foxing"].measurements
    assert m["candidates"] > m["candidates_examined"] == len(calls)
    assert any("strongest examined" in w for w in result.warnings)
