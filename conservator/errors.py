"""Typed errors raised by the core library.

Every error a user can cause (bad file, bad option, locked database, ...) is a
:class:`ConservatorError`. Its ``str()`` is one line a person can act on; ``path`` names the
file concerned, when there is one. The CLI prints ``error: <message> (<path>)`` and exits 2,
the desktop application shows a dialog. Nothing here imports other project modules.
"""

from __future__ import annotations

import os


class ConservatorError(Exception):
    """Base class of all errors meant for the user."""

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None):
        super().__init__(message)
        self.message = message
        self.path = os.fspath(path) if path is not None else None

    def __str__(self) -> str:
        return self.message

    def one_line(self) -> str:
        """The message as one line, with the file in brackets when known."""
        text = " ".join(self.message.split())
        return f"{text} ({self.path})" if self.path else text


class ImageLoadError(ConservatorError):
    """A scan could not be read: missing, empty, truncated, not an image."""


class UnsupportedImageError(ImageLoadError):
    """The file is an image, but of a kind Conservator does not handle."""


class ImageTooLargeError(ImageLoadError):
    """The image exceeds the configured pixel limit (decompression-bomb guard)."""

    def __init__(self, message: str, path=None, *, pixels: int = 0, limit: int = 0):
        super().__init__(message, path)
        self.pixels = pixels
        self.limit = limit


class IccProfileError(ImageLoadError):
    """An embedded ICC profile is broken or cannot be used for the image's colour space."""


class ResolutionError(ConservatorError):
    """A physical measurement needs a resolution (ppi) that the scan does not carry."""


class AnalysisCancelled(ConservatorError):
    """A long-running analysis was cancelled by the user."""


class StorageError(ConservatorError):
    """The records database could not be read or written."""


class StorageVersionError(StorageError):
    """The database was written by a newer version of Conservator."""


class RecordLockedError(StorageError):
    """A finalised record was asked to change."""


class NotFoundError(ConservatorError):
    """A record (item, check, ...) named by the user does not exist."""


class ExportError(ConservatorError):
    """A report or export could not be written."""
