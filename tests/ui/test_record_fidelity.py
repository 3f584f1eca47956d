"""Reopen = signed = printed: a check reviewed, drawn on, saved and finalised in the app reopens
with the same findings, states, severities and numbers, and its JSON export does not change."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPointF, Qt

from tests.ui._scans import (
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    wait_tiles,
    write_scan,
)
from ui.analysis.review import severity_label

#: Every test here must leave no worker thread running.
pytestmark = pytest.mark.usefixtures("no_leaked_threads")


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory):
    from conservator.demo import write_demo_set

    out = tmp_path_factory.mktemp("demo")
    write_demo_set(out, 1, 3, 100, "a4")  # 827 × 1169 px at 100 ppi, all four damage classes
    return out / "page-001.tif"


def export_json(db, check_id, path) -> bytes:
    """``conservator --db DB export ID --json PATH``, run in this process."""
    from conservator.cli import main

    assert main(["--db", str(db), "export", str(check_id), "--json", str(path)]) == 0
    return path.read_bytes()


def table(win) -> list[tuple]:
    """What the findings table shows, row by row (its texts), in the order of the numbers."""
    m = win.findings
    rows = []
    # (the position is measured from the leaf's corner, which the records do not keep yet: a
    # reopened check measures from the scan's corner and says so in the column header)
    cols = [c for c in range(m.columnCount()) if m.COLS[c] != "position"]
    for r in range(m.rowCount()):
        rows.append(tuple(m.data(m.index(r, c)) for c in cols))
    return sorted(rows, key=lambda row: int(row[0]))


def legend(win) -> dict[str, str]:
    return {c: label.text() for c, label in win.panel.legend.counts.items() if label.text()}


def _vp(win, x, y):
    return win.view.mapFromScene(QPointF(x, y))


def _draw(qtbot, win, tool, cls, points):
    win.class_combo.setCurrentIndex(win.class_combo.findData(cls))
    tool.trigger()
    v = win.view.viewport()
    if tool is win.act_poly:
        for x, y in points:
            qtbot.mouseClick(v, Qt.LeftButton, pos=_vp(win, x, y))
        qtbot.keyClick(v, Qt.Key_Return)
    else:
        qtbot.mousePress(v, Qt.LeftButton, pos=_vp(win, *points[0]))
        for p in points[1:]:
            qtbot.mouseMove(v, pos=_vp(win, *p))
        qtbot.mouseRelease(v, Qt.LeftButton, pos=_vp(win, *points[-1]))
    win.act_pan.trigger()


@pytest.mark.slow
def test_reopened_final_check_is_what_was_signed(qtbot, tmp_path, demo_page):
    win = make_window(qtbot, tmp_path)
    win.ask_item = lambda _w: ("KZ-ARCH-7/2/118", "Register of letters received")
    win.inform = lambda *a: pytest.fail(f"unexpected message {a}")
    assert win.open_scan(demo_page)
    wait_tiles(qtbot, win.view)
    with qtbot.waitSignal(win.runner.finished, timeout=120000):
        win.analyse(ask=False)
    m = win.findings
    auto = [f for f in m.items if f.source == "auto"]
    assert len(auto) >= 6, [f.cls for f in auto]
    # review: reject the two smallest findings, re-classify one foxing spot, accept the rest
    by_size = sorted(auto, key=lambda f: f.area_px)
    rejected = by_size[:2]
    m.set_status([f.uid for f in rejected], "rejected")
    fox = next(f for f in by_size[2:] if f.cls == "foxing")
    m.reclassify(fox.uid, "stain")
    m.set_status([f.uid for f in m.items if f.status == "proposed"], "accepted")
    m.edit(by_size[-1].uid, "severity", severity=3)
    m.edit(by_size[-1].uid, "note", note="along the gutter")
    # draw a rectangle, a polygon and a brush region with the mouse
    win.view.actual_size()
    win.view.centerOn(QPointF(400, 600))
    _draw(qtbot, win, win.act_rect, "soiling", [(300, 500), (340, 530), (380, 560)])
    _draw(qtbot, win, win.act_poly, "mould", [(420, 500), (480, 510), (470, 580), (430, 570)])
    _draw(qtbot, win, win.act_brush, "crease", [(300, 650), (350, 660), (420, 680)])
    drawn = [f for f in m.items if f.source == "manual"]
    assert {f.shape for f in drawn} == {"rect", "polygon", "brush"}
    assert all(f.area_mm2 and f.extra.get("longest_mm") for f in drawn)
    # save, then sign
    assert win.save_to_records(), win.errors
    check_id = win.record.check_id
    editor = win.report_editor
    editor.combos["grade_code"].setCurrentIndex(editor.combos["grade_code"].findData("fair"))
    editor.ask_name = lambda: "A. Bekova"
    editor.confirm_unreviewed = lambda n: pytest.fail(f"{n} findings left unreviewed")
    with qtbot.waitSignal(editor.finalized, timeout=10000):
        assert editor.finalize()
    assert not win.errors
    shown, shown_legend = table(win), legend(win)
    db = tmp_path / "records.db"
    before = export_json(db, check_id, tmp_path / "before.json")

    # the numbers shown are the numbers recorded (and printed)
    data = json.loads(before)
    stored = {f["no"]: f for f in data["observations"]}
    assert sorted(stored) == [int(row[0]) for row in shown]
    for row in shown:
        f = stored[int(row[0])]
        shown_cols = [c for c in m.COLS if c != "position"]
        assert row[shown_cols.index("status")] == f["status"]
        assert row[shown_cols.index("severity")] == severity_label(f["severity"])  # 1 = minor …
    manual = [f for f in stored.values() if f["source"] == "manual"]
    assert len(manual) == 3 and all(f["author"] == "T. Examiner" for f in manual)
    assert all(f["measurements"].get("longest_mm") for f in manual)
    assert sum(f["status"] == "rejected" for f in stored.values()) == 2
    assert any(f.get("reclassified_from") == "foxing" for f in stored.values())
    for cls, s in data["measurements"].items():
        if s.get("count"):
            assert shown_legend[cls] == f"{s['count']} · {s['area_mm2']:,.1f} mm²"

    # look at another scan, then reopen the check from the records browser
    write_scan(tmp_path / "other.tif", h=500, w=400)
    win.confirm_discard = win._ask_discard
    assert win.open_scan(tmp_path / "other.tif")
    assert win.findings.rowCount() == 0
    browser = win.records_browser
    browser.refresh()
    assert browser.select_check(check_id)
    browser.open_current()
    assert win.record.check_id == check_id and win.record_final
    assert table(win) == shown
    assert legend(win) == shown_legend
    assert win.undo.count() == 0
    # and close it: nothing is asked, nothing is written
    win.close()
    assert not win.isVisible()
    after = export_json(db, check_id, tmp_path / "after.json")
    assert after == before
