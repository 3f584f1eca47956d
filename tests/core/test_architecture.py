"""The core library must stay usable without Qt: scripts and batch jobs depend on it."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui")


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def test_core_never_imports_qt_or_ui():
    offenders = []
    for path in sorted((ROOT / "conservator").rglob("*.py")):
        for lineno, name in _imports(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(ROOT)}:{lineno} imports {name}")
    assert not offenders, "conservator/ must not import Qt or ui:\n" + "\n".join(offenders)


def test_core_imports_without_loading_qt():
    """Importing every core module (including the CLI) must not pull Qt in indirectly."""
    code = (
        "import importlib, pkgutil, sys, conservator\n"
        "for m in pkgutil.walk_packages(conservator.__path__, 'conservator.'):\n"
        "    if m.name != 'conservator.__main__': importlib.import_module(m.name)\n"
        "import conservator.cli; conservator.cli.build_parser()\n"
        "bad = [k for k in sys.modules if k.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, f"Qt loaded by the core: {res.stdout} {res.stderr[-2000:]}"


def test_no_absolute_machine_paths_in_sources():
    bad = []
    for path in list((ROOT / "conservator").rglob("*.py")) + list((ROOT / "ui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for marker in [f"/{d}/" for d in ("root", "home", "work")]:  # spelled from parts
            if marker in text:
                bad.append(f"{path.relative_to(ROOT)} contains {marker}")
    assert not bad, bad


def test_cli_output_into_a_closed_pipe_is_quiet():
    """`conservator ... | head` must not end with an error message or a traceback."""
    import os

    env = dict(os.environ, CONSERVATOR_DEBUG="")
    code = (
        "import sys, conservator.cli.scan as s\n"
        "def flood(args):\n"
        "    for i in range(200000): print('row', i)\n"
        "s.cmd_info = flood\n"
        "from conservator.cli import main\n"
        "sys.exit(main(['info', 'any.tif']))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, like `| head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert "Traceback" not in err and "Broken pipe" not in err and "error" not in err
