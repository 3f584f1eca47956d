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
from conservator.imaging import limits
from conservator.imaging.limits import DEFAULT_MAX_PIXELS  # noqa: F401  (re-exported)
from conservator.model.image import MM_PER_INCH, ScanImage

#: TIFF compressions decoded: their decoders write into a buffer of the size the tags give
#: (tifffile passes it), or their stream header is checked against the tags first (JPEG,
#: JPEG 2000). Others (WebP, JPEG XL, LERC, ...) are refused rather than decoded unbounded.
_TIFF_COMPRESSIONS = {
    1: "none",
    2: "CCITT RLE",
    3: "CCITT G3",
    4: "CCITT G4",
    5: "LZW",
    6: "old-style JPEG",
    7: "JPEG",
    8: "Deflate",
    32773: "PackBits",
    32946: "Deflate",
    33003: "JPEG 2000",
    33004: "JPEG 2000",
    33005: "JPEG 2000",
    34712: "JPEG 2000",
    34925: "LZMA",
    50000: "Zstandard",
}
_TIFF_STREAM_HEADERS = {6, 7, 33003, 33004, 33005, 34712}

#: Decoding and normalising samples holds about this many copies of the decoded image at once.
_DECODE_COPIES = 2.0

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
    """The pixel limit in force (:func:`conservator.imaging.limits.max_pixels`)."""
    return limits.max_pixels()


@dataclass
class _Header:
    width: int
    height: int
    pages: int


def sniff_format(path: str | os.PathLike[str]) -> str:
    """Return the format name of ``path`` from its magic bytes, or raise a typed error."""
    p = Path(path)
    limits.check_regular_file(p)  # a named pipe or a device would block or never end
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
    limits.check_pixels(w, h, limit, path)


def _check_decode_memory(w: int, h: int, channels: int, bytes_per_sample: int, path) -> None:
    need = int(int(w) * int(h) * max(1, int(channels)) * max(1, bytes_per_sample) * _DECODE_COPIES)
    limits.check_memory(need, path)


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
    return _read(path, fmt, page, max_pixels, decode=True)


def _read(path: Path, fmt: str, page: int, max_pixels: int | None, *, decode: bool) -> ScanImage:
    limit = max_pixels or max_pixels_default()
    reader = {"TIFF": _load_tiff, "PNG": _load_png, "JPEG": _load_jpeg, "JPEG2000": _load_jp2}[fmt]
    try:
        scan = reader(path, page, limit, decode)
    except (ImageLoadError, MemoryError):
        raise
    except Exception as exc:  # a decoder's own error: corrupt or truncated data
        raise ImageLoadError(
            f"cannot decode this {_fmt_name(fmt)} file (corrupt or truncated?): {_short(exc)}",
            path,
        ) from exc
    if scan.icc_profile and scan.icc_description is None:
        scan.warnings.append("the embedded ICC profile has no readable description")
    scan.dpi = limits.plausible_dpi(scan.dpi, scan.warnings)
    scan.sha256 = file_sha256(path)
    return scan


