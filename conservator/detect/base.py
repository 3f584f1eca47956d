"""The common detector interface: parameters in physical units, results, lazy full-size masks.

A detector is a pure function ``detect(front, params, *, progress, cancelled) -> DetectorResult``
over the arrays prepared by :mod:`conservator.detect.frontend`. Its parameters are a dataclass
whose field metadata names the unit; :mod:`conservator.detect.registry` holds one entry per
damage class (detector, parameters, measurement fields, colour, severity rule).

A class that cannot be measured on a scan (no backing board for losses, a greyscale scan for
colour measures) returns a result with ``status = "not_measured"`` and the reason in plain
words, never a silent zero.

Full-resolution masks of 50–150 MP scans are large, so a detector returns a :class:`MaskSource`
(patches at full resolution plus, optionally, a reduced-resolution mask), turned into a full
``H × W`` boolean array only when somebody asks for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect.registry import MEASURED, NOT_MEASURED, REASONS, REGISTRY, register
from conservator.errors import AnalysisCancelled, ConservatorError

__all__ = [
    "REGISTRY",
    "DetectorResult",
    "LazyMasks",
    "MaskSource",
    "Steps",
    "make_params",
    "params_to_dict",
    "register",
    "unit",
]

ProgressFn = Callable[[float, str], None]
CancelFn = Callable[[], bool]


def unit(name: str, description: str = "") -> dict:
    """Field metadata naming a parameter's unit (``mm``, ``mm2``, ``dE00``, ``L*`` ...)."""
    return {"unit": name, "description": description}


def params_to_dict(params) -> dict:
    """A parameters dataclass as JSON-ready ``{name: {"value": v, "unit": u}}``."""
    out = {}
    for f in dataclasses.fields(params):
        value = getattr(params, f.name)
        if isinstance(value, tuple):
            value = list(value)
        out[f.name] = {"value": value, "unit": f.metadata.get("unit", "")}
    return out


def make_params(cls, overrides: Mapping | None, detector: str):
    """Build a parameters dataclass from defaults and user overrides, checking names and types."""
    overrides = dict(overrides or {})
    names = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in overrides.items():
        if key not in names:
            raise ConservatorError(
                f"unknown parameter '{key}' for the {detector} detector; "
                f"known: {', '.join(sorted(names))}"
            )
        default = getattr(cls(), key)
        try:
            if isinstance(default, bool):
                value = value if isinstance(value, bool) else str(value).lower() in ("1", "true")
            elif isinstance(default, (int, float)):
                value = type(default)(value)
        except (TypeError, ValueError):
            raise ConservatorError(
                f"parameter '{key}' of the {detector} detector must be a number, not {value!r}"
            ) from None
        kwargs[key] = value
    return cls(**kwargs)


class Steps:
    """Progress in a sub-range ``[start, stop]`` of the whole run, with cancellation checks."""

    def __init__(
        self,
        progress: ProgressFn | None,
        cancelled: CancelFn | None,
        start: float = 0.0,
        stop: float = 1.0,
        label: str = "",
    ):
        self._progress = progress
        self._cancelled = cancelled
        self.start, self.stop, self.label = start, stop, label

    def __call__(self, fraction: float, message: str = "") -> None:
        """Report ``fraction`` (0–1) of this sub-range and raise if the user cancelled."""
        self.check()
        if self._progress is not None:
            f = self.start + (self.stop - self.start) * min(max(fraction, 0.0), 1.0)
            text = f"{self.label}: {message}" if self.label and message else (message or self.label)
            self._progress(f, text)

    def check(self) -> None:
        """Raise :class:`AnalysisCancelled` when the cancel callback says so."""
        if self._cancelled is not None and self._cancelled():
            raise AnalysisCancelled("analysis cancelled")

    def sub(self, a: float, b: float, label: str | None = None) -> Steps:
        """The sub-range ``[a, b]`` (fractions of this range)."""
        span = self.stop - self.start
        return Steps(
            self._progress,
            self._cancelled,
            self.start + span * a,
            self.start + span * b,
            self.label if label is None else label,
        )


@dataclass
class MaskSource:
    """A full-size boolean mask described cheaply.

    Attributes
    ----------
    shape : (rows, cols)
        Full scan size.
    patches : list of (y0, x0, ndarray bool)
        Full-resolution pieces, OR-ed into the mask.
    low : ndarray bool or None
        A reduced-resolution mask, upsampled (nearest to the pixel centre) when no patches
        cover the region; used for large smooth regions (fading).
    """

    shape: tuple[int, int]
    patches: list[tuple[int, int, np.ndarray]] = field(default_factory=list)
    low: np.ndarray | None = None

    def add(self, y0: int, x0: int, patch: np.ndarray) -> None:
        if patch.size and patch.any():
            self.patches.append((int(y0), int(x0), patch.astype(bool, copy=False)))

    def full(self) -> np.ndarray:
        """The H × W boolean mask."""
        h, w = self.shape
        out = np.zeros((h, w), dtype=bool)
        if self.low is not None and self.low.any():
            up = cv2.resize(self.low.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST)
            out |= up.astype(bool)
            del up
        for y0, x0, p in self.patches:
            ph, pw = p.shape
            out[y0 : y0 + ph, x0 : x0 + pw] |= p
        return out

    def area_px(self) -> int:
        """Pixels set, counted without building the full mask when only patches exist."""
        if self.low is not None:
            return int(np.count_nonzero(self.full()))
        if not self.patches:
            return 0
        if len(self.patches) == 1:
            return int(np.count_nonzero(self.patches[0][2]))
        return int(np.count_nonzero(self.full()))


@dataclass
class DetectorResult:
    """What one detector found."""

    name: str
    version: str
    parameters: dict
    measurements: dict
    instances: list[dict]
    mask: MaskSource
    warnings: list[str] = field(default_factory=list)
    #: ``"measured"`` or ``"not_measured"`` (see :meth:`abstain`).
    status: str = MEASURED
    #: Why not measured, in plain words (``None`` when measured).
    reason: str | None = None
    #: The reason's code (a key of ``registry.REASONS``), for translations.
    reason_code: str | None = None
    #: How it was measured when that limits the result (``"luminance only"``), else ``None``.
    method: str | None = None

    @property
    def measured(self) -> bool:
        return self.status == MEASURED

    def abstain(self, code: str, reason: str | None = None) -> DetectorResult:
        """Mark this class not measured, for the reason ``code`` (a key of ``REASONS``)."""
        self.status = NOT_MEASURED
        self.reason_code = code
        self.reason = reason or REASONS.get(code, code)
        return self

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "version": self.version,
            "status": self.status,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "method": self.method,
            "parameters": self.parameters,
            "measurements": self.measurements,
            "instances": self.instances,
        }


class LazyMasks(Mapping):
    """``{class: H × W bool ndarray}``, each built from its :class:`MaskSource` on first access."""

    def __init__(self, sources: dict[str, MaskSource]):
        self._sources = dict(sources)
        self._cache: dict[str, np.ndarray] = {}

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self._cache:
            self._cache[key] = self._sources[key].full()
        return self._cache[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def source(self, key: str) -> MaskSource:
        """The cheap description of one mask (no full-size allocation)."""
        return self._sources[key]


def equivalent_diameter(area_px: np.ndarray | float) -> np.ndarray | float:
    """Diameter of the disc with the same area."""
    return np.sqrt(4.0 * np.asarray(area_px, dtype=float) / np.pi)
