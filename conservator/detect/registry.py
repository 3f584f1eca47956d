"""One entry per damage class: its detector, parameters, measurement fields, colour, severity rule.

Everything that depends on the list of damage classes iterates over :data:`REGISTRY` instead of
keeping its own list: the analysis pipeline (which detectors, progress shares, empty results),
``conservator analyze`` (options, overlay, summary), the app (legend, overlays, class menus)
and the PDF report (colours, drawing order, measurement table). A detector module adds its
class with one :func:`register` call::

    @register(
        "stain",
        VERSION,
        StainParams,
        order=15,
        colour=(0, 114, 178),
        weight=0.1,
        measurements={"count": 0, "area_px": 0, "area_mm2": 0.0, "area_pct": 0.0},
        severity=(("area_pct", 1.0, 5.0),),
        summary=lambda m: f", {m['tide_lines']} with a tide line",
    )
    def detect_stain(front, params, steps) -> DetectorResult: ...

and is imported in :mod:`conservator.detect` (``__init__``) so that it registers.

Colours are one per class everywhere (app, CLI overlay, PDF), taken from the Okabe–Ito palette
(Okabe & Ito 2008, "Color Universal Design"), which stays distinguishable with the common forms
of colour-blindness; classes people mark by hand (no detector) have theirs in
:data:`HAND_COLOURS`.

Abstention: a class that cannot be measured on a scan says so. Its result carries
``status = "not_measured"`` and a ``reason`` in plain words (one of :data:`REASONS`, keyed by a
short code the report translates), never a bare 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

#: Result status of a class.
MEASURED = "measured"
NOT_MEASURED = "not_measured"

#: Why a class was not measured: code → plain words (the JSON's ``reason``; the report
#: translates the code, ``reason_<code>`` in its catalogues).
REASONS = {
    "no_board": "no backing board visible",
    "uneven_board": "no even backing board around the leaf",
    "greyscale": "not measurable in greyscale",
    "too_small": "the image is too small to analyse",
    "uniform": "the image is uniform",
}

#: What "luminance only" means in a result's ``method``.
LUMINANCE_ONLY = "luminance only"

#: How a class behaves on a greyscale scan (or an RGB scan that is practically grey):
#: ``"luminance"`` its detector runs on luminance alone and the result is labelled so;
#: ``"not_measurable"`` it is not run and says "not measurable in greyscale";
#: ``"own"`` its detector decides (it sets status, reason and method itself).
GREYSCALE_POLICIES = ("luminance", "not_measurable", "own")

#: Colours of damage codes people mark by hand, without a detector (RGB, Okabe–Ito based).
HAND_COLOURS: dict[str, tuple[int, int, int]] = {
    "stain": (0, 114, 178),  # blue
    "mould": (120, 60, 160),  # purple
    "soiling": (90, 90, 90),  # dark grey
    "crease": (86, 180, 233),  # sky blue
}
#: Colour of a code nobody registered (grey).
UNKNOWN_COLOUR = (128, 128, 128)


@dataclass(frozen=True)
class DamageClass:
    """A registered damage class.

    Attributes
    ----------
    name : str
        The class code: JSON key, ``--detectors`` name, mask file name (``<name>.png``) and
        damage vocabulary code (``resources/vocab/damage.json``).
    version : str
        Detector version, recorded with every run.
    params_cls : type
        Parameters dataclass (field metadata names the unit, see ``base.unit``).
    func : callable
        ``func(front, params, steps) -> DetectorResult``.
    order : int
        Report order (smaller first).
    colour : (int, int, int)
        sRGB display colour, the same in the app, the CLI overlay and the PDF.
    weight : float
        Share of the progress bar (the front end has :data:`FRONT_WEIGHT`).
    measurements : Mapping
        Every measurement field with its value when nothing is found (the empty result).
    severity : tuple of (key, threshold for 2, threshold for 3)
        The first measurement present decides (see ``conservator.storage.severity``).
    layer : int
        Drawing order on maps (smaller drawn first: large areas under thin lines).
    fill_alpha : float
        Fill opacity on the report's map.
    outline_px : int
        Extra outline width in previews (tiny spots need it).
    fine : bool
        Works from the ~300 ppi level (the front end builds it; queued first: the longest).
    greyscale : str
        One of :data:`GREYSCALE_POLICIES`.
    summary : callable or None
        ``summary(measurements) -> str``: extra text after the CLI's count and area.
    reconcile : callable or None
        ``reconcile(result, results, front, params) -> None``: run once every detector has
        finished, to leave out what another class already measured (a cluster of fox spots is
        not also a stain). ``results`` maps class names to the run's results.
    doc : str
        The detector's docstring.
    """

    name: str
    version: str
    params_cls: type
    func: Callable
    order: int
    colour: tuple[int, int, int]
    weight: float = 0.1
    measurements: Mapping = field(default_factory=dict)
    severity: tuple = (("area_pct", 1.0, 5.0),)
    layer: int = 50
    fill_alpha: float = 0.38
    outline_px: int = 0
    fine: bool = False
    greyscale: str = "own"
    summary: Callable[[dict], str] | None = None
    reconcile: Callable | None = None
    doc: str = ""

    @property
    def colour_hex(self) -> str:
        return "#{:02x}{:02x}{:02x}".format(*self.colour)


#: Share of the progress bar for the shared front end.
FRONT_WEIGHT = 0.3
#: Measurement fields every class has.
BASE_MEASUREMENTS = {"count": 0, "area_px": 0, "area_mm2": 0.0, "area_pct": 0.0}

REGISTRY: dict[str, DamageClass] = {}


def register(
    name: str,
    version: str,
    params_cls: type,
    *,
    order: int = 100,
    colour: tuple[int, int, int] | None = None,
    weight: float = 0.1,
    measurements: Mapping | None = None,
    severity: tuple = (("area_pct", 1.0, 5.0),),
    layer: int = 50,
    fill_alpha: float = 0.38,
    outline_px: int = 0,
    fine: bool = False,
    greyscale: str = "own",
    summary: Callable[[dict], str] | None = None,
    reconcile: Callable | None = None,
):
    """Decorator adding a detector function as damage class ``name`` to :data:`REGISTRY`.

    ``measurements`` lists the class's own fields beyond ``count``, ``area_px``, ``area_mm2``
    and ``area_pct`` (with their values when nothing is found); ``colour`` defaults to the
    class's entry in :data:`HAND_COLOURS`.
    """
    if greyscale not in GREYSCALE_POLICIES:
        raise ValueError(f"greyscale policy must be one of {GREYSCALE_POLICIES}")
    if colour is None:
        colour = HAND_COLOURS.get(name, UNKNOWN_COLOUR)

    def deco(func):
        REGISTRY[name] = DamageClass(
            name=name,
            version=version,
            params_cls=params_cls,
            func=func,
            order=order,
            colour=tuple(int(c) for c in colour),
            weight=weight,
            measurements={**BASE_MEASUREMENTS, **dict(measurements or {})},
            severity=tuple(tuple(r) for r in severity),
            layer=layer,
            fill_alpha=fill_alpha,
            outline_px=outline_px,
            fine=fine,
            greyscale=greyscale,
            summary=summary,
            reconcile=reconcile,
            doc=func.__doc__ or "",
        )
        return func

    return deco


def _load() -> dict[str, DamageClass]:
    import conservator.detect  # noqa: F401  (importing the package registers every class)

    return REGISTRY


def entries() -> list[DamageClass]:
    """Every registered class, in report order."""
    return sorted(_load().values(), key=lambda e: (e.order, e.name))


def class_names() -> tuple[str, ...]:
    """Names of the registered classes, in report order."""
    return tuple(e.name for e in entries())


def get(name: str) -> DamageClass | None:
    """The entry of class ``name``, or None."""
    return _load().get(name)


def colour_of(code: str) -> tuple[int, int, int]:
    """Display colour (RGB) of a damage code: registered, hand-marked, else grey."""
    e = _load().get(code)
    if e is not None:
        return e.colour
    return HAND_COLOURS.get(code, UNKNOWN_COLOUR)


def colours() -> dict[str, tuple[int, int, int]]:
    """Every known damage code's colour: the registered classes, then the hand-marked ones."""
    out = {e.name: e.colour for e in entries()}
    for code, c in HAND_COLOURS.items():
        out.setdefault(code, c)
    return out


def layer_order() -> list[str]:
    """Registered class names in drawing order (large areas first, thin lines last)."""
    return [e.name for e in sorted(entries(), key=lambda e: (e.layer, e.order))]


def reason_text(code: str | None) -> str | None:
    """Plain words for a reason code (the code itself when unknown)."""
    if not code:
        return None
    return REASONS.get(code, code)
