"""Numbers, lists, units and dates in the conventions of each language, for the interface and
the printed reports alike (no Qt here: the UI calls these functions with its current language).

The conventions live in ``resources/i18n/locale.json``:

* decimal mark and digit grouping: ``12,345.6`` (en), ``12 345,6`` (ru, kk), ``۱۲٬۳۴۵٫۶`` (fa);
* a list separator that cannot be mistaken for a decimal mark: ``92,6; −0,1; 6,8`` in ru/kk
  (a comma there would make three values look like five), ``۹۲٫۶؛ −۰٫۱؛ ۶٫۸`` in fa;
* units in the language's script: мм, пикс./дюйм, میلی‌متر, پیکسل بر اینچ;
* Persian digits everywhere in ``fa`` and the Solar Hijri calendar (``۱۴۰۵/۰۹/۰۸``) in every
  date a Persian reader sees (Gregorian dates are stored; the conversion is implemented here,
  jalaali algorithm with Borkowski's leap-year breaks, so no calendar dependency is needed).
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from collections.abc import Iterable
from functools import cache

from conservator.resources import resources_dir

#: Languages with conventions in ``locale.json``.
LANGUAGES = ("en", "ru", "kk", "fa")


@cache
def _table() -> dict:
    with open(resources_dir() / "i18n" / "locale.json", encoding="utf-8") as fh:
        return json.load(fh)


def conventions(lang: str | None) -> dict:
    """The conventions of ``lang`` (English for an unknown language)."""
    table = _table()
    return table.get(lang or "en") or table["en"]


def localise_digits(text: str, lang: str | None) -> str:
    """ASCII digits of ``text`` in the digits of ``lang`` (Persian ۰–۹ for ``fa``)."""
    digits = conventions(lang)["digits"]
    if digits == "0123456789":
        return text
    return str(text).translate(str.maketrans("0123456789", digits))


def format_number(value, lang: str | None, decimals: int = 1, *, sign: bool = False) -> str:
    """``value`` with the decimal mark, grouping, minus sign and digits of ``lang``.

    Integers (and ``decimals=0``) print without decimals; ``None``, NaN and infinities print as
    an en dash; text that is not a number is returned unchanged. ``sign`` prints ``+`` for
    positive values (colour differences: ``a* +3,1``).
    """
    if value is None or isinstance(value, bool):
        return "–"
    try:
        num = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(num) or math.isinf(num):
        return "–"
    conv = conventions(lang)
    is_int = isinstance(value, int) or (num.is_integer() and decimals == 0)
    text = f"{abs(int(round(num))):,}" if is_int else f"{abs(num):,.{decimals}f}"
    text = text.replace(",", "\0").replace(".", conv["decimal"]).replace("\0", conv["group"])
    text = localise_digits(text, lang)
    negative = num < 0 and text.strip("0۰.,٫٬\u00a0") != ""
    if negative:
        text = conv["minus"] + text
    elif sign and num > 0:
        text = "+" + text
    return text


def list_separator(lang: str | None) -> str:
    """The separator between the values of a list (never the decimal mark of ``lang``)."""
    return conventions(lang)["list_sep"]


def format_list(values: Iterable, lang: str | None, decimals: int = 1, *, sign=False) -> str:
    """Numbers (or texts) joined with the list separator: ``92,6; −0,1; 6,8`` in Russian."""
    return list_separator(lang).join(
        format_number(v, lang, decimals, sign=sign) if isinstance(v, int | float) else str(v)
        for v in values
    )


def unit(name: str, lang: str | None) -> str:
    """The symbol of unit ``name`` (``mm``, ``mm2``, ``cm``, ``in``, ``px``, ``ppi``,
    ``px_per_mm``, ``pct``, ``deg``, ``per_100cm2``) in ``lang``; ``name`` itself if unknown."""
    return conventions(lang)["units"].get(name, name)


def format_quantity(
    value, unit_name: str, lang: str | None, decimals: int = 1, *, space: str = "\u00a0"
) -> str:
    """``12,5 мм``, ``۱۲٫۵ میلی‌متر``, ``12.5 mm``: a number and its unit in ``lang`` (a
    no-break space between them unless ``space`` says otherwise)."""
    return f"{format_number(value, lang, decimals)}{space}{unit(unit_name, lang)}"


def format_lab(lab, lang: str | None, *, space: str = "\u00a0") -> str:
    """CIELAB values labelled and separated unambiguously: ``L* 92,6; a* −0,1; b* +6,8``."""
    values = list(lab)
    parts = [f"L*{space}{format_number(values[0], lang, 1)}"]
    parts += [
        f"{name}{space}{format_number(v, lang, 1, sign=True)}"
        for name, v in zip(("a*", "b*"), values[1:3], strict=False)
    ]
    return list_separator(lang).join(parts)


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


def format_date(value, lang: str | None, *, long: bool = False) -> str:
    """A date (or ISO timestamp) as a reader of ``lang`` expects it.

    Short (the interface's forms, tables and badges): ISO ``2026-11-29`` in en/ru/kk (unambiguous
    in every lab), the Solar Hijri ``۱۴۰۵/۰۹/۰۸`` in ``fa`` (year first, slashes: a hyphenated
    date is reordered by the bidi algorithm). Long (the printed report): in ``fa`` the day, the
    Persian month name and the year, then the Gregorian date in brackets:
    ``۸ آذر ۱۴۰۵ (۲۰۲۶/۱۱/۲۹)``. Timestamps keep their time (UTC ones say so). Text that is not
    a date is returned unchanged.
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
    conv = conventions(lang)
    if conv.get("calendar") != "solar_hijri":
        return localise_digits(iso + time_part, lang)
    try:
        jy, jm, jd = gregorian_to_jalali(day)
    except ValueError:
        return localise_digits(iso + time_part, lang)
    if long:
        months = conv.get("jalali_months") or []
        month = months[jm - 1] if len(months) == 12 else f"{jm:02d}"
        text = f"{jd} {month} {jy} ({iso.replace('-', '/')}){time_part}"
    else:
        text = f"{jy:04d}/{jm:02d}/{jd:02d}{time_part}"
    return localise_digits(text, lang)


