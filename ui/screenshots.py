"""Render the application's main states to PNG files (``make screenshots``).

``python -m ui.screenshots [--tools] [OUTDIR]`` (default ``docs/screenshots``) runs offscreen on a
synthetic demo page: the viewer with the analysis overlays, the condition-report editor, the
records browser, the same window in Persian (right-to-left), and the Preferences, Export and
About dialogs; with ``--tools`` every area of the app at 1600×1000 and 1280×720 in English and
Persian (:data:`TOOL_SHOTS`). Everything is written into a temporary folder except the PNGs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

SHOTS = (
    "viewer-overlays.png",
    "report-editor.png",
    "records-browser.png",
    "persian-layout.png",
    "persian-report-editor.png",
    "preferences.png",
    "export-dialog.png",
    "about.png",
)


def _wait(signal, timeout_s: float) -> bool:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    fired = []
    signal.connect(lambda *a: (fired.append(a), loop.quit()))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    return bool(fired)


def _settle(seconds: float) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def _save(widget, out: Path, name: str) -> Path:
    path = out / name
    tmp = path.with_name(f".{name}.part.png")
    if not widget.grab().save(str(tmp), "PNG", 0):  # 0: smallest file
        raise OSError(f"could not write {path}")
    os.replace(tmp, path)
    print(path)
    return path


def _fill_report(editor) -> None:
    """Type what a conservator would into the report editor."""
    from PySide6.QtCore import QDate

    def pick(combo, code):
        combo.setCurrentIndex(max(0, combo.findData(code)))

    editor.item_edits["date_text"].setText("1894")
    editor.item_edits["materials"].setText("rag paper, iron-gall ink")
    editor.item_edits["dimensions"].setText("210 × 297 mm")
    editor.item_edits["location"].setText("Store 2, box 14")
    pick(editor.item_edits["object_type"], "letter")
    pick(editor.combos["reason_code"], "digitisation")
    pick(editor.combos["method_code"], "automated_image_analysis")
    pick(editor.combos["grade_code"], "poor")
    pick(editor.combos["priority_code"], "high")
    pick(editor.combos["completeness_code"], "incomplete")
    editor.completeness_note.setText("lower right corner lost")
    editor.environment_note.setText("store room at 55–60 % RH, 18 °C")
    editor.next_check.enabled.setChecked(True)
    editor.next_check.edit.setDate(QDate(2027, 6, 1))
    editor.summary_edit.setPlainText(
        "Scattered foxing over the text block, an edge tear at the left margin and a loss at "
        "the lower corner. Paper sound elsewhere; ink stable."
    )
    editor.hazards.set_hazards([{"hazard_code": "loose_fragments", "note": "corner fragment"}])
    editor.rec_edits["handling"].setPlainText("Handle on a rigid support; do not unfold.")
    editor.rec_edits["storage"].setPlainText("Individual folder in an archival box.")
    editor.treat_text.setPlainText("Dry surface cleaning; tear mending with wheat starch paste.")
    editor.proposed_by.setText("A. Bekova")
    editor.checker_edit.setText("A. Bekova")
    editor._edited()


def _more_records(store) -> None:
    """A second item with a finalised check and its correction, for the records browser."""
    store.add_item("ҚР-7/118", "Қолжазба хат, 1901", object_type="manuscript")
    cid = store.create_check(
        "ҚР-7/118", checker="A. Bekova", check_date="2025-03-14", reason_code="routine_survey"
    )
    store.update_check(cid, grade="fair", summary="Stable; light surface soiling.")
    store.finalize_check(cid, "A. Bekova")
    new = store.new_version(cid)
    store.update_check(new, summary="Stable; light surface soiling; old tape on the verso.")


def render(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Render every screenshot into ``out_dir``; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from conservator.demo import write_demo_set
    from ui.i18n import install_language
    from ui.icons import app_icon
    from ui.main_window import MainWindow
    from ui.prefs import Preferences, PreferencesDialog

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setWindowIcon(app_icon())
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="conservator-shots-") as tmp:
        tmp = Path(tmp)
        os.environ.setdefault("CONSERVATOR_CACHE_DIR", str(tmp / "cache"))
        write_demo_set(tmp / "demo", 1, seed=1, ppi=200)
        page = tmp / "demo" / "page-001.tif"
        prefs = Preferences(QSettings(str(tmp / "prefs.ini"), QSettings.IniFormat))
        prefs.database = str(tmp / "records.db")
        prefs.language = "en"
        prefs.user_name = "A. Bekova"
        install_language(app, "en")

        win = MainWindow(prefs=prefs)
        win.ask_item = lambda _w: ("MS-1894/12", "Letter to the governor, 1894")
        win.confirm_discard = lambda: True
        win.resize(1500, 950)
        win.show()
        win.open_scan(str(page))
        _wait(win.view.imageReady, 30)
        win.analyse(ask=False)
        if not _wait(win.runner.finished, 300):
            raise RuntimeError("the analysis of the demo page did not finish")
        items = win.findings.items
        accepted = [f.uid for f in items if f.cls in ("loss", "tear")]
        win.findings.set_status(accepted, "accepted")
        rejected = [f.uid for f in items if f.cls == "foxing"][:2]
        win.findings.set_status(rejected, "rejected")
        _settle(1.5)
        written.append(_save(win, out, "viewer-overlays.png"))

        win.save_to_records()
        editor = win.report_editor
        if editor is not None:
            _fill_report(editor)
            editor.save()
            win.report_dock.raise_()
            win.resizeDocks([win.report_dock], [600], Qt.Horizontal)
            _settle(0.5)
            written.append(_save(win, out, "report-editor.png"))
            _more_records(win.records_store())
            win.records_dock.show()
            win.resizeDocks([win.records_dock], [470], Qt.Horizontal)
            win.records_browser.refresh()
            win.records_browser.select_item(win.records_store().get_item("ҚР-7/118")["id"])
            _settle(0.5)
            written.append(_save(win, out, "records-browser.png"))
            win.records_dock.hide()

        install_language(app, "fa")
        win.findings_dock.raise_()
        _settle(1.0)
        written.append(_save(win, out, "persian-layout.png"))
        if editor is not None:
            win.report_dock.raise_()
            _settle(0.5)
            written.append(_save(win, out, "persian-report-editor.png"))
        install_language(app, "en")
        _settle(0.5)

        dlg = PreferencesDialog(prefs, win)
        dlg.show()
        _settle(0.3)
        written.append(_save(dlg, out, "preferences.png"))
        dlg.close()
        if editor is not None and editor.check_id is not None:
            from ui.dialogs import ExportDialog

            exp = ExportDialog(win.records_store(), editor.check_id, win, out_dir=str(tmp))
            exp.show()
            _settle(0.3)
            written.append(_save(exp, out, "export-dialog.png"))
            exp.close()
        from ui.dialogs import AboutDialog

        about = AboutDialog(win)
        about.show()
        _settle(0.3)
        written.append(_save(about, out, "about.png"))
        about.close()

        if editor is not None and editor.check_id is not None:
            # a signed check: read-only everywhere, and its history as a table
            win.findings.set_status(
                [f.uid for f in win.findings.items if f.status == "proposed"], "accepted"
            )
            win.save_to_records()
            editor.ask_name = lambda: "A. Bekova"
            editor.confirm_unreviewed = lambda _n: True
            editor.finalize()
            win.findings_dock.raise_()
            _settle(0.5)
            written.append(_save(win, out, "final-check.png"))
            from ui.records import api
            from ui.records.history import HistoryDialog

            rows = api.history(win.records_store(), check_id=editor.check_id)
            hist = HistoryDialog("History of check " + str(editor.check_id), rows, win)
            hist.filter_edit.setText("→")  # the changes, not the creations
            hist.show()
            _settle(0.3)
            written.append(_save(hist, out, "history.png"))
            hist.close()

        win.undo.setClean()
        win.shutdown()
        win.close()
        from ui.records.api import close_shared_stores

        close_shared_stores()
    return written


#: Every area of the app (:func:`render_tools`), each at 1600×1000 and 1280×720, in English
#: and Persian: the review (a finding framed with context, outlines only), the navigator and the loupe, the Edit menu with the batch actions, the batch
#: dialog, the user guide, the export confirmation, the analysis dialog with its presets, the
#: annotation class list, the ruler, the condition report form, the records browser and the
#: shortcut sheet.
TOOL_SUBJECTS = (
    "review",
    "navigator-loupe",
    "batch-menu",
    "batch-dialog",
    "user-guide",
    "export-done",
    "analysis-presets",
    "annotation-classes",
    "ruler",
    "report-form",
    "records-browser",
    "shortcut-sheet",
)
TOOL_SIZES = ((1600, 1000), (1280, 720))
TOOL_SHOTS = tuple(
    f"{subject}-{w}x{h}-{lang}.png"
    for subject in TOOL_SUBJECTS
    for w, h in TOOL_SIZES
    for lang in ("en", "fa")
)


def _composite(win, popups, out: Path, name: str) -> Path:
    """The window with its popups (a menu, a dialog) drawn where they stand on the screen."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QPainter, QPen
    from PySide6.QtWidgets import QMenu

    shot = win.grab()
    painter = QPainter(shot)
    origin = win.mapToGlobal(win.rect().topLeft())
    for popup in popups:
        pos = popup.mapToGlobal(popup.rect().topLeft()) - origin
        # a dialog gets a title bar (offscreen has no window frame); a menu or a list does not
        bare = isinstance(popup, QMenu) or not popup.windowTitle()
        if not bare:
            bar = QRect(pos.x() - 1, pos.y() - 26, popup.width() + 2, 26)
            painter.fillRect(bar.adjusted(4, 4, 4, popup.height() + 4), QColor(0, 0, 0, 60))
            painter.fillRect(bar, QColor(225, 228, 232))
            painter.setPen(QColor(30, 30, 30))
            painter.drawText(bar, Qt.AlignCenter, popup.windowTitle())
        painter.drawPixmap(pos, popup.grab())
        painter.setPen(QPen(QColor(120, 120, 120), 1))
        painter.drawRect(
            QRect(
                pos.x() - 1,
                pos.y() - (1 if bare else 26),
                popup.width() + 1,
                popup.height() + (1 if bare else 26),
            )
        )
    painter.end()
    path = out / name
    tmp = path.with_name(f".{name}.part.png")
    if not shot.save(str(tmp), "PNG", 0):
        raise OSError(f"could not write {path}")
    os.replace(tmp, path)
    print(path)
    return path


