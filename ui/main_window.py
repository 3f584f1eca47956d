"""The main window: for now a plain viewer of the scan (the full app is built on it)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QMainWindow, QScrollArea

from conservator.imaging.icc import to_srgb
from conservator.imaging.load import load_scan


def array_to_qimage(rgb: np.ndarray) -> QImage:
    """Wrap an 8-bit RGB or grey array in a QImage (the array must outlive the image)."""
    if rgb.dtype == np.uint16:
        rgb = (rgb >> 8).astype(np.uint8)
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    fmt = QImage.Format_Grayscale8 if rgb.ndim == 2 else QImage.Format_RGB888
    img = QImage(rgb.data, w, h, rgb.strides[0], fmt)
    img._keep = rgb  # keep the buffer alive
    return img


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setWindowTitle(self.tr("Conservator"))
        self.resize(1200, 900)
        self.label = QLabel(self.tr("Open a scan to begin."))
        self.label.setAlignment(Qt.AlignCenter)
        area = QScrollArea()
        area.setWidget(self.label)
        area.setWidgetResizable(True)
        self.setCentralWidget(area)
        self.scan = None

    def open_scan(self, path: str) -> None:
        self.scan = load_scan(path)
        rgb, _notes = to_srgb(self.scan)
        img = array_to_qimage(rgb)
        pix = QPixmap.fromImage(img).scaled(1100, 850, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        self.label.setPixmap(pix)
        self.setWindowTitle(f"{path} — Conservator")
