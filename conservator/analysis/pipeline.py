"""The analysis pipeline: front end, detectors, result."""

from __future__ import annotations

import concurrent.futures
import copy
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect import registry
from conservator.detect.base import (
    CancelFn,
    DetectorResult,
    LazyMasks,
    MaskSource,
    ProgressFn,
    Steps,
    make_params,
    params_to_dict,
)
from conservator.detect.frontend import ASSUMED_PPI, Front, FrontParams, build_front
from conservator.errors import AnalysisCancelled, ConservatorError
from conservator.heap import tame_malloc, trim_heap
from conservator.imaging import limits
from conservator.model.image import ScanImage
from conservator.parallel import workers

#: Smaller than this (either side) there is nothing meaningful to measure.
MIN_SIDE_PX = 64


@dataclass
class AnalysisResult:
    """What ``analyze_scan`` found.

    Attributes
    ----------
    scan : dict
        Identity of the scan (path, width, height, dpi, px_per_mm, sha256, format, page).
    detectors : dict of str to DetectorResult
    warnings : list of str
    units : str
        ``"mm"``, or ``"px"`` when the scan has no resolution.
    leaf : dict
        ``area_px``, ``area_mm2``, ``bbox`` of the nominal leaf.
    masks : Mapping of str to ndarray
        Full-size boolean masks per class, built on first access.
    targets : list of dict
        Colour charts and rulers found in the frame (left out of the leaf):
        ``{"kind": "colour_chart" | "scale", "box": [x, y, w, h], ...}`` in full-resolution
        pixels; a scale adds its tick pitch, unit, implied ppi and whether that agrees with the
        file's (:mod:`conservator.detect.scales`).
    """

    scan: dict
    detectors: dict[str, DetectorResult]
    warnings: list[str]
    units: str
    leaf: dict
    masks: Mapping = field(repr=False)
    targets: list = field(default_factory=list)
    _front: Front | None = field(default=None, repr=False)
    _leaf_mask: np.ndarray | None = field(default=None, repr=False)

    @property
    def leaf_mask(self) -> np.ndarray:
        """The nominal leaf (before losses and tears), full scan size, bool."""
        if self._leaf_mask is None:
            h, w = self.scan["height"], self.scan["width"]
            if self._front is None:
                self._leaf_mask = np.ones((h, w), bool)
            else:
                self._leaf_mask = self._front.nominal_full(0, h, 0, w)
        return self._leaf_mask

    def to_dict(self) -> dict:
        """JSON-ready dict; exactly what ``conservator analyze --json`` writes."""
        return {
            "scan": self.scan,
            "leaf": self.leaf,
            "units": self.units,
            "warnings": list(self.warnings),
            "detectors": {k: v.to_dict() for k, v in self.detectors.items()},
            "targets": [dict(t) for t in self.targets],
        }


def parse_detectors(detectors: Iterable[str] | str | None) -> list[str]:
    """Validate detector names (in report order); ``None`` means all."""
    classes = registry.class_names()
    if detectors is None:
        return list(classes)
    if isinstance(detectors, str):
        detectors = [d for d in detectors.split(",")]
    names = [d.strip().lower() for d in detectors if d and d.strip()]
    bad = [d for d in names if d not in classes]
    if bad:
        raise ConservatorError(f"unknown detector '{bad[0]}'; choose from {', '.join(classes)}")
    if not names:
        raise ConservatorError(f"no detector chosen; choose from {', '.join(classes)}")
    return [c for c in classes if c in names]


def empty_result(name: str, shape, params: dict) -> DetectorResult:
    """A class's result with nothing found: its registered measurement fields at their empty
    values, no instances, an empty mask."""
    entry = registry.REGISTRY[name]
    meas = copy.deepcopy(dict(entry.measurements))
    return DetectorResult(name, entry.version, params, meas, [], MaskSource(shape))


def _is_srgb_profile(profile: bytes, grey: bool) -> bool:
    """Whether an ICC profile maps colours like sRGB (checked on a grid of test colours)."""
    import imagecodecs

    try:
        v = np.linspace(0, 255, 9).astype(np.uint8)
        if grey:
            return False
        r, g, b = np.meshgrid(v, v, v, indexing="ij")
        test = np.stack([r, g, b], axis=-1).reshape(1, -1, 3)
        out = imagecodecs.cms_transform(
            test,
            profile,
            imagecodecs.cms_profile("srgb"),
            colorspace="rgb",
            outcolorspace="rgb",
            outdtype=np.uint8,
        )
        return int(np.abs(out.astype(int) - test.astype(int)).max()) <= 1
    except Exception:
        return False


def _srgb(scan: ScanImage) -> tuple[np.ndarray, list[str]]:
    """The scan in sRGB; no copy when its profile is sRGB already (most scanners, the demo)."""
    from conservator.imaging.icc import to_srgb

    if scan.icc_profile and _is_srgb_profile(scan.icc_profile, scan.pixels.ndim == 2):
        return scan.pixels, []
    try:
        return to_srgb(scan)
    except ConservatorError as exc:
        return scan.pixels, [f"{exc}; colours taken as sRGB"]


