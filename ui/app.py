"""Application start-up: QApplication, the main window, the scan given on the command line."""

from __future__ import annotations

import sys


def run(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(
        [sys.argv[0], *[a for a in argv if a.startswith("-")]]
    )
    app.setApplicationName("Conservator")
    app.setOrganizationName("Conservator")
    win = MainWindow()
    win.show()
    files = [a for a in argv if not a.startswith("-")]
    if files:
        try:
            win.open_scan(files[0])
        except Exception as exc:  # shown, never a traceback
            QMessageBox.critical(win, "Conservator", str(exc))
    return app.exec()
