"""Report labels, numbers and dates in the report languages (en, ru, kk, fa).

Labels of the report itself ("page X of Y", field names, units ...) come from the catalogues
``resources/i18n/report.<lang>.json``; labels of controlled terms (damage types, grades ...) come
from the ``vocab`` part of the report data, with the catalogue's ``vocab`` section as a fallback.
Nothing shown to a reader is written in code.

Persian output uses Persian digits (۰–۹) and separators (٫ ٬) and the Solar Hijri (Jalali)
calendar next to the Gregorian date; the conversion is implemented here (jalaali algorithm,
Borkowski's leap-year breaks), so no calendar dependency is needed.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from functools import cache

from conservator.errors import ExportError
from conservator.resources import resources_dir

#: Languages a report can be printed in.
LANGUAGES = ("en", "ru", "kk", "fa")

#: Languages written right to left.
RTL_LANGUAGES = frozenset({"fa"})

_CODE = re.compile(r"[a-z0-9_]+")
_PERSIAN_DIGITS = str.maketrans("0123456789.,-", "۰۱۲۳۴۵۶۷۸۹٫٬−")


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
        """The label for ``key``, with ``{field}`` placeholders filled in."""
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
    """Replace ASCII digits by Persian digits when ``lang`` is ``fa``."""
    if lang != "fa":
        return text
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def format_number(value, lang: str, decimals: int = 1) -> str:
    """Format a number with the grouping and decimal marks of ``lang``.

    ``en``: ``12,345.6``; ``ru``/``kk``: ``12 345,6`` (no-break space); ``fa``: ``۱۲٬۳۴۵٫۶``.
    Integers are printed without decimals; ``None`` and NaN print as an en dash.
    """
    if value is None or isinstance(value, bool):
        return "–"
    try:
        num = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(num) or math.isinf(num):
        return "–"
    is_int = isinstance(value, int) or (float(num).is_integer() and decimals == 0)
    text = f"{int(round(num)):,}" if is_int else f"{num:,.{decimals}f}"
    if lang in ("ru", "kk"):
        text = text.replace(",", "\u00a0").replace(".", ",")
    elif lang == "fa":
        text = text.translate(_PERSIAN_DIGITS)
    if text.startswith("-") and lang != "fa":
        text = "−" + text[1:]
    return text


# --- dates ---------------------------------------------------------------------------------------

_JALALI_BREAKS = (
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
)  # fmt: skip


def _div(a: int, b: int) -> int:
    """Integer division truncating toward zero (as the reference algorithm expects)."""
    return int(a / b)


def _mod(a: int, b: int) -> int:
    return a - _div(a, b) * b


def _jal_cal(jy: int) -> tuple[int, int, int]:
    """(leap, gregorian year, March day of Farvardin 1) for Jalali year ``jy``."""
    breaks = _JALALI_BREAKS
    if jy < breaks[0] or jy >= breaks[-1]:
        raise ValueError(f"Jalali year {jy} is outside the supported range")
    gy = jy + 621
    leap_j = -14
    jp = breaks[0]
    jump = 0
    for jm in breaks[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += _div(jump, 33) * 8 + _div(_mod(jump, 33), 4)
        jp = jm
    n = jy - jp
    leap_j += _div(n, 33) * 8 + _div(_mod(n, 33) + 3, 4)
    if _mod(jump, 33) == 4 and jump - n == 4:
        leap_j += 1
    leap_g = _div(gy, 4) - _div((_div(gy, 100) + 1) * 3, 4) - 150
    march = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + _div(jump + 4, 33) * 33
    leap = _mod(_mod(n + 1, 33) - 1, 4)
    if leap == -1:
        leap = 4
    return leap, gy, march


def gregorian_to_jalali(day: _dt.date) -> tuple[int, int, int]:
    """Convert a Gregorian date to the Solar Hijri (Jalali) calendar.

    Parameters
    ----------
    day : datetime.date

    Returns
    -------
    (year, month, day) : tuple of int
        Month 1 is Farvardin; 1 Farvardin is Nowruz (the March equinox).
    """
    ordinal = day.toordinal()
    jy = day.year - 621
    leap, gy, march = _jal_cal(jy)
    k = ordinal - _dt.date(gy, 3, march).toordinal()
    if k >= 0:
        if k <= 185:
            return jy, 1 + k // 31, k % 31 + 1
        k -= 186
    else:
        jy -= 1
        k += 179
        if leap == 1:
            k += 1
    return jy, 7 + k // 30, k % 30 + 1


def jalali_to_gregorian(jy: int, jm: int, jd: int) -> _dt.date:
    """Convert a Solar Hijri (Jalali) date to a Gregorian :class:`datetime.date`."""
    _leap, gy, march = _jal_cal(jy)
    offset = (jm - 1) * 31 - (jm // 7) * (jm - 7) + jd - 1
    return _dt.date.fromordinal(_dt.date(gy, 3, march).toordinal() + offset)


def parse_date(value) -> _dt.date | _dt.datetime | None:
    """Read an ISO date or timestamp (``2026-03-21``, ``2026-03-21T10:00:00Z``); else ``None``."""
    if isinstance(value, _dt.datetime | _dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            return _dt.date.fromisoformat(text)
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def format_date(value, lang: str) -> str:
    """A date for a report in ``lang``.

    ISO ``YYYY-MM-DD`` for en/ru/kk (unambiguous in every lab); for ``fa`` the Jalali date with
    the Persian month name, then the Gregorian date, both in Persian digits:
    ``۲۹ آبان ۱۴۰۵ (۲۰۲۶/۱۱/۲۰)``. Timestamps keep their UTC time (``HH:MM UTC``). Text that is
    not a date is returned unchanged.
    """
    parsed = parse_date(value)
    if parsed is None:
        return "" if value is None else str(value)
    time_part = ""
    if isinstance(parsed, _dt.datetime):
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(_dt.timezone.utc)
            time_part = f" {parsed:%H:%M} UTC"
        else:
            time_part = f" {parsed:%H:%M}"
        day = parsed.date()
    else:
        day = parsed
    iso = day.isoformat()
    if lang != "fa":
        return iso + time_part
    try:
        jy, jm, jd = gregorian_to_jalali(day)
    except ValueError:
        return localise_digits(iso + time_part, lang)
    months = catalogue("fa").get("jalali_months") or []
    month = months[jm - 1] if len(months) == 12 else f"{jm:02d}"
    # Slashes, not hyphens: in right-to-left text a hyphenated date is reordered by the bidi
    # algorithm, a slashed one stays year/month/day.
    text = f"{jd} {month} {jy} ({iso.replace('-', '/')}){time_part}"
    return localise_digits(text, lang)
