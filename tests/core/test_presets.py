"""Detector presets: every override names a real parameter of the detector, with its type."""

import dataclasses

import pytest

import conservator.detect  # noqa: F401  (registers the detectors)
from conservator.analysis.presets import PRESETS, preset_overrides
from conservator.detect.base import REGISTRY
from conservator.errors import ConservatorError


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_preset_names_real_parameters(preset):
    for detector, values in preset_overrides(preset).items():
        assert detector in REGISTRY, f"{preset}: no detector {detector!r}"
        fields = {f.name: f for f in dataclasses.fields(REGISTRY[detector].params_cls)}
        defaults = REGISTRY[detector].params_cls()
        for name, value in values.items():
            assert name in fields, f"{preset}: {detector} has no parameter {name!r} (renamed?)"
            default = getattr(defaults, name)
            assert isinstance(value, type(default)), (preset, detector, name)
            assert value != default, f"{preset}: {detector}.{name} equals the default"


def test_balanced_is_the_defaults_and_presets_order_thresholds():
    assert preset_overrides("balanced") == {}
    assert preset_overrides(None) == {}
    sens, cons = preset_overrides("sensitive"), preset_overrides("conservative")
    assert sens.keys() == cons.keys()
    for det in sens:
        assert sens[det].keys() == cons[det].keys()
        for name in sens[det]:
            default = getattr(REGISTRY[det].params_cls(), name)
            assert sens[det][name] < default < cons[det][name], (det, name)


def test_unknown_preset_is_a_user_error():
    with pytest.raises(ConservatorError, match="unknown preset"):
        preset_overrides("aggressive")
