"""The reviewed findings and manual regions are saved as a draft check and come back on reopen."""

from __future__ import annotations

import pytest

from conservator.storage import open_db
from tests.ui._scans import (
    fake_analyze,
    make_window,
    no_leaked_threads,  # noqa: F401  (used by pytestmark)
    write_scan,
)
from ui.analysis.review import Finding

#: Every test here must leave no worker thread running.
pytestmark = pytest.mark.usefixtures("no_leaked_threads")


@pytest.fixture
def win(qtbot, tmp_path):
    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000, dpi=254)
    w = make_window(qtbot, tmp_path, analyze=fake_analyze())
    w.ask_item = lambda _w: ("INV-7", "Letter, 1894")
    w.open_scan(path)
    with qtbot.waitSignal(w.runner.finished, timeout=10000):
        w.analyse(ask=False)
    yield w
    w.shutdown()


def _review(win):
    m = win.findings
    loss = next(f for f in m.items if f.cls == "loss")
    fox = [f for f in m.items if f.cls == "foxing"]
    m.set_status([loss.uid], "accepted")
    m.set_status([fox[0].uid], "rejected")
    m.reclassify(fox[1].uid, "stain")
    pts = [(100.0, 1000.0), (200.0, 1000.0), (200.0, 1100.0), (100.0, 1100.0)]
    m.add(
        Finding(
            cls="tear",
            bbox=(100, 1000, 100, 100),
            area_px=10000,
            area_mm2=100.0,
            severity=3,
            status="accepted",
            source="manual",
            polygon=pts,
            shape="polygon",
            note="edge tear",
        )
    )


def test_save_writes_one_finding_per_row_of_the_table(win, tmp_path):
    _review(win)
    assert "*" in win.windowTitle()
    assert win.save_to_records(), win.errors
    assert "*" not in win.windowTitle()
    store = open_db(tmp_path / "records.db")
    check = store.get_check(win.record.check_id)
    assert check["status"] == "draft" and check["inventory_no"] == "INV-7"
    assert check["capture"]["width_px"] == 1000
    stored = store.findings(check["id"])
    assert len(stored) == len(win.findings.items) == 4  # 1 loss, 2 foxing, 1 drawn tear
    by_no = {f["no"]: f for f in stored}
    shown = {f.no: f for f in win.findings.items}  # the numbers came back to the table
    assert sorted(shown) == sorted(by_no)
    loss = next(f for f in stored if f["damage_code"] == "loss")
    assert loss["status"] == "accepted" and loss["source"] == "automatic"
    assert loss["detector"] == "loss" and loss["reviewed_by"] == "T. Examiner"
    rejected = next(f for f in stored if f["status"] == "rejected")
    assert rejected["damage_code"] == "foxing" and rejected["source"] == "automatic"
    stain = next(f for f in stored if f["damage_code"] == "stain")
    assert stain["source"] == "automatic" and stain["reclassified_from"] == "foxing"
    assert stain["status"] == "accepted"
    tear = next(f for f in stored if f["damage_code"] == "tear")
    assert tear["source"] == "manual" and tear["author"] == "T. Examiner"
    assert tear["severity"] == 3 and tear["note"] == "edge tear"
    assert tear["area_mm2"] == pytest.approx(100.0)  # 100 × 100 px at 10 px/mm
    assert tear["regions"][0]["selector_type"] == "svg"
    assert set(check["measurements"]) >= {"loss", "foxing"}  # detector runs recorded
    # saving again changes the finding in place: same numbers, no duplicates
    tear_uid = next(f.uid for f in win.findings.items if f.cls == "tear")
    win.findings.edit(tear_uid, "n", note="x")
    assert win.save_to_records()
    again = store.findings(check["id"])
    assert [f["no"] for f in again] == [f["no"] for f in stored]
    assert next(f for f in again if f["damage_code"] == "tear")["note"] == "x"
    assert len(store.list_checks("INV-7")) == 1
    # a drawn region deleted in the table is deleted from the draft
    win.findings.remove(tear_uid)
    assert win.save_to_records()
    assert all(f["damage_code"] != "tear" for f in store.findings(check["id"]))
    store.close()


