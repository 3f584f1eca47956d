"""Faithful scan loading: pixels, bit depth, resolution and ICC profile, never guessed.

TIFF is decoded with tifffile + imagecodecs (uncompressed, LZW, Deflate, JPEG, tiled, striped,
BigTIFF, multi-page), PNG with OpenCV (8 and 16 bit) and Pillow for its metadata chunks, JPEG with
Pillow (EXIF orientation applied), JPEG 2000 with imagecodecs/OpenJPEG (full bit depth) and the
JP2 header boxes parsed here for resolution and ICC profile.

The file type is taken from its first bytes, not its name. The pixel count is checked from the
header before any pixel buffer is allocated (decompression-bomb guard).
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from conservator.errors import (
    IccProfileError,
    ImageLoadError,
    ImageTooLargeError,
    UnsupportedImageError,
)
from conservator.model.image import MM_PER_INCH, ScanImage

#: Default ceiling on width × height; override per call or with ``CONSERVATOR_MAX_PIXELS``.
DEFAULT_MAX_PIXELS = 600_000_000

SUPPORTED = "TIFF, PNG, JPEG, JPEG 2000"

#: Compressed TIFF bytes read per pass (bench/load.py: 4 MB keeps the LZW peak near the decoded
#: size, and decodes no slower than tifffile's 256 MB default on 2 cores).
TIFF_READ_BUFFER = 4 << 20

_MAGIC = [
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"II+\x00", "TIFF"),  # BigTIFF
    (b"MM\x00+", "TIFF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG2000"),
    (b"\xff\x4f\xff\x51", "JPEG2000"),  # raw J2K codestream
]


def max_pixels_default() -> int:
    """The pixel limit in force: ``CONSERVATOR_MAX_PIXELS`` or :data:`DEFAULT_MAX_PIXELS`."""
    env = os.environ.get("CONSERVATOR_MAX_PIXELS")
    if env:
        try:
            return int(float(env))
        except ValueError:
            pass
    return DEFAULT_MAX_PIXELS


@dataclass
class _Header:
    width: int
    height: int
    pages: int


def sniff_format(path: str | os.PathLike[str]) -> str:
    """Return the format name of ``path`` from its magic bytes, or raise a typed error."""
    p = Path(path)
    if not p.exists():
        raise ImageLoadError("file not found", p)
    if p.is_dir():
        raise ImageLoadError("this is a folder, not a scan file", p)
    try:
        with open(p, "rb") as fh:
            head = fh.read(16)
    except PermissionError:
        raise ImageLoadError("cannot read the file: permission denied", p) from None
    except OSError as exc:
        raise ImageLoadError(f"cannot read the file: {exc.strerror or exc}", p) from None
    if not head:
        raise ImageLoadError("the file is empty (0 bytes)", p)
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head.startswith((b"GIF8", b"BM", b"RIFF", b"%PDF")):
        raise UnsupportedImageError(f"unsupported image format; Conservator reads {SUPPORTED}", p)
    raise UnsupportedImageError(
        f"not an image file: its content matches none of the supported formats ({SUPPORTED})", p
    )


def file_sha256(path: str | os.PathLike[str], chunk: int = 4 << 20) -> str:
    """SHA-256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def _check_size(w: int, h: int, limit: int, path) -> None:
    pixels = int(w) * int(h)
    if w <= 0 or h <= 0:
        raise ImageLoadError(f"the image header gives an empty size ({w} × {h} px)", path)
    if pixels > limit:
        raise ImageTooLargeError(
            f"image too large: {w} × {h} px = {pixels / 1e6:.0f} MP exceeds the limit of "
            f"{limit / 1e6:.0f} MP (possible decompression bomb; raise CONSERVATOR_MAX_PIXELS "
            "if the scan is genuine)",
            path,
            pixels=pixels,
            limit=limit,
        )


def _check_page(page: int, pages: int, path) -> None:
    if not 0 <= page < pages:
        raise ImageLoadError(
            f"page {page + 1} does not exist: the file has {pages} page{'s' if pages != 1 else ''}",
            path,
        )


def icc_description(profile: bytes | None) -> str | None:
    """The description tag of an ICC profile, or ``None`` when absent or unreadable."""
    if not profile:
        return None
    try:
        from PIL import ImageCms

        desc = ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile)))
        return desc.strip() or None
    except Exception:
        return _icc_desc_fallback(profile)