def analyze_scan(
    scan: ScanImage,
    *,
    detectors: Iterable[str] | None = None,
    params: Mapping[str, Mapping] | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelFn | None = None,
) -> AnalysisResult:
    """Detect and measure damage on one scan page.

    Parameters
    ----------
    scan : ScanImage
        From :func:`conservator.imaging.load_scan` (``with_dpi`` to supply a resolution).
    detectors : iterable of str, optional
        Names of registered classes (``conservator.detect.registry.class_names()``);
        default all.
    params : dict, optional
        ``{detector: {parameter: value}}`` overriding defaults (physical units); the key
        ``"frontend"`` tunes the shared front end.
    progress : callable, optional
        ``progress(fraction, message)``.
    cancelled : callable, optional
        Polled often; when it returns True, :class:`~conservator.errors.AnalysisCancelled`
        is raised.

    Returns
    -------
    AnalysisResult
    """
    import conservator.detect  # noqa: F401  (registers the detectors)

    tame_malloc()

    names = parse_detectors(detectors)
    limits.check_analysable(scan)  # 1-bit scans and scans that cannot fit in memory: one line
    reg = registry.REGISTRY
    params = dict(params or {})
    unknown = set(params) - set(reg) - {"frontend"}
    if unknown:
        raise ConservatorError(f"parameters given for an unknown detector: {sorted(unknown)[0]}")
    built = {n: make_params(reg[n].params_cls, params.get(n), n) for n in names}
    fparams = make_params(FrontParams, params.get("frontend"), "frontend")
    steps = Steps(progress, cancelled)
    steps(0.0, "preparing")
    h, w = scan.height, scan.width
    ppm = scan.px_per_mm
    warnings: list[str] = list(scan.warnings)
    units = "mm" if ppm else "px"
    if not ppm:
        warnings.append(
            "the scan carries no resolution: areas are in pixels (physical parameters assume "
            f"{ASSUMED_PPI:g} ppi); supply one with --dpi"
        )
    scan_info = {
        "path": scan.path,
        "width": w,
        "height": h,
        "dpi": [round(scan.dpi[0], 4), round(scan.dpi[1], 4)] if scan.dpi else None,
        "px_per_mm": round(ppm, 4) if ppm else None,
        "sha256": scan.sha256,
        "format": scan.format,
        "page": scan.page + 1,
        "bit_depth": scan.bit_depth,
    }
    results: dict[str, DetectorResult] = {}
    front = None
    if min(h, w) < MIN_SIDE_PX:
        warnings.append(
            f"the image is too small to analyse ({w} × {h} px; at least {MIN_SIDE_PX} px a side)"
        )
        for n in names:
            results[n] = empty_result(n, (h, w), params_to_dict(built[n])).abstain("too_small")
        leaf = {"area_px": h * w, "area_mm2": _mm2(h * w, ppm), "bbox": [0, 0, w, h]}
    else:
        src, notes = _srgb(scan)
        warnings += [n for n in notes if "no embedded ICC profile" not in n]
        total = registry.FRONT_WEIGHT + sum(reg[n].weight for n in names)
        pos = registry.FRONT_WEIGHT / total
        front = build_front(
            src,
            ppm,
            fparams,
            steps.sub(0.0, pos, "front end"),
            need_fine=any(reg[n].fine for n in names),
        )
        del src
        trim_heap()
        warnings += front.warnings
        _sanity(front, warnings)
        spans = {n: reg[n].weight / total for n in names}
        done = _run_detectors(front, names, built, _Progress(progress, pos, spans), cancelled)
        for n in names:  # what one class measured is not measured again by another
            if reg[n].reconcile is not None and done[n].measured:
                reg[n].reconcile(done[n], done, front, built[n])
        for n in names:
            res = done[n]
            res.parameters = params_to_dict(built[n])
            if not ppm:
                _to_px(res)
            warnings += res.warnings
            results[n] = res
        area = front.leaf_area_px
        leaf = {
            "area_px": int(round(area)),
            "area_mm2": _mm2(area, ppm),
            "bbox": _quad_bbox(front),
            "board_visible": front.board_visible,
            "board_lab": [round(float(v), 2) for v in front.board_lab]
            if front.board_lab is not None
            else None,
            "board_regime": front.board.regime,
            "board_confidence": round(float(front.board.confidence), 3),
        }
    steps(1.0, "done")
    masks = LazyMasks({n: r.mask for n, r in results.items()})
    return AnalysisResult(
        scan=scan_info,
        detectors=results,
        warnings=_dedupe(warnings),
        units=units,
        leaf=leaf,
        masks=masks,
        targets=list(front.targets) if front is not None else [],
        _front=front,
    )