def _check_complete(fmt: str, path: Path) -> None:
    """A cheap structural check that the file is not cut short (``info`` decodes nothing):
    PNG chunks up to IEND, a JPEG ending in EOI, a JPEG 2000 codestream ending in EOC. TIFF
    strips and tiles are checked against the file size when the page is read."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        if fmt == "PNG":
            pos = 8
            while True:
                fh.seek(pos)
                head = fh.read(8)
                if len(head) < 8:
                    break
                length, kind = struct.unpack(">I4s", head)
                pos += 12 + length
                if kind == b"IEND":
                    return
                if pos > size:
                    break
        elif fmt in ("JPEG", "JPEG2000"):
            fh.seek(max(0, size - 65536))
            if b"\xff\xd9" in fh.read():
                return
        else:
            return
    raise ImageLoadError(
        f"the {_fmt_name(fmt)} file is truncated (corrupt or truncated?): it ends before "
        "its image data does",
        path,
    )


def read_header(path: str | os.PathLike[str], *, page: int = 0) -> ScanImage:
    """What :func:`load_scan` would give, read from the file's headers only (``conservator
    info``): no pixel is decoded, so memory stays small whatever the image size.

    The returned ``pixels`` is a zero-stride placeholder of the right height and width (it
    holds no data): use it for sizes and metadata, never for analysis.
    """
    path = Path(path)
    fmt = sniff_format(path)
    _check_complete(fmt, path)
    return _read(path, fmt, page, limits._NO_LIMIT, decode=False)


def read_info(path: str | os.PathLike[str], *, page: int = 0) -> dict:
    """Identity and metadata of a scan (``conservator info``), from its headers only."""
    return read_header(path, page=page).info()


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
    try:
        unit = int(unit_tag.value) if unit_tag is not None else 2  # TIFF default: inch
    except (TypeError, ValueError):
        return None
    if unit == 1:  # RESUNIT.NONE: an aspect ratio, not a resolution
        return None

    def number(v) -> float:
        # RATIONAL gives (numerator, denominator); DOUBLE or FLOAT a plain or 1-tuple value
        if isinstance(v, tuple | list):
            if len(v) >= 2:
                return v[0] / v[1] if v[1] else 0.0
            return float(v[0]) if v else 0.0
        return float(v)

    try:
        x = number(xr.value)
        y = number(yr.value) if yr is not None else x
    except (TypeError, ValueError, IndexError, ZeroDivisionError):
        return None
    if not (x > 0 and y > 0):  # also NaN
        return None
    if unit == 3:  # centimetre
        x, y = x * 2.54, y * 2.54
    return (x, y)


class _LogToWarnings:
    """Collect tifffile's log messages (a damaged IFD is only logged) as warnings."""

    def __init__(self):
        import logging

        self.messages: list[str] = []
        handler = logging.Handler(level=logging.WARNING)
        handler.emit = lambda record: self.messages.append(record.getMessage())
        self.handler = handler
        self.logger = logging.getLogger("tifffile")

    def __enter__(self):
        self.propagate = self.logger.propagate
        self.logger.addHandler(self.handler)
        self.logger.propagate = False
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.propagate


def _tiff_damage_warnings(messages: list[str], pages: int) -> list[str]:
    out = []
    for m in messages:
        text = " ".join(m.split())
        if "<tifffile" in text:  # "<tifffile.TiffPages @8> corrupted tag list of page 3 ..."
            text = text.split("> ", 1)[-1]
        out.append(
            f"the file is damaged after page {pages}: {text[:160]}; only {pages} "
            f"page{'s' if pages != 1 else ''} can be read"
            if "page" in text
            else f"TIFF structure: {text[:200]}"
        )
    return out


def _tiff_segment_shape(p) -> tuple[int, int]:
    """(height, width) of one strip or tile, as the tags define it."""
    if p.is_tiled:
        return int(p.tilelength), int(p.tilewidth)
    rows = int(p.rowsperstrip) if p.rowsperstrip else int(p.imagelength)
    return min(rows, int(p.imagelength)), int(p.imagewidth)


def _check_tiff_streams(fh, p, limit: int, path) -> None:
    """Check every JPEG / JPEG 2000 strip or tile against the size the tags give, from the
    stream's own SOF / SIZ header, before anything is decoded (a 64 × 64 px TIFF may hide a
    20000 × 20000 px JPEG strip)."""
    compression = int(p.compression)
    seg_h, seg_w = _tiff_segment_shape(p)
    segments = list(zip(p.dataoffsets, p.databytecounts, strict=False))
    if compression == 6:
        jif = p.tags.get("JPEGInterchangeFormat")
        jifl = p.tags.get("JPEGInterchangeFormatLength")
        if jif is not None:
            segments = [(int(jif.value), int(jifl.value) if jifl is not None else 1 << 30)]
            seg_h, seg_w = int(p.imagelength), int(p.imagewidth)
    fsize = fh.seek(0, 2)
    for off, count in segments:
        if not count or off <= 0 or off >= fsize:
            continue
        count = min(int(count), fsize - int(off))
        if compression in (6, 7):
            size = limits.jpeg_frame_size(fh, int(off), count)
        else:
            fh.seek(int(off))
            size = limits.j2k_size(fh.read(min(count, 4096)))
        if size is None:
            continue
        h, w, _nc = size
        limits.check_pixels(w, h, limit, path, what="a compressed strip of this TIFF")
        if h > seg_h or w > seg_w:
            raise ImageTooLargeError(
                f"a {_TIFF_COMPRESSIONS[compression]} strip inside this TIFF is {w} × {h} px, "
                f"larger than the {seg_w} × {seg_h} px its tags allow (a decompression bomb?); "
                "refused before decoding",
                path,
                pixels=w * h,
                limit=seg_w * seg_h,
            )


