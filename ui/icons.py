"""Finding bundled resources (icons, translations, fonts) and making theme-coloured icons.

Resources are found with :func:`conservator.resources.resources_dir` (re-exported here).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from conservator.resources import resources_dir

# Pixel sizes rendered into every icon so that Qt can pick a sharp one at any device pixel ratio.
ICON_SIZES = (16, 20, 24, 32, 40, 48, 64, 96)
# Pixel sizes of the application icon PNGs kept for packaging.
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_path(name: str) -> Path:
    """The SVG file of the icon ``name`` (e.g. ``"open"``, ``"zoom-in"``)."""
    return resources_dir() / "icons" / f"{name}.svg"


def render_svg(svg: bytes, size: int, color: QColor | None = None) -> QImage:
    """Render SVG bytes to a square transparent ``QImage``; ``currentColor`` becomes ``color``."""
    if color is not None:
        svg = svg.replace(b"currentColor", color.name().encode("ascii"))
    renderer = QSvgRenderer(QByteArray(svg))
    image = QImage(size, size, QImage.Format_ARGB32_Premultiplied)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


@lru_cache(maxsize=256)
def _icon(name: str, normal: str, disabled: str) -> QIcon:
    path = icon_path(name)
    if not path.exists():
        return QIcon()
    svg = path.read_bytes()
    result = QIcon()
    for size in ICON_SIZES:
        result.addPixmap(QPixmap.fromImage(render_svg(svg, size, QColor(normal))), QIcon.Normal)
        result.addPixmap(QPixmap.fromImage(render_svg(svg, size, QColor(disabled))), QIcon.Disabled)
    return result


def icon(name: str) -> QIcon:
    """A monochrome action icon drawn in the current palette's text colour (empty if unknown)."""
    app = QGuiApplication.instance()
    palette = app.palette() if app is not None else QPalette()
    normal = palette.color(QPalette.Active, QPalette.WindowText).name()
    disabled = palette.color(QPalette.Disabled, QPalette.WindowText).name()
    return _icon(name, normal, disabled)


def app_icon() -> QIcon:
    """The coloured application icon (window and task bar)."""
    path = icon_path("conservator")
    result = QIcon()
    svg = path.read_bytes() if path.exists() else b""
    for size in APP_ICON_SIZES:
        png = resources_dir() / "icons" / "app" / f"conservator-{size}.png"
        if png.exists():
            result.addFile(str(png), QSize(size, size))
        elif svg:
            result.addPixmap(QPixmap.fromImage(render_svg(svg, size)))
    return result


def write_app_icon_pngs(out_dir: str | os.PathLike[str]) -> list[Path]:
    """Render the application icon to ``conservator-<size>.png`` files for packaging."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    svg = icon_path("conservator").read_bytes()
    written = []
    for size in APP_ICON_SIZES:
        target = out / f"conservator-{size}.png"
        tmp = target.with_name(f".{target.name}.part")
        if not render_svg(svg, size).save(str(tmp), "PNG"):
            raise OSError(f"could not write {target}")
        os.replace(tmp, target)
        written.append(target)
    return written


if __name__ == "__main__":  # python -m ui.icons OUTDIR  (regenerates the packaging PNGs)
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    for p in write_app_icon_pngs(sys.argv[1] if len(sys.argv) > 1 else "resources/icons/app"):
        print(p)
