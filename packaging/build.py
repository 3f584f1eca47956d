"""Build the installable folder ``dist/conservator-app/`` and its Linux tarball (``make package``).

Steps: compile the interface translations (``.ts`` → ``.qm``) and the platform icons into
``build/packaging/stage``, run PyInstaller on ``packaging/conservator.spec``, add the Linux desktop
integration files (``share/``, ``install.sh``) to the folder, pack it as
``dist/conservator-<version>-linux-<arch>.tar.gz`` (Linux only) and print the build time, the
folder size and what dominates it.

The spec imports this module for its names and helpers, so the list of what is left out of the
bundle lives in one place (:data:`EXCLUDED_MODULES`, :func:`filter_toc`).

Usage::

    python packaging/build.py [--no-tarball] [--dist DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"

#: Reverse-DNS application id: Linux .desktop/AppStream file names, icon name, macOS bundle id.
APP_ID = "io.github.conservator.Conservator"
APP_NAME = "Conservator"
DIST_NAME = "conservator-app"  # the folder in dist/
APP_EXE = "conservator-app"
CLI_EXE = "conservator"
SELFTEST_EXE = "conservator-selftest"
#: Scan types the installers associate with the application.
DOCUMENT_TYPES = {
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "jp2": "image/jp2",
}

#: Python modules never bundled: test tools (not ``unittest``: numpy.testing needs it; not
#: ``pluggy``: sqlite-utils needs it), Tk, notebook/plotting stacks pulled in by optional
#: imports of scikit-image/SciPy, other Qt bindings, and Qt modules the application does not use.
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "test",
    "tests",
    "pytest",
    "_pytest",
    "pytestqt",
    "iniconfig",
    "ruff",
    "pip",
    "setuptools",
    "wheel",
    "IPython",
    "ipykernel",
    "jupyter_client",
    "matplotlib",
    "pandas",
    # dask and distributed (with psutil) stay in: `conservator survey` runs on them
    "pooch",
    "numba",
    "sympy",
    "pygments",
    "docutils",
    "sphinx",
    # scikit-image: the core uses skimage.color only (ΔE2000), with skimage.util/exposure/_shared
    # and scipy.linalg behind it (scipy.linalg loads sparse/special only inside functions we do
    # not call). The rest drags in most of SciPy (about 40 MB), NetworkX, imageio and pooch.
    # Using one of these in conservator/ or ui/ fails tests/packaging: then remove it here.
    "skimage.data",
    "skimage.draw",
    "skimage.feature",
    "skimage.filters",
    "skimage.future",
    "skimage.graph",
    "skimage.io",
    "skimage.measure",
    "skimage.metrics",
    "skimage.morphology",
    "skimage.registration",
    "skimage.restoration",
    "skimage.segmentation",
    "skimage.transform",
    "scipy.cluster",
    "scipy.constants",
    "scipy.datasets",
    "scipy.differentiate",
    "scipy.fft",
    "scipy.fftpack",
    "scipy.integrate",
    "scipy.interpolate",
    "scipy.io",
    "scipy.misc",
    "scipy.ndimage",
    "scipy.odr",
    "scipy.optimize",
    "scipy.signal",
    "scipy.sparse",
    "scipy.spatial",
    "scipy.special",
    "scipy.stats",
    "networkx",
    "imageio",
    # Pillow's AVIF codec (5 MB of libavif): scans are never AVIF; Pillow skips missing plugins.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "PySide6.Qt3DAnimation",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DExtras",
    "PySide6.Qt3DInput",
    "PySide6.Qt3DLogic",
    "PySide6.Qt3DRender",
    "PySide6.QtCharts",
    "PySide6.QtDataVisualization",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuick3D",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtSql",
    "PySide6.QtUiTools",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebChannel",
    "PySide6.QtWebSockets",
]

#: imagecodecs extension modules bundled (imagecodecs imports them lazily, so PyInstaller cannot
#: see them): the codecs of TIFF scans (LZW, PackBits, predictors, Deflate, JPEG, lossless JPEG,
#: CCITT G3/G4, ZSTD, LZMA, WebP), JPEG 2000, PNG, and LittleCMS (colour management). Left out:
#: JPEG XL, AVIF, JPEG XR, LERC and the scientific-array codecs (about 70 MB more).
IMAGECODECS_MODULES = [
    "_shared",
    "_shared_cython",
    "_imcd",
    "_cms",
    "_jpeg2k",
    "_jpeg8",
    "_ljpeg",
    "_jpegsof3",
    "_ccitt",
    "_zlib",
    "_deflate",
    "_zstd",
    "_lzma",
    "_webp",
    "_png",
]

#: Bundled files dropped after analysis (matched against the path inside the bundle):
#: - the GTK3 platform theme needs libgtk-3, absent on many lab machines (Qt falls back cleanly);
#: - Qt platforms and input plugins for embedded/kiosk use (EGLFS, LinuxFB, VNC, Vulkan display,
#:   evdev, TUIO); the desktop keeps xcb, wayland, offscreen and minimal;
#: - Windows: Mesa's software OpenGL (``opengl32sw.dll``, 20 MB); the widgets paint without GL;
#: - test folders and byte-code caches.
#: Shared libraries that only the dropped plugins needed are dropped too (:func:`filter_toc`).
_DROP_PATTERNS = [
    r"(^|/)platformthemes/(lib)?qgtk3\.",
    r"(^|/)platforms/(lib)?q(eglfs|linuxfb|minimalegl|vkkhrdisplay|vnc)\.",
    r"(^|/)egldeviceintegrations/",
    r"(^|/)plugins/generic/",
    r"(^|/)opengl32sw\.dll$",
    r"(^|/)tests?/",
    r"(^|/)__pycache__/",
]
#: Qt's own translations: only those of the interface languages (Qt's standard buttons).
_QT_TRANSLATION = re.compile(r"(^|/)Qt6?/translations/(?P<name>[^/]+)\.qm$")
QT_TRANSLATION_LANGS = ("ru", "kk", "fa")
#: Binaries whose debug information is stripped after the build (Linux): the interpreter's own
#: (often built with -g). Wheel libraries are left alone: they are already stripped and some are
#: patched with patchelf, which ``strip`` can corrupt.
STRIP_DEBUG = [r"^libpython3[\d.]*\.so[\d.]*$", r"^python3[\d.]*/lib-dynload/[^/]+\.so$"]


def version(root: Path = ROOT) -> str:
    """The version in ``conservator/__init__.py`` (read, not imported)."""
    text = (root / "conservator" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not match:
        raise SystemExit("error: no __version__ in conservator/__init__.py")
    return match.group(1)


def stage_dir(root: Path = ROOT) -> Path:
    """Where generated build inputs go: ``$CONSERVATOR_STAGE_DIR``, else the git-ignored
    ``build/packaging/stage``."""
    env = os.environ.get("CONSERVATOR_STAGE_DIR")
    return Path(env) if env else root / "build" / "packaging" / "stage"


def stage(root: Path = ROOT, out: Path | None = None) -> Path:
    """Generate the build inputs that are not committed into ``out``; return it.

    ``out`` defaults to :func:`stage_dir`.

    Compiles every ``resources/translations/conservator_<lang>.ts`` into ``translations/*.qm``
    (with ``python -m ui.i18n``, the same code the application uses at run time), and renders
    ``conservator.ico`` (Windows), ``conservator.icns`` (macOS) and ``version_info.txt`` (Windows
    file properties) from ``resources/icons/app/conservator-<size>.png``.
    """
    out = Path(out) if out is not None else stage_dir(root)
    qm_dir = out / "translations"
    if qm_dir.exists():
        shutil.rmtree(qm_dir)
    qm_dir.mkdir(parents=True)
    sources = [
        ts
        for ts in sorted((root / "resources" / "translations").glob("conservator_*.ts"))
        if not ts.stem.endswith("_en")  # English is the source language: nothing to compile
    ]
    if sources:
        proc = subprocess.run(
            [sys.executable, "-m", "ui.i18n", str(qm_dir)],
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, "CONSERVATOR_RESOURCES": str(root / "resources")},
        )
        missing = [ts.name for ts in sources if not (qm_dir / f"{ts.stem}.qm").exists()]
        if proc.returncode != 0 or missing:
            raise SystemExit(
                f"error: could not compile translations {missing or ''} with pyside6-lrelease "
                f"({proc.stderr.strip()[-300:]})"
            )
    _icons(root, out)
    _licenses(out / "licenses")
    _write_if_changed(out / "version_info.txt", _windows_version_info(version(root)))
    return out


def _icons(root: Path, out: Path) -> None:
    from PIL import Image

    pngs = {}
    for png in (root / "resources" / "icons" / "app").glob("conservator-*.png"):
        size = png.stem.rsplit("-", 1)[-1]
        if size.isdigit():
            pngs[int(size)] = png
    if not pngs:
        raise SystemExit("error: no application icon PNGs (resources/icons/app/conservator-*.png)")
    images = {size: Image.open(path).convert("RGBA") for size, path in sorted(pngs.items())}
    biggest = images[max(images)]
    ico_sizes = [s for s in (16, 24, 32, 48, 64, 128, 256) if s <= max(images)]
    ico_extra = [images[s] for s in ico_sizes if s in images and s != max(images)]
    biggest.save(
        out / "conservator.ico",
        format="ICO",
        sizes=[(s, s) for s in ico_sizes],
        append_images=ico_extra,
    )
    icns_extra = [images[s] for s in (16, 32, 64, 128, 256) if s in images and s != max(images)]
    biggest.save(out / "conservator.icns", format="ICNS", append_images=icns_extra)


def runtime_distributions(top: str = "conservator") -> dict:
    """The installed distributions the application needs at run time (``top`` and its
    requirements, recursively, with the extras they ask for), by canonical name."""
    import importlib.metadata as md

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    found: dict = {}
    todo = [(top, frozenset())]
    while todo:
        name, extras = todo.pop()
        key = canonicalize_name(name)
        if key in found:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        found[key] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker and not any(req.marker.evaluate({"extra": e}) for e in extras or {""}):
                continue
            todo.append((req.name, frozenset(req.extras)))
    return found


def _licenses(out: Path) -> None:
    """Copy the licence files of every bundled distribution, plus an index, into ``out``.

    The bundle redistributes Qt (LGPL-3.0), OpenCV, FFmpeg, NumPy, SciPy and the rest: their
    licences travel with it (``_internal/licenses/THIRD-PARTY.txt``).
    """
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    lines = [
        "Third-party software bundled with Conservator (name, version, licence, home page).",
        "The licence texts shipped by each project are in the folder of the same name.",
        "",
    ]
    skip = {"conservator", "pip", "setuptools", "wheel"}
    words = ("licen", "copying", "notice", "authors")
    for key, dist in sorted(runtime_distributions().items()):
        tops = (dist.read_text("top_level.txt") or key.replace("-", "_")).split()
        if key in skip or all(t in EXCLUDED_MODULES for t in tops):
            continue  # not in the bundle
        meta = dist.metadata
        licence = meta.get("License-Expression") or meta.get("License") or ""
        if not licence or len(licence) > 80:
            classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []]
            licence = ", ".join(c for c in classifiers if "License" in c or "GPL" in c) or (
                licence.splitlines()[0][:80] if licence else "see the project"
            )
        home = meta.get("Home-page") or next(
            (u.split(",", 1)[1].strip() for u in meta.get_all("Project-URL") or []), ""
        )
        lines.append(f"{meta['Name']} {dist.version}: {licence} {home}".rstrip())
        folder = out / f"{key}-{dist.version}"
        for file in dist.files or []:
            if any(w in file.name.lower() for w in words) and file.suffix not in (".py", ".pyc"):
                src = Path(dist.locate_file(file))
                if src.is_file():
                    dest = folder / file.as_posix().replace("/", "__")
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(src, dest)
    (out / "THIRD-PARTY.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _windows_version_info(ver: str) -> str:
    nums = [int(n) for n in re.findall(r"\d+", ver)[:4]]
    nums += [0] * (4 - len(nums))
    tup = ", ".join(str(n) for n in nums)
    strings = {
        "CompanyName": "Conservator developers",
        "FileDescription": "Conservator - condition documentation for paper conservation",
        "FileVersion": ver,
        "InternalName": APP_EXE,
        "LegalCopyright": "GPL-3.0-or-later",
        "OriginalFilename": f"{APP_EXE}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": ver,
    }
    items = ",\n".join(f"          StringStruct('{k}', '{v}')" for k, v in strings.items())
    return (
        "# UTF-8\n"
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers=({tup}), prodvers=({tup}), mask=0x3f, flags=0x0,\n"
        "                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        "  kids=[\n"
        "    StringFileInfo([StringTable('040904B0', [\n"
        f"{items}])]),\n"
        "    VarFileInfo([VarStruct('Translation', [1033, 1200])])\n"
        "  ]\n"
        ")\n"
    )


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def resource_datas(root: Path, stage_path: Path) -> list[tuple[str, str]]:
    """PyInstaller ``datas`` for the whole ``resources/`` tree, ``.ts`` replaced by ``.qm``.

    Only the compiled ``.qm`` files are shipped (``ui.i18n`` uses them when no ``.ts`` sits
    beside them), so the bundle never tries to run ``lrelease`` on a user's machine.
    """
    res = root / "resources"
    datas = []
    for path in sorted(res.rglob("*")):
        if not path.is_file() or path.suffix in (".ts", ".pyc", ".qm") or path.name == ".DS_Store":
            continue
        if "__pycache__" in path.parts:
            continue
        dest = Path("resources") / path.parent.relative_to(res)
        datas.append((str(path), dest.as_posix()))
    for qm in sorted((stage_path / "translations").glob("*.qm")):
        datas.append((str(qm), "resources/translations"))
    licenses = stage_path / "licenses"
    for path in sorted(licenses.rglob("*")) if licenses.is_dir() else []:
        if path.is_file():
            dest = Path("licenses") / path.parent.relative_to(licenses)
            datas.append((str(path), dest.as_posix()))
    return datas


def keep_entry(dest: str) -> bool:
    """Whether a bundled file (path inside the bundle) is kept; see :data:`_DROP_PATTERNS`."""
    dest = dest.replace("\\", "/")
    if any(re.search(p, dest) for p in _DROP_PATTERNS):
        return False
    match = _QT_TRANSLATION.search(dest)
    if match:
        name = match.group("name")  # qtbase_ru, qt_help_fa, assistant_ru...
        return name.startswith("qtbase_") and name.split("_", 1)[1] in QT_TRANSLATION_LANGS
    return True


def filter_toc(toc):
    """Drop the TOC entries :func:`keep_entry` rejects, and the libraries only they needed.

    ``toc`` is a PyInstaller TOC (binaries or datas): ``(dest_name, src_name, typecode)``.
    Dependencies are read with PyInstaller's own ``bindepend`` (``ldd`` on Linux): a shared
    library is dropped when a dropped plugin needs it and no kept binary does.
    """
    kept = [e for e in toc if keep_entry(e[0])]
    dropped = [e for e in toc if not keep_entry(e[0])]
    binaries = [e for e in dropped if e[2] in ("BINARY", "EXTENSION")]
    if not binaries:
        return kept
    from PyInstaller.depend import bindepend

    def needs(entry) -> set[str]:
        try:
            return {name for name, _path in bindepend.get_imports(entry[1])}
        except Exception:  # unreadable: assume it needs nothing we could drop
            return set()

    candidates = set().union(*(needs(e) for e in binaries))
    if not candidates:
        return kept
    still_needed = set()
    for entry in kept:
        if entry[2] in ("BINARY", "EXTENSION"):
            still_needed |= needs(entry) & candidates
    orphans = candidates - still_needed
    return [e for e in kept if not (e[2] == "BINARY" and Path(e[0]).name in orphans)]


def strip_debug_info(folder: Path) -> int:
    """Strip debug sections from the interpreter's binaries (:data:`STRIP_DEBUG`); bytes saved."""
    strip = shutil.which("strip")
    internal = folder / "_internal"
    if not strip or not internal.is_dir():
        return 0
    saved = 0
    for path in internal.rglob("*.so*"):
        rel = path.relative_to(internal).as_posix()
        if path.is_symlink() or not any(re.match(p, rel) for p in STRIP_DEBUG):
            continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-debug", str(path)], check=False, capture_output=True)
        saved += before - path.stat().st_size
    return saved


def macos_info_plist(ver: str) -> dict:
    """``Info.plist`` additions of the macOS bundle: document types, version, high-DPI."""
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleShortVersionString": ver,
        "CFBundleVersion": ver,
        "CFBundleExecutable": APP_EXE,
        "CFBundleDevelopmentRegion": "en",
        "CFBundleLocalizations": ["en", "ru", "kk", "fa"],
        "LSMinimumSystemVersion": "11.0",
        "LSApplicationCategoryType": "public.app-category.productivity",
        "NSHighResolutionCapable": True,
        "NSHumanReadableCopyright": "GPL-3.0-or-later, Conservator developers",
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": "TIFF scan",
                "CFBundleTypeRole": "Viewer",
                "LSHandlerRank": "Alternate",
                "LSItemContentTypes": ["public.tiff"],
                "CFBundleTypeExtensions": ["tif", "tiff"],
                "CFBundleTypeIconFile": "conservator.icns",
            },
            {
                "CFBundleTypeName": "JPEG 2000 scan",
                "CFBundleTypeRole": "Viewer",
                "LSHandlerRank": "Alternate",
                "LSItemContentTypes": ["public.jpeg-2000"],
                "CFBundleTypeExtensions": ["jp2"],
                "CFBundleTypeIconFile": "conservator.icns",
            },
        ],
    }


# --- after PyInstaller ---------------------------------------------------------------------------


def add_linux_integration(folder: Path, root: Path = ROOT) -> None:
    """Put the desktop entry, AppStream metainfo, hicolor icons and install scripts in ``folder``."""
    linux = root / "packaging" / "linux"
    share = folder / "share"
    if share.exists():
        shutil.rmtree(share)
    (share / "applications").mkdir(parents=True)
    (share / "metainfo").mkdir(parents=True)
    shutil.copy2(linux / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    shutil.copy2(linux / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    for png in sorted((root / "resources" / "icons" / "app").glob("conservator-*.png")):
        size = png.stem.rsplit("-", 1)[-1]
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target / f"{APP_ID}.png")
    svg = root / "resources" / "icons" / "conservator.svg"
    if svg.exists():
        target = share / "icons" / "hicolor" / "scalable" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(svg, target / f"{APP_ID}.svg")
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(linux / script, folder / script)
        (folder / script).chmod(0o755)
    shutil.copy2(root / "packaging" / "README.md", folder / "README-packaging.md")


def make_tarball(folder: Path, out: Path) -> Path:
    """Pack ``folder`` as ``out`` (``.tar.gz``), written under a temporary name then renamed."""
    tmp = out.with_name(f".{out.name}.part")
    top = out.name[: -len(".tar.gz")]
    try:
        with tarfile.open(tmp, "w:gz", compresslevel=6) as tar:
            tar.add(folder, arcname=top)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out


def folder_size(path: Path) -> int:
    """Bytes on disk of the files under ``path`` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def size_breakdown(folder: Path, top: int = 12) -> list[tuple[str, int]]:
    """The biggest items of the bundle, grouped by package (``_internal/<first part>``)."""
    groups: dict[str, int] = {}
    for p in folder.rglob("*"):
        if not p.is_file() or p.is_symlink():
            continue
        rel = p.relative_to(folder)
        if rel.parts[0] == "_internal" and len(rel.parts) > 1:
            key = rel.parts[1]
            key = re.sub(r"\.(so|dylib|dll|pyd)(\.[\d.]+)?$|-[0-9a-f]{8}\..*$", "", key)
            if len(rel.parts) == 2:
                key = "shared libraries (top level)" if p.suffix != ".zip" else key
        else:
            key = rel.parts[0]
        groups[key] = groups.get(key, 0) + p.stat().st_size
    return sorted(groups.items(), key=lambda kv: -kv[1])[:top]


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (default dist/)")
    parser.add_argument("--no-tarball", action="store_true", help="skip the Linux .tar.gz")
    args = parser.parse_args(argv)
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        print(
            "error: PyInstaller is not installed (run: .venv/bin/pip install -e '.[package]')",
            file=sys.stderr,
        )
        return 2
    dist = Path(args.dist).resolve()
    work = ROOT / "build" / "packaging" / "pyinstaller"
    ver = version()
    t0 = time.monotonic()
    pyinstaller.run(
        [
            str(PACKAGING / "conservator.spec"),
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
        ]
    )
    t_build = time.monotonic() - t0
    folder = dist / DIST_NAME
    if sys.platform.startswith("linux"):
        saved = strip_debug_info(folder)
        print(f"stripped debug information: {saved / 1e6:.0f} MB saved")
        add_linux_integration(folder)
    size = folder_size(folder)
    print(f"built {folder} in {t_build:.0f} s: {_mb(size)} on disk")
    for name, n in size_breakdown(folder):
        print(f"  {n / 1e6:7.1f} MB  {name}")
    if sys.platform.startswith("linux") and not args.no_tarball:
        t1 = time.monotonic()
        arch = platform.machine() or "unknown"
        tarball = make_tarball(folder, dist / f"conservator-{ver}-linux-{arch}.tar.gz")
        print(f"tarball {tarball} ({_mb(tarball.stat().st_size)}) in {time.monotonic() - t1:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
