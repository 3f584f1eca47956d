"""Pictures of a report: the damage map, detail crops and their scale bars.

The scan is loaded faithfully (``conservator.imaging.load_scan``), reduced to at most
``ppi`` pixels per printed inch, colour managed to sRGB and stored as JPEG; each damage class
mask becomes a semi-transparent fill plus an opaque outline in one lossless RGBA PNG drawn on
top. Physical scale comes only from the recorded ``px_per_mm``; without it no scale bar is
drawn and the figure says so.
"""

from __future__ import annotations

import dataclasses
import io
import math
import os

import cv2
import numpy as np
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from conservator.detect import registry
from conservator.errors import ConservatorError, ExportError
from conservator.report.text import TextStyle, Typesetter, draw_line

#: Colour per damage code: the registered classes' and the hand-marked ones', the same in the
#: app and the CLI overlay (Okabe–Ito based: distinguishable with colour-blindness).
CLASS_COLOURS = registry.colours()
#: Colours for codes nobody registered, in order of appearance.
EXTRA_COLOURS = [(160, 120, 0), (0, 0, 0), (200, 160, 220), (110, 150, 110), (70, 70, 140)]
#: Fill opacity per class (fading covers large areas: keep the paper readable under it).
FILL_ALPHA = {e.name: e.fill_alpha for e in registry.entries()}
DEFAULT_FILL_ALPHA = 0.38
#: Drawing order (later on top): large areas first, thin tears last.
LAYER_ORDER = registry.layer_order()

#: Masks that are not damage classes (the segmented leaf): never painted on the map.
NOT_DAMAGE = frozenset({"leaf", "paper", "background"})

