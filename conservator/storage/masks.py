"""Damage masks stored losslessly as PNG files beside the database.

Masks live in ``<db>.files/masks/<sha256>.png``, named by the SHA-256 of the PNG bytes
(content addressed: the same mask is stored once, a file never changes once written, and
``verify`` can prove it is intact). They are 1-bit greyscale PNGs (0 = clear, 1 = damage;
``cv2.imread(path, cv2.IMREAD_GRAYSCALE)`` gives 0/255, Pillow gives mode ``"1"``): a 100 MP
mask is a few MB at most instead of 100 MB of 8-bit BLOB in the database, which keeps the
database small, item listings fast and backups quick. Files are written under a temporary name
and renamed into place. The database stores the path relative to the files folder and the hash.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from conservator.errors import StorageError

if TYPE_CHECKING:
    import numpy as np


def files_dir(db_path: str | os.PathLike[str]) -> Path:
    """The folder of files managed beside the database: ``<db>.files``."""
    return Path(f"{os.fspath(db_path)}.files")


def encode_png(mask: np.ndarray) -> bytes:
    """Encode a bool/uint8 mask (non-zero = damage) as a 1-bit greyscale PNG."""
    import cv2
    import numpy as np

    m = np.asarray(mask)
    if m.ndim != 2:
        raise ValueError("a mask must be 2-D")
    if m.dtype == bool:
        m8 = m.view(np.uint8) * np.uint8(255)
    else:
        m8 = np.where(m != 0, np.uint8(255), np.uint8(0))
    ok, buf = cv2.imencode(".png", m8, [cv2.IMWRITE_PNG_BILEVEL, 1, cv2.IMWRITE_PNG_COMPRESSION, 6])
    if not ok:
        raise StorageError("could not encode a damage mask as PNG")
    return buf.tobytes()


def write_mask(root: str | os.PathLike[str], mask: np.ndarray) -> tuple[str, str, int]:
    """Store ``mask`` under ``root/masks/`` (idempotent).

    Returns
    -------
    (str, str, int)
        The path relative to ``root`` (``masks/<sha>.png``), the SHA-256 and the number of
        damage pixels.
    """
    import numpy as np

    rel, sha = write_png(root, encode_png(mask))
    return rel, sha, int(np.count_nonzero(mask))


def write_png(root: str | os.PathLike[str], data: bytes) -> tuple[str, str]:
    """Store an encoded mask (:func:`encode_png` bytes) under ``root/masks/`` (idempotent).

    Returns the path relative to ``root`` and the SHA-256 (a survey's workers encode the masks,
    the client only writes the bytes).
    """
    sha = hashlib.sha256(data).hexdigest()
    rel = f"masks/{sha}.png"
    dest = Path(root) / rel
    if not dest.exists():
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
            tmp.write_bytes(data)
            os.replace(tmp, dest)
        except OSError as exc:
            raise StorageError(f"cannot write a damage mask: {exc.strerror}", dest) from None
    return rel, sha


def read_mask(root: str | os.PathLike[str], rel: str) -> np.ndarray:
    """Read a stored mask back as a bool array."""
    import cv2

    path = Path(root) / rel
    m = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if m is None:
        raise StorageError("a damage mask file is missing or unreadable", path)
    return m > 0


def sha256_file(path: str | os.PathLike[str]) -> str:
    """SHA-256 (hex) of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
