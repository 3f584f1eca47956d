"""A review session on one check: open its findings for review, save the reviewed list back 1:1.

The desktop app reviews a check as a list of findings held in memory (accept, reject,
re-classify, severity, note, regions drawn by hand) and writes it with :func:`save_review`;
:func:`open_review` gives back exactly what was stored, so a reopened check shows the same
findings, states, severities, numbers and measurements. Both are plain functions on a
:class:`~conservator.storage.store.Store` (no Qt), built on its findings API
(:mod:`conservator.storage.findings`).

A *review finding* is a dict with the keys of a stored finding that a review may set:

``key``
    The caller's handle for the finding (returned with its number); any hashable value.
``no``
    Its number in the check once stored, else ``None`` (a new finding).
``damage_code``, ``status``, ``severity``, ``note``
    Its class and review (status ``proposed`` / ``accepted`` / ``rejected``).
``source``
    ``"automatic"`` (a detector's instance) or ``"manual"`` (drawn by hand).
``detector``, ``instance_id``
    For a detector's finding not yet stored: the detector (class) and the instance id in the
    analysis result, which :func:`save_review` records first.
``polygon`` or ``xywh``
    A manual finding's outline (scan pixels) or rectangle.
``measurements``
    What was measured when a manual finding was drawn (``area_mm2``, ``longest_mm`` …).
``author``
    Who drew a manual finding (default: the store's actor).
"""

from __future__ import annotations

from conservator.errors import RecordLockedError

#: The review fields a person changes on a stored finding.
REVIEW_FIELDS = ("damage_code", "status", "severity", "note")


def _points(points) -> list[list[float]] | None:
    if not points:
        return None
    return [[round(float(x), 2), round(float(y), 2)] for x, y in points]


def _stored_points(f: dict) -> list[list[float]] | None:
    for r in f.get("regions") or []:
        if r.get("points"):
            return _points(r["points"])
    return None


def open_review(store, check_id: int) -> dict:
    """Everything needed to review (or look at) a check again, as it is stored.

    Returns
    -------
    dict
        ``check`` (the check row: ``id``, ``ref_no``, ``status``, ``inventory_no`` …),
        ``final`` (bool), ``capture`` (the scan: ``id``, ``file_path``, ``page``,
        ``px_per_mm`` … or None), ``findings`` (:meth:`Store.findings`, by number),
        ``class_masks`` (``{class: mask path}`` of the recorded analysis, for overlays),
        ``measurements`` (what each detector measured over its class, with its status: a
        class not measured says why) and ``summaries`` (the derived per-class numbers, as
        every report prints them).
    """
    check = store.get_check(int(check_id))
    class_masks = {
        cls: m["mask_path"]
        for cls, m in (check.get("measurements") or {}).items()
        if isinstance(m, dict) and m.get("mask_path")
    }
    return {
        "check": {
            k: v for k, v in check.items() if k not in ("observations", "measurements", "summaries")
        },
        "final": check.get("status") == "final",
        "capture": check.get("capture"),
        "findings": check["observations"],  # the findings, by number (Store.findings)
        "class_masks": class_masks,
        "measurements": check.get("measurements") or {},
        "summaries": check["summaries"],
    }


