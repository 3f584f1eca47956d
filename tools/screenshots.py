"""Render the review and annotation states of the main window to PNG files (offscreen).

    python tools/screenshots.py [OUTDIR]        (default: docs/screenshots)

``python -m ui.screenshots`` renders the viewer with overlays, the report editor, the records
browser, the Persian layout and the dialogs; this script adds the two states of the review work
it does not show. A demo page is generated, analysed with the real detectors, reviewed and
annotated, and the window grabbed:

- ``review-zoom.png``: a finding selected in the table and zoomed to, rows accepted/rejected
- ``annotation.png``: a stain drawn with the polygon tool and a crease with the brush
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPointF, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def settle(app, win, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while True:
        app.processEvents()
        view = win.view
        if view.item is not None:
            view.viewport().repaint()
            if not view.loader.busy() and view.item.missing == 0 and time.monotonic() > end:
                return
        view.loader.wait(10)


def shot(app, win, out: Path, name: str) -> None:
    settle(app, win)
    path = out / name
    save_png(win.grab().toImage(), path)
    print(path)


def save_png(image, path: Path) -> None:
    """Save a grab as PNG under a temporary name, then rename it into place."""
    tmp = path.with_name(f".{path.name}.part")
    if not image.save(str(tmp), "PNG"):
        raise OSError(f"cannot write {path}")
    os.replace(tmp, path)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Conservator")

    import ui.errors
    from conservator.demo import write_demo_set
    from ui.i18n import register_fonts
    from ui.main_window import MainWindow
    from ui.prefs import Preferences

    register_fonts()
    errors: list = []
    ui.errors.dialog_hook = lambda parent, exc: errors.append(exc)
    tmp = Path(tempfile.mkdtemp(prefix="conservator-shots-"))
    write_demo_set(tmp, 1, 1, 150, "a4")
    page = tmp / "page-001.tif"
    prefs = Preferences(QSettings(str(tmp / "settings.ini"), QSettings.IniFormat))
    prefs.database = str(tmp / "records.db")
    prefs.user_name = "A. Nurlanovna"
    win = MainWindow(prefs=prefs)
    win.confirm_discard = lambda: True
    win.ask_item = lambda _w: ("KZ-ARCH-7/2/118", "Register of letters received, 1894")
    win.resize(1400, 880)
    win.show()
    win.open_scan(page)
    settle(app, win)
    win.analyse(ask=False)
    while win.runner.is_running():
        app.processEvents()
        time.sleep(0.02)
    m = win.findings

    # review: accept the losses and the large foxing spots, reject the smallest spots
    losses = [f for f in m.items if f.cls == "loss"]
    fox = sorted((f for f in m.items if f.cls == "foxing"), key=lambda f: f.area_px)
    m.set_status([f.uid for f in losses], "accepted")
    m.set_status([f.uid for f in fox[: max(1, len(fox) // 4)]], "rejected")
    m.set_status([f.uid for f in fox[-3:]], "accepted")
    target = max(losses, key=lambda f: f.area_px) if losses else fox[-1]
    win.panel.select_uid(target.uid)
    shot(app, win, out, "review-zoom.png")

    # annotation: a stain (polygon) and a crease (brush) drawn by hand
    win.view.fit()
    w, h = win.scan.width, win.scan.height
    win.class_combo.setCurrentIndex(win.class_combo.findData("stain"))
    win.set_tool("polygon")
    tool = win.view.tool
    for fx, fy in [(0.62, 0.30), (0.75, 0.28), (0.80, 0.38), (0.70, 0.44), (0.60, 0.40)]:
        tool.press(QPointF(fx * w, fy * h), None)
    tool.finish()
    win.class_combo.setCurrentIndex(win.class_combo.findData("crease"))
    win.set_tool("brush")
    tool = win.view.tool
    tool.press(QPointF(0.15 * w, 0.55 * h), None)
    for i in range(1, 30):
        tool.move(QPointF((0.15 + i * 0.02) * w, (0.55 + i * 0.004) * h), None)
    tool.release(QPointF(0.75 * w, 0.67 * h), None)
    win.set_tool(None)
    shot(app, win, out, "annotation.png")

    win.shutdown()
    if errors:
        for exc in errors:
            print("error:", exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
