"""Export a condition check: PDF report (language + optional second language), JSON record, CSV of
findings, W3C Web Annotations. Files are written atomically in a worker thread; the database is
read on the GUI thread before the worker starts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import SIGNAL, QObject, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from conservator.errors import ExportError
from ui.i18n import LANGUAGES, current_language

FORMATS = ("pdf", "json", "csv", "w3c")
_SUFFIX = {"pdf": ".pdf", "json": ".json", "csv": ".csv", "w3c": ".annotations.jsonld"}


def safe_basename(text: str) -> str:
    """A file-name stem from a reference number or title (letters of any script kept)."""
    stem = re.sub(r"[^\w.-]+", "_", text.strip(), flags=re.UNICODE).strip("._")
    return stem[:80] or "check"


def write_exports(
    data: dict, out_dir: Path, basename: str, formats, *, lang: str, second_lang, paper: str
) -> list[str]:
    """Write every requested format with the store's exporters and the PDF renderer.

    Returns the paths written (PDF first). Raises ``ExportError``.
    """
    from conservator.storage import export

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the export folder: {exc.strerror}", out_dir) from None
    written = []
    for fmt in FORMATS:
        if fmt not in formats:
            continue
        target = out_dir / f"{basename}{_SUFFIX[fmt]}"
        if fmt == "pdf":
            try:
                from conservator.report.pdf import render_report
            except ImportError:
                raise ExportError("PDF reports are not available in this build", target) from None
            out = render_report(data, target, lang=lang, second_lang=second_lang, paper=paper)
            target = Path(out or target)
        elif fmt == "json":
            export.write_json(data, target)
        elif fmt == "csv":
            export.write_csv(data, target, lang=lang)
        else:
            export.write_annotations(data, target)
        written.append(str(target))
    return written


class _Signals(QObject):
    finished = Signal(list)
    failed = Signal(object)


class ExportTask(QRunnable):
    """Runs :func:`write_exports` in the thread pool; reports through ``signals``."""

    def __init__(self, data: dict, out_dir, basename, formats, *, lang, second_lang, paper):
        super().__init__()
        self.signals = _Signals()
        self.args = (data, Path(out_dir), basename, tuple(formats))
        self.kwargs = {"lang": lang, "second_lang": second_lang, "paper": paper}

    def run(self) -> None:
        try:
            paths = write_exports(*self.args, **self.kwargs)
        except Exception as exc:  # delivered to the GUI thread, shown there
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(paths)


class ExportDialog(QDialog):
    """Choose formats, languages and a folder, then export the check in the background.

    Signals: ``exported(list[str])`` with the files written, ``failed(object)`` with the error.
    ``open_when_done`` opens the PDF (or the first file) with the system viewer afterwards.
    """

    exported = Signal(list)
    failed = Signal(object)

    def __init__(
        self, store, check_id: int, parent=None, *, out_dir: str | None = None, prefs=None
    ):
        super().__init__(parent)
        self.setObjectName("ExportDialog")
        self.store = store
        self.check_id = int(check_id)
        self.task: ExportTask | None = None
        #: opens a file with the system viewer; False (or an exception) when it could not
        self.opener = lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(path))
        #: shows a file in the system file manager; False (or an exception) when it could not
        self.revealer = reveal_in_folder
        self.confirmation: ExportDoneDialog | None = None  # shown when the files are written
        self.data = store.report_data(self.check_id)
        check = self.data.get("check") or {}
        item = self.data.get("item") or {}
        default_name = safe_basename(
            check.get("ref_no") or item.get("inventory_no") or f"check-{check_id}"
        )

        self.what = QGroupBox(self)
        what = QVBoxLayout(self.what)
        self.format_boxes = {fmt: QCheckBox(self.what) for fmt in FORMATS}
        self.format_boxes["pdf"].setChecked(True)
        pdf_row = QFormLayout()
        self.lang_combo = QComboBox(self)
        self.second_combo = QComboBox(self)
        self.second_combo.addItem("", None)
        for code, native in LANGUAGES.items():
            self.lang_combo.addItem(native, code)
            self.second_combo.addItem(native, code)
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(current_language())))
        self.paper_combo = QComboBox(self)
        self.paper_combo.addItem("A4", "a4")
        self.paper_combo.addItem("US Letter", "letter")
        self.lang_label, self.second_label, self.paper_label = (
            QLabel(self),
            QLabel(self),
            QLabel(self),
        )
        pdf_row.addRow(self.lang_label, self.lang_combo)
        pdf_row.addRow(self.second_label, self.second_combo)
        pdf_row.addRow(self.paper_label, self.paper_combo)
        what.addWidget(self.format_boxes["pdf"])
        indent = QHBoxLayout()
        indent.addSpacing(24)
        indent.addLayout(pdf_row)
        what.addLayout(indent)
        for fmt in ("json", "csv", "w3c"):
            what.addWidget(self.format_boxes[fmt])
        self.format_boxes["pdf"].toggled.connect(self._update)

        where = QFormLayout()
        folder_row = QHBoxLayout()
        self.prefs = self._find_prefs(prefs)
        remembered = self.prefs.export_dir if self.prefs else None
        self.folder_edit = QLineEdit(out_dir or remembered or str(Path.home()), self)
        self.browse_button = QPushButton(self)
        self.browse_button.clicked.connect(self._browse)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.name_edit = QLineEdit(default_name, self)
        self.folder_label, self.name_label = QLabel(self), QLabel(self)
        where.addRow(self.folder_label, folder_row)
        where.addRow(self.name_label, self.name_edit)
        self.open_box = QCheckBox(self)
        self.open_box.setChecked(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addLayout(where)
        layout.addWidget(self.open_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export condition report"))
        self.what.setTitle(self.tr("Formats"))
        self.format_boxes["pdf"].setText(self.tr("PDF report (PDF/A)"))
        self.format_boxes["json"].setText(self.tr("JSON record (everything in the report)"))
        self.format_boxes["csv"].setText(self.tr("CSV table of findings"))
        self.format_boxes["w3c"].setText(self.tr("W3C Web Annotations (damage regions)"))
        self.lang_label.setText(self.tr("Language:"))
        self.second_label.setText(self.tr("Second language:"))
        self.second_combo.setItemText(0, self.tr("None"))
        self.paper_combo.setItemText(0, self.tr("A4 (210 × 297 mm)"))
        self.paper_combo.setItemText(1, self.tr("US Letter (216 × 279 mm)"))
        self.paper_label.setText(self.tr("Paper:"))
        self.folder_label.setText(self.tr("Folder:"))
        self.name_label.setText(self.tr("File name:"))
        self.browse_button.setText(self.tr("Browse…"))
        self.open_box.setText(self.tr("Open when done"))
        self.buttons.button(QDialogButtonBox.Ok).setText(self.tr("Export"))

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update(self) -> None:
        on = self.format_boxes["pdf"].isChecked()
        for w in (self.lang_combo, self.second_combo, self.paper_combo):
            w.setEnabled(on)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Export folder"), self.folder_edit.text()
        )
        if path:
            self.folder_edit.setText(path)

    def formats(self) -> list[str]:
        return [f for f, box in self.format_boxes.items() if box.isChecked()]

    def start_export(self) -> None:
        """Start writing the chosen files in the background (OK button)."""
        if self.task is not None:
            return
        formats = self.formats()
        if not formats:
            self._failed(ExportError("choose at least one format to export"))
            return
        second = self.second_combo.currentData()
        lang = self.lang_combo.currentData()
        self.task = ExportTask(
            self.data,
            self.folder_edit.text().strip() or ".",
            safe_basename(self.name_edit.text()),
            formats,
            lang=lang,
            second_lang=second if second and second != lang else None,
            paper=self.paper_combo.currentData(),
        )
        self.task_kwargs = dict(self.task.kwargs)
        self.task.signals.finished.connect(self._done)
        self.task.signals.failed.connect(self._failed)
        self.progress.show()
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(False)
        QThreadPool.globalInstance().start(self.task)

    def _find_prefs(self, prefs):
        """The given preferences, else the main window's (to remember the export folder)."""
        w = self.parent()
        while prefs is None and w is not None:
            prefs = getattr(w, "prefs", None)
            w = w.parent()
        return prefs if hasattr(prefs, "export_dir") else None

    def _done(self, paths: list) -> None:
        self.task = None
        self.progress.hide()
        if self.prefs is not None:
            self.prefs.export_dir = self.folder_edit.text().strip()
        record = getattr(self.store, "record_export", None)
        kwargs = self.task_kwargs
        for path in paths:
            if callable(record):
                fmt = "annotations" if path.endswith(_SUFFIX["w3c"]) else Path(path).suffix[1:]
                try:
                    record(
                        self.check_id,
                        path,
                        format=fmt,
                        lang=kwargs["lang"] if fmt in ("pdf", "csv") else None,
                        second_lang=kwargs["second_lang"] if fmt == "pdf" else None,
                    )
                except Exception:  # the files are written; a missing log entry is not fatal
                    pass
        self.exported.emit(paths)
        owner = self.parentWidget()
        self.accept()
        if not paths:
            return
        self.confirmation = ExportDoneDialog(
            paths, owner, opener=self.opener, revealer=self.revealer
        )
        self.confirmation.setAttribute(Qt.WA_DeleteOnClose)
        self.confirmation.open()  # not blocking: the app stays usable
        if self.open_box.isChecked():
            self.confirmation.open_file()  # a failure is reported, never silent

    def _failed(self, exc) -> None:
        self.task = None
        self.progress.hide()
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(True)
        handled = self.receivers(SIGNAL("failed(PyObject)")) > 0
        self.failed.emit(exc)
        if not handled:  # nobody else shows it (the main window may connect ``failed``)
            from ui.errors import show_error

            show_error(self, exc, self.tr("Export failed"))

    def reject(self) -> None:
        if self.task is not None:  # let the running export finish; files are atomic anyway
            QThreadPool.globalInstance().waitForDone()
        super().reject()


