"""Severity (1 minor, 2 moderate, 3 severe) of an automatically measured damage class.

The rule is deliberately simple and written down so that a conservator can check it and an
institution can change it. Each detected class registers its rule with its detector
(``severity=`` in :mod:`conservator.detect.registry`); today's rules follow the measured extent:

========== ======================================= ========= ============ ==========
class      measure                                 1 (minor) 2 (moderate) 3 (severe)
========== ======================================= ========= ============ ==========
foxing     area, % of leaf                         < 1       1 – 5        ≥ 5
loss       area, % of leaf                         < 0.5     0.5 – 3      ≥ 3
tear       longest tear, mm (else area % of leaf)  < 20 mm   20 – 100 mm  ≥ 100 mm
fading     % of leaf with ΔE00 > 3 (else area %)   < 10      10 – 40      ≥ 40
other      area, % of leaf                         < 1       1 – 5        ≥ 5
========== ======================================= ========= ============ ==========

For tears without a resolution (no mm) the area thresholds are 0.2 % and 1 % of the leaf.
The overall grade proposed from the observations is Good when nothing was found, Fair when
the worst severity is 1 or 2, and Poor when it is 3. *Unacceptable* is never proposed
automatically: it needs a person (active mould, insects, friable media).
"""

from __future__ import annotations

#: Rule of damage codes without a detector (hand-marked classes); see the module docstring.
DEFAULT_RULE = [("area_pct", 1.0, 5.0)]


def rule_for(damage_code: str) -> list[tuple[str, float, float]]:
    """(measure key, threshold for 2, threshold for 3) of a class: its registered rule
    (``conservator.detect.registry``), else :data:`DEFAULT_RULE`."""
    from conservator.detect.registry import get

    entry = get(damage_code)
    return list(entry.severity) if entry is not None else list(DEFAULT_RULE)


def severity_for(damage_code: str, measurements: dict) -> int:
    """Severity 1–3 from one class's ``measurements`` (the analysis result's dict).

    Examples
    --------
    >>> severity_for("foxing", {"area_pct": 2.5})
    2
    >>> severity_for("tear", {"longest_mm": 140.0, "area_pct": 0.1})
    3
    """
    for key, t2, t3 in rule_for(damage_code):
        value = measurements.get(key)
        if value is None:
            continue
        value = float(value)
        return 3 if value >= t3 else 2 if value >= t2 else 1
    return 1


def proposed_grade(severities) -> int:
    """Overall grade ordinal (1 good, 2 fair, 3 poor) proposed from observation severities."""
    worst = max(severities, default=0)
    return 1 if worst == 0 else 3 if worst >= 3 else 2


def instance_severity(damage_code: str, instance: dict, leaf_area_px: float | None) -> int:
    """A first severity for one detected finding, which the examiner confirms.

    The class rule of :func:`severity_for` applied to the finding's own extent: its area as
    % of the leaf and, for a tear, its length.

    Examples
    --------
    >>> instance_severity("tear", {"area_px": 50, "length_mm": 30.0}, 100_000)
    2
    """
    meas = {}
    if leaf_area_px and instance.get("area_px") is not None:
        meas["area_pct"] = 100.0 * float(instance["area_px"]) / float(leaf_area_px)
    if instance.get("length_mm") is not None:
        meas["longest_mm"] = instance["length_mm"]
    return severity_for(damage_code, meas)
