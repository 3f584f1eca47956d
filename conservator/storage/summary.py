"""Per-class numbers of a check, derived from its findings: the one place they are computed.

Every output takes its per-class numbers from :func:`class_summaries`: ``report_data``
(``"measurements"``, hence the JSON, CSV and W3C exports and the PDF's legend and measurement
table), ``conservator checks findings``/``checks show`` and the app's legend. Nothing per class
is stored; change a finding and every output follows.

Which findings count (:func:`counts`):

- ``accepted`` findings always;
- ``proposed`` (unreviewed) findings while the check is a draft, so a draft's report shows
  what the detectors proposed; on a final check they no longer count (the report lists them
  as not reviewed);
- ``rejected`` findings never: they are not on the map, in the legend or in the measurements.

Derived per class: ``count``, ``area_px``, ``area_mm2``, ``area_pct`` (of the leaf measured
by the analysis), ``longest_mm``, ``total_length_mm`` and ``lengths_mm`` (findings with a
``length_mm``), ``sources`` (``{"automatic": n, "manual": n}``) and ``proposed`` (how many of
the counted findings are unreviewed); and where the class's detector defines them,
``density_per_100cm2``, ``median_diameter_mm`` and ``p90_diameter_mm`` (each finding's
``diameter_mm``, else the diameter of a disc of its area) and ``median_delta_e00``.

Numbers a detector measured over its whole class that cannot be rebuilt from single findings
(paper colour, yellowness, share of the leaf above a ΔE00 threshold, edge depth …) are kept
only while the class's counted findings are exactly the detector's own (none rejected, none
re-classified into or out of the class, none drawn by hand); otherwise they would describe
damage the examiner removed. A detector that reports ``"status"`` (e.g. ``"not_measured"``
with a ``"reason"``) for a class without findings keeps that entry.
"""

from __future__ import annotations

import math

#: Keys derived from findings; anything else a detector measured is "context".
DERIVED_KEYS = frozenset(
    {
        "count",
        "area_px",
        "area_mm2",
        "area_pct",
        "density_per_100cm2",
        "median_diameter_mm",
        "p90_diameter_mm",
        "longest_mm",
        "total_length_mm",
        "lengths_mm",
        "median_delta_e00",
        "sources",
        "proposed",
    }
)
#: Provenance keys of a detector's stored measurement, never copied into a summary.
_PROVENANCE = frozenset({"detector_version", "mask_path", "mask_sha256"})


def counts(finding: dict, *, final: bool) -> bool:
    """Whether a finding counts in the numbers, the map and the legend (see module doc)."""
    status = finding.get("status")
    return status == "accepted" or (status == "proposed" and not final)


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    v = sorted(values)
    k = 0.9 * (len(v) - 1)
    lo, hi = math.floor(k), math.ceil(k)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def _r(value, nd: int):
    return None if value is None else round(float(value), nd)


