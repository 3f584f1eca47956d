"""The analysis dialog for people: three presets explained, every parameter under Advanced."""

from __future__ import annotations

from conservator.analysis.presets import PRESETS, preset_overrides
from ui.analysis.panel import AnalysisParamsDialog
from ui.prefs import detector_defaults


def _dialog(qtbot, params=None):
    defaults = detector_defaults()
    dlg = AnalysisParamsDialog(defaults, params or {}, list(defaults), None)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_three_presets_with_a_line_each_and_the_parameters_under_advanced(qtbot):
    dlg = _dialog(qtbot)
    assert list(dlg.preset_buttons) == list(PRESETS) == ["sensitive", "balanced", "conservative"]
    assert all(len(line) > 20 for _title, line in dlg.preset_texts().values())
    assert dlg.preset_buttons["balanced"].isChecked()  # the defaults
    # the parameter list is there, but out of the way until asked for
    assert not dlg.scroll.isVisible()
    dlg.advanced.setChecked(True)
    assert dlg.scroll.isVisible()
    loss = dlg.editor.editors[("loss", "min_area_mm2")]
    assert "mm²" in loss.suffix()
    # a preset sets its values; the run gets them
    dlg.preset_buttons["conservative"].setChecked(True)
    assert loss.value() == preset_overrides("conservative")["loss"]["min_area_mm2"]
    assert dlg.params()["tear"]["min_length_mm"] == 5.0
    assert dlg.preset() == "conservative"
    # editing a value: custom values, no preset ticked
    loss.setValue(0.33)
    assert dlg.preset() is None
    assert not any(b.isChecked() for b in dlg.preset_buttons.values())
    assert dlg.custom_label.isVisible()
    # Reset: every default back, "balanced" ticked
    dlg.editor.reset_button.click()
    assert loss.value() == detector_defaults()["loss"]["min_area_mm2"]
    assert dlg.preset_buttons["balanced"].isChecked() and not dlg.custom_label.isVisible()


def test_saved_values_of_a_preset_open_with_that_preset(qtbot):
    dlg = _dialog(qtbot, preset_overrides("sensitive"))
    assert dlg.preset_buttons["sensitive"].isChecked()
