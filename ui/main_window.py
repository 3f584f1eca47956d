"""The main window: the tiled scan viewer, analysis and review, annotation, report and records.

No analysis or storage code lives here: it starts the worker, wires signals, and hands the
reviewed findings to :mod:`ui.analysis.persist`.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QObject,
    QRectF,
    QRunnable,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSpinBox,
    QToolButton,
)

import ui._compat  # noqa: F401  (PySide6 6.12 reference-count work-around; see there)
from conservator.errors import RecordLockedError
from conservator.imaging.color import srgb_to_lab
from conservator.imaging.load import load_scan
from ui.analysis.batch import RegionTool
from ui.analysis.overlays import HoldToHide, OverlayManager, overlay_data
from ui.analysis.panel import AnalysisParamsDialog, FindingsPanel, class_status
from ui.analysis.review import (
    Finding,
    FindingsModel,
    findings_from_result,
    region_extra,
)
from ui.analysis.worker import AnalysisRunner, plain_progress
from ui.annotate.classpicker import DamageClassCombo, class_colour
from ui.annotate.tools import BrushTool, PolygonTool, RectTool, RulerTool
from ui.errors import show_error
from ui.formsafety import install_shortcut_guard
from ui.i18n import lab_text, num, quantity, unit
from ui.viewer.loupe import HoldForLoupe, Loupe
from ui.viewer.navigator import Navigator
from ui.viewer.view import ScanView

SCAN_FILTER = "*.tif *.tiff *.png *.jpg *.jpeg *.jp2 *.j2k"


def _icon(name: str):
    try:
        from ui.icons import icon

        return icon(name)
    except Exception:
        from PySide6.QtGui import QIcon

        return QIcon()


class _OpenSignals(QObject):
    loaded = Signal(int, str, object)  # generation, path, ScanImage or the exception


class _OpenTask(QRunnable):
    def __init__(self, signals: _OpenSignals, gen: int, path: str, page: int):
        super().__init__()
        self.signals, self.gen, self.path, self.page = signals, gen, path, page

    def run(self) -> None:
        try:
            result = load_scan(self.path, page=self.page)
        except BaseException as exc:  # shown by the GUI thread
            result = exc
        self.signals.loaded.emit(self.gen, self.path, result)


class MainWindow(QMainWindow):
    """Conservator's main window. ``analyze`` replaces the core analysis (tests)."""

    scanOpened = Signal(str)  # a scan (page) is shown
    openFailed = Signal(str)

    def __init__(self, prefs=None, analyze=None, settings: QSettings | None = None):
        super().__init__()
        from ui.prefs import Preferences

        self.prefs = prefs if prefs is not None else Preferences(settings)
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.resize(1400, 900)  # until fit_to_screen() (end of __init__) sees the screen
        self.scan = None
        self.scan_path: str | None = None
        self.analysis = None  # the last AnalysisResult of this page
        self.record = None  # ui.analysis.persist.RecordLink once saved to / opened from records
        self.record_final = False
        self.ask_item = None  # tests: a callable(win) -> (inventory_no, title)
        self.export_opener = self._open_export  # tests: show the dialog without exec()
        self.batch_opener = self._open_batch  # tests: fill the dialog, return True for OK
        self.confirm_discard = self._ask_discard  # tests replace it
        self.inform = self._inform  # a message in plain words; tests replace it
        self.ask_user_name = self._ask_user_name  # first use; tests replace it

        self._open_gen = 0
        self._open_pool = QThreadPool(self)
        self._open_pool.setMaxThreadCount(1)
        self._open_signals = _OpenSignals(self)
        self._open_signals.loaded.connect(self._opened)
        self.view = ScanView(self)
        self.view.setObjectName("scanView")
        self.setCentralWidget(self.view)
        self.navigator = Navigator(self.view)  # the page overview, the visible part outlined
        self.loupe = Loupe(self.view)  # the scan's pixels at 100 % under the cursor
        self.undo = QUndoStack(self)
        self.findings = FindingsModel(self.undo, self)
        self.overlays = OverlayManager(self.view.scene(), self.findings)
        self.runner = AnalysisRunner(self, analyze=analyze)
        self.runner.postprocess = overlay_data
        # a review already saved as a draft check is saved again a few seconds after each edit
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(int(1000 * max(1, self.prefs.autosave_seconds)))
        self.autosave_timer.timeout.connect(self._autosave)

        self.panel = FindingsPanel(self.findings, self)
        self.findings_dock = QDockWidget(self)
        self.findings_dock.setObjectName("findingsDock")
        self.findings_dock.setWidget(self.panel)
        self.addDockWidget(Qt.RightDockWidgetArea, self.findings_dock)
        self.resizeDocks([self.findings_dock], [520], Qt.Horizontal)
        self.report_editor = None
        self.records_browser = None

        install_shortcut_guard()  # single-key shortcuts never fire in a text field or combo
        self._build_actions()
        self._build_menus()
        self._build_toolbars()
        self._build_status()
        self._embed_records_widgets()
        self._connect()
        self.retranslate()
        self._update_actions()
        self.fit_to_screen()

    # ------------------------------------------------------------------ construction
    def _act(self, icon: str = "", shortcut=None, slot=None, checkable=False) -> QAction:
        act = QAction(_icon(icon) if icon else _icon(""), "", self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                act.setShortcuts(shortcut)
            else:
                act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        if slot is not None:
            act.triggered.connect(slot)
        return act

    def _build_actions(self) -> None:
        self.act_open = self._act("open", QKeySequence.Open, self.open_dialog)
        self.act_save = self._act("save", QKeySequence.Save, self.save_to_records)
        self.act_export = self._act("export", "Ctrl+E", self.export_dialog)
        self.act_survey = self._act("records", None, self.survey_dialog)
        self.act_prefs = self._act("preferences", QKeySequence.Preferences, self.preferences)
        self.act_quit = self._act("quit", QKeySequence.Quit, self.close)
        self.act_undo = self.undo.createUndoAction(self)
        self.act_undo.setShortcut(QKeySequence.Undo)
        self.act_undo.setIcon(_icon("undo"))
        self.act_redo = self.undo.createRedoAction(self)
        self.act_redo.setShortcuts([QKeySequence(QKeySequence.Redo), QKeySequence("Ctrl+Y")])
        self.act_redo.setIcon(_icon("redo"))
        self.act_zoom_in = self._act(
            "zoom-in",
            [QKeySequence(QKeySequence.ZoomIn), QKeySequence("Ctrl+=")],
            self.view.zoom_in,
        )
        self.act_zoom_out = self._act("zoom-out", QKeySequence.ZoomOut, self.view.zoom_out)
        self.act_fit = self._act("zoom-fit", "Ctrl+0", self.view.fit)
        self.act_100 = self._act("zoom-100", "Ctrl+1", self.view.actual_size)
        self.act_prev_page = self._act("page-previous", "PgUp", lambda: self.go_page(-1))
        self.act_next_page = self._act("page-next", "PgDown", lambda: self.go_page(+1))
        self.act_stretch = self._act("", None, self._toggle_stretch, checkable=True)
        self.act_analyse = self._act("analyse", "Ctrl+R", lambda: self.analyse(ask=True))
        self.act_analyse_defaults = self._act("", "Ctrl+Shift+R", lambda: self.analyse(ask=False))
        self.act_cancel = self._act("cancel", None, self.runner.cancel)
        self.act_accept = self._act(
            "accept", "A", lambda: self.panel.set_status_selected("accepted")
        )
        self.act_reject = self._act(
            "reject", "X", lambda: self.panel.set_status_selected("rejected")
        )
        self.act_delete = self._act("delete", QKeySequence.Delete, self.panel.delete_selected)
        self.act_batch = self._act("", "Ctrl+B", self.batch_dialog)
        self.act_batch_region = self._act(
            "", "Shift+X", lambda: self.set_tool("region"), checkable=True
        )
        self.act_next_finding = self._act("", "N", lambda: self.step_finding(+1))
        self.act_prev_finding = self._act("", "Shift+N", lambda: self.step_finding(-1))
        self.act_about = self._act("about", None, self.about)
        self.act_shortcuts = self._act("", "F1", self.show_shortcuts)
        self.act_guide = self._act("", "Shift+F1", self.show_guide)
        self.act_rotate_right = self._act("rotate", "]", lambda: self.view.rotate_display(90))
        self.act_rotate_left = self._act("", "[", lambda: self.view.rotate_display(-90))
        self.act_flip = self._act("", None, self.view.flip_display)
        self.act_navigator = self._act("", None, None, checkable=True)
        self.act_navigator.setChecked(True)
        self.act_navigator.toggled.connect(self.navigator.set_enabled_by_user)
        self.act_loupe = self._act("", "L", None, checkable=True)
        self.act_loupe.setAutoRepeat(False)  # held down: shown while held (HoldForLoupe)
        self.act_loupe.toggled.connect(self.loupe.set_active)
        self.act_ruler = self._act("ruler", "D", lambda: self.set_tool("ruler"), True)
        self.tool_group = QActionGroup(self)
        self.act_pan = self._act("pan", "V", lambda: self.set_tool(None), checkable=True)
        self.act_rect = self._act("rectangle", "M", lambda: self.set_tool("rectangle"), True)
        self.act_poly = self._act("polygon", "G", lambda: self.set_tool("polygon"), True)
        self.act_brush = self._act("brush", "B", lambda: self.set_tool("brush"), True)
        for a in (
            self.act_pan,
            self.act_rect,
            self.act_poly,
            self.act_brush,
            self.act_ruler,
            self.act_batch_region,
        ):
            self.tool_group.addAction(a)
        self.act_pan.setChecked(True)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.menu_file = mb.addMenu("")
        self.menu_file.addAction(self.act_open)
        self.menu_recent = self.menu_file.addMenu("")
        self.menu_recent.aboutToShow.connect(self._fill_recent)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_save)
        self.menu_file.addAction(self.act_export)
        self.menu_file.addAction(self.act_survey)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_prefs)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_edit = mb.addMenu("")
        for a in (self.act_undo, self.act_redo):
            self.menu_edit.addAction(a)
        self.menu_edit.addSeparator()
        for a in (self.act_accept, self.act_reject, self.act_delete):
            self.menu_edit.addAction(a)
        self.menu_edit.addSeparator()
        self.menu_edit.addAction(self.act_batch)
        self.menu_edit.addAction(self.act_batch_region)
        self.menu_edit.addSeparator()
        self.menu_edit.addAction(self.act_next_finding)
        self.menu_edit.addAction(self.act_prev_finding)
        self.menu_view = mb.addMenu("")
        for a in (self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_100):
            self.menu_view.addAction(a)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.act_prev_page)
        self.menu_view.addAction(self.act_next_page)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.act_stretch)
        self.menu_view.addSeparator()
        for a in (self.act_rotate_left, self.act_rotate_right, self.act_flip):
            self.menu_view.addAction(a)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.act_navigator)
        self.menu_view.addAction(self.act_loupe)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.findings_dock.toggleViewAction())
        self.menu_analysis = mb.addMenu("")
        self.menu_analysis.addAction(self.act_analyse)
        self.menu_analysis.addAction(self.act_analyse_defaults)
        self.menu_analysis.addAction(self.act_cancel)
        self.menu_annotate = mb.addMenu("")
        for a in (self.act_pan, self.act_rect, self.act_poly, self.act_brush):
            self.menu_annotate.addAction(a)
        self.menu_annotate.addSeparator()
        self.menu_annotate.addAction(self.act_ruler)
        self.menu_help = mb.addMenu("")
        self.menu_help.addAction(self.act_guide)
        self.menu_help.addAction(self.act_shortcuts)
        self.menu_help.addSeparator()
        self.menu_help.addAction(self.act_about)

    def _build_toolbars(self) -> None:
        tb = self.addToolBar("main")
        tb.setObjectName("mainToolbar")
        self.main_toolbar = tb
        for a in (self.act_open, self.act_save, None, self.act_undo, self.act_redo, None):
            tb.addSeparator() if a is None else tb.addAction(a)
        for a in (self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_100):
            tb.addAction(a)
        tb.addSeparator()
        tb.addAction(self.act_prev_page)
        self.page_spin = QSpinBox(self)
        self.page_spin.setObjectName("pageSpin")
        self.page_spin.setRange(1, 1)
        self.page_spin.valueChanged.connect(self._page_spin_changed)
        self.page_label = QLabel(self)
        tb.addWidget(self.page_spin)
        tb.addWidget(self.page_label)
        tb.addAction(self.act_next_page)
        tb.addSeparator()
        tb.addAction(self.act_analyse)

        at = self.addToolBar("annotate")
        at.setObjectName("annotateToolbar")
        self.annotate_toolbar = at
        for a in (self.act_pan, self.act_rect, self.act_poly, self.act_brush, self.act_ruler):
            at.addAction(a)
        self.class_combo = DamageClassCombo(self)  # every vocabulary class, searchable
        self.class_combo.setObjectName("annotationClass")
        self.class_combo.currentIndexChanged.connect(lambda _i: self._tool_colour())
        self.brush_label = QLabel(self)
        self.brush_spin = QDoubleSpinBox(self)
        self.brush_spin.setRange(0.2, 50.0)
        self.brush_spin.setValue(3.0)
        self.brush_spin.setSuffix(" " + unit("mm"))
        self.brush_spin.valueChanged.connect(lambda _v: self._tool_colour())
        at.addWidget(self.class_combo)
        at.addWidget(self.brush_label)
        at.addWidget(self.brush_spin)

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("zoomLabel")
        self.pos_label = QLabel(self)
        self.pos_label.setObjectName("posLabel")
        self.lab_label = QLabel(self)
        self.lab_label.setObjectName("labLabel")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("analysisProgress")
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_btn = QToolButton(self)
        self.cancel_btn.setObjectName("cancelAnalysis")
        self.cancel_btn.setDefaultAction(self.act_cancel)
        self.cancel_btn.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.progress.hide()
        self.cancel_btn.hide()
        for w in (self.progress, self.cancel_btn):
            sb.addPermanentWidget(w)
        for w in (self.pos_label, self.lab_label, self.zoom_label):
            sb.addPermanentWidget(w)

    def _embed_records_widgets(self) -> None:
        """The report editor and records browser of ``ui.records`` in docks, on one store."""
        try:
            from ui.records import RecordsBrowser, ReportEditor

            store = self.records_store()
            self.report_editor = ReportEditor(store, self, prefs=self.prefs)
            self.records_browser = RecordsBrowser(store, self)
        except Exception as exc:  # records unavailable: the viewer and review still work
            self.report_editor = self.records_browser = None
            self.statusBar().showMessage(
                self.tr("The records cannot be opened: {0}").format(exc), 10000
            )
            return
        self.report_dock = QDockWidget(self)
        self.report_dock.setObjectName("reportDock")
        self.report_dock.setWidget(self.report_editor)
        self.records_dock = QDockWidget(self)
        self.records_dock.setObjectName("recordsDock")
        self.records_dock.setWidget(self.records_browser)
        self.addDockWidget(Qt.RightDockWidgetArea, self.report_dock)
        # the records browser is a tab beside Findings and Report (or a window of its own when
        # the user floats it): it never takes a column of its own from the scan
        self.addDockWidget(Qt.RightDockWidgetArea, self.records_dock)
        self.tabifyDockWidget(self.findings_dock, self.report_dock)
        self.tabifyDockWidget(self.report_dock, self.records_dock)
        self.findings_dock.raise_()
        self.records_dock.hide()
        for dock in (self.report_dock, self.records_dock):
            dock.topLevelChanged.connect(lambda _f: self._limit_docks())
        self.menu_view.addAction(self.report_dock.toggleViewAction())
        self.menu_view.addAction(self.records_dock.toggleViewAction())
        self.records_browser.openCheckRequested.connect(self.open_check)
        self.records_browser.checkCreated.connect(self._edit_new_check)
        self.report_editor.before_finalize = self._before_finalize
        self.report_editor.finalized.connect(self._check_finalized)
        self.report_editor.newVersionCreated.connect(self._new_version)
        self.report_editor.saved.connect(lambda _id: self.records_browser.refresh())

    def records_store(self):
        """The records store of the preferences, shared with the records widgets."""
        from ui.records.api import shared_store

        store = shared_store(self.prefs.database)
        if self.prefs.user_name:
            store.actor = self.prefs.user_name  # who every change is recorded as
        return store

    def ensure_user_name(self) -> str | None:
        """The user's name (Preferences), asked for once when still empty; None if refused.

        It is the actor of every change written to the records and the default "Checked by".
        """
        name = self.prefs.user_name.strip()
        if not name:
            name = (self.ask_user_name() or "").strip()
            if not name:
                return None
            self.prefs.user_name = name
            self.prefs.sync()
        if self.report_editor is not None:
            self.records_store()  # the shared store records the new actor
        return name

    def _ask_user_name(self) -> str | None:
        from ui.prefs import ask_user_name

        return ask_user_name(self)

    def _before_finalize(self) -> bool:
        """The review of the check about to be signed is saved first (what is seen is signed)."""
        rec = self.record
        if rec is None or self.record_final or self.report_editor.check_id != rec.check_id:
            return True
        if self.undo.isClean() and (self.analysis is None or rec.analysis_saved is self.analysis):
            return True
        return self.save_to_records()

    def _check_finalized(self, check_id: int) -> None:
        if self.record is not None and self.record.check_id == check_id:
            self.set_record_final(True)
            self.statusBar().showMessage(self.final_reason(), 10000)
        self.records_browser.refresh()

    def _new_version(self, check_id: int) -> None:
        if self.record is not None:
            self.record.check_id = check_id
            self.set_record_final(False)
        self.records_browser.refresh()

    def _connect(self) -> None:
        self.view.zoomChanged.connect(self._zoom_changed)
        self.view.zoomChanged.connect(self.overlays.set_zoom)
        self.view.clicked.connect(self._view_clicked)
        self.view.cursorMoved.connect(self._cursor_moved)
        self.view.failed.connect(lambda exc: show_error(self, exc))
        self.runner.started.connect(self._analysis_started)
        self.runner.progress.connect(self._analysis_progress)
        self.runner.finished.connect(self._analysis_finished)
        self.runner.failed.connect(self._analysis_failed)
        self.runner.cancelled.connect(self._analysis_cancelled)
        self.panel.findingSelected.connect(self._finding_selected)
        self.panel.legend.toggled.connect(self.overlays.set_visible)
        self.panel.legend.opacityChanged.connect(self._opacity)
        self.panel.legend.fillChanged.connect(self.overlays.set_fill)
        self.panel.reviewed.connect(lambda: self.step_finding(+1))  # A / X / re-classify go on
        table = self.panel.table  # right click on the findings: single and batch review
        table.setContextMenuPolicy(Qt.ActionsContextMenu)
        table.addActions([self.act_accept, self.act_reject, self.act_batch, self.act_batch_region])
        self.hold_to_hide = HoldToHide(self, self.overlays)  # hold H: the scan without overlays
        self.hold_for_loupe = HoldForLoupe(self, self.act_loupe)  # hold L: the loupe while held
        self.undo.cleanChanged.connect(self._clean_changed)
        self.undo.indexChanged.connect(self._review_edited)

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_recent.setTitle(self.tr("Open &Recent"))
        self.menu_edit.setTitle(self.tr("&Edit"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_analysis.setTitle(self.tr("&Analysis"))
        self.menu_annotate.setTitle(self.tr("A&nnotate"))
        self.menu_help.setTitle(self.tr("&Help"))
        texts = {
            self.act_open: self.tr("&Open Scan…"),
            self.act_save: self.tr("&Save to Records"),
            self.act_export: self.tr("&Export…"),
            self.act_survey: self.tr("Collection &Survey…"),
            self.act_prefs: self.tr("&Preferences…"),
            self.act_quit: self.tr("&Quit"),
            self.act_zoom_in: self.tr("Zoom &In"),
            self.act_zoom_out: self.tr("Zoom &Out"),
            self.act_fit: self.tr("&Fit to Window"),
            self.act_100: self.tr("&Actual Size (100 %)"),
            self.act_prev_page: self.tr("&Previous Page"),
            self.act_next_page: self.tr("&Next Page"),
            self.act_stretch: self.tr("Stretch 16-bit &Contrast"),
            self.act_analyse: self.tr("&Analyse…"),
            self.act_analyse_defaults: self.tr("Analyse with &Defaults"),
            self.act_cancel: self.tr("&Cancel Analysis"),
            self.act_accept: self.tr("&Accept Finding"),
            self.act_reject: self.tr("&Reject Finding"),
            self.act_delete: self.tr("&Delete Region"),
            self.act_batch: self.tr("&Batch Review…"),
            self.act_batch_region: self.tr("Reject All in a Drawn &Rectangle"),
            self.act_next_finding: self.tr("Next Finding to &Review"),
            self.act_prev_finding: self.tr("Previous Finding to Re&view"),
            self.act_about: self.tr("&About Conservator"),
            self.act_shortcuts: self.tr("&Keyboard Shortcuts"),
            self.act_guide: self.tr("&User Guide"),
            self.act_rotate_right: self.tr("Rotate &Right (90°)"),
            self.act_rotate_left: self.tr("Rotate &Left (90°)"),
            self.act_flip: self.tr("&Mirror Left to Right"),
            self.act_navigator: self.tr("Na&vigator"),
            self.act_loupe: self.tr("&Loupe (100 %)"),
            self.act_ruler: self.tr("Measure &Distance"),
            self.act_pan: self.tr("&Pan"),
            self.act_rect: self.tr("&Rectangle"),
            self.act_poly: self.tr("P&olygon"),
            self.act_brush: self.tr("&Brush"),
        }
        for act, text in texts.items():
            act.setText(text)
        self.act_undo.setText(self.tr("&Undo"))
        self.act_redo.setText(self.tr("&Redo"))
        self.findings_dock.setWindowTitle(self.tr("Findings"))
        if self.report_editor is not None:
            self.report_dock.setWindowTitle(self.tr("Condition Report"))
            self.records_dock.setWindowTitle(self.tr("Records"))
            self._set_no_check_routes()
            # again once every widget has its new texts (the browser's buttons)
            QTimer.singleShot(0, self._set_no_check_routes)
        self.brush_label.setText(self.tr(" Brush: "))
        self.brush_spin.setLocale(QLocale())  # decimal mark and digits of the new language
        self.brush_spin.setSuffix(" " + unit("mm"))
        # a message of the previous language (e.g. "Analysis done") would stay until it expires
        self.statusBar().clearMessage()
        self.class_combo.fill()  # the vocabulary's labels in the new language
        self.main_toolbar.setWindowTitle(self.tr("Main"))
        self.annotate_toolbar.setWindowTitle(self.tr("Annotate"))
        self._update_title()
        self._update_page_label()
        self._zoom_changed(self.view.zoom())
        self.view.placeholder_text = self.tr(
            "Open a scan: File › Open, a recent file, or drop a TIFF, PNG, JPEG or JPEG 2000 "
            "file here."
        )
        self.view.viewport().update()
        if hasattr(self, "tool_group"):  # the "final check" tooltips in the new language
            self._update_actions()

    def _set_no_check_routes(self) -> None:
        """The Condition Report's "no check open" hint names this window's own menus."""

        def plain(text: str) -> str:
            return text.replace("&&", "\0").replace("&", "").replace("\0", "&")

        def route(menu, action) -> str:
            return self.tr("{0} › {1}").format(plain(menu.title()), plain(action.text()))

        browser = self.records_browser
        if self.report_editor is None or browser is None:
            return
        self.report_editor.no_check_routes = {
            "open": route(self.menu_file, self.act_open),
            "save": route(self.menu_file, self.act_save),
            "records": route(self.menu_view, self.records_dock.toggleViewAction()),
            "open_check": browser.open_button.text(),
            "new_check": browser.new_check_button.text(),
        }
        self.report_editor._update_banner()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.LayoutDirectionChange:
            self._place_docks()
        super().changeEvent(event)

    def _place_docks(self) -> None:
        """Review docks on the reading end of the window: right in LTR, left in RTL (Persian)."""
        rtl = self.layoutDirection() == Qt.RightToLeft
        side = Qt.LeftDockWidgetArea if rtl else Qt.RightDockWidgetArea
        if self.dockWidgetArea(self.findings_dock) == side:
            return
        visible = (
            self.findings_dock.isVisible() and not self.findings_dock.visibleRegion().isEmpty()
        )
        self.addDockWidget(side, self.findings_dock)
        if self.report_editor is not None:
            self.addDockWidget(side, self.report_dock)
            self.tabifyDockWidget(self.findings_dock, self.report_dock)
            if not self.records_dock.isFloating():  # a tab beside them, never a column
                self.addDockWidget(side, self.records_dock)
                self.tabifyDockWidget(self.report_dock, self.records_dock)
        if visible:
            self.findings_dock.raise_()

    def _clean_changed(self, _clean: bool) -> None:
        try:
            self._update_title()
        except RuntimeError:  # the window is being destroyed
            pass

    def _update_title(self) -> None:
        name = Path(self.scan_path).name if self.scan_path else ""
        dirty = "" if self.undo.isClean() else " *"
        self.setWindowTitle(
            self.tr("{0}{1} — Conservator").format(name, dirty) if name else self.tr("Conservator")
        )

    def _update_page_label(self) -> None:
        pages = self.scan.pages if self.scan is not None else 1
        self.page_label.setText(self.tr(" of {0} ").format(num(pages, 0)))
        self.page_spin.setLocale(QLocale())  # the page number in the language's digits

    def _update_actions(self) -> None:
        has = self.scan is not None
        for a in (
            self.act_save,
            self.act_export,
            self.act_zoom_in,
            self.act_zoom_out,
            self.act_fit,
            self.act_100,
            self.act_analyse,
            self.act_analyse_defaults,
            self.act_rect,
            self.act_poly,
            self.act_brush,
            self.act_ruler,
            self.act_rotate_left,
            self.act_rotate_right,
            self.act_flip,
            self.act_loupe,
        ):
            a.setEnabled(has)
        pages = self.scan.pages if has else 1
        page = self.scan.page if has else 0
        self.act_prev_page.setEnabled(has and page > 0)
        self.act_next_page.setEnabled(has and page < pages - 1)
        self.page_spin.setEnabled(has and pages > 1)
        self.act_cancel.setEnabled(self.runner.is_running())
        editable = has and not self.record_final
        self.overlays.editable = editable
        self.findings.read_only = self.record_final
        reason = self.final_reason() if self.record_final else ""
        for a in self._editing_actions():
            a.setEnabled(editable)
            a.setToolTip(reason)  # "" restores the default (the action's text)
        for a in (self.act_undo, self.act_redo):
            a.setToolTip(reason)
        for w in (self.class_combo, self.brush_spin):
            w.setEnabled(editable)
            w.setToolTip(reason)
        self.panel.set_read_only(self.record_final, reason)
        if not editable and self.view.tool is not None:
            self.set_tool(None)

    def _editing_actions(self) -> tuple[QAction, ...]:
        """Every action that changes the review (all disabled on a final check)."""
        return (
            self.act_accept,
            self.act_reject,
            self.act_delete,
            self.act_batch,
            self.act_batch_region,
            self.act_rect,
            self.act_poly,
            self.act_brush,
            self.act_analyse,
            self.act_analyse_defaults,
            self.act_save,
        )

    def final_reason(self) -> str:
        """Why an editing action is disabled on a final check, and what to do instead."""
        return self.tr(
            "This check is final (signed) and cannot be changed. To correct it, click "
            "“New version” in the Condition Report."
        )

    def set_record_final(self, final: bool) -> None:
        """Make the open review read-only (a final check) or editable again (a new version).

        A final check closes the undo stack (cleared, nothing can be pushed), stops autosave
        and any analysis in progress, and disables every editing action with a tooltip.
        """
        self.record_final = bool(final)
        if self.record_final:
            self.autosave_timer.stop()
            if self.runner.is_running():
                self.runner.discard()
                self._analysis_done()
            self.undo.clear()
            self.undo.setClean()
        self.findings.read_only = self.record_final
        self._update_actions()
        self._update_title()

    # ------------------------------------------------------------------ files
    def open_dialog(self) -> None:
        start = os.path.dirname(self.scan_path) if self.scan_path else ""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open Scan"), start, self.tr("Scans ({0})").format(SCAN_FILTER)
        )
        if path:
            self.open_scan_async(path)

    def open_scan(self, path, page: int = 0, *, ask: bool = True) -> bool:
        """Load ``path`` (page ``page``, 0-based) and show it, waiting for the decode.

        False when it failed or the user kept the current scan. The menus, drops and page
        switches use :meth:`open_scan_async`, which decodes in a worker thread.
        """
        if ask and not self.confirm_discard():
            return False
        QApplication.setOverrideCursor(Qt.WaitCursor)
        try:
            scan = load_scan(path, page=page)
        except Exception as exc:
            QApplication.restoreOverrideCursor()
            show_error(self, exc, self.tr("Cannot open the scan"))
            return False
        QApplication.restoreOverrideCursor()
        self._show_scan(scan, path)
        return True

    def open_scan_async(self, path, page: int = 0, *, ask: bool = True) -> bool:
        """Decode ``path`` in a worker thread, then show it (:attr:`scanOpened` follows).

        The window stays responsive meanwhile (a 150 MP compressed TIFF takes seconds); a
        newer request supersedes an older one. False when the user kept the current scan.
        """
        if ask and not self.confirm_discard():
            return False
        self._open_gen += 1
        self.view.viewport().setCursor(Qt.BusyCursor)
        self.statusBar().showMessage(self.tr("Opening {0}…").format(Path(path).name))
        self._open_pool.start(_OpenTask(self._open_signals, self._open_gen, str(path), page))
        return True

    def _opened(self, gen: int, path: str, scan) -> None:
        if gen != self._open_gen:
            return
        self.view.viewport().setCursor(Qt.CrossCursor if self.view.tool else Qt.OpenHandCursor)
        if isinstance(scan, BaseException):
            self.statusBar().clearMessage()
            self._sync_page_spin()
            show_error(self, scan, self.tr("Cannot open the scan"))
            self.openFailed.emit(path)
            return
        self._show_scan(scan, path)

    def _sync_page_spin(self) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1, self.scan.pages if self.scan is not None else 1)
        self.page_spin.setValue(self.scan.page + 1 if self.scan is not None else 1)
        self.page_spin.blockSignals(False)

    def _show_scan(self, scan, path) -> None:
        if self.runner.is_running():  # its results belong to the previous scan
            self.runner.discard()
            self._analysis_done()
        self.scan = scan
        self.scan_path = str(path)
        self.analysis = None
        self.record = None
        self.overlays.clear()
        self.findings.reset([], scan.px_per_mm)
        self.findings.set_leaf_origin(None)
        self.record_final = False
        self.panel.legend.set_status({})
        self.act_stretch.setChecked(False)
        self.view.set_scan(scan)
        self._set_tool_limits()
        self._sync_page_spin()
        self._update_page_label()
        self.prefs.add_recent_file(str(Path(path).resolve()))
        self.undo.setClean()
        self._update_title()
        self._update_actions()
        msg = self.tr("{0} × {1} px, {2}-bit").format(
            num(scan.width, 0), num(scan.height, 0), num(scan.bit_depth, 0)
        )
        if scan.dpi:
            msg += ", " + quantity(scan.dpi[0], "ppi", 0)
        else:
            msg += self.tr(", no resolution: positions and areas in pixels")
        self.statusBar().showMessage(msg, 8000)
        self.scanOpened.emit(str(path))

    def go_page(self, delta: int) -> None:
        if self.scan is None:
            return
        page = self.scan.page + delta
        if 0 <= page < self.scan.pages:
            self.open_scan_async(self.scan_path, page)

    def _page_spin_changed(self, value: int) -> None:
        if self.scan is not None and value - 1 != self.scan.page:
            if not self.open_scan_async(self.scan_path, value - 1):
                self._sync_page_spin()

    def _fill_recent(self) -> None:
        self.menu_recent.clear()
        files = self.prefs.recent_files
        for f in files:
            act = self.menu_recent.addAction(f)
            act.triggered.connect(lambda _c=False, f=f: self.open_scan_async(f))
        if not files:
            empty = self.menu_recent.addAction(self.tr("(none)"))
            empty.setEnabled(False)
        else:
            self.menu_recent.addSeparator()
            clear = self.menu_recent.addAction(self.tr("Clear Recent Files"))
            clear.triggered.connect(self.prefs.clear_recent_files)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                event.acceptProposedAction()
                self.open_scan_async(url.toLocalFile())
                return

    # ------------------------------------------------------------------ status bar
    def _zoom_changed(self, z: float) -> None:
        if self.scan is None:
            self.zoom_label.setText("")
            return
        self.zoom_label.setText(
            self.tr("Zoom {0} %").format(num(z * 100, 0) if z >= 0.1 else num(z * 100, 1))
        )

    def _cursor_moved(self, x: float, y: float) -> None:
        if self.scan is None or x < 0:
            self.pos_label.setText("")
            self.lab_label.setText("")
            return
        ppmm = self.scan.px_per_mm
        if ppmm:
            self.pos_label.setText(
                self.tr("x {0}, y {1}").format(
                    quantity(x / ppmm, "mm", 1), quantity(y / ppmm, "mm", 1)
                )
            )
        else:
            self.pos_label.setText(
                self.tr("x {0}, y {1}").format(quantity(x, "px", 0), quantity(y, "px", 0))
            )
        src = self.view.source
        rgb = src.pixel_srgb(int(x), int(y)) if src is not None else None
        if rgb is None:
            self.lab_label.setText("")
            return
        lab = srgb_to_lab(rgb.reshape(1, 3))[0]
        self.lab_label.setText(lab_text(lab))

    def _toggle_stretch(self, on: bool) -> None:
        src = self.view.source
        if src is None:
            return
        from ui.viewer.pyramid import DisplayMapping

        src.set_mapping(src.auto_mapping() if on else DisplayMapping())
        self.view.loader.clear_cache()
        self.view.item.update()
        self.view.item.request_top()
        self.navigator.refresh_image()  # the overview in the same contrast as the view

    # ------------------------------------------------------------------ analysis
    def analyse(self, ask: bool = True) -> None:
        """Run the detectors on the current page in the background (a run in progress stops)."""
        if self.scan is None or self.record_final:
            return
        from ui.prefs import detector_defaults

        defaults = detector_defaults()
        detectors = self.prefs.detectors
        params = self.prefs.effective_params(defaults)
        if ask:
            dlg = AnalysisParamsDialog(defaults, params, detectors, self)
            if dlg.exec() != AnalysisParamsDialog.Accepted:
                return
            detectors, params = dlg.detectors(), dlg.params()
            if dlg.remember.isChecked():
                self.prefs.detectors = detectors
                self.prefs.detector_params = dlg.editor.overrides()
        if not detectors:
            return
        self.runner.start(self.scan, detectors, params)

    def _analysis_started(self) -> None:
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Analysing… %p%"))
        self.progress.show()
        self.cancel_btn.show()
        self._update_actions()

    def _analysis_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        text = plain_progress(message)  # never the core's stage names ("front end: ready")
        if text:
            self.statusBar().showMessage(text)

    def _analysis_done(self) -> None:
        self.progress.hide()
        self.cancel_btn.hide()
        self._update_actions()

    def _analysis_finished(self, payload) -> None:
        self._analysis_done()
        if self.record_final:  # a check signed meanwhile keeps what was signed
            return
        result, extra = payload if isinstance(payload, tuple) else (payload, {})
        self.analysis = result
        data = result.to_dict() if hasattr(result, "to_dict") else dict(result)
        self.findings.set_leaf_origin((data.get("leaf") or {}).get("bbox"))
        self.findings.replace_auto(findings_from_result(data))
        self.panel.legend.set_status(class_status(data))
        if self.scan is not None:
            self.overlays.set_masks(
                extra.get("coverage", {}), self.scan.width, self.scan.height, extra.get("patches")
            )
        n = len([f for f in self.findings.items if f.source == "auto"])
        self.statusBar().showMessage(
            self.tr("Analysis done: {0} findings to review.").format(n), 8000
        )
        for w in data.get("warnings") or []:
            self.statusBar().showMessage(str(w), 8000)
        self.undo.resetClean()
        self._update_title()

    def _analysis_failed(self, exc) -> None:
        self._analysis_done()
        show_error(self, exc, self.tr("Analysis failed"))

    def _analysis_cancelled(self) -> None:
        self._analysis_done()
        self.statusBar().showMessage(self.tr("Analysis cancelled."), 5000)

    # ------------------------------------------------------------------ review
    def _finding_selected(self, uid) -> None:
        self.overlays.select(uid)
        f = self.findings.get(uid) if uid is not None else None
        if f is not None and not getattr(self, "_select_without_zoom", False):
            x, y, w, h = f.bbox
            self.view.frame_rect(
                QRectF(x, y, max(w, 1), max(h, 1)),
                self.scan.px_per_mm if self.scan is not None else None,
                self.prefs.review_context_mm,
            )

    def step_finding(self, direction: int) -> None:
        """Select and zoom to the next (or previous) finding still to review, in table order."""
        proxy = self.panel.proxy
        rows = proxy.rowCount()
        if not rows:
            return
        current = self.panel.table.currentIndex()
        start = current.row() if current.isValid() else (-1 if direction > 0 else rows)
        for i in range(1, rows + 1):
            r = (start + direction * i) % rows
            uid = proxy.index(r, 0).data(Qt.UserRole)
            f = self.findings.get(uid)
            if f is not None and f.status == "proposed":
                self.panel.select_uid(uid)
                return
        self.statusBar().showMessage(self.tr("Every finding has been reviewed."), 5000)

    def _view_clicked(self, pos) -> None:
        """A click on a finding in the view selects it in the table (the smallest one there)."""
        uid = self.overlays.finding_at(pos.x(), pos.y())
        if uid is not None:
            self._select_without_zoom = True
            self.panel.select_uid(uid)
            self._select_without_zoom = False
            self.overlays.select(uid)  # also when the row was already current

    def _opacity(self, value: float) -> None:
        self.overlays.set_opacity(value)
        for uid in list(self.overlays.outlines):
            self.overlays._style(uid)

    # ------------------------------------------------------------------ annotation
    def set_tool(self, name: str | None) -> None:
        """Activate an annotation tool (``rectangle``, ``polygon``, ``brush``) or panning."""
        scene = self.view.scene()
        tool = {
            "rectangle": lambda: RectTool(scene, self._region_drawn),
            "polygon": lambda: PolygonTool(scene, self._region_drawn),
            "brush": lambda: BrushTool(scene, self._region_drawn),
            "ruler": lambda: RulerTool(scene, self._measured),
            "region": lambda: RegionTool(scene, self._batch_region_drawn),
            None: lambda: None,
        }[name]()
        self.view.set_tool(tool)
        {
            "rectangle": self.act_rect,
            "polygon": self.act_poly,
            "brush": self.act_brush,
            "ruler": self.act_ruler,
            "region": self.act_batch_region,
        }.get(name, self.act_pan).setChecked(True)
        self._set_tool_limits()
        self._tool_colour()

    def _set_tool_limits(self) -> None:
        if self.view.tool is not None and self.scan is not None:
            self.view.tool.limit = (self.scan.width, self.scan.height)

    def _measured(self, _px: float, text: str) -> None:
        self.statusBar().showMessage(self.tr("Distance: {0}").format(text), 15000)

    def show_guide(self) -> None:
        """Help › User Guide, in the interface language (one window, raised when open)."""
        from ui.dialogs.guide import GuideDialog
        from ui.i18n import current_language

        dlg = getattr(self, "guide_dialog", None)
        if dlg is not None and dlg.lang != current_language():
            dlg.close()
            dlg = None
        if dlg is None:
            dlg = GuideDialog(self)
            dlg.fit_to(self)
            self.guide_dialog = dlg
        dlg.show()
        dlg.raise_()

    def show_shortcuts(self) -> None:
        from ui.dialogs.shortcuts import ShortcutSheet

        ShortcutSheet(self).open()

    # ------------------------------------------------------------------ batch review
    def batch_dialog(self) -> None:
        """Edit › Batch Review: accept or reject every finding of a class above an area (among
        all findings or the selected ones), as one undo step."""
        if self.findings.read_only:
            self.statusBar().showMessage(self.final_reason(), 8000)
            return
        if not self.findings.items:
            self.statusBar().showMessage(
                self.tr("No findings to review yet: analyse the scan or draw regions first."),
                8000,
            )
            return
        from ui.analysis.batch import BatchDialog, apply_batch

        dlg = BatchDialog(self.findings, self.panel.selected_uids(), self)
        if not self.batch_opener(dlg):
            return
        self._batch_done(apply_batch(self.findings, dlg.targets(), dlg.action()), dlg.action())

    def _open_batch(self, dlg) -> bool:
        return dlg.exec() == dlg.DialogCode.Accepted

    def _batch_region_drawn(self, _shape: str, points) -> None:
        """Reject every finding to review that lies wholly inside the rectangle just drawn."""
        from ui.analysis.batch import apply_batch, targets

        xs, ys = [p[0] for p in points], [p[1] for p in points]
        uids = targets(self.findings, "reject", region=(min(xs), min(ys), max(xs), max(ys)))
        self._batch_done(apply_batch(self.findings, uids, "reject"), "reject")
        QTimer.singleShot(0, lambda: self.set_tool(None))  # one rectangle, then back to pan

    def _batch_done(self, n: int, action: str) -> None:
        if not n:
            self.statusBar().showMessage(self.tr("No finding matched: nothing changed."), 6000)
            return
        text = (
            self.tr("Accepted %n finding(s).", "", n)
            if action == "accept"
            else self.tr("Rejected %n finding(s).", "", n)
        )
        self.statusBar().showMessage(text + " " + self.tr("Edit › Undo restores them."), 8000)

    def _tool_colour(self) -> None:
        tool = self.view.tool
        if tool is None:
            return
        if isinstance(tool, RegionTool):  # its own colour: it marks no damage
            return
        if isinstance(tool, RulerTool):
            tool.px_per_mm = self.scan.px_per_mm if self.scan is not None else None
            return
        tool.color = class_colour(self.class_combo.currentData())
        if isinstance(tool, BrushTool):
            ppmm = self.scan.px_per_mm if self.scan is not None else None
            tool.width = self.brush_spin.value() * (ppmm or 10.0)

    def _region_drawn(self, shape: str, points) -> None:
        if self.findings.read_only:
            return
        from conservator.analysis.regions import measure_region

        cls = self.class_combo.currentData()
        m = measure_region(points, self.scan.px_per_mm if self.scan is not None else None)
        finding = Finding(
            cls=cls,
            bbox=tuple(m["bbox"]),
            area_px=m["area_px"],
            area_mm2=m["area_mm2"],
            severity=2,
            status="accepted",
            source="manual",
            polygon=[(float(x), float(y)) for x, y in points],
            shape=shape,
            extra=region_extra(m),
            author=self.prefs.user_name or None,
        )
        self.findings.add(finding)
        self._select_without_zoom = True  # the user is looking at it: the view stays put
        try:
            self.panel.select_uid(finding.uid)
        finally:
            self._select_without_zoom = False
        self.overlays.select(finding.uid)

    # ------------------------------------------------------------------ records
    def save_to_records(self) -> bool:
        """Save the reviewed findings and manual regions as a draft check."""
        if self.scan is None:
            return False
        if self.record_final:
            self.inform(self.tr("This check is final"), self.final_reason())
            return False
        try:
            from ui.analysis.persist import save_review

            check_id = save_review(self)
        except RecordLockedError:  # finalised meanwhile (the editor, the CLI): show what was
            from ui.analysis.persist import show_stored  # signed, read-only from now on

            show_stored(self)
            if self.report_editor is not None:
                self.report_editor.load_check(self.record.check_id)
            self.inform(self.tr("This check is final"), self.final_reason())
            return False
        except Exception as exc:  # in plain words: the database path goes to the details
            show_error(self, exc, self.tr("Cannot save to the records"), path=False)
            return False
        if check_id is None:
            return False
        self.undo.setClean()
        self._update_title()
        self.statusBar().showMessage(self.tr("Saved as check {0}.").format(check_id), 6000)
        if self.report_editor is not None:
            if self.report_editor.check_id != check_id:
                self.report_editor.load_check(check_id)
            else:
                self.report_editor.reload()
            self.records_browser.refresh()
        return True

    def _review_edited(self, _index: int) -> None:
        if self.record is not None and not self.record_final and not self.undo.isClean():
            self.autosave_timer.start()

    def _autosave(self) -> None:
        if self.record is None or self.record_final or self.undo.isClean():
            return
        if self.runner.is_running():
            self.autosave_timer.start()  # after the analysis, not in the middle of it
            return
        self.save_to_records()

    def open_check(self, check_id: int) -> None:
        """Open a check from the records: its scan, then its regions."""
        scan_error = None
        try:
            from ui.analysis.persist import load_check

            load_check(self, int(check_id))
        except Exception as exc:
            scan_error = exc
        if scan_error is not None and self.report_editor is None:
            show_error(self, scan_error, self.tr("Cannot open the check"))
            return
        if scan_error is not None:  # the record still opens in the editor, without its scan
            self.statusBar().showMessage(
                self.tr("The check opened without its scan: %s") % scan_error, 10000
            )
        if self.report_editor is not None:
            self.report_editor.load_check(int(check_id))
            self.report_dock.raise_()
        self._update_actions()

    def _edit_new_check(self, check_id: int) -> None:
        """A check created in the records browser opens in the report editor."""
        if self.report_editor is not None:
            self.report_editor.load_check(int(check_id))
            self.report_dock.show()
            self.report_dock.raise_()

    def export_dialog(self) -> None:
        """Export the check of this scan (saved first when needed): PDF, JSON, CSV, W3C."""
        if self.record is None or not self.undo.isClean():
            if self.record_final or not self.save_to_records():
                if self.record is None:
                    return
        if self.report_editor is not None and not self.report_editor.save():
            return
        try:
            from ui.dialogs.export import ExportDialog

            dlg = ExportDialog(self.records_store(), self.record.check_id, self)
        except Exception as exc:
            show_error(self, exc, self.tr("Export failed"))
            return
        dlg.failed.connect(lambda exc: show_error(self, exc, self.tr("Export failed")))
        self.export_opener(dlg)

    def _inform(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)

    def survey_dialog(self) -> None:
        """File › Survey…: a sampled survey of a folder or CSV list, run in the background."""
        from ui.dialogs.survey import SurveyDialog

        dlg = SurveyDialog(self.prefs.database, self)
        dlg.failed.connect(lambda exc: show_error(self, exc, self.tr("The survey failed")))
        dlg.finished.connect(lambda _doc: self.records_browser.refresh())
        dlg.setAttribute(Qt.WA_DeleteOnClose)
        self.survey_dialog_opened = dlg  # tests drive it
        dlg.show()

    def _open_export(self, dlg) -> None:
        dlg.exec()

    def preferences(self) -> None:
        from ui.prefs import PreferencesDialog

        try:
            store = self.records_store()
        except Exception:  # the records cannot be opened: the other preferences still can
            store = None
        dlg = PreferencesDialog(self.prefs, self, store=store)
        dlg.databaseChanged.connect(self._database_changed)
        if dlg.exec():
            self.records_store()  # a new name becomes the actor of the next changes

    def _database_changed(self, _path: str) -> None:
        if self.report_editor is None:
            return
        store = self.records_store()
        self.report_editor.set_store(store)
        self.records_browser.set_store(store)
        self.record = None

    def about(self) -> None:
        try:
            from ui.dialogs.about import AboutDialog

            AboutDialog(self).exec()
        except Exception as exc:
            show_error(self, exc)

    # ------------------------------------------------------------------ closing
    def _ask_discard(self) -> bool:
        if self.record_final or (self.undo.isClean() and not self.runner.is_running()):
            return True
        ans = QMessageBox.question(
            self,
            self.tr("Unsaved review"),
            self.tr("The review of this scan has unsaved changes. Save them to the records?"),
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
        )
        if ans == QMessageBox.Save:
            return self.save_to_records()
        return ans == QMessageBox.Discard

    # ------------------------------------------------------------------ screen
    #: The size the window opens at when the screen has room for it (else the screen's room).
    DEFAULT_SIZE = (1400, 900)

    def fit_to_screen(self) -> None:
        """Open at the saved geometry if it fits the available screen, else at a size that does."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        settings = getattr(self.prefs, "settings", None)
        saved = settings.value("window/geometry") if settings is not None else None
        if saved is not None and self.restoreGeometry(saved):
            if avail.contains(self.frameGeometry()) or avail.contains(self.geometry()):
                return
        w = min(self.DEFAULT_SIZE[0], avail.width() - 16)
        h = min(self.DEFAULT_SIZE[1], avail.height() - 48)  # the title bar and frame
        self.resize(max(w, 640), max(h, 480))
        self.move(avail.center() - self.rect().center())

    def _limit_docks(self) -> None:
        """Docks beside the scan never take more than half the window; a floating one is free."""
        half = max(200, self.width() // 2)
        for dock in self.findChildren(QDockWidget):
            dock.setMaximumWidth(16777215 if dock.isFloating() else half)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._limit_docks()

    def closeEvent(self, event) -> None:
        if not self.confirm_discard():
            event.ignore()
            return
        editor_ok = getattr(self.report_editor, "maybe_close", None)
        if callable(editor_ok) and not editor_ok():
            event.ignore()
            return
        settings = getattr(self.prefs, "settings", None)
        if settings is not None:
            settings.setValue("window/geometry", self.saveGeometry())
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop every worker thread (the window closes, or a test ends)."""
        self.autosave_timer.stop()
        self._open_gen += 1
        self._open_pool.waitForDone()
        self.runner.shutdown()
        self.view.shutdown()
        if self.report_editor is not None:
            self.report_editor.autosave_timer.stop()
            from ui.records.api import close_shared_stores

            close_shared_stores()
