"""The records store: one façade over the concern modules.

:class:`Store` is the one API used by the CLI and the desktop application. It adds nothing of
its own: each group of methods lives in the module of its concern, all sharing one
:class:`~conservator.storage.session.Session` (connection, transaction, row helpers, audit
writer, vocabulary look-ups):

======================================== ===============================================
module                                   what it holds
======================================== ===============================================
:mod:`~conservator.storage.session`      connection, ``transaction()``, audit writer, vocab
:mod:`~conservator.storage.items`        items, parts, people, full-text search
:mod:`~conservator.storage.captures`     captures (scans) of an item
:mod:`~conservator.storage.checks`       condition checks: draft → final → new version
:mod:`~conservator.storage.findings`     findings (one row each) and their regions
:mod:`~conservator.storage.summary`      per-class numbers derived from findings (pure)
:mod:`~conservator.storage.reportfields` hazards, recommendations, treatment, signatures
:mod:`~conservator.storage.runs`         analysis results recorded into a draft
:mod:`~conservator.storage.reportdata`   ``report_data`` for reports/exports, export log
:mod:`~conservator.storage.integrity`    record hashes, ``verify``, ``backup``
:mod:`~conservator.storage.history`      the audit trail read back: who changed what
:mod:`~conservator.storage.settings`     settings: the institution on every report
======================================== ===============================================

Every method that changes something runs in one ``BEGIN IMMEDIATE`` transaction together with
its ``audit_log`` row; group several calls into one transaction with
``with store.transaction():``. Methods return plain dicts and lists (JSON-ready), raise
:class:`~conservator.errors.ConservatorError` subclasses for anything a user can cause, and
are quick (milliseconds), so the GUI thread can call them directly. Long work (analysis) must
run elsewhere; :meth:`Store.record_analysis` then saves its result. One ``Store`` may be shared
between threads (a lock serialises them), but a worker thread should rather open its own with
:func:`conservator.storage.open_db`.

A finalised check never changes: the methods refuse with
:class:`~conservator.errors.RecordLockedError` and SQL triggers refuse raw SQL as well; a
correction is :meth:`Store.new_version`, a new draft that ``supersedes`` the old check.
"""

from __future__ import annotations

from conservator.storage.captures import Captures
from conservator.storage.checks import Checks
from conservator.storage.findings import Findings
from conservator.storage.geometry import svg_polygon
from conservator.storage.history import History
from conservator.storage.integrity import Integrity
from conservator.storage.items import Items
from conservator.storage.reportdata import ReportData
from conservator.storage.reportfields import ReportFields
from conservator.storage.runs import Runs
from conservator.storage.session import (
    ILLUMINATIONS,
    OBS_STATUSES,
    RECOMMENDATION_KINDS,
    REPORT_VOCAB_SCHEMES,
)
from conservator.storage.settings import Settings

__all__ = [
    "ILLUMINATIONS",
    "OBS_STATUSES",
    "RECOMMENDATION_KINDS",
    "REPORT_VOCAB_SCHEMES",
    "Store",
    "svg_polygon",
]


class Store(
    Items, Captures, Checks, Findings, ReportFields, Runs, ReportData, Integrity, History, Settings
):
    """A records database opened by :func:`conservator.storage.open_db` (see the module
    docstring for where each method lives)."""