def save_review(
    store,
    check_id: int,
    findings: list[dict],
    *,
    analysis=None,
    capture_id: int | None = None,
    actor: str | None = None,
) -> dict:
    """Write a reviewed list of findings into a draft check, one stored finding per entry.

    - ``analysis`` (an analysis result not yet recorded in this check) is recorded first
      (:meth:`Store.record_analysis`: one proposed finding per detected instance), and the
      detector findings of the list are matched to it by ``(detector, instance_id)``;
    - a manual finding without a number is added (with its outline, measurements, author);
      one whose outline changed gets its new outline and measurements;
    - the review fields (class, status, severity, note) that differ from what is stored are
      written with :meth:`Store.review_findings` (who and when is recorded);
    - a stored manual finding missing from the list was deleted by the user and is removed;
      detector findings are never removed (a person rejects them), except those of an earlier
      analysis when ``analysis`` replaces it.

    Everything happens in one transaction: a failure leaves the check as it was.

    Returns
    -------
    dict
        ``numbers`` (``{key: no}`` for every entry of ``findings``) and ``findings`` (all
        stored findings of the check, by number, as :meth:`Store.findings`).

    Raises
    ------
    RecordLockedError
        The check is final.
    """
    # the check row only (``get_check`` would also read every finding and derive summaries)
    check = store._check(int(check_id))
    if check.get("status") == "final":
        raise RecordLockedError(
            f"condition check {check.get('ref_no') or check_id} is final and cannot change; "
            "create a new version to correct it",
            store.path,
        )
    cid = check["id"]
    mask_files = finding_masks = None
    if analysis is not None:  # the slow PNG writing, outside the transaction
        mask_files = store.write_analysis_masks(analysis)
        finding_masks = store.write_finding_masks(analysis)
    numbers: dict = {}
    with store.transaction():
        if analysis is not None:
            # a new analysis replaces the detector findings of an earlier one on this draft
            listed = {e.get("no") for e in findings if e.get("no") is not None}
            for f in store.findings(cid):
                if f["source"] == "automatic" and f["no"] not in listed:
                    store.delete_observation(f["id"], actor=actor)
            store.record_analysis(
                cid,
                capture_id if capture_id is not None else check["capture_id"],
                analysis,
                mask_files=mask_files,
                finding_masks=finding_masks,
                actor=actor,
            )
        stored = {f["no"]: f for f in store.findings(cid)}
        by_instance = {
            (
                f.get("detector") or f["damage_code"],
                (f.get("measurements") or {}).get("instance_id"),
            ): f
            for f in stored.values()
            if f["source"] == "automatic"
        }
        reviews, kept, added = [], set(), {}
        for entry in findings:
            no = entry.get("no")
            if no is None and entry.get("source") == "automatic":
                hit = by_instance.get((entry.get("detector"), entry.get("instance_id")))
                no = hit["no"] if hit else None
            if no is None:
                if entry.get("source") == "automatic":
                    continue  # an instance the analysis did not record: nothing to review
                added[_add_manual(store, cid, entry, actor)] = entry.get("key")
                continue
            elif no not in stored:
                raise RecordLockedError(
                    f"finding {no} is no longer in check {cid}; reopen the check", store.path
                )
            else:
                if entry.get("source") == "manual":
                    _update_outline(store, cid, stored[no], entry, actor)
                change = {
                    k: entry.get(k)
                    for k in REVIEW_FIELDS
                    if k in entry and (entry.get(k) or None) != (stored[no].get(k) or None)
                }
                if change:
                    if "damage_code" in change:
                        change["status"] = entry.get("status")
                    if "note" in change and change["note"] is None:
                        change["note"] = ""  # a cleared note (None would mean "unchanged")
                    reviews.append({"no": no, **change})
            numbers[entry.get("key", no)] = no
            kept.add(no)
        if reviews:
            store.review_findings(cid, reviews, actor=actor)
        for no, f in stored.items():
            if f["source"] == "manual" and no not in kept:
                store.delete_observation(f["id"], actor=actor)
        now = store.findings(cid)
    for f in now:
        if f["id"] in added:
            numbers[added[f["id"]]] = f["no"]
    return {"numbers": numbers, "findings": now}


def _add_manual(store, check_id: int, entry: dict, actor) -> int:
    oid = store.add_observation(
        check_id,
        entry["damage_code"],
        severity=entry.get("severity"),
        note=entry.get("note") or None,
        source="manual",
        status=entry.get("status") or "accepted",
        measurements=entry.get("measurements") or None,
        author=entry.get("author"),
        actor=actor,
    )
    if entry.get("polygon"):
        store.add_region(oid, polygon=_points(entry["polygon"]), actor=actor)
    else:
        store.add_region(oid, xywh=tuple(entry["xywh"]), actor=actor)
    return oid


