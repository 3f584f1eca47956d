"""``conservator analyze``: detect and measure damage (every registered class) on a scan."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from conservator.cli.common import StderrProgress, dump_json
from conservator.cli.scan import dpi_arg, page_arg
from conservator.errors import ConservatorError


def _class_names() -> tuple[str, ...]:
    from conservator.detect.registry import class_names

    return class_names()


def register(sub) -> None:
    """Add ``analyze`` to the parser."""
    p = sub.add_parser(
        "analyze",
        help="detect and measure foxing, stains, losses, tears and fading on a scan",
        description="Detect damage on a scan and measure it in mm² and % of the leaf. "
        "Prints a summary; --json writes every measurement and instance.",
    )
    p.add_argument(
        "scan",
        metavar="SCAN",
        help="TIFF, PNG, JPEG or JPEG 2000 file, or a folder of them (then --json names an "
        "output folder: one JSON per page and summary.json)",
    )
    p.add_argument(
        "--page", type=page_arg, default=0, metavar="N", help="page of a multi-page TIFF (from 1)"
    )
    p.add_argument(
        "--dpi",
        type=dpi_arg,
        default=None,
        metavar="N",
        help="resolution in ppi (overrides the file)",
    )
    detectors = p.add_argument(
        "--detectors",
        default=None,
        metavar="LIST",
        help="comma-separated damage classes (default all)",
    )
    p.add_argument(
        "--preset",
        default=None,
        type=_preset_arg,  # checked when parsing: importing the presets loads the pipeline
        metavar="{sensitive,balanced,conservative}",
        help="how the detectors err: sensitive (report more), balanced (the defaults), "
        "conservative (report less)",
    )
    plain_help = p.format_help

    def format_help() -> str:
        # the registered classes, named only when help is shown: listing them imports every
        # detector (OpenCV, NumPy), which the other commands should not wait for
        detectors.help = f"comma-separated: {','.join(_class_names())} (default all)"
        return plain_help()

    p.format_help = format_help
    p.add_argument(
        "--json", metavar="FILE", default=None, help="write the results as JSON ('-' = stdout)"
    )
    p.add_argument(
        "--masks", metavar="DIR", default=None, help="write <class>.png masks (0/255, scan size)"
    )
    p.add_argument(
        "--overlay", metavar="FILE.png", default=None, help="write a reduced preview with outlines"
    )
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_analyze)


def cmd_analyze(args) -> int:
    from conservator.heap import tame_malloc
    from conservator.imaging.load import load_scan
    from conservator.parallel import background

    if Path(args.scan).is_dir():
        from conservator.cli.analyze_folder import analyze_folder

        return analyze_folder(args)
    tame_malloc()  # before the thread below: it would keep an arena of its own
    # the detectors (OpenCV and every detector module, about 0.2 s) are imported while the scan
    # decodes; a list given with --detectors is checked first, before any waiting
    imported = None
    if args.detectors is not None:
        names = _detectors(args.detectors)
    else:
        imported = background(lambda: _detectors(None))
    if args.overlay and not args.overlay.lower().endswith(".png"):
        raise ConservatorError("the overlay must be a .png file", args.overlay)
    for target in (args.json, args.overlay):
        if target and target != "-":
            parent = Path(target).resolve().parent
            if not parent.is_dir():
                raise ConservatorError("the output folder does not exist", parent)
    scan = load_scan(args.scan, page=args.page)
    if imported is not None:
        names = imported.result()
    from conservator.analysis.pipeline import analyze_scan

    _check_outputs(args, names)  # before the analysis: a refused output costs no waiting
    if args.dpi:
        scan = scan.with_dpi(args.dpi)
    big = scan.width * scan.height > 8_000_000
    progress = StderrProgress("analyze", enabled=not args.quiet and (big or sys.stderr.isatty()))
    result = analyze_scan(scan, detectors=names, params=preset_params(args), progress=progress)
    if args.masks:
        write_masks(result, args.masks)
    if args.overlay:
        write_overlay(scan, result, args.overlay)
    if args.json:
        dump_json(result.to_dict(), args.json)
    if args.json != "-":
        _summary(result)
    return 0


def _detectors(listed: str | None) -> list[str]:
    """The classes to run (``--detectors``, checked), with every detector imported."""
    from conservator.analysis.pipeline import parse_detectors

    return parse_detectors(listed)


def _preset_arg(value: str) -> str:
    import argparse

    from conservator.analysis.presets import PRESETS

    if value not in PRESETS:
        raise argparse.ArgumentTypeError(
            f"invalid choice: {value!r} (choose from {', '.join(PRESETS)})"
        )
    return value


def preset_params(args) -> dict | None:
    """The detector parameters of ``--preset`` (None: the defaults)."""
    from conservator.analysis.presets import preset_overrides

    preset = getattr(args, "preset", None)
    return preset_overrides(preset) or None if preset else None


def _check_outputs(args, names) -> None:
    from conservator.outputs import check_target

    for target in (args.json, args.overlay):
        if target and target != "-":
            check_target(target)
    if args.masks:
        for name in names:
            check_target(Path(args.masks) / f"{name}.png")


def write_masks(result, folder: str | os.PathLike[str]) -> list[Path]:
    """Write ``<class>.png`` (0/255, single channel, scan size) for every class analysed."""
    from conservator.analysis.pipeline import mask_png

    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConservatorError(f"cannot create the mask folder: {exc.strerror}", folder) from None
    out = []
    for name in result.detectors:
        data = mask_png(result.masks[name])
        path = folder / f"{name}.png"
        _write_bytes_atomic(path, data)
        out.append(path)
    return out


def _write_bytes_atomic(path: Path, data: bytes) -> None:
    from conservator.outputs import write_bytes

    write_bytes(path, data)


def render_overlay(scan, result, max_side: int = 2000):
    """A reduced RGB preview of the scan with coloured outlines per class and a legend."""
    import cv2
    import numpy as np

    from conservator.detect.frontend import resize_area, to_rgb8
    from conservator.imaging.icc import to_srgb

    try:
        src, _ = to_srgb(scan)
    except ConservatorError:
        src = scan.pixels
    h, w = src.shape[:2]
    f = max(1.0, max(h, w) / max_side)
    small = to_rgb8(resize_area(src, f)).copy()
    sh, sw = small.shape[:2]
    th = max(1, round(max(sh, sw) / 700))
    from conservator.detect.registry import colour_of, get

    for name in result.detectors:
        entry = get(name)
        src_mask = result.masks.source(name)
        m = np.zeros((sh, sw), np.uint8)
        if src_mask.low is not None:
            m |= cv2.resize(
                src_mask.low.astype(np.uint8), (sw, sh), interpolation=cv2.INTER_NEAREST
            )
        for y0, x0, p in src_mask.patches:
            ph, pw = p.shape
            a0, b0 = int(y0 / f), int(x0 / f)
            a1, b1 = max(a0 + 1, int((y0 + ph) / f)), max(b0 + 1, int((x0 + pw) / f))
            a1, b1 = min(a1, sh), min(b1, sw)
            if a1 > a0 and b1 > b0:
                r = cv2.resize(
                    p.astype(np.uint8) * 255, (b1 - b0, a1 - a0), interpolation=cv2.INTER_AREA
                )
                r = (r > 0).astype(np.uint8)
                if not r.any():  # a spot smaller than one preview pixel
                    r[r.shape[0] // 2, r.shape[1] // 2] = 1
                m[a0:a1, b0:b1] |= r
        if not m.any():
            continue
        cnts, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        extra = entry.outline_px if entry is not None else 0
        cv2.drawContours(small, cnts, -1, colour_of(name), th + extra)
    # colour charts and rulers set aside from the leaf: a grey box with a label
    font = cv2.FONT_HERSHEY_SIMPLEX
    for t in getattr(result, "targets", []):
        x, y, bw, bh = t["box"]
        p0, p1 = (int(x / f), int(y / f)), (int((x + bw) / f), int((y + bh) / f))
        cv2.rectangle(small, p0, p1, TARGET_COLOUR, th)
        fs = max(0.4, max(sh, sw) / 1600) * 0.45
        org = (p0[0] + 2 * th, max(p0[1] - 3 * th, int(14 * fs / 0.45)))
        cv2.putText(small, target_text(t), org, font, fs, TARGET_COLOUR, 1)
    # legend: one line per class, its count or why it was not measured
    lines = [(name, legend_text(name, det)) for name, det in result.detectors.items()]
    scale = max(0.4, max(sh, sw) / 1600)
    lh = int(22 * scale)
    box_h = lh * (len(lines) + 1)
    box_w = max(
        [int(260 * scale)]
        + [int(34 * scale) + cv2.getTextSize(t, font, 0.5 * scale, 1)[0][0] for _, t in lines]
    )
    cv2.rectangle(small, (0, 0), (min(box_w, sw - 1), box_h), (255, 255, 255), -1)
    for i, (name, text) in enumerate(lines):
        y = lh * (i + 1)
        cv2.rectangle(
            small, (int(6 * scale), y - int(12 * scale)), (int(20 * scale), y), colour_of(name), -1
        )
        cv2.putText(small, text, (int(28 * scale), y), font, 0.5 * scale, (0, 0, 0), 1)
    return small


#: Outline colour of colour charts and rulers in the overlay (not a damage class's colour).
TARGET_COLOUR = (150, 150, 150)


def target_text(t: dict) -> str:
    """``"colour chart"``, ``"ruler 1 mm, 200 ppi (file 215)"`` ... ASCII only."""
    if t["kind"] != "scale":
        return "colour chart"
    if t.get("implied_ppi") is None:
        return f"ruler, ticks {t['tick_pitch_px']:.2f} px apart"
    unit = t["tick_unit"]
    pitch = f"{t['tick_pitch']:g} {unit}" if unit == "mm" else f"1/{1 / t['tick_pitch']:.0f} in"
    text = f"ruler {pitch}, {t['implied_ppi']:.0f} ppi"
    return text if t.get("ppi_agrees") else text + " (not the file's)"


def legend_text(name: str, det) -> str:
    """``"loss: 3"``, ``"loss: not measured (no backing board visible)"``, or with
    ``(luminance only)`` when measured from luminance alone. ASCII only (OpenCV's font)."""
    if det.status != "measured":
        return f"{name}: not measured ({det.reason})"
    text = f"{name}: {det.measurements.get('count', 0)}"
    return f"{text} ({det.method})" if det.method else text


def write_overlay(scan, result, path: str | os.PathLike[str]) -> None:
    """Write :func:`render_overlay` as PNG, atomically."""
    import cv2

    img = render_overlay(scan, result)
    ok, buf = cv2.imencode(".png", cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
    if not ok:
        raise ConservatorError("PNG encoding of the overlay failed", path)
    _write_bytes_atomic(Path(path), buf.tobytes())


def _summary(result) -> None:
    mm = result.units == "mm"
    leaf = result.leaf
    area = f"{leaf['area_mm2']:.0f} mm²" if mm and leaf.get("area_mm2") else f"{leaf['area_px']} px"
    print(f"leaf: {area}")
    from conservator.detect.registry import get

    for name, det in result.detectors.items():
        m = det.measurements
        if det.status != "measured":
            print(f"{name:>7}: not measured: {det.reason}")
            continue
        size = (
            f"{m['area_mm2']:.2f} mm²"
            if mm and m.get("area_mm2") is not None
            else f"{m['area_px']} px"
        )
        entry = get(name)
        extra = entry.summary(m) if entry is not None and entry.summary else ""
        if det.method:
            extra += f" [{det.method}]"
        print(f"{name:>7}: {m['count']} found, {size} ({m['area_pct']:.2f}% of the leaf){extra}")
    for t in getattr(result, "targets", []):
        x, y, bw, bh = t["box"]
        print(f"in frame: {target_text(t)} at x {x}, y {y} ({bw} x {bh} px), not leaf")
    for w in result.warnings:
        print(f"warning: {w}")
