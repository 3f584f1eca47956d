"""Preferences persisted with QSettings under a versioned schema, and the Preferences dialog.

Schema (``schema_version`` = :data:`SCHEMA_VERSION`):

- ``general/language``: ``en`` | ``ru`` | ``kk`` | ``fa`` (default: the system's, else English)
- ``general/units``: display unit of lengths, ``mm`` | ``cm`` | ``in`` (areas are its square)
- ``general/user_name``: the user's name, recorded as the author of every change to the records
  and proposed as "Checked by" and when finalising (asked for on first use)
- ``general/autosave_seconds``: draft autosave delay (debounced)
- ``records/database``: path of the SQLite records file (the institution's name, address and
  logo are settings *of that database*, edited here too, so the CLI and the PDF see them)
- ``analysis/detectors``: JSON list of the detectors run by default
- ``analysis/params``: JSON ``{detector: {param: value}}``, only the values that differ from the
  core defaults
- ``files/recent``: JSON list of recently opened scans, newest first
- ``files/export_dir``: the folder of the last export

Settings written by an older version are migrated on load, step by step (``_MIGRATIONS``); a file
written by a newer version is read as far as it is understood and never downgraded.
"""

from __future__ import annotations

import json
import math

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import LANGUAGES, install_language, normalize_language, system_language

SCHEMA_VERSION = 1


def _class_names() -> tuple[str, ...]:
    try:
        from conservator.detect.registry import class_names

        return class_names()
    except Exception:  # the core part may be missing in a partial build
        return ("foxing", "loss", "tear", "fading")


#: Every registered detector (damage class), in report order.
ALL_DETECTORS = _class_names()
UNITS = ("mm", "cm", "in")
_MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4}
MAX_RECENT = 10


def default_database_path() -> str:
    """The records file used until the user picks another one (``$CONSERVATOR_DB`` honoured)."""
    from conservator.storage import default_db_path

    return str(default_db_path())


def _registry() -> dict:
    try:
        import conservator.detect  # noqa: F401  (registers the detectors)
        from conservator.detect.base import REGISTRY
    except Exception:  # the core part may be missing in a partial build: no parameters shown
        return {}
    return REGISTRY


def detector_defaults() -> dict[str, dict]:
    """Default parameters of every detector (numbers and switches), from the core's registry."""
    import dataclasses

    out: dict[str, dict] = {}
    for name in ALL_DETECTORS:
        det = _registry().get(name)
        if det is None:
            continue
        params = det.params_cls()
        out[name] = {
            f.name: getattr(params, f.name)
            for f in dataclasses.fields(params)
            if isinstance(getattr(params, f.name), (bool, int, float))
        }
    return out


def detector_param_info() -> dict[tuple[str, str], tuple[str, str]]:
    """``{(detector, param): (unit, description)}`` from the parameter classes' metadata."""
    import dataclasses

    info = {}
    for name, det in _registry().items():
        for f in dataclasses.fields(det.params_cls):
            info[(name, f.name)] = (f.metadata.get("unit", ""), f.metadata.get("description", ""))
    return info


def _migrate_0_to_1(s: QSettings) -> None:
    """Settings of the unversioned prototype: flat keys ``lang``, ``db_path``, ``units``."""
    renames = {
        "lang": "general/language",
        "db_path": "records/database",
        "units": "general/units",
        "recent_files": "files/recent",
    }
    for old, new in renames.items():
        if s.contains(old):
            if not s.contains(new):
                value = s.value(old)
                if new == "files/recent" and isinstance(value, (list, tuple)):
                    value = json.dumps(list(value), ensure_ascii=False)
                s.setValue(new, value)
            s.remove(old)
    if s.contains("general/units") and str(s.value("general/units")) in ("mm2", "mm²"):
        s.setValue("general/units", "mm")


# ``_MIGRATIONS[n]`` upgrades schema version ``n`` to ``n + 1``.
_MIGRATIONS = {0: _migrate_0_to_1}