def _icc_desc_fallback(profile: bytes) -> str | None:
    """Read the 'desc' tag by hand (v2 textDescriptionType or v4 mluc)."""
    try:
        count = struct.unpack(">I", profile[128:132])[0]
        for i in range(min(count, 100)):
            sig, off, size = struct.unpack(">4sII", profile[132 + 12 * i : 144 + 12 * i])
            if sig != b"desc":
                continue
            data = profile[off : off + size]
            if data[:4] == b"desc":
                n = struct.unpack(">I", data[8:12])[0]
                return data[12 : 12 + n].rstrip(b"\x00").decode("latin-1").strip() or None
            if data[:4] == b"mluc":
                rec_off = struct.unpack(">I", data[20 + 4 : 20 + 8])[0]
                rec_len = struct.unpack(">I", data[20:24])[0]
                return data[rec_off : rec_off + rec_len].decode("utf-16-be").strip() or None
    except Exception:
        return None
    return None


def load_scan(
    path: str | os.PathLike[str],
    *,
    page: int = 0,
    max_pixels: int | None = None,
) -> ScanImage:
    """Decode one page of a scan file.

    Parameters
    ----------
    path : path-like
        The scan file. Its type is recognised from its content.
    page : int
        0-based page of a multi-page TIFF.
    max_pixels : int, optional
        Refuse images larger than this many pixels before allocating them.

    Returns
    -------
    ScanImage

    Raises
    ------
    ImageLoadError
        Missing, empty, truncated or corrupt file; a page that does not exist.
    UnsupportedImageError
        Not an image, or a kind of image that cannot be read faithfully.
    ImageTooLargeError
        Width × height above the pixel limit.
    """
    from conservator.outputs import protect

    path = Path(path)
    fmt = sniff_format(path)
    protect(
        path, what="the scan being read"
    )  # no output of this process may overwrite a scan it read
    limit = max_pixels or max_pixels_default()
    reader = {"TIFF": _load_tiff, "PNG": _load_png, "JPEG": _load_jpeg, "JPEG2000": _load_jp2}[fmt]
    try:
        scan = reader(path, page, limit)
    except (ImageLoadError, MemoryError):
        raise
    except Exception as exc:  # a decoder's own error: corrupt or truncated data
        raise ImageLoadError(
            f"cannot decode this {_fmt_name(fmt)} file (corrupt or truncated?): {_short(exc)}",
            path,
        ) from exc
    if scan.icc_profile and scan.icc_description is None:
        scan.warnings.append("the embedded ICC profile has no readable description")
    scan.sha256 = file_sha256(path)
    return scan


def read_info(path: str | os.PathLike[str], *, page: int = 0) -> dict:
    """Identity and metadata of a scan (``conservator info``), decoding the pixels once."""
    return load_scan(path, page=page).info()


