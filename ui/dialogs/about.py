"""The About box: version, licence, and the licences of the bundled fonts and libraries."""

from __future__ import annotations

import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from conservator import __version__
from conservator.resources import resources_dir
from ui.icons import app_icon

APP_LICENCE = "GPL-3.0-or-later"

# (distribution, SPDX licence) of the libraries shipped with the application; versions are read
# from the installed metadata. Licence fields in wheel metadata are inconsistent, so they are
# stated here (checked against each project's licence file).
LIBRARIES = (
    ("PySide6-Essentials", "LGPL-3.0-only"),
    ("numpy", "BSD-3-Clause"),
    ("opencv-python-headless", "Apache-2.0"),
    ("scikit-image", "BSD-3-Clause"),
    ("scipy", "BSD-3-Clause"),
    ("tifffile", "BSD-3-Clause"),
    ("imagecodecs", "BSD-3-Clause"),
    ("Pillow", "MIT-CMU"),
    ("sqlite-utils", "Apache-2.0"),
    ("reportlab", "BSD-3-Clause"),
    ("pikepdf", "MPL-2.0"),
    ("arabic-reshaper", "MIT"),
    ("python-bidi", "LGPL-3.0-only"),
    ("platformdirs", "MIT"),
)

# (family, files, licence, licence file in resources/fonts)
FONTS = (
    ("Noto Sans", "NotoSans-Regular.ttf, NotoSans-Bold.ttf", "OFL-1.1", "OFL-NotoSans.txt"),
    ("Vazirmatn", "Vazirmatn-Regular.ttf, Vazirmatn-Bold.ttf", "OFL-1.1", "OFL-Vazirmatn.txt"),
)


def library_versions() -> list[tuple[str, str, str]]:
    """``(name, installed version or "", licence)`` for every bundled library."""
    rows = []
    for name, licence in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = ""
        rows.append((name, version, licence))
    return rows


class AboutDialog(QDialog):
    """Version, licence and third-party licences (fonts and libraries), with the font licence texts."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("AboutDialog")
        self.setWindowIcon(app_icon())

        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(96, 96))
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.RichText)
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.title.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(logo, 0, Qt.AlignTop)
        head.addWidget(self.title, 1)

        self.tabs = QTabWidget(self)
        self.libraries = QTableWidget(0, 3, self)
        self.libraries.verticalHeader().hide()
        self.libraries.setEditTriggers(QTableWidget.NoEditTriggers)
        for name, version, licence in library_versions():
            row = self.libraries.rowCount()
            self.libraries.insertRow(row)
            for col, text in enumerate((name, version or "–", licence)):
                self.libraries.setItem(row, col, QTableWidgetItem(text))
        self.libraries.resizeColumnsToContents()
        self.libraries.horizontalHeader().setStretchLastSection(True)

        fonts_page = QWidget(self)
        fonts_layout = QVBoxLayout(fonts_page)
        self.fonts = QTableWidget(0, 3, fonts_page)
        self.fonts.verticalHeader().hide()
        self.fonts.setEditTriggers(QTableWidget.NoEditTriggers)
        for family, files, licence, _ in FONTS:
            row = self.fonts.rowCount()
            self.fonts.insertRow(row)
            for col, text in enumerate((family, files, licence)):
                self.fonts.setItem(row, col, QTableWidgetItem(text))
        self.fonts.resizeColumnsToContents()
        self.fonts.horizontalHeader().setStretchLastSection(True)
        self.licence_text = QPlainTextEdit(fonts_page)
        self.licence_text.setReadOnly(True)
        self.fonts.currentCellChanged.connect(lambda row, *_: self._show_font_licence(row))
        fonts_layout.addWidget(self.fonts, 1)
        fonts_layout.addWidget(self.licence_text, 2)
        self.fonts.setCurrentCell(0, 0)

        self.tabs.addTab(self.libraries, "")
        self.tabs.addTab(fonts_page, "")
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        self.copy_button = buttons.addButton("", QDialogButtonBox.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)
        self.retranslate()

    def _show_font_licence(self, row: int) -> None:
        if 0 <= row < len(FONTS):
            path = resources_dir() / "fonts" / FONTS[row][3]
            try:
                self.licence_text.setPlainText(path.read_text(encoding="utf-8"))
            except OSError:
                self.licence_text.setPlainText(
                    self.tr("Licence file missing: {0}").format(path.name)
                )

    def details(self) -> str:
        """Version and library versions as plain text, for a bug report."""
        lines = [self.version_text(), platform.platform()]
        lines += [f"{n} {v or '-'} ({lic})" for n, v, lic in library_versions()]
        return "\n".join(lines)

    def copy_details(self) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(self.details())

    def version_text(self) -> str:
        """The version line shown (and copied into bug reports)."""
        return (
            f"Conservator {__version__} · Python {platform.python_version()} · "
            f"Qt {qVersion()} · PySide6 {pyside_version}"
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("About Conservator"))
        self.title.setText(
            "<h2>Conservator</h2>"
            f"<p>{self.version_text()}</p>"
            "<p>"
            + self.tr(
                "Condition documentation for archive and library conservation: faithful scans, "
                "measured damage, versioned records and signed PDF reports."
            )
            + "</p><p>"
            + self.tr("Free software under the {0} licence. It comes with no warranty.").format(
                APP_LICENCE
            )
            + "</p>"
        )
        self.copy_button.setText(self.tr("Copy version details"))
        self.tabs.setTabText(0, self.tr("Libraries"))
        self.tabs.setTabText(1, self.tr("Fonts"))
        self.libraries.setHorizontalHeaderLabels(
            [self.tr("Library"), self.tr("Version"), self.tr("Licence")]
        )
        self.fonts.setHorizontalHeaderLabels(
            [self.tr("Font"), self.tr("Files"), self.tr("Licence")]
        )

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
