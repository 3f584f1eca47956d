"""Report labels, numbers and dates in the report languages (en, ru, kk, fa).

Labels of the report itself ("page X of Y", field names, units ...) come from the catalogues
``resources/i18n/report.<lang>.json``; labels of controlled terms (damage types, grades ...) come
from the ``vocab`` part of the report data, with the catalogue's ``vocab`` section as a fallback.
Nothing shown to a reader is written in code.

Persian output uses Persian digits (۰–۹) and separators (٫ ٬) and the Solar Hijri (Jalali)
calendar next to the Gregorian date (conversion and conventions: :mod:`conservator.l10n`).
"""

from __future__ import annotations

import json
import re
from functools import cache

from conservator import l10n as _l10n
from conservator.errors import ExportError
from conservator.l10n import (  # noqa: F401 (re-exported: the report API since v1)
    gregorian_to_jalali,
    jalali_to_gregorian,
    parse_date,
)
from conservator.resources import resources_dir

#: Languages a report can be printed in.
LANGUAGES = ("en", "ru", "kk", "fa")

#: Languages written right to left.
RTL_LANGUAGES = frozenset({"fa"})

_CODE = re.compile(r"[a-z0-9_]+")


def check_language(lang: str | None, *, what: str = "report language") -> str:
    """Return ``lang`` if it is a report language, else raise :class:`ExportError`."""
    if lang not in LANGUAGES:
        raise ExportError(f"unknown {what} '{lang}': choose one of {', '.join(LANGUAGES)}")
    return lang


@cache
def catalogue(lang: str) -> dict:
    """The label catalogue of one language (``resources/i18n/report.<lang>.json``)."""
    check_language(lang)
    path = resources_dir() / "i18n" / f"report.{lang}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise ExportError(
            "the report label catalogue is missing (broken installation)", path
        ) from None
    except (OSError, ValueError) as exc:
        raise ExportError(f"the report label catalogue cannot be read: {exc}", path) from None


#: Report label keys answered by :mod:`conservator.l10n` rather than the report catalogue.
_FROM_CONVENTIONS = {
    "list_sep": _l10n.list_separator,
    "unit_mm": lambda lang: _l10n.unit("mm", lang),
    "unit_mm2": lambda lang: _l10n.unit("mm2", lang),
    "unit_pct": lambda lang: _l10n.unit("pct", lang),
    "px_unit": lambda lang: _l10n.unit("px", lang),
    "px_per_mm_unit": lambda lang: _l10n.unit("px_per_mm", lang),
    "ppi_unit": lambda lang: _l10n.unit("ppi", lang),
}


class Labels:
    """Look up report labels in one language, falling back to English, then to the key.

    Parameters
    ----------
    lang : str
        One of :data:`LANGUAGES`.
    vocab : dict, optional
        ``data["vocab"]`` of the report: ``{scheme: {code: {lang: label, ...}}}``.
    """

    def __init__(self, lang: str, vocab: dict | None = None):
        self.lang = check_language(lang)
        self.cat = catalogue(lang)
        self.fallback = catalogue("en")
        self.vocab = vocab or {}

    @property
    def rtl(self) -> bool:
        """True when the language is written right to left."""
        return self.lang in RTL_LANGUAGES

    def __call__(self, key: str, **fields) -> str:
        """The label for ``key``, with ``{field}`` placeholders filled in.

        Units and the list separator come from the shared conventions
        (:mod:`conservator.l10n`, ``resources/i18n/locale.json``), the same as the interface's.
        """
        if key in _FROM_CONVENTIONS:
            return _FROM_CONVENTIONS[key](self.lang)
        text = self.cat.get(key)
        if not isinstance(text, str):
            text = self.fallback.get(key)
        if not isinstance(text, str):
            text = key
        if fields:
            text = text.format(**{k: v for k, v in fields.items()})
        return text

    def term(self, scheme: str, code) -> str:
        """Label of a controlled term: report vocab, then catalogue vocab, then the code itself."""
        if code is None or code == "":
            return ""
        code = str(code)
        entry = (self.vocab.get(scheme) or {}).get(code)
        if isinstance(entry, dict):
            for lang in (self.lang, "en"):
                label = entry.get(lang)
                if isinstance(label, str) and label.strip():
                    return label
                if isinstance(label, dict) and label.get("label"):
                    return str(label["label"])
        for cat in (self.cat, self.fallback):
            label = (cat.get("vocab", {}).get(scheme) or {}).get(code)
            if isinstance(label, str):
                return label
        return code.replace("_", " ") if _CODE.fullmatch(code) else code

    def number(self, value, decimals: int = 1) -> str:
        """Format a number for this language (see :func:`format_number`)."""
        return format_number(value, self.lang, decimals)

    def digits(self, text) -> str:
        """Localise the digits of ``text`` (Persian digits for ``fa``); other text unchanged."""
        return localise_digits(str(text), self.lang)

    def date(self, value) -> str:
        """Format a date or ISO timestamp for this language (see :func:`format_date`)."""
        return format_date(value, self.lang)


def localise_digits(text: str, lang: str) -> str:
    """Replace ASCII digits by the digits of ``lang`` (Persian digits for ``fa``)."""
    return _l10n.localise_digits(text, lang)


def format_number(value, lang: str, decimals: int = 1) -> str:
    """Format a number with the grouping and decimal marks of ``lang``
    (:func:`conservator.l10n.format_number`).

    ``en``: ``12,345.6``; ``ru``/``kk``: ``12 345,6`` (no-break space); ``fa``: ``۱۲٬۳۴۵٫۶``.
    Integers are printed without decimals; ``None`` and NaN print as an en dash.
    """
    return _l10n.format_number(value, lang, decimals)


def format_date(value, lang: str) -> str:
    """A date for a report in ``lang`` (:func:`conservator.l10n.format_date`, long form)."""
    return _l10n.format_date(value, lang, long=True)
