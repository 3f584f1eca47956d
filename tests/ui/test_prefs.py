"""Preferences: persisted, versioned, migrated; the dialog saves what the user typed."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings

from ui.prefs import SCHEMA_VERSION, Preferences, PreferencesDialog

DEFAULTS = {
    "foxing": {"min_diameter_mm": 0.3, "delta_e00": 3.0, "max_spots": 5000},
    "loss": {"min_area_mm2": 1.0},
    "tear": {"min_length_mm": 2.0},
    "fading": {"use_margin": True},
}


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "prefs.ini"), QSettings.IniFormat)


def test_values_survive_a_restart(tmp_path, settings):
    p = Preferences(settings)
    p.language = "kk"
    p.units = "cm"
    p.database = str(tmp_path / "records.db")
    p.detectors = ["tear", "foxing"]
    p.detector_params = {"foxing": {"delta_e00": 4.5}}
    p.add_recent_file("a.tif")
    p.add_recent_file("b.tif")
    p.add_recent_file("a.tif")
    p.sync()

    again = Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.IniFormat))
    assert again.language == "kk"
    assert again.units == "cm"
    assert again.database == str(tmp_path / "records.db")
    assert again.detectors == ["foxing", "tear"]
    assert again.detector_params == {"foxing": {"delta_e00": 4.5}}
    assert again.recent_files == ["a.tif", "b.tif"]
    assert again.schema_version == SCHEMA_VERSION


def test_effective_params_put_overrides_on_core_defaults(settings):
    p = Preferences(settings)
    p.detector_params = {"foxing": {"delta_e00": 4.5}}
    merged = p.effective_params(DEFAULTS)
    assert merged["foxing"] == {"min_diameter_mm": 0.3, "delta_e00": 4.5, "max_spots": 5000}
    assert merged["loss"] == {"min_area_mm2": 1.0}


def test_old_unversioned_settings_are_migrated(tmp_path, settings):
    settings.setValue("lang", "fa")
    settings.setValue("db_path", str(tmp_path / "old.db"))
    settings.setValue("units", "mm2")
    settings.sync()
    p = Preferences(settings)
    assert p.migrated_from == 0
    assert p.language == "fa"
    assert p.database == str(tmp_path / "old.db")
    assert p.units == "mm"
    assert not settings.contains("lang") and not settings.contains("db_path")
    assert int(settings.value("schema_version")) == SCHEMA_VERSION
    assert Preferences(settings).migrated_from is None  # only once


def test_newer_schema_is_read_not_downgraded(settings):
    settings.setValue("schema_version", SCHEMA_VERSION + 5)
    settings.setValue("general/language", "ru")
    p = Preferences(settings)
    assert p.language == "ru"
    assert int(settings.value("schema_version")) == SCHEMA_VERSION + 5


def test_garbage_values_fall_back_to_defaults(settings):
    settings.setValue("general/units", "furlong")
    settings.setValue("general/language", "xx")
    settings.setValue("analysis/params", "{not json")
    settings.setValue("files/recent", json.dumps({"not": "a list"}))
    p = Preferences(settings)
    assert p.units == "mm"
    assert p.language == "en"
    assert p.detector_params == {}
    assert p.recent_files == []
    with pytest.raises(ValueError):
        p.units = "furlong"


def test_lengths_and_areas_in_the_chosen_unit(settings):
    p = Preferences(settings)
    assert p.format_area(250.0) == "250.0 mm²"
    assert p.format_length(12.0) == "12.0 mm"
    p.units = "cm"
    assert p.format_area(250.0) == "2.5 cm²"
    assert p.format_length(12.0) == "1.2 cm"
    assert p.format_area(None) == "–"


def test_dialog_saves_language_units_and_detector_overrides(qtbot, tmp_path, settings):
    p = Preferences(settings)
    p.language = "en"
    dlg = PreferencesDialog(p, defaults=DEFAULTS)
    qtbot.addWidget(dlg)
    dlg.units_combo.setCurrentIndex(dlg.units_combo.findData("in"))
    dlg.user_edit.setText("  A. Conservator ")
    dlg.database_edit.setText(str(tmp_path / "lab.db"))
    dlg.detector_editor.editors[("foxing", "delta_e00")].setValue(6.0)
    dlg.detector_editor.enabled_boxes["fading"].setChecked(False)
    with qtbot.waitSignal(dlg.databaseChanged) as db_sig, qtbot.waitSignal(dlg.unitsChanged):
        dlg.accept()
    assert db_sig.args == [str(tmp_path / "lab.db")]
    assert p.units == "in"
    assert p.user_name == "A. Conservator"
    assert p.detectors == ["foxing", "loss", "tear", "stain"]
    assert p.detector_params == {"foxing": {"delta_e00": 6.0}}  # defaults not stored


def test_dialog_restore_defaults(qtbot, settings):
    p = Preferences(settings)
    p.detector_params = {"loss": {"min_area_mm2": 9.0}}
    dlg = PreferencesDialog(p, defaults=DEFAULTS)
    qtbot.addWidget(dlg)
    assert dlg.detector_editor.editors[("loss", "min_area_mm2")].value() == 9.0
    assert dlg.detector_editor.editors[("loss", "min_area_mm2")].suffix() == " mm²"
    dlg.detector_editor.reset()
    assert dlg.detector_editor.overrides() == {}