def _fmt_name(fmt: str) -> str:
    return {"JPEG2000": "JPEG 2000"}.get(fmt, fmt)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _to_standard_dtype(
    arr: np.ndarray, bits: int, sample_format: str = "uint"
) -> tuple[np.ndarray, int]:
    """Normalise decoded samples to uint8 or uint16 in native byte order."""
    if arr.dtype == bool:
        return (arr.astype(np.uint8) * 255), 8
    if sample_format == "float" or arr.dtype.kind == "f":
        out = np.clip(np.nan_to_num(arr.astype(np.float32)), 0.0, 1.0)
        return (out * 65535.0 + 0.5).astype(np.uint16), 16
    if arr.dtype.kind == "i":
        raise UnsupportedImageError("signed integer samples are not supported")
    if arr.dtype.itemsize == 1:
        if bits < 8:  # e.g. 4-bit grey packed into bytes by the decoder
            arr = (arr.astype(np.uint16) * 255 // ((1 << bits) - 1)).astype(np.uint8)
        return arr, 8
    if arr.dtype.itemsize == 2:
        if not arr.dtype.isnative:
            arr = arr.astype(arr.dtype.newbyteorder("="))
        if bits < 16:  # 10/12/14-bit data stored in 16-bit words: stretch to full range
            arr = (arr.astype(np.uint32) * 65535 // ((1 << bits) - 1)).astype(np.uint16)
        return arr, 16
    raise UnsupportedImageError(f"{arr.dtype.itemsize * 8}-bit integer samples are not supported")


def _split_alpha(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    if arr.ndim == 3 and arr.shape[2] in (2, 4):
        return arr[..., :-1] if arr.shape[2] == 4 else arr[..., 0], arr[..., -1].copy()
    if arr.ndim == 3 and arr.shape[2] == 1:
        return arr[..., 0], None
    return arr, None


# --------------------------------------------------------------------------- TIFF


def _tiff_dpi(page) -> tuple[float, float] | None:
    tags = page.tags
    xr, yr = tags.get("XResolution"), tags.get("YResolution")
    if xr is None:
        return None
    unit_tag = tags.get("ResolutionUnit")
    unit = int(unit_tag.value) if unit_tag is not None else 2  # TIFF default: inch
    if unit == 1:  # RESUNIT.NONE: an aspect ratio, not a resolution
        return None

    def rational(v) -> float:
        if isinstance(v, tuple):
            return v[0] / v[1] if v[1] else 0.0
        return float(v)

    x = rational(xr.value)
    y = rational(yr.value) if yr is not None else x
    if x <= 0 or y <= 0:
        return None
    if unit == 3:  # centimetre
        x, y = x * 2.54, y * 2.54
    return (x, y)


def _load_tiff(path: Path, page: int, limit: int) -> ScanImage:
    import tifffile

    try:
        tif = tifffile.TiffFile(path)
    except tifffile.TiffFileError as exc:
        raise ImageLoadError(f"not a readable TIFF file: {_short(exc)}", path) from exc
    with tif:
        pages = len(tif.pages)
        _check_page(page, pages, path)
        p = tif.pages[page]
        if not hasattr(p, "photometric"):
            p = p.aspage()
        _check_size(p.imagewidth, p.imagelength, limit, path)
        photometric = int(p.photometric)
        samples = int(p.samplesperpixel)
        bits = int(p.bitspersample)
        sample_format = {1: "uint", 2: "int", 3: "float"}.get(int(p.sampleformat), "other")
        icc_tag = p.tags.get("InterColorProfile")
        icc = bytes(icc_tag.value) if icc_tag is not None else None
        compression = p.compression.name if hasattr(p.compression, "name") else str(p.compression)
        dpi = _tiff_dpi(p)

        if photometric == 5 and not icc:  # SEPARATED (CMYK) without a profile
            raise UnsupportedImageError(
                "CMYK TIFF without an embedded ICC profile: its colours cannot be converted "
                "faithfully; export the scan as RGB or embed the CMYK profile",
                path,
            )
        if photometric not in (0, 1, 2, 3, 5, 6):
            raise UnsupportedImageError(
                f"unsupported TIFF colour model (photometric {p.photometric.name})", path
            )
        if sample_format not in ("uint", "float"):
            raise UnsupportedImageError(f"unsupported TIFF sample format ({sample_format})", path)

        # read a few MB of compressed strips or tiles per pass (tifffile's default is 256 MB,
        # which it holds beside the decoded image: 2.4× the image at the peak for LZW)
        arr = p.asarray(buffersize=TIFF_READ_BUFFER)
        if arr.ndim == 3 and samples > 1 and arr.shape[0] == samples and arr.shape[-1] != samples:
            arr = np.ascontiguousarray(np.moveaxis(arr, 0, -1))  # planar → interleaved
        if photometric == 3:  # palette
            cmap = p.colormap
            if cmap is None:
                raise UnsupportedImageError("palette TIFF without a colour map", path)
            lut = np.ascontiguousarray(cmap.T)  # (entries, 3) uint16
            if lut.max() <= 255:
                lut = lut.astype(np.uint8)
            elif np.all(lut % 257 == 0):
                lut = (lut // 257).astype(np.uint8)
            arr = lut[arr]
            bits = 8 if lut.dtype == np.uint8 else 16
        arr, bit_depth = _to_standard_dtype(arr, bits, sample_format)
        if photometric == 0:  # MINISWHITE
            arr = np.iinfo(arr.dtype).max - arr
        pixels, alpha = _split_alpha(arr)
        source_cs = {0: "GREY", 1: "GREY", 2: "RGB", 3: "PALETTE", 5: "CMYK", 6: "YCbCr"}[
            photometric
        ]
        desc = icc_description(icc)
        warnings: list[str] = []
        if photometric == 5:
            pixels, icc, desc = _cmyk_to_srgb(pixels if alpha is None else arr, icc, path)
            alpha = None
            if arr.ndim == 3 and arr.shape[2] == 5:
                alpha = arr[..., 4].copy()
        return ScanImage(
            pixels=pixels,
            bit_depth=bit_depth,
            channels=samples,
            dpi=dpi,
            icc_profile=icc,
            icc_description=desc,
            page=page,
            pages=pages,
            sha256="",
            format="TIFF",
            path=str(path),
            alpha=alpha,
            compression=compression,
            source_colour_space=source_cs,
            warnings=warnings,
        )


def _cmyk_to_srgb(arr: np.ndarray, icc: bytes, path) -> tuple[np.ndarray, bytes, str]:
    """Convert CMYK samples to sRGB through the embedded CMYK profile (LittleCMS)."""
    import imagecodecs

    cmyk = np.ascontiguousarray(arr[..., :4])
    try:
        rgb = imagecodecs.cms_transform(
            cmyk,
            icc,
            imagecodecs.cms_profile("srgb"),
            colorspace="cmyk",
            outcolorspace="rgb",
            outdtype=cmyk.dtype,
        )
    except Exception as exc:
        raise IccProfileError(
            f"the embedded profile cannot convert this CMYK scan: {_short(exc)}", path
        ) from exc
    srgb = imagecodecs.cms_profile("srgb")
    src = icc_description(icc) or "embedded CMYK profile"
    return rgb, srgb, f"sRGB (converted from CMYK through '{src}')"


# --------------------------------------------------------------------------- PNG


def _pil_open(path: Path, limit: int):
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # our own limit below replaces Pillow's warning/error
    im = Image.open(path)
    _check_size(im.width, im.height, limit, path)
    return im


def _pil_dpi(info: dict) -> tuple[float, float] | None:
    dpi = info.get("dpi")
    if not dpi:
        return None
    try:
        x, y = float(dpi[0]), float(dpi[1])
    except (TypeError, ValueError, IndexError):
        return None
    if x <= 1 or y <= 1:  # "1 dpi" / aspect-only densities are not a resolution
        return None
    return (x, y)


def _load_png(path: Path, page: int, limit: int) -> ScanImage:
    import cv2

    _check_page(page, 1, path)
    with open(path, "rb") as fh:
        head = fh.read(33)
    if len(head) < 24 or head[12:16] != b"IHDR":
        raise ImageLoadError("the PNG header is truncated or corrupt", path)
    _check_size(*struct.unpack(">II", head[16:24]), limit, path)  # before Pillow or OpenCV
    with _pil_open(path, limit) as im:
        mode = im.mode
        info = dict(im.info)
    icc = info.get("icc_profile") or None
    channels = {
        "1": 1,
        "L": 1,
        "P": 3,
        "I;16": 1,
        "I;16B": 1,
        "I": 1,
        "LA": 2,
        "RGB": 3,
        "RGBA": 4,
    }.get(mode, 3)
    if mode == "P" and "transparency" in info:
        channels = 4
    data = np.fromfile(path, dtype=np.uint8)
    arr = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if arr is None:
        raise ImageLoadError("cannot decode this PNG file (corrupt or truncated?)", path)
    if arr.ndim == 3 and arr.shape[2] == 3:
        arr = cv2.cvtColor(arr, cv2.COLOR_BGR2RGB)
    elif arr.ndim == 3 and arr.shape[2] == 4:
        arr = cv2.cvtColor(arr, cv2.COLOR_BGRA2RGBA)
        if mode == "LA":
            arr = np.ascontiguousarray(arr[..., [0, 3]])
    bits = 16 if arr.dtype == np.uint16 else 8
    pixels, alpha = _split_alpha(arr)
    return ScanImage(
        pixels=np.ascontiguousarray(pixels),
        bit_depth=bits,
        channels=channels,
        dpi=_pil_dpi(info),
        icc_profile=icc,
        icc_description=icc_description(icc),
        page=0,
        pages=1,
        sha256="",
        format="PNG",
        path=str(path),
        alpha=alpha,
        compression="deflate",
        source_colour_space="GREY" if pixels.ndim == 2 else ("PALETTE" if mode == "P" else "RGB"),
    )


# --------------------------------------------------------------------------- JPEG


def _load_jpeg(path: Path, page: int, limit: int) -> ScanImage:
    from PIL import ImageOps

    _check_page(page, 1, path)
    im = _pil_open(path, limit)
    with im:
        info = dict(im.info)
        icc = info.get("icc_profile") or None
        mode = im.mode
        orientation = im.getexif().get(0x0112, 1)
        dpi = _pil_dpi(info)
        if mode == "CMYK" and not icc:
            raise UnsupportedImageError(
                "CMYK JPEG without an embedded ICC profile: its colours cannot be converted "
                "faithfully; export the scan as RGB",
                path,
            )
        im.load()
        out = ImageOps.exif_transpose(im) if orientation not in (None, 1) else im
        if mode not in ("L", "RGB", "CMYK"):
            out = out.convert("RGB")
        arr = np.asarray(out)
        if out is not im:
            out.close()
    if dpi and orientation in (5, 6, 7, 8):
        dpi = (dpi[1], dpi[0])
    desc = icc_description(icc)
    source_cs = "GREY" if mode == "L" else ("CMYK" if mode == "CMYK" else "RGB")
    if mode == "CMYK":
        # Adobe CMYK JPEGs are stored inverted; Pillow undoes it. Convert through the profile.
        arr, icc, desc = _cmyk_to_srgb(arr, icc, path)
    return ScanImage(
        pixels=np.ascontiguousarray(arr),
        bit_depth=8,
        channels=1 if mode == "L" else (4 if mode == "CMYK" else 3),
        dpi=dpi,
        icc_profile=icc,
        icc_description=desc,
        page=0,
        pages=1,
        sha256="",
        format="JPEG",
        path=str(path),
        compression="jpeg",
        source_colour_space=source_cs,
    )


# --------------------------------------------------------------------------- JPEG 2000


def _jp2_boxes(data: bytes, start: int = 0, end: int | None = None):
    """Yield (type, payload_start, payload_end) for the boxes in ``data[start:end]``."""
    end = len(data) if end is None else end
    pos = start
    while pos + 8 <= end:
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if length == 1:
            length = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            header = 16
        elif length == 0:
            length = end - pos
        if length < header:
            break
        yield kind, pos + header, min(pos + length, end)
        pos += length


def _jp2_header(data: bytes) -> dict:
    """Size, components, bit depth, ICC profile and resolution from JP2 boxes (ISO 15444-1 Annex I)."""
    out: dict = {"icc": None, "dpi": None}
    if data.startswith(b"\xff\x4f\xff\x51"):  # raw codestream: SIZ marker segment
        _, _, _, xsiz, ysiz, xo, yo = struct.unpack(">HHHIIII", data[2:24])
        csiz = struct.unpack(">H", data[40:42])[0]
        out.update(width=xsiz - xo, height=ysiz - yo, components=csiz, bits=(data[42] & 0x7F) + 1)
        return out
    for kind, a, b in _jp2_boxes(data):
        if kind != b"jp2h":
            continue
        for sub, sa, sb in _jp2_boxes(data, a, b):
            if sub == b"ihdr":
                h, w, nc, bpc = struct.unpack(">IIHB", data[sa : sa + 11])
                out.update(width=w, height=h, components=nc, bits=(bpc & 0x7F) + 1)
            elif sub == b"colr":
                if data[sa] == 2:  # restricted ICC
                    out["icc"] = bytes(data[sa + 3 : sb])
            elif sub == b"res ":
                res = {}
                for rk, ra, _rb in _jp2_boxes(data, sa, sb):
                    vrn, vrd, hrn, hrd, vre, hre = struct.unpack(">HHHHbb", data[ra : ra + 10])
                    if vrd and hrd:
                        # grid points per metre → per inch
                        res[rk] = (
                            hrn / hrd * 10.0**hre * MM_PER_INCH / 1000.0,
                            vrn / vrd * 10.0**vre * MM_PER_INCH / 1000.0,
                        )
                dpi = res.get(b"resc") or res.get(b"resd")
                if dpi and dpi[0] > 1 and dpi[1] > 1:
                    out["dpi"] = (round(dpi[0], 3), round(dpi[1], 3))
        break
    return out


def _load_jp2(path: Path, page: int, limit: int) -> ScanImage:
    import imagecodecs

    _check_page(page, 1, path)
    data = path.read_bytes()
    try:
        hdr = _jp2_header(data)
    except struct.error as exc:
        raise ImageLoadError("the JPEG 2000 header is truncated or corrupt", path) from exc
    if "width" not in hdr:
        raise ImageLoadError("the JPEG 2000 file has no image header", path)
    _check_size(hdr["width"], hdr["height"], limit, path)
    arr = imagecodecs.jpeg2k_decode(data)
    del data
    arr, bit_depth = _to_standard_dtype(arr, hdr["bits"])
    pixels, alpha = _split_alpha(arr)
    return ScanImage(
        pixels=np.ascontiguousarray(pixels),
        bit_depth=bit_depth,
        channels=int(hdr["components"]),
        dpi=hdr["dpi"],
        icc_profile=hdr["icc"],
        icc_description=icc_description(hdr["icc"]),
        page=0,
        pages=1,
        sha256="",
        format="JPEG2000",
        path=str(path),
        alpha=alpha,
        compression="jpeg2000",
        source_colour_space="GREY" if pixels.ndim == 2 else "RGB",
    )
