"""Hand labels of a folder of real scans (``labels.json``), read and checked.

The format (one JSON object, keyed by image file name)::

    {
      "page-001.png": {
        "ppi": 300,                 # resolution the scan was made at (used when the file's is
                                    # missing or unreliable: a 72/96 ppi screen default)
        "colour": true,             # false for a greyscale scan
        "board_visible": false,     # a backing board shows around / through the leaf
        "foxing": [[x, y, w, h], ...],   # boxes in full-resolution pixels
        "stains": [...],
        "losses": [...],
        "tears": [...],
        "clean_paper": true,        # no foxing and no stain anywhere on the leaf
        "ignore": [...],            # optional: don't-care boxes (unsure marks), not scored
        "leaf": [x, y, w, h],       # optional: the leaf's extent (default: the whole image)
        "notes": "free text"
      },
      ...
    }

Any lab can label its own scans in this format and run ``bench/real.py`` on them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from conservator.errors import ConservatorError

#: Label keys holding boxes, and the detector class each is scored against.
BOX_KEYS = {"foxing": "foxing", "stains": "stain", "losses": "loss", "tears": "tear"}

#: Image file endings looked for in a labelled folder.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".jp2")

Box = tuple[int, int, int, int]


@dataclass
class PageLabels:
    """The labels of one image.

    Attributes
    ----------
    name : str
        File name inside the folder.
    ppi : float or None
    colour : bool
    board_visible : bool
    boxes : dict of str to list of (x, y, w, h)
        Per label key of :data:`BOX_KEYS` (``foxing``, ``stains``, ``losses``, ``tears``).
    ignore : list of (x, y, w, h)
        Don't-care boxes: neither counted as found nor as false.
    clean_paper : bool
    notes : str
    leaf : (x, y, w, h) or None
        The leaf's extent when labelled (pages with a board around the leaf); else the image.
    """

    name: str
    ppi: float | None
    colour: bool
    board_visible: bool
    boxes: dict[str, list[Box]] = field(default_factory=dict)
    ignore: list[Box] = field(default_factory=list)
    clean_paper: bool = False
    notes: str = ""
    leaf: Box | None = None

    @property
    def group(self) -> str:
        """The name prefix before the first ``-`` (``dibco``, ``cuper``, ``photo`` ...)."""
        stem = Path(self.name).stem
        return stem.split("-", 1)[0].split("_", 1)[0].lower() if stem else "other"

    def all_boxes(self) -> list[Box]:
        """Every labelled box of every class, plus the don't-care boxes."""
        out = list(self.ignore)
        for boxes in self.boxes.values():
            out.extend(boxes)
        return out


def _box(value, where: str, path) -> Box:
    if (
        not isinstance(value, (list, tuple))
        or len(value) != 4
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    ):
        raise ConservatorError(
            f"{where}: a box must be [x, y, w, h] in pixels, not {value!r}", path
        )
    x, y, w, h = (int(round(v)) for v in value)
    if w <= 0 or h <= 0:
        raise ConservatorError(f"{where}: a box needs a positive width and height", path)
    return x, y, w, h


def parse_page(name: str, entry, path=None) -> PageLabels:
    """One image's entry of ``labels.json`` as :class:`PageLabels` (checked)."""
    if not isinstance(entry, dict):
        raise ConservatorError(f"{name}: the labels of an image must be an object", path)
    ppi = entry.get("ppi")
    if ppi is not None and (
        not isinstance(ppi, (int, float)) or isinstance(ppi, bool) or not 10 <= ppi <= 10000
    ):
        raise ConservatorError(f"{name}: ppi must be a number from 10 to 10000, not {ppi!r}", path)
    boxes = {}
    for key in BOX_KEYS:
        items = entry.get(key, [])
        if not isinstance(items, list):
            raise ConservatorError(f"{name}: '{key}' must be a list of boxes", path)
        boxes[key] = [_box(b, f"{name} {key}", path) for b in items]
    ignore = entry.get("ignore", [])
    if not isinstance(ignore, list):
        raise ConservatorError(f"{name}: 'ignore' must be a list of boxes", path)
    return PageLabels(
        name=name,
        ppi=float(ppi) if ppi is not None else None,
        colour=bool(entry.get("colour", True)),
        board_visible=bool(entry.get("board_visible", False)),
        boxes=boxes,
        ignore=[_box(b, f"{name} ignore", path) for b in ignore],
        clean_paper=bool(entry.get("clean_paper", False)),
        notes=str(entry.get("notes", "")),
        leaf=_box(entry["leaf"], f"{name} leaf", path) if entry.get("leaf") else None,
    )


def read_labels(path: str | os.PathLike[str]) -> dict[str, PageLabels]:
    """Read a ``labels.json`` file: ``{image name: PageLabels}`` in file order."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConservatorError("the labels file does not exist", path) from None
    except OSError as exc:
        raise ConservatorError(f"cannot read the labels file: {exc.strerror}", path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConservatorError(f"the labels file is not valid JSON: {exc}", path) from None
    if not isinstance(data, dict):
        raise ConservatorError("the labels file must hold one object keyed by image name", path)
    return {name: parse_page(name, entry, path) for name, entry in data.items()}


def labelled_images(
    folder: str | os.PathLike[str], labels: dict[str, PageLabels]
) -> list[tuple[Path, PageLabels]]:
    """The images of ``folder`` that have labels, sorted by name (labels without a file are
    skipped, files without labels are ignored)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ConservatorError("the folder does not exist", folder)
    out = []
    for p in sorted(folder.iterdir()):
        if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES and p.name in labels:
            out.append((p, labels[p.name]))
    return out


def choose_labels_file(
    folder: str | os.PathLike[str],
    given: str | os.PathLike[str] | None,
    corrected: str | os.PathLike[str] | None = None,
) -> Path:
    """The labels file for ``folder``: ``given`` if any; else ``corrected`` (a corrected copy
    of a set's labels kept elsewhere) when it labels exactly the images ``folder/labels.json``
    labels and they are all there; else ``folder/labels.json``."""
    if given:
        return Path(given)
    folder = Path(folder)
    own = folder / "labels.json"
    if corrected is not None and Path(corrected).is_file() and own.is_file():
        try:
            mine = set(json.loads(Path(corrected).read_text(encoding="utf-8")))
            theirs = set(json.loads(own.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return own
        if mine == theirs and all((folder / n).is_file() for n in mine):
            return Path(corrected)
    return own