class _Progress:
    """Overall progress of detectors that may run at the same time: each reports its own
    fraction, and the sum weighted by their shares of the bar is passed on (so it only grows)."""

    def __init__(self, progress: ProgressFn | None, start: float, spans: dict[str, float]):
        self.progress, self.start, self.spans = progress, start, spans
        self.frac = dict.fromkeys(spans, 0.0)
        self.lock = threading.Lock()

    def steps(self, name: str, cancelled: CancelFn | None) -> Steps:
        def report(fraction: float, text: str) -> None:
            if self.progress is None:
                return
            with self.lock:
                self.frac[name] = max(self.frac[name], fraction)
                total = self.start + sum(self.spans[n] * f for n, f in self.frac.items())
                self.progress(min(total, 1.0), text)

        return Steps(report, cancelled, 0.0, 1.0, name)


def _run_detectors(front: Front, names, built, prog: _Progress, cancelled: CancelFn | None):
    """Run the detectors, two at a time when there are two cores.

    Two runners (this thread and one worker) take the next detector from one queue as they
    finish: the classes working from the ~300 ppi level (foxing, the longest) first, then the
    others in report order, so that neither core waits while the other still has a queue.
    The detectors only read the front end (its memoised shared results are made once, under a
    lock per result), and OpenCV and NumPy release the GIL in their array loops. Which thread
    runs a detector does not change its result.

    On a greyscale scan a class registered as ``greyscale="not_measurable"`` is not run (its
    result says "not measurable in greyscale"), and one registered as ``"luminance"`` is
    labelled ``method = "luminance only"``.
    """
    abort = threading.Event()

    def stop() -> bool:
        return abort.is_set() or bool(cancelled and cancelled())

    reg = registry.REGISTRY

    def run(n: str) -> DetectorResult:
        entry = reg[n]
        if front.greyscale and entry.greyscale == "not_measurable":
            return empty_result(n, front.shape, {}).abstain("greyscale")
        res = entry.func(front, built[n], prog.steps(n, stop))
        if front.greyscale and entry.greyscale == "luminance" and res.measured:
            res.method = registry.LUMINANCE_ONLY
        return res

    queue = [n for n in names if reg[n].fine] + [n for n in names if not reg[n].fine]
    queue.reverse()  # pop() from the end
    qlock = threading.Lock()
    out: dict[str, DetectorResult] = {}

    def drain() -> None:
        try:
            while not abort.is_set():
                with qlock:
                    if not queue:
                        return
                    n = queue.pop()
                out[n] = run(n)
                trim_heap()
        except BaseException:
            abort.set()  # the other runner stops at its next progress step
            raise

    worker = future = None
    if workers() >= 2 and len(names) > 1:
        worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="detector")
        future = worker.submit(drain)
    main_error = None
    try:
        drain()
    except BaseException as exc:  # noqa: BLE001  (raised below, after the other runner stops)
        main_error = exc
    finally:
        if worker is not None:
            worker.shutdown(wait=True)
    errors = [e for e in (main_error, future.exception() if future else None) if e is not None]
    if errors:
        # a failure on one runner cancels the other: raise the failure, not that cancellation
        real = [e for e in errors if not isinstance(e, AnalysisCancelled)]
        raise real[0] if real else errors[0]
    return {n: out[n] for n in names}


def _mm2(area_px: float, ppm: float | None) -> float | None:
    return round(area_px / ppm**2, 2) if ppm else None


def _quad_bbox(front: Front) -> list[int]:
    h, w = front.shape
    if front.quad_full is None:
        return [0, 0, w, h]
    q = front.quad_full
    x0, y0 = max(0, int(np.floor(q[:, 0].min() + 0.5))), max(0, int(np.floor(q[:, 1].min() + 0.5)))
    x1 = min(w, int(np.ceil(q[:, 0].max() + 0.5)))
    y1 = min(h, int(np.ceil(q[:, 1].max() + 0.5)))
    return [x0, y0, x1 - x0, y1 - y0]


def _sanity(front: Front, warnings: list[str]) -> None:
    lab = front.lab_w
    L = lab[..., 0]
    if float(L.std()) < 0.5 and float(np.abs(lab[..., 1:]).std()) < 0.5:
        warnings.append("the image is uniform: nothing to measure")
    elif float(np.percentile(L, 95)) < 15:
        warnings.append("the image is almost black: check the exposure of the scan")


def _to_px(res: DetectorResult) -> None:
    """Without a resolution: mm values become None (areas stay in px)."""
    m = res.measurements
    for key in list(m):
        if not key.endswith(("_mm2", "_mm", "_per_100cm2")):
            continue
        m[key] = dict.fromkeys(m[key]) if isinstance(m[key], dict) else None
    for inst in res.instances:
        for key in list(inst):
            if key.endswith("_mm2") or key.endswith("_mm"):
                inst[key] = None


def _dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for it in items:
        if it not in seen:
            seen.add(it)
            out.append(it)
    return out


def mask_png(mask: np.ndarray) -> bytes:
    """A boolean mask as a single-channel 8-bit PNG (0 or 255)."""
    ok, buf = cv2.imencode(".png", mask.astype(np.uint8) * 255, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise ConservatorError("PNG encoding of a mask failed")
    return buf.tobytes()
