"""The detectors on labelled real scans: recall of labelled damage, false detections, abstention.

Usage::

    PYTHONPATH=. python bench/real.py DIR [--labels FILE] [--only NAME ...]
                                          [--overlays OUTDIR] [--json OUT]

``DIR`` is a folder of scans with a ``labels.json`` (format in
``conservator/benchmark/labels.py``: per image ``ppi``, ``colour``, ``board_visible``, boxes
``[x, y, w, h]`` for ``foxing``, ``stains``, ``losses``, ``tears``, ``clean_paper``, ``notes``;
optional ``ignore`` and ``leaf`` boxes). Any lab can label its own scans and run this.

Labels: ``--labels FILE`` if given; else ``bench/real_labels.json`` (the project's corrected copy
of the development set's labels) when ``DIR`` holds exactly the images it labels; else
``DIR/labels.json``.

Every image is decoded and analysed like ``conservator analyze`` does (the labels' ``ppi`` is
passed as ``--dpi`` when the file has none, or a 72/96 ppi screen default). Scoring rules are in
``conservator/benchmark/scoring.py``: boxes grow by 0.5 mm; a detection touching any labelled
box is never false; false rates are per 100 cm² (or % of area) of the leaf outside all boxes,
pooled over the pages where the class was measured.

Prints one line per image, figures per image group (name prefix; colour / greyscale) and the
targets of issue 12. ``--overlays`` writes ``<image>.png`` per image (solid box = found, dashed
box = missed, filled outlines = detections); ``--json`` writes every figure.
Exit status 0 when every target is met, 1 when not, 2 on bad input.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import sys
from pathlib import Path

from conservator.benchmark.labels import choose_labels_file, labelled_images, read_labels
from conservator.benchmark.run import run_page
from conservator.benchmark.scoring import silent_on_greyscale
from conservator.benchmark.summary import check_targets, groups, summarise
from conservator.errors import ConservatorError

PLURAL = {"loss": "losses", "tear": "tears"}
REPO_LABELS = Path(__file__).resolve().parent / "real_labels.json"


def _selected(name: str, only: list[str] | None) -> bool:
    if not only:
        return True
    stem = Path(name).stem
    return any(
        name == o or stem == o or fnmatch.fnmatch(name, o) or fnmatch.fnmatch(stem, o) for o in only
    )


def _f(v, fmt="{:.2f}") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return fmt.format(v)


def page_line(rec: dict) -> str:
    c = rec["score"]["classes"]
    cm2 = rec["score"]["free_cm2"]
    parts = [
        f"{Path(rec['name']).stem:20s} {'C' if rec['colour'] else 'G'}"
        f"{'B' if rec['board_visible'] else '-'}{'c' if rec['clean_paper'] else ' '}"
        f" {rec['megapixels']:4.1f}MP {rec['seconds']:5.1f}s cpu {rec.get('cpu_seconds', 0):4.1f}s",
    ]
    for cls in ("foxing", "stain"):
        r = c[cls]
        if r["status"] != "measured":
            parts.append(f"{cls} {r['status'].replace('_', ' ')}")
            continue
        found = f"{r['found']}/{r['boxes']} found, " if r["boxes"] else ""
        if cls == "foxing":
            rate = 100.0 * r["false_count"] / cm2 if cm2 else math.nan
            parts.append(
                f"fox {found}{r['count']} spots, {r['false_count']} false ({_f(rate, '{:.0f}')}/100cm²)"
            )
        else:
            free = rec["score"]["free_px"]
            pct = 100.0 * r["false_px"] / free if free else math.nan
            parts.append(f"stain {found}{r['count']} det, false {_f(pct, '{:.2f}')}%")
    for cls in ("loss", "tear"):
        r = c[cls]
        if r["status"] != "measured":
            parts.append(f"{cls} not measured")
        elif r["count"] or r["boxes"]:
            found = f" ({r['found']}/{r['boxes']} found)" if r["boxes"] else ""
            bad = "  <-- no board" if not rec["board_visible"] and r["count"] else ""
            parts.append(f"{cls} {r['count']}, {r['area_mm2']:.0f} mm²{found}{bad}")
    if not rec["colour"]:
        says = [f"{k}:{_grey_word(r)}" for k, r in c.items() if r["status"] != "not_implemented"]
        parts.append("grey " + " ".join(says))
    return " | ".join(parts)


def _grey_word(r: dict) -> str:
    if silent_on_greyscale(r):
        return "silent"
    if r["status"] == "measured":
        return r["method"].replace(" ", "-")
    return "not-measured"


GROUP_HEAD = (
    f"{'group':10s} {'pages':>5s} {'fox recall':>14s} {'false/100cm²':>12s} {'clean':>7s}"
    f" {'stain recall':>14s} {'stain false%':>12s} {'L+T no-board':>14s} {'s/MP':>6s} {'cpu':>5s}"
)


def group_line(name: str, s: dict) -> str:
    fx, st = s["foxing"], s["stain"]
    nb = s["loss"]["noboard count"] + s["tear"]["noboard count"]
    nbp = s["loss"]["noboard pages"]
    rec = f"{_f(fx['recall'])} ({fx['found']}/{fx['boxes']})" if fx["boxes"] else "—"
    srec = (
        f"{_f(st['recall'])} ({st['found']}/{st['boxes']})"
        if st["implemented"] and st["boxes"]
        else ("n/impl" if not st["implemented"] else "—")
    )
    sfalse = _f(st["false area pct"], "{:.3f}") if st["implemented"] else "n/impl"
    return (
        f"{name:10s} {s['pages']:5d} {rec:>14s} {_f(fx['false per 100cm2'], '{:.1f}'):>12s}"
        f" {_f(fx['false per 100cm2 clean'], '{:.1f}'):>7s} {srec:>14s} {sfalse:>12s}"
        f" {(f'{nb} on {nbp} pp' if nbp else '—'):>14s} {_f(s['time']['s per MP']):>6s}"
        f" {_f(s['time']['cpu s per MP']):>5s}"
    )


def print_summary(s: dict, targets: list[dict]) -> None:
    fx, st = s["foxing"], s["stain"]
    print(f"\nsummary over {s['pages']} pages")
    print(
        f"  foxing: recall {_f(fx['recall'], '{:.3f}')} of {fx['boxes']} labelled spots;"
        f" {fx['false count']} false spots on {fx['free cm2']:.0f} cm² of unlabelled leaf ="
        f" {_f(fx['false per 100cm2'], '{:.1f}')} per 100 cm² ({fx['pages']} pages measured);"
        f" clean pages: {fx['false count clean']} on {fx['free cm2 clean']:.0f} cm² ="
        f" {_f(fx['false per 100cm2 clean'], '{:.1f}')} per 100 cm² ({fx['pages clean']} pages)"
    )
    print(
        f"    strict (a detection counts for a box only when half of it is inside; false when"
        f" half of it is outside every box): recall {_f(fx['recall strict'], '{:.3f}')};"
        f" false spots {_f(fx['false per 100cm2 strict'], '{:.1f}')} per 100 cm²,"
        f" clean pages {_f(fx['false per 100cm2 strict clean'], '{:.1f}')};"
        f" false foxing area {_f(fx['false area pct'], '{:.3f}')} % of the unlabelled leaf"
        f" (clean pages {_f(fx['false area pct clean'], '{:.3f}')} %)"
    )
    if st["implemented"]:
        print(
            f"  stain: recall {_f(st['recall'], '{:.3f}')} of {st['boxes']} labelled stains;"
            f" false stain area {_f(st['false area pct'], '{:.3f}')} % of unlabelled leaf;"
            f" clean pages {_f(st['false area pct clean'], '{:.3f}')} %"
        )
    else:
        print(f"  stain: not implemented ({st['boxes']} labelled stains, recall 0)")
    for cls in ("loss", "tear"):
        c = s[cls]
        print(
            f"  {cls}: on {c['noboard pages']} pages without a board: {c['noboard count']} measured,"
            f" {c['noboard area mm2']:.0f} mm², on {c['noboard pages with any']} pages;"
            f" not measured on {c['noboard pages not measured']};"
            f" recall of labelled {PLURAL[cls]} {_f(c['recall'], '{:.2f}')} ({c['found']}/{c['boxes']})"
        )
    g = s["greyscale"]
    print(f"  greyscale: {g['pages']} pages, {g['silent pages']} silent about at least one class")
    for cls, c in g["classes"].items():
        reasons = f" — {'; '.join(c['reasons'])}" if c["reasons"] else ""
        print(
            f"    {cls:7s} measured {c['measured']} ({', '.join(c['methods']) or '—'}),"
            f" measured without saying how {c['measured (silent)']},"
            f" not measured {c['not measured']},"
            f" not implemented {c['not implemented']}; {c['count']} found{reasons}"
        )
    t = s["time"]
    print(
        f"  time (load + analysis, wall clock): {_f(t['s per MP'])} s per megapixel"
        f" ({t['seconds']:.0f} s for {t['megapixels']:.0f} MP), worst {t['worst page']}"
        f" {_f(t['worst s per MP'])} s/MP"
    )
    print(
        f"  CPU time (all threads; steadier on a shared machine): {_f(t['cpu s per MP'])} s per"
        f" megapixel, worst {t['worst cpu page']} {_f(t['worst cpu s per MP'])} s/MP"
    )
    if t.get("leaf cm2"):
        print(
            f"  CPU time per leaf area: {_f(t['cpu s per 100cm2'])} s per 100 cm²"
            f" ({t['leaf cm2']:.0f} cm²), worst {t['worst cpu area page']}"
            f" {_f(t['worst cpu s per 100cm2'])} s per 100 cm² (compare bench/speed.py's figure"
            " for the 70 MP page)"
        )
    print("\ntargets (issue 12)")
    for t in targets:
        v = t["value"]
        val = _f(v, "{:.3f}") if isinstance(v, float) else str(v)
        print(
            f"  {t['metric']:48s} {val:>9s}  {t['op']} {t['target']:<5g} {'PASS' if t['met'] else 'FAIL'}"
        )


def in_frame_line(records: list[dict]) -> str:
    """Colour charts and rulers the analysis set aside from the leaf, with the pages (a page
    set without any shows false ones here)."""
    out = []
    for kind, word in (("scale", "rulers"), ("colour_chart", "colour charts")):
        pages = [
            r["name"] for r in records if any(t["kind"] == kind for t in r.get("in_frame", []))
        ]
        n = sum(t["kind"] == kind for r in records for t in r.get("in_frame", []))
        out.append(f"{n} {word}" + (f" on {', '.join(pages)}" if pages else ""))
    return "  in the frame (left out of the leaf): " + "; ".join(out)


def _clean_json(obj):
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _clean_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_clean_json(v) for v in obj]
    return obj


def warm_up() -> None:
    """Analyse a small blank page once, so the first image's time holds no module imports."""
    import numpy as np

    from conservator.analysis import analyze_scan
    from conservator.model.image import ScanImage

    px = np.full((256, 256, 3), 220, np.uint8)
    scan = ScanImage.from_pixels(px, 300.0, path="warm-up")
    analyze_scan(scan)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", metavar="DIR", help="folder of scans with labels")
    ap.add_argument("--labels", metavar="FILE", help="labels file (default: see above)")
    ap.add_argument(
        "--only", nargs="+", metavar="NAME", help="only these images (name, stem or glob)"
    )
    ap.add_argument(
        "--overlays", metavar="OUTDIR", help="write a PNG per image with boxes and detections"
    )
    ap.add_argument("--json", metavar="OUT", help="write every figure as JSON")
    args = ap.parse_args(argv)
    try:
        return run(args)
    except ConservatorError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return 2


