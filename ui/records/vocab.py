"""Controlled vocabularies for combo boxes, labelled in the interface language."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtWidgets import QComboBox

from ui.i18n import current_language


@lru_cache(maxsize=1)
def _schemes() -> dict[str, list[dict]]:
    from conservator.storage.vocab import load_files

    files, _digest = load_files()
    return {data["scheme"]: list(data["terms"]) for data in files}


def terms(scheme: str) -> list[dict]:
    """The terms of ``scheme`` in their file order (grade and priority are ordinal)."""
    found = _schemes().get(scheme, [])
    if any("ordinal" in t for t in found):
        return sorted(found, key=lambda t: t.get("ordinal") or 0)
    return found


def label(scheme: str, code, lang: str | None = None) -> str:
    """The label of ``code`` in ``lang`` (the interface language by default), else English."""
    if code is None or code == "":
        return ""
    lang = lang or current_language()
    for term in terms(scheme):
        if term["code"] == code:
            labels = term.get("labels", {})
            return labels.get(lang) or labels.get("en") or str(code)
    return str(code)


def ordinal_code(scheme: str, ordinal) -> str | None:
    """The code of the term with this ordinal (e.g. grade 2 → ``"fair"``)."""
    for term in terms(scheme):
        if ordinal is not None and term.get("ordinal") == ordinal:
            return term["code"]
    return None


def fill_combo(
    combo: QComboBox, scheme: str, *, blank: bool = True, lang: str | None = None
) -> None:
    """(Re)fill ``combo`` with the scheme's labels, item data = code; keeps the selection."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if blank:
        combo.addItem("—", None)
    for term in terms(scheme):
        combo.addItem(label(scheme, term["code"], lang), term["code"])
        definition = (term.get("definition") or {}).get(lang or current_language()) or (
            term.get("definition") or {}
        ).get("en")
        if definition:
            combo.setItemData(combo.count() - 1, definition, role=3)  # Qt.ToolTipRole
    if current is not None and combo.findData(current) < 0:
        combo.addItem(str(current), current)  # an old or custom code stays visible
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def set_combo_code(combo: QComboBox, code) -> None:
    """Select ``code`` in a combo filled by :func:`fill_combo` (adding it if unknown)."""
    if code in (None, ""):
        combo.setCurrentIndex(0 if combo.itemData(0) is None else -1)
        return
    idx = combo.findData(code)
    if idx < 0:
        combo.addItem(str(code), code)
        idx = combo.count() - 1
    combo.setCurrentIndex(idx)
