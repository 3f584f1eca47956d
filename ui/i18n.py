"""Interface languages: English (source), Russian, Kazakh and Persian through Qt translation files.

The ``.ts`` sources live in ``resources/translations/conservator_<lang>.ts``. The compiled ``.qm`` is
taken from beside the ``.ts`` (a packaged build puts it there) when it is up to date; otherwise it
is compiled with ``pyside6-lrelease`` into a git-ignored cache folder (``CONSERVATOR_CACHE_DIR`` or
the user cache directory) the first time the language is used. Persian turns the whole layout
right-to-left.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFontDatabase

from conservator.resources import resources_dir

log = logging.getLogger(__name__)

# Supported interface languages, each named in its own language (never translated).
LANGUAGES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "kk": "Қазақ тілі",
    "fa": "فارسی",
}
RTL_LANGUAGES = frozenset({"fa"})
DEFAULT_LANGUAGE = "en"

_state: dict = {"lang": DEFAULT_LANGUAGE, "translators": [], "fonts": False}


def translations_dir() -> Path:
    """The folder holding the ``conservator_<lang>.ts`` sources."""
    return resources_dir() / "translations"


def cache_dir() -> Path:
    """Where compiled ``.qm`` files go when they cannot sit beside the ``.ts`` (git-ignored)."""
    env = os.environ.get("CONSERVATOR_CACHE_DIR")
    if env:
        return Path(env) / "translations"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("conservator", appauthor=False)) / "translations"


def system_language() -> str:
    """The supported language closest to the operating system's locale (English otherwise)."""
    name = QLocale.system().name().split("_")[0].lower()
    return name if name in LANGUAGES else DEFAULT_LANGUAGE


