"""bench/fuzz.py: mutants are reproducible, and the verdicts tell a crash, a hang and an
internal error from a clean refusal."""

import importlib.util
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _fuzz():
    spec = importlib.util.spec_from_file_location("fuzz_bench", ROOT / "bench" / "fuzz.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_bench"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_mutants_are_seeded_and_change_the_file(tmp_path):
    fuzz = _fuzz()
    seeds = fuzz.make_seeds(tmp_path)
    assert {p.suffix for p in seeds} == {".tif", ".png", ".jpg", ".jp2"}
    kinds = {".tif": "tif", ".png": "png", ".jpg": "jpg", ".jp2": "jp2"}
    for seed in seeds:
        data = seed.read_bytes()
        a = [fuzz.mutate(data, kinds[seed.suffix], random.Random(5)) for _ in range(2)]
        assert a[0] == a[1]  # same seed, same mutant
        assert a[0][0] != data or "value=" in a[0][1]


def test_verdicts():
    fuzz = _fuzz()
    ok = {"hung": False, "signal": None, "code": 2, "stderr": "error: bad file (x)\n"}
    assert fuzz.classify(ok) == "ok"
    assert fuzz.classify({**ok, "signal": 11}) == "crash"
    assert fuzz.classify({**ok, "hung": True}) == "hang"
    assert fuzz.classify({**ok, "stderr": "error: internal error: KeyError"}) == "internal"
    assert fuzz.classify({**ok, "code": 3}) == "internal"


def test_a_short_run_is_clean(capsys):
    fuzz = _fuzz()
    assert fuzz.main(["--count", "3", "--jobs", "1", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "crashes (signal): 0" in out and "internal errors: 0" in out
