"""Application start-up: QApplication, language, error hook, the main window, the scan given."""

from __future__ import annotations

import sys


def install_file_open(app, window):
    """Open files that macOS hands over from Finder (``QFileOpenEvent``) in ``window``."""
    from PySide6.QtCore import QEvent, QObject

    class FileOpenFilter(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802  (Qt API)
            if event.type() == QEvent.FileOpen and event.file():
                window.open_scan_async(event.file(), ask=False)
                return True
            return False

    flt = FileOpenFilter(app)
    app.installEventFilter(flt)
    return flt


def run(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    import ui._compat  # noqa: F401  (PySide6 6.12 reference-count work-around)

    app = QApplication.instance() or QApplication(
        [sys.argv[0], *[a for a in argv if a.startswith("-")]]
    )
    app.setApplicationName("Conservator")
    app.setOrganizationName("Conservator")
    app.setDesktopFileName("io.github.conservator.Conservator")  # matches packaging/linux/*.desktop
    from ui.errors import install_excepthook
    from ui.main_window import MainWindow

    install_excepthook()
    win = MainWindow()
    try:
        from ui.i18n import install_language

        install_language(app, win.prefs.language)
    except Exception:  # the interface stays in English
        pass
    try:
        from ui.icons import app_icon

        app.setWindowIcon(app_icon())
    except Exception:
        pass
    win.show()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, win.ensure_user_name)  # first use: who the records name
    install_file_open(app, win)
    files = [a for a in argv if not a.startswith("-")]
    if files:
        win.open_scan_async(files[0], ask=False)  # the window shows at once
    return app.exec()
