"""Help › User Guide: a short guide to one condition check, from opening the scan to the signed
PDF, in the interface language (``resources/guide/<lang>.html``; English when a language has no
guide). Persian reads right to left."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from conservator.resources import resource_path
from ui.i18n import current_language, is_rtl, normalize_language


def guide_path(lang: str):
    """The guide's HTML file for ``lang`` (English when there is none)."""
    path = resource_path("guide", f"{normalize_language(lang)}.html")
    return path if path.is_file() else resource_path("guide", "en.html")


class GuideDialog(QDialog):
    """The user guide in a browser (links open in the system browser); not modal."""

    def __init__(self, parent=None, lang: str | None = None):
        super().__init__(parent)
        self.setObjectName("GuideDialog")
        self.lang = normalize_language(lang or current_language())
        self.setWindowTitle(self.tr("User Guide"))
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(True)
        rtl = is_rtl(self.lang)
        direction = Qt.RightToLeft if rtl else Qt.LeftToRight
        self.setLayoutDirection(direction)
        self.browser.setLayoutDirection(direction)
        option = self.browser.document().defaultTextOption()
        option.setTextDirection(direction)
        option.setAlignment(Qt.AlignLeft)  # the leading side: mirrored to the right in RTL
        option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.browser.document().setDefaultTextOption(option)
        self.browser.setHtml(guide_path(self.lang).read_text(encoding="utf-8"))
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(640, 720)

    def fit_to(self, window) -> None:
        """No taller or wider than the window it belongs to (1280×720 screens)."""
        if window is not None:
            self.resize(
                min(self.width(), window.width() - 40), min(self.height(), window.height() - 40)
            )
