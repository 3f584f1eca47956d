"""Annotation offers every class of the damage vocabulary, grouped and searchable; drawing
never moves the view."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPointF, Qt

from conservator.resources import resource_path
from tests.ui import test_annotate
from tests.ui.test_annotate import drag

win = test_annotate.win  # the fixture: a scan at 10 px/mm, shown at 100 %


def _vocab_codes() -> list[str]:
    data = json.loads(resource_path("vocab/damage.json").read_text(encoding="utf-8"))
    return [t["code"] for t in data["terms"]]


def test_every_vocabulary_class_is_offered_under_group_headings(qtbot, win):
    combo = win.class_combo
    codes = [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i)]
    assert sorted(codes) == sorted(_vocab_codes()) and len(codes) >= 34
    headings = [i for i in range(combo.count()) if combo.itemData(i) is None]
    assert len(headings) >= 4
    model = combo.model()
    assert all(not model.flags(model.index(i, 0)) & Qt.ItemIsSelectable for i in headings)
    # labels from the vocabulary, not codes
    assert combo.itemText(combo.findData("ink_corrosion")).strip() == "ink corrosion (iron-gall)"
    # searchable: any part of a name
    assert combo.search("tape") == ["tape"]
    assert "ink_corrosion" in combo.search("corros")
    assert set(combo.search("insect")) == {"insect_damage"}


def test_a_region_of_any_class_is_drawn_and_the_view_stays_put(qtbot, win):
    win.class_combo.set_code("tideline")
    win.act_rect.trigger()
    zoom = win.view.zoom()
    centre = win.view.mapToScene(win.view.viewport().rect().center())
    drag(qtbot, win, [(400, 400), (450, 430), (500, 460)])
    f = win.findings.items[0]
    assert f.cls == "tideline" and f.area_mm2 == pytest.approx(60.0, rel=0.05)
    assert f.extra.get("longest_mm")  # measured like any region
    cls_text = win.findings.data(win.findings.index(0, win.findings.COLS.index("class")))
    assert cls_text == "tideline"
    assert win.view.zoom() == zoom  # no jump to the region
    after = win.view.mapToScene(win.view.viewport().rect().center())
    assert abs(after.x() - centre.x()) < 1 and abs(after.y() - centre.y()) < 1
    assert win.overlays.selected == f.uid
    assert isinstance(centre, QPointF)
