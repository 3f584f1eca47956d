"""``assess``: load a scan, run the detectors, record a draft condition check.

The slow part (loading and analysing) runs before any database transaction; the capture (an
existing capture of the same file, page, lighting and scale is reused), the
check, its observations, regions and measurements are then written in one transaction, so a
failure or a cancellation leaves no half-written check behind. Masks are written as PNG files
beside the database first (content-addressed, so a retry reuses them).
"""

from __future__ import annotations

import os


def _default_analyze():
    try:
        from conservator.analysis import analyze_scan
    except ImportError as exc:  # pragma: no cover - the analysis package ships with the core
        from conservator.errors import ConservatorError

        raise ConservatorError(
            f"the damage analysis is not available in this build ({exc})"
        ) from None
    return analyze_scan


def assess_scan(
    store,
    scan_path: str | os.PathLike[str],
    *,
    inventory_no: str,
    examiner: str,
    dpi: float | None = None,
    page: int = 0,
    illumination: str = "normal",
    reason_code: str | None = None,
    detectors=None,
    params=None,
    progress=None,
    cancelled=None,
    analyze=None,
) -> int:
    """Assess one scan of an item and record the result as a draft check.

    Parameters
    ----------
    store : Store
        The open records store.
    scan_path : path-like
        The scan (TIFF, PNG, JPEG, JPEG 2000).
    inventory_no : str
        The item; it must exist already (``items add``).
    examiner : str
        The person recorded as checker.
    dpi : float, optional
        Resolution to use when the file records none (or a wrong one).
    page : int
        Page of a multi-page TIFF (0-based).
    illumination : str
        ``normal``, ``raking``, ``uv``, ``transmitted`` or ``ir``.
    reason_code : str, optional
        Reason for the check (vocabulary ``reason``).
    detectors, params, progress, cancelled
        Passed to ``conservator.analysis.analyze_scan``.
    analyze : callable, optional
        Replaces ``analyze_scan`` (tests, alternative pipelines).

    Returns
    -------
    int
        The new check's id.
    """
    from conservator.imaging.load import load_scan

    store._item_row(inventory_no)  # fail fast, before the slow part
    if not (examiner or "").strip():
        from conservator.errors import ConservatorError

        raise ConservatorError("say who examined the item (--examiner NAME)")
    scan = load_scan(scan_path, page=page)
    if dpi:
        scan = scan.with_dpi(float(dpi))
    analyze = analyze or _default_analyze()
    result = analyze(
        scan, detectors=detectors, params=params, progress=progress, cancelled=cancelled
    )
    mask_files = store.write_analysis_masks(result)
    finding_masks = store.write_finding_masks(result)
    with store.transaction():
        capture_id = store.find_capture(
            inventory_no, scan.sha256, page=scan.page, illumination=illumination
        )
        if capture_id is None or store.get_capture(capture_id)["px_per_mm"] != _ppm(scan):
            capture_id = store.add_capture_from_scan(
                inventory_no, scan, illumination=illumination, actor=examiner
            )
        check_id = store.create_check(
            inventory_no,
            checker=examiner,
            reason_code=reason_code,
            method_code="automated_image_analysis",
            capture_id=capture_id,
            actor=examiner,
        )
        store.record_analysis(
            check_id,
            capture_id,
            result,
            mask_files=mask_files,
            finding_masks=finding_masks,
            actor=examiner,
        )
    return check_id


def _ppm(scan) -> float | None:
    return (scan.dpi[0] + scan.dpi[1]) / 2 / 25.4 if scan.dpi else None
