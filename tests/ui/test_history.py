"""The history of a check or an item reads as a table: who changed which field, old → new."""

from __future__ import annotations

from ui.records.history import HistoryDialog

ROWS = [
    {
        "ts": "2026-12-04T10:00:01Z",
        "actor": "A. Bek",
        "table": "condition_check",
        "row": 3,
        "action": "create",
        "field": "checker",
        "old": None,
        "new": "A. Bek",
    },
    {
        "ts": "2026-12-04T10:05:00Z",
        "actor": "A. Bek",
        "table": "observation",
        "row": 12,
        "action": "update",
        "field": "status",
        "old": "proposed",
        "new": "rejected",
    },
    {
        "ts": "2026-12-04T11:00:00Z",
        "actor": "M. Rahimi",
        "table": "condition_check",
        "row": 3,
        "action": "finalize",
        "field": "status",
        "old": "draft",
        "new": "final",
    },
]


def test_history_rows_show_time_actor_table_field_and_change(qtbot):
    dlg = HistoryDialog("History of CC-2026-000003", ROWS)
    qtbot.addWidget(dlg)
    rows = dlg.visible_rows()
    assert rows[1] == [
        "2026-12-04 10:05:00",
        "A. Bek",
        "finding",
        "12",
        "status",
        "proposed → rejected",
    ]
    assert rows[0][-1] == "A. Bek"  # a created field shows its value
    assert rows[0][2] == "check"
    assert dlg.count_label.text().startswith("3 change")


def test_the_filter_box_matches_any_column(qtbot):
    dlg = HistoryDialog("History", ROWS)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.filter_edit, "rahimi")
    assert [r[1] for r in dlg.visible_rows()] == ["M. Rahimi"]
    dlg.filter_edit.setText("rejected")
    assert [r[2] for r in dlg.visible_rows()] == ["finding"]
    assert dlg.count_label.text() == "1 of 3 changes shown"
    dlg.filter_edit.clear()
    assert len(dlg.visible_rows()) == 3


def test_the_browser_shows_who_reviewed_what_in_the_app(qtbot, tmp_path):
    from tests.ui._scans import fake_analyze, make_window, write_scan

    path = tmp_path / "page.tif"
    write_scan(path, h=1400, w=1000, dpi=254)
    win = make_window(qtbot, tmp_path, analyze=fake_analyze())
    try:
        win.ask_item = lambda _w: ("INV-H", "Letter, 1911")
        win.open_scan(path)
        with qtbot.waitSignal(win.runner.finished, timeout=10000):
            win.analyse(ask=False)
        assert win.save_to_records(), win.errors
        loss = next(f for f in win.findings.items if f.cls == "loss")
        win.findings.set_status([loss.uid], "rejected")
        assert win.save_to_records()
        browser = win.records_browser
        browser.refresh()
        assert browser.select_check(win.record.check_id)
        shown = []
        browser.show_history = lambda title, rows: shown.append(HistoryDialog(title, rows))
        browser.show_audit()
        dlg = shown[-1]
        qtbot.addWidget(dlg)
        rows = dlg.visible_rows()
        assert rows and all(r[1] == "T. Examiner" for r in rows)  # never "unknown"
        dlg.filter_edit.setText("rejected")
        change = dlg.visible_rows()
        no = next(f.no for f in win.findings.items if f.cls == "loss")
        assert [r[1:] for r in change] == [
            ["T. Examiner", "finding", f"finding {no}", "status", "proposed → rejected"]
        ]
        dlg.filter_edit.setText("created")  # each created row is one line, its values summed up
        created = dlg.visible_rows()
        assert len({(r[2], r[3]) for r in created}) == len(created)
        assert any(f"created: no={no}, damage_code=loss" in r[-1] for r in created)
    finally:
        win.shutdown()


def test_values_read_as_the_forms_show_them_in_the_interface_language(qtbot):
    """Codes, states, grades and times are not shown as stored (``proposed``, ``3``,
    ``2026-12-04T18:31:26Z``) to a Russian or Persian conservator."""
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_language

    rows = ROWS + [
        {"ts": "2026-12-04T12:00:00Z", "actor": "A. Bek", "table": "observation", "row": 12,
         "action": "update", "field": "reviewed_at", "old": None, "new": "2026-12-04T18:31:26Z"},
        {"ts": "2026-12-04T12:00:00Z", "actor": "A. Bek", "table": "condition_check", "row": 3,
         "action": "update", "field": "overall_grade", "old": None, "new": 3},
        {"ts": "2026-12-04T12:00:00Z", "actor": "A. Bek", "table": "observation", "row": 12,
         "action": "update", "field": "severity", "old": 1, "new": 3},
    ]  # fmt: skip
    dlg = HistoryDialog("History", rows)
    qtbot.addWidget(dlg)
    en = [r[-1] for r in dlg.visible_rows()]
    assert en[3] == "— → 2026-12-04 18:31:26"
    assert en[4] == "— → Poor"
    assert en[5] == "minor → severe"
    assert en[2] == "draft → final"
    app = QApplication.instance()
    try:
        install_language(app, "ru")
        ru = [r[-1] for r in HistoryDialog("История", rows).visible_rows()]
        assert ru[1] != "proposed → rejected" and not any(
            c.isascii() and c.isalpha() for c in ru[1]
        )
        assert not any(c.isascii() and c.isalpha() for c in ru[4] + ru[5])
        install_language(app, "fa")
        fa = [r[-1] for r in HistoryDialog("تاریخچه", rows).visible_rows()]
        assert "۱۴۰۵" in fa[3] and "۱۸:۳۱:۲۶" in fa[3]  # Solar Hijri, Persian digits
    finally:
        install_language(app, "en")
