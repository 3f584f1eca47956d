"""Totals over scored pages (overall and per image group) and the targets of issue 12.

A *page record* is what :func:`conservator.benchmark.run.run_page` returns: the page's name,
group, ``colour``, ``board_visible``, ``clean_paper``, megapixels, seconds, and ``score`` from
:func:`conservator.benchmark.scoring.score_page`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from conservator.benchmark.scoring import (
    MEASURED,
    NOT_IMPLEMENTED,
    per_100cm2,
    silent_on_greyscale,
)

#: Classes whose absence of a backing board makes every detection wrong.
BOARD_CLASSES = ("loss", "tear")

#: ``(metric key, comparison, target)`` — the "done when" of issue 12 on the dev set.
TARGETS = (
    ("foxing recall", ">=", 0.8),
    ("false foxing spots per 100 cm² on clean pages", "<=", 1.0),
    ("stain recall", ">=", 0.7),
    ("losses+tears measured on no-board pages", "<=", 0),
    ("greyscale pages silent about a class", "<=", 0),
)


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


def summarise(pages: Iterable[dict]) -> dict:
    """Pooled figures over ``pages`` (see the module docstring of ``scoring`` for the rules)."""
    pages = list(pages)
    s: dict = {"pages": len(pages)}
    # foxing and stains: recall over every page with boxes, false rates over measured pages
    for cls in ("foxing", "stain"):
        recs = [p["score"]["classes"][cls] for p in pages]
        boxes = sum(r["boxes"] for r in recs)
        found = sum(r["found"] for r in recs)
        measured = [(p, r) for p, r in zip(pages, recs, strict=True) if r["status"] == MEASURED]
        implemented = any(r["status"] != NOT_IMPLEMENTED for r in recs)
        strict = sum(r.get("found_strict", 0) for r in recs)
        c = {
            "implemented": implemented,
            "boxes": boxes,
            "found": found,
            "recall": _ratio(found, boxes),
            "recall strict": _ratio(strict, boxes),
            "pages_measured": len(measured),
        }
        for tag, sel in (("", measured), (" clean", [m for m in measured if m[0]["clean_paper"]])):
            cm2 = sum(p["score"]["free_cm2"] for p, _ in sel)
            free_px = sum(p["score"]["free_px"] for p, _ in sel)
            c[f"false count{tag}"] = sum(r["false_count"] for _, r in sel)
            c[f"false count strict{tag}"] = sum(r.get("false_count_strict", 0) for _, r in sel)
            c[f"false per 100cm2 strict{tag}"] = per_100cm2(c[f"false count strict{tag}"], cm2)
            c[f"free cm2{tag}"] = round(cm2, 2)
            c[f"false per 100cm2{tag}"] = per_100cm2(c[f"false count{tag}"], cm2)
            c[f"false area pct{tag}"] = 100.0 * _ratio(sum(r["false_px"] for _, r in sel), free_px)
            c[f"pages{tag}"] = len(sel)
        s[cls] = c
    # losses and tears
    noboard = [p for p in pages if not p["board_visible"]]
    for cls in BOARD_CLASSES:
        recs = [p["score"]["classes"][cls] for p in pages]
        nb = [p["score"]["classes"][cls] for p in noboard]
        s[cls] = {
            "boxes": sum(r["boxes"] for r in recs),
            "found": sum(r["found"] for r in recs),
            "recall": _ratio(sum(r["found"] for r in recs), sum(r["boxes"] for r in recs)),
            "noboard pages": len(nb),
            "noboard count": sum(r["count"] for r in nb if r["status"] == MEASURED),
            "noboard area mm2": round(sum(r["area_mm2"] for r in nb if r["status"] == MEASURED), 1),
            "noboard pages with any": sum(
                1 for r in nb if r["status"] == MEASURED and r["count"] > 0
            ),
            "noboard pages not measured": sum(1 for r in nb if r["status"] != MEASURED),
        }
    # greyscale pages: which classes say what they did
    grey = [p for p in pages if not p["colour"]]
    g: dict = {"pages": len(grey), "classes": {}}
    silent_pages = 0
    for p in grey:
        silent_pages += any(silent_on_greyscale(r) for r in p["score"]["classes"].values())
    for cls in ("foxing", "stain", "loss", "tear"):
        recs = [p["score"]["classes"][cls] for p in grey]
        g["classes"][cls] = {
            "measured": sum(1 for r in recs if r["status"] == MEASURED and r.get("method")),
            "measured (silent)": sum(1 for r in recs if silent_on_greyscale(r)),
            "methods": sorted({r["method"] for r in recs if r.get("method")}),
            "not measured": sum(1 for r in recs if r["status"] not in (MEASURED, NOT_IMPLEMENTED)),
            "not implemented": sum(1 for r in recs if r["status"] == NOT_IMPLEMENTED),
            "count": sum(r["count"] for r in recs if r["status"] == MEASURED),
            "reasons": sorted({r["reason"] for r in recs if r.get("reason")}),
        }
    g["silent pages"] = silent_pages
    s["greyscale"] = g
    # time
    mp = sum(p["megapixels"] for p in pages)
    secs = sum(p["seconds"] for p in pages)
    cpu = sum(p.get("cpu_seconds", p["seconds"]) for p in pages)
    worst = max(pages, key=lambda p: p["seconds"] / max(p["megapixels"], 1e-9), default=None)
    worst_cpu = max(
        pages, key=lambda p: p.get("cpu_seconds", 0.0) / max(p["megapixels"], 1e-9), default=None
    )
    area = [p for p in pages if p.get("leaf_cm2")]
    cm2 = sum(p["leaf_cm2"] for p in area)
    worst_area = max(area, key=lambda p: p.get("cpu_seconds", 0.0) / p["leaf_cm2"], default=None)
    s["time"] = {
        "leaf cm2": round(cm2, 1),
        "cpu s per 100cm2": _ratio(100.0 * sum(p.get("cpu_seconds", 0.0) for p in area), cm2),
        "worst cpu area page": worst_area["name"] if worst_area else None,
        "worst cpu s per 100cm2": 100.0
        * worst_area.get("cpu_seconds", 0.0)
        / worst_area["leaf_cm2"]
        if worst_area
        else math.nan,
        "megapixels": round(mp, 2),
        "seconds": round(secs, 2),
        "s per MP": _ratio(secs, mp),
        "worst page": worst["name"] if worst else None,
        "worst s per MP": worst["seconds"] / max(worst["megapixels"], 1e-9) if worst else math.nan,
        "cpu seconds": round(cpu, 2),
        "cpu s per MP": _ratio(cpu, mp),
        "worst cpu page": worst_cpu["name"] if worst_cpu else None,
        "worst cpu s per MP": worst_cpu.get("cpu_seconds", 0.0) / max(worst_cpu["megapixels"], 1e-9)
        if worst_cpu
        else math.nan,
    }
    return s


def target_values(s: dict) -> dict:
    """The metric values :data:`TARGETS` refers to, from a :func:`summarise` result."""
    nb = sum(s[c]["noboard count"] for c in BOARD_CLASSES)
    return {
        "foxing recall": s["foxing"]["recall"],
        "false foxing spots per 100 cm² on clean pages": s["foxing"]["false per 100cm2 clean"],
        "stain recall": s["stain"]["recall"],
        "losses+tears measured on no-board pages": nb,
        "greyscale pages silent about a class": s["greyscale"]["silent pages"],
    }


def check_targets(s: dict) -> list[dict]:
    """Each target with its value and whether it is met (NaN never is)."""
    values = target_values(s)
    out = []
    for key, op, target in TARGETS:
        v = values[key]
        ok = not (isinstance(v, float) and math.isnan(v)) and (
            v >= target if op == ">=" else v <= target
        )
        out.append({"metric": key, "value": v, "op": op, "target": target, "met": bool(ok)})
    return out


def groups(pages: Iterable[dict]) -> dict[str, list[dict]]:
    """Pages by name prefix (``dibco``, ``cuper``, ``photo`` ...) and by colour / greyscale."""
    pages = list(pages)
    out: dict[str, list[dict]] = {}
    for p in pages:
        out.setdefault(p["group"], []).append(p)
    for p in pages:
        out.setdefault("colour" if p["colour"] else "greyscale", []).append(p)
    return out