def _update_outline(store, check_id: int, stored: dict, entry: dict, actor) -> None:
    new = _points(entry.get("polygon"))
    if new is None or new == _stored_points(stored):
        return
    for r in stored.get("regions") or []:
        store.delete_region(r["id"], actor=actor)
    store.add_region(stored["id"], polygon=new, actor=actor)
    if entry.get("measurements"):
        store.update_observation(stored["id"], measurements=entry["measurements"], actor=actor)


# --------------------------------------------------------------------------- batch review
#: What a batch review may do to the findings it picks.
BATCH_ACTIONS = {"accept": "accepted", "reject": "rejected"}


def finding_bbox(finding: dict) -> tuple[float, float, float, float] | None:
    """A finding's bounding box ``(x, y, w, h)`` in scan pixels: its ``bbox`` key (the app's
    findings), else the union of its stored regions' boxes or outlines (``Store.findings``)."""
    box = finding.get("bbox")
    if box is not None and len(box) == 4:
        return tuple(float(v) for v in box)
    xs: list[float] = []
    ys: list[float] = []
    for r in finding.get("regions") or []:
        if r.get("bbox"):
            x, y, w, h = (float(v) for v in r["bbox"])
            xs += [x, x + w]
            ys += [y, y + h]
        for px, py in r.get("points") or []:
            xs.append(float(px))
            ys.append(float(py))
    if not xs:
        return None
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def batch_targets(
    findings: list[dict],
    action: str,
    *,
    damage_code: str | None = None,
    min_area_mm2: float | None = None,
    min_area_px: float | None = None,
    region: tuple[float, float, float, float] | None = None,
    keys=None,
    include_reviewed: bool = False,
) -> list:
    """The findings a batch review changes: the keys (``key``, else ``no``) of every finding
    that matches all the criteria given and does not already have the action's status.

    The desktop app (Review › Batch) and the command line (``checks batch``) both choose their
    targets here, so the same criteria change the same findings.

    Parameters
    ----------
    findings : list of dict
        Review findings (``key`` or ``no``, ``damage_code``, ``status``, ``area_mm2``,
        ``area_px``, and ``bbox`` or stored ``regions``).
    action : {"accept", "reject"}
    damage_code : str, optional
        Only findings of this class.
    min_area_mm2, min_area_px : float, optional
        Only findings of at least this area (a finding without an area in mm², on a scan
        without a resolution, never matches ``min_area_mm2``).
    region : (x0, y0, x1, y1), optional
        Only findings whose bounding box lies wholly inside this rectangle (scan pixels):
        a finding cut by the edge of the region is left as it is.
    keys : iterable, optional
        Only these findings (a selection in the table).
    include_reviewed : bool
        Also change findings a person already accepted or rejected (default: only the
        proposed ones, so an earlier decision is never overturned by a batch).
    """
    if action not in BATCH_ACTIONS:
        raise ValueError(f"unknown batch action {action!r}; one of {sorted(BATCH_ACTIONS)}")
    status = BATCH_ACTIONS[action]
    wanted = None if keys is None else set(keys)
    if region is not None:
        x0, y0, x1, y1 = (float(v) for v in region)
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
    out = []
    for f in findings:
        key = f.get("key", f.get("no"))
        if wanted is not None and key not in wanted:
            continue
        if f.get("status") == status:
            continue
        if not include_reviewed and f.get("status") not in (None, "proposed"):
            continue
        if damage_code is not None and f.get("damage_code") != damage_code:
            continue
        if min_area_mm2 is not None:
            a = f.get("area_mm2")
            if a is None or float(a) < float(min_area_mm2):
                continue
        if min_area_px is not None:
            a = f.get("area_px")
            if a is None or float(a) < float(min_area_px):
                continue
        if region is not None:
            box = finding_bbox(f)
            if box is None:
                continue
            bx, by, bw, bh = box
            if bx < x0 or by < y0 or bx + bw > x1 or by + bh > y1:
                continue
        out.append(key)
    return out
