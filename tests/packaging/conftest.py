"""Load ``packaging/build.py`` (a script folder, not an importable package: the name
``packaging`` belongs to the PyPI library)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def pkg():
    return _load("conservator_packaging_build", PACKAGING / "build.py")
