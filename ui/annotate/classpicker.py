"""The damage class of a drawn region: every term of the damage vocabulary, grouped, searchable,
in the interface language (``resources/vocab/damage.json``; groups from
:data:`conservator.storage.vocab.DAMAGE_GROUPS`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter

from conservator.detect import registry
from conservator.storage.vocab import damage_groups
from ui.records.vocab import label, terms

#: The role holding a term's code (group headers have none).
CODE_ROLE = Qt.ItemDataRole.UserRole


def group_label(group: str) -> str:
    labels = {
        "physical": QCoreApplication.translate("DamageClassCombo", "Physical damage"),
        "chemical": QCoreApplication.translate("DamageClassCombo", "Chemical damage and stains"),
        "biological": QCoreApplication.translate("DamageClassCombo", "Biological damage"),
        "surface": QCoreApplication.translate("DamageClassCombo", "Surface and past interventions"),
        "other": QCoreApplication.translate("DamageClassCombo", "Other"),
    }
    return labels.get(group, group)


def class_colour(code: str) -> QColor:
    return QColor(*registry.colour_of(code))


class DamageClassCombo(QComboBox):
    """A combo of every damage term under group headers; type to search (any part of the name,
    in the interface language, in English or by code). ``currentData()`` is the code."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.lineEdit().editingFinished.connect(self._revert_text)
        self.fill()

    def codes(self) -> list[str]:
        return [t["code"] for t in terms("damage")]

    def fill(self) -> None:
        """(Re)fill in the interface language, keeping the selected code."""
        from ui.analysis.panel import swatch

        current = self.currentData()
        self.blockSignals(True)
        model = QStandardItemModel(self)
        search = QStandardItemModel(self)  # what the completer searches: terms, no headers
        bold = QFont(self.font())
        bold.setBold(True)
        for group, codes in damage_groups(self.codes()):
            header = QStandardItem(group_label(group))
            header.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a choice
            header.setFont(bold)
            model.appendRow(header)
            for code in codes:
                text = label("damage", code)
                item = QStandardItem(swatch(class_colour(code)), "   " + text)
                item.setData(code, CODE_ROLE)
                item.setData(text, Qt.ItemDataRole.ToolTipRole)
                model.appendRow(item)
                english = label("damage", code, "en")
                hit = QStandardItem(text if english == text else f"{text} — {english}")
                hit.setData(code, CODE_ROLE)
                search.appendRow(hit)
        self.setModel(model)
        completer = QCompleter(search, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.activated.connect(self._completed)
        self.setCompleter(completer)
        self.search_model = search
        self.blockSignals(False)
        self.set_code(current or "foxing")

    def _completed(self, text: str) -> None:
        for row in range(self.search_model.rowCount()):
            item = self.search_model.item(row)
            if item.text() == text:
                self.set_code(item.data(CODE_ROLE))
                return

    def search(self, text: str) -> list[str]:
        """The codes whose label (interface language or English) or code contains ``text``."""
        text = text.casefold().strip()
        out = []
        for row in range(self.search_model.rowCount()):
            item = self.search_model.item(row)
            code = item.data(CODE_ROLE)
            if text in item.text().casefold() or text in code.replace("_", " "):
                out.append(code)
        return out

    def set_code(self, code: str) -> None:
        idx = self.findData(code, CODE_ROLE)
        if idx >= 0:
            self.setCurrentIndex(idx)
        self._revert_text()

    def currentData(self, role=CODE_ROLE):  # noqa: N802 (Qt API)
        return super().currentData(role)

    def _revert_text(self) -> None:
        """Whatever was typed, the field shows the chosen term (a search never leaves text)."""
        idx = self.currentIndex()
        if idx >= 0:
            self.lineEdit().setText(self.itemText(idx).strip())