# --- detector parameters -------------------------------------------------------------------------

#: Units of detector parameters (``field(metadata={"unit": ...})``) that are printed as symbols.
_PARAM_UNITS = {
    "mm": "mm",
    "mm2": "mm2",
    "ppi": "ppi",
    "px": "px",
    "deg": "deg",
    "%": "pct",
    "1/100cm2": "per_100cm2",
    "sigma": "sigma",
}
_PARAM_SYMBOLS = {"dE00": "ΔE00", "dE76": "ΔE76", "b*": "Δb*", "L*": "ΔL*", "a*": "Δa*"}


@cache
def _detector_labels() -> dict:
    with open(resources_dir() / "i18n" / "detectors.json", encoding="utf-8") as fh:
        return json.load(fh)


def detector_param_label(detector: str, param: str, lang: str | None) -> str | None:
    """The label of a detector parameter in ``lang`` (``resources/i18n/detectors.json``),
    English if that language lacks it, ``None`` for a parameter the catalogue does not know."""
    entry = (_detector_labels().get(detector) or {}).get(param)
    if not isinstance(entry, dict):
        return None
    return entry.get(lang or "en") or entry.get("en")


def param_unit(unit_name: str, lang: str | None) -> str:
    """The unit symbol shown after a detector parameter's value (``""`` for ratios, scores and
    counts): ``мм`` in Russian, ``میلی‌متر`` in Persian, ``ΔE00`` everywhere."""
    if unit_name in _PARAM_UNITS:
        return unit(_PARAM_UNITS[unit_name], lang)
    return _PARAM_SYMBOLS.get(unit_name, "")
