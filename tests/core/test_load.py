"""Scan loading: every supported format, faithful metadata, and clear errors on bad input."""

from __future__ import annotations

import io
import struct
import tracemalloc

import numpy as np
import pytest
import tifffile
from PIL import Image

from conservator.errors import (
    ImageLoadError,
    ImageTooLargeError,
    UnsupportedImageError,
)
from conservator.imaging.load import load_scan
from tests.core.iccutil import make_cmyk_profile, make_grey_profile, make_rgb_profile


def _rgb(h=48, w=64, dtype=np.uint8, seed=0):
    rng = np.random.default_rng(seed)
    hi = 255 if dtype == np.uint8 else 65535
    return rng.integers(0, hi + 1, size=(h, w, 3), dtype=np.int64).astype(dtype)


# ----------------------------------------------------------------------------- TIFF

TIFF_CASES = {
    "uncompressed": {},
    "lzw": {"compression": "lzw"},
    "deflate": {"compression": "zlib"},
    "tiled": {"tile": (16, 16), "compression": "zlib"},
    "striped": {"rowsperstrip": 7},
    "bigtiff": {"bigtiff": True},
}


@pytest.mark.parametrize("case", sorted(TIFF_CASES))
@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_tiff_variants_roundtrip_exactly(tmp_path, case, dtype):
    data = _rgb(dtype=dtype)
    path = tmp_path / f"{case}.tif"
    tifffile.imwrite(
        path,
        data,
        photometric="rgb",
        resolution=(400, 400),
        resolutionunit="INCH",
        **TIFF_CASES[case],
    )
    scan = load_scan(path)
    assert scan.format == "TIFF"
    assert scan.pixels.dtype == dtype and scan.bit_depth == (8 if dtype == np.uint8 else 16)
    np.testing.assert_array_equal(scan.pixels, data)
    assert scan.dpi == (400.0, 400.0)
    assert scan.channels == 3 and scan.pages == 1


def test_jpeg_in_tiff_decodes_close_to_source(tmp_path):
    data = np.full((64, 64, 3), (200, 120, 40), np.uint8)
    path = tmp_path / "jpeg.tif"
    tifffile.imwrite(path, data, photometric="rgb", compression="jpeg")
    scan = load_scan(path)
    assert scan.pixels.shape == (64, 64, 3)
    assert np.abs(scan.pixels.astype(int) - data).max() <= 3


def test_grey_and_rgba_tiff(tmp_path):
    grey = np.arange(64 * 32, dtype=np.uint16).reshape(32, 64)
    tifffile.imwrite(tmp_path / "g.tif", grey, photometric="minisblack")
    scan = load_scan(tmp_path / "g.tif")
    assert scan.pixels.ndim == 2 and scan.bit_depth == 16 and scan.channels == 1
    np.testing.assert_array_equal(scan.pixels, grey)

    rgba = np.dstack([_rgb(), np.full((48, 64), 128, np.uint8)])
    tifffile.imwrite(tmp_path / "a.tif", rgba, photometric="rgb", extrasamples=["unassalpha"])
    scan = load_scan(tmp_path / "a.tif")
    assert scan.pixels.shape == (48, 64, 3) and scan.channels == 4
    assert scan.alpha is not None and int(scan.alpha[0, 0]) == 128
    np.testing.assert_array_equal(scan.pixels, rgba[..., :3])


def test_miniswhite_is_inverted_to_normal_grey(tmp_path):
    raw = np.zeros((10, 10), np.uint8)  # 0 = white in MINISWHITE
    tifffile.imwrite(tmp_path / "w.tif", raw, photometric="miniswhite")
    assert load_scan(tmp_path / "w.tif").pixels.min() == 255


