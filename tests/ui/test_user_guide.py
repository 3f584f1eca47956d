"""Help › User Guide opens in the interface language, with real content; Persian reads RTL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui._scans import make_window, no_leaked_threads  # noqa: F401  (pytestmark)
from ui import i18n

pytestmark = pytest.mark.usefixtures("no_leaked_threads")

#: A heading and the steps every guide must explain (menu names as the interface shows them).
EXPECTED = {
    "en": ("User Guide", ["Open a scan", "Analyse", "Sign", "Export the PDF", "File › Export…"]),
    "ru": ("Руководство пользователя", ["Откройте скан", "Анализ", "Утвердите", "Экспорт PDF"]),
    "kk": ("Пайдаланушы нұсқаулығы", ["Сканды ашу", "Талдау", "Бекіту", "PDF экспорттау"]),
    "fa": ("راهنمای کاربر", ["باز کردن اسکن", "تحلیل", "نهایی", "خروجی PDF"]),
}


@pytest.fixture
def lang_cache(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("CONSERVATOR_CACHE_DIR", str(tmp_path / "cache"))
    yield
    i18n.install_language(qapp, "en")


@pytest.mark.parametrize("lang", ["en", "ru", "kk", "fa"])
def test_guide_opens_from_help_in_each_language(qapp, qtbot, tmp_path, lang_cache, lang):
    assert i18n.install_language(qapp, lang)
    win = make_window(qtbot, tmp_path)
    assert win.act_guide in win.menu_help.actions()
    win.act_guide.trigger()
    dlg = win.guide_dialog
    qtbot.waitUntil(dlg.isVisible)
    title, words = EXPECTED[lang]
    assert dlg.windowTitle() == title
    text = dlg.browser.toPlainText()
    for w in words:
        assert w in text, (lang, w)
    for key in ("A", "X", "N", "Ctrl+E"):  # the review keys and the export shortcut
        assert key in text
    assert len(text) > 2500  # a guide, not a placeholder
    # it fits the window (1280×720 screens)
    assert dlg.width() <= win.width() and dlg.height() <= win.height()
    rtl = lang == "fa"
    want = Qt.RightToLeft if rtl else Qt.LeftToRight
    assert dlg.layoutDirection() == want and dlg.browser.layoutDirection() == want
    block = dlg.browser.document().firstBlock()
    n_rtl = 0
    while block.isValid():
        if block.text().strip():
            n_rtl += block.textDirection() == Qt.RightToLeft
        block = block.next()
    if rtl:
        assert n_rtl > 20  # every paragraph of the Persian guide reads right to left
    else:
        assert n_rtl == 0
    win.shutdown()
