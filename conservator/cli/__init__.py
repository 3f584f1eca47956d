"""The ``conservator`` command line.

Each command group lives in its own module with a ``register(subparsers)`` function. Every
failure a user can cause ends as one line ``error: <what> (<file>)`` on stderr and exit code 2;
set ``CONSERVATOR_DEBUG=1`` to see the traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sqlite3
import sys
import threading

from conservator import __version__
from conservator.errors import ConservatorError

#: Modules that contribute sub-commands, in the order they appear in ``--help``.
COMMAND_MODULES = [
    "conservator.cli.scan",
    "conservator.cli.demo",
    "conservator.cli.analyze",
    "conservator.cli.records",
    "conservator.cli.audit",
    "conservator.cli.survey",
]

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse with the project's one-line error style (still exit code 2)."""

    def error(self, message: str):  # noqa: D401
        self.exit(EXIT_USAGE, f"error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="conservator",
        description="Condition documentation for archive and library conservation: load scans "
        "faithfully, measure damage in physical units, keep records, write reports.",
    )
    parser.add_argument("--version", action="version", version=f"conservator {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help="records database (default: $CONSERVATOR_DB, else conservator.db in the user data folder)",
    )
    parser.add_argument(
        "--actor",
        metavar="NAME",
        default=None,
        help="who makes the changes, for the audit log (default: $CONSERVATOR_USER, else "
        "the operating-system user name)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


class _Terminated(BaseException):
    """SIGTERM as an exception, so that ``finally`` blocks remove half-written temporary files."""


def _on_sigterm(signum, frame):  # noqa: ARG001
    raise _Terminated


def main(argv: list[str] | None = None) -> int:
    from conservator.outputs import clear_protection

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    debug = os.environ.get("CONSERVATOR_DEBUG") not in (None, "", "0")
    clear_protection()
    named_db = getattr(args, "db", None) or os.environ.get("CONSERVATOR_DB")
    if named_db:  # even commands that never open it (analyze, convert) must not write over it
        from conservator.outputs import protect_database

        protect_database(named_db)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _run(args, debug)
    except _Terminated:
        print("error: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _run(args, debug: bool) -> int:
    try:
        return int(args.func(args) or 0)
    except ConservatorError as exc:
        if debug:
            raise
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `conservator items list | head`: the reader left, not an error
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (silence the flush at exit)
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print("error: not enough memory for this operation", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.Error as exc:  # a damaged page, a full disk met outside a transaction
        if debug:
            raise
        from conservator.storage.db import explain

        print(f"error: {explain(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        if debug:
            raise
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # never a traceback at the user
        if debug:
            raise
        text = " ".join(str(exc).split())[:300]
        print(
            f"error: internal error: {type(exc).__name__}: {text} "
            "(set CONSERVATOR_DEBUG=1 for details and please report it)",
            file=sys.stderr,
        )
        return EXIT_USAGE
