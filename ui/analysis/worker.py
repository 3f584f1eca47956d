"""Runs ``conservator.analysis.analyze_scan`` off the GUI thread, with progress and Cancel.

A second :meth:`AnalysisRunner.start` cancels the run in progress; results and progress of a
superseded run are dropped. The worker never touches widgets or the records database: it only
emits signals, which Qt queues to the GUI thread.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

import ui._compat  # noqa: F401  (PySide6 6.12 reference-count work-around; see there)
from conservator.errors import AnalysisCancelled


def default_analyze():
    """The core analysis entry point (imported late: the core part may be optional in tests)."""
    from conservator.analysis import analyze_scan

    return analyze_scan


class _Job(QRunnable):
    def __init__(self, runner: AnalysisRunner, run_id: int, scan, detectors, params, flag):
        super().__init__()
        self.setAutoDelete(True)
        self.runner, self.run_id = runner, run_id
        self.scan, self.detectors, self.params, self.flag = scan, detectors, params, flag
        self._last = -1.0

    def _progress(self, fraction: float, message: str = "") -> None:
        if self.flag.is_set():
            raise AnalysisCancelled("analysis cancelled")
        if fraction - self._last >= 0.01 or fraction >= 1.0:  # at most ~100 signals per run
            self._last = fraction
            self.runner._sig_progress.emit(self.run_id, float(fraction), str(message))

    def run(self) -> None:
        try:
            analyze = self.runner.analyze or default_analyze()
            result = analyze(
                self.scan,
                detectors=self.detectors,
                params=self.params,
                progress=self._progress,
                cancelled=self.flag.is_set,
            )
        except AnalysisCancelled:
            self.runner._sig_cancelled.emit(self.run_id)
        except BaseException as exc:  # shown in the GUI thread as a dialog
            self.runner._sig_failed.emit(self.run_id, exc)
        else:
            post = self.runner.postprocess
            if post is not None and not self.flag.is_set():
                try:
                    result = (result, post(result))
                except BaseException as exc:
                    self.runner._sig_failed.emit(self.run_id, exc)
                    return
            if self.flag.is_set():
                self.runner._sig_cancelled.emit(self.run_id)
            else:
                self.runner._sig_finished.emit(self.run_id, result)


class AnalysisRunner(QObject):
    """Start, cancel and follow one analysis at a time."""

    started = Signal()
    progress = Signal(float, str)
    finished = Signal(object)  # AnalysisResult
    failed = Signal(object)  # exception
    cancelled = Signal()

    _sig_progress = Signal(int, float, str)
    _sig_finished = Signal(int, object)
    _sig_failed = Signal(int, object)
    _sig_cancelled = Signal(int)

    def __init__(self, parent=None, analyze=None):
        super().__init__(parent)
        self.analyze = analyze  # None: conservator.analysis.analyze_scan
        #: optional ``f(result) -> extra`` run in the worker; ``finished`` then gets (result, extra)
        self.postprocess = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)  # the cancelled run may still be unwinding
        self._run_id = 0
        self._flag: threading.Event | None = None
        self._active = False
        self._sig_progress.connect(self._on_progress)
        self._sig_finished.connect(self._on_finished)
        self._sig_failed.connect(self._on_failed)
        self._sig_cancelled.connect(self._on_cancelled)

    def is_running(self) -> bool:
        return self._active

    def start(self, scan, detectors=None, params=None) -> int:
        """Run the analysis of ``scan``; a run in progress is cancelled first."""
        if self._flag is not None:
            self._flag.set()
        self._run_id += 1
        self._flag = threading.Event()
        self._active = True
        self.pool.start(
            _Job(
                self,
                self._run_id,
                scan,
                None if detectors is None else tuple(detectors),
                params,
                self._flag,
            )
        )
        self.started.emit()
        return self._run_id

    def cancel(self) -> None:
        """Ask the running analysis to stop; :attr:`cancelled` follows."""
        if self._flag is not None and self._active:
            self._flag.set()

    def discard(self) -> None:
        """Cancel the run in progress and drop anything it still reports (another scan opened)."""
        if self._flag is not None:
            self._flag.set()
        self._run_id += 1
        self._active = False

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker threads are idle (closing the window, tests)."""
        return self.pool.waitForDone(msecs)

    def shutdown(self) -> None:
        self.cancel()
        self._run_id += 1  # late signals are dropped
        self._active = False
        self.pool.waitForDone()

    def _on_progress(self, run_id: int, fraction: float, message: str) -> None:
        if run_id == self._run_id and self._active:
            self.progress.emit(fraction, message)

    def _on_finished(self, run_id: int, result) -> None:
        if run_id == self._run_id:
            self._active = False
            self.finished.emit(result)

    def _on_failed(self, run_id: int, exc) -> None:
        if run_id == self._run_id:
            self._active = False
            self.failed.emit(exc)

    def _on_cancelled(self, run_id: int) -> None:
        if run_id == self._run_id:
            self._active = False
            self.cancelled.emit()


def plain_progress(message: str) -> str:
    """The analysis step in plain words for the status bar (the core reports its internal
    stages, e.g. ``"front end: ready"`` or ``"foxing: scoring"``)."""
    from PySide6.QtCore import QCoreApplication

    from conservator.detect import registry
    from ui.analysis.review import class_label

    msg = (message or "").strip()
    if not msg:
        return ""
    stage = msg.split(":", 1)[0].strip()
    if stage in ("preparing", "front end"):
        return QCoreApplication.translate(
            "Analysis", "Finding the leaf and the colour of clean paper…"
        )
    if stage == "done":
        return QCoreApplication.translate("Analysis", "Putting the findings together…")
    if stage in registry.REGISTRY:
        return QCoreApplication.translate("Analysis", "Looking for {0}…").format(
            class_label(stage).lower()
        )
    return QCoreApplication.translate("Analysis", "Analysing the page…")