def run(args) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        raise ConservatorError("the folder does not exist", folder)
    labels_path = choose_labels_file(folder, args.labels, REPO_LABELS)
    labels = read_labels(labels_path)
    todo = [(p, lab) for p, lab in labelled_images(folder, labels) if _selected(p.name, args.only)]
    if not todo:
        raise ConservatorError("no labelled image found (or none matches --only)", folder)
    outdir = None
    if args.overlays:
        outdir = Path(args.overlays)
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConservatorError(f"cannot create the folder: {exc.strerror}", outdir) from None
    print(f"labels: {labels_path}; {len(todo)} images")
    warm_up()
    records = []
    for path, lab in todo:
        try:
            pr = run_page(path, lab, keep_pixels=outdir is not None)
        except ConservatorError as exc:
            print(f"{path.name}: skipped: {exc.one_line()}", flush=True)
            continue
        records.append(pr.record)
        print(page_line(pr.record), flush=True)
        if outdir is not None:
            from conservator.benchmark.overlay import render, write_png

            write_png(
                render(pr.pixels, lab, pr.masks, pr.record["score"]), outdir / f"{path.stem}.png"
            )
        del pr
    if not records:
        raise ConservatorError("no image could be analysed", folder)
    print("\nper group")
    print(GROUP_HEAD)
    by_group = {name: summarise(pages) for name, pages in groups(records).items()}
    for name, s in by_group.items():
        print(group_line(name, s))
    s = summarise(records)
    print(group_line("all", s))
    targets = check_targets(s)
    print_summary(s, targets)
    print(in_frame_line(records))
    if args.json:
        data = {
            "labels": str(labels_path),
            "pages": records,
            "groups": by_group,
            "summary": s,
            "targets": targets,
        }
        Path(args.json).write_text(
            json.dumps(_clean_json(data), indent=1, ensure_ascii=False), encoding="utf-8"
        )
    return 0 if all(t["met"] for t in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
