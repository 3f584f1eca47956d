"""Run the analysis on one labelled real scan and score it.

The whole path of ``conservator analyze`` is measured: the file is decoded with
:func:`conservator.imaging.load.load_scan`, given the labels' resolution when the file has no
reliable one (as ``--dpi`` would), and analysed with every detector
:func:`conservator.analysis.analyze_scan` runs by default.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from conservator.benchmark.labels import PageLabels
from conservator.benchmark.scoring import (
    LABEL_KEY,
    MEASURED,
    NOT_IMPLEMENTED,
    NOT_MEASURED,
    ScoreParams,
    score_page,
)

#: Resolutions written by software that did not know the real one (screen defaults).
SCREEN_DEFAULT_PPI = (72.0, 96.0)

#: Used when neither the file nor the labels give a resolution.
FALLBACK_PPI = 300.0


def choose_ppi(file_dpi: tuple[float, float] | None, label_ppi: float | None) -> tuple[float, str]:
    """The resolution to analyse and score at, and where it came from (``file``, ``labels``,
    ``assumed``). The file's own resolution wins unless it is missing or a screen default."""
    if file_dpi and not any(abs(file_dpi[0] - d) < 1.0 for d in SCREEN_DEFAULT_PPI):
        return (file_dpi[0] + file_dpi[1]) / 2.0, "file"
    if label_ppi:
        return float(label_ppi), "labels"
    if file_dpi:
        return (file_dpi[0] + file_dpi[1]) / 2.0, "file"
    return FALLBACK_PPI, "assumed"


def class_status(result, cls: str) -> dict:
    """Whether the analysis measured ``cls``: ``{"status", "reason", "method", "explicit"}``.

    Reads ``status``, ``reason`` and ``method`` where a detector may put them (attributes of the
    detector result, its ``to_dict()``, or its measurements). A class the analysis did not return
    is ``not_implemented``; a class without a status is taken as measured with
    ``explicit: False`` (it says nothing about what it could not measure).
    """
    det = result.detectors.get(cls)
    if det is None:
        return {
            "status": NOT_IMPLEMENTED,
            "reason": f"{cls}: not implemented",
            "method": None,
            "explicit": False,
        }
    places = [det]
    try:
        places.append(det.to_dict())
    except Exception:  # noqa: BLE001  (a detector result we cannot serialise: attributes only)
        pass
    places.append(getattr(det, "measurements", None) or {})
    found = {"status": None, "reason": None, "method": None}
    for p in places:
        for key in found:
            value = p.get(key) if isinstance(p, dict) else getattr(p, key, None)
            if found[key] is None and isinstance(value, str) and value:
                found[key] = value
    status = found["status"]
    if status is None:
        return {"status": MEASURED, "reason": None, "method": found["method"], "explicit": False}
    status = status.lower().replace(" ", "_").replace("-", "_")
    if status not in (MEASURED, NOT_MEASURED):
        status = NOT_MEASURED if status.startswith("not") else MEASURED
    return {
        "status": status,
        "reason": found["reason"],
        "method": found["method"],
        "explicit": True,
    }


@dataclass
class PageRun:
    """One analysed and scored page: the JSON-ready ``record`` and, for overlays, the scan's
    pixels and the detection masks."""

    record: dict
    pixels: np.ndarray
    masks: dict[str, np.ndarray]
    labels: PageLabels


def leaf_cm2(leaf: dict, ppm: float) -> float:
    """The analysed leaf's area in cm² (from mm², else from pixels at ``ppm`` px/mm)."""
    if leaf.get("area_mm2") is not None:
        return float(leaf["area_mm2"]) / 100.0
    return float(leaf.get("area_px", 0)) / (ppm * ppm) / 100.0


def run_page(
    path: str | Path,
    labels: PageLabels,
    params: ScoreParams | None = None,
    keep_pixels: bool = False,
) -> PageRun:
    """Load, analyse and score one labelled image."""
    from conservator.analysis import analyze_scan
    from conservator.imaging.load import load_scan

    t0, c0 = time.perf_counter(), time.process_time()
    scan = load_scan(path)
    ppi, ppi_source = choose_ppi(scan.dpi, labels.ppi)
    if ppi_source != "file":
        scan = scan.with_dpi(ppi)
    result = analyze_scan(scan)
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0  # all threads of this process: the machine may be shared
    ppm = ppi / 25.4
    status = {cls: class_status(result, cls) for cls in LABEL_KEY}
    masks = {cls: np.asarray(result.masks[cls], bool) for cls in LABEL_KEY if cls in result.masks}
    if not masks:
        masks = {"foxing": np.zeros((scan.height, scan.width), bool)}
    score = score_page(labels, masks, status, ppm, params)
    record = {
        "name": labels.name,
        "group": labels.group,
        "colour": labels.colour,
        "board_visible": labels.board_visible,
        "clean_paper": labels.clean_paper,
        "ppi": ppi,
        "ppi_source": ppi_source,
        "width": scan.width,
        "height": scan.height,
        "megapixels": scan.width * scan.height / 1e6,
        # the leaf's area: the analysis works at fixed physical resolutions (about 150 and
        # 300 ppi), so its cost follows the paper's area more than the scan's pixel count
        "leaf_cm2": leaf_cm2(result.leaf, ppm),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "detected_board": result.leaf.get("board_visible"),
        "warnings": list(result.warnings),
        # colour charts and rulers set aside from the leaf
        "in_frame": [dict(t) for t in getattr(result, "targets", [])],
        "score": score,
    }
    pixels = scan.pixels if keep_pixels else np.zeros((0, 0), np.uint8)
    return PageRun(record, pixels, masks, labels)
