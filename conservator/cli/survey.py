"""``conservator survey``: a sampled condition survey of a folder or a list of scans."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conservator.errors import ConservatorError


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _fraction(value: str) -> float:
    try:
        f = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < f <= 1:
        raise argparse.ArgumentTypeError("must be above 0 and at most 1 (e.g. 0.1 for 10 %)")
    return f


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


def register(sub) -> None:
    """Add ``survey`` to the parser."""
    from conservator.analysis.presets import PRESETS
    from conservator.report.i18n import LANGUAGES

    p = sub.add_parser(
        "survey",
        help="sampled condition survey of a folder or a CSV list of scans",
        description="Draw a random (or stratified) sample of the pages of SOURCE, analyse each "
        "sampled page and store it as a draft condition check of its item, then print the "
        "proportion of pages affected by each damage class with 95 % intervals. The sample is "
        "stored before any analysis; running the same command again continues an interrupted "
        "survey, and a page already analysed the same way is never analysed twice. SOURCE is a "
        "folder (searched recursively; every page of a multi-page TIFF counts; the inventory "
        "number is the file's path without extension) or a CSV with the columns "
        "inventory_no,file[,stratum][,page].",
    )
    p.add_argument("source", metavar="SOURCE", help="folder of scans or CSV list")
    p.add_argument(
        "--db",
        metavar="DB",
        default=argparse.SUPPRESS,
        help="records database (default: the global --db, $CONSERVATOR_DB, or the user's)",
    )
    p.add_argument(
        "--name", default=None, help="survey name (default: the source's name); reused to resume"
    )
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--sample", type=_positive_int, default=None, metavar="N", help="pages to draw"
    )
    how.add_argument(
        "--fraction", type=_fraction, default=None, metavar="F", help="share of pages to draw (0–1]"
    )
    how.add_argument(
        "--all", action="store_true", help="every page (a census; the default without --sample)"
    )
    p.add_argument(
        "--strata",
        default=None,
        metavar="FIELD",
        help="stratify by this CSV column (proportional allocation); 'folder' for a folder's "
        "first sub-folders",
    )
    p.add_argument("--seed", type=_seed, default=None, metavar="S", help="random seed (stored)")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes on this machine (default: one per core)",
    )
    where.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on an existing Dask cluster, e.g. tcp://host:8786",
    )
    p.add_argument(
        "--preset",
        default=None,
        choices=list(PRESETS),
        help="detector settings (default balanced)",
    )
    p.add_argument(
        "--detectors", default=None, metavar="LIST", help="comma-separated detectors (default all)"
    )
    p.add_argument("--examiner", default=None, metavar="NAME", help="checker on the checks made")
    p.add_argument(
        "--json", metavar="OUT.json", default=None, help="write every figure ('-' = stdout)"
    )
    p.add_argument("--pdf", metavar="OUT.pdf", default=None, help="write the survey report")
    p.add_argument("--lang", default="en", choices=list(LANGUAGES), help="report language")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.set_defaults(func=cmd_survey)


def cmd_survey(args) -> int:
    from conservator.cli.common import dump_json
    from conservator.cli.pages import PageProgress
    from conservator.storage import default_db_path, open_db
    from conservator.survey import run as runmod
    from conservator.survey.report import survey_document

    for target in (args.json, args.pdf):
        if target and target != "-":
            parent = Path(target).resolve().parent
            if not parent.is_dir():
                raise ConservatorError("the output folder does not exist", parent)
    if args.pdf and not args.pdf.lower().endswith(".pdf"):
        raise ConservatorError("the report must be a .pdf file", args.pdf)
    db_path = Path(args.db) if getattr(args, "db", None) else default_db_path()
    store = open_db(db_path)
    try:
        survey, created = runmod.plan_survey(
            store,
            args.source,
            name=args.name,
            size=args.sample,
            fraction=args.fraction,
            census=args.all,
            strata=args.strata,
            seed=args.seed,
            preset=args.preset,
            detectors=args.detectors,
            examiner=args.examiner,
        )
        left = sum(v for k, v in _counts(store, survey).items() if k != "done")
        if not args.quiet:
            verb = "drawn" if created else "resumed"
            print(
                f"survey {survey['name']!r} (id {survey['id']}) {verb}: {survey['sample_size']} "
                f"of {survey['population']} pages ({survey['method'].replace('_', ' ')}, "
                f"seed {survey['seed']}), {survey['sample_size'] - left} done",
                file=sys.stderr,
            )
        progress = PageProgress("survey", enabled=not args.quiet)
        engine = None
        try:
            if left:
                engine = runmod.Engine(workers=args.workers, scheduler=args.scheduler)
                if args.scheduler:
                    engine.wait_for_workers(1)
            stats = runmod.run_survey(store, survey, engine, progress=progress)
        except KeyboardInterrupt:
            progress.close()
            print(
                "error: interrupted; the pages stored so far are kept; run the same command "
                "again to continue",
                file=sys.stderr,
            )
            return 130
        finally:
            progress.close()
            if engine is not None:
                engine.close()
        doc = survey_document(store, survey["id"])
        if args.json:
            dump_json(doc, args.json)
        if args.pdf:
            from conservator.survey.report import render_survey_report

            render_survey_report(doc, args.pdf, lang=args.lang)
        if args.json != "-":
            _summary(doc, stats)
    finally:
        store.close()
    failed = doc["survey"]["failed"]
    return 1 if failed and not doc["survey"]["done"] else 0


def _counts(store, survey) -> dict:
    from conservator.storage import surveys

    return surveys.counts(store, survey["id"])


def _summary(doc: dict, stats) -> None:
    s = doc["survey"]
    print(
        f"survey {s['name']!r}: {s['done']} of {s['sample']} sampled pages done"
        + (f", {s['failed']} failed" if s["failed"] else "")
        + f" (population {s['population']})"
    )
    if stats.analysed or stats.reused:
        print(f"this run: {stats.analysed} analysed, {stats.reused} already analysed before")
    print(
        f"{'class':>10}  {'affected':>9}  {'proportion [95% CI]':>24}  {'mean % leaf [95% CI]':>24}"
    )
    for name, c in doc["classes"].items():
        if c["proportion"] is None:
            continue
        lo, hi = c["ci95"]
        ml, mh = c["mean_pct_leaf_ci95"]
        print(
            f"{name:>10}  {c['affected']:>4}/{c['measured']:<4}  "
            f"{100 * c['proportion']:>6.1f}% [{100 * lo:5.1f}, {100 * hi:5.1f}]  "
            f"{c['mean_pct_leaf']:>8.2f} [{ml:6.2f}, {mh:6.2f}]"
            + (f"  ({c['not_measured']} not measured)" if c["not_measured"] else "")
        )
    for f in [i for i in doc["items"] if i["status"] == "failed"][:5]:
        print(f"failed: {f['inventory_no']} page {f['page']}: {f['error']}")