def _centre_on(dialog, win) -> None:
    """Put a dialog in the middle of the window (offscreen, nothing else places it)."""
    if dialog.width() > win.width() - 40 or dialog.height() > win.height() - 40:
        dialog.resize(
            min(dialog.width(), win.width() - 40), min(dialog.height(), win.height() - 40)
        )
    centre = win.mapToGlobal(win.rect().center())
    dialog.move(centre.x() - dialog.width() // 2, centre.y() - dialog.height() // 2)


def render_tools(out_dir: str | os.PathLike[str]) -> list[Path]:
    """The review tools at 1600×1000 and 1280×720 in English and Persian (:data:`TOOL_SHOTS`)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPoint, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from conservator.demo import write_demo_set
    from ui.analysis.batch import BatchDialog
    from ui.analysis.panel import AnalysisParamsDialog
    from ui.dialogs.export import ExportDialog, ExportDoneDialog
    from ui.dialogs.shortcuts import ShortcutSheet
    from ui.i18n import install_language
    from ui.main_window import MainWindow
    from ui.prefs import Preferences, detector_defaults

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="conservator-shots-") as tmp:
        tmp = Path(tmp)
        os.environ.setdefault("CONSERVATOR_CACHE_DIR", str(tmp / "cache"))
        write_demo_set(tmp / "demo", 1, seed=1, ppi=200)
        prefs = Preferences(QSettings(str(tmp / "prefs.ini"), QSettings.IniFormat))
        prefs.database = str(tmp / "records.db")
        prefs.user_name = "A. Bekova"
        install_language(app, "en")
        win = MainWindow(prefs=prefs)
        win.ask_item = lambda _w: ("MS-1894/12", "Letter to the governor, 1894")
        win.confirm_discard = lambda: True
        win.resize(*TOOL_SIZES[0])
        win.show()
        win.open_scan(str(tmp / "demo" / "page-001.tif"))
        _wait(win.view.imageReady, 30)
        win.analyse(ask=False)
        if not _wait(win.runner.finished, 300):
            raise RuntimeError("the analysis of the demo page did not finish")
        win.save_to_records()
        exp = ExportDialog(win.records_store(), win.record.check_id, win, out_dir=str(tmp / "out"))
        exp.open_box.setChecked(False)
        for fmt, box in exp.format_boxes.items():
            box.setChecked(fmt in ("pdf", "json"))
        exp.start_export()
        if not _wait(exp.exported, 120):
            raise RuntimeError("the export did not finish")
        _settle(0.3)
        paths = exp.confirmation.paths
        exp.confirmation.close()
        # the exported files as a lab would keep them (not the temporary folder of this run)
        shown = [f"/srv/lab-share/reports/{Path(p).name}" for p in paths]

        for lang in ("en", "fa"):
            install_language(app, lang)
            for w, h in TOOL_SIZES:
                win.resize(w, h)
                _settle(0.5)
                tag = f"{w}x{h}-{lang}"
                # the review: the next finding framed with context, outlines only
                win.findings_dock.raise_()
                win.act_next_finding.trigger()
                _settle(1.0)
                written.append(_save(win, out, f"review-{tag}.png"))
                # navigator and loupe: a finding framed with context, the loupe over its edge
                win.findings_dock.raise_()
                win.panel.table.clearSelection()
                win.act_next_finding.trigger()
                uid = win.overlays.selected
                # the largest foxing spot, with the view below 100 %: the loupe shows its
                # fibres at 1:1 while the view shows where it lies on the leaf
                f = max(
                    (g for g in win.findings.items if g.cls == "foxing"),
                    key=lambda g: g.area_px,
                    default=win.findings.get(uid),
                )
                x, y, fw, fh = f.bbox
                win.view.set_zoom(0.45)
                win.view.centerOn(x + fw * 0.5 + 150, y + fh * 0.5 + 150)
                win.act_loupe.setChecked(True)
                win.view.cursorMoved.emit(x + fw * 0.5, y + fh * 0.5)
                _settle(1.5)
                written.append(_save(win, out, f"navigator-loupe-{tag}.png"))
                win.act_loupe.setChecked(False)
                # the Edit menu with the batch actions
                bar = win.menuBar()
                geo = bar.actionGeometry(win.menu_edit.menuAction())
                # right to left, the point given is the menu's top-right corner
                corner = geo.bottomRight() if lang == "fa" else geo.bottomLeft()
                win.menu_edit.popup(bar.mapToGlobal(corner))
                _settle(0.3)
                written.append(_composite(win, [win.menu_edit], out, f"batch-menu-{tag}.png"))
                win.menu_edit.hide()
                # the batch dialog: foxing above 1 mm²
                dlg = BatchDialog(win.findings, win.panel.selected_uids(), win)
                dlg.area_spin.setValue(1.0)
                dlg.show()
                _centre_on(dlg, win)
                _settle(0.3)
                written.append(_composite(win, [dlg], out, f"batch-dialog-{tag}.png"))
                dlg.close()
                # the user guide
                win.show_guide()
                guide = win.guide_dialog
                guide.resize(640, 720)
                guide.fit_to(win)
                _centre_on(guide, win)
                _settle(0.3)
                written.append(_composite(win, [guide], out, f"user-guide-{tag}.png"))
                guide.close()
                # the export confirmation
                done = ExportDoneDialog(shown, win)
                done.show()
                _centre_on(done, win)
                _settle(0.3)
                written.append(_composite(win, [done], out, f"export-done-{tag}.png"))
                done.close()
                # the analysis dialog: presets, the Advanced list folded
                defaults = detector_defaults()
                params = AnalysisParamsDialog(defaults, {}, list(defaults), win)
                params.show()
                _centre_on(params, win)
                _settle(0.3)
                written.append(_composite(win, [params], out, f"analysis-presets-{tag}.png"))
                params.close()
                # annotation: the class list, every vocabulary class grouped, searchable
                combo = win.class_combo
                combo.showPopup()
                _settle(0.5)
                popup = combo.view().window()
                written.append(_composite(win, [popup], out, f"annotation-classes-{tag}.png"))
                combo.hidePopup()
                # the ruler across the largest loss, in mm
                g = max(
                    (g for g in win.findings.items if g.cls == "loss"),
                    key=lambda g: g.area_px,
                    default=f,
                )
                gx, gy, gw, gh = g.bbox
                win.view.set_zoom(0.6)
                win.view.centerOn(gx + gw * 0.5 + 200, gy + gh * 0.5)
                win.act_ruler.trigger()
                _settle(0.3)
                vp = win.view.viewport()
                a = win.view.mapFromScene(gx, gy)
                b = win.view.mapFromScene(gx + gw, gy + gh)
                QTest.mousePress(vp, Qt.LeftButton, pos=a)
                QTest.mouseMove(vp, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2))
                QTest.mouseMove(vp, b)
                QTest.mouseRelease(vp, Qt.LeftButton, pos=b)
                _settle(0.5)
                written.append(_save(win, out, f"ruler-{tag}.png"))
                win.act_pan.trigger()
                # the condition report form and the records browser, tabs beside the findings
                if win.report_editor is not None:
                    win.report_dock.show()
                    win.report_dock.raise_()
                    _settle(0.5)
                    written.append(_save(win, out, f"report-form-{tag}.png"))
                    win.records_dock.show()
                    win.records_dock.raise_()
                    win.records_browser.refresh()
                    _settle(0.5)
                    written.append(_save(win, out, f"records-browser-{tag}.png"))
                    win.records_dock.hide()
                    win.findings_dock.raise_()
                # the shortcut sheet (Help › Keyboard Shortcuts)
                sheet = ShortcutSheet(win)
                sheet.show()
                _centre_on(sheet, win)
                _settle(0.3)
                written.append(_composite(win, [sheet], out, f"shortcut-sheet-{tag}.png"))
                sheet.close()
        install_language(app, "en")
        for name in TOOL_SHOTS:  # small files; an octree palette keeps the class colours
            from PIL import Image

            rgb = Image.open(out / name).convert("RGB")
            rgb.quantize(256, method=Image.Quantize.FASTOCTREE).save(out / name, optimize=True)
        win.undo.setClean()
        win.shutdown()
        win.close()
        from ui.records.api import close_shared_stores

        close_shared_stores()
    return written


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # --tools: every area at both sizes in English and Persian (--small: its former subset)
    tools = "--tools" in argv or "--small" in argv
    argv = [a for a in argv if a not in ("--small", "--tools")]
    render_fn = render_tools if tools else render
    render_fn(argv[0] if argv else "docs/screenshots")
    return 0


if __name__ == "__main__":
    sys.exit(main())