class Preferences:
    """Typed access to the application's persistent preferences.

    ``Preferences()`` uses the platform's settings store; tests pass their own ``QSettings``
    (e.g. an INI file in a temporary folder).
    """

    def __init__(self, settings: QSettings | None = None):
        self.settings = (
            settings if settings is not None else QSettings("Conservator", "Conservator")
        )
        self.migrated_from = self.migrate()

    # schema --------------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        try:
            return int(self.settings.value("schema_version", 0))
        except (TypeError, ValueError):
            return 0

    def migrate(self) -> int | None:
        """Bring the stored settings up to :data:`SCHEMA_VERSION`; returns the old version."""
        version = self.schema_version
        if version >= SCHEMA_VERSION:
            return None
        start = version
        while version < SCHEMA_VERSION:
            _MIGRATIONS[version](self.settings)
            version += 1
        self.settings.setValue("schema_version", SCHEMA_VERSION)
        self.settings.sync()
        return start

    def sync(self) -> None:
        self.settings.sync()

    # helpers -------------------------------------------------------------------------------
    def _json(self, key: str, default):
        raw = self.settings.value(key)
        if raw is None or raw == "":
            return default
        try:
            value = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            return default
        return value if isinstance(value, type(default)) else default

    def _set_json(self, key: str, value) -> None:
        self.settings.setValue(key, json.dumps(value, ensure_ascii=False, sort_keys=True))

    # general -------------------------------------------------------------------------------
    @property
    def language(self) -> str:
        raw = self.settings.value("general/language")
        return normalize_language(raw) if raw else system_language()

    @language.setter
    def language(self, lang: str) -> None:
        self.settings.setValue("general/language", normalize_language(lang))

    @property
    def units(self) -> str:
        unit = str(self.settings.value("general/units", "mm"))
        return unit if unit in UNITS else "mm"

    @units.setter
    def units(self, unit: str) -> None:
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
        self.settings.setValue("general/units", unit)

    @property
    def user_name(self) -> str:
        return str(self.settings.value("general/user_name", "") or "")

    @user_name.setter
    def user_name(self, name: str) -> None:
        self.settings.setValue("general/user_name", name.strip())

    @property
    def autosave_seconds(self) -> int:
        try:
            return max(1, min(60, int(self.settings.value("general/autosave_seconds", 3))))
        except (TypeError, ValueError):
            return 3

    @autosave_seconds.setter
    def autosave_seconds(self, seconds: int) -> None:
        self.settings.setValue("general/autosave_seconds", int(seconds))

    @property
    def review_context_mm(self) -> float:
        """Framing a finding (N / Shift+N) shows at least this much of the leaf around it."""
        try:
            return max(0.0, min(200.0, float(self.settings.value("review/context_mm", 20.0))))
        except (TypeError, ValueError):
            return 20.0

    @review_context_mm.setter
    def review_context_mm(self, mm: float) -> None:
        self.settings.setValue("review/context_mm", float(mm))

    # records -------------------------------------------------------------------------------
    @property
    def database(self) -> str:
        return str(self.settings.value("records/database", "") or default_database_path())

    @database.setter
    def database(self, path: str) -> None:
        self.settings.setValue("records/database", str(path))

    # analysis ------------------------------------------------------------------------------
    @property
    def detectors(self) -> list[str]:
        chosen = self._json("analysis/detectors", list(ALL_DETECTORS))
        return [d for d in chosen if d in ALL_DETECTORS]

    @detectors.setter
    def detectors(self, names) -> None:
        self._set_json("analysis/detectors", [d for d in ALL_DETECTORS if d in set(names)])

    @property
    def detector_params(self) -> dict[str, dict]:
        """The user's overrides only: ``{detector: {param: value}}``."""
        value = self._json("analysis/params", {})
        return {k: dict(v) for k, v in value.items() if isinstance(v, dict)}

    @detector_params.setter
    def detector_params(self, params: dict[str, dict]) -> None:
        self._set_json("analysis/params", {k: dict(v) for k, v in params.items() if v})

    def effective_params(self, defaults: dict[str, dict] | None = None) -> dict[str, dict]:
        """Core defaults with the user's overrides on top (what the analysis should run with)."""
        defaults = detector_defaults() if defaults is None else defaults
        merged = {k: dict(v) for k, v in defaults.items()}
        for det, values in self.detector_params.items():
            merged.setdefault(det, {}).update(values)
        return merged

    # files ---------------------------------------------------------------------------------
    @property
    def recent_files(self) -> list[str]:
        return [str(p) for p in self._json("files/recent", [])][:MAX_RECENT]

    def add_recent_file(self, path: str) -> None:
        path = str(path)
        files = [p for p in self.recent_files if p != path]
        self._set_json("files/recent", [path, *files][:MAX_RECENT])

    def clear_recent_files(self) -> None:
        self._set_json("files/recent", [])

    @property
    def export_dir(self) -> str:
        return str(self.settings.value("files/export_dir", "") or "")

    @export_dir.setter
    def export_dir(self, path: str) -> None:
        self.settings.setValue("files/export_dir", str(path))

    # units ---------------------------------------------------------------------------------
    def format_length(self, mm: float | None, digits: int = 1) -> str:
        """A length given in mm, in the preferred unit (``"–"`` when unknown)."""
        if mm is None or (isinstance(mm, float) and math.isnan(mm)):
            return "–"
        return f"{_number(mm / _MM_PER_UNIT[self.units], digits)} {_unit(self.units)}"

    def format_area(self, mm2: float | None, digits: int = 1) -> str:
        """An area given in mm², in the square of the preferred unit (``"–"`` when unknown)."""
        if mm2 is None or (isinstance(mm2, float) and math.isnan(mm2)):
            return "–"
        return f"{_number(mm2 / _MM_PER_UNIT[self.units] ** 2, digits)} {_unit(self.units + '2')}"


