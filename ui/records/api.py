"""The few records-store calls the report editor and the records browser make, in one place.

The widgets never talk to the store directly: when the store's API changes, only this module
changes. Every call runs on the GUI thread (the store's connection is not shared with workers).
"""

from __future__ import annotations


def report_data(store, check_id: int) -> dict:
    """Everything a report shows (docs/interfaces.md, ``Store.report_data``)."""
    return store.report_data(int(check_id))


def save_draft(store, check_id: int, *, item, check, hazards, recommendations, treatment) -> None:
    """Write the editor's fields to a draft check and its item (one transaction)."""
    store.save_draft(
        int(check_id),
        item=item,
        check=check,
        hazards=hazards,
        recommendations=recommendations,
        treatment=treatment,
    )


def finalize(store, check_id: int, name: str) -> None:
    """Sign and lock a draft check."""
    store.finalize_check(int(check_id), name)


def new_version(store, check_id: int) -> int:
    """A new draft superseding a final check; returns its id."""
    return int(store.new_version(int(check_id)))


def list_items(store, query: str = "", limit: int = 500) -> list[dict]:
    """Items matching ``query`` (full-text; all items when empty), newest activity first.

    Each dict has ``id``, ``inventory_no``, ``title``, ``object_type``, ``checks`` (count),
    ``last_check_date``, ``last_grade`` (1–4 or None), ``last_status``.
    """
    return list(store.list_items(query=query or None, limit=limit))


def item_checks(store, item_id: int) -> list[dict]:
    """The checks of an item, newest first: ``id``, ``ref_no``, ``check_date``, ``status``,
    ``overall_grade``, ``checker``, ``supersedes``, ``finalized_at``, ``finalized_by``."""
    return list(store.item_checks(int(item_id)))