def _tiff_extra_samples(p, arr: np.ndarray, photometric: int, warnings: list[str]):
    """Split colour samples from an alpha channel and further extra samples (ExtraSamples)."""
    colour = {0: 1, 1: 1, 2: 3, 6: 3, 5: 4}.get(photometric)
    if colour is None or arr.ndim != 3 or arr.shape[2] <= colour:
        return arr, None
    extras = list(getattr(p, "extrasamples", ()) or ())
    alpha = None
    if extras and int(extras[0]) in (1, 2):  # associated or unassociated alpha
        alpha = np.ascontiguousarray(arr[..., colour])
    n_extra = arr.shape[2] - colour
    ignored = n_extra - (1 if alpha is not None else 0)
    if ignored:
        warnings.append(
            f"{ignored} extra channel{'s' if ignored != 1 else ''} beyond the colour "
            f"{'and alpha ' if alpha is not None else ''}channels ignored"
        )
    pixels = arr[..., :colour]
    if colour == 1:
        pixels = pixels[..., 0]
    return np.ascontiguousarray(pixels), alpha


def _float_to_uint16(arr: np.ndarray, warnings: list[str]) -> np.ndarray:
    """Float samples to 16 bits. 0–1 is the convention; other ranges are scaled from the
    nominal range they fit (0–255, 0–65535) or, failing that, from their actual range — with
    a warning, since absolute values are then not what the file says."""
    a = arr.astype(np.float32, copy=False)
    finite = np.isfinite(a)
    if not finite.all():
        warnings.append("float samples include NaN or infinity; they were set to 0")
        a = np.where(finite, a, np.float32(0))
    lo, hi = (float(a.min()), float(a.max())) if a.size else (0.0, 1.0)
    if lo >= 0 and hi <= 1.0:
        scale_lo, scale_hi = 0.0, 1.0
    else:
        if lo >= 0 and hi <= 255.0:
            scale_lo, scale_hi, how = 0.0, 255.0, "0–255"
        elif lo >= 0 and hi <= 65535.0:
            scale_lo, scale_hi, how = 0.0, 65535.0, "0–65535"
        else:
            scale_lo, scale_hi = lo, hi if hi > lo else lo + 1.0
            how = f"their actual range {lo:.6g}–{hi:.6g}"
        warnings.append(
            f"float samples range {lo:.6g}–{hi:.6g}, not 0–1: scaled from {how} to 16 bits"
        )
    out = (a - np.float32(scale_lo)) * np.float32(65535.0 / (scale_hi - scale_lo)) + 0.5
    return np.clip(out, 0, 65535).astype(np.uint16)


def _tiff_bit_depth(p, photometric: int, bits: int, sample_format: str) -> int:
    """The bit depth :func:`load_scan` gives (8 or 16), from the tags alone."""
    if sample_format == "float":
        return 16
    if photometric == 3:
        cmap = p.colormap
        if cmap is not None and (cmap.max() <= 255 or np.all(cmap % 257 == 0)):
            return 8
        return 16
    return 8 if bits <= 8 else 16


def _placeholder(h: int, w: int, colour: bool, dtype) -> np.ndarray:
    """A zero-stride array of the image's shape: header-only results hold no pixels."""
    shape = (int(h), int(w), 3) if colour else (int(h), int(w))
    return np.broadcast_to(np.zeros((), dtype), shape)


