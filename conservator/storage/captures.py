"""Captures: the scans and photographs of an item (file, hash, size, resolution, lighting)."""

from __future__ import annotations

import os

from conservator.errors import ConservatorError
from conservator.storage.db import utc_now
from conservator.storage.session import ILLUMINATIONS, Session


class Captures(Session):
    """Recording and finding captures."""

    # ------------------------------------------------------------------ captures
    def add_capture(
        self,
        inventory_no: str,
        *,
        file_path: str,
        sha256: str,
        width_px: int | None = None,
        height_px: int | None = None,
        dpi: tuple[float, float] | None = None,
        px_per_mm: float | None = None,
        illumination: str = "normal",
        page: int = 0,
        format: str | None = None,
        bit_depth: int | None = None,
        icc_profile: str | None = None,
        part_id: int | None = None,
        device: str | None = None,
        captured_at: str | None = None,
        captured_by: str | None = None,
        actor: str | None = None,
    ) -> int:
        """Record a capture (scan or photograph) of an item. Returns its id.

        ``px_per_mm`` defaults to the mean of ``dpi`` / 25.4.
        """
        if illumination not in ILLUMINATIONS:
            raise ConservatorError(
                f"unknown illumination {illumination!r}; use one of: {', '.join(ILLUMINATIONS)}"
            )
        if px_per_mm is None and dpi:
            px_per_mm = (float(dpi[0]) + float(dpi[1])) / 2 / 25.4
        with self.transaction():
            item = self._item_row(inventory_no)
            row = {
                "item_id": item["id"],
                "item_part_id": part_id,
                "file_path": str(file_path),
                "sha256": sha256,
                "page": int(page),
                "format": format,
                "width_px": width_px,
                "height_px": height_px,
                "bit_depth": bit_depth,
                "dpi_x": float(dpi[0]) if dpi else None,
                "dpi_y": float(dpi[1]) if dpi else None,
                "px_per_mm": px_per_mm,
                "illumination": illumination,
                "icc_profile": icc_profile,
                "device": device,
                "captured_at": captured_at,
                "captured_by": captured_by,
                "created_at": utc_now(),
            }
            cid = self._insert("capture", row)
            self._audit("capture", cid, "create", None, row, actor)
        return cid

    def add_capture_from_scan(
        self, inventory_no: str, scan, *, illumination: str = "normal", part_id=None, actor=None
    ) -> int:
        """Record a loaded :class:`~conservator.model.image.ScanImage` as a capture."""
        return self.add_capture(
            inventory_no,
            file_path=os.path.abspath(scan.path),
            sha256=scan.sha256,
            width_px=scan.width,
            height_px=scan.height,
            dpi=scan.dpi,
            illumination=illumination,
            page=scan.page,
            format=scan.format,
            bit_depth=scan.bit_depth,
            icc_profile=scan.icc_description,
            part_id=part_id,
            actor=actor,
        )

    def find_capture(
        self, inventory_no: str, sha256: str, *, page: int = 0, illumination: str = "normal"
    ) -> int | None:
        """The newest capture of this item with this file hash, page and lighting, if any."""
        item = self._item_row(inventory_no)
        row = self._row(
            "SELECT id FROM capture WHERE item_id = ? AND sha256 = ? AND page = ? "
            "AND illumination = ? ORDER BY id DESC LIMIT 1",
            (item["id"], sha256, int(page), illumination),
        )
        return row["id"] if row else None

    def get_capture(self, capture_id: int) -> dict:
        """One capture row."""
        return self._get("capture", capture_id, "capture")