def test_reopen_a_check_brings_back_scan_and_findings(win, qtbot, tmp_path):
    _review(win)
    win.save_to_records()
    check_id = win.record.check_id
    before = sorted(
        (f.no, f.cls, f.source, f.status, f.severity, f.note, f.area_mm2)
        for f in win.findings.items
    )
    other = tmp_path / "other.tif"
    write_scan(other, h=500, w=400)
    win.open_scan(other)
    assert win.findings.rowCount() == 0
    win.open_check(check_id)
    assert not win.errors
    assert win.scan.width == 1000 and win.record.check_id == check_id
    after = sorted(
        (f.no, f.cls, f.source, f.status, f.severity, f.note, f.area_mm2)
        for f in win.findings.items
    )
    assert after == before
    tear = next(f for f in win.findings.items if f.cls == "tear")
    assert tear.polygon and tear.note == "edge tear" and tear.author == "T. Examiner"
    assert "loss" in win.overlays.class_items  # the stored mask is shown again
    # a check finalised elsewhere meanwhile: saving says so instead of changing it
    store = open_db(tmp_path / "records.db")
    store.update_check(check_id, grade="fair")
    store.finalize_check(check_id, "A. Conservator")
    store.close()
    asked = []
    win.inform = lambda title, text: asked.append(text)
    win.findings.set_status([tear.uid], "rejected")
    assert not win.save_to_records()
    assert not win.errors and "New version" in asked[-1] and "records.db" not in asked[-1]
    assert win.record_final and not win.act_save.isEnabled()  # read-only from now on
    # what is shown is what was signed, not the edit that could not be saved
    assert next(f for f in win.findings.items if f.cls == "tear").status == "accepted"
    assert win.report_editor.read_only


def test_a_saved_review_autosaves_after_each_edit(win, qtbot, tmp_path):
    _review(win)
    assert win.save_to_records()
    win.autosave_timer.setInterval(50)
    loss = next(f for f in win.findings.items if f.cls == "loss")
    win.findings.set_status([loss.uid], "rejected")
    assert not win.undo.isClean()
    qtbot.waitUntil(win.undo.isClean, timeout=5000)  # written without asking
    store = open_db(tmp_path / "records.db")
    stored = store.findings(win.record.check_id)
    assert next(f for f in stored if f["damage_code"] == "loss")["status"] == "rejected"
    store.close()


def test_a_new_analysis_of_a_saved_draft_replaces_its_detector_findings(win, qtbot, tmp_path):
    _review(win)
    assert win.save_to_records()
    drawn = next(f for f in win.findings.items if f.source == "manual")
    with qtbot.waitSignal(win.runner.finished, timeout=10000):
        win.analyse(ask=False)
    assert win.save_to_records(), win.errors
    store = open_db(tmp_path / "records.db")
    stored = store.findings(win.record.check_id)
    auto = [f for f in stored if f["source"] == "automatic"]
    assert len(auto) == 3 and all(f["status"] == "proposed" for f in auto)  # the new run's
    assert [f["no"] for f in stored if f["source"] == "manual"] == [drawn.no]  # kept, same no
    assert sorted(f["no"] for f in stored) == sorted(f.no for f in win.findings.items)
    store.close()


def test_undo_and_redo_of_a_saved_region_keep_its_number(win, tmp_path):
    _review(win)
    assert win.save_to_records()
    drawn = next(f for f in win.findings.items if f.source == "manual")
    win.undo.undo()  # the region drawn last goes
    assert win.findings.get(drawn.uid) is None
    win.undo.redo()
    assert win.findings.get(drawn.uid).no == drawn.no
    assert win.save_to_records()
    store = open_db(tmp_path / "records.db")
    manual = [f for f in store.findings(win.record.check_id) if f["source"] == "manual"]
    assert [f["no"] for f in manual] == [drawn.no]
    store.close()
