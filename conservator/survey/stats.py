"""Survey statistics: proportions with Wilson intervals, % of leaf with bootstrap intervals.

The unit is one sampled page (a leaf of an item). Figures are computed from the records
database, so a conservator's review (accepting, rejecting, grading) is reflected.

For each damage class found in the results (the set is open: new detectors simply appear):

affected
    Pages where the class was measured and its accepted-or-proposed observations cover an
    area above zero. A page on which the class was not measured (its measurement says
    ``"status": "not_measured"``, or the detector did not run) is left out of the class's
    denominator and counted in ``not_measured``.
proportion, ci95
    ``affected / measured``; 95 % Wilson score interval (Wilson 1927) with the
    finite-population correction: the sample size is replaced by the effective size
    ``n (N − 1) / (N − n)`` (a census has a zero-width interval). For a stratified sample the
    proportion is the stratum-weighted mean ``Σ W_h p_h`` (``W_h = N_h / N``), its variance
    ``Σ W_h² (1 − n_h/N_h) p_h (1 − p_h) / (n_h − 1)``, and the Wilson interval uses the
    effective size ``p (1 − p) / variance`` (Kish's design effect; Korn & Graubard 1998).
mean_pct_leaf, median_pct_leaf and their ci95
    The % of the leaf covered (0 on unaffected pages) over measured pages; percentile
    bootstrap 95 % intervals (Efron & Tibshirani 1993), resampling pages within strata,
    up to 2000 resamples, seeded with the survey's seed (reproducible). The bootstrap ignores
    the finite-population correction, so these intervals are slightly conservative.

Grades: the distribution of the checks' overall grades (good/fair/poor/unacceptable, with
Wilson intervals as above). Items most in need are ranked by :func:`need_score`.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

#: Two-sided 95 % normal quantile.
Z95 = 1.959963984540054

#: Bootstrap resamples (fewer on very large samples to bound memory).
BOOTSTRAP = 2000

#: Entries in the ranked list of items most in need.
TOP_NEEDS = 25

GRADES = ("good", "fair", "poor", "unacceptable")
PRIORITY_ORDINAL = {"low": 1, "normal": 2, "high": 3, "urgent": 4}

METHODS = {
    "proportion": "share of measured pages with the class found (accepted or proposed area "
    "above zero); 95 % Wilson score interval with finite-population correction "
    "(effective sample size n(N-1)/(N-n)); stratified: weighted by stratum size, effective "
    "size from the stratified variance",
    "pct_leaf": "mean and median % of the leaf covered (0 where not found) over measured "
    "pages; 95 % percentile bootstrap interval, resampling pages within strata, seeded",
    "grades": "overall grade of each page's condition check (proposed by the detectors or "
    "set by a conservator)",
    "need": "need score = 10 x (overall grade - 1) + 5 x priority (0 none, 1 low ... 4 "
    "urgent) + sum of the severities (1-3) of the damage classes found; ties broken by the "
    "total % of the leaf affected",
}


def wilson(k: int, n: float, population: int | None = None, z: float = Z95):
    """Wilson score interval for ``k`` of ``n``, with finite-population correction.

    Examples
    --------
    >>> [round(v, 3) for v in wilson(41, 120)]
    [0.263, 0.43]
    >>> [round(v, 3) for v in wilson(41, 120, population=1200)]
    [0.267, 0.426]
    >>> wilson(5, 10, 10)
    (0.5, 0.5)
    """
    if n <= 0:
        return None
    p = k / n
    if population is not None and population <= n:
        return (p, p)
    n_eff = n * (population - 1) / (population - n) if population else n
    return _wilson_p(p, n_eff, z)


def _wilson_p(p: float, n_eff: float, z: float = Z95):
    if not math.isfinite(n_eff):
        return (p, p)
    z2 = z * z
    denom = 1 + z2 / n_eff
    centre = (p + z2 / (2 * n_eff)) / denom
    half = z * math.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff * n_eff)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _proportion(groups: dict, sizes: dict, stratified: bool):
    """(estimate, ci) from ``groups[stratum] = list of 0/1`` and population ``sizes``."""
    ns = {h: len(v) for h, v in groups.items() if len(v)}
    n = sum(ns.values())
    if n == 0:
        return None, None
    if not stratified or len(ns) == 1:
        k = sum(sum(v) for v in groups.values())
        N = sum(sizes.get(h, 0) for h in ns) or None
        return k / n, wilson(k, n, N)
    total = sum(sizes[h] for h in ns)
    p = var = 0.0
    for h, nh in ns.items():
        W = sizes[h] / total
        ph = sum(groups[h]) / nh
        p += W * ph
        if nh > 1:
            var += W * W * (1 - nh / sizes[h]) * ph * (1 - ph) / (nh - 1)
    if var <= 0 or p in (0.0, 1.0):
        N = total if all(ns[h] >= sizes[h] for h in ns) else None
        if N is not None:
            return p, (p, p)
        fpc_n = n * (total - 1) / (total - n) if total > n else math.inf
        return p, _wilson_p(p, fpc_n)
    return p, _wilson_p(p, p * (1 - p) / var)


def _bootstrap(groups: dict, sizes: dict, seed: int, stratified: bool):
    """Mean and median with 95 % percentile bootstrap intervals (resampled within strata)."""
    parts = {h: np.asarray(v, float) for h, v in groups.items() if len(v)}
    n = sum(len(v) for v in parts.values())
    if n == 0:
        return None
    if not stratified:
        parts = {None: np.concatenate(list(parts.values()))}
    total = sum(sizes.get(h, len(v)) for h, v in parts.items()) if stratified else n
    weights = {h: (sizes.get(h, len(v)) / total if stratified else 1.0) for h, v in parts.items()}
    pooled = np.concatenate(list(parts.values()))
    mean = float(sum(weights[h] * v.mean() for h, v in parts.items()))
    median = float(np.median(pooled))
    census = stratified and all(len(v) >= sizes.get(h, 0) for h, v in parts.items())
    if census or n == 1 or float(pooled.max()) == float(pooled.min()):
        return mean, (mean, mean), median, (median, median)
    rng = np.random.default_rng(int(seed))
    reps = int(max(200, min(BOOTSTRAP, 5_000_000 // n)))
    means = np.zeros(reps)
    draws = []
    for h, v in parts.items():
        d = v[rng.integers(0, len(v), size=(reps, len(v)))]
        means += weights[h] * d.mean(axis=1)
        draws.append(d)
    medians = np.median(np.concatenate(draws, axis=1), axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    mlo, mhi = np.percentile(medians, [2.5, 97.5])
    return mean, (float(lo), float(hi)), median, (float(mlo), float(mhi))


def need_score(unit: dict) -> float:
    """The documented need score of a page (see ``METHODS["need"]``)."""
    grade = unit.get("grade") or 1
    prio = PRIORITY_ORDINAL.get(unit.get("priority") or "", 0)
    sev = sum(c.get("severity", 0) for c in unit["classes"].values() if c.get("affected"))
    return 10 * (grade - 1) + 5 * prio + sev


def class_stats(units: list[dict], sizes: dict, *, seed: int, stratified: bool) -> dict:
    """Per damage class: affected, measured, proportion, ci95, mean/median % of leaf."""
    classes: list[str] = []
    for u in units:
        for c in u["classes"]:
            if c not in classes:
                classes.append(c)
    out = {}
    for c in classes:
        flags: dict = defaultdict(list)
        pcts: dict = defaultdict(list)
        not_measured = 0
        for u in units:
            info = u["classes"].get(c)
            if info is None or not info.get("measured", True):
                not_measured += 1
                continue
            hit = bool(info.get("affected"))
            flags[u["stratum"]].append(1 if hit else 0)
            pcts[u["stratum"]].append(float(info.get("pct_leaf") or 0.0) if hit else 0.0)
        measured = sum(len(v) for v in flags.values())
        affected = sum(sum(v) for v in flags.values())
        p, ci = _proportion(flags, sizes, stratified)
        boot = _bootstrap(pcts, sizes, seed, stratified)
        out[c] = {
            "affected": affected,
            "measured": measured,
            "not_measured": not_measured,
            "proportion": _r(p),
            "ci95": [_r(ci[0]), _r(ci[1])] if ci else None,
            "mean_pct_leaf": _r(boot[0]) if boot else None,
            "mean_pct_leaf_ci95": [_r(boot[1][0]), _r(boot[1][1])] if boot else None,
            "median_pct_leaf": _r(boot[2]) if boot else None,
            "median_pct_leaf_ci95": [_r(boot[3][0]), _r(boot[3][1])] if boot else None,
        }
    return out


def grade_stats(units: list[dict], sizes: dict, stratified: bool) -> dict:
    """Distribution of overall grades (count, proportion, ci95 per grade; ``ungraded``)."""
    graded = [u for u in units if u.get("grade")]
    out = {}
    for i, code in enumerate(GRADES, start=1):
        groups: dict = defaultdict(list)
        for u in graded:
            groups[u["stratum"]].append(1 if u["grade"] == i else 0)
        p, ci = _proportion(groups, sizes, stratified)
        out[code] = {
            "count": sum(1 for u in graded if u["grade"] == i),
            "proportion": _r(p),
            "ci95": [_r(ci[0]), _r(ci[1])] if ci else None,
        }
    out["ungraded"] = {"count": len(units) - len(graded)}
    return out


def most_in_need(units: list[dict], limit: int = TOP_NEEDS) -> list[dict]:
    """The pages with the highest :func:`need_score`, best first."""
    scored = []
    for u in units:
        total_pct = sum(c.get("pct_leaf", 0.0) for c in u["classes"].values() if c.get("affected"))
        found = sorted(c for c, v in u["classes"].items() if v.get("affected"))
        scored.append(
            {
                "inventory_no": u["inventory_no"],
                "file": u["file"],
                "page": u["page"] + 1,
                "stratum": u["stratum"],
                "check_id": u["check_id"],
                "score": need_score(u),
                "grade": GRADES[u["grade"] - 1] if u.get("grade") else None,
                "priority": u.get("priority"),
                "classes": found,
                "pct_leaf": _r(total_pct),
            }
        )
    scored.sort(key=lambda s: (-s["score"], -(s["pct_leaf"] or 0), s["inventory_no"], s["page"]))
    return [dict(rank=i, **s) for i, s in enumerate(scored[:limit], start=1)]


def summarise(survey: dict, units: list[dict], population_by_stratum: dict) -> dict:
    """Every figure of the survey (the ``--json`` document without the item list).

    Parameters
    ----------
    survey : dict
        The survey row.
    units : list of dict
        :func:`conservator.storage.surveys.unit_records`.
    population_by_stratum : dict
        Frame size per stratum.
    """
    stratified = survey["method"] == "stratified" or (
        survey["strata_field"] is not None and len(population_by_stratum) > 1
    )
    seed = survey["seed"] or 0
    done = [u for u in units if u["status"] == "done"]
    failed = sum(1 for u in units if u["status"] == "failed")
    if stratified:
        sizes, stat_units = dict(population_by_stratum), done
    else:
        sizes, stat_units = {None: survey["population"]}, [{**u, "stratum": None} for u in done]
    doc = {
        "survey": {
            "id": survey["id"],
            "name": survey["name"],
            "source": survey["source"],
            "population": survey["population"],
            "sample": survey["sample_size"],
            "done": len(done),
            "failed": failed,
            "pending": len(units) - len(done) - failed,
            "seed": survey["seed"],
            "strata_field": survey["strata_field"],
            "method": method_text(survey),
            "sampling": survey["method"],
            "preset": survey.get("preset"),
            "detectors": (survey.get("analysis") or {}).get("detectors"),
            "created_at": survey["created_at"],
        },
        "methods": METHODS,
        "classes": class_stats(stat_units, sizes, seed=seed, stratified=stratified),
        "grades": grade_stats(stat_units, sizes, stratified),
        "strata": {},
        "most_in_need": most_in_need(done),
    }
    if survey["strata_field"] is not None:
        for h in sorted(population_by_stratum, key=lambda s: (s is None, str(s))):
            mine = [u for u in done if u["stratum"] == h]
            sampled = sum(1 for u in units if u["stratum"] == h)
            n_h = {h: population_by_stratum[h]}
            doc["strata"][h if h is not None else ""] = {
                "population": population_by_stratum[h],
                "sample": sampled,
                "done": len(mine),
                "classes": class_stats(mine, n_h, seed=seed, stratified=False),
                "grades": grade_stats(mine, n_h, False),
            }
    return doc


def method_text(survey: dict) -> str:
    """One sentence describing how the sample was drawn."""
    n, N, seed = survey["sample_size"], survey["population"], survey["seed"]
    if survey["method"] == "census":
        how = f"census of all {N} pages"
    elif survey["method"] == "stratified":
        how = (
            f"stratified random sample of {n} of {N} pages by '{survey['strata_field']}', "
            f"proportional allocation, without replacement (seed {seed})"
        )
    else:
        how = f"simple random sample of {n} of {N} pages without replacement (seed {seed})"
    preset = survey.get("preset") or "balanced"
    return (
        f"{how}; each page analysed by the detectors (preset {preset}) and stored as a draft "
        "condition check of its item"
    )


def _r(v, nd: int = 4):
    return None if v is None else round(float(v), nd)
