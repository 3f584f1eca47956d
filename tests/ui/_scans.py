"""Helpers of the UI-main tests: small synthetic scans and a main window bound to temp settings."""

from __future__ import annotations

import numpy as np
import tifffile


def write_scan(path, *, h=1400, w=1000, dtype=np.uint8, dpi=300, pages=1, grey=False):
    """A paper-like page with a dark rectangle (a 'loss') at a known place; returns the array."""
    top = 255 if dtype == np.uint8 else 65535
    shape = (h, w) if grey else (h, w, 3)
    img = np.empty(shape, dtype)
    img[...] = int(top * 0.85)
    img[200:400, 300:700] = int(top * 0.1)
    data = [img] + [np.full_like(img, int(top * 0.5 * (k + 1) / pages)) for k in range(1, pages)]
    with tifffile.TiffWriter(path) as tw:
        for page in data:
            kw = {"resolution": (dpi, dpi), "resolutionunit": "INCH"} if dpi else {}
            tw.write(page, photometric="minisblack" if grey else "rgb", **kw)
    return img


def make_window(qtbot, tmp_path, analyze=None):
    """A MainWindow with settings in ``tmp_path`` and errors collected in ``win.errors``."""
    from PySide6.QtCore import QSettings

    import ui.errors
    from ui.main_window import MainWindow

    errors = []
    ui.errors.dialog_hook = lambda parent, exc: errors.append(exc)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    win = MainWindow(analyze=analyze, settings=settings)
    win.errors = errors
    win.confirm_discard = lambda: True
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    return win


def wait_tiles(qtbot, view, timeout=5000):
    """Wait until the pyramid is built and no tile is missing from the visible area."""
    qtbot.waitUntil(lambda: view.item is not None, timeout=timeout)

    def settled():
        view.viewport().repaint()
        return not view.loader.busy() and view.item.missing == 0

    qtbot.waitUntil(settled, timeout=timeout)
