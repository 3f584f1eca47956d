"""Small hostile scan files, built byte by byte (tests and ``bench/fuzz.py`` use them).

Each builder writes one file into a folder and returns its path. They stay small on disk (a
few hundred KB at most) even where the file claims or hides a huge image.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import numpy as np


def _tiff_tag_value_offset(path: Path, code: int, page: int = 0) -> int:
    import tifffile

    with tifffile.TiffFile(path) as tif:
        return tif.pages[page].tags[code].valueoffset


def leaf_rgb(h: int = 96, w: int = 80) -> np.ndarray:
    """A paper-coloured leaf with a few brown spots on a dark board."""
    rgb = np.full((h, w, 3), 40, np.uint8)
    rgb[h // 10 : h - h // 10, w // 10 : w - w // 10] = (226, 212, 184)
    rgb[h // 3 : h // 3 + 4, w // 3 : w // 3 + 4] = (150, 100, 60)
    return rgb


def tiff_with_resolution(folder: Path, ppi: float, name: str = "res.tif") -> Path:
    """An RGB TIFF whose XResolution/YResolution say ``ppi`` (as a rational)."""
    import tifffile

    path = folder / name
    tifffile.imwrite(
        path, leaf_rgb(), photometric="rgb", resolution=(ppi, ppi), resolutionunit="INCH"
    )
    return path


def tiff_double_resolution(folder: Path, ppi: float = 300.0) -> Path:
    """Resolution tags stored as DOUBLE (type 12) instead of RATIONAL (both take 8 bytes)."""
    import tifffile

    path = tiff_with_resolution(folder, 300, "double-res.tif")
    data = bytearray(path.read_bytes())
    with tifffile.TiffFile(path) as tif:
        ifd = tif.pages[0].offset
    (n,) = struct.unpack_from("<H", data, ifd)
    for i in range(n):
        at = ifd + 2 + 12 * i
        code, _kind, _count, value_at = struct.unpack_from("<HHII", data, at)
        if code in (282, 283):
            struct.pack_into("<H", data, at + 2, 12)
            struct.pack_into("<d", data, value_at, ppi)
    path.write_bytes(bytes(data))
    return path


def jpeg_bytes(h: int, w: int, quality: int = 20) -> bytes:
    """A plain (white) baseline JPEG of ``w`` × ``h`` px; a few KB even when large."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (w, h), (255, 255, 255)).save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def jpeg_in_tiff_bomb(
    folder: Path, hidden: tuple[int, int] = (4000, 4000), *, tiled: bool = False
) -> Path:
    """A JPEG-compressed TIFF whose tags say 64 × 64 px but whose first strip (or, ``tiled``,
    first 16 × 16 tile) is a ``hidden`` (h, w) JPEG: decoding it allocates the hidden size,
    whatever the tags say."""
    import tifffile

    path = folder / ("jpeg-tile-bomb.tif" if tiled else "jpeg-bomb.tif")
    layout = {"tile": (16, 16)} if tiled else {"rowsperstrip": 64}
    tifffile.imwrite(
        path,
        np.full((64, 64, 3), 200, np.uint8),
        photometric="rgb",
        compression="jpeg",
        **layout,
    )
    big = jpeg_bytes(*hidden)
    data = bytearray(path.read_bytes())
    off_at = _tiff_tag_value_offset(path, 324 if tiled else 273)
    cnt_at = _tiff_tag_value_offset(path, 325 if tiled else 279)
    fmt = "<I" if data[:2] == b"II" else ">I"
    struct.pack_into(fmt, data, off_at, len(data))
    struct.pack_into(fmt, data, cnt_at, len(big))
    path.write_bytes(bytes(data) + big)
    return path


