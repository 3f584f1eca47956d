"""``conservator analyze FOLDER``: every page of every scan in a folder, one JSON per page and
a summary.

The pages are found as a survey finds them (:func:`conservator.survey.source.read_frame`:
recursive, every page of a multi-page TIFF, demo masks skipped). With ``--json OUTDIR`` each
page's result (the same JSON as ``analyze SCAN --json``) is written to
``OUTDIR/<path below FOLDER without extension>[.pNNN].json`` and ``OUTDIR/summary.json`` lists
every page with its status and, per class, the pages affected and the mean % of the leaf. A
page that cannot be read is reported and skipped; the exit code is 1 when some page failed,
2 when all did.
"""

from __future__ import annotations

import sys
from pathlib import Path

from conservator.errors import ConservatorError


def analyze_folder(args) -> int:
    from conservator.analysis import analyze_scan
    from conservator.analysis.pipeline import parse_detectors
    from conservator.cli.analyze import preset_params
    from conservator.cli.common import dump_json
    from conservator.cli.pages import PageProgress
    from conservator.imaging.load import load_scan
    from conservator.survey.source import read_frame

    folder = Path(args.scan)
    names = parse_detectors(args.detectors)
    if args.overlay:
        raise ConservatorError("--overlay takes a single scan, not a folder", folder)
    if args.json == "-":
        raise ConservatorError("for a folder, --json names an output folder (not '-')", folder)
    if args.page:
        raise ConservatorError("--page takes a single scan, not a folder", folder)
    out_dir = Path(args.json) if args.json else None
    if out_dir is not None:
        _mkdir(out_dir)
    units = read_frame(folder)
    multi = {u.file for u in units if u.page > 0}
    progress = PageProgress("analyze", enabled=not args.quiet)
    pages, stats = [], {n: {"pages_affected": 0, "sum_pct": 0.0, "pages": 0} for n in names}
    for i, u in enumerate(units):
        stem = u.inventory_no + (f".p{u.page + 1:03d}" if u.file in multi else "")
        entry = {"file": u.file, "page": u.page + 1, "json": None, "status": "done", "error": None}
        try:
            scan = load_scan(u.file, page=u.page)
            if args.dpi:
                scan = scan.with_dpi(args.dpi)
            result = analyze_scan(scan, detectors=names, params=preset_params(args))
        except ConservatorError as exc:
            entry.update(status="failed", error=exc.one_line())
            print(f"error: {exc.one_line()}", file=sys.stderr)
            pages.append(entry)
            progress(i + 1, len(units), f"{stem}: failed")
            continue
        if out_dir is not None:
            target = out_dir / f"{stem}.json"
            _mkdir(target.parent)
            dump_json(result.to_dict(), str(target))
            entry["json"] = target.relative_to(out_dir).as_posix()
        if args.masks:
            from conservator.cli.analyze import write_masks

            write_masks(result, Path(args.masks) / stem)
        entry["classes"] = {}
        for n, det in result.detectors.items():
            m = det.measurements
            entry["classes"][n] = {"count": m.get("count", 0), "area_pct": m.get("area_pct", 0.0)}
            stats[n]["pages"] += 1
            if (m.get("area_px") or 0) > 0:
                stats[n]["pages_affected"] += 1
                stats[n]["sum_pct"] += float(m.get("area_pct") or 0.0)
        pages.append(entry)
        progress(i + 1, len(units), stem)
    progress.close()
    done = sum(1 for p in pages if p["status"] == "done")
    summary = {
        "folder": str(folder.resolve()),
        "pages": len(pages),
        "done": done,
        "failed": len(pages) - done,
        "detectors": names,
        "classes": {
            n: {
                "pages_affected": s["pages_affected"],
                "share_affected": round(s["pages_affected"] / s["pages"], 4)
                if s["pages"]
                else None,
                "mean_area_pct": round(s["sum_pct"] / s["pages"], 4) if s["pages"] else None,
            }
            for n, s in stats.items()
        },
        "items": pages,
    }
    if out_dir is not None:
        dump_json(summary, str(out_dir / "summary.json"))
    print(
        f"{done} of {len(pages)} pages analysed"
        + (f", {len(pages) - done} failed" if done < len(pages) else "")
    )
    for n, c in summary["classes"].items():
        if c["share_affected"] is not None:
            print(
                f"{n:>7}: on {c['pages_affected']} of {done} pages, "
                f"mean {c['mean_area_pct']:.2f}% of the leaf"
            )
    if done == 0:
        return 2
    return 1 if done < len(pages) else 0


def _mkdir(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConservatorError(f"cannot create the output folder: {exc.strerror}", path) from None
