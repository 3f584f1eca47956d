"""Pyramid of area-averaged levels and per-tile display mapping (no widgets here).

Level 0 is the decoded scan itself (never copied); each further level halves the previous one
with ``cv2.INTER_AREA`` and stays in the scan's own dtype, so the levels together cost about
1/3 of the scan. Display mapping (embedded ICC profile → sRGB, 16-bit → 8-bit window) is applied
per 512 px tile when the tile is made, never to the whole image.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np

from conservator.imaging.icc import to_srgb
from conservator.model.image import ScanImage

TILE = 512


@dataclass(frozen=True)
class DisplayMapping:
    """How stored samples become 8-bit display values: a linear window ``lo..hi``."""

    lo: int = 0
    hi: int = 65535

    def lut16(self) -> np.ndarray:
        """A 65536-entry uint8 look-up table for 16-bit samples."""
        x = np.arange(65536, dtype=np.float32)
        span = max(1, self.hi - self.lo)
        return np.clip((x - self.lo) * (255.0 / span) + 0.5, 0, 255).astype(np.uint8)

    @classmethod
    def auto(cls, sample: np.ndarray, pct: float = 0.1) -> DisplayMapping:
        """A contrast stretch from the ``pct`` / ``100 - pct`` percentiles of ``sample``."""
        lo, hi = np.percentile(sample, [pct, 100 - pct])
        return cls(int(lo), int(max(hi, lo + 1)))


def build_levels(pixels: np.ndarray, tile: int = TILE, cancelled=None) -> list[np.ndarray]:
    """Area-averaged half-size levels of ``pixels`` down to one tile (level 0 is ``pixels``)."""
    levels = [pixels]
    while max(levels[-1].shape[:2]) > tile:
        if cancelled is not None and cancelled():
            break
        levels.append(halve(levels[-1]))
    return levels


def preview_level(pixels: np.ndarray, max_side: int = 1024) -> np.ndarray:
    """A quick stand-in for the coarse levels, made while the real pyramid is built.

    Area-averages a strided subsample (about ``max_side`` on the long side), so it
    reads a small fraction of a 100 MP scan; it is replaced by the exact levels within a second.
    """
    h, w = pixels.shape[:2]
    step = max(1, max(h, w) // max_side)
    sub = pixels[::step, ::step]
    sh, sw = sub.shape[:2]
    f = max_side / max(sh, sw)
    if f >= 1:
        return np.ascontiguousarray(sub)
    return cv2.resize(
        sub, (max(1, round(sw * f)), max(1, round(sh * f))), interpolation=cv2.INTER_AREA
    )


def halve(img: np.ndarray) -> np.ndarray:
    """Half size by 2×2 area averaging; an odd last row/column is averaged on its own.

    OpenCV's exact-2× ``INTER_AREA`` path is several times faster than its general one, so the
    even part goes through it and the odd edge is added separately.
    """
    h, w = img.shape[:2]
    h2, w2 = h // 2, w // 2
    oh, ow = (h + 1) // 2, (w + 1) // 2
    if (oh, ow) == (h2, w2):
        return cv2.resize(img, (w2, h2), interpolation=cv2.INTER_AREA)
    out = np.empty((oh, ow) + img.shape[2:], img.dtype)
    if h2 and w2:
        out[:h2, :w2] = cv2.resize(img[: 2 * h2, : 2 * w2], (w2, h2), interpolation=cv2.INTER_AREA)
    if ow > w2 and h2:  # last column: average vertical pairs
        col = img[: 2 * h2, w - 1 :]
        out[:h2, w2:] = cv2.resize(col, (1, h2), interpolation=cv2.INTER_AREA).reshape(
            out[:h2, w2:].shape
        )
    if oh > h2:  # last row: average horizontal pairs
        row = img[h - 1 :, : 2 * w2]
        if w2:
            out[h2:, :w2] = cv2.resize(row, (w2, 1), interpolation=cv2.INTER_AREA).reshape(
                out[h2:, :w2].shape
            )
        out[h2:, w2:] = img[h - 1 :, w - 1 :] if ow > w2 else out[h2:, w2:]
    return out


class TileSource:
    """Makes display tiles (BGRA uint8 arrays) from the pyramid of one scan."""

    def __init__(
        self,
        scan: ScanImage,
        levels: list[np.ndarray],
        tile: int = TILE,
        mapping: DisplayMapping | None = None,
        final: bool = True,
    ):
        self.scan = scan
        self.levels = levels
        self.tile = tile
        self.width = scan.width
        self.height = scan.height
        self.final = final  # False: a quick preview stands in for the coarse levels
        self.mapping = DisplayMapping()
        self._lut = self.mapping.lut16() if levels[0].dtype == np.uint16 else None
        self.icc_ok = True
        self._needs_icc: bool | None = None
        self._pixel_cache: dict[tuple, np.ndarray] = {}
        if mapping is not None:
            self.set_mapping(mapping)

    @property
    def nlevels(self) -> int:
        return len(self.levels)

    def set_mapping(self, mapping: DisplayMapping) -> None:
        self.mapping = mapping
        if self.levels[0].dtype == np.uint16:
            self._lut = mapping.lut16()

    def auto_mapping(self) -> DisplayMapping:
        """The contrast stretch measured on the coarsest level."""
        return DisplayMapping.auto(self.levels[-1])

    def grid(self, level: int) -> tuple[int, int]:
        """Number of tile columns and rows at ``level``."""
        h, w = self.levels[level].shape[:2]
        return (w + self.tile - 1) // self.tile, (h + self.tile - 1) // self.tile

    def scene_rect(self, level: int, tx: int, ty: int) -> tuple[float, float, float, float]:
        """The rectangle a tile covers, in level-0 pixels (x, y, w, h)."""
        lv = self.levels[level]
        h, w = lv.shape[:2]
        x0, y0 = tx * self.tile, ty * self.tile
        x1, y1 = min(w, x0 + self.tile), min(h, y0 + self.tile)
        sx, sy = self.width / w, self.height / h
        return x0 * sx, y0 * sy, (x1 - x0) * sx, (y1 - y0) * sy

    def make_tile(self, level: int, tx: int, ty: int) -> np.ndarray:
        """The display tile: BGRA uint8, C-contiguous (Qt's ``Format_RGB32`` byte order)."""
        lv = self.levels[level]
        t = self.tile
        block = lv[ty * t : (ty + 1) * t, tx * t : (tx + 1) * t]
        return self.to_display(block)

    def needs_icc(self) -> bool:
        """Whether the embedded profile changes colours at all (measured once, on a grid).

        Most scans embed an sRGB profile; passing every tile through LittleCMS for nothing
        costs about 20 ms per 512 px tile, so a profile whose conversion of a 17-level colour
        grid moves no value by more than 1/255 of full scale is skipped for display.
        """
        if self._needs_icc is None:
            top = 65535 if self.levels[0].dtype == np.uint16 else 255
            steps = np.linspace(0, top, 17).round().astype(self.levels[0].dtype)
            if self.levels[0].ndim == 2:
                grid = steps.reshape(1, -1)
            else:
                grid = np.stack(np.meshgrid(steps, steps, steps, indexing="ij"), -1).reshape(
                    1, -1, 3
                )
            try:
                out, _ = to_srgb(replace(self.scan, pixels=np.ascontiguousarray(grid), alpha=None))
                diff = np.abs(out.astype(np.int64) - grid.astype(np.int64)).max()
                self._needs_icc = bool(diff > top / 255.0)
            except Exception:
                self._needs_icc = True  # let to_display try, and fall back on failure
        return self._needs_icc

    def to_display(self, block: np.ndarray) -> np.ndarray:
        """Map stored samples to 8-bit sRGB, BGRA order."""
        block = np.ascontiguousarray(block)
        if self.scan.icc_profile and self.icc_ok and self.needs_icc():
            try:
                block, _ = to_srgb(replace(self.scan, pixels=block, alpha=None))
            except Exception:
                self.icc_ok = False  # shown as sRGB; the loader already warned
        if block.dtype == np.uint16:
            block = self._lut[block]
        elif self.mapping != DisplayMapping() and block.dtype == np.uint8:
            lut8 = self.mapping.lut16()[np.arange(256, dtype=np.uint16) * 257]
            block = lut8[block]
        if block.ndim == 2:
            return cv2.cvtColor(block, cv2.COLOR_GRAY2BGRA)
        return cv2.cvtColor(block, cv2.COLOR_RGB2BGRA)

    def pixel_srgb(self, x: int, y: int) -> np.ndarray | None:
        """The colour-managed sRGB value of one level-0 pixel, as floats 0..1 (R, G, B)."""
        if not (0 <= x < self.width and 0 <= y < self.height):
            return None
        px = np.ascontiguousarray(self.levels[0][y : y + 1, x : x + 1])
        scale = 65535.0 if px.dtype == np.uint16 else 255.0
        if self.scan.icc_profile and self.icc_ok and self.needs_icc():
            key = tuple(px.reshape(-1).tolist())
            cached = self._pixel_cache.get(key)
            if cached is None:  # a LittleCMS transform costs ~20 ms: once per colour
                try:
                    cached, _ = to_srgb(replace(self.scan, pixels=px, alpha=None))
                except Exception:
                    cached = px
                if len(self._pixel_cache) > 4096:
                    self._pixel_cache.clear()
                self._pixel_cache[key] = cached
            px = cached
        v = px.reshape(-1).astype(np.float32) / scale
        return np.repeat(v, 3) if v.size == 1 else v[:3]
