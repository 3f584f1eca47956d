"""``conservator info`` and ``conservator convert``."""

from __future__ import annotations

import argparse

from conservator.cli.common import dump_json
from conservator.errors import ConservatorError


def page_arg(value: str) -> int:
    """``--page N`` is 1-based for people; the library counts from 0."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid page number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("pages are numbered from 1")
    return n - 1


def dpi_arg(value: str) -> float:
    """``--dpi N``: a resolution the user supplies for a scan that does not carry one."""
    try:
        v = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid resolution: {value!r}") from None
    if not 10 <= v <= 20000:
        raise argparse.ArgumentTypeError("the resolution must be between 10 and 20000 ppi")
    return v


def register(sub) -> None:
    p = sub.add_parser(
        "info",
        help="show a scan's size, bit depth, resolution, ICC profile, pages and SHA-256",
        description="Show what a scan file holds, read faithfully from its metadata.",
    )
    p.add_argument("scan", metavar="SCAN", help="TIFF, PNG, JPEG or JPEG 2000 file")
    p.add_argument(
        "--page", type=page_arg, default=0, metavar="N", help="page of a multi-page TIFF (from 1)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser(
        "convert",
        help="write the colour-managed sRGB working copy of a scan (PNG or TIFF)",
        description="Convert a scan through its embedded ICC profile to an sRGB access copy. "
        "16-bit sources stay 16-bit; the resolution and an sRGB profile are embedded.",
    )
    p.add_argument("scan", metavar="SCAN")
    p.add_argument("out", metavar="OUT", help="output file, .png or .tif/.tiff")
    p.add_argument(
        "--page", type=page_arg, default=0, metavar="N", help="page of a multi-page TIFF (from 1)"
    )
    p.set_defaults(func=cmd_convert)


def cmd_info(args) -> int:
    from conservator.imaging.load import read_header

    scan = read_header(args.scan, page=args.page)  # headers only: no pixel is decoded
    info = scan.info()
    if args.json:
        dump_json(info)
        return 0
    dpi = f"{info['dpi'][0]:g} × {info['dpi'][1]:g} ppi" if info["dpi"] else "none recorded"
    rows = [
        ("file", info["path"]),
        ("format", f"{info['format']} ({info['compression'] or 'uncompressed'})"),
        ("page", f"{info['page'] + 1} of {info['pages']}"),
        (
            "size",
            f"{info['width']} × {info['height']} px ({info['width'] * info['height'] / 1e6:.1f} MP)",
        ),
        ("channels", f"{info['channels']} ({info['colour_space']})"),
        ("bit depth", f"{info['bit_depth']}-bit"),
        ("resolution", dpi),
    ]
    if scan.dpi:
        mm = (scan.width / scan.dpi[0] * 25.4, scan.height / scan.dpi[1] * 25.4)
        rows.append(("physical size", f"{mm[0]:.1f} × {mm[1]:.1f} mm"))
    rows += [("ICC profile", info["icc_profile"] or "none"), ("SHA-256", info["sha256"])]
    for k, v in rows:
        print(f"{k:>14}: {v}")
    for w in scan.warnings:
        print(f"{'warning':>14}: {w}")
    return 0


def cmd_convert(args) -> int:
    from conservator.imaging.icc import write_working_copy
    from conservator.imaging.load import load_scan

    scan = load_scan(args.scan, page=args.page)
    try:
        notes = write_working_copy(scan, args.out)
    except ConservatorError:
        raise
    for n in notes:
        print(n)
    print(f"wrote {args.out}")
    return 0
