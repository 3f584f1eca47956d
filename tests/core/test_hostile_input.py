"""Bounded input: implausible resolutions ignored, bombs refused before decoding (within a
measured memory bound), odd scans handled or refused in one line, pipes never read."""

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conservator.cli import main
from conservator.errors import ConservatorError, ImageLoadError, ImageTooLargeError
from conservator.imaging.load import load_scan, read_header
from tests.core import hostile as H

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _child(code: str, *args, cap_mb: int | None = None, timeout: float = 120):
    """Run ``code`` in a fresh interpreter; returns (exit code, stdout, stderr)."""

    def limit():
        if cap_mb:
            resource.setrlimit(resource.RLIMIT_AS, (cap_mb << 20, cap_mb << 20))

    r = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        preexec_fn=limit,
    )
    return r.returncode, r.stdout, r.stderr


#: Loads argv[1] with load_scan or read_header (argv[2]) and prints the error and peak RSS.
_PEAK = r"""
import json, sys
from conservator.imaging.load import load_scan, read_header
from conservator.errors import ConservatorError
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
base = hwm()
err = None
try:
    (read_header if sys.argv[2] == "header" else load_scan)(sys.argv[1])
except ConservatorError as exc:
    err = exc.one_line()
print(json.dumps({"base": base, "peak": hwm(), "error": err}))
"""


# --- resolution -----------------------------------------------------------------------------
@pytest.mark.parametrize("ppi", [1, 1e-6, 1e9, 49])
def test_implausible_tiff_resolution_is_ignored_with_a_warning(tmp_path, ppi):
    scan = load_scan(H.tiff_with_resolution(tmp_path, ppi))
    assert scan.dpi is None
    assert any("outside the plausible 50–10000 ppi" in w for w in scan.warnings)


def test_plausible_resolution_kept_and_the_window_is_configurable(tmp_path, monkeypatch):
    assert load_scan(H.tiff_with_resolution(tmp_path, 600)).dpi == (600, 600)
    monkeypatch.setenv("CONSERVATOR_PPI_RANGE", "1-20")
    assert load_scan(H.tiff_with_resolution(tmp_path, 10, "ten.tif")).dpi == (10, 10)
    monkeypatch.setenv("CONSERVATOR_PPI_RANGE", "lots")
    with pytest.raises(ConservatorError, match="CONSERVATOR_PPI_RANGE"):
        load_scan(H.tiff_with_resolution(tmp_path, 10, "ten.tif"))


def test_jp2_resolution_exponent_127_and_png_density_are_ignored(tmp_path, capsys):
    scan = load_scan(H.jp2_with_resolution(tmp_path, 127))
    assert scan.dpi is None and any("plausible" in w for w in scan.warnings)
    scan = load_scan(H.png_with_density(tmp_path, 39_370_000))  # ~1e6 ppi
    assert scan.dpi is None
    # the analysis then measures in pixels, not in 1e-20 mm²
    code, out, err = run(
        capsys, "analyze", H.jp2_with_resolution(tmp_path, -128, "neg.jp2"), "--json", "-"
    )
    assert code == 0, err
    assert json.loads(out)["units"] == "px"


def test_resolution_stored_as_double_is_read(tmp_path, capsys):
    path = H.tiff_double_resolution(tmp_path, 400.0)
    assert load_scan(path).dpi == (400.0, 400.0)
    code, out, err = run(capsys, "info", path)
    assert code == 0 and "400 × 400 ppi" in out, err


# --- bombs ----------------------------------------------------------------------------------
def test_jpeg_in_tiff_bomb_is_refused_before_decoding_within_a_memory_bound(tmp_path):
    path = H.jpeg_in_tiff_bomb(tmp_path, hidden=(8000, 8000))  # 192 MB if decoded
    assert path.stat().st_size < 2_000_000
    for mode in ("load", "header"):
        code, out, err = _child(_PEAK, path, mode)
        assert code == 0, err
        res = json.loads(out)
        assert "8000 × 8000 px, larger than the 64 × 64 px its tags allow" in res["error"]
        assert res["peak"] - res["base"] < 40 << 20, res  # never near the 192 MB


def test_a_jpeg_tile_bomb_is_refused_too(tmp_path):
    path = H.jpeg_in_tiff_bomb(tmp_path, hidden=(3000, 3000), tiled=True)
    with pytest.raises(ImageTooLargeError, match="larger than the 16 × 16 px its tags allow"):
        load_scan(path)
    with pytest.raises(ImageTooLargeError):
        read_header(path)


def test_jpeg_in_tiff_strip_counts_against_the_pixel_limit(tmp_path, monkeypatch):
    path = H.jpeg_in_tiff_bomb(tmp_path, hidden=(200, 200))
    monkeypatch.setenv("CONSERVATOR_MAX_PIXELS", "10000")
    with pytest.raises(ImageTooLargeError, match="exceeds the limit"):
        load_scan(path)


def test_jp2_codestream_larger_than_its_header_is_refused(tmp_path):
    with pytest.raises(ImageLoadError, match="headers disagree"):
        load_scan(H.jp2_siz_bomb(tmp_path))


def test_info_reads_headers_only(tmp_path):
    path = H.big_zero_tiff(tmp_path, 12000, 12000)  # 144 MB decoded, ~160 KB on disk
    code, out, err = _child(_PEAK, path, "header")
    assert code == 0, err
    res = json.loads(out)
    assert res["error"] is None
    assert res["peak"] - res["base"] < 30 << 20, res
    head = read_header(path)
    assert (head.width, head.height, head.bit_depth) == (12000, 12000, 8)
    assert head.pixels.strides == (0, 0)  # a placeholder: no pixel decoded