def test_multipage_tiff_page_choice(tmp_path):
    path = tmp_path / "multi.tif"
    with tifffile.TiffWriter(path) as tw:
        for value in (10, 20, 30):
            tw.write(np.full((20, 30, 3), value, np.uint8), photometric="rgb")
    scan = load_scan(path, page=2)
    assert scan.pages == 3 and scan.page == 2 and int(scan.pixels[0, 0, 0]) == 30
    with pytest.raises(ImageLoadError, match="page 4 does not exist: the file has 3 pages"):
        load_scan(path, page=3)


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"resolution": (300, 300), "resolutionunit": "INCH"}, (300.0, 300.0)),
        ({"resolution": (118.11, 118.11), "resolutionunit": "CENTIMETER"}, (300.0, 300.0)),
        ({"resolution": (300, 600), "resolutionunit": "INCH"}, (300.0, 600.0)),
        ({"resolution": (300, 300), "resolutionunit": "NONE"}, None),
        ({}, None),
    ],
)
def test_tiff_resolution_is_read_never_invented(tmp_path, kwargs, expected):
    path = tmp_path / "r.tif"
    tifffile.imwrite(path, _rgb(), photometric="rgb", **kwargs)
    dpi = load_scan(path).dpi
    if expected is None:
        assert dpi is None
    else:
        assert dpi == pytest.approx(expected, abs=0.05)


def test_cmyk_tiff_without_profile_is_refused(tmp_path):
    path = tmp_path / "cmyk.tif"
    tifffile.imwrite(path, np.zeros((8, 8, 4), np.uint8), photometric="separated")
    with pytest.raises(UnsupportedImageError, match="CMYK TIFF without an embedded ICC profile"):
        load_scan(path)


def test_cmyk_tiff_with_profile_is_converted_to_srgb(tmp_path):
    """A CMYK scan tagged with a CMYK profile converts through it (LittleCMS)."""
    path = tmp_path / "cmyk.tif"
    data = np.zeros((8, 8, 4), np.uint8)  # left half: no ink = paper white
    data[:, 4:, 0] = 255  # right half: full cyan
    tifffile.imwrite(path, data, photometric="separated", iccprofile=make_cmyk_profile("Test CMYK"))
    scan = load_scan(path)
    assert scan.pixels.shape == (8, 8, 3) and scan.channels == 4
    assert scan.pixels[:, :4].min() > 240
    r, g, b = (int(v) for v in scan.pixels[0, 6])
    assert r < 60 and g > 180 and b > 180  # cyan
    assert "converted from CMYK through 'Test CMYK'" in scan.icc_description
    assert scan.source_colour_space == "CMYK"


def test_palette_tiff_is_expanded(tmp_path):
    idx = np.array([[0, 1], [1, 0]], np.uint8)
    cmap = np.zeros((3, 256), np.uint16)
    cmap[:, 1] = [65535, 0, 0]
    path = tmp_path / "pal.tif"
    tifffile.imwrite(path, idx, photometric="palette", colormap=cmap)
    scan = load_scan(path)
    assert scan.pixels.shape == (2, 2, 3)
    assert tuple(scan.pixels[0, 1]) == (255, 0, 0) and tuple(scan.pixels[0, 0]) == (0, 0, 0)


# ----------------------------------------------------------------------------- PNG


@pytest.mark.parametrize("mode16", [False, True])
def test_png_8_and_16_bit_with_phys_and_icc(tmp_path, mode16):
    import cv2

    from conservator.imaging.icc import png_add_chunks

    data = _rgb(dtype=np.uint16 if mode16 else np.uint8)
    ok, buf = cv2.imencode(".png", cv2.cvtColor(data, cv2.COLOR_RGB2BGR))
    assert ok
    icc = make_rgb_profile("adobe", "Adobe RGB (1998) compatible")
    path = tmp_path / "p.png"
    path.write_bytes(png_add_chunks(buf.tobytes(), icc, (300, 300)))
    scan = load_scan(path)
    np.testing.assert_array_equal(scan.pixels, data)
    assert scan.bit_depth == (16 if mode16 else 8)
    assert scan.dpi == pytest.approx((300, 300), abs=0.1)
    assert scan.icc_description == "Adobe RGB (1998) compatible"


def test_png_without_phys_has_no_resolution(tmp_path):
    Image.fromarray(_rgb()).save(tmp_path / "p.png")
    assert load_scan(tmp_path / "p.png").dpi is None


# ----------------------------------------------------------------------------- JPEG


def test_jpeg_dpi_and_exif_orientation(tmp_path):
    arr = np.zeros((40, 60, 3), np.uint8)
    arr[:, :10] = 255  # white stripe on the left edge
    im = Image.fromarray(arr)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    path = tmp_path / "o.jpg"
    im.save(path, dpi=(300, 150), exif=exif, quality=95)
    scan = load_scan(path)
    assert (scan.width, scan.height) == (40, 60)  # after orientation
    assert scan.pixels[:10, :, 0].mean() > 200  # the stripe is now at the top
    assert scan.dpi == pytest.approx((150, 300), abs=0.5)