def _unit(name: str) -> str:
    from ui.i18n import unit

    return unit(name)


def _number(value: float, digits: int) -> str:
    """A number in the interface language's digits and separators (Persian: ۱۲٫۵)."""
    from PySide6.QtCore import QLocale

    return QLocale().toString(float(value), "f", digits)


def _unit_suffix(param: str, unit: str = "") -> str:
    """The spin box suffix of a parameter, in the interface language (`` мм``, `` ΔE00``)."""
    from conservator import l10n
    from ui.i18n import current_language

    if not unit:
        name = param.lower()
        unit = (
            "mm2"
            if name.endswith("_mm2")
            else "mm"
            if name.endswith("_mm")
            else "dE00"
            if "delta_e" in name or "de00" in name
            else "%"
            if name.endswith("_pct")
            else ""
        )
    symbol = l10n.param_unit(unit, current_language())
    return f" {symbol}" if symbol else ""


def _humanise(name: str) -> str:
    """``min_area_mm2`` → ``Min area`` (the unit is shown by the spin box)."""
    words = name.split("_")
    if len(words) > 1 and words[-1].lower() in ("mm", "mm2", "de00", "px", "pct"):
        words = words[:-1]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


class DetectorParamsEditor(QWidget):
    """Default detectors and their parameters, with the core's defaults as a starting point."""

    def __init__(self, defaults: dict[str, dict], params: dict[str, dict], enabled, parent=None):
        super().__init__(parent)
        self.defaults = defaults
        self.enabled_boxes: dict[str, QCheckBox] = {}
        self.editors: dict[tuple[str, str], QWidget] = {}
        self.labels: dict[tuple[str, str], QLabel] = {}
        self._units: dict[tuple[str, str], str] = {}
        self._descriptions: dict[tuple[str, str], str] = {}
        info = detector_param_info()
        layout = QVBoxLayout(self)
        self.groups: dict[str, QGroupBox] = {}
        for det in ALL_DETECTORS:
            group = QGroupBox(self)
            self.groups[det] = group
            form = QFormLayout(group)
            box = QCheckBox(group)
            box.setChecked(det in enabled)
            self.enabled_boxes[det] = box
            form.addRow(box)
            for name, default in defaults.get(det, {}).items():
                value = params.get(det, {}).get(name, default)
                unit, description = info.get((det, name), ("", ""))
                editor = self._editor_for(name, default, value, unit)
                if editor is None:
                    continue
                # a translated label (resources/i18n/detectors.json) reads better than the
                # parameter's name; the name stays in the tooltip (it is what
                # `conservator analyze` and the JSON report use)
                label = QLabel(self)
                label.setToolTip(name)
                self.labels[(det, name)] = label
                self._units[(det, name)] = unit
                self._descriptions[(det, name)] = description
                self.editors[(det, name)] = editor
                form.addRow(label, editor)
            layout.addWidget(group)
        self.reset_button = QPushButton(self)
        self.reset_button.clicked.connect(self.reset)
        layout.addWidget(self.reset_button)
        layout.addStretch(1)
        self.retranslate()

    def _editor_for(self, name: str, default, value, unit: str = "") -> QWidget | None:
        if isinstance(default, bool):
            w = QCheckBox(self)
            w.setChecked(bool(value))
        elif isinstance(default, int):
            w = QSpinBox(self)
            w.setRange(-1_000_000, 1_000_000)
            w.setValue(int(value))
            w.setSuffix(_unit_suffix(name, unit))
        elif isinstance(default, float):
            w = QDoubleSpinBox(self)
            w.setRange(-1e6, 1e6)
            w.setDecimals(3)
            w.setSingleStep(0.1)
            w.setValue(float(value))
            w.setSuffix(_unit_suffix(name, unit))
        else:
            return None
        return w

    def retranslate(self) -> None:
        titles = {
            "foxing": self.tr("Foxing"),
            "stain": self.tr("Stains"),
            "loss": self.tr("Losses"),
            "tear": self.tr("Tears"),
            "fading": self.tr("Fading"),
        }
        for det, group in self.groups.items():
            group.setTitle(titles.get(det, det.replace("_", " ").capitalize()))
            self.enabled_boxes[det].setText(self.tr("Run by default"))
        from conservator import l10n
        from ui.i18n import current_language

        lang = current_language()
        for (det, name), label in self.labels.items():
            text = l10n.detector_param_label(det, name, lang)
            if text is None:  # a parameter newer than the catalogue: the core's description
                description = self._descriptions[(det, name)]
                text = description[:1].upper() + description[1:] if description else ""
            label.setText(text or _humanise(name))
            editor = self.editors[(det, name)]
            editor.setToolTip(f"{name}: {text}")
            if hasattr(editor, "setSuffix"):
                editor.setSuffix(_unit_suffix(name, self._units[(det, name)]))
        self.reset_button.setText(self.tr("Restore defaults"))

    def reset(self) -> None:
        for (det, name), w in self.editors.items():
            self._set(w, self.defaults[det][name])
        for box in self.enabled_boxes.values():
            box.setChecked(True)

    @staticmethod
    def _set(w: QWidget, value) -> None:
        if isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        else:
            w.setValue(value)

    @staticmethod
    def _get(w: QWidget):
        return w.isChecked() if isinstance(w, QCheckBox) else w.value()

    def enabled(self) -> list[str]:
        return [d for d, box in self.enabled_boxes.items() if box.isChecked()]

    def overrides(self) -> dict[str, dict]:
        """Only the values that differ from the core defaults."""
        out: dict[str, dict] = {}
        for (det, name), w in self.editors.items():
            value = self._get(w)
            default = self.defaults[det][name]
            same = (
                math.isclose(value, default, rel_tol=1e-9, abs_tol=1e-9)
                if isinstance(default, float)
                else value == default
            )
            if not same:
                out.setdefault(det, {})[name] = value
        return out


