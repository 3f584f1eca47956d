"""Settings kept in the records database (``setting`` table): the institution on every report.

Keys (:data:`SETTINGS`):

- ``institution.name``: printed at the top of every report page;
- ``institution.address``: printed under the name;
- ``institution.logo_path``: a PNG or JPEG printed in the header (stored as an absolute path;
  the file must exist when set).

Set from the CLI (``conservator settings set institution.name "…"``), or by the app's
Preferences through :meth:`Settings.set_setting`. Every change is audited (old and new value).
Settings that belong to a person rather than to the records (the user's name) are the
caller's: the CLI takes ``--actor``/``$CONSERVATOR_USER``, the app its Preferences, and both
pass it as ``actor`` (or set ``store.actor``).
"""

from __future__ import annotations

from pathlib import Path

from conservator.errors import ConservatorError
from conservator.storage.db import utc_now
from conservator.storage.session import Session
from conservator.storage.settingkeys import SETTINGS  # noqa: E402  (light, for the CLI)


class Settings(Session):
    """Reading and changing the database's settings."""

    def settings(self) -> dict[str, str | None]:
        """Every known setting (``None`` when not set)."""
        rows = {r["key"]: r["value"] for r in self._rows("SELECT key, value FROM setting")}
        return {k: rows.get(k) for k in SETTINGS}

    def get_setting(self, key: str) -> str | None:
        """One setting's value (``None`` when not set)."""
        self._known(key)
        row = self._row("SELECT value FROM setting WHERE key = ?", (key,))
        return row["value"] if row else None

    def set_setting(self, key: str, value: str | None, *, actor: str | None = None) -> None:
        """Set (or with ``None``/empty, clear) a setting; audited with old and new value."""
        self._known(key)
        value = None if value is None or not str(value).strip() else str(value).strip()
        if key == "institution.logo_path" and value is not None:
            path = Path(value).expanduser()
            if not path.is_file():
                raise ConservatorError("the logo file does not exist", path)
            if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
                raise ConservatorError("the logo must be a PNG or JPEG file", path)
            value = str(path.resolve())
        with self.transaction():
            old = self._row("SELECT key, value FROM setting WHERE key = ?", (key,))
            if (old["value"] if old else None) == value:
                return
            who = actor or self.actor
            if value is None:
                self.conn.execute("DELETE FROM setting WHERE key = ?", (key,))
            else:
                self.conn.execute(
                    "INSERT INTO setting (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                    "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                    (key, value, utc_now(), who),
                )
            self._audit(
                "setting",
                key,
                "update" if old and value is not None else ("delete" if old else "create"),
                {"value": old["value"]} if old else None,
                {"value": value} if value is not None else None,
                who,
            )

    def institution(self) -> dict | None:
        """``{"name", "address", "logo_path"}`` for reports, or ``None`` when nothing is set."""
        s = self.settings()
        out = {k.split(".", 1)[1]: s[k] for k in s if k.startswith("institution.")}
        return out if any(out.values()) else None

    def set_institution(self, name: str, address: str | None = None, *, actor=None) -> None:
        """Set the institution's name and address (kept for older callers)."""
        with self.transaction():
            self.set_setting("institution.name", name, actor=actor)
            self.set_setting("institution.address", address, actor=actor)

    def _known(self, key: str) -> None:
        if key not in SETTINGS:
            raise ConservatorError(f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