def class_summaries(
    findings: list[dict],
    *,
    final: bool,
    leaf: dict | None = None,
    detector_measurements: dict | None = None,
) -> dict[str, dict]:
    """Per-class numbers from a check's findings.

    Parameters
    ----------
    findings : list of dict
        The check's findings (``Store.findings``): ``damage_code``, ``status``, ``source``,
        ``area_px``, ``area_mm2``, ``measurements``, ``reclassified_from``.
    final : bool
        The check is final (then proposed findings do not count).
    leaf : dict, optional
        ``area_px``, ``area_mm2`` of the leaf measured by the analysis.
    detector_measurements : dict, optional
        ``{class: numbers}`` the detectors measured over their whole class (provenance).

    Returns
    -------
    dict
        ``{damage_code: {...}}`` in order of the first counted finding's number, then the
        classes a detector looked for without a counted finding: zeros, or ``status``
        (``"not_measured"``) and ``reason`` when it could not measure.

    Examples
    --------
    >>> f = [{"damage_code": "foxing", "status": "accepted", "source": "automatic",
    ...       "area_px": 40, "area_mm2": 0.5, "measurements": {"diameter_mm": 0.8}},
    ...      {"damage_code": "foxing", "status": "rejected", "source": "automatic",
    ...       "area_px": 90, "area_mm2": 1.2, "measurements": {}}]
    >>> det = {"foxing": {"count": 2, "median_diameter_mm": 1.1}}
    >>> s = class_summaries(f, final=True, detector_measurements=det)["foxing"]
    >>> s["count"], s["area_mm2"], s["median_diameter_mm"]
    (1, 0.5, 0.8)
    """
    leaf = leaf or {}
    det = detector_measurements or {}
    leaf_px = leaf.get("area_px") or None
    leaf_mm2 = leaf.get("area_mm2") or None
    by_class: dict[str, list[dict]] = {}
    for f in sorted(findings, key=lambda f: (f.get("no") or 0, f.get("id") or 0)):
        if counts(f, final=final):
            by_class.setdefault(f["damage_code"], []).append(f)
    out: dict[str, dict] = {}
    for code, items in by_class.items():
        px = [float(f["area_px"]) for f in items if f.get("area_px") is not None]
        mm2 = [float(f["area_mm2"]) for f in items if f.get("area_mm2") is not None]
        area_px = sum(px) if px else None
        area_mm2 = sum(mm2) if mm2 else None
        s: dict = {"count": len(items), "area_px": None if area_px is None else int(round(area_px))}
        s["area_mm2"] = _r(area_mm2, 3)
        if leaf_px and area_px is not None:
            s["area_pct"] = _r(100.0 * area_px / float(leaf_px), 4)
        else:
            pct = [float(f["pct_of_leaf"]) for f in items if f.get("pct_of_leaf") is not None]
            s["area_pct"] = _r(sum(pct), 4) if pct else None
        reported = det.get(code) or {}  # the statistics this class's detector defines
        if leaf_mm2 and "density_per_100cm2" in reported:
            s["density_per_100cm2"] = _r(len(items) / (float(leaf_mm2) / 10_000.0), 2)
        diam, lengths, de = [], [], []
        for f in items:
            m = f.get("measurements") or {}
            if m.get("diameter_mm") is not None:
                diam.append(float(m["diameter_mm"]))
            elif f.get("area_mm2") is not None and code == "foxing":
                diam.append(2.0 * math.sqrt(float(f["area_mm2"]) / math.pi))
            if m.get("length_mm") is not None:
                lengths.append(float(m["length_mm"]))
            for key in ("delta_e00", "mean_delta_e00"):
                if m.get(key) is not None:
                    de.append(float(m[key]))
                    break
        if diam and "median_diameter_mm" in reported:
            s["median_diameter_mm"] = _r(_median(diam), 3)
            s["p90_diameter_mm"] = _r(_p90(diam), 3)
        if lengths:
            lengths.sort(reverse=True)
            s["longest_mm"] = _r(lengths[0], 2)
            s["total_length_mm"] = _r(sum(lengths), 2)
            s["lengths_mm"] = [_r(v, 2) for v in lengths]
        if de and "median_delta_e00" in reported:
            s["median_delta_e00"] = _r(_median(de), 2)
        s["sources"] = {
            "automatic": sum(1 for f in items if f.get("source") == "automatic"),
            "manual": sum(1 for f in items if f.get("source") != "automatic"),
        }
        s["proposed"] = sum(1 for f in items if f.get("status") == "proposed")
        if _detector_set_intact(code, items, findings):
            for key, value in (det.get(code) or {}).items():
                if key not in DERIVED_KEYS and key not in _PROVENANCE and key not in s:
                    s[key] = value
        out[code] = s
    for code, m in det.items():
        if code in out or not isinstance(m, dict):
            continue
        if m.get("status", "measured") != "measured":
            keep = ("status", "reason", "reason_code", "method")
            out[code] = {k: m[k] for k in keep if m.get(k) is not None}
        else:  # looked for, none counted: a zero, not a gap
            out[code] = {
                "count": 0,
                "area_px": 0,
                "area_mm2": 0.0 if leaf_mm2 or m.get("area_mm2") is not None else None,
                "area_pct": 0.0,
                "sources": {"automatic": 0, "manual": 0},
                "proposed": 0,
            }
    return out


def _detector_set_intact(code: str, counted: list[dict], findings: list[dict]) -> bool:
    """The counted findings of ``code`` are exactly the detector's own, unchanged."""
    if any(f.get("source") != "automatic" or f.get("reclassified_from") for f in counted):
        return False
    return not any(
        (f.get("reclassified_from") == code and f.get("damage_code") != code)
        or (
            f.get("damage_code") == code
            and f.get("source") == "automatic"
            and f.get("status") == "rejected"
        )
        for f in findings
    )