class PreferencesDialog(QDialog):
    """Edit :class:`Preferences`; on OK they are saved and a new language is applied at once.

    Signals tell the main window what changed: ``languageChanged(str)``,
    ``databaseChanged(str)``, ``unitsChanged(str)``.
    """

    languageChanged = Signal(str)
    databaseChanged = Signal(str)
    unitsChanged = Signal(str)

    def __init__(
        self, prefs: Preferences, parent=None, *, defaults: dict | None = None, store=None
    ):
        super().__init__(parent)
        self.prefs = prefs
        self.store = store  # the records store whose institution is shown (None: not read)
        self.setObjectName("PreferencesDialog")
        self.tabs = QTabWidget(self)

        general = QWidget(self)
        self.general_form = QFormLayout(general)
        self.language_combo = QComboBox(general)
        for code, native in LANGUAGES.items():
            self.language_combo.addItem(native, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(prefs.language)))
        self.units_combo = QComboBox(general)
        for unit in UNITS:
            self.units_combo.addItem(_unit(unit), unit)
        self.units_combo.setCurrentIndex(max(0, self.units_combo.findData(prefs.units)))
        self.user_edit = QLineEdit(prefs.user_name, general)
        self.autosave_spin = QSpinBox(general)
        self.autosave_spin.setRange(1, 60)
        self.autosave_spin.setValue(prefs.autosave_seconds)
        self.context_spin = QDoubleSpinBox(general)
        self.context_spin.setObjectName("reviewContext")
        self.context_spin.setRange(0.0, 200.0)
        self.context_spin.setDecimals(0)
        self.context_spin.setValue(prefs.review_context_mm)
        self.general_labels = [QLabel(general) for _ in range(5)]
        for label, w in zip(
            self.general_labels,
            (
                self.language_combo,
                self.units_combo,
                self.user_edit,
                self.autosave_spin,
                self.context_spin,
            ),
            strict=True,
        ):
            self.general_form.addRow(label, w)

        records = QWidget(self)
        self.records_form = QFormLayout(records)
        row = QHBoxLayout()
        self.database_edit = QLineEdit(prefs.database, records)
        self.browse_button = QPushButton(records)
        self.browse_button.clicked.connect(self._browse)
        row.addWidget(self.database_edit, 1)
        row.addWidget(self.browse_button)
        self.database_label = QLabel(records)
        self.records_form.addRow(self.database_label, row)
        # the institution is stored in the records database (the CLI and the PDF see it)
        self.institution_box = QGroupBox(records)
        inst_form = QFormLayout(self.institution_box)
        self.institution_edit = QLineEdit(self.institution_box)
        self.institution_edit.setObjectName("institutionName")
        self.address_edit = QPlainTextEdit(self.institution_box)
        self.address_edit.setObjectName("institutionAddress")
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        logo_row = QHBoxLayout()
        self.logo_edit = QLineEdit(self.institution_box)
        self.logo_edit.setObjectName("institutionLogo")
        self.logo_button = QPushButton(self.institution_box)
        self.logo_button.clicked.connect(self._browse_logo)
        logo_row.addWidget(self.logo_edit, 1)
        logo_row.addWidget(self.logo_button)
        self.institution_labels = [QLabel(self.institution_box) for _ in range(3)]
        inst_form.addRow(self.institution_labels[0], self.institution_edit)
        inst_form.addRow(self.institution_labels[1], self.address_edit)
        inst_form.addRow(self.institution_labels[2], logo_row)
        self.records_form.addRow(self.institution_box)
        self._institution = self._read_institution()
        self.institution_edit.setText(self._institution.get("name") or "")
        self.address_edit.setPlainText(self._institution.get("address") or "")
        self.logo_edit.setText(self._institution.get("logo_path") or "")

        self.detector_editor = DetectorParamsEditor(
            detector_defaults() if defaults is None else defaults,
            prefs.detector_params,
            prefs.detectors,
        )
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detector_editor)

        self.tabs.addTab(general, "")
        self.tabs.addTab(records, "")
        self.tabs.addTab(scroll, "")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)  # Qt's own "OK" stays Latin in ru/kk
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(560, 480)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        self.tabs.setTabText(0, self.tr("General"))
        self.tabs.setTabText(1, self.tr("Records"))
        self.tabs.setTabText(2, self.tr("Analysis"))
        labels = [
            self.tr("Language:"),
            self.tr("Length unit:"),
            self.tr("Your name:"),
            self.tr("Autosave drafts after (s):"),
            self.tr("Context around a finding (mm):"),
        ]
        for label, text in zip(self.general_labels, labels, strict=True):
            label.setText(text)
        self.database_label.setText(self.tr("Records database:"))
        self.browse_button.setText(self.tr("Browse…"))
        self.user_edit.setPlaceholderText(
            self.tr("Recorded with every change you make, and proposed as “Checked by”")
        )
        self.institution_box.setTitle(self.tr("Institution (printed in every report's header)"))
        for label, text in zip(
            self.institution_labels,
            (self.tr("Name:"), self.tr("Address:"), self.tr("Logo (optional):")),
            strict=True,
        ):
            label.setText(text)
        self.logo_button.setText(self.tr("Browse…"))
        self.detector_editor.retranslate()
        self.ok_button.setText(self.tr("OK"))
        for i in range(self.units_combo.count()):  # мм, см, дюйм; میلی‌متر …
            self.units_combo.setItemText(i, _unit(self.units_combo.itemData(i)))

    def changeEvent(self, event) -> None:
        if event.type() == event.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Records database"),
            self.database_edit.text(),
            self.tr("Conservator records (*.db *.sqlite);;All files (*)"),
            options=QFileDialog.DontConfirmOverwrite,
        )
        if path:
            self.database_edit.setText(path)

    def _browse_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Institution logo"),
            self.logo_edit.text(),
            self.tr("Images (*.png *.jpg *.jpeg)"),
        )
        if path:
            self.logo_edit.setText(path)

    def _read_institution(self) -> dict:
        if self.store is None:
            return {}
        from ui.records import api

        try:
            return api.institution(self.store)
        except Exception:  # an unreadable database: the fields start empty
            return {}

    def institution_values(self) -> dict:
        """The institution as typed: ``name``, ``address``, ``logo_path`` (None when empty)."""
        return {
            "name": self.institution_edit.text().strip() or None,
            "address": self.address_edit.toPlainText().strip() or None,
            "logo_path": self.logo_edit.text().strip() or None,
        }

    def _save_institution(self) -> None:
        values = self.institution_values()
        old = {k: self._institution.get(k) or None for k in values}
        if values == old:
            return
        from ui.records import api

        store = self.store if self.store is not None else api.shared_store(self.prefs.database)
        if self.prefs.user_name:
            store.actor = self.prefs.user_name
        api.set_institution(store, **values)
        self._institution = values

    def apply(self) -> None:
        """Save the dialog's values and announce what changed."""
        p = self.prefs
        old_lang, old_db, old_units = p.language, p.database, p.units
        p.language = self.language_combo.currentData()
        p.units = self.units_combo.currentData()
        p.user_name = self.user_edit.text()
        p.autosave_seconds = self.autosave_spin.value()
        p.review_context_mm = self.context_spin.value()
        p.database = self.database_edit.text().strip() or old_db
        p.detectors = self.detector_editor.enabled()
        p.detector_params = self.detector_editor.overrides()
        p.sync()
        if p.database != old_db:
            self.store = None  # the institution goes to the newly chosen database
        self._save_institution()
        if p.language != old_lang:
            app = QApplication.instance()
            if app is not None:
                install_language(app, p.language)
            self.languageChanged.emit(p.language)
        if p.database != old_db:
            self.databaseChanged.emit(p.database)
        if p.units != old_units:
            self.unitsChanged.emit(p.units)

    def accept(self) -> None:
        from conservator.errors import ConservatorError

        try:
            self.apply()
        except ConservatorError as exc:  # e.g. a logo file that does not exist: fix it here
            from ui.errors import show_error

            show_error(self, exc, self.tr("The institution could not be saved"))
            return
        super().accept()


class UserNameDialog(QDialog):
    """Asked once, on first use: the name recorded as the author of every change."""

    def __init__(self, parent=None, name: str = ""):
        super().__init__(parent)
        self.setObjectName("UserNameDialog")
        self.setWindowTitle(self.tr("Your name"))
        self.text = QLabel(
            self.tr(
                "Conservator records who makes each change to the condition records, and "
                "proposes your name as “Checked by”. Please enter your name (you can change "
                "it later in Preferences)."
            ),
            self,
        )
        self.text.setWordWrap(True)
        self.edit = QLineEdit(name, self)
        self.edit.setPlaceholderText(self.tr("e.g. A. Bekova"))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        self.ok = buttons.button(QDialogButtonBox.Ok)
        self.ok.setEnabled(bool(name.strip()))
        self.edit.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.resize(420, 0)

    def name(self) -> str:
        return self.edit.text().strip()


def ask_user_name(parent=None) -> str | None:
    """Show :class:`UserNameDialog`; the name typed, or None when cancelled."""
    dlg = UserNameDialog(parent)
    if dlg.exec() != QDialog.Accepted:
        return None
    return dlg.name() or None