MAP_PPI = 250
DETAIL_PPI = 300
JPEG_QUALITY = 85
NICE_MM = (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def parse_colour(value) -> tuple[int, int, int] | None:
    """``'#rrggbb'`` or an (r, g, b) sequence as a tuple, else ``None``."""
    if isinstance(value, str) and len(value) == 7 and value.startswith("#"):
        try:
            return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
        except ValueError:
            return None
    if isinstance(value, list | tuple) and len(value) == 3:
        try:
            return tuple(int(v) for v in value)  # type: ignore[return-value]
        except (TypeError, ValueError):
            return None
    return None


def class_colours(codes, vocab: dict | None) -> dict[str, tuple[int, int, int]]:
    """One colour per damage code: the vocabulary's ``colour`` when set, else the palette.

    The one place the report picks a class's colour (map, legend, measurement and
    observation swatches all use it).
    """
    vocab_damage = (vocab or {}).get("damage") or {}
    out: dict[str, tuple[int, int, int]] = {}
    extra = iter(EXTRA_COLOURS * 10)
    for code in codes:
        if code in out:
            continue
        entry = vocab_damage.get(code)
        colour = parse_colour(entry.get("colour")) if isinstance(entry, dict) else None
        out[code] = colour or CLASS_COLOURS.get(code) or next(extra)
    return out


@dataclasses.dataclass
class Picture:
    """A picture for the PDF: the scan as JPEG plus an optional lossless RGBA overlay."""

    jpeg: bytes
    overlay: Image.Image | None
    px_size: tuple[int, int]  # (w, h) of the encoded images
    box: tuple[int, int, int, int]  # region of the scan shown, (x, y, w, h) scan px


def _decode_mask(path) -> np.ndarray:
    """Read an 8-bit mask PNG, or raise :class:`ExportError`."""
    if not path or not os.path.exists(path):
        raise ExportError("a damage mask of this check is missing", path)
    mask = cv2.imread(os.fspath(path), cv2.IMREAD_GRAYSCALE)
    if mask is None:
        raise ExportError("a damage mask of this check cannot be read", path)
    return mask


class ScanSource:
    """The scan and its masks at full resolution, for cutting the map and the details.

    Parameters
    ----------
    path : str
        The scan file recorded for the check.
    mask_paths : dict
        ``{damage_code: path to 8-bit PNG mask}``.
    expected_sha256 : str, optional
        The hash recorded with the capture; a different file is refused.
    findings : list of dict, optional
        The findings to paint (``report_data()["observations"]`` that count, see
        :func:`conservator.storage.summary.counts`): when given, the map shows exactly their
        geometry (:func:`finding_layers`) and ``mask_paths`` is not read.
    """

    def __init__(
        self,
        path,
        mask_paths: dict,
        expected_sha256: str | None = None,
        *,
        findings: list[dict] | None = None,
    ):
        from concurrent.futures import ThreadPoolExecutor

        from conservator.imaging.load import load_scan

        wanted = {str(c): p for c, p in (mask_paths or {}).items() if str(c) not in NOT_DAMAGE}
        if findings is not None:
            wanted = {}
        # the decoders release the GIL: read the scan and the masks side by side
        with ThreadPoolExecutor(max_workers=min(4, (os.cpu_count() or 1))) as pool:
            scan_job = pool.submit(load_scan, path)
            mask_jobs = {code: pool.submit(_decode_mask, p) for code, p in wanted.items()}
            try:
                self.scan = scan_job.result()
            except ConservatorError as exc:
                raise ExportError(f"the scan of this check cannot be read: {exc}", path) from None
            decoded = {code: (job.result(), wanted[code]) for code, job in mask_jobs.items()}
        if expected_sha256 and self.scan.sha256 != expected_sha256:
            raise ExportError(
                "the scan file has changed since it was recorded (SHA-256 differs); "
                "restore the original file or record a new capture",
                path,
            )
        self.height, self.width = self.scan.pixels.shape[:2]
        self.masks: dict[str, np.ndarray] = {
            code: self._check_mask(mask, mpath) for code, (mask, mpath) in decoded.items()
        }
        if findings is not None:
            self.masks = finding_layers(findings, self.width, self.height)

    def _check_mask(self, mask: np.ndarray, path) -> np.ndarray:
        mh, mw = mask.shape
        if abs(mw / self.width - mh / self.height) > 0.02 * max(mw / self.width, 1e-9):
            raise ExportError(
                f"a damage mask ({mw} × {mh} px) does not match the scan "
                f"({self.width} × {self.height} px)",
                path,
            )
        return mask

    def picture(self, box, out_w: int, out_h: int, colours: dict, *, outline_px: int = 1):
        """Cut ``box`` (x, y, w, h scan px), scale to ``out_w × out_h`` and encode it."""
        x, y, w, h = (int(v) for v in box)
        pix = self.scan.pixels[y : y + h, x : x + w]
        small = _resize(pix, out_w, out_h)
        rgb = _to_rgb8(self.scan, small)
        ok, jpeg = cv2.imencode(
            ".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY]
        )
        if not ok:
            raise ExportError("the scan could not be encoded as JPEG for the report")
        overlay = self._overlay(box, out_w, out_h, colours, outline_px)
        return Picture(jpeg.tobytes(), overlay, (out_w, out_h), (x, y, w, h))

    def _overlay(self, box, out_w, out_h, colours, outline_px) -> Image.Image | None:
        if not self.masks:
            return None
        x, y, w, h = box
        # painted in layer order, later classes over earlier ones: a map, not a photograph
        rgba = np.zeros((out_h, out_w, 4), np.uint8)
        order = sorted(self.masks, key=lambda c: LAYER_ORDER.index(c) if c in LAYER_ORDER else -1)
        kernel = np.ones((2 * outline_px + 1, 2 * outline_px + 1), np.uint8)
        for code in order:
            mask = self.masks[code]
            sy, sx = mask.shape[0] / self.height, mask.shape[1] / self.width
            part = mask[
                int(y * sy) : int(math.ceil((y + h) * sy)),
                int(x * sx) : int(math.ceil((x + w) * sx)),
            ]
            if part.size == 0 or not part.any():
                continue
            cover = cv2.resize(part, (out_w, out_h), interpolation=cv2.INTER_AREA)
            inside = (cover > 40).astype(np.uint8)  # spots below one output pixel stay visible
            if not inside.any():
                continue
            edge = (inside - cv2.erode(inside, kernel)).astype(bool)
            fill = inside.astype(bool) & ~edge
            colour = colours.get(code, (128, 128, 128))
            fill_a = round(255 * FILL_ALPHA.get(code, DEFAULT_FILL_ALPHA))
            rgba[fill] = (*colour, fill_a)
            rgba[edge] = (*colour, 255)
        if not rgba[..., 3].any():
            return None
        # handed to reportlab as pixels (no PNG round trip): stored Flate-compressed, lossless,
        # with the alpha channel as a soft mask
        return Image.fromarray(rgba, "RGBA")

    def components(self, code: str, limit: int = 3) -> list[dict]:
        """The largest connected regions of one mask: ``[{bbox, area_px}]`` in scan px."""
        mask = self.masks.get(code)
        if mask is None:
            return []
        step = max(1, int(max(mask.shape) // 2000))
        small = mask[::step, ::step] > 127
        n, _lab, stats, _c = cv2.connectedComponentsWithStats(
            small.astype(np.uint8), connectivity=8
        )
        sx, sy = self.width / mask.shape[1], self.height / mask.shape[0]
        found = []
        for i in range(1, n):
            x, y, w, h, area = stats[i]
            found.append(
                {
                    "bbox": [
                        int(x * step * sx),
                        int(y * step * sy),
                        int(w * step * sx) or 1,
                        int(h * step * sy) or 1,
                    ],
                    "area_px": int(area * step * step * sx * sy),
                }
            )
        found.sort(key=lambda r: -r["area_px"])
        return found[:limit]


def finding_layers(findings: list[dict], width: int, height: int) -> dict[str, np.ndarray]:
    """One 8-bit layer (0/255, scan size) per damage class, painted from findings' geometry.

    A finding's geometry is its mask regions (a crop placed at its ``mask_offset``, or a
    full-size mask) when it has any, else its polygons (``points``) and rectangles
    (``bbox``). Regions drawn by hand are painted like detected ones.
    """
    layers: dict[str, np.ndarray] = {}
    for f in findings:
        code = f.get("damage_code")
        regions = [r for r in f.get("regions") or [] if isinstance(r, dict)]
        if not code or not regions:
            continue
        layer = layers.get(code)
        if layer is None:
            layer = layers[code] = np.zeros((height, width), np.uint8)
        masks = [r for r in regions if r.get("selector_type") == "mask" and r.get("mask_path")]
        for r in masks:
            m = _decode_mask(r["mask_path"])
            ox, oy = r.get("mask_offset") or (0, 0)
            ox, oy = int(ox), int(oy)
            if not r.get("mask_offset") and m.shape != (height, width):
                m = cv2.resize(m, (width, height), interpolation=cv2.INTER_NEAREST)
            h = max(0, min(m.shape[0], height - oy))
            w = max(0, min(m.shape[1], width - ox))
            np.maximum(
                layer[oy : oy + h, ox : ox + w], m[:h, :w], out=layer[oy : oy + h, ox : ox + w]
            )
        if masks:
            continue
        for r in regions:
            if r.get("points"):
                pts = np.round(np.asarray(r["points"], np.float64)).astype(np.int32)
                cv2.fillPoly(layer, [pts.reshape(-1, 1, 2)], 255)
            elif r.get("bbox") and len(r["bbox"]) == 4:
                x, y, w, h = (int(round(float(v))) for v in r["bbox"])
                layer[max(y, 0) : y + max(h, 1), max(x, 0) : x + max(w, 1)] = 255
    return {code: layer for code, layer in layers.items() if layer.any()}


def _resize(pix: np.ndarray, out_w: int, out_h: int) -> np.ndarray:
    h, w = pix.shape[:2]
    if (w, h) == (out_w, out_h):
        return np.ascontiguousarray(pix)
    interp = cv2.INTER_AREA if out_w < w else cv2.INTER_CUBIC
    return cv2.resize(np.ascontiguousarray(pix), (out_w, out_h), interpolation=interp)


def _to_rgb8(scan, pixels: np.ndarray) -> np.ndarray:
    """Colour-manage a (reduced) piece of the scan to 8-bit sRGB."""
    from conservator.imaging.icc import to_srgb

    part = dataclasses.replace(scan, pixels=pixels, alpha=None)
    try:
        srgb, _notes = to_srgb(part)
    except ConservatorError:
        srgb = pixels  # an unusable profile: show the numbers as sRGB rather than nothing
    if srgb.dtype == np.uint16:
        srgb = ((srgb.astype(np.uint32) + 128) // 257).astype(np.uint8)
    elif srgb.dtype != np.uint8:
        srgb = np.clip(srgb, 0, 255).astype(np.uint8)
    if srgb.ndim == 2:
        srgb = np.repeat(srgb[..., None], 3, axis=2)
    return np.ascontiguousarray(srgb[..., :3])


def fit(src_w: float, src_h: float, max_w: float, max_h: float) -> tuple[float, float]:
    """Largest (w, h) with the aspect of ``src`` inside ``max_w × max_h``."""
    scale = min(max_w / src_w, max_h / src_h)
    return src_w * scale, src_h * scale


def out_pixels(box_w: int, box_h: int, printed_w_pt: float, ppi: float) -> tuple[int, int]:
    """Pixel size for a region printed ``printed_w_pt`` wide: at most ``ppi``, never upsampled."""
    want_w = printed_w_pt / 72.0 * ppi
    scale = min(1.0, want_w / box_w)
    return max(1, round(box_w * scale)), max(1, round(box_h * scale))


def detail_box(bbox, width: int, height: int, px_per_mm: float | None) -> tuple[int, ...]:
    """A square window around ``bbox`` with context, inside the scan.

    At least 12 mm (160 px without resolution) so small spots show their surroundings, at most
    60 mm (a third of the short side without resolution) so large areas are shown in detail.
    """
    x, y, w, h = (float(v) for v in bbox)
    minimum = 12 * px_per_mm if px_per_mm else 160
    maximum = 60 * px_per_mm if px_per_mm else min(width, height) / 3
    side = max(min(max(w, h) * 1.5, maximum), minimum, 16)
    side = min(side, width, height)
    cx, cy = x + w / 2, y + h / 2
    x0 = int(round(min(max(cx - side / 2, 0), width - side)))
    y0 = int(round(min(max(cy - side / 2, 0), height - side)))
    return x0, y0, int(side), int(side)


def nice_length(max_mm: float) -> float | None:
    """The longest 'round' length (mm) not above ``max_mm``."""
    best = None
    for value in NICE_MM:
        if value <= max_mm:
            best = value
    return best


class ImageFigure(Flowable):
    """A picture with its overlay, numbered frames and a mm scale bar below it.

    Parameters
    ----------
    ts : Typesetter
    labels : conservator.report.i18n.Labels
    picture : Picture
    width, height : float
        Printed size of the picture in points (the scale bar row is added below).
    px_per_mm : float or None
        Scan resolution; ``None`` prints the "no scale" note instead of a bar.
    frames : list of (box, label)
        Rectangles in scan px to outline on the picture, with a short label.
    """

    BAR_ROW = 20.0

    def __init__(
        self,
        ts: Typesetter,
        labels,
        picture: Picture,
        width: float,
        height: float,
        px_per_mm: float | None,
        frames=(),
        alt: str | None = None,
    ):
        super().__init__()
        self.alt = alt  # alternative text of the tagged PDF's /Figure
        self.ts, self.labels, self.picture = ts, labels, picture
        self.pic_w, self.pic_h = width, height
        self.px_per_mm = px_per_mm
        self.frames = list(frames)
        self.width, self.height = width, height + self.BAR_ROW

    def wrap(self, availWidth, availHeight):  # noqa: N803
        self.avail = availWidth
        return availWidth, self.height

    def draw(self):
        from conservator.report import tagging

        tagging.begin(self.canv, "Figure", self.alt)
        self._draw()
        tagging.end(self.canv)

    def _draw(self):
        c = self.canv
        x0 = self.avail - self.pic_w if self.ts.rtl else 0.0
        y0 = self.BAR_ROW
        pic = self.picture
        c.drawImage(ImageReader(io.BytesIO(pic.jpeg)), x0, y0, self.pic_w, self.pic_h)
        if pic.overlay:
            c.drawImage(ImageReader(pic.overlay), x0, y0, self.pic_w, self.pic_h, mask="auto")
        c.saveState()
        c.setStrokeColor(colors.Color(0.3, 0.3, 0.3))
        c.setLineWidth(0.5)
        c.rect(x0, y0, self.pic_w, self.pic_h)
        bx, by, bw, bh = pic.box
        sx, sy = self.pic_w / bw, self.pic_h / bh
        for box, label in self.frames:
            fx, fy, fw, fh = box
            rx, ry = x0 + (fx - bx) * sx, y0 + self.pic_h - (fy - by + fh) * sy
            c.setStrokeColor(colors.white)
            c.setLineWidth(2.2)
            c.rect(rx, ry, fw * sx, fh * sy)
            c.setStrokeColor(colors.black)
            c.setLineWidth(1.0)
            c.rect(rx, ry, fw * sx, fh * sy)
            c.setFillColor(colors.black)
            c.rect(rx, ry + fh * sy - 10, 12, 10, stroke=0, fill=1)
            draw_line(
                c,
                self.ts,
                label,
                rx + 6,
                ry + fh * sy - 8,
                TextStyle(7, True, colors.white, align="center"),
                direction="L",
            )
        c.restoreState()
        self._scale_bar(x0, bw)

    def _scale_bar(self, x0: float, box_w_px: int) -> None:
        c = self.canv
        note = TextStyle(7.5, colour=colors.Color(0.25, 0.25, 0.25), align="start")
        anchor = x0 + self.pic_w if self.ts.rtl else x0
        if not self.px_per_mm:
            draw_line(c, self.ts, self.labels("no_scale"), anchor, 6, note, max_width=self.pic_w)
            return
        mm_per_pt = box_w_px / self.px_per_mm / self.pic_w
        length_mm = nice_length(self.pic_w * 0.4 * mm_per_pt)
        if not length_mm:
            return
        bar = length_mm / mm_per_pt
        left = anchor - bar if self.ts.rtl else anchor
        c.saveState()
        c.setLineWidth(0.5)
        c.setStrokeColor(colors.black)
        parts = 4
        for i in range(parts):
            c.setFillColor(colors.black if i % 2 == 0 else colors.white)
            c.rect(left + i * bar / parts, 8, bar / parts, 4, stroke=1, fill=1)
        c.restoreState()
        value = self.labels.number(length_mm, 1 if length_mm < 1 else 0)
        text = f"{value} {self.labels('unit_mm')}"
        # the length is written beside the bar, on the side the text reads towards
        style = TextStyle(7.5, colour=colors.black, align="start")
        x = left - 4 if self.ts.rtl else left + bar + 4
        draw_line(c, self.ts, text, x, 7, style)
