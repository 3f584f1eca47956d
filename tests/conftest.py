"""Shared test set-up: headless Qt, and GUI tests marked automatically."""

import os

# Without a display, Qt aborts the whole pytest process unless a platform is chosen first.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CONSERVATOR_DEBUG", "")

import pytest  # noqa: E402


def pytest_collection_modifyitems(config, items):
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
