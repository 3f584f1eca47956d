"""The keys of the records' settings and what they mean (imported by the CLI's help, light)."""

#: Known keys and what they mean; see :mod:`conservator.storage.settings`.
SETTINGS = {
    "institution.name": "the institution's name, at the top of every report page",
    "institution.address": "the institution's address, under its name",
    "institution.logo_path": "a PNG or JPEG logo printed in the report header",
}
