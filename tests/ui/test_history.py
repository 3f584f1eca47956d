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
        "observation",
        "12",
        "status",
        "proposed → rejected",
    ]
    assert rows[0][-1] == "A. Bek"  # a created field shows its value
    assert dlg.count_label.text() == "3 change(s)"


def test_the_filter_box_matches_any_column(qtbot):
    dlg = HistoryDialog("History", ROWS)
    qtbot.addWidget(dlg)
    qtbot.keyClicks(dlg.filter_edit, "rahimi")
    assert [r[1] for r in dlg.visible_rows()] == ["M. Rahimi"]
    dlg.filter_edit.setText("rejected")
    assert [r[2] for r in dlg.visible_rows()] == ["observation"]
    assert dlg.count_label.text() == "1 of 3 changes shown"
    dlg.filter_edit.clear()
    assert len(dlg.visible_rows()) == 3
