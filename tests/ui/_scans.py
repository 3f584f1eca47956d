"""Helpers of the UI-main tests: small synthetic scans and a main window bound to temp settings."""

from __future__ import annotations

import numpy as np
import pytest
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


#: Windows made by :func:`make_window` in the running test (checked by ``no_leaked_threads``).
WINDOWS: list = []


@pytest.fixture(autouse=False)
def no_leaked_threads():
    """Fail a test that leaves a worker thread running once its windows are shut down."""
    WINDOWS.clear()
    yield
    pools = []
    for win in WINDOWS:
        win.shutdown()
        pools += [win.runner.pool, win.view.loader.pool, win.view._builder.pool, win._open_pool]
    WINDOWS.clear()
    busy = [p for p in pools if p.activeThreadCount()]
    assert not busy, f"{len(busy)} thread pool(s) still running after the test"


def make_window(qtbot, tmp_path, analyze=None):
    """A MainWindow with settings in ``tmp_path`` and errors collected in ``win.errors``."""
    from PySide6.QtCore import QSettings

    import ui.errors
    from ui.main_window import MainWindow

    errors = []
    ui.errors.dialog_hook = lambda parent, exc: errors.append(exc)
    from ui.prefs import Preferences

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)
    prefs = Preferences(settings)
    prefs.database = str(tmp_path / "records.db")  # never the user's own records
    prefs.user_name = "T. Examiner"  # else the first-use name prompt would block the test
    win = MainWindow(prefs=prefs, analyze=analyze)
    win.errors = errors
    WINDOWS.append(win)
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


class FakeResult:
    """What ``analyze_scan`` returns, for a scan made by :func:`write_scan` (one loss, two foxing)."""

    def __init__(self, h, w, px_per_mm=300 / 25.4):
        import numpy as np

        self.masks = {n: np.zeros((h, w), bool) for n in ("foxing", "loss", "tear", "fading")}
        self.masks["loss"][200:400, 300:700] = True
        self.masks["foxing"][800:820, 100:120] = True
        self.masks["foxing"][900:910, 600:610] = True
        mm2 = 1 / px_per_mm**2
        self._dict = {
            "scan": {"width": w, "height": h},
            "leaf": {"area_px": h * w, "area_mm2": h * w * mm2, "bbox": [0, 0, w, h]},
            "units": "mm",
            "warnings": [],
            "detectors": {
                "loss": {
                    "measurements": {"count": 1, "area_px": 80000, "area_mm2": 80000 * mm2},
                    "instances": [
                        {
                            "id": 1,
                            "bbox": [300, 200, 400, 200],
                            "area_px": 80000,
                            "area_mm2": 80000 * mm2,
                        }
                    ],
                },
                "foxing": {
                    "measurements": {"count": 2, "area_px": 500, "area_mm2": 500 * mm2},
                    "instances": [
                        {
                            "id": 1,
                            "bbox": [100, 800, 20, 20],
                            "area_px": 400,
                            "area_mm2": 400 * mm2,
                            "diameter_mm": 1.9,
                        },
                        {
                            "id": 2,
                            "bbox": [600, 900, 10, 10],
                            "area_px": 100,
                            "area_mm2": 100 * mm2,
                            "diameter_mm": 0.9,
                        },
                    ],
                },
                "tear": {"measurements": {"count": 0}, "instances": []},
                "fading": {"measurements": {"count": 0}, "instances": []},
            },
        }

    def to_dict(self):
        return self._dict


def fake_analyze(gate=None, calls=None):
    """An ``analyze_scan`` stand-in; with ``gate`` (threading.Event) it runs until gate or cancel."""
    import threading

    from conservator.errors import AnalysisCancelled

    def analyze(scan, *, detectors=None, params=None, progress=None, cancelled=None):
        if calls is not None:
            calls.append(
                {"detectors": detectors, "params": params, "thread": threading.current_thread()}
            )
        step = 0
        while gate is not None and not gate.is_set():
            if cancelled():
                raise AnalysisCancelled("analysis cancelled")
            progress(min(0.9, step / 100), "working")
            step += 1
            gate.wait(0.005)
        progress(1.0, "done")
        return FakeResult(scan.height, scan.width, scan.px_per_mm or 1.0)

    return analyze