def normalize_language(lang: str | None) -> str:
    """``"ru_RU"`` → ``"ru"``; anything unsupported → ``"en"``."""
    code = (lang or "").replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` is written right to left."""
    return normalize_language(lang) in RTL_LANGUAGES


def lrelease_command() -> list[str] | None:
    """The command that compiles ``.ts`` to ``.qm``, or None if none is installed."""
    import PySide6

    exe = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    bundled = Path(PySide6.__file__).resolve().parent / exe
    if bundled.exists():
        return [str(bundled)]
    for name in ("pyside6-lrelease", "lrelease", "lrelease-qt6"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


def _fresh(qm: Path, ts: Path) -> bool:
    return qm.exists() and qm.stat().st_size > 0 and qm.stat().st_mtime >= ts.stat().st_mtime


def compile_ts(ts: Path, qm: Path) -> bool:
    """Compile one ``.ts`` into ``qm`` atomically; False (and a log line) when it cannot."""
    cmd = lrelease_command()
    if cmd is None:
        log.warning("pyside6-lrelease not found: interface stays in English")
        return False
    qm.parent.mkdir(parents=True, exist_ok=True)
    tmp = qm.with_name(f".{qm.stem}.{os.getpid()}.part.qm")
    try:
        proc = subprocess.run(
            [*cmd, "-silent", str(ts), "-qm", str(tmp)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if proc.returncode != 0 or not tmp.exists():
            log.warning("lrelease failed on %s: %s", ts, proc.stderr.strip())
            return False
        os.replace(tmp, qm)
        return True
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("lrelease failed on %s: %s", ts, exc)
        return False
    finally:
        if tmp.exists():
            tmp.unlink()


def qm_path(lang: str) -> Path | None:
    """An up-to-date compiled translation for ``lang``, compiling it if needed (None if impossible).

    English is the source language; its catalogue only holds plural forms ("1 item", "2 items").
    """
    lang = normalize_language(lang)
    ts = translations_dir() / f"conservator_{lang}.ts"
    beside = ts.with_suffix(".qm")
    if not ts.exists():
        return beside if beside.exists() else None  # a packaged build may ship only the .qm
    if _fresh(beside, ts):
        return beside
    cached = cache_dir() / beside.name
    if _fresh(cached, ts) or compile_ts(ts, cached):
        return cached
    # cannot compile (no lrelease in a frozen build): an older compiled file beats English
    for fallback in (beside, cached):
        if fallback.exists() and fallback.stat().st_size > 0:
            return fallback
    return None


def compile_all(out_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Compile every ``.ts`` (for the build/packaging step); returns the ``.qm`` files written."""
    written = []
    for ts in sorted(translations_dir().glob("conservator_*.ts")):
        qm = (Path(out_dir) if out_dir else ts.parent) / ts.with_suffix(".qm").name
        if compile_ts(ts, qm):
            written.append(qm)
    return written


def register_fonts() -> None:
    """Make the bundled Noto Sans and Vazirmatn fonts available (Kazakh and Persian glyphs)."""
    if _state["fonts"]:
        return
    _state["fonts"] = True
    for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))


# The interface font per language: Persian reads best in Vazirmatn (made for Persian screens);
# the others keep the platform's font. The platform font stays second, for Latin fallback.
LANGUAGE_FONTS = {"fa": "Vazirmatn"}


def _apply_font(app, lang: str) -> None:
    from PySide6.QtGui import QFont

    if "font" not in _state:
        _state["font"] = QFont(app.font())
    base = QFont(_state["font"])
    family = LANGUAGE_FONTS.get(lang)
    if family:
        base.setFamilies([family, *base.families()])
    app.setFont(base)


def current_language() -> str:
    """The language installed last with :func:`install_language` (``"en"`` at start)."""
    return _state["lang"]


def install_language(app: QCoreApplication, lang: str) -> bool:
    """Switch the whole interface to ``lang`` (``en``, ``ru``, ``kk``, ``fa``).

    Removes the previous translators, installs Qt's own (standard buttons) and ours, sets the
    default locale and the layout direction. Open widgets receive a ``LanguageChange`` event and
    retranslate themselves. Returns False when the translation could not be loaded (the interface
    then stays in English, with the requested layout direction).
    """
    lang = normalize_language(lang)
    for old in _state["translators"]:
        app.removeTranslator(old)
    _state["translators"] = []
    ok = True
    if lang != DEFAULT_LANGUAGE:
        qt_tr = QTranslator(app)
        if qt_tr.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(qt_tr)
            _state["translators"].append(qt_tr)
    qm = qm_path(lang)
    ours = QTranslator(app)
    if qm is not None and ours.load(str(qm)):
        app.installTranslator(ours)
        _state["translators"].append(ours)
    elif lang != DEFAULT_LANGUAGE:
        ok = False
        log.warning("no usable translation for %s", lang)
    QLocale.setDefault(QLocale(lang))
    if hasattr(app, "setLayoutDirection"):
        app.setLayoutDirection(Qt.RightToLeft if lang in RTL_LANGUAGES else Qt.LeftToRight)
    if hasattr(app, "palette"):  # a QGuiApplication: fonts for Kazakh and Persian
        register_fonts()
        _apply_font(app, lang)
    _state["lang"] = lang
    return ok


# --- numbers, units and dates in the interface language (conservator.l10n) ---------------------


def num(value, decimals: int = 1, *, sign: bool = False) -> str:
    """A number in the interface language's digits, decimal mark and grouping."""
    from conservator import l10n

    return l10n.format_number(value, current_language(), decimals, sign=sign)


def unit(name: str) -> str:
    """A unit symbol (``mm``, ``mm2``, ``px``, ``ppi`` …) in the interface language."""
    from conservator import l10n

    return l10n.unit(name, current_language())


def quantity(value, unit_name: str, decimals: int = 1) -> str:
    """``12,5 мм``, ``۱۲٫۵ میلی‌متر``: a number and its unit in the interface language."""
    from conservator import l10n

    return l10n.format_quantity(value, unit_name, current_language(), decimals, space=" ")


def list_separator() -> str:
    """The separator between listed values (``; `` with a decimal comma)."""
    from conservator import l10n

    return l10n.list_separator(current_language())


def timestamp_text(value) -> str:
    """A stored timestamp (``2026-12-05T02:28:06Z``) as ``date time`` in the interface
    language: the date as :func:`date_text`, the time to the second in its digits."""
    from conservator import l10n

    parsed = l10n.parse_date(value)
    if parsed is None or not hasattr(parsed, "hour"):
        return date_text(value)
    lang = current_language()
    return f"{l10n.format_date(parsed.date(), lang)} " + l10n.localise_digits(
        f"{parsed:%H:%M:%S}", lang
    )


def date_text(value) -> str:
    """A stored (Gregorian, ISO) date as the interface shows dates: ISO in en/ru/kk, Solar Hijri
    with Persian digits in fa, the same as the date fields of the report form."""
    from conservator import l10n

    return l10n.format_date(value, current_language())


def lab_text(lab) -> str:
    """CIELAB values with an unambiguous separator: ``L* 92,6; a* −0,1; b* +6,8``."""
    from conservator import l10n

    return l10n.format_lab(lab, current_language(), space=" ")


if __name__ == "__main__":  # python -m ui.i18n [OUTDIR]: compile every .ts (build step)
    for path in compile_all(sys.argv[1] if len(sys.argv) > 1 else None):
        print(path)