def test_jpeg_aspect_only_density_is_no_resolution(tmp_path):
    path = tmp_path / "a.jpg"
    Image.fromarray(_rgb()).save(path, quality=90)  # Pillow writes JFIF unit 0, density 1:1
    assert load_scan(path).dpi is None


def test_grey_jpeg(tmp_path):
    Image.fromarray(np.full((20, 20), 77, np.uint8)).save(tmp_path / "g.jpg", dpi=(600, 600))
    scan = load_scan(tmp_path / "g.jpg")
    assert scan.pixels.ndim == 2 and scan.dpi == pytest.approx((600, 600), abs=0.5)


# ----------------------------------------------------------------------------- JPEG 2000


def _jp2_with_boxes(jp2: bytes, extra_boxes: bytes) -> bytes:
    """Append boxes inside the jp2h superbox of an encoded JP2 file."""
    pos = 0
    while pos < len(jp2):
        length, kind = struct.unpack(">I4s", jp2[pos : pos + 8])
        if kind == b"jp2h":
            inner = jp2[pos + 8 : pos + length] + extra_boxes
            box = struct.pack(">I4s", len(inner) + 8, b"jp2h") + inner
            return jp2[:pos] + box + jp2[pos + length :]
        pos += length
    raise AssertionError("no jp2h box")


def _res_box(ppi: float) -> bytes:
    ppm = int(round(ppi / 0.0254))
    resc = struct.pack(">HHHHbb", ppm, 1, ppm, 1, 0, 0)
    resc_box = struct.pack(">I4s", 8 + len(resc), b"resc") + resc
    return struct.pack(">I4s", 8 + len(resc_box), b"res ") + resc_box


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_jpeg2000_lossless_with_resolution(tmp_path, dtype):
    import imagecodecs

    data = _rgb(dtype=dtype)
    enc = imagecodecs.jpeg2k_encode(data, level=0, codecformat="jp2")  # level 0: lossless
    path = tmp_path / "a.jp2"
    path.write_bytes(_jp2_with_boxes(bytes(enc), _res_box(400)))
    scan = load_scan(path)
    assert scan.format == "JPEG2000"
    np.testing.assert_array_equal(scan.pixels, data)
    assert scan.dpi == pytest.approx((400, 400), abs=0.05)


# ----------------------------------------------------------------------------- colour


def test_romm_16bit_lzw_600ppi_info_and_convert_against_littlecms(tmp_path):
    """The issue's acceptance case: ProPhoto/ROMM 16-bit LZW TIFF at 600 ppi."""
    from skimage.color import deltaE_ciede2000, rgb2lab

    from conservator.cli import main

    icc = make_rgb_profile("romm", "ROMM RGB: ProPhoto test profile")
    rng = np.random.default_rng(3)
    # muted, in-gamut colours like paper and ink (ROMM primaries far outside sRGB would clip)
    data = (rng.uniform(0.25, 0.75, size=(64, 64, 3)) * 65535).astype(np.uint16)
    src = tmp_path / "romm.tif"
    tifffile.imwrite(
        src,
        data,
        photometric="rgb",
        compression="lzw",
        iccprofile=icc,
        resolution=(600, 600),
        resolutionunit="INCH",
    )
    info = load_scan(src).info()
    assert (info["width"], info["height"], info["bit_depth"]) == (64, 64, 16)
    assert info["dpi"] == [600, 600]
    assert "ROMM" in info["icc_profile"]

    out = tmp_path / "srgb.tif"
    assert main(["convert", str(src), str(out)]) == 0
    ours = tifffile.imread(out)
    assert ours.dtype == np.uint16  # 16-bit precision kept

    # Reference: Pillow's own LittleCMS binding on the 8-bit reduction of the same picture.
    from PIL import ImageCms

    ref = ImageCms.profileToProfile(
        Image.fromarray((data >> 8).astype(np.uint8)),
        ImageCms.ImageCmsProfile(io.BytesIO(icc)),
        ImageCms.createProfile("sRGB"),
        renderingIntent=1,
    )
    ref = np.asarray(ref).astype(np.float64) / 255
    de = deltaE_ciede2000(rgb2lab(ours.astype(np.float64) / 65535), rgb2lab(ref))
    assert de.mean() < 1.5
    # and it really changed the numbers (ROMM ≠ sRGB)
    assert np.abs(ours.astype(int) - data).mean() > 500


