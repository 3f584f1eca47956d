"""Running a survey: plan (frame + sample, stored first), then analyse the sample on Dask.

The engine is ``dask.distributed``. By default a :class:`~dask.distributed.LocalCluster` on
this machine (worker processes with one thread each, a memory limit per worker, no dashboard,
listening on 127.0.0.1 only); with ``scheduler="tcp://host:8786"`` the same code runs on an
existing cluster (``dask scheduler`` / ``dask worker`` on the lab's machines, or
dask-jobqueue on an HPC system). Workers only read the scan and return the analysis result
with its masks already compressed (1-bit PNG, a few hundred kB for an A4 page); this process,
the client, is the only one that writes to the SQLite database, one transaction per page.

Resuming and idempotence: a page is marked ``done`` in the transaction that stores its check,
so a run stopped in any way (Ctrl+C, kill -9, power cut) leaves every page either stored and
done or untouched and pending, and the next run analyses only what is not done. Before a page
is analysed, and again before it is stored, the item's checks are searched for one made by the
same detectors, versions and parameters on the same file (SHA-256) and page: such a page is
linked to the survey without being analysed or stored again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from conservator.errors import AnalysisCancelled, ConservatorError
from conservator.storage import surveys as db

#: The checker recorded on checks made by a survey when nobody is named.
DEFAULT_EXAMINER = "automatic survey"

#: Reason code of the checks a survey makes (vocabulary ``reason``).
REASON = "routine_survey"

#: Pages in flight per worker thread (keeps the client's memory flat on huge surveys).
IN_FLIGHT_PER_THREAD = 2


# --------------------------------------------------------------------------- analysis spec
def analysis_spec(detectors=None, preset: str | None = None) -> dict:
    """What a survey runs: detectors, parameter overrides, and per detector the version and
    the canonical parameters JSON that ``detector_run`` will hold.

    Returns
    -------
    dict
        ``{"detectors": [...], "preset": str, "params": {det: {...}},
        "runs": {det: [version, params_json]}, "key": sha256 hex}``.
    """
    import conservator.detect  # noqa: F401  (registers the detectors)
    from conservator.analysis.pipeline import parse_detectors
    from conservator.analysis.presets import DEFAULT_PRESET, preset_overrides
    from conservator.detect.base import REGISTRY, make_params, params_to_dict
    from conservator.storage.audit import canonical_json

    names = parse_detectors(detectors)
    overrides = preset_overrides(preset)
    params = {n: overrides[n] for n in names if n in overrides}
    runs = {
        n: [
            REGISTRY[n].version,
            canonical_json(params_to_dict(make_params(REGISTRY[n].params_cls, params.get(n), n))),
        ]
        for n in names
    }
    key = hashlib.sha256(canonical_json(runs).encode()).hexdigest()
    return {
        "detectors": names,
        "preset": (preset or DEFAULT_PRESET).lower(),
        "params": params,
        "runs": runs,
        "key": key,
    }


# --------------------------------------------------------------------------- the worker side
def analyse_page(path: str, page: int, detectors: list, params: dict, threads: int | None):
    """Load and analyse one page; runs on a Dask worker (no database access).

    Returns
    -------
    dict
        ``{"ok": True, "result": AnalysisResult.to_dict(), "masks": {class: [png bytes,
        pixels, bbox]}, "seconds": float, "peak_rss_mb": float, "worker": str}`` or
        ``{"ok": False, "error": one line}``.
    """
    t0, c0 = time.perf_counter(), time.process_time()
    if threads:
        _limit_threads(threads)
    try:
        from conservator.analysis import analyze_scan
        from conservator.imaging.load import load_scan
        from conservator.storage.masks import encode_png

        scan = load_scan(path, page=page)
        result = analyze_scan(scan, detectors=detectors, params=params)
        masks = {}
        for name in result.detectors:
            m = result.masks[name]
            masks[name] = [encode_png(m), int(m.sum()), _bbox(m)]
        out = {"ok": True, "result": result.to_dict(), "masks": masks}
    except ConservatorError as exc:
        out = {"ok": False, "error": exc.one_line()}
    except MemoryError:
        out = {"ok": False, "error": f"not enough memory to analyse this page ({path})"}
    except Exception as exc:  # noqa: BLE001  (reported per page; the survey goes on)
        text = " ".join(str(exc).split())[:300]
        out = {"ok": False, "error": f"internal error: {type(exc).__name__}: {text} ({path})"}
    out["seconds"] = time.perf_counter() - t0
    out["cpu_seconds"] = time.process_time() - c0  # every thread of the worker process
    out["peak_rss_mb"] = _peak_rss_mb()
    out["worker"] = _worker_name()
    return out


_THREADS_SET = False


def _limit_threads(n: int) -> None:
    """One analysis per worker thread: keep OpenCV and the band pool to ``n`` threads."""
    global _THREADS_SET
    if _THREADS_SET:
        return
    _THREADS_SET = True
    os.environ["CONSERVATOR_THREADS"] = str(int(n))
    try:
        import cv2

        cv2.setNumThreads(int(n))
    except Exception:  # noqa: BLE001
        pass


def _bbox(mask) -> list[int] | None:
    import cv2
    import numpy as np

    m = np.asarray(mask)
    x, y, w, h = cv2.boundingRect(m.view(np.uint8) if m.dtype == bool else (m != 0).astype("u1"))
    return None if w == 0 or h == 0 else [int(x), int(y), int(w), int(h)]


def _peak_rss_mb() -> float | None:
    try:
        import resource
        import sys

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    except Exception:  # noqa: BLE001  (Windows has no resource module)
        return None


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except Exception:  # noqa: BLE001
        return f"pid {os.getpid()}"


# --------------------------------------------------------------------------- the engine
class Engine:
    """A Dask client: a local cluster of worker processes, or an existing scheduler.

    Use as a context manager; closing it stops a local cluster's processes. ``threads``
    sets the threads of one page's analysis on a local worker (default: cores / workers).
    """

    def __init__(
        self,
        *,
        workers: int | None = None,
        scheduler: str | None = None,
        memory_limit: str | int = "auto",
        timeout: float = 30.0,
        threads: int | None = None,
    ):
        import logging

        from dask.distributed import Client, LocalCluster

        self.local = scheduler is None
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=timeout, set_as_default=False)
            except OSError as exc:
                raise ConservatorError(
                    f"cannot reach the Dask scheduler at {scheduler}: {exc}"
                ) from None
            self.threads_per_task = None  # the cluster's machines decide
        else:
            n = workers or max(1, os.cpu_count() or 1)
            if n < 1:
                raise ConservatorError("--workers must be at least 1")
            self.cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                memory_limit=memory_limit,
                dashboard_address=None,
                # the scheduler's HTTP endpoint (health, metrics) exists even without a
                # dashboard: on a free localhost port, not 8787 (another cluster may have it)
                scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
                host="127.0.0.1",
                silence_logs=logging.ERROR,
                death_timeout=60,
            )
            self.client = Client(self.cluster, set_as_default=False)
            # each worker runs one page at a time; its array loops use the cores left over
            self.threads_per_task = threads or max(1, (os.cpu_count() or 1) // n)

    def nthreads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def wait_for_workers(self, n: int = 1, timeout: float = 60.0) -> None:
        try:
            self.client.wait_for_workers(n, timeout=timeout)
        except Exception:  # noqa: BLE001  (dask raises TimeoutError or its own)
            raise ConservatorError(
                f"no Dask worker joined the scheduler within {timeout:.0f} s"
            ) from None

    def close(self) -> None:
        for thing in (self.client, self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001  (already gone)
                    pass

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --------------------------------------------------------------------------- planning
def plan_survey(
    store,
    source: str | os.PathLike[str],
    *,
    name: str | None = None,
    size: int | None = None,
    fraction: float | None = None,
    census: bool = False,
    strata: str | None = None,
    seed: int | None = None,
    preset: str | None = None,
    detectors=None,
    examiner: str | None = None,
) -> tuple[dict, bool]:
    """Create the survey (frame and sample stored before any analysis) or find it to resume.

    A survey is found by ``name`` (default: the source's file or folder name). When it
    exists, the options given must agree with it (sampling, seed, strata, preset).

    Returns
    -------
    (dict, bool)
        The survey row and whether it was created now.
    """
    from conservator.survey.sample import draw_sample, new_seed, sample_size
    from conservator.survey.source import read_frame

    src = Path(source).resolve()
    name = (name or src.stem or str(src)).strip()
    if census and (size is not None or fraction is not None):
        raise ConservatorError("give one of --sample, --fraction and --all")
    spec = analysis_spec(detectors, preset)
    old = db.find_survey(store, name)
    if old is not None:
        _check_same(old, src, size, fraction, census, strata, seed, spec)
        return old, False
    units = read_frame(src, strata=strata)
    n = sample_size(len(units), size=size, fraction=fraction)
    stratified = strata is not None or any(u.stratum for u in units)
    strata_field = (strata or "stratum") if stratified else None
    seed = new_seed() if seed is None else int(seed)
    chosen = draw_sample([u.stratum for u in units], n, seed=seed, stratified=stratified)
    method = "census" if n == len(units) else "stratified" if stratified else "simple_random"
    sid = db.create_survey(
        store,
        name=name,
        source=str(src),
        method=method,
        strata_field=strata_field,
        seed=seed,
        fraction=fraction,
        preset=spec["preset"],
        analysis={k: spec[k] for k in ("detectors", "preset", "params", "runs")},
        analysis_key=spec["key"],
        examiner=examiner or DEFAULT_EXAMINER,
        frame=[u.as_dict() for u in units],
        sample=[(idx, rank) for rank, idx in enumerate(chosen, start=1)],
    )
    return db.get_survey(store, sid), True


def _check_same(old, src, size, fraction, census, strata, seed, spec) -> None:
    where = f"survey {old['name']!r}"
    if Path(old["source"]) != src:
        raise ConservatorError(
            f"{where} exists with another source ({old['source']}); choose another --name"
        )
    if seed is not None and int(seed) != old["seed"]:
        raise ConservatorError(
            f"{where} was drawn with --seed {old['seed']}; choose another --name"
        )
    if size is not None and min(size, old["population"]) != old["sample_size"]:
        raise ConservatorError(
            f"{where} has a sample of {old['sample_size']} pages; choose another --name"
        )
    if fraction is not None and old["fraction"] != fraction:
        raise ConservatorError(f"{where} was drawn with another --fraction; choose another --name")
    if census and old["method"] != "census":
        raise ConservatorError(f"{where} is a sample, not --all; choose another --name")
    if strata is not None and old["strata_field"] != strata:
        raise ConservatorError(f"{where} has other strata; choose another --name")
    if spec["key"] != old["analysis_key"]:
        raise ConservatorError(
            f"{where} was run with other detectors, versions or parameters (preset "
            f"{old['preset']}); choose another --name for a new survey"
        )


# --------------------------------------------------------------------------- running
@dataclass
class RunStats:
    """What one run did (the survey's totals are in the database)."""

    analysed: int = 0
    reused: int = 0
    failed: int = 0
    seconds: float = 0.0
    worker_peak_rss_mb: dict = field(default_factory=dict)
    page_seconds: list = field(default_factory=list)
    page_cpu_seconds: list = field(default_factory=list)


ProgressFn = Callable[[int, int, str], None]


def run_survey(
    store,
    survey: dict,
    engine: Engine | None,
    *,
    progress: ProgressFn | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RunStats:
    """Analyse every sampled page that is not done yet and store it.

    Parameters
    ----------
    engine : Engine
        Where the pages are analysed (not needed when nothing is left to analyse).
    progress : callable, optional
        ``progress(done, total, message)`` after every page (``done`` counts the whole
        survey, pages done before this run included).
    cancelled : callable, optional
        Polled between pages; True stops the run (:class:`AnalysisCancelled`), pages stored
        so far stay stored.
    """
    t0 = time.perf_counter()
    stats = RunStats()
    sid = survey["id"]
    spec = survey["analysis"]
    runs = {d: tuple(v) for d, v in spec["runs"].items()}
    examiner = survey.get("examiner") or DEFAULT_EXAMINER
    todo = db.sample_items(store, sid, status=("pending", "failed"))
    total = survey["sample_size"]
    done = db.counts(store, sid)["done"]
    report = progress or (lambda d, t, m: None)
    report(done, total, "resuming" if done else "starting")

    queue = []
    for row in todo:  # pages analysed before (same file, same analysis) are only linked
        if _link_previous(store, row, runs, examiner):
            stats.reused += 1
            done += 1
            report(done, total, f"{row['inventory_no']}: already analysed")
        else:
            queue.append(row)
    if not queue:
        stats.seconds = time.perf_counter() - t0
        return stats
    if engine is None:
        raise ConservatorError("no engine to analyse the pages")
    from dask.distributed import as_completed

    client = engine.client
    window = max(2, engine.nthreads() * IN_FLIGHT_PER_THREAD)
    pending = iter(queue)
    in_flight: dict = {}  # future key -> (future, row)
    ac = None

    def submit_next() -> bool:
        row = next(pending, None)
        if row is None:
            return False
        fut = client.submit(
            analyse_page,
            row["file"],
            row["page"],
            spec["detectors"],
            spec["params"],
            engine.threads_per_task,
            key=f"conservator-page-{sid}-{row['id']}-{time.time_ns()}",
            pure=False,
        )
        in_flight[fut.key] = (fut, row)
        if ac is not None:
            ac.add(fut)
        return True

    for _ in range(window):
        if not submit_next():
            break
    ac = as_completed([f for f, _ in in_flight.values()], loop=client.loop)
    try:
        for fut in ac:
            _, row = in_flight.pop(fut.key)
            try:
                out = fut.result()
            except Exception as exc:  # noqa: BLE001  (a worker died, the task was lost)
                out = {"ok": False, "error": f"the worker failed: {type(exc).__name__}: {exc}"}
            fut.release()
            _note_worker(stats, out)
            if out["ok"]:
                stats.reused += int(store_page(store, survey, row, out, runs, examiner))
                stats.analysed += 1
                stats.page_seconds.append(out.get("seconds"))
                stats.page_cpu_seconds.append(out.get("cpu_seconds"))
                done += 1
                report(done, total, row["inventory_no"])
            else:
                db.mark_failed(store, row["id"], out["error"])
                stats.failed += 1
                report(done, total, f"{row['inventory_no']}: failed: {out['error']}")
            if cancelled is not None and cancelled():
                raise AnalysisCancelled("survey stopped; run it again to continue")
            submit_next()
    finally:
        if in_flight:  # stopped early: drop the work still queued
            try:
                client.cancel([f for f, _ in in_flight.values()], force=True)
            except Exception:  # noqa: BLE001  (the cluster may be gone already)
                pass
        stats.seconds = time.perf_counter() - t0
    return stats


def _note_worker(stats: RunStats, out: dict) -> None:
    w, peak = out.get("worker"), out.get("peak_rss_mb")
    if w and peak is not None:
        stats.worker_peak_rss_mb[w] = max(stats.worker_peak_rss_mb.get(w, 0.0), peak)


def _link_previous(store, row: dict, runs: dict, examiner: str) -> bool:
    """Link a page to a check that already holds this analysis of this file (no new work)."""
    from conservator.imaging.load import file_sha256

    item = store._row("SELECT id FROM item WHERE inventory_no = ?", (row["inventory_no"],))
    if item is None:
        return False
    prev = db.find_done_check(store, item["id"], runs, file_path=row["file"], page=row["page"])
    if prev is None:
        return False
    try:
        if file_sha256(row["file"]) != prev["sha256"]:
            return False  # the file changed since: analyse it again
    except OSError:
        return False
    with store.transaction():
        db.mark_done(
            store,
            row["id"],
            check_id=prev["check_id"],
            item_id=item["id"],
            sha256=prev["sha256"],
            reused=True,
        )
    return True


def store_page(store, survey: dict, row: dict, out: dict, runs: dict, examiner: str) -> bool:
    """Store one analysed page as a draft check of its item and mark it done (one
    transaction). Returns True when an equivalent check existed and was linked instead."""
    from conservator.storage.masks import files_dir, write_png

    result = out["result"]
    scan = result["scan"]
    sha = scan.get("sha256")
    # masks first, outside the transaction (content-addressed: a retry reuses the files)
    root = files_dir(store.path)
    mask_files = {
        name: (*write_png(root, png), int(px)) for name, (png, px, _bbox) in out["masks"].items()
    }
    with store.transaction():
        item_id = db.ensure_item(store, row["inventory_no"], Path(row["file"]).name, actor=examiner)
        prev = db.find_done_check(store, item_id, runs, sha256=sha, page=row["page"])
        if prev is not None:
            db.mark_done(
                store,
                row["id"],
                check_id=prev["check_id"],
                item_id=item_id,
                sha256=sha,
                reused=True,
                seconds=out.get("seconds"),
            )
            return True
        inv = row["inventory_no"]
        ppm = scan.get("px_per_mm")
        capture_id = store.find_capture(inv, sha, page=row["page"])
        if capture_id is None or _differs(store.get_capture(capture_id)["px_per_mm"], ppm):
            dpi = scan.get("dpi")
            capture_id = store.add_capture(
                inv,
                file_path=os.path.abspath(row["file"]),
                sha256=sha,
                width_px=scan.get("width"),
                height_px=scan.get("height"),
                dpi=tuple(dpi) if dpi else None,
                page=row["page"],
                format=scan.get("format"),
                bit_depth=scan.get("bit_depth"),
                actor=examiner,
            )
        check_id = store.create_check(
            inv,
            checker=examiner,
            reason_code=REASON,
            method_code="automated_image_analysis",
            capture_id=capture_id,
            summary=f"Survey {survey['name']!r}, page {row['page'] + 1} of {Path(row['file']).name}",
            actor=examiner,
        )
        store.record_analysis(check_id, capture_id, result, mask_files=mask_files, actor=examiner)
        db.set_mask_bboxes(store, check_id, {n: m[2] for n, m in out["masks"].items()})
        db.mark_done(
            store,
            row["id"],
            check_id=check_id,
            item_id=item_id,
            sha256=sha,
            seconds=out.get("seconds"),
        )
    return False


def _differs(a, b) -> bool:
    if a is None or b is None:
        return a is not b
    return abs(float(a) - float(b)) > 1e-3


def survey_json_items(store, survey_id: int) -> list[dict]:
    """The ``items`` list of the survey JSON (every sampled page, in order of analysis)."""
    return [
        {
            "inventory_no": r["inventory_no"],
            "file": r["file"],
            "page": r["page"] + 1,
            "stratum": r["stratum"],
            "check_id": r["check_id"],
            "status": r["status"],
            "error": r["error"],
        }
        for r in db.sample_items(store, survey_id)
    ]


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def survey_task(
    db_path: str | os.PathLike[str],
    source: str | os.PathLike[str],
    *,
    options: dict | None = None,
    progress: ProgressFn | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict:
    """Plan (or resume) and run a whole survey in a connection of its own; return the survey
    document. The desktop app runs this off the GUI thread (the GUI's own connection is never
    shared with it).

    Parameters
    ----------
    options : dict
        Keyword arguments of :func:`plan_survey` (``name``, ``size``, ``fraction``,
        ``census``, ``strata``, ``seed``, ``preset``, ``detectors``, ``examiner``) plus
        ``workers`` and ``scheduler`` for the :class:`Engine`.
    progress, cancelled
        As in :func:`run_survey`; cancelling raises
        :class:`~conservator.errors.AnalysisCancelled` after the page being stored.
    """
    from conservator.storage import open_db
    from conservator.survey.report import survey_document

    opts = dict(options or {})
    workers, scheduler = opts.pop("workers", None), opts.pop("scheduler", None)
    with open_db(db_path) as store:
        survey, _ = plan_survey(store, source, **opts)
        left = sum(v for k, v in db.counts(store, survey["id"]).items() if k != "done")
        if cancelled is not None and cancelled():
            raise AnalysisCancelled("survey stopped; run it again to continue")
        engine = Engine(workers=workers, scheduler=scheduler) if left else None
        try:
            if engine is not None and scheduler:
                engine.wait_for_workers(1)
            run_survey(store, survey, engine, progress=progress, cancelled=cancelled)
        finally:
            if engine is not None:
                engine.close()
        return survey_document(store, survey["id"])
