"""Help › Keyboard Shortcuts: a sheet generated from the window's actions (so it never goes
stale), in the interface language, with the keys that are not actions (hold H, the wheel)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)


def shortcut_rows(window) -> list[tuple[str, str]]:
    """``(what it does, keys)`` for every action of ``window`` with a shortcut, menu order,
    then the keys that are not actions."""
    rows: list[tuple[str, str]] = []
    seen: set[int] = set()

    def visit(actions) -> None:
        for act in actions:
            if act.menu() is not None:
                visit(act.menu().actions())
                continue
            if id(act) in seen or act.isSeparator() or not act.shortcuts():
                continue
            seen.add(id(act))
            keys = ", ".join(
                dict.fromkeys(  # the same keys twice (Redo on some platforms) shown once
                    k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts()
                )
            )
            rows.append((act.text().replace("&&", "\0").replace("&", "").replace("\0", "&"), keys))

    visit(window.menuBar().actions())
    visit([a for a in window.findChildren(QAction) if a.parent() is window])
    rows += [
        (
            QCoreApplication.translate("MainWindow", "Hide every overlay while the key is held"),
            QCoreApplication.translate("MainWindow", "H (hold)"),
        ),
        (
            QCoreApplication.translate("MainWindow", "Show the loupe only while the key is held"),
            QCoreApplication.translate("MainWindow", "L (hold)"),
        ),
        (
            QCoreApplication.translate("MainWindow", "Zoom in or out at the pointer"),
            QCoreApplication.translate("MainWindow", "Mouse wheel"),
        ),
        (
            QCoreApplication.translate("MainWindow", "Pan the scan"),
            QCoreApplication.translate("MainWindow", "Drag, or the arrow keys"),
        ),
    ]
    return rows


class ShortcutSheet(QDialog):
    """The table of :func:`shortcut_rows`."""

    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.rows = shortcut_rows(window)
        self.table = QTableWidget(len(self.rows), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        for r, (what, keys) in enumerate(self.rows):
            self.table.setItem(r, 0, QTableWidgetItem(what))
            self.table.setItem(r, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        note = QLabel(
            self.tr("Single keys do nothing while you type in a field, a list or a number box."),
            self,
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(520, 560)
