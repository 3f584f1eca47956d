"""``audit`` (who changed what) and ``settings`` (institution printed on every report)."""

from __future__ import annotations

import sys

from conservator.cli.common import dump_json
from conservator.storage.settingkeys import SETTINGS


def register(sub) -> None:
    """Add ``audit`` and ``settings`` to the parser."""
    from conservator.cli.records import _db_option

    p = sub.add_parser(
        "audit",
        help="show the audit trail: who changed what, when, with old and new values",
        description="Print the audit log, oldest first: time, who, what (table and row), the "
        "action and every changed field with its old and new value. The entries are "
        "hash-chained; 'conservator verify' checks the chain.",
    )
    p.add_argument("--check", default=None, metavar="ID", help="only this check (id or ref)")
    p.add_argument("--item", default=None, metavar="INV", help="only this item and its checks")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="the newest N entries")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    _db_option(p)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser(
        "settings",
        help="show or set the records' settings (institution name, address, logo)",
        description="Settings stored in the records database. Keys: "
        + "; ".join(f"{k}: {v}" for k, v in SETTINGS.items()),
    )
    ssub = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    a = ssub.add_parser("list", help="show every setting")
    a.add_argument("--json", action="store_true", help="print a JSON object")
    _db_option(a)
    a.set_defaults(func=cmd_settings_list)
    a = ssub.add_parser("set", help="set a setting (an empty value clears it)")
    a.add_argument("key", metavar="KEY", choices=list(SETTINGS), help=", ".join(SETTINGS))
    a.add_argument("value", metavar="VALUE")
    _db_option(a)
    a.set_defaults(func=cmd_settings_set)


def _value(v) -> str:
    if v is None:
        return "∅"
    text = " ".join(str(v).split()) if not isinstance(v, (dict, list)) else str(v)
    return text if len(text) <= 40 else text[:39] + "…"


def cmd_audit(args) -> int:
    from conservator.cli.records import _open

    with _open(args) as store:
        check_id = store.check_id_of(args.check) if args.check else None
        rows = store.audit_history(check_id=check_id, inventory_no=args.item, limit=args.limit)
    if args.json:
        dump_json(rows)
        return 0
    if not rows:
        print("no audit entries")
        return 0
    for r in rows:
        print(f"{r['ts']}  {r['actor'] or '—'}  {r['action']} {r['table']} {r['row'] or ''}")
        for field, (old, new) in sorted(r["changes"].items()):
            if field in ("created_at", "updated_at"):
                continue
            print(f"    {field}: {_value(old)} → {_value(new)}")
    return 0


def cmd_settings_list(args) -> int:
    from conservator.cli.records import _open

    with _open(args) as store:
        values = store.settings()
    if args.json:
        dump_json(values)
        return 0
    for k, v in values.items():
        print(f"{k:<24} {v if v is not None else '(not set)'}")
    return 0


def cmd_settings_set(args) -> int:
    from conservator.cli.records import _open

    with _open(args, create=True) as store:
        store.set_setting(args.key, args.value)
        value = store.get_setting(args.key)
    print(f"{args.key} = {value}" if value is not None else f"{args.key} cleared", file=sys.stdout)
    return 0
