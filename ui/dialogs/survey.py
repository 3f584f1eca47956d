"""File › Survey…: a sampled condition survey of a folder or CSV list, in the background.

The dialog only collects the options and shows progress; the work is
``conservator.survey.run.survey_task`` on a worker thread with its own database connection
(the GUI's connection is never shared). Cancel stops after the page being stored; the survey
is kept and the same options continue it later.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import ui._compat  # noqa: F401  (PySide6 6.12 reference-count work-around; see there)
from conservator.errors import AnalysisCancelled


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _Job(QRunnable):
    def __init__(self, signals: _Signals, db_path, source, options, flag: threading.Event):
        super().__init__()
        self.setAutoDelete(True)
        self.signals, self.db_path, self.source = signals, db_path, source
        self.options, self.flag = options, flag

    def run(self) -> None:
        from conservator.survey.run import survey_task

        try:
            doc = survey_task(
                self.db_path,
                self.source,
                options=self.options,
                progress=lambda d, t, m: self.signals.progress.emit(int(d), int(t), str(m)),
                cancelled=self.flag.is_set,
            )
        except AnalysisCancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:  # shown on the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(doc)


class SurveyDialog(QDialog):
    """Options of a survey, Start, a progress bar and Cancel, then the figures.

    Signals ``finished(dict)`` (the survey document), ``failed(exc)``, ``cancelled()``.
    """

    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, db_path: str, parent=None):
        super().__init__(parent)
        self.setObjectName("SurveyDialog")
        self.db_path = db_path
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._flag: threading.Event | None = None
        self.doc: dict | None = None
        self._sig = _Signals(self)
        self._sig.progress.connect(self._on_progress)
        self._sig.finished.connect(self._on_finished)
        self._sig.failed.connect(self._on_failed)
        self._sig.cancelled.connect(self._on_cancelled)

        self.source_edit = QLineEdit(self)
        self.folder_button = QPushButton(self)
        self.folder_button.clicked.connect(self._pick_folder)
        self.csv_button = QPushButton(self)
        self.csv_button.clicked.connect(self._pick_csv)
        src = QWidget(self)
        sl = QHBoxLayout(src)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.source_edit, 1)
        sl.addWidget(self.folder_button)
        sl.addWidget(self.csv_button)
        self.name_edit = QLineEdit(self)
        self.size_radio = QRadioButton(self)
        self.size_spin = QSpinBox(self)
        self.size_spin.setRange(1, 10_000_000)
        self.size_spin.setValue(400)
        self.fraction_radio = QRadioButton(self)
        self.fraction_spin = QDoubleSpinBox(self)
        self.fraction_spin.setRange(0.1, 100.0)
        self.fraction_spin.setSuffix(" %")
        self.fraction_spin.setValue(10.0)
        self.all_radio = QRadioButton(self)
        self.size_radio.setChecked(True)
        how = QWidget(self)
        hl = QHBoxLayout(how)
        hl.setContentsMargins(0, 0, 0, 0)
        for w in (self.size_radio, self.size_spin, self.fraction_radio, self.fraction_spin):
            hl.addWidget(w)
        hl.addWidget(self.all_radio)
        hl.addStretch(1)
        self.strata_edit = QLineEdit(self)
        self.seed_spin = QSpinBox(self)
        self.seed_spin.setRange(-1, 2**31 - 1)
        self.seed_spin.setValue(-1)
        self.workers_spin = QSpinBox(self)
        self.workers_spin.setRange(1, 256)
        import os

        self.workers_spin.setValue(max(1, os.cpu_count() or 1))
        self.scheduler_edit = QLineEdit(self)
        self.scheduler_edit.setPlaceholderText("tcp://host:8786")
        self.preset_combo = QComboBox(self)
        for key in ("balanced", "sensitive", "conservative"):
            self.preset_combo.addItem("", key)

        self.form = QFormLayout()
        self.labels = [QLabel(self) for _ in range(8)]
        for lab, field in zip(
            self.labels,
            (
                src,
                self.name_edit,
                how,
                self.strata_edit,
                self.seed_spin,
                self.workers_spin,
                self.scheduler_edit,
                self.preset_combo,
            ),
            strict=True,
        ):
            self.form.addRow(lab, field)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.result_text = QPlainTextEdit(self)
        self.result_text.setReadOnly(True)
        self.result_text.setMinimumHeight(120)
        self.buttons = QDialogButtonBox(self)
        self.start_button = self.buttons.addButton("", QDialogButtonBox.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ActionRole)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.result_text, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 520)
        self.retranslate()
        self._set_running(False)

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Collection Survey"))
        texts = (
            self.tr("Source:"),
            self.tr("Name:"),
            self.tr("Sample:"),
            self.tr("Strata field:"),
            self.tr("Seed:"),
            self.tr("Workers:"),
            self.tr("Dask scheduler:"),
            self.tr("Detector settings:"),
        )
        for lab, text in zip(self.labels, texts, strict=True):
            lab.setText(text)
        self.folder_button.setText(self.tr("Folder…"))
        self.csv_button.setText(self.tr("CSV list…"))
        self.name_edit.setPlaceholderText(self.tr("the source's name; the same name resumes"))
        self.size_radio.setText(self.tr("pages"))
        self.fraction_radio.setText(self.tr("share"))
        self.all_radio.setText(self.tr("all pages"))
        self.strata_edit.setPlaceholderText(self.tr("CSV column, or 'folder'; empty: none"))
        self.seed_spin.setSpecialValueText(self.tr("random (stored)"))
        self.scheduler_edit.setToolTip(self.tr("Empty: worker processes on this computer"))
        for i, text in enumerate(
            (self.tr("Balanced"), self.tr("Sensitive"), self.tr("Conservative"))
        ):
            self.preset_combo.setItemText(i, text)
        self.start_button.setText(self.tr("Start"))
        self.cancel_button.setText(self.tr("Cancel Survey"))
        self.close_button.setText(self.tr("Close"))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ options
    def _pick_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Folder of scans"))
        if path:
            self.source_edit.setText(path)

    def _pick_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("List of scans"), "", self.tr("CSV lists (*.csv)")
        )
        if path:
            self.source_edit.setText(path)

    def options(self) -> dict:
        """The options for ``survey_task`` (the same as the command line's)."""
        opts: dict = {
            "name": self.name_edit.text().strip() or None,
            "strata": self.strata_edit.text().strip() or None,
            "seed": None if self.seed_spin.value() < 0 else self.seed_spin.value(),
            "preset": self.preset_combo.currentData(),
            "scheduler": self.scheduler_edit.text().strip() or None,
        }
        if opts["scheduler"] is None:
            opts["workers"] = self.workers_spin.value()
        if self.size_radio.isChecked():
            opts["size"] = self.size_spin.value()
        elif self.fraction_radio.isChecked():
            opts["fraction"] = self.fraction_spin.value() / 100.0
        else:
            opts["census"] = True
        return opts

    # ------------------------------------------------------------------ running
    def is_running(self) -> bool:
        return self._flag is not None

    def start(self) -> None:
        source = self.source_edit.text().strip()
        if not source:
            self.status_label.setText(self.tr("Choose a folder of scans or a CSV list."))
            return
        self._flag = threading.Event()
        self.doc = None
        self.result_text.clear()
        self.progress_bar.setRange(0, 0)
        self.status_label.setText(self.tr("Drawing the sample…"))
        self._set_running(True)
        self.pool.start(_Job(self._sig, self.db_path, source, self.options(), self._flag))

    def cancel(self) -> None:
        if self._flag is not None:
            self._flag.set()
            self.status_label.setText(self.tr("Stopping after the page being stored…"))
            self.cancel_button.setEnabled(False)

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def _set_running(self, running: bool) -> None:
        for w in (self.start_button, self.source_edit, self.folder_button, self.csv_button):
            w.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.close_button.setEnabled(not running)

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(done)
        self.status_label.setText(
            self.tr("{0} of {1} pages done").format(done, total)
            + (f" – {message}" if message else "")
        )

    def _on_finished(self, doc: dict) -> None:
        self._flag = None
        self.doc = doc
        self._set_running(False)
        s = doc["survey"]
        self.progress_bar.setRange(0, max(1, s["sample"]))
        self.progress_bar.setValue(s["done"])
        self.status_label.setText(
            self.tr("Survey “{0}”: {1} of {2} sampled pages done, {3} failed.").format(
                s["name"], s["done"], s["sample"], s["failed"]
            )
        )
        self.result_text.setPlainText(self.summary_text(doc))
        self.finished.emit(doc)

    def _on_failed(self, exc) -> None:
        self._flag = None
        self._set_running(False)
        self.progress_bar.setRange(0, 1)
        self.status_label.setText(str(exc))
        self.failed.emit(exc)

    def _on_cancelled(self) -> None:
        self._flag = None
        self._set_running(False)
        self.progress_bar.setRange(0, 1)
        self.status_label.setText(
            self.tr("Survey stopped. The pages done are kept; Start continues it.")
        )
        self.cancelled.emit()

    def summary_text(self, doc: dict) -> str:
        """Per damage class: pages affected, proportion with its 95 % interval, mean % of leaf."""
        lines = []
        for name, c in doc.get("classes", {}).items():
            if c.get("proportion") is None:
                continue
            lo, hi = c["ci95"]
            lines.append(
                self.tr(
                    "{0}: {1} of {2} pages, {3:.1f} % [{4:.1f}–{5:.1f}], {6:.2f} % of the leaf"
                ).format(
                    name,
                    c["affected"],
                    c["measured"],
                    100 * c["proportion"],
                    100 * lo,
                    100 * hi,
                    c["mean_pct_leaf"],
                )
            )
        return "\n".join(lines)

    def reject(self) -> None:
        if self.is_running():
            return  # Cancel first
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self.is_running():
            self.cancel()
            self.pool.waitForDone()
        super().closeEvent(event)
