"""Records commands: ``items``, ``assess``, ``checks``, ``export``, ``backup``, ``verify``.

All of them work on the records database named by the global ``--db PATH`` (else
``$CONSERVATOR_DB``, else ``conservator.db`` in the user data folder).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from conservator.cli.common import StderrProgress, dump_json
from conservator.cli.findings import one_of, register_checks
from conservator.cli.scan import dpi_arg, page_arg
from conservator.errors import ConservatorError, ExportError

LANGS = ("en", "ru", "kk", "fa")


def _ids_arg(value: str) -> list[int]:
    try:
        return [int(v) for v in value.replace(",", " ").split()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected observation ids like 3,4: {value!r}") from None


def _db_option(parser) -> None:
    """Accept ``--db PATH`` after the command too (the global option is the documented one)."""
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)


def register(sub) -> None:
    """Add the records commands to the parser."""
    # items ------------------------------------------------------------------------------------
    p = sub.add_parser("items", help="add, list, show and search items (archival objects)")
    isub = p.add_subparsers(dest="items_command", metavar="ACTION", required=True)
    a = isub.add_parser("add", help="add an item", description="Add an item to the records.")
    a.add_argument("inventory_no", metavar="INV", help="inventory number (unique)")
    a.add_argument("--title", required=True, help="title or short description")
    a.add_argument("--object-type", default=None, help="document, manuscript, letter, map, ...")
    a.add_argument("--date", dest="date_text", default=None, help="date of the object (free text)")
    a.add_argument("--materials", default=None, help="materials and technique")
    a.add_argument("--dimensions", default=None, help='e.g. "310 × 220 mm"')
    a.add_argument("--location", default=None, help="storage location")
    a.add_argument("--notes", default=None)
    a.add_argument("--json", action="store_true", help="print the item as JSON")
    _db_option(a)
    a.set_defaults(func=cmd_items_add)
    a = isub.add_parser("list", help="list all items with their latest check")
    a.add_argument("--json", action="store_true", help="print a JSON array")
    _db_option(a)
    a.set_defaults(func=cmd_items_list)
    a = isub.add_parser("show", help="show one item, its captures and checks")
    a.add_argument("inventory_no", metavar="INV")
    a.add_argument("--json", action="store_true", help="print one JSON object")
    _db_option(a)
    a.set_defaults(func=cmd_items_show)
    a = isub.add_parser(
        "search",
        help="full-text search over items and notes (Russian, Kazakh, Persian, English)",
    )
    a.add_argument("text", metavar="TEXT")
    a.add_argument("--json", action="store_true", help="print a JSON array")
    _db_option(a)
    a.set_defaults(func=cmd_items_search)

    # assess -----------------------------------------------------------------------------------
    p = sub.add_parser(
        "assess",
        help="record a scan of an item, run the detectors, write a draft condition check",
        description="Record the capture, detect foxing, stains, losses, tears and fading, and write "
        "a draft condition check with one proposed observation per damage class found.",
    )
    p.add_argument("scan", metavar="SCAN", help="TIFF, PNG, JPEG or JPEG 2000 file")
    p.add_argument("--item", required=True, metavar="INV", help="inventory number of the item")
    p.add_argument("--examiner", required=True, metavar="NAME", help="who examines the item")
    p.add_argument("--dpi", type=dpi_arg, default=None, metavar="N", help="resolution in ppi")
    p.add_argument(
        "--page", type=page_arg, default=0, metavar="N", help="page of a multi-page TIFF (from 1)"
    )
    p.add_argument(
        "--illumination",
        default="normal",
        choices=("normal", "raking", "uv", "transmitted", "ir"),
        help="lighting of the capture (default normal)",
    )
    p.add_argument("--reason", default=None, metavar="CODE", help=one_of("reason"))
    p.add_argument(
        "--detectors", default=None, metavar="LIST", help="comma-separated (default all)"
    )
    p.add_argument("--json", action="store_true", help='print {"check_id": N}')
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    _db_option(p)
    p.set_defaults(func=cmd_assess)

    # checks -----------------------------------------------------------------------------------
    p = sub.add_parser("checks", help="list, show, edit, finalise and version condition checks")
    csub = p.add_subparsers(dest="checks_command", metavar="ACTION", required=True)
    a = csub.add_parser("list", help="list checks, newest first")
    a.add_argument("--item", default=None, metavar="INV")
    a.add_argument("--status", choices=("draft", "final"), default=None)
    a.add_argument("--json", action="store_true", help="print a JSON array")
    _db_option(a)
    a.set_defaults(func=cmd_checks_list)
    a = csub.add_parser("show", help="show one check with its observations")
    a.add_argument("check", metavar="ID", help="check id or reference number")
    a.add_argument("--json", action="store_true", help="print one JSON object")
    _db_option(a)
    a.set_defaults(func=cmd_checks_show)
    a = csub.add_parser("update", help="set fields of a draft check")
    a.add_argument("check", metavar="ID")
    a.add_argument("--grade", default=None, help=one_of("grade") + " (or 1-4)")
    a.add_argument("--priority", dest="priority_code", default=None, help=one_of("priority"))
    a.add_argument("--reason", dest="reason_code", default=None, help=one_of("reason"))
    a.add_argument("--method", dest="method_code", default=None, help=one_of("method"))
    a.add_argument(
        "--completeness", dest="completeness_code", default=None, help=one_of("completeness")
    )
    a.add_argument("--completeness-note", dest="completeness_note", default=None)
    a.add_argument("--environment-note", dest="environment_note", default=None)
    a.add_argument("--summary", default=None, help="the check's summary note")
    a.add_argument("--date", dest="check_date", default=None, help="YYYY-MM-DD")
    a.add_argument("--next-check", dest="next_check_date", default=None, help="YYYY-MM-DD")
    a.add_argument("--checker", default=None)
    a.add_argument("--by", default=None, metavar="NAME", help="who makes the change (audit log)")
    _db_option(a)
    a.set_defaults(func=cmd_checks_update)
    register_checks(csub, _db_option)
    a = csub.add_parser("finalize", help="finalise (sign and freeze) a draft check")
    a.add_argument("check", metavar="ID")
    a.add_argument("--by", required=True, metavar="NAME", help="who finalises and signs")
    a.add_argument(
        "--allow-unreviewed",
        action="store_true",
        help="finalise although some findings are still proposed (not reviewed); they are "
        "not counted and the report says so on its first page",
    )
    a.add_argument(
        "--receipt",
        metavar="FILE",
        default=None,
        help="also write a JSON receipt (check, record hash, audit-chain head) to keep "
        "outside the database; `conservator verify --against FILE` checks it",
    )
    _db_option(a)
    a.set_defaults(func=cmd_checks_finalize)
    a = csub.add_parser("new-version", help="start a corrected draft superseding a final check")
    a.add_argument("check", metavar="ID")
    a.add_argument("--checker", default=None, metavar="NAME")
    a.add_argument("--json", action="store_true", help='print {"check_id": N}')
    _db_option(a)
    a.set_defaults(func=cmd_checks_new_version)

    # export -----------------------------------------------------------------------------------
    p = sub.add_parser(
        "export",
        help="export a check as JSON, CSV, W3C annotations or a PDF report",
        description="Export one condition check. CSV columns are Spectrum unit names; "
        "annotations are a W3C Web Annotation AnnotationPage; PDF is a PDF/A-2b report.",
    )
    p.add_argument("check", metavar="ID", help="check id or reference number")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--json", metavar="FILE", help="everything recorded, as JSON")
    g.add_argument("--csv", metavar="FILE", help="one row per observation, Spectrum headers")
    g.add_argument("--annotations", metavar="FILE", help="W3C Web Annotation AnnotationPage")
    g.add_argument("--pdf", metavar="FILE", help="condition report (PDF/A-2b)")
    p.add_argument("--lang", choices=LANGS, default="en", help="report language (default en)")
    p.add_argument("--second-lang", choices=LANGS, default=None, help="bilingual report")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4")
    _db_option(p)
    p.set_defaults(func=cmd_export)

    # backup, verify ---------------------------------------------------------------------------
    p = sub.add_parser(
        "backup", help="copy the records database safely while it is in use (with its masks)"
    )
    p.add_argument("dest", metavar="DEST", help="backup file (or folder)")
    _db_option(p)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser(
        "verify",
        help="check the database, the audit chain and final records; exit 1 when broken",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument(
        "--against",
        metavar="FILE",
        action="append",
        default=[],
        help="a receipt (checks finalize --receipt) or a PDF report of a final check: check "
        "that this record and the audit chain it anchors still exist unchanged (repeatable)",
    )
    _db_option(p)
    p.set_defaults(func=cmd_verify)


# ------------------------------------------------------------------------------------------
def _db_path(args) -> Path:
    from conservator.storage import default_db_path

    return Path(args.db) if getattr(args, "db", None) else default_db_path()


def _open(args, *, create: bool = False, write: bool = False):
    """Open the database; only ``create`` commands make a missing one, and ``write`` commands
    refuse a read-only one up front (reading commands open it read-only). The audit log names
    ``--actor`` (else ``$CONSERVATOR_USER``, else the operating-system user name:
    :func:`conservator.storage.session.default_actor`)."""
    from conservator.errors import StorageError
    from conservator.storage import open_db

    store = open_db(_db_path(args), create=create)
    if (write or create) and getattr(store, "read_only", False):
        store.close()
        raise StorageError(
            "the records database is read-only here (file or folder not writable); copy it "
            "to a writable folder to change it",
            store.path,
        )
    if getattr(args, "actor", None):
        store.actor = args.actor.strip() or store.actor
    return store


def _text(v) -> str:
    return "" if v is None else str(v)


def _table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [len(h) for h in headers]
    for r in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, r, strict=True)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


def _short(text, n: int = 50) -> str:
    text = " ".join(_text(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# items --------------------------------------------------------------------------------------
def cmd_items_add(args) -> int:
    with _open(args, create=True) as store:
        item = store.add_item(
            args.inventory_no,
            args.title,
            object_type=args.object_type,
            date_text=args.date_text,
            materials=args.materials,
            dimensions=args.dimensions,
            location=args.location,
            notes=args.notes,
        )
    if args.json:
        dump_json(item)
    else:
        print(f"added item {item['inventory_no']}: {item['title']}")
    return 0


def cmd_items_list(args) -> int:
    with _open(args) as store:
        rows = store.list_items()
    if args.json:
        dump_json(rows)
        return 0
    if not rows:
        print("no items yet; add one with 'conservator items add INV --title T'")
        return 0
    _table(
        [
            [
                r["inventory_no"],
                _short(r["title"]),
                _text(r["object_type"]),
                str(r["check_count"]),
                _text(r["last_check_date"]),
                _text(r["last_grade_code"]),
                _text(r["last_status"]),
            ]
            for r in rows
        ],
        ["inventory", "title", "type", "checks", "last check", "grade", "status"],
    )
    return 0


def cmd_items_show(args) -> int:
    with _open(args) as store:
        item = store.get_item(args.inventory_no)
    if args.json:
        dump_json(item)
        return 0
    for key in ("inventory_no", "title", "object_type", "date_text", "materials", "dimensions"):
        if item.get(key):
            print(f"{key.replace('_', ' '):>14}: {item[key]}")
    for key in ("location", "notes", "created_at"):
        if item.get(key):
            print(f"{key.replace('_', ' '):>14}: {item[key]}")
    for cap in item["captures"]:
        ppm = f", {cap['px_per_mm']:.2f} px/mm" if cap["px_per_mm"] else ""
        print(
            f"{'capture':>14}: #{cap['id']} {cap['file_path']} "
            f"({cap['width_px']}×{cap['height_px']} px{ppm}, {cap['illumination']})"
        )
    if not item["checks"]:
        print(f"{'checks':>14}: none")
    for c in item["checks"]:
        print(
            f"{'check':>14}: #{c['id']} {c['ref_no']} {c['check_date']} {c['status']} "
            f"{_text(c['grade_code'])} ({c['observation_count']} observations)"
        )
    return 0


def cmd_items_search(args) -> int:
    with _open(args) as store:
        hits = store.search(args.text)
    if args.json:
        dump_json(hits)
        return 0
    if not hits:
        print(f"nothing found for {args.text!r}")
        return 0
    for h in hits:
        print(f"{h['inventory_no']}  {_short(h['title'], 60)}")
        for m in h["matches"][:3]:
            print(f"    {m['entity']} {m['entity_id']}: {_short(m['snippet'], 90)}")
    return 0


# assess -------------------------------------------------------------------------------------
def cmd_assess(args) -> int:
    from conservator.storage.assess import assess_scan

    detectors = None
    if args.detectors:
        detectors = [d.strip() for d in args.detectors.split(",") if d.strip()]
    progress = StderrProgress("assess", enabled=not args.quiet)
    with _open(args, create=True) as store:
        check_id = assess_scan(
            store,
            args.scan,
            inventory_no=args.item,
            examiner=args.examiner,
            dpi=args.dpi,
            page=args.page,
            illumination=args.illumination,
            reason_code=args.reason,
            detectors=detectors,
            progress=progress,
        )
        check = store.get_check(check_id)
    if args.json:
        dump_json({"check_id": check_id})
        return 0
    print(f"draft check {check_id} ({check['ref_no']}) for item {check['inventory_no']}")
    _print_observations(check)
    print(f"review with 'conservator checks show {check_id}', then 'checks finalize {check_id}'")
    return 0


def _print_observations(check: dict) -> None:
    """Per-class numbers (derived from the counted findings) and the review state."""
    found = check["observations"]
    if not found:
        print("  no damage recorded")
        return
    for code, s in (check.get("summaries") or {}).items():
        if "count" not in s:
            print(f"  {code:<14} not measured: {_text(s.get('reason'))}")
            continue
        area = f"{s['area_mm2']:.1f} mm²" if s.get("area_mm2") is not None else "—"
        pct = f"{s['area_pct']:.2f} % of leaf" if s.get("area_pct") is not None else ""
        extra = f", {s['proposed']} not reviewed" if s.get("proposed") else ""
        print(f"  {code:<14} {s['count']:>4} finding(s){extra:<18} {area:>12} {pct:>16}")
    states = {k: sum(1 for o in found if o["status"] == k) for k in ("proposed", "accepted")}
    rejected = sum(1 for o in found if o["status"] == "rejected")
    print(
        f"  {len(found)} findings: {states['accepted']} accepted, {rejected} rejected, "
        f"{states['proposed']} to review ('conservator checks findings {check['id']}')"
    )


# checks -------------------------------------------------------------------------------------
def cmd_checks_list(args) -> int:
    with _open(args) as store:
        rows = store.list_checks(args.item, status=args.status)
    if args.json:
        dump_json(rows)
        return 0
    if not rows:
        print("no condition checks")
        return 0
    _table(
        [
            [
                str(r["id"]),
                r["ref_no"],
                r["inventory_no"],
                r["check_date"],
                r["status"],
                _text(r["grade_code"]),
                _text(r["checker"]),
                str(r["observation_count"]),
            ]
            for r in rows
        ],
        ["id", "reference", "item", "date", "status", "grade", "checker", "observations"],
    )
    return 0


def cmd_checks_show(args) -> int:
    with _open(args) as store:
        check = store.get_check(store.check_id_of(args.check))
    if args.json:
        dump_json(check)
        return 0
    c = check
    print(f"check {c['id']} {c['ref_no']} — item {c['inventory_no']}: {c['title']}")
    rows = [
        (
            "status",
            c["status"]
            + (f" (by {c['finalized_by']}, {c['finalized_at']})" if c["finalized_at"] else ""),
        ),
        ("date", c["check_date"]),
        ("checker", c["checker"]),
        (
            "grade",
            (c["grade_code"] or "—") + (f" ({c['grade_source']})" if c["grade_source"] else ""),
        ),
        ("priority", c["priority_code"]),
        ("reason", c["reason_code"]),
        ("method", c["method_code"]),
        ("summary", c["summary"]),
        ("supersedes", c["supersedes"]),
        ("superseded by", c["superseded_by"]),
        ("record hash", c["record_hash"]),
    ]
    for k, v in rows:
        if v not in (None, ""):
            print(f"{k:>14}: {v}")
    print("observations:")
    _print_observations(c)
    for h in c["hazards"]:
        print(f"{'hazard':>14}: #{h['id']} {h['hazard_code']} {_text(h['note'])}")
    for r in c["recommendations"]:
        print(f"{r['kind']:>14}: #{r['id']} {r['text']}")
    if c["treatment"]:
        print(f"{'treatment':>14}: {c['treatment']['text']} ({c['treatment']['status']})")
    return 0


def cmd_checks_update(args) -> int:
    fields = {
        k: getattr(args, k)
        for k in (
            "priority_code",
            "reason_code",
            "method_code",
            "completeness_code",
            "completeness_note",
            "environment_note",
            "summary",
            "check_date",
            "next_check_date",
            "checker",
        )
        if getattr(args, k) is not None
    }
    if args.grade is not None:
        fields["grade"] = args.grade
    if not fields:
        raise ConservatorError("nothing to change; give at least one option (see --help)")
    with _open(args, write=True) as store:
        check = store.update_check(store.check_id_of(args.check), actor=args.by, **fields)
    print(f"updated check {check['id']} ({check['ref_no']})")
    return 0


def cmd_checks_finalize(args) -> int:
    from conservator.outputs import check_target, write_text
    from conservator.storage import anchors
    from conservator.storage.db import utc_now

    with _open(args, write=True) as store:
        if args.receipt:
            check_target(args.receipt)  # refuse a bad receipt path before finalising
        check = store.finalize_check(
            store.check_id_of(args.check), args.by, allow_unreviewed=args.allow_unreviewed
        )
        receipt = anchors.receipt(store, check["id"], when=utc_now()) if args.receipt else None
    print(f"finalised check {check['id']} ({check['ref_no']}), record hash {check['record_hash']}")
    if receipt:
        out = write_text(
            args.receipt,
            json.dumps(receipt, ensure_ascii=False, indent=2) + "\n",
            what="the receipt",
        )
        print(
            f"receipt written to {out} (audit chain: {receipt['audit_rows']} rows, head "
            f"{receipt['audit_head']}); keep it outside the database's folder"
        )
    if check["unreviewed"]:
        print(
            f"  {check['unreviewed']} finding(s) were not reviewed: not counted, noted in the report"
        )
    return 0


def cmd_checks_new_version(args) -> int:
    with _open(args, write=True) as store:
        new_id = store.new_version(store.check_id_of(args.check), checker=args.checker)
        check = store.get_check(new_id)
    if args.json:
        dump_json({"check_id": new_id})
    else:
        print(f"draft check {new_id} ({check['ref_no']}) supersedes check {check['supersedes']}")
    return 0


# export, backup, verify ---------------------------------------------------------------------
def _render_pdf():
    try:
        from conservator.report.pdf import render_report
    except ModuleNotFoundError as exc:
        if exc.name in ("conservator.report", "conservator.report.pdf"):
            raise ExportError(
                "PDF reports are not available in this build (conservator.report.pdf is missing)"
            ) from None
        raise
    return render_report


def cmd_export(args) -> int:
    from conservator.outputs import check_target, protect
    from conservator.storage import export

    with _open(args) as store:
        cid = store.check_id_of(args.check)
        data = store.report_data(cid)
        capture = data.get("capture") or {}
        if capture.get("file_path"):
            protect(
                capture["file_path"], what="the scan of this check"
            )  # the scan the report is about is an input too
        check_target(args.json or args.csv or args.annotations or args.pdf)
        if args.json:
            out, fmt = export.write_json(data, args.json), "json"
        elif args.csv:
            out, fmt = export.write_csv(data, args.csv, lang=args.lang), "csv"
        elif args.annotations:
            out, fmt = export.write_annotations(data, args.annotations), "annotations"
        else:
            render_report = _render_pdf()
            notes: list[str] = []
            out = render_report(
                data,
                args.pdf,
                lang=args.lang,
                second_lang=args.second_lang,
                paper=args.paper,
                warnings=notes,
            )
            out, fmt = Path(out or args.pdf), "pdf"
            for note in notes:
                print(f"warning: {note}", file=sys.stderr)
        lang = args.lang if fmt in ("pdf", "csv") else None
        second = args.second_lang if fmt == "pdf" else None
        if getattr(store, "read_only", False):
            print(
                "warning: the records database is read-only: this export is not recorded in it",
                file=sys.stderr,
            )
        else:
            store.record_export(cid, out, format=fmt, lang=lang, second_lang=second)
    print(f"wrote {out}")
    return 0


def cmd_backup(args) -> int:
    with _open(args) as store:
        dest = store.backup(args.dest)
    print(f"backed up {store.path} to {dest}")
    return 0


def cmd_verify(args) -> int:
    import sqlite3

    from conservator.errors import StorageError, StorageVersionError
    from conservator.storage.db import damaged_tables, explain

    path = _db_path(args)
    if not path.exists():
        raise StorageError("database does not exist", path)
    from conservator.storage import anchors

    wanted = [anchors.read_anchor(f) for f in args.against]  # a bad file: exit 2 up front
    try:
        with _open(args) as store:
            res = store.verify()
            for a in wanted:
                res["problems"] += anchors.check_against(store, a)
            res["ok"] = not res["problems"]
            res["anchors"] = len(wanted)
    except StorageVersionError:
        raise
    except (StorageError, sqlite3.DatabaseError) as exc:
        # an empty, foreign or damaged file is a verdict, not a usage error
        text = exc.one_line() if isinstance(exc, StorageError) else explain(exc)
        if "busy" in text:
            raise
        res = {"ok": False, "problems": [text], "audit_rows": 0, "final_checks": 0, "masks": 0}
    if not res["ok"] and path.is_file() and path.stat().st_size:
        bad = damaged_tables(path)
        if bad:
            res["damaged_tables"] = bad
            # the generic "file is damaged" line of the failed read says less than this one
            res["problems"] = [
                f"the database file is damaged: pages of {', '.join(bad)} cannot be read; "
                "restore it from a backup"
            ] + [p for p in res["problems"] if "damaged" not in p]
    if args.json:
        dump_json(res)
    elif res["ok"]:
        print(
            f"intact: database ok, {res['audit_rows']} audit rows chained, "
            f"{res['final_checks']} final checks and {res['masks']} masks match their hashes"
        )
        for a, f in zip(wanted, args.against, strict=True):
            print(
                f"  anchored: {a['ref_no']} and audit row {a['audit_rows']} match the "
                f"{a['source']} {f}"
            )
    else:
        print(f"BROKEN: {res['problems'][0]}")
        for p in res["problems"][1:]:
            print(f"  also: {p}")
    if not res["ok"] and args.json:
        print(f"BROKEN: {res['problems'][0]}", file=sys.stderr)
    return 0 if res["ok"] else 1
