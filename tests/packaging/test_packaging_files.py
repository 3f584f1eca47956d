"""The installer definitions stay consistent and correct without building anything.

The slow end-to-end check of a built package is ``make package-check`` (packaging/check.py),
not part of ``make test``.
"""

from __future__ import annotations

import ast
import configparser
import plistlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
LANGS = ("ru", "kk", "fa")


def _desktop(pkg) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / f"{pkg.APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_no_absolute_machine_paths_in_packaging_files():
    bad = []
    for path in sorted(PACKAGING.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_text(encoding="utf-8")
            # spelled from parts so this file does not itself contain a machine path
            for marker in [f"/{d}/" for d in ("work", "root", "home", "tmp")] + ["C:\\Users"]:
                if marker in text:
                    bad.append(f"{path.relative_to(ROOT)} contains {marker}")
    assert not bad, bad


def test_spec_is_valid_python_and_builds_three_programs(pkg):
    spec = (PACKAGING / "conservator.spec").read_text(encoding="utf-8")
    ast.parse(spec)
    assert "SPECPATH" in spec
    for name in ("APP_EXE", "CLI_EXE", "SELFTEST_EXE"):
        assert f"pkg.{name}" in spec
    assert (pkg.APP_EXE, pkg.CLI_EXE, pkg.DIST_NAME) == (
        "conservator-app",
        "conservator",
        "conservator-app",
    )
    for script in ("launchers/conservator_app.py", "launchers/conservator_cli.py", "selftest.py"):
        assert (PACKAGING / script).exists(), script


def test_desktop_entry_opens_scans_from_the_menu(pkg):
    entry = _desktop(pkg)
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == pkg.APP_EXE and "%F" in entry["Exec"]
    assert entry["Icon"] == pkg.APP_ID
    assert entry["Terminal"] == "false"
    mimes = {m for m in entry["MimeType"].split(";") if m}
    assert mimes == set(pkg.DOCUMENT_TYPES.values())
    assert entry["Categories"].endswith(";") and entry["MimeType"].endswith(";")
    for lang in LANGS:  # the menu speaks the users' languages
        assert entry[f"Comment[{lang}]"] and entry[f"GenericName[{lang}]"]


def test_desktop_entry_passes_desktop_file_validate_when_available(pkg):
    tool = shutil.which("desktop-file-validate")
    if not tool:
        pytest.skip("desktop-file-validate not installed")
    proc = subprocess.run(
        [tool, str(LINUX / f"{pkg.APP_ID}.desktop")], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_appstream_metainfo_matches_the_desktop_entry(pkg):
    path = LINUX / f"{pkg.APP_ID}.metainfo.xml"
    root = ET.parse(path).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == pkg.APP_ID
    assert root.findtext("launchable") == f"{pkg.APP_ID}.desktop"
    assert root.findtext("project_license") == "GPL-3.0-or-later"
    provided = {e.text for e in root.find("provides")}
    assert {pkg.APP_EXE, pkg.CLI_EXE} <= provided
    assert set(pkg.DOCUMENT_TYPES.values()) <= provided
    releases = [r.get("version") for r in root.find("releases")]
    assert pkg.version() in releases, "add a <release> for the current version"
    summaries = {e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in root.iter("summary")}
    assert set(LANGS) <= summaries


def test_appstream_metainfo_validates_when_appstreamcli_is_available(pkg):
    tool = shutil.which("appstreamcli")
    if not tool:
        pytest.skip("appstreamcli not installed")
    proc = subprocess.run(
        [tool, "validate", "--no-net", str(LINUX / f"{pkg.APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_inno_setup_script_installs_start_menu_entry_and_associations(pkg):
    raw = (PACKAGING / "windows" / "conservator.iss").read_bytes()
    # Inno Setup reads a script without a BOM in the ANSI code page: the Russian texts need one.
    assert raw.startswith(b"\xef\xbb\xbf") or raw.isascii()
    iss = raw.decode("utf-8-sig")
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}", iss, re.M), "AppId must be a fixed GUID"
    assert '#define AppExe "conservator-app.exe"' in iss
    assert '#define DistDir "..\\..\\dist\\conservator-app"' in iss
    assert re.search(
        r'^Name: "\{group\}\\\{#AppName\}"; Filename: "\{app\}\\\{#AppExe\}"', iss, re.M
    )
    for ext in pkg.DOCUMENT_TYPES:
        assert f'Subkey: "Software\\Classes\\.{ext}\\OpenWithProgids"' in iss, ext
        assert f'ValueName: ".{ext}"' in iss, ext
    assert '"""{app}\\{#AppExe}"" ""%1"""' in iss  # the scan path is passed quoted
    assert "ChangesAssociations=yes" in iss
    assert "{{" not in iss.split("[Code]", 1)[1], "braces in [Code] comments break Pascal"


def test_macos_bundle_declares_scan_document_types(pkg):
    plist = pkg.macos_info_plist("1.2.3")
    plistlib.dumps(plist)  # serialisable as Info.plist
    assert plist["CFBundleShortVersionString"] == "1.2.3"
    exts = {e for t in plist["CFBundleDocumentTypes"] for e in t["CFBundleTypeExtensions"]}
    assert exts == set(pkg.DOCUMENT_TYPES)
    utis = {u for t in plist["CFBundleDocumentTypes"] for u in t["LSItemContentTypes"]}
    assert utis == {"public.tiff", "public.jpeg-2000"}
    spec = (PACKAGING / "conservator.spec").read_text(encoding="utf-8")
    assert "bundle_identifier=pkg.APP_ID" in spec


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/translations/qtbase_ru.qm", True),
        ("PySide6/Qt/translations/qtbase_fa.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qt_help_ru.qm", False),
        ("resources/fonts/Vazirmatn-Regular.ttf", True),
        ("skimage/data/tests/foo.py", False),
        ("PySide6\\Qt\\plugins\\platformthemes\\qgtk3.dll", False),
        ("PySide6\\opengl32sw.dll", False),
        ("PySide6\\Qt\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ],
)
def test_bundle_keeps_what_the_app_needs_and_drops_the_rest(pkg, dest, kept):
    assert pkg.keep_entry(dest) is kept


def _excluded_hit(name: str, excluded: set[str]) -> str | None:
    parts = name.split(".")
    for n in range(1, len(parts) + 1):
        if ".".join(parts[:n]) in excluded:
            return ".".join(parts[:n])
    return None


def test_excluded_modules_are_not_used_by_the_application(pkg):
    """A module left out of the bundle but used by our code would crash the installed app.

    Catches ``import a.b``, ``from a import b`` and lazily loaded attributes (``skimage.measure``
    after ``import skimage``). Fix: remove the module from ``EXCLUDED_MODULES`` in
    packaging/build.py.
    """
    excluded = set(pkg.EXCLUDED_MODULES)
    dotted = sorted(e for e in excluded if "." in e)
    attr = re.compile(r"\b(" + "|".join(re.escape(e) for e in dotted) + r")\b")
    offenders = []
    for path in sorted([*(ROOT / "conservator").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(text)):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for name in names:
                hit = _excluded_hit(name, excluded)
                if hit:
                    offenders.append(f"{where}:{node.lineno} imports {name} ({hit} is excluded)")
        for lineno, line in enumerate(text.splitlines(), 1):
            code = line.split("#", 1)[0]
            match = attr.search(code)
            if match:
                offenders.append(f"{where}:{lineno} uses {match.group(1)} (excluded)")
    assert not offenders, "\n".join(offenders)


def test_resources_ship_compiled_translations_not_sources(pkg, tmp_path):
    stage = tmp_path / "stage"
    (stage / "translations").mkdir(parents=True)
    (stage / "translations" / "conservator_ru.qm").write_bytes(b"qm")
    datas = pkg.resource_datas(ROOT, stage)
    dests = {(Path(src).name, dest) for src, dest in datas}
    assert ("conservator_ru.qm", "resources/translations") in dests
    assert not any(name.endswith(".ts") for name, _ in dests)
    assert ("NotoSans-Regular.ttf", "resources/fonts") in dests
    assert ("OFL-Vazirmatn.txt", "resources/fonts") in dests  # the font licences travel along
    assert any(dest == "resources/vocab" for _, dest in dests)
    assert all(not Path(dest).is_absolute() for _, dest in datas)


def test_stage_compiles_translations_and_platform_icons(pkg, tmp_path):
    from PIL import Image

    stage = pkg.stage(ROOT, tmp_path / "stage")
    sources = [
        ts
        for ts in (ROOT / "resources" / "translations").glob("conservator_*.ts")
        if not ts.stem.endswith("_en")
    ]
    for ts in sources:
        qm = stage / "translations" / f"{ts.stem}.qm"
        assert qm.exists() and qm.stat().st_size > 0, qm.name
    with Image.open(stage / "conservator.ico") as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]
    with Image.open(stage / "conservator.icns") as icns:
        assert icns.size[0] >= 256
    info = (stage / "version_info.txt").read_text(encoding="utf-8")
    assert f"StringStruct('ProductVersion', '{pkg.version()}')" in info
    compile(info, "version_info.txt", "eval")  # PyInstaller evaluates it on Windows
    notices = (stage / "licenses" / "THIRD-PARTY.txt").read_text(encoding="utf-8")
    assert re.search(r"pyside6[-_]essentials \S+: LGPL-3\.0", notices, re.I)  # Qt's licence
    assert "opencv-python-headless" in notices
    assert list((stage / "licenses").glob("opencv-python-headless-*/*LICENSE*"))
    assert "networkx" not in notices  # excluded from the bundle, so not listed


@pytest.mark.skipif(sys.platform != "linux", reason="install.sh is for Linux")
def test_linux_install_and_uninstall_scripts(pkg, tmp_path):
    """install.sh copies the folder, links the programs and registers menu entry and icons."""
    folder = tmp_path / "unpacked" / "conservator-0.1.0"
    (folder / "_internal").mkdir(parents=True)
    for exe in (pkg.APP_EXE, pkg.CLI_EXE):
        (folder / exe).write_text("#!/bin/sh\necho ok\n")
        (folder / exe).chmod(0o755)
    pkg.add_linux_integration(folder)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    prefix = home / "apps" / "conservator"
    proc = subprocess.run(
        ["sh", str(folder / "install.sh"), "--prefix", str(prefix)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert (prefix / "_internal").is_dir()
    link = home / ".local" / "bin" / pkg.APP_EXE
    assert link.is_symlink() and link.resolve() == (prefix / pkg.APP_EXE).resolve()
    share = home / ".local" / "share"
    desktop = (share / "applications" / f"{pkg.APP_ID}.desktop").read_text(encoding="utf-8")
    assert f'Exec="{prefix}/{pkg.APP_EXE}" %F' in desktop
    assert (share / "metainfo" / f"{pkg.APP_ID}.metainfo.xml").exists()
    assert (share / "icons" / "hicolor" / "256x256" / "apps" / f"{pkg.APP_ID}.png").exists()
    assert (share / "icons" / "hicolor" / "48x48" / "apps" / f"{pkg.APP_ID}.png").exists()

    proc = subprocess.run(
        ["sh", str(prefix / "uninstall.sh")], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert not prefix.exists() and not link.exists()
    assert not (share / "applications" / f"{pkg.APP_ID}.desktop").exists()
    assert not list((share / "icons").rglob(f"{pkg.APP_ID}.*"))


def test_install_script_refuses_to_run_outside_the_unpacked_folder(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    proc = subprocess.run(
        ["sh", str(LINUX / "install.sh")],
        capture_output=True,
        text=True,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: run install.sh from the unpacked Conservator folder")


def test_bundled_imagecodecs_modules_exist(pkg):
    """The spec names imagecodecs' codec modules one by one; a renamed one would silently vanish."""
    import importlib.util

    missing = [
        m for m in pkg.IMAGECODECS_MODULES if not importlib.util.find_spec(f"imagecodecs.{m}")
    ]
    assert not missing, missing


class _Recorder:
    """Stands in for PyInstaller's spec API (Analysis, PYZ, EXE, COLLECT, BUNDLE)."""

    def __init__(self):
        self.calls: list[tuple[str, tuple, dict]] = []

    def factory(self, kind: str):
        recorder = self

        class Target:
            def __init__(self, *args, **kwargs):
                recorder.calls.append((kind, args, kwargs))
                self.args, self.kwargs = args, kwargs
                scripts = args[0] if kind == "Analysis" else []
                self.scripts = [(Path(s).stem, s, "PYSOURCE") for s in scripts]
                self.scripts.insert(0, ("pyiboot01_bootstrap", "boot.py", "PYSOURCE"))
                self.pure, self.binaries, self.datas = [], [], []

        return Target

    def of(self, kind: str) -> list[tuple[tuple, dict]]:
        return [(a, k) for name, a, k in self.calls if name == kind]


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_spec_builds_the_right_programs_on_each_system(pkg, platform, tmp_path, monkeypatch):
    """Run the spec with PyInstaller's API stubbed, as on Linux, Windows and macOS."""
    monkeypatch.setenv("CONSERVATOR_STAGE_DIR", str(tmp_path / "stage"))
    monkeypatch.setattr(sys, "platform", platform)
    rec = _Recorder()
    spec = PACKAGING / "conservator.spec"
    namespace = {"SPECPATH": str(PACKAGING), "__file__": str(spec)}
    for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        namespace[kind] = rec.factory(kind)
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)

    exes = {k["name"]: (args, k) for args, k in rec.of("EXE")}
    assert set(exes) == {pkg.APP_EXE, pkg.CLI_EXE, pkg.SELFTEST_EXE}
    assert exes[pkg.APP_EXE][1]["console"] is False  # no console window behind the app
    assert exes[pkg.CLI_EXE][1]["console"] is True
    for name, script in (
        (pkg.APP_EXE, "conservator_app"),
        (pkg.CLI_EXE, "conservator_cli"),
        (pkg.SELFTEST_EXE, "selftest"),
    ):
        entries = [e[0] for e in exes[name][0][1]]
        assert entries[0] == "pyiboot01_bootstrap" and entries[-1] == script, (name, entries)
        assert len(entries) == 2, f"{name} would also run another program's entry script"
    icon = exes[pkg.APP_EXE][1]["icon"]
    collect = rec.of("COLLECT")
    assert len(collect) == 1 and collect[0][1]["name"] == pkg.DIST_NAME
    bundles = rec.of("BUNDLE")
    if platform == "win32":
        assert icon.endswith("conservator.ico") and Path(icon).exists()
        assert Path(exes[pkg.APP_EXE][1]["version"]).exists()
    elif platform == "darwin":
        assert icon.endswith("conservator.icns") and Path(icon).exists()
        ((_, kwargs),) = bundles
        assert kwargs["bundle_identifier"] == pkg.APP_ID and kwargs["name"] == "Conservator.app"
        assert kwargs["info_plist"]["CFBundleDocumentTypes"]
    else:
        assert icon is None and not bundles
    analysis_kwargs = rec.of("Analysis")[0][1]
    assert "imagecodecs._imcd" in analysis_kwargs["hiddenimports"]
    assert "conservator.cli.records" in analysis_kwargs["hiddenimports"]
    assert "tkinter" in analysis_kwargs["excludes"]