def test_grey_profile_is_honoured(tmp_path):
    from conservator.imaging.icc import to_srgb

    icc = make_grey_profile("Dot Gain-free Grey, gamma 1.0", gamma=1.0)
    path = tmp_path / "g.tif"
    tifffile.imwrite(path, np.full((4, 4), 128, np.uint8), photometric="minisblack", iccprofile=icc)
    scan = load_scan(path)
    out, notes = to_srgb(scan)
    assert out.ndim == 2 and out.dtype == np.uint8
    assert out[0, 0] > 170  # linear 0.5 is about 188 in sRGB encoding
    assert any("converted" in n for n in notes)


def test_no_profile_is_taken_as_srgb_and_said(tmp_path):
    from conservator.imaging.icc import to_srgb

    tifffile.imwrite(tmp_path / "n.tif", _rgb(), photometric="rgb")
    scan = load_scan(tmp_path / "n.tif")
    out, notes = to_srgb(scan)
    np.testing.assert_array_equal(out, scan.pixels)
    assert "no embedded ICC profile" in notes[0]


# ----------------------------------------------------------------------------- bad input


def _bomb_tiff(path, w=200_000, h=200_000):
    """A valid little-endian TIFF header whose single IFD claims w × h RGB pixels."""
    entries = [
        (256, 4, 1, w),  # ImageWidth LONG
        (257, 4, 1, h),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression none
        (262, 3, 1, 1),  # Photometric minisblack
        (273, 4, 1, 8),  # StripOffsets
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, h),  # RowsPerStrip
        (279, 4, 1, w * h & 0xFFFFFFFF),  # StripByteCounts
    ]
    ifd = struct.pack("<H", len(entries))
    for tag, typ, count, value in entries:
        packed = struct.pack("<HH", value, 0) if typ == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, typ, count) + packed
    ifd += struct.pack("<I", 0)
    path.write_bytes(b"II*\x00" + struct.pack("<I", 8) + ifd + b"\x00" * 64)


def _bomb_png(path, w=200_000, h=200_000):
    import zlib

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", 13) + b"IHDR" + ihdr + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk)


