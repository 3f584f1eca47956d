"""The sample frame of a survey: every page of a folder of scans or of a CSV list.

A *unit* of the survey is one page (leaf) of one item: a single-page file is one unit, a
multi-page TIFF one unit per page. From a folder the item's inventory number is the file's
path below the folder without its extension (``box 3/f12``); a CSV names it.

CSV columns (a header row is required, extra columns are ignored)::

    inventory_no,file[,stratum][,page]

``file`` is relative to the CSV's folder or absolute; ``page`` counts from 1 (without it
every page of the file is a unit); ``--strata FIELD`` names the column that holds the stratum
(``stratum`` by default when the column exists).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from conservator.errors import ConservatorError

#: File name endings taken from a folder (case-insensitive).
SCAN_SUFFIXES = (".tif", ".tiff", ".png", ".jpg", ".jpeg", ".jp2", ".j2k", ".jpx")

#: Files in a folder that are not scans even with a scan ending (demo ground truth).
_SKIP_MARKERS = (".mask-",)


@dataclass(frozen=True)
class Unit:
    """One page of the frame."""

    inventory_no: str
    file: str  # absolute path
    page: int = 0  # 0-based
    stratum: str | None = None

    def as_dict(self) -> dict:
        return {
            "inventory_no": self.inventory_no,
            "file": self.file,
            "page": self.page,
            "stratum": self.stratum,
        }


def read_frame(source: str | os.PathLike[str], *, strata: str | None = None) -> list[Unit]:
    """Every page of ``source`` (a folder or a ``.csv`` file), in a stable order.

    Parameters
    ----------
    source : path-like
        A folder (searched recursively) or a CSV file.
    strata : str, optional
        The CSV column holding the stratum; for a folder, ``folder`` makes the first
        sub-folder the stratum.

    Raises
    ------
    ConservatorError
        Missing source, empty frame, bad CSV.
    """
    path = Path(source)
    if not path.exists():
        raise ConservatorError("the survey source does not exist", path)
    if path.is_dir():
        units = _from_folder(path, strata)
    elif path.suffix.lower() == ".csv":
        units = _from_csv(path, strata)
    else:
        raise ConservatorError("the survey source must be a folder of scans or a .csv list", path)
    if not units:
        raise ConservatorError("the survey source holds no scans", path)
    return units


def page_count(path: str | os.PathLike[str]) -> int:
    """Pages in a scan file (TIFF pages; 1 for other formats). Reads only the header."""
    from conservator.imaging.load import sniff_format

    fmt = sniff_format(path)
    if fmt != "TIFF":
        return 1
    import tifffile

    try:
        with tifffile.TiffFile(path) as tif:
            return max(1, len(tif.pages))
    except Exception as exc:  # noqa: BLE001  (reported per page when analysed)
        raise ConservatorError(f"not a readable TIFF file: {exc}", path) from None


def _from_folder(root: Path, strata: str | None) -> list[Unit]:
    if strata not in (None, "folder"):
        raise ConservatorError(
            f"--strata {strata!r}: a folder source can only be stratified by 'folder' "
            "(its first sub-folders); use a CSV list for other fields",
            root,
        )
    files = sorted(
        (
            p
            for p in root.rglob("*")
            if p.is_file()
            and p.suffix.lower() in SCAN_SUFFIXES
            and not any(m in p.name for m in _SKIP_MARKERS)
            and not any(part.startswith(".") for part in p.relative_to(root).parts)
        ),
        key=lambda p: p.relative_to(root).as_posix(),
    )
    units = []
    for f in files:
        rel = f.relative_to(root)
        inv = rel.with_suffix("").as_posix()
        stratum = (rel.parts[0] if len(rel.parts) > 1 else "") if strata == "folder" else None
        try:
            n = page_count(f)
        except ConservatorError:
            n = 1  # it fails again when analysed and is reported as failed
        for page in range(n):
            units.append(Unit(inv, str(f.resolve()), page, stratum))
    return units


def _from_csv(path: Path, strata: str | None) -> list[Unit]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
            header = [h.strip() for h in (rows[0].keys() if rows else [])]
    except UnicodeDecodeError:
        raise ConservatorError("the CSV list must be UTF-8 text", path) from None
    except csv.Error as exc:
        raise ConservatorError(f"cannot read the CSV list: {exc}", path) from None
    if not rows:
        raise ConservatorError("the CSV list has no rows (a header row comes first)", path)
    rows = [{(k or "").strip(): (v or "").strip() for k, v in r.items()} for r in rows]
    for col in ("inventory_no", "file"):
        if col not in header:
            raise ConservatorError(
                f"the CSV list has no '{col}' column (columns: inventory_no,file[,stratum][,page])",
                path,
            )
    field = strata
    if field is None and "stratum" in header:
        field = "stratum"
    if field is not None and field not in header:
        raise ConservatorError(f"--strata {field!r}: the CSV list has no such column", path)
    base = path.resolve().parent
    units: list[Unit] = []
    for line, r in enumerate(rows, start=2):
        inv, file = r["inventory_no"], r["file"]
        if not inv or not file:
            raise ConservatorError(f"line {line}: inventory_no and file are required", path)
        f = Path(file)
        f = (f if f.is_absolute() else base / f).resolve()
        stratum = r.get(field) if field else None
        if r.get("page"):
            try:
                page = int(r["page"])
            except ValueError:
                raise ConservatorError(
                    f"line {line}: page must be a whole number from 1, not {r['page']!r}", path
                ) from None
            if page < 1:
                raise ConservatorError(f"line {line}: pages count from 1", path)
            units.append(Unit(inv, str(f), page - 1, stratum))
            continue
        if not f.exists():
            raise ConservatorError(f"line {line}: the scan file does not exist", f)
        for page in range(page_count(f)):
            units.append(Unit(inv, str(f), page, stratum))
    seen = set()
    for u in units:
        key = (u.file, u.page)
        if key in seen:
            raise ConservatorError(
                f"the CSV list names page {u.page + 1} of {Path(u.file).name} twice", path
            )
        seen.add(key)
    return units