def test_analysis_that_cannot_fit_in_memory_is_one_line_not_a_crash(tmp_path):
    path = H.big_zero_tiff(tmp_path, 12000, 12000)  # analysis needs ~1.7 GB
    code = "import sys; from conservator.cli import main; sys.exit(main(sys.argv[1:]))"
    rc, out, err = _child(code, "analyze", path, "--quiet", cap_mb=1400)
    assert rc == 2, (rc, err)  # not a signal (negative), not a traceback
    assert err.startswith("error: not enough memory") and err.count("\n") == 1, err


@pytest.mark.parametrize("value", ["inf", "Infinity"])
def test_max_pixels_inf_means_no_pixel_limit(tmp_path, monkeypatch, value):
    monkeypatch.setenv("CONSERVATOR_MAX_PIXELS", value)
    assert load_scan(H.tiff_with_resolution(tmp_path, 300)).width == 80


@pytest.mark.parametrize("value", ["abc", "-5", "nan", "0"])
def test_a_bad_max_pixels_setting_is_a_clear_error(tmp_path, monkeypatch, capsys, value):
    monkeypatch.setenv("CONSERVATOR_MAX_PIXELS", value)
    code, _, err = run(capsys, "analyze", H.tiff_with_resolution(tmp_path, 300), "--quiet")
    assert code == 2 and "CONSERVATOR_MAX_PIXELS must be" in err and err.count("\n") == 1


# --- odd scans ------------------------------------------------------------------------------
def test_one_bit_scan_loads_with_a_warning_and_analysis_refuses_it(tmp_path, capsys):
    path = H.bilevel_tiff(tmp_path)
    scan = load_scan(path)
    assert scan.stored_bits == 1 and set(np.unique(scan.pixels)) <= {0, 255}
    assert any("1-bit" in w for w in scan.warnings)
    code, _, err = run(capsys, "analyze", path, "--quiet")
    assert code == 2 and "1-bit (black and white) scan" in err and err.count("\n") == 1


def test_float_scan_0_255_is_scaled_not_clipped_to_white(tmp_path):
    scan = load_scan(H.float_tiff(tmp_path, 255.0))
    ref = H.leaf_rgb().astype(np.uint32) * 257
    assert np.abs(scan.pixels.astype(np.int64) - ref).max() <= 1
    assert any("scaled from 0–255" in w for w in scan.warnings)
    plain = load_scan(H.float_tiff(tmp_path, 1.0))  # the 0–1 convention: no warning
    assert not plain.warnings and np.abs(plain.pixels.astype(np.int64) - ref).max() <= 1


def test_float_scan_of_any_range_uses_its_actual_range(tmp_path):
    import tifffile

    path = tmp_path / "odd.tif"
    tifffile.imwrite(path, np.linspace(-5, 1000, 96 * 80, dtype=np.float32).reshape(96, 80))
    scan = load_scan(path)
    assert scan.pixels.min() == 0 and scan.pixels.max() == 65535
    assert any("actual range -5–1000" in w for w in scan.warnings)


def test_rgb_with_two_extra_channels(tmp_path, capsys):
    path = H.extra_channels_tiff(tmp_path)
    scan = load_scan(path)
    assert scan.pixels.shape == (96, 80, 3) and scan.alpha is not None
    assert np.array_equal(scan.pixels, H.leaf_rgb())
    assert any("1 extra channel" in w for w in scan.warnings)
    code, out, err = run(capsys, "analyze", path, "--quiet")
    assert code == 0, err


def test_multipage_tiff_with_a_garbage_directory_warns_and_names_the_page(tmp_path, capsys):
    path = H.multipage_garbage_ifd(tmp_path)
    scan = load_scan(path, page=1)
    assert scan.pages == 2
    assert any("damaged after page 2" in w and "page 3" in w for w in scan.warnings)
    code, out, err = run(capsys, "info", path)
    assert code == 0 and "damaged after page 2" in out
    code, _, err = run(capsys, "info", path, "--page", "3")
    assert code == 2 and "page 3 does not exist" in err


def test_a_damaged_page_of_a_multipage_tiff_is_named(tmp_path):
    import tifffile

    path = tmp_path / "three.tif"
    with tifffile.TiffWriter(path) as tw:
        for _ in range(3):
            tw.write(H.leaf_rgb(), photometric="rgb", compression="zlib")
    with tifffile.TiffFile(path) as tif:
        off = tif.pages[1].dataoffsets[0]
    data = bytearray(path.read_bytes())
    data[off : off + 40] = b"\x00" * 40  # page 2's deflate stream is garbage
    path.write_bytes(bytes(data))
    assert load_scan(path, page=0).pages == 3
    with pytest.raises(ImageLoadError, match=r"page 2 of 3"):
        load_scan(path, page=1)


# --- not files ------------------------------------------------------------------------------
def test_named_pipe_and_devices_are_refused_without_reading(tmp_path):
    fifo = tmp_path / "scan.tif"
    os.mkfifo(fifo)
    code = "import sys; from conservator.cli import main; sys.exit(main(sys.argv[1:]))"
    for argv in (["info", fifo], ["analyze", fifo, "--quiet"], ["info", "/dev/zero"]):
        rc, _, err = _child(code, *argv, timeout=60)  # a hang fails with TimeoutExpired
        assert rc == 2 and ("named pipe" in err or "device" in err), err
