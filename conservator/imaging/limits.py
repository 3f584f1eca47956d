"""Bounds on hostile input: pixel limit, plausible resolution, free memory, file kind, and the
decoded stream's own header.

A scan file can lie. Its tags may say 64 × 64 px while a JPEG strip inside holds a 20000 ×
20000 px image; a flipped byte may turn 300 ppi into 1e9 ppi (areas off by 10¹⁴) or 1e-6 ppi;
it may be a named pipe that never ends. Everything here runs *before* pixels are decoded:

- :func:`max_pixels` — ``CONSERVATOR_MAX_PIXELS`` (default 600 MP; ``inf`` = no pixel limit,
  memory is still checked), :func:`check_pixels` refuses larger images;
- :func:`ppi_range` / :func:`plausible_dpi` — ``CONSERVATOR_PPI_RANGE`` (default ``50-10000``):
  a resolution outside it is ignored with a warning (areas fall back to px, or ``--dpi``);
- :func:`check_memory` — refuses, in one line, an allocation larger than the memory this
  process can still get (``MemAvailable`` and the address-space limit ``RLIMIT_AS``), instead
  of a native crash in a decoder or OpenCV;
- :func:`check_regular_file` — named pipes, devices and sockets are refused (never read);
- :func:`jpeg_frame_size` / :func:`j2k_size` — the size a JPEG or JPEG 2000 stream will decode
  to, from its own SOF / SIZ marker.
"""

from __future__ import annotations

import math
import os
import resource
import stat
import struct
from pathlib import Path

from conservator.errors import ConservatorError, ImageLoadError, ImageTooLargeError

#: Default ceiling on width × height; override with ``CONSERVATOR_MAX_PIXELS``.
DEFAULT_MAX_PIXELS = 600_000_000

#: Plausible scan resolutions in ppi (``CONSERVATOR_PPI_RANGE`` = "LOW-HIGH").
DEFAULT_PPI_RANGE = (50.0, 10_000.0)

_NO_LIMIT = 1 << 62


class SettingError(ConservatorError):
    """An environment variable has a value that cannot be used."""


def max_pixels() -> int:
    """The pixel limit in force: ``CONSERVATOR_MAX_PIXELS`` (``inf``: none) or the default."""
    env = os.environ.get("CONSERVATOR_MAX_PIXELS", "").strip()
    if not env:
        return DEFAULT_MAX_PIXELS
    try:
        value = float(env)
    except ValueError:
        value = float("nan")
    if math.isinf(value) and value > 0:
        return _NO_LIMIT
    if not math.isfinite(value) or value < 1:
        raise SettingError(
            f"CONSERVATOR_MAX_PIXELS must be a number of pixels such as 600000000, or 'inf' "
            f"for no pixel limit (it is {env!r})"
        )
    return min(int(value), _NO_LIMIT)


def check_pixels(w: int, h: int, limit: int, path, *, what: str = "image") -> None:
    """Refuse an empty size, or one above ``limit`` pixels (decompression-bomb guard)."""
    w, h = int(w), int(h)
    if w <= 0 or h <= 0:
        raise ImageLoadError(f"the {what} header gives an empty size ({w} × {h} px)", path)
    pixels = w * h
    if pixels > limit:
        raise ImageTooLargeError(
            f"{what} too large: {w} × {h} px = {pixels / 1e6:.0f} MP exceeds the limit of "
            f"{limit / 1e6:.0f} MP (possible decompression bomb; raise CONSERVATOR_MAX_PIXELS "
            "if the scan is genuine)",
            path,
            pixels=pixels,
            limit=limit,
        )


def ppi_range() -> tuple[float, float]:
    """The plausible resolution window ``(low, high)`` in ppi (``CONSERVATOR_PPI_RANGE``)."""
    env = os.environ.get("CONSERVATOR_PPI_RANGE", "").strip()
    if not env:
        return DEFAULT_PPI_RANGE
    parts = env.replace(":", "-").replace(",", "-").split("-")
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        low = high = float("nan")
    if not (math.isfinite(low) and math.isfinite(high) and 0 < low < high):
        raise SettingError(
            f"CONSERVATOR_PPI_RANGE must look like 50-10000 (ppi, low-high); it is {env!r}"
        )
    return low, high


def plausible_dpi(dpi, warnings: list[str], *, source: str = "the file") -> tuple | None:
    """``dpi`` when both values lie in :func:`ppi_range`, else ``None`` plus a warning."""
    if dpi is None:
        return None
    low, high = ppi_range()
    x, y = float(dpi[0]), float(dpi[1])
    if all(math.isfinite(v) and low <= v <= high for v in (x, y)):
        return (x, y)
    shown = " × ".join(f"{v:.6g}" for v in (x, y))
    warnings.append(
        f"the resolution recorded in {source} ({shown} ppi) is outside the plausible "
        f"{low:g}–{high:g} ppi and was ignored: sizes are in pixels unless you give --dpi"
    )
    return None