def _load_tiff(path: Path, page: int, limit: int, decode: bool = True) -> ScanImage:
    import tifffile

    with _LogToWarnings() as log:
        try:
            tif = tifffile.TiffFile(path)
        except tifffile.TiffFileError as exc:
            raise ImageLoadError(f"not a readable TIFF file: {_short(exc)}", path) from exc
        with tif:
            pages = len(tif.pages)
            warnings = _tiff_damage_warnings(log.messages, pages)
            scan = _read_tiff_page(tif, path, page, pages, limit, decode, warnings)
    return scan


def _read_tiff_page(tif, path, page, pages, limit, decode, warnings) -> ScanImage:
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
    if int(p.compression) not in _TIFF_COMPRESSIONS:
        raise UnsupportedImageError(
            f"unsupported TIFF compression ({compression}); save the scan uncompressed, "
            "LZW, Deflate or JPEG",
            path,
        )
    if bits == 1 and photometric in (0, 1):
        warnings.append(
            "1-bit (black and white) scan: shown as black and white greyscale; damage "
            "detection needs a greyscale or colour scan"
        )
    source_cs = {0: "GREY", 1: "GREY", 2: "RGB", 3: "PALETTE", 5: "CMYK", 6: "YCbCr"}[photometric]
    bit_depth = _tiff_bit_depth(p, photometric, bits, sample_format)
    page_note = f" (page {page + 1} of {pages})" if pages > 1 else ""
    fsize = tif.filehandle.size
    ends = [int(o) + int(c) for o, c in zip(p.dataoffsets, p.databytecounts, strict=False) if c]
    if ends and max(ends) > fsize:
        raise ImageLoadError(
            f"the file is truncated{page_note} (corrupt or truncated?): its image data needs "
            f"{max(ends)} bytes, the file has {fsize}",
            path,
        )
    if int(p.compression) in _TIFF_STREAM_HEADERS:
        _check_tiff_streams(tif.filehandle, p, limit, path)
    if not decode:
        return ScanImage(
            pixels=_placeholder(p.imagelength, p.imagewidth, photometric not in (0, 1), np.uint8),
            bit_depth=bit_depth,
            channels=samples,
            dpi=dpi,
            icc_profile=icc,
            icc_description=icc_description(icc),
            page=page,
            pages=pages,
            sha256="",
            format="TIFF",
            path=str(path),
            compression=compression,
            source_colour_space=source_cs,
            warnings=warnings,
            stored_bits=bits if bits < 8 and photometric != 3 else None,
        )
    stored = max(1, -(-bits // 8)) if sample_format != "float" else max(4, -(-bits // 8))
    _check_decode_memory(p.imagewidth, p.imagelength, samples, stored, path)

    # read a few MB of compressed strips or tiles per pass (tifffile's default is 256 MB,
    # which it holds beside the decoded image: 2.4× the image at the peak for LZW)
    try:
        arr = p.asarray(buffersize=TIFF_READ_BUFFER)
    except (MemoryError, ImageLoadError):
        raise
    except Exception as exc:
        raise ImageLoadError(
            f"cannot decode this TIFF file{page_note} (corrupt or truncated?): {_short(exc)}",
            path,
        ) from exc
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
        arr = lut[np.minimum(arr, len(lut) - 1)]
        bits = 8 if lut.dtype == np.uint8 else 16
    if sample_format == "float":
        arr, bit_depth = _float_to_uint16(arr, warnings), 16
    else:
        arr, bit_depth = _to_standard_dtype(arr, bits, sample_format)
    if photometric == 0:  # MINISWHITE
        arr = np.iinfo(arr.dtype).max - arr
    if photometric == 5:
        pixels, icc, desc = _cmyk_to_srgb(arr, icc, path)
        alpha = None
        extras = list(getattr(p, "extrasamples", ()) or ())
        if arr.ndim == 3 and arr.shape[2] > 4:
            if extras and int(extras[0]) in (1, 2):
                alpha = np.ascontiguousarray(arr[..., 4])
            if arr.shape[2] - 4 - (alpha is not None):
                warnings.append(f"{arr.shape[2] - 4 - (alpha is not None)} extra channels ignored")
    else:
        desc = icc_description(icc)
        if arr.ndim == 3 and arr.shape[2] > {0: 1, 1: 1, 2: 3, 6: 3}.get(photometric, 3):
            pixels, alpha = _tiff_extra_samples(p, arr, photometric, warnings)
        else:
            pixels, alpha = _split_alpha(arr)
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
        stored_bits=bits if bits < 8 and photometric != 3 else None,
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


def _load_png(path: Path, page: int, limit: int, decode: bool = True) -> ScanImage:
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
    warnings = []
    if mode == "1":
        warnings.append(
            "1-bit (black and white) scan: shown as black and white greyscale; damage "
            "detection needs a greyscale or colour scan"
        )
    w, h = struct.unpack(">II", head[16:24])
    png_bits, colour_type = head[24], head[25]
    if not decode:
        return ScanImage(
            pixels=_placeholder(h, w, channels > 2, np.uint8),
            bit_depth=16 if png_bits == 16 else 8,
            channels=channels,
            dpi=_pil_dpi(info),
            icc_profile=icc,
            icc_description=icc_description(icc),
            page=0,
            pages=1,
            sha256="",
            format="PNG",
            path=str(path),
            stored_bits=1 if mode == "1" else None,
            warnings=warnings,
            compression="deflate",
            source_colour_space="GREY"
            if colour_type in (0, 4)
            else ("PALETTE" if mode == "P" else "RGB"),
        )
    _check_decode_memory(w, h, max(channels, 3), 2 if png_bits == 16 else 1, path)
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
        stored_bits=1 if mode == "1" else None,
        warnings=warnings,
        alpha=alpha,
        compression="deflate",
        source_colour_space="GREY" if pixels.ndim == 2 else ("PALETTE" if mode == "P" else "RGB"),
    )


# --------------------------------------------------------------------------- JPEG


def _load_jpeg(path: Path, page: int, limit: int, decode: bool = True) -> ScanImage:
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
        if not decode:
            h, w = (im.width, im.height) if orientation in (5, 6, 7, 8) else (im.height, im.width)
            if dpi and orientation in (5, 6, 7, 8):
                dpi = (dpi[1], dpi[0])
            return ScanImage(
                pixels=_placeholder(h, w, mode != "L", np.uint8),
                bit_depth=8,
                channels=1 if mode == "L" else (4 if mode == "CMYK" else 3),
                dpi=dpi,
                icc_profile=icc,
                icc_description=icc_description(icc),
                page=0,
                pages=1,
                sha256="",
                format="JPEG",
                path=str(path),
                compression="jpeg",
                source_colour_space="GREY"
                if mode == "L"
                else ("CMYK" if mode == "CMYK" else "RGB"),
            )
        _check_decode_memory(im.width, im.height, len(im.getbands()), 1, path)
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


def _load_jp2(path: Path, page: int, limit: int, decode: bool = True) -> ScanImage:
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
    stream = limits.j2k_size(data)  # the codestream's own SIZ: what the decoder will allocate
    if stream is None:
        raise ImageLoadError("the JPEG 2000 file has no codestream header (SIZ)", path)
    sh, sw, sc = stream
    _check_size(sw, sh, limit, path)
    if (sh, sw) != (hdr["height"], hdr["width"]) or sc < 1 or sc > 16:
        raise ImageLoadError(
            f"the JPEG 2000 headers disagree: the image header says {hdr['width']} × "
            f"{hdr['height']} px, the codestream {sw} × {sh} px with {sc} components "
            "(damaged or forged file); refused before decoding",
            path,
        )
    if not decode:
        return ScanImage(
            pixels=_placeholder(sh, sw, sc > 2, np.uint8),
            bit_depth=8 if hdr["bits"] <= 8 else 16,
            channels=int(hdr["components"]),
            dpi=hdr["dpi"],
            icc_profile=hdr["icc"],
            icc_description=icc_description(hdr["icc"]),
            page=0,
            pages=1,
            sha256="",
            format="JPEG2000",
            path=str(path),
            compression="jpeg2000",
            source_colour_space="GREY" if sc <= 2 else "RGB",
        )
    _check_decode_memory(sw, sh, sc, 4, path)  # OpenJPEG decodes into 32-bit samples first
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
