"""Colour management: the embedded ICC profile is honoured, through LittleCMS.

The conversion to the sRGB working space uses ``imagecodecs.cms_transform`` (LittleCMS 2),
which keeps 16-bit precision for 16-bit sources. A scan without a profile is taken to be sRGB
(the convention of scanners and cameras that do not tag), and the result says so.
"""

from __future__ import annotations

import os
import struct
import zlib
from functools import cache
from pathlib import Path

import numpy as np

from conservator.errors import ConservatorError, IccProfileError
from conservator.model.image import ScanImage

#: Rendering intent for working copies: relative colorimetric keeps paper white as white
#: and in-gamut colours exact, which is what a measurement copy needs.
INTENT_RELATIVE = "relative"

_INTENTS = {"perceptual": 0, "relative": 1, "saturation": 2, "absolute": 3}


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile made by LittleCMS, with its creation date pinned (2000-01-01).

    LittleCMS stamps the current time into the header (bytes 24–35); pinning it makes files
    written from the same pixels byte-identical. The profile ID is zero, so nothing depends on
    the date.
    """
    import imagecodecs

    icc = bytearray(imagecodecs.cms_profile("srgb"))
    if len(icc) >= 128 and not any(icc[84:100]):
        icc[24:36] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
    return bytes(icc)


def profile_colour_space(profile: bytes) -> str:
    """The data colour space signature of an ICC profile (``RGB``, ``GRAY``, ``CMYK`` ...)."""
    if len(profile) < 20:
        raise IccProfileError("the embedded ICC profile is truncated")
    return profile[16:20].decode("ascii", "replace").strip()


def to_srgb(scan: ScanImage, *, intent: str = INTENT_RELATIVE) -> tuple[np.ndarray, list[str]]:
    """Convert a scan's pixels to sRGB through its embedded profile.

    Parameters
    ----------
    scan : ScanImage
        The decoded scan; its ``icc_profile`` is used when present.
    intent : str
        LittleCMS rendering intent (``relative``, ``perceptual``, ``saturation``, ``absolute``).

    Returns
    -------
    pixels : ndarray
        Same shape class and dtype as ``scan.pixels`` (grey stays grey, 16-bit stays 16-bit),
        in sRGB (grey: the sRGB tone curve).
    notes : list of str
        What was assumed, for the user and the record.
    """
    import imagecodecs

    if intent not in _INTENTS:
        raise ConservatorError(f"unknown rendering intent {intent!r}")
    code = _INTENTS[intent]
    notes: list[str] = []
    pix = scan.pixels
    prof = scan.icc_profile
    if not prof:
        notes.append("no embedded ICC profile: colours taken as sRGB")
        return pix, notes
    try:
        space = profile_colour_space(prof)
    except IccProfileError as exc:
        raise IccProfileError(str(exc), scan.path) from None
    want = "GRAY" if pix.ndim == 2 else "RGB"
    if space != want:
        notes.append(
            f"embedded ICC profile is for {space} data but the image is {want}: profile ignored, "
            "colours taken as sRGB"
        )
        return pix, notes
    srgb = srgb_profile()
    try:
        if pix.ndim == 2:
            rgb = imagecodecs.cms_transform(
                np.ascontiguousarray(pix),
                prof,
                srgb,
                colorspace="gray",
                outcolorspace="rgb",
                outdtype=pix.dtype,
                intent=code,
            )
            out = np.ascontiguousarray(rgb[..., 1])
        else:
            out = imagecodecs.cms_transform(
                np.ascontiguousarray(pix),
                prof,
                srgb,
                colorspace="rgb",
                outcolorspace="rgb",
                outdtype=pix.dtype,
                intent=code,
            )
    except Exception as exc:
        raise IccProfileError(
            f"the embedded ICC profile could not be applied: {' '.join(str(exc).split())[:160]}",
            scan.path,
        ) from exc
    notes.append(
        f"converted from '{scan.icc_description or 'embedded profile'}' to sRGB (LittleCMS)"
    )
    return out, notes


def write_working_copy(scan: ScanImage, out: str | os.PathLike[str]) -> list[str]:
    """Write the colour-managed sRGB working copy of ``scan`` to PNG or TIFF.

    16-bit sources stay 16-bit (PNG and TIFF both hold 16 bits). The sRGB profile and the
    resolution are embedded. Written to a temporary name first, so a failure never leaves a
    half-written file behind.
    """
    import cv2
    import tifffile

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".png", ".tif", ".tiff"):
        raise ConservatorError("the working copy must be a .png, .tif or .tiff file", out)
    from conservator.outputs import atomic_output, check_target

    check_target(out, inputs=[scan.path] if scan.path else ())  # before the conversion's work
    from conservator.imaging.limits import check_memory

    check_memory(scan.pixels.nbytes * 3, scan.path, what="convert this scan")
    pixels, notes = to_srgb(scan)
    icc = srgb_profile()
    with atomic_output(
        out, inputs=[scan.path] if scan.path else (), what="the working copy"
    ) as tmp:
        if suffix == ".png":
            from PIL import Image, PngImagePlugin  # noqa: F401  (registers the plugin)

            arr = pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR)
            ok, buf = cv2.imencode(".png", arr, [cv2.IMWRITE_PNG_COMPRESSION, 3])
            if not ok:
                raise ConservatorError("PNG encoding failed", out)
            data = png_add_chunks(buf.tobytes(), icc, scan.dpi)
            tmp.write_bytes(data)
        else:
            kwargs = {}
            if scan.dpi:
                kwargs.update(resolution=scan.dpi, resolutionunit="INCH")
            tifffile.imwrite(
                tmp,
                pixels,
                photometric="minisblack" if pixels.ndim == 2 else "rgb",
                compression="zlib",
                predictor=True,
                iccprofile=icc,
                metadata=None,
                **kwargs,
            )
    return notes


def png_add_chunks(png: bytes, icc: bytes, dpi) -> bytes:
    """Insert iCCP and pHYs chunks after IHDR of an encoded PNG."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload))
            + kind
            + payload
            + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
        )

    ihdr_end = 8 + 8 + 13 + 4
    extra = chunk(b"iCCP", b"sRGB\x00\x00" + zlib.compress(icc))
    if dpi:
        ppm = (round(dpi[0] / 0.0254), round(dpi[1] / 0.0254))
        extra += chunk(b"pHYs", struct.pack(">IIB", ppm[0], ppm[1], 1))
    return png[:ihdr_end] + extra + png[ihdr_end:]