# --------------------------------------------------------------------------- memory


def available_memory() -> int:
    """Bytes this process can still allocate: free RAM (``MemAvailable``, else free pages)
    and, when set, what is left under the address-space limit (``RLIMIT_AS``)."""
    avail = None
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    if avail is None:
        try:
            avail = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):  # no way to know: do not refuse
            avail = _NO_LIMIT
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        used = 0
        try:
            with open("/proc/self/status") as fh:
                for line in fh:
                    if line.startswith("VmSize:"):
                        used = int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
        avail = min(avail, max(0, soft - used))
    return avail


def check_memory(nbytes: int, path=None, *, what: str = "decode this scan") -> None:
    """Refuse in one line when ``nbytes`` more cannot be allocated (instead of a native crash)."""
    avail = available_memory()
    if nbytes > avail:
        raise ImageTooLargeError(
            f"not enough memory to {what}: it needs about {_size(nbytes)}, only "
            f"{_size(avail)} are available; close other programs or use a smaller scan",
            path,
            pixels=0,
            limit=0,
        )


def _size(n: int) -> str:
    return f"{n / (1 << 30):.1f} GB" if n >= 1 << 30 else f"{max(1, round(n / (1 << 20)))} MB"


# --------------------------------------------------------------------------- file kind


def check_regular_file(path: str | os.PathLike[str]) -> os.stat_result:
    """``stat`` of ``path``; refuses folders, named pipes, devices and sockets before any read."""
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise ImageLoadError("file not found", p) from None
    except OSError as exc:
        raise ImageLoadError(f"cannot read the file: {exc.strerror or exc}", p) from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise ImageLoadError("this is a folder, not a scan file", p)
    if stat.S_ISFIFO(mode):
        raise ImageLoadError("this is a named pipe, not a scan file; give a regular file", p)
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise ImageLoadError("this is a device, not a scan file; give a regular file", p)
    if not stat.S_ISREG(mode):
        raise ImageLoadError("not a regular file; give a scan file", p)
    return st


# --------------------------------------------------------------------------- stream headers

_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def jpeg_frame_size(fh, start: int, length: int) -> tuple[int, int, int] | None:
    """``(height, width, components)`` from the SOF marker of the JPEG stream at ``start``.

    Walks the marker segments by their lengths (seeking, not reading the data), so large
    ICC or EXIF segments before the frame header cost nothing. ``None`` when the stream ends
    or scan data begins before a frame header (the decoder will then fail on its own).
    """
    end = start + length
    fh.seek(start)
    if fh.read(2) != b"\xff\xd8":
        return None
    pos = start + 2
    while pos + 4 <= end:
        fh.seek(pos)
        b = fh.read(2)
        if len(b) < 2 or b[0] != 0xFF:
            return None
        marker = b[1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):
            pos += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan
            return None
        seg = fh.read(2)
        if len(seg) < 2:
            return None
        (seglen,) = struct.unpack(">H", seg)
        if marker in _SOF:
            body = fh.read(6)
            if len(body) < 6:
                return None
            _precision, h, w, nc = struct.unpack(">BHHB", body)
            return h, w, nc
        pos += 2 + seglen
    return None


def j2k_size(data: bytes) -> tuple[int, int, int] | None:
    """``(height, width, components)`` from the SIZ marker of a JPEG 2000 codestream (found
    anywhere in ``data``, so a JP2 file or a codestream both work)."""
    at = data.find(b"\xff\x4f\xff\x51")
    if at < 0 or len(data) < at + 42:
        return None
    xsiz, ysiz, xo, yo = struct.unpack(">IIII", data[at + 8 : at + 24])
    (csiz,) = struct.unpack(">H", data[at + 40 : at + 42])
    return max(0, ysiz - yo), max(0, xsiz - xo), csiz


# --------------------------------------------------------------------------- analysis

#: Peak memory of an analysis per scan pixel, beyond the decoded scan (bench/speed.py measures
#: 2.8 × an 8-bit RGB image, 11 bytes per pixel for grey: the front end works in RGB).
ANALYSIS_BYTES_PER_PIXEL = 12


def check_analysable(scan) -> None:
    """Refuse, in one line, a scan damage detection would misread or could not fit in memory."""
    from conservator.errors import UnsupportedImageError

    if getattr(scan, "stored_bits", None) == 1:
        raise UnsupportedImageError(
            "this is a 1-bit (black and white) scan: damage detection needs a greyscale or "
            "colour scan (text and stains cannot be told apart in two tones); rescan in 8-bit "
            "or more",
            scan.path,
        )
    check_memory(
        scan.width * scan.height * ANALYSIS_BYTES_PER_PIXEL, scan.path, what="analyse this scan"
    )
