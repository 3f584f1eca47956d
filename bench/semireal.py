"""Semi-real benchmark: the generator's damage, with exact masks, on real clean page scans.

Usage::

    PYTHONPATH=. python bench/semireal.py DIR [--pages 24] [--seed 1] [--labels FILE] [--json OUT]

``DIR`` is a labelled folder as for ``bench/real.py`` (the development set,
``../shared/samples/real``); its pages labelled clean (colour, no board, no box) are the
backgrounds, read at run time and never copied. Each page gets foxing, stains, losses and tears
(cycling: all, each alone, none, pairs) from ``conservator.demo.realpage.damage_real_page``,
framed by a backing-board margin, and is written as PNG, read back and analysed like
``conservator analyze``. Metrics and their rules are in ``conservator/benchmark/semireal.py``
(the same as ``bench/accuracy.py``, plus stain recall, precision and IoU).

Prints one line per page and a summary with the synthetic benchmark's targets. Exit status 0
when every target is met, 1 when not, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

import numpy as np

from conservator.benchmark.labels import choose_labels_file, labelled_images, read_labels
from conservator.benchmark.semireal import backgrounds, check, evaluate_page, plan, summarise
from conservator.errors import ConservatorError

REPO_LABELS = Path(__file__).resolve().parent / "real_labels.json"


def page_line(row: dict) -> str:
    parts = [
        f"seed {row['seed']:5d} {row['background'][:20]:20s} {row['board']:8s}",
        f"[{','.join(row['damage']) or 'none'}]",
        f"leafIoU {row['leaf_iou']:.3f}",
    ]
    fo = row["foxing"]
    if fo["present"]:
        parts.append(
            f"fox {fo['obj'][0]}/{fo['obj'][1]} found, {fo['obj'][2]}/{fo['obj'][3]} right"
        )
    st = row["stain"]
    if st["status"] == "not_implemented":
        parts.append("stain n/impl")
    elif st["present"]:
        parts.append(
            f"stain {st['found'][0]}/{st['found'][1]} found, IoU {st['inter'] / max(st['union'], 1):.2f}"
        )
    for cls in ("loss", "tear"):
        r = row[cls]
        if r["status"] != "measured":
            parts.append(f"{cls} not measured")
        elif cls == "loss" and r["present"]:
            parts.append(f"loss IoU {r['inter'] / max(r['union'], 1):.3f}")
        elif cls == "tear" and (r["present"] or r["obj"][3]):
            t = r["obj"]
            parts.append(f"tear {t[0]}/{t[1]} found, {t[2]}/{t[3]} right")
    fp = [
        f"{c} {row[c]['det_pct']:.3f}%"
        for c in ("foxing", "stain", "loss", "tear", "fading")
        if not row[c]["present"] and row[c]["status"] == "measured"
    ]
    if fp:
        parts.append("false: " + " ".join(fp))
    parts.append(f"gen {row['gen_s']:.1f}s analyze {row['analyze_s']:.1f}s")
    return " | ".join(parts)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", metavar="DIR", help="labelled folder of real scans")
    ap.add_argument("--pages", type=int, default=24, help="pages to make (default 24)")
    ap.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    ap.add_argument("--labels", metavar="FILE", help="labels file (default as bench/real.py)")
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
    if args.pages < 1:
        raise ConservatorError("--pages must be at least 1")
    labels_path = choose_labels_file(folder, args.labels, REPO_LABELS)
    bgs = backgrounds(labelled_images(folder, read_labels(labels_path)))
    if not bgs:
        raise ConservatorError("no clean colour page without a board to use as background", folder)
    print(f"labels: {labels_path}; {len(bgs)} clean backgrounds; {args.pages} pages")
    rows = []
    with tempfile.TemporaryDirectory(prefix="conservator-semireal-") as tmp:
        for spec in plan(bgs, args.pages, args.seed):
            row = evaluate_page(spec, Path(tmp))
            rows.append(row)
            print(page_line(row), flush=True)
    s = summarise(rows)
    print(f"\nsummary over {len(rows)} pages (seeds {args.seed} to {args.seed + len(rows) - 1})")
    ok_all = True
    for key, val, target, ok in check(s):
        ok_all &= ok
        flag = "" if not target else ("PASS" if ok else "FAIL")
        if math.isnan(val):
            flag = "n/a" if target else ""
        shown = "—" if math.isnan(val) else f"{val:8.4f}"
        print(f"  {key:58s} {shown:>8s}  {target:8s} {flag}")
    if s["not implemented"]:
        print("  not implemented: " + ", ".join(s["not implemented"]))
    nm = {k: v for k, v in s["not measured"].items() if v}
    if nm:
        print("  not measured on: " + ", ".join(f"{k} {v} pages" for k, v in nm.items()))
    times = [r["analyze_s"] for r in rows]
    mp = sum(r["megapixels"] for r in rows)
    cpu = sum(r["analyze_cpu_s"] for r in rows)
    print(
        f"  analysis time per page: median {np.median(times):.1f} s, max {max(times):.1f} s;"
        f" {sum(times) / mp:.2f} s per megapixel ({cpu / mp:.2f} s CPU, all threads)"
    )
    if args.json:
        clean = json.loads(
            json.dumps({"summary": s, "pages": rows}, default=str).replace("NaN", "null")
        )
        Path(args.json).write_text(json.dumps(clean, indent=1), encoding="utf-8")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