@pytest.mark.parametrize("maker", [_bomb_tiff, _bomb_png])
def test_decompression_bomb_refused_before_allocation(tmp_path, maker):
    path = tmp_path / ("bomb.tif" if maker is _bomb_tiff else "bomb.png")
    maker(path)
    tracemalloc.start()
    try:
        with pytest.raises(ImageTooLargeError, match="40000 MP exceeds the limit of 600 MP") as exc:
            load_scan(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024  # nothing near 120 GB was allocated
    assert exc.value.pixels == 40_000_000_000


def test_pixel_limit_is_configurable(tmp_path, monkeypatch):
    tifffile.imwrite(tmp_path / "s.tif", _rgb(100, 100), photometric="rgb")
    with pytest.raises(ImageTooLargeError):
        load_scan(tmp_path / "s.tif", max_pixels=5000)
    monkeypatch.setenv("CONSERVATOR_MAX_PIXELS", "5000")
    with pytest.raises(ImageTooLargeError):
        load_scan(tmp_path / "s.tif")


def _truncate(path, keep=0.5):
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def _make_bad(kind, tmp_path):
    if kind == "missing":
        return tmp_path / "nope.tif", "file not found"
    if kind == "directory":
        d = tmp_path / "folder.tif"
        d.mkdir()
        return d, "folder, not a scan"
    if kind == "empty":
        p = tmp_path / "empty.tif"
        p.write_bytes(b"")
        return p, "empty"
    if kind == "text":
        p = tmp_path / "notes.tif"
        p.write_text("this is not an image\n")
        return p, "not an image file"
    if kind == "gif":
        p = tmp_path / "a.gif"
        Image.fromarray(_rgb()).save(p)
        return p, "unsupported image format"
    if kind == "truncated_tiff":
        p = tmp_path / "t.tif"
        tifffile.imwrite(p, _rgb(200, 200), photometric="rgb", compression="zlib")
        _truncate(p)
        return p, "corrupt or truncated"
    if kind == "truncated_tiff_header":
        p = tmp_path / "h.tif"
        p.write_bytes(b"II*\x00\x08\x00\x00\x00\x05")
        return p, "TIFF"
    if kind == "truncated_png":
        p = tmp_path / "t.png"
        Image.fromarray(_rgb(200, 200)).save(p)
        _truncate(p)
        return p, "corrupt or truncated"
    if kind == "truncated_jpeg":
        p = tmp_path / "t.jpg"
        Image.fromarray(_rgb(200, 200)).save(p)
        _truncate(p, 0.3)
        return p, "corrupt or truncated"
    if kind == "truncated_jp2":
        import imagecodecs

        p = tmp_path / "t.jp2"
        p.write_bytes(bytes(imagecodecs.jpeg2k_encode(_rgb(), codecformat="jp2"))[:60])
        return p, "JPEG 2000"
    raise AssertionError(kind)


BAD = [
    "missing",
    "directory",
    "empty",
    "text",
    "gif",
    "truncated_tiff",
    "truncated_tiff_header",
    "truncated_png",
    "truncated_jpeg",
    "truncated_jp2",
]


@pytest.mark.parametrize("kind", BAD)
def test_bad_input_raises_typed_error(tmp_path, kind):
    path, words = _make_bad(kind, tmp_path)
    with pytest.raises(ImageLoadError) as exc:
        load_scan(path)
    assert words in str(exc.value)
    assert exc.value.path == str(path)
    assert "\n" not in exc.value.one_line()


@pytest.mark.parametrize("kind", BAD)
def test_cli_bad_input_one_line_exit_2(tmp_path, kind, capsys):
    from conservator.cli import main

    path, _ = _make_bad(kind, tmp_path)
    assert main(["info", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err


def test_cli_info_json_keys(tmp_path, capsys):
    import json

    from conservator.cli import main

    path = tmp_path / "s.tif"
    icc = make_rgb_profile("eci", "eciRGB v2 compatible")
    tifffile.imwrite(
        path,
        _rgb(30, 40, np.uint16),
        photometric="rgb",
        iccprofile=icc,
        resolution=(300, 300),
        resolutionunit="INCH",
        compression="lzw",
    )
    assert main(["info", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert {
        k: info[k]
        for k in (
            "width",
            "height",
            "channels",
            "bit_depth",
            "dpi",
            "icc_profile",
            "pages",
            "format",
        )
    } == {
        "width": 40,
        "height": 30,
        "channels": 3,
        "bit_depth": 16,
        "dpi": [300, 300],
        "icc_profile": "eciRGB v2 compatible",
        "pages": 1,
        "format": "TIFF",
    }
    import hashlib

    assert info["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_cli_page_option_and_convert_png_keeps_16_bit(tmp_path, capsys):
    from conservator.cli import main

    path = tmp_path / "m.tif"
    with tifffile.TiffWriter(path) as tw:
        tw.write(np.zeros((10, 10, 3), np.uint16), photometric="rgb")
        tw.write(
            np.full((12, 14, 3), 40000, np.uint16),
            photometric="rgb",
            resolution=(300, 300),
            resolutionunit="INCH",
        )
    assert main(["info", str(path), "--page", "2"]) == 0
    assert "2 of 2" in capsys.readouterr().out
    out = tmp_path / "o.png"
    assert main(["convert", str(path), str(out), "--page", "2"]) == 0
    back = load_scan(out)
    assert back.bit_depth == 16 and back.pixels.shape == (12, 14, 3)
    assert back.dpi == pytest.approx((300, 300), abs=0.1)
    assert back.icc_profile is not None
    assert main(["convert", str(path), str(tmp_path / "o.bmp")]) == 2
    assert not (tmp_path / "o.bmp").exists()


def test_lzw_tiff_decodes_without_holding_its_compressed_strips(tmp_path):
    """A large LZW scan is read a few MB at a time, so the compressed strips are not all held
    beside the decoded image (tifffile's default reads 256 MB a pass: 3.7 × here)."""
    rng = np.random.default_rng(3)
    img = rng.integers(0, 256, (2400, 2400, 3), dtype=np.uint8)  # incompressible: LZW grows it
    path = tmp_path / "noise-lzw.tif"
    tifffile.imwrite(path, img, compression="lzw", rowsperstrip=16)
    assert path.stat().st_size > img.nbytes  # the compressed strips alone exceed the image
    tracemalloc.start()
    try:
        scan = load_scan(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert np.array_equal(scan.pixels, img)
    assert peak < 2.2 * img.nbytes