def big_zero_tiff(folder: Path, h: int = 12000, w: int = 12000) -> Path:
    """A deflate-compressed, tiled, all-zero grey TIFF: tiny file, ``h`` × ``w`` bytes decoded."""
    import tifffile

    path = folder / "zeros.tif"
    tile = np.zeros((512, 512), np.uint8)
    n = -(-h // 512) * -(-w // 512)
    tifffile.imwrite(
        path,
        data=(tile for _ in range(n)),
        shape=(h, w),
        dtype=np.uint8,
        tile=(512, 512),
        compression="zlib",
        photometric="minisblack",
    )
    return path


def bilevel_tiff(folder: Path) -> Path:
    """A 1-bit (black and white) scan of text."""
    import tifffile

    path = folder / "bilevel.tif"
    img = np.ones((96, 80), bool)
    img[20:24, 10:70] = False
    img[40:44, 10:60] = False
    tifffile.imwrite(
        path, img, photometric="minisblack", resolution=(300, 300), resolutionunit="INCH"
    )
    return path


def float_tiff(folder: Path, scale: float = 255.0) -> Path:
    """A float32 RGB TIFF with samples 0..``scale`` (0..255: not the usual 0..1)."""
    import tifffile

    path = folder / f"float-{scale:g}.tif"
    rgb = leaf_rgb().astype(np.float32) * np.float32(scale / 255.0)
    tifffile.imwrite(path, rgb, photometric="rgb", resolution=(300, 300), resolutionunit="INCH")
    return path


def extra_channels_tiff(folder: Path) -> Path:
    """RGB plus two extra samples (unassociated alpha and an unspecified channel)."""
    import tifffile

    path = folder / "rgb-extra2.tif"
    rgb = leaf_rgb()
    extra = np.full(rgb.shape[:2] + (2,), 255, np.uint8)
    tifffile.imwrite(
        path,
        np.concatenate([rgb, extra], axis=2),
        photometric="rgb",
        extrasamples=(2, 0),
        planarconfig="contig",
        resolution=(300, 300),
        resolutionunit="INCH",
    )
    return path


def multipage_garbage_ifd(folder: Path) -> Path:
    """Three pages; the second page's next-IFD pointer is redirected into garbage."""
    import tifffile

    path = folder / "multipage.tif"
    with tifffile.TiffWriter(path) as tw:
        for _ in range(3):
            tw.write(leaf_rgb(), photometric="rgb", resolution=(300, 300), resolutionunit="INCH")
    data = bytearray(path.read_bytes())
    with tifffile.TiffFile(path) as tif:
        p2 = tif.pages[1]
        # the next-IFD offset follows the entries: offset + 2 + 12 * n
        ntags = len(p2.tags)
        next_at = p2.offset + 2 + 12 * ntags
    garbage_at = len(data)
    struct.pack_into("<I", data, next_at, garbage_at)
    path.write_bytes(bytes(data) + b"\xfe\xff" + b"\x5a" * 64)
    return path


def _jp2_box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def jp2_with_resolution(folder: Path, exponent: int = 127, name: str = "res.jp2") -> Path:
    """A JP2 whose capture resolution box says 1 × 10^``exponent`` grid points per metre."""
    import imagecodecs

    data = imagecodecs.jpeg2k_encode(leaf_rgb(), level=0, codecformat="JP2")
    out, pos = b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        length = length or len(data) - pos
        box = data[pos : pos + length]
        if kind == b"jp2h":
            resc = _jp2_box(b"resc", struct.pack(">HHHHbb", 1, 1, 1, 1, exponent, exponent))
            box = _jp2_box(b"jp2h", box[8:] + _jp2_box(b"res ", resc))
        out += box
        pos += length
    path = folder / name
    path.write_bytes(out)
    return path


def jp2_siz_bomb(folder: Path, width: int = 20000, height: int = 20000) -> Path:
    """A JP2 whose ihdr box says 96 × 80 px but whose codestream SIZ says ``width`` × ``height``."""
    import imagecodecs

    data = bytearray(imagecodecs.jpeg2k_encode(leaf_rgb(), level=0, codecformat="JP2"))
    siz = data.find(b"\xff\x4f\xff\x51")
    struct.pack_into(">II", data, siz + 8, width, height)  # Xsiz, Ysiz
    path = folder / "siz-bomb.jp2"
    path.write_bytes(bytes(data))
    return path


def png_with_density(folder: Path, ppm: int) -> Path:
    """A PNG whose pHYs chunk says ``ppm`` pixels per metre."""
    import zlib

    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(leaf_rgb()).save(buf, format="PNG")
    data = buf.getvalue()
    payload = struct.pack(">IIB", ppm, ppm, 1)
    chunk = struct.pack(">I", 9) + b"pHYs" + payload
    chunk += struct.pack(">I", zlib.crc32(b"pHYs" + payload) & 0xFFFFFFFF)
    path = folder / f"phys-{ppm}.png"
    path.write_bytes(data[:33] + chunk + data[33:])
    return path
