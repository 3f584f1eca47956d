"""The in-memory scan: pixels plus everything a measurement needs to be faithful."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MM_PER_INCH = 25.4


@dataclass
class ScanImage:
    """One page of a scan, decoded.

    Attributes
    ----------
    pixels : ndarray, shape (rows, cols) or (rows, cols, 3), dtype uint8 or uint16
        Row-major image data in the file's own colour space (not yet colour managed).
        Grey scans are 2-D; colour scans are RGB. CMYK files are converted to RGB at load.
    bit_depth : int
        8 or 16: the precision of ``pixels``.
    channels : int
        Samples per pixel in the file (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA or CMYK).
    dpi : tuple of float or None
        Resolution (x, y) in pixels per inch, or ``None`` when the file does not say.
    icc_profile : bytes or None
        The embedded ICC profile, verbatim.
    icc_description : str or None
        The profile's description tag.
    alpha : ndarray or None
        The alpha channel, when the file has one (same dtype as ``pixels``).
    page, pages : int
        Which page this is (0-based) and how many the file holds.
    sha256 : str
        SHA-256 of the whole file, hex.
    format : str
        ``TIFF``, ``PNG``, ``JPEG`` or ``JPEG2000``.
    path : str
        The file the scan came from.
    compression : str or None
        The file's compression scheme, when known.
    colour_space : str
        ``RGB`` or ``GREY`` (of ``pixels``); ``source_colour_space`` says what the file held.
    stored_bits : int or None
        Bits per sample as stored in the file when fewer than 8 (1 for a black-and-white
        scan, shown as 0/255); ``None`` otherwise.
    """

    pixels: np.ndarray
    bit_depth: int
    channels: int
    dpi: tuple[float, float] | None
    icc_profile: bytes | None
    icc_description: str | None
    page: int
    pages: int
    sha256: str
    format: str
    path: str
    alpha: np.ndarray | None = None
    compression: str | None = None
    source_colour_space: str = "RGB"
    warnings: list[str] = field(default_factory=list)
    stored_bits: int | None = None

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def is_grey(self) -> bool:
        return self.pixels.ndim == 2

    @property
    def colour_space(self) -> str:
        return "GREY" if self.is_grey else "RGB"

    @property
    def px_per_mm(self) -> float | None:
        """Mean pixels per millimetre, or ``None`` without a resolution."""
        if self.dpi is None:
            return None
        return (self.dpi[0] + self.dpi[1]) / 2.0 / MM_PER_INCH

    @classmethod
    def from_pixels(
        cls,
        pixels: np.ndarray,
        ppi: float | tuple[float, float] | None = None,
        *,
        path: str = "array",
        format: str = "PNG",  # noqa: A002 (the field's name)
        sha256: str = "",
    ) -> ScanImage:
        """A scan made from pixels in memory (sRGB or grey, uint8 or uint16) at ``ppi``: for
        scripts and batch jobs that analyse arrays, and for tests. No ICC profile."""
        dpi = None
        if ppi is not None:
            x, y = ppi if isinstance(ppi, tuple) else (ppi, ppi)
            dpi = (float(x), float(y))
        return cls(
            pixels=pixels,
            bit_depth=16 if pixels.dtype == np.uint16 else 8,
            channels=1 if pixels.ndim == 2 else int(pixels.shape[2]),
            dpi=dpi,
            icc_profile=None,
            icc_description=None,
            page=0,
            pages=1,
            sha256=sha256,
            format=format,
            path=path,
        )

    def with_dpi(self, dpi: float | tuple[float, float] | None) -> ScanImage:
        """Return the same scan with a resolution supplied by the user (``--dpi``)."""
        if dpi is None:
            return self
        if not isinstance(dpi, tuple):
            dpi = (float(dpi), float(dpi))
        from dataclasses import replace

        return replace(self, dpi=(float(dpi[0]), float(dpi[1])))

    def info(self) -> dict:
        """The identity of the scan as JSON-ready data (``conservator info --json``)."""
        return {
            "width": self.width,
            "height": self.height,
            "channels": self.channels,
            "bit_depth": self.bit_depth,
            "dpi": [round(self.dpi[0], 4), round(self.dpi[1], 4)] if self.dpi else None,
            "icc_profile": self.icc_description,
            "pages": self.pages,
            "page": self.page,
            "sha256": self.sha256,
            "format": self.format,
            "compression": self.compression,
            "colour_space": self.source_colour_space,
            "path": self.path,
        }
