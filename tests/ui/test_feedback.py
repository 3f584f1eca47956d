"""Feedback: the export says where the files are (Open / Show in Folder), a failing "Open when
done" is reported, a final check disables both analyse actions, the status bar speaks plainly,
and with no check open the Condition Report tab says how to open or create one."""

from __future__ import annotations

import pytest

from conservator.errors import ExportError
from tests.ui._scans import (
    fake_analyze,
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    write_scan,
)
from ui.analysis.worker import plain_progress

pytestmark = pytest.mark.usefixtures("no_leaked_threads")


def _saved(qtbot, tmp_path, analyze=None):
    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000)
    win = make_window(qtbot, tmp_path, analyze=analyze or fake_analyze())
    win.ask_item = lambda _w: ("INV-E", "Letter, 1902")
    win.open_scan(path)
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=False)
    assert win.save_to_records(), win.errors
    return win


def _export(qtbot, win, out, opener):
    dialogs = []
    win.export_opener = dialogs.append
    win.export_dialog()
    dlg = dialogs[0]
    dlg.opener = opener
    dlg.folder_edit.setText(str(out))
    for fmt, box in dlg.format_boxes.items():
        box.setChecked(fmt in ("pdf", "json"))
    with qtbot.waitSignal(dlg.exported, timeout=60000) as done:
        dlg.start_export()
    return dlg, done.args[0]


def test_export_confirms_with_the_path_and_open_and_show_in_folder(qtbot, tmp_path):
    win = _saved(qtbot, tmp_path)
    opened, shown = [], []
    dlg, paths = _export(qtbot, win, tmp_path / "out", opened.append)
    pdf = next(p for p in paths if p.endswith(".pdf"))
    done = dlg.confirmation
    assert done is not None and done.isVisible() and done.parentWidget() is win
    assert pdf in done.text() and all(p in done.path_label.text() for p in paths)
    assert "exported" in done.message.text()
    assert opened == [pdf]  # "Open when done" opened the PDF
    done.revealer = shown.append
    done.folder_button.click()
    assert shown == [pdf]
    done.open_button.click()
    assert opened == [pdf, pdf] and not win.errors
    win.shutdown()


def test_open_when_done_failing_is_reported_not_silent(qtbot, tmp_path):
    win = _saved(qtbot, tmp_path)
    dlg, paths = _export(qtbot, win, tmp_path / "out", lambda _p: False)
    pdf = next(p for p in paths if p.endswith(".pdf"))
    assert len(win.errors) == 1
    err = win.errors[0]
    assert isinstance(err, ExportError) and pdf in str(err)
    # the confirmation still says where the file is
    assert dlg.confirmation.isVisible() and pdf in dlg.confirmation.text()

    # an exception from the system (no viewer at all) is reported too, and so is the folder
    def boom(_p):
        raise OSError("no application is registered for PDF files")

    dlg.confirmation.opener = boom
    dlg.confirmation.revealer = lambda _p: False
    assert not dlg.confirmation.open_file()
    assert not dlg.confirmation.show_in_folder()
    assert len(win.errors) == 3 and "no application" in str(win.errors[1])
    win.shutdown()


def test_final_check_disables_both_analyse_actions(qtbot, tmp_path):
    win = _saved(qtbot, tmp_path)
    assert win.act_analyse.isEnabled() and win.act_analyse_defaults.isEnabled()
    m = win.findings
    m.set_status([f.uid for f in m.items], "accepted")
    assert win.save_to_records()
    editor = win.report_editor
    editor.combos["grade_code"].setCurrentIndex(editor.combos["grade_code"].findData("fair"))
    editor.ask_name = lambda: "A. Conservator"
    with qtbot.waitSignal(editor.finalized, timeout=5000):
        assert editor.finalize()
    assert not win.act_analyse.isEnabled() and not win.act_analyse_defaults.isEnabled()
    assert win.act_analyse_defaults.toolTip() == win.final_reason()
    win.act_analyse_defaults.trigger()
    assert not win.runner.is_running()
    # another scan opened: both enabled again, together
    path = tmp_path / "other.tif"
    write_scan(path, h=800, w=600)
    win.open_scan(path)
    assert win.act_analyse.isEnabled() and win.act_analyse_defaults.isEnabled()
    win.shutdown()


JARGON = ("front end", "ready", "preparing", "scoring", "seeds", "refining", "paper tone")


def test_status_bar_speaks_plainly_during_analysis(qtbot, tmp_path):
    def analyze(scan, *, detectors=None, params=None, progress=None, cancelled=None):
        from tests.ui._scans import FakeResult

        for f, msg in (
            (0.0, "preparing"),
            (0.1, "front end: leaf"),
            (0.2, "front end: ready"),
            (0.4, "foxing: scoring"),
            (0.6, "loss: regions"),
            (0.8, "fading: map"),
            (1.0, "done"),
        ):
            progress(f, msg)
        return FakeResult(scan.height, scan.width, scan.px_per_mm)

    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000)
    win = make_window(qtbot, tmp_path, analyze=analyze)
    win.open_scan(path)
    seen = []
    win.statusBar().messageChanged.connect(seen.append)
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=False)
    shown = [m for m in seen if m]
    assert "Looking for foxing…" in shown and "Looking for loss…" in shown
    assert any("clean paper" in m for m in shown)
    for m in shown:
        assert not any(j in m.lower() for j in JARGON), m
        assert not any(m.startswith(f"{d}:") for d in ("foxing", "loss", "fading")), m
    win.shutdown()


def test_every_stage_of_a_real_analysis_reads_plainly(tmp_path):
    """The stages the real pipeline reports, all turned into plain words."""
    from conservator.analysis import analyze_scan
    from conservator.imaging.load import load_scan

    path = tmp_path / "page.tif"
    write_scan(path, h=700, w=500, dpi=150)
    messages = []
    analyze_scan(load_scan(path), progress=lambda _f, m: messages.append(m))
    assert any(m.startswith("front end") for m in messages)  # the core's own words …
    for m in messages:
        text = plain_progress(m)  # … never reach the status bar
        assert text and not any(j in text.lower() for j in JARGON), (m, text)


def test_condition_report_without_a_check_says_how_to_open_or_create_one(qtbot, tmp_path):
    win = make_window(qtbot, tmp_path)
    editor = win.report_editor
    win.report_dock.show()
    win.report_dock.raise_()
    qtbot.waitUntil(editor.isVisible)
    assert editor.check_id is None and editor.empty_hint.isVisible()
    hint = editor.empty_hint.text()

    def plain(text):
        return text.replace("&", "")

    # the routes it names are the real menus and buttons of this window
    assert plain(win.menu_file.title()) + " › " + plain(win.act_open.text()) in hint
    assert plain(win.menu_file.title()) + " › " + plain(win.act_save.text()) in hint
    assert plain(win.menu_view.title()) + " › " + win.records_dock.windowTitle() in hint
    assert "“" + win.records_browser.open_button.text() + "”" in hint
    assert "“" + win.records_browser.new_check_button.text() + "”" in hint
    assert "records browser" not in hint  # the old, wrong route
    # a check opened: the hint goes away
    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000)
    win.ask_item = lambda _w: ("INV-H", "Letter")
    win.open_scan(path)
    assert win.save_to_records(), win.errors
    assert editor.check_id is not None and not editor.empty_hint.isVisible()
    win.shutdown()
