"""Named detector settings for batch work: ``sensitive``, ``balanced``, ``conservative``.

A survey (``conservator survey --preset P``) runs thousands of pages unattended; the preset
says which way the detectors should err. ``balanced`` is the detectors' defaults (the settings
the accuracy figures in the README are measured with). The other two move a few thresholds,
each in its physical unit, by a modest step:

``sensitive`` (report more; for a first look at a fonds where missing damage costs more than
a false alarm)
    foxing: candidate/seed score 3/6 → 2.5/5 × the page's paper noise, a spot's yellowing
    3.5 → 3 × the noise, smallest spot 0.3 → 0.25 mm across;
    stain: score 3/6 → 2.5/5 × the paper noise, smallest stain 3 → 2 mm²;
    loss: smallest hole 0.2 → 0.1 mm²; tear: shortest tear 3 → 2 mm;
    fading: a region must reach ΔE00 3.0 → 2.5, smallest region 100 → 64 mm².

``conservative`` (report less; for figures that go into a funding case, where every
reported damage should be beyond doubt)
    foxing: score 3/6 → 3.5/7 × the paper noise, yellowing 3.5 → 4 × the noise, smallest
    spot 0.3 → 0.5 mm across;
    stain: score 3/6 → 3.5/7 × the paper noise, smallest stain 3 → 5 mm²;
    loss: smallest hole 0.2 → 0.4 mm²; tear: shortest tear 3 → 5 mm;
    fading: a region must reach ΔE00 3.0 → 3.5, smallest region 100 → 150 mm².

The overrides are validated against the detectors' parameter dataclasses by
``tests/core/test_presets.py``, so a renamed parameter breaks the test, not a survey.
"""

from __future__ import annotations

from conservator.errors import ConservatorError

#: ``{preset: {detector: {parameter: value}}}``; ``balanced`` is the defaults.
PRESETS: dict[str, dict[str, dict[str, float]]] = {
    "sensitive": {
        "foxing": {
            "low_sigmas": 2.5,
            "high_sigmas": 5.0,
            "delta_b_sigmas": 3.0,
            "min_diameter_mm": 0.25,
        },
        "stain": {"low_sigmas": 2.5, "high_sigmas": 5.0, "min_area_mm2": 2.0},
        "loss": {"min_area_mm2": 0.1},
        "tear": {"min_length_mm": 2.0},
        "fading": {"core_de00": 2.5, "min_area_mm2": 64.0},
    },
    "balanced": {},
    "conservative": {
        "foxing": {
            "low_sigmas": 3.5,
            "high_sigmas": 7.0,
            "delta_b_sigmas": 4.0,
            "min_diameter_mm": 0.5,
        },
        "stain": {"low_sigmas": 3.5, "high_sigmas": 7.0, "min_area_mm2": 5.0},
        "loss": {"min_area_mm2": 0.4},
        "tear": {"min_length_mm": 5.0},
        "fading": {"core_de00": 3.5, "min_area_mm2": 150.0},
    },
}

DEFAULT_PRESET = "balanced"


def preset_overrides(name: str | None) -> dict[str, dict[str, float]]:
    """The parameter overrides of a preset, ``{detector: {parameter: value}}`` (a copy).

    ``None`` means :data:`DEFAULT_PRESET`.

    Examples
    --------
    >>> preset_overrides("balanced")
    {}
    >>> preset_overrides("conservative")["loss"]
    {'min_area_mm2': 0.4}
    """
    key = (name or DEFAULT_PRESET).strip().lower()
    if key not in PRESETS:
        raise ConservatorError(f"unknown preset {name!r}; choose from {', '.join(PRESETS)}")
    return {det: dict(values) for det, values in PRESETS[key].items()}


#: One line each, for a chooser (the interface translates its own copy of these lines).
DESCRIPTIONS: dict[str, str] = {
    "sensitive": "report more: fainter and smaller damage, a few more false alarms",
    "balanced": "the detectors' defaults, as measured in the README",
    "conservative": "report less: only damage that is beyond doubt",
}


def preset_of(overrides: dict[str, dict[str, float]]) -> str | None:
    """The preset whose overrides these are (``{}`` is ``balanced``), or None (custom values).

    >>> preset_of(preset_overrides("conservative"))
    'conservative'
    >>> preset_of({"loss": {"min_area_mm2": 0.3}}) is None
    True
    """

    def same(a: dict, b: dict) -> bool:
        a = {d: v for d, v in a.items() if v}
        b = {d: v for d, v in b.items() if v}
        if a.keys() != b.keys():
            return False
        return all(
            a[d].keys() == b[d].keys()
            and all(abs(float(a[d][k]) - float(b[d][k])) <= 1e-9 for k in a[d])
            for d in a
        )

    for name, values in PRESETS.items():
        if same(overrides or {}, values):
            return name
    return None
