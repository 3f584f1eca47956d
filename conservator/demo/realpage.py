"""Semi-real pages: the demo generator's damage composited onto a real page scan.

A real page (its own ink, show-through, paper texture and scanner noise) becomes the leaf; it is
padded with a backing-board margin, so losses and tears have a board to show, and receives
losses, tears, stains and foxing drawn exactly as on the synthetic pages
(:mod:`conservator.demo.page`, :mod:`conservator.demo.stains`). The masks are exact for the
composited damage; the real page is assumed free of damage (use pages labelled clean).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import cv2
import numpy as np

from conservator.demo.page import (
    FIELD_PX_PER_MM,
    DemoError,
    DemoPage,
    _composite,
    _foxing_keepout,
    _Geometry,
    _Grid,
    _make_foxing,
    _make_losses,
    _make_tears,
    _torn_edges,
)
from conservator.demo.palette import BOARDS
from conservator.demo.stains import make_stains

#: Damage classes a semi-real page can receive.
SEMIREAL_CLASSES = ("foxing", "stain", "loss", "tear")


def damage_real_page(
    rgb: np.ndarray,
    ppi: float,
    seed: int,
    damage: Iterable[str] = SEMIREAL_CLASSES,
    *,
    board: str | None = None,
    margin_mm: float = 12.0,
) -> DemoPage:
    """Composite damage onto a real page.

    Parameters
    ----------
    rgb : ndarray uint8 (h, w, 3)
        The real page, sRGB, at ``ppi``; it becomes the leaf.
    ppi : float
        Its resolution.
    seed : int
        Everything random follows from it.
    damage : iterable of str
        From :data:`SEMIREAL_CLASSES`.
    board : str, optional
        A key of :data:`~conservator.demo.palette.BOARDS`; chosen from the seed when omitted.
    margin_mm : float
        Width of the board margin around the leaf (mm).

    Returns
    -------
    DemoPage
        ``rgb`` (the padded scan) and masks ``foxing``, ``stain``, ``loss``, ``tear``, ``fading``
        (always empty: fading is not composited) and ``leaf``, all scan size.
    """
    classes = tuple(c for c in SEMIREAL_CLASSES if c in set(damage))
    bad = set(damage) - set(SEMIREAL_CLASSES)
    if bad:
        raise DemoError(f"unknown damage class {sorted(bad)[0]!r}; choose from {SEMIREAL_CLASSES}")
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise DemoError("a semi-real page needs an 8-bit RGB background")
    names = ("style", "loss", "tear", "stain", "foxing", "board", "scan")
    rng = dict(
        zip(
            names,
            (np.random.default_rng(s) for s in np.random.SeedSequence(int(seed)).spawn(7)),
            strict=True,
        )
    )
    board = board or list(BOARDS)[int(rng["style"].integers(len(BOARDS)))]
    if board not in BOARDS:
        raise DemoError(f"unknown board {board!r}; choose from {', '.join(BOARDS)}")
    ppm = float(ppi) / 25.4
    h0, w0 = rgb.shape[:2]
    m = max(int(round(margin_mm * ppm)), 2)
    H, W = h0 + 2 * m, w0 + 2 * m
    matrix = np.array([[1.0, 0.0, float(m)], [0.0, 1.0, float(m)]])
    geo = _Geometry(
        w0, h0, 0.0, (m + (w0 - 1) / 2, m + (h0 - 1) / 2), matrix, np.zeros((4, 2)), W, H
    )
    geo.corners = geo.to_canvas(
        np.array([[-0.5, -0.5], [w0 - 0.5, -0.5], [w0 - 0.5, h0 - 0.5], [-0.5, h0 - 0.5]])
    )
    leaf_aa = np.zeros((H, W), np.uint8)
    leaf_aa[m : m + h0, m : m + w0] = 255
    grid = _Grid(W, H, ppm, geo)

    holes = np.zeros((H, W), np.uint8)
    gaps = np.zeros((H, W), np.uint8)
    loss_items = _make_losses(rng["loss"], geo, ppm, holes) if "loss" in classes else []
    tear_items = _make_tears(rng["tear"], geo, ppm, gaps, holes) if "tear" in classes else []

    # the page as the generator's uint16 working image; the margin repeats the page's edge
    # (it is replaced by the board, but edge filters must not see a jump there)
    padded = cv2.copyMakeBorder(rgb, m, m, m, m, cv2.BORDER_REPLICATE)
    img = padded.astype(np.uint16) * np.uint16(257)
    del padded
    _torn_edges(rng["loss"], rng["tear"], img, holes, gaps, loss_items, tear_items, ppm)

    keepout = _foxing_keepout(grid, geo, [], holes, gaps, ppm)
    stain_mask = np.zeros((H, W), bool)
    stain_items = []
    if "stain" in classes:
        leaf_mm = (w0 / ppm, h0 / ppm)
        stain_items = make_stains(rng["stain"], img, stain_mask, keepout, ppm, leaf_mm)
    fox_mask = np.zeros((H, W), bool)
    fox_items = []
    if "foxing" in classes:
        fox_keep = keepout
        if stain_mask.any():  # no spot inside a stain: one object, one class
            near = cv2.resize(
                stain_mask.astype(np.uint8), (grid.w, grid.h), interpolation=cv2.INTER_AREA
            )
            r = int(math.ceil(2 * FIELD_PX_PER_MM))
            near = cv2.dilate(near, np.ones((2 * r + 1, 2 * r + 1), np.uint8)) > 0
            fox_keep = keepout | near
        fox_items = _make_foxing(rng["foxing"], img, fox_mask, fox_keep, geo, ppm)

    paper8 = np.empty((H, W, 3), np.uint8)
    cv2.convertScaleAbs(img, paper8, alpha=1.0 / 257.0)
    del img
    out = _composite(rng["board"], rng["scan"], paper8, leaf_aa, holes, gaps, grid, board, ppm)
    del paper8

    leaf = leaf_aa >= 128
    tear_m = leaf & (gaps >= 128)
    loss_m = leaf & (holes >= 128) & ~tear_m
    present = leaf & ~loss_m & ~tear_m
    masks = {
        "foxing": fox_mask & present,
        "stain": stain_mask & present,
        "loss": loss_m,
        "tear": tear_m,
        "fading": np.zeros((H, W), bool),
        "leaf": leaf,
    }
    meta = {
        "seed": int(seed),
        "ppi": float(ppi),
        "board": {"name": board, "rgb": list(BOARDS[board])},
        "damage": list(classes),
        "margin_px": m,
        "counts": {
            "foxing": len(fox_items),
            "stain": len(stain_items),
            "loss": len(loss_items),
            "tear": len(tear_items),
        },
        "stains": [{k: v for k, v in it.items() if k not in ("mask", "roi")} for it in stain_items],
    }
    stain_ids = np.zeros((H, W), np.uint16)
    for k, it in enumerate(stain_items, 1):
        x0, y0, x1, y1 = it["roi"]
        stain_ids[y0:y1, x0:x1][it["mask"]] = k
    stain_ids[~masks["stain"]] = 0
    return DemoPage(rgb=out, masks=masks, meta=meta, instances={"stain": stain_ids})
