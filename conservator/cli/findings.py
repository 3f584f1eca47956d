"""``checks findings``, ``checks review``, ``checks hazard``, ``checks recommend``,
``checks treatment``: the review and the report fields of a draft from the command line.

Findings are addressed by their number in the check (``--finding N``), the number the PDF
and ``checks findings`` print. Codes an option accepts are listed in its ``--help`` (from the
vocabularies shipped with Conservator).
"""

from __future__ import annotations

import argparse
import json
from functools import cache

from conservator.cli.common import dump_json
from conservator.errors import ConservatorError


@cache
def codes(scheme: str) -> tuple[str, ...]:
    """The codes of a vocabulary scheme, from the shipped vocabulary files (no database)."""
    from conservator.resources import resource_path

    try:
        data = json.loads((resource_path("vocab") / f"{scheme}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    return tuple(t["code"] for t in data.get("terms") or [])


def one_of(scheme: str) -> str:
    """``"one of: a, b, c"`` for a help text (escaped for argparse)."""
    found = codes(scheme)
    return ("one of: " + ", ".join(found)).replace("%", "%%") if found else ""


def _numbers(value: str) -> list[int]:
    try:
        return [int(v) for v in value.replace(",", " ").split()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers like 3,4: {value!r}") from None


def register_checks(csub, db_option) -> None:
    """Add the finding and report-field actions to ``conservator checks``."""
    a = csub.add_parser(
        "findings",
        help="list a check's findings with their numbers (as printed in the report)",
        description="List every finding of a check: its number, class, source (detector and "
        "version, or who drew it), area, measurements, severity and review state, then the "
        "per-class numbers derived from the counted findings.",
    )
    a.add_argument("check", metavar="ID", help="check id or reference number")
    a.add_argument("--json", action="store_true", help="print a JSON array of findings")
    db_option(a)
    a.set_defaults(func=cmd_checks_findings)

    a = csub.add_parser(
        "review",
        help="review findings of a draft: accept, reject, re-classify, severity, note",
        description="Review one finding by its number: checks review ID --finding N "
        "--accept|--reject|--class CODE [--severity 1-3] [--note TEXT]. The older forms "
        "--accept IDS / --reject IDS (observation ids) and --accept-all still work.",
    )
    a.add_argument("check", metavar="ID")
    a.add_argument(
        "--finding",
        type=_numbers,
        default=None,
        metavar="N",
        help="finding number(s), e.g. 3 or 3,4",
    )
    a.add_argument(
        "--accept",
        nargs="?",
        const=True,
        type=_numbers,
        default=None,
        metavar="IDS",
        help="accept the --finding; or accept these observation ids (older form)",
    )
    a.add_argument(
        "--reject",
        nargs="?",
        const=True,
        type=_numbers,
        default=None,
        metavar="IDS",
        help="reject the --finding; or reject these observation ids (older form)",
    )
    a.add_argument(
        "--class",
        dest="damage_code",
        default=None,
        metavar="CODE",
        help="re-classify the --finding (and accept it); " + one_of("damage"),
    )
    a.add_argument("--severity", type=int, choices=(1, 2, 3), default=None, help="1, 2 or 3")
    a.add_argument("--note", default=None, metavar="TEXT", help="the finding's note")
    a.add_argument("--accept-all", action="store_true", help="accept every proposed finding")
    a.add_argument("--by", default=None, metavar="NAME", help="who reviews (default --actor)")
    db_option(a)
    a.set_defaults(func=cmd_checks_review)

    a = csub.add_parser(
        "batch",
        help="accept or reject many findings of a draft at once (by class, area, region)",
        description="Accept or reject every proposed finding that matches: checks batch ID "
        "--accept|--reject [--class CODE] [--min-area MM2] [--region X0,Y0,X1,Y1]. The "
        "same choice as Review › Batch in the app (conservator.storage.review.batch_targets).",
    )
    a.add_argument("check", metavar="ID")
    g = a.add_mutually_exclusive_group(required=True)
    g.add_argument("--accept", action="store_true", help="accept the findings that match")
    g.add_argument("--reject", action="store_true", help="reject the findings that match")
    a.add_argument(
        "--class", dest="damage_code", default=None, metavar="CODE", help=one_of("damage")
    )
    a.add_argument(
        "--min-area", type=float, default=None, metavar="MM2", help="at least this area in mm²"
    )
    a.add_argument(
        "--region",
        type=_region,
        default=None,
        metavar="X0,Y0,X1,Y1",
        help="only findings wholly inside this rectangle (scan pixels)",
    )
    a.add_argument(
        "--include-reviewed",
        action="store_true",
        help="also change findings already accepted or rejected (default: proposed ones only)",
    )
    a.add_argument("--by", default=None, metavar="NAME", help="who reviews (default --actor)")
    db_option(a)
    a.set_defaults(func=cmd_checks_batch)

    a = csub.add_parser("hazard", help="add or remove a hazard of a draft check")
    a.add_argument("check", metavar="ID")
    g = a.add_mutually_exclusive_group(required=True)
    g.add_argument("--add", metavar="CODE", help=one_of("hazard"))
    g.add_argument("--remove", type=int, metavar="HAZARD_ID", help="hazard id (checks show)")
    a.add_argument("--note", default=None, metavar="TEXT")
    a.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="default today")
    a.add_argument("--by", default=None, metavar="NAME", help="who makes the change")
    db_option(a)
    a.set_defaults(func=cmd_checks_hazard)

    a = csub.add_parser("recommend", help="add or remove a recommendation of a draft check")
    a.add_argument("check", metavar="ID")
    g = a.add_mutually_exclusive_group(required=True)
    g.add_argument("--kind", metavar="KIND", help="add one; " + one_of("recommendation_kind"))
    g.add_argument("--remove", type=int, metavar="REC_ID", help="recommendation id (checks show)")
    a.add_argument("--text", default="", metavar="TEXT")
    a.add_argument(
        "--code", default=None, metavar="CODE", help="a treatment; " + one_of("treatment")
    )
    a.add_argument("--by", default=None, metavar="NAME", help="who makes the change")
    db_option(a)
    a.set_defaults(func=cmd_checks_recommend)

    a = csub.add_parser("treatment", help="set or remove the treatment proposal of a draft check")
    a.add_argument("check", metavar="ID")
    g = a.add_mutually_exclusive_group(required=True)
    g.add_argument("--text", metavar="TEXT", help="the proposed treatment")
    g.add_argument("--remove", action="store_true", help="remove the proposal")
    a.add_argument(
        "--codes", default=None, metavar="LIST", help="comma-separated; " + one_of("treatment")
    )
    a.add_argument("--proposed-by", default=None, metavar="NAME")
    a.add_argument("--hours", type=float, default=None, metavar="H", help="estimated hours")
    a.add_argument("--by", default=None, metavar="NAME", help="who makes the change")
    db_option(a)
    a.set_defaults(func=cmd_checks_treatment)


# ------------------------------------------------------------------------------------------
def _open(args, *, write: bool = True):
    from conservator.cli.records import _open as open_store

    return open_store(args, write=write)


def _num(v, nd=1) -> str:
    return "—" if v is None else f"{v:.{nd}f}"


def finding_lines(findings: list[dict], final: bool) -> list[list[str]]:
    """Table rows for ``checks findings``: one per finding."""
    from conservator.storage.summary import counts

    rows = []
    for f in findings:
        if f["source"] == "automatic":
            src = " ".join(filter(None, (f.get("detector"), f.get("detector_version"))))
        else:
            src = f"drawn by {f.get('author') or '?'}"
        m = f.get("measurements") or {}
        details = []
        for key, fmt in (
            ("length_mm", "length {} mm"),
            ("diameter_mm", "⌀ {} mm"),
            ("delta_e00", "ΔE00 {}"),
        ):
            if m.get(key) is not None:
                details.append(fmt.format(_num(float(m[key]), 2)))
        status = f["status"]
        if f.get("reclassified_from"):
            status += f" (was {f['reclassified_from']})"
        if not counts(f, final=final) and f["status"] != "rejected":
            status += ", not counted"
        rows.append(
            [
                str(f["no"]),
                f["damage_code"],
                src,
                _num(f.get("area_mm2"), 2),
                ", ".join(details),
                "" if f.get("severity") is None else str(f["severity"]),
                status,
                f.get("reviewed_by") or "",
                " ".join((f.get("note") or "").split())[:40],
            ]
        )
    return rows


def cmd_checks_findings(args) -> int:
    from conservator.cli.records import _table

    with _open(args, write=False) as store:
        cid = store.check_id_of(args.check)
        check = store.get_check(cid)
    if args.json:
        dump_json(check["observations"])
        return 0
    final = check["status"] == "final"
    print(
        f"check {cid} {check['ref_no']} ({check['status']}): {len(check['observations'])} findings"
    )
    if check["observations"]:
        _table(
            finding_lines(check["observations"], final),
            [
                "no",
                "class",
                "source",
                "mm²",
                "measurements",
                "sev",
                "status",
                "reviewed by",
                "note",
            ],
        )
    print("per class (counted findings):")
    for code, s in check["summaries"].items():
        if "count" not in s:
            print(f"  {code:<14} {s.get('status')}: {s.get('reason') or ''}")
            continue
        print(
            f"  {code:<14} {s['count']:>4} found  {_num(s['area_mm2'], 2):>10} mm²  "
            f"{_num(s['area_pct'], 3):>8} % of leaf"
        )
    return 0


def cmd_checks_review(args) -> int:
    from conservator.cli.records import _print_observations

    by = args.by
    with _open(args) as store:
        cid = store.check_id_of(args.check)
        if args.finding is not None:
            if isinstance(args.accept, list) or isinstance(args.reject, list):
                raise ConservatorError("with --finding, give --accept or --reject without ids")
            if args.accept and args.reject:
                raise ConservatorError("a finding is either accepted or rejected, not both")
            status = "accepted" if args.accept else ("rejected" if args.reject else None)
            if (
                status is None
                and args.damage_code is None
                and args.severity is None
                and (args.note is None)
            ):
                raise ConservatorError(
                    "say what to do with the finding: --accept, --reject, --class, "
                    "--severity or --note"
                )
            changes = [
                {
                    "no": n,
                    **({"status": status} if status else {}),
                    **({"damage_code": args.damage_code} if args.damage_code else {}),
                    **({"severity": args.severity} if args.severity is not None else {}),
                    **({"note": args.note} if args.note is not None else {}),
                }
                for n in args.finding
            ]
            store.review_findings(cid, changes, actor=by)
            if args.accept_all:
                _accept_all(store, cid, by)
        else:
            if args.damage_code or args.severity is not None or args.note is not None:
                raise ConservatorError("--class, --severity and --note need --finding N")
            if args.accept is True or args.reject is True:
                raise ConservatorError("--accept/--reject without ids need --finding N")
            check = store.get_check(cid)
            ids = {o["id"] for o in check["observations"]}
            accept, reject = list(args.accept or []), list(args.reject or [])
            for oid in accept + reject:
                if oid not in ids:
                    raise ConservatorError(f"observation {oid} is not part of check {cid}")
            if not accept and not reject and not args.accept_all:
                raise ConservatorError(
                    "say what to do: --finding N --accept|--reject|--class C, or --accept-all"
                )
            with store.transaction():
                for oid in accept:
                    store.accept_observation(oid, actor=by)
                for oid in reject:
                    store.reject_observation(oid, actor=by)
                if args.accept_all:
                    _accept_all(store, cid, by)
        check = store.get_check(cid)
    _print_observations(check)
    return 0


def _region(value: str) -> tuple[float, float, float, float]:
    try:
        nums = [float(v) for v in value.replace(",", " ").split()]
    except ValueError:
        nums = []
    if len(nums) != 4:
        raise argparse.ArgumentTypeError(f"expected four numbers X0,Y0,X1,Y1: {value!r}")
    return tuple(nums)


def cmd_checks_batch(args) -> int:
    from conservator.storage.review import batch_targets

    action = "accept" if args.accept else "reject"
    with _open(args) as store:
        cid = store.check_id_of(args.check)
        numbers = batch_targets(
            store.findings(cid),
            action,
            damage_code=args.damage_code,
            min_area_mm2=args.min_area,
            region=args.region,
            include_reviewed=args.include_reviewed,
        )
        if numbers:
            status = "accepted" if args.accept else "rejected"
            store.review_findings(
                cid, [{"no": n, "status": status} for n in numbers], actor=args.by
            )
        done = "accepted" if args.accept else "rejected"
        listed = ", ".join(str(n) for n in numbers) or "none"
        print(f"{done} {len(numbers)} finding(s) of check {cid}: {listed}")
    return 0


def _accept_all(store, cid: int, by) -> None:
    with store.transaction():
        store._require_draft(cid)
        for f in store.findings(cid):
            if f["status"] == "proposed":
                store.accept_observation(f["id"], actor=by)


def cmd_checks_hazard(args) -> int:
    with _open(args) as store:
        cid = store.check_id_of(args.check)
        if args.remove is not None:
            if args.remove not in {h["id"] for h in store.get_check(cid)["hazards"]}:
                raise ConservatorError(f"hazard {args.remove} is not part of check {cid}")
            store.delete_hazard(args.remove, actor=args.by)
            print(f"removed hazard {args.remove} from check {cid}")
        else:
            hid = store.add_hazard(cid, args.add, note=args.note, date=args.date, actor=args.by)
            print(f"added hazard {hid} ({args.add}) to check {cid}")
    return 0


def cmd_checks_recommend(args) -> int:
    with _open(args) as store:
        cid = store.check_id_of(args.check)
        if args.remove is not None:
            if args.remove not in {r["id"] for r in store.get_check(cid)["recommendations"]}:
                raise ConservatorError(f"recommendation {args.remove} is not part of check {cid}")
            store.delete_recommendation(args.remove, actor=args.by)
            print(f"removed recommendation {args.remove} from check {cid}")
        else:
            if args.code:
                store._require_code("treatment", args.code, "treatment")
            rid = store.add_recommendation(cid, args.kind, args.text, code=args.code, actor=args.by)
            print(f"added recommendation {rid} ({args.kind}) to check {cid}")
    return 0


def cmd_checks_treatment(args) -> int:
    with _open(args) as store:
        cid = store.check_id_of(args.check)
        if args.remove:
            store.save_draft(cid, treatment=None, actor=args.by)
            print(f"removed the treatment proposal of check {cid}")
            return 0
        treatment_codes = [c.strip() for c in (args.codes or "").split(",") if c.strip()]
        store.set_treatment_proposal(
            cid,
            args.text,
            proposed_by=args.proposed_by,
            treatment_codes=treatment_codes,
            est_hours=args.hours,
            actor=args.by,
        )
        print(f"set the treatment proposal of check {cid}")
    return 0