def reveal_in_folder(path: str) -> bool:
    """Show ``path`` selected in the system file manager (its folder on Linux); False when no
    file manager could be started."""
    path = os.path.abspath(path)
    try:
        if sys.platform == "win32":
            subprocess.Popen(["explorer", "/select,", os.path.normpath(path)])  # noqa: S603,S607
            return True
        if sys.platform == "darwin":
            subprocess.Popen(["open", "-R", path])  # noqa: S603,S607
            return True
    except OSError:
        return False
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(path))))


class ExportDoneDialog(QDialog):
    """ "Exported": where the files are, with Open (the PDF, else the first file) and Show in
    Folder. A file that cannot be opened or shown is reported in an error dialog."""

    def __init__(self, paths: list, parent=None, *, opener=None, revealer=None):
        super().__init__(parent)
        self.setObjectName("ExportDoneDialog")
        self.paths = [str(p) for p in paths]
        pdfs = [p for p in self.paths if p.lower().endswith(".pdf")]
        self.main_path = pdfs[0] if pdfs else self.paths[0]
        self.opener = opener or (lambda p: QDesktopServices.openUrl(QUrl.fromLocalFile(p)))
        self.revealer = revealer or reveal_in_folder
        self.setWindowTitle(self.tr("Export finished"))
        self.message = QLabel(
            self.tr("The condition report was exported to %n file(s):", "", len(self.paths)),
            self,
        )
        self.message.setWordWrap(True)
        self.path_label = QLabel("<br>".join(_html_path(p) for p in self.paths), self)
        self.path_label.setObjectName("exportedPaths")
        self.path_label.setTextFormat(Qt.RichText)
        self.path_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.path_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(self.tr("Open"), QDialogButtonBox.AcceptRole)
        self.folder_button = self.buttons.addButton(
            self.tr("Show in Folder"), QDialogButtonBox.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.Close)
        self.open_button.clicked.connect(self._open_clicked)
        self.folder_button.clicked.connect(self.show_in_folder)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.path_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def text(self) -> str:
        """The message and the paths, as plain text."""
        return self.message.text() + "\n" + "\n".join(self.paths)

    def _open_clicked(self) -> None:
        if self.open_file():
            self.accept()

    def _try(self, action, path: str, what: str) -> bool:
        try:
            ok = action(path)
        except Exception as exc:  # reported below like a refusal
            ok, why = False, str(exc)
        else:
            why = ""
        if ok is False:
            from ui.errors import show_error

            text = what.format(path)
            show_error(
                self.parentWidget() or self,
                ExportError(f"{text}{': ' + why if why else ''}", path),
                self.tr("Cannot open the exported file"),
                path=False,
            )
            return False
        return True

    def open_file(self) -> bool:
        """Open the PDF (or the first file) with the system viewer; an error dialog if not."""
        return self._try(
            self.opener,
            self.main_path,
            self.tr("No program could open {0}. The file is saved; open it from its folder."),
        )

    def show_in_folder(self) -> bool:
        """Show the exported file in the system file manager; an error dialog if not."""
        return self._try(
            self.revealer,
            self.main_path,
            self.tr("The folder of {0} could not be shown."),
        )


def _html_path(path: str) -> str:
    import html

    return f"<code>{html.escape(path)}</code>"
