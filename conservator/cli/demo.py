"""``conservator demo``: synthetic scans with exact damage masks (the project's ground truth)."""

from __future__ import annotations

import argparse
import sys
import time


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _seed(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"the seed must be a whole number, not {value!r}"
        ) from None
    if n < 0:
        raise argparse.ArgumentTypeError("the seed must be 0 or more")
    return n


def _damage(value: str) -> str:
    from conservator.demo import parse_damage
    from conservator.errors import ConservatorError

    if value.strip().lower() == "mixed":
        return "mixed"
    try:
        parse_damage(value)
    except ConservatorError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def register(sub) -> None:
    """Add ``demo`` to the parser."""
    from conservator.demo.palette import BOARDS, PAPERS

    p = sub.add_parser(
        "demo",
        help="write synthetic damaged-paper scans with exact ground-truth masks",
        description="Write synthetic scans of a paper leaf on a backing board, with text in "
        "Latin, Russian, Kazakh and Persian, distractors (red heading, bold line, sepia "
        "illustration) and damage (foxing, losses, tears, fading). Beside each page-NNN image: "
        "page-NNN.mask-<class>.png (0/255, full size) for foxing, loss, tear, fading and leaf, "
        "page-NNN.json (instances, bbox, sizes), and manifest.json. Seeded and reproducible.",
    )
    p.add_argument("outdir", metavar="OUTDIR", help="folder to write into (created if missing)")
    p.add_argument("--count", type=_positive_int, default=4, metavar="N", help="pages (default 4)")
    p.add_argument("--seed", type=_seed, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument(
        "--ppi", type=int, choices=(300, 400, 600), default=300, help="resolution (default 300)"
    )
    p.add_argument(
        "--size", choices=("a4", "a3"), default="a4", help="scanner bed size (default a4)"
    )
    p.add_argument(
        "--format",
        dest="fmt",
        choices=("tif", "png", "jpg"),
        default="tif",
        help="image format (default tif: LZW TIFF)",
    )
    p.add_argument(
        "--bits",
        type=int,
        choices=(8, 16),
        default=8,
        help="bits per sample of tif/png (default 8; 16 = the 8-bit values × 257)",
    )
    p.add_argument(
        "--damage",
        type=_damage,
        default="all",
        metavar="LIST",
        help="comma list of foxing,loss,tear,fading; 'all' (default), 'none' for undamaged pages, "
        "or 'mixed' (page 1 all, then each class alone, pairs and undamaged pages)",
    )
    p.add_argument(
        "--paper", choices=tuple(PAPERS), default=None, help="paper tone (default: from seed)"
    )
    p.add_argument(
        "--board", choices=tuple(BOARDS), default=None, help="backing board (default: from seed)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    # tests only: scale the resolution down to make small pages quickly (not in --help)
    p.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_demo)


def cmd_demo(args) -> int:
    from conservator.cli.common import StderrProgress
    from conservator.demo import write_demo_set

    progress = StderrProgress("demo", enabled=not args.quiet and sys.stderr.isatty())
    t0 = time.monotonic()
    manifest = write_demo_set(
        args.outdir,
        count=args.count,
        seed=args.seed,
        ppi=args.ppi * args.scale if args.scale > 0 else args.ppi,
        size=args.size,
        fmt=args.fmt,
        bits=args.bits,
        damage=args.damage,
        paper=args.paper,
        board=args.board,
        progress=progress,
    )
    for page in manifest["pages"]:
        t = page["totals"]
        dmg = ", ".join(
            f"{c} {t[c]['count']}" for c in ("foxing", "loss", "tear", "fading") if t[c]["count"]
        )
        print(
            f"{args.outdir}/{page['image']}  {page['width']}×{page['height']} px  "
            f"{page['paper']} paper on {page['board']} board  [{dmg or 'undamaged'}]"
        )
    print(
        f"wrote {len(manifest['pages'])} page(s) and manifest.json in {time.monotonic() - t0:.1f} s"
    )
    return 0
