"""Writing demo pages to disk: the scan (TIFF/PNG/JPEG), the masks, the page record, the manifest.

Every file is written under a temporary name and renamed into place, so an interrupted run never
leaves a half-written page behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from conservator.demo.page import (
    DAMAGE_CLASSES,
    MASK_NAMES,
    DemoError,
    DemoPage,
    generate_page,
    parse_damage,
)
from conservator.errors import ExportError
from conservator.imaging.icc import srgb_profile
from conservator.jsonfile import dump_json

FORMATS = {"tif": ".tif", "tiff": ".tif", "png": ".png", "jpg": ".jpg", "jpeg": ".jpg"}

#: ``damage="mixed"``: page 1 has every class, then each class alone, pairs, and undamaged pages.
MIXED_CYCLE: tuple[tuple[str, ...], ...] = (
    DAMAGE_CLASSES,
    ("foxing",),
    ("loss",),
    ("tear",),
    ("fading",),
    (),
    ("foxing", "fading"),
    ("loss", "tear"),
    ("foxing", "loss"),
    ("tear", "fading"),
    (),
    ("foxing", "tear"),
    ("loss", "fading"),
    DAMAGE_CLASSES,
)


def page_seed(seed: int, number: int) -> int:
    """The seed of page ``number`` (1-based) of a set made with ``seed``."""
    if number == 1:
        return int(seed)
    return int(np.random.SeedSequence([int(seed), int(number)]).generate_state(1)[0])


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    from conservator.outputs import atomic_output

    with atomic_output(path, error=ExportError) as tmp:
        write(tmp)


def write_scan(
    rgb: np.ndarray,
    path: str | os.PathLike[str],
    ppi: float,
    fmt: str | None = None,
    *,
    bits: int = 8,
) -> Path:
    """Write an sRGB scan with its resolution and an embedded sRGB ICC profile.

    TIFF: tifffile, LZW, resolution tags in inches. PNG: pHYs + iCCP. JPEG: JFIF density + ICC,
    quality 92. ``bits=16`` (TIFF and PNG) stores the 8-bit values × 257, like a scanner's
    16-bit output, to exercise the 16-bit path of the readers.
    """
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise DemoError(f"unknown image format {fmt!r}; choose tif, png or jpg")
    if bits not in (8, 16):
        raise DemoError(f"{bits}-bit output is not offered; choose 8 or 16")
    if bits == 16:
        if FORMATS[fmt] == ".jpg":
            raise DemoError("JPEG holds 8 bits only; use --bits 16 with tif or png")
        rgb = rgb.astype(np.uint16) * np.uint16(257)
    icc = srgb_profile()

    def tif(tmp: Path) -> None:
        import tifffile

        tifffile.imwrite(
            tmp,
            rgb,
            photometric="rgb",
            compression="lzw",
            resolution=(float(ppi), float(ppi)),
            resolutionunit="INCH",
            iccprofile=icc,
            software="Conservator demo",
            metadata=None,
            rowsperstrip=64,
            maxworkers=min(os.cpu_count() or 1, 4),
        )

    def pil(tmp: Path) -> None:
        from PIL import Image

        if fmt == "png":  # OpenCV encodes large PNGs much faster than Pillow
            import cv2

            from conservator.imaging.icc import png_add_chunks

            ok, buf = cv2.imencode(
                ".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_PNG_COMPRESSION, 1]
            )
            if not ok:
                raise ExportError("PNG encoding failed", path)
            tmp.write_bytes(png_add_chunks(buf.tobytes(), icc, (ppi, ppi)))
        else:
            im = Image.fromarray(rgb, "RGB")
            im.save(
                tmp,
                format="JPEG",
                dpi=(int(round(ppi)), int(round(ppi))),
                icc_profile=icc,
                quality=92,
                subsampling=0,
            )

    _atomic(path, tif if FORMATS[fmt] == ".tif" else pil)
    return path


def write_mask(mask: np.ndarray, path: str | os.PathLike[str], ppi: float | None = None) -> Path:
    """Write a boolean mask as a single-channel 8-bit PNG of 0 and 255."""
    from PIL import Image

    path = Path(path)
    im = Image.fromarray(np.where(mask, np.uint8(255), np.uint8(0)), "L")
    kw = {"dpi": (ppi, ppi)} if ppi else {}
    _atomic(path, lambda tmp: im.save(tmp, format="PNG", compress_level=3, **kw))
    return path


def write_page(
    page: DemoPage, outdir: str | os.PathLike[str], number: int, fmt: str = "tif", *, bits: int = 8
) -> dict:
    """Write one page (scan, five masks, record) as ``page-NNN.*``; return its manifest entry."""
    outdir = Path(outdir)
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise DemoError(f"unknown image format {fmt!r}; choose tif, png or jpg")
    stem = f"page-{number:03d}"
    image = outdir / f"{stem}{FORMATS[fmt]}"
    write_scan(page.rgb, image, page.ppi, fmt, bits=bits)
    masks = {}
    for name in MASK_NAMES:
        p = outdir / f"{stem}.mask-{name}.png"
        write_mask(page.masks[name], p, page.ppi)
        masks[name] = p.name
    meta = dict(page.meta)
    meta["page"] = number
    meta["image"] = image.name
    meta["format"] = {".tif": "TIFF", ".png": "PNG", ".jpg": "JPEG"}[FORMATS[fmt]]
    meta["masks"] = masks
    meta["bit_depth"] = bits
    dump_json(meta, outdir / f"{stem}.json")
    return {
        "page": number,
        "image": image.name,
        "record": f"{stem}.json",
        "masks": masks,
        "seed": meta["seed"],
        "damage": meta["damage"],
        "paper": meta["paper"]["name"],
        "board": meta["board"]["name"],
        "width": meta["width"],
        "height": meta["height"],
        "totals": meta["totals"],
    }


def write_demo_set(
    outdir: str | os.PathLike[str],
    count: int = 4,
    seed: int = 1,
    ppi: float = 300,
    size="a4",
    fmt: str = "tif",
    *,
    bits: int = 8,
    damage: str | Iterable[str] | None = DAMAGE_CLASSES,
    paper: str | None = None,
    board: str | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> dict:
    """Generate and write ``count`` demo pages and ``manifest.json`` into ``outdir``.

    Parameters
    ----------
    outdir : path-like
        Created when missing.
    count, seed, ppi, size, fmt
        Number of pages; the set's seed (page 1 uses it as is, later pages derive theirs with
        :func:`page_seed`); resolution; ``a4``/``a3``; ``tif``, ``png`` or ``jpg``.
    bits : int
        8, or 16 for tif/png (the 8-bit values × 257).
    damage : str or iterable
        Classes on every page, ``"none"``, or ``"mixed"`` for the benchmark cycle
        :data:`MIXED_CYCLE` (every class, each alone, pairs, undamaged pages).
    paper, board : str, optional
        Fix the paper or board; by default each page picks them from its seed.
    progress : callable, optional
        ``progress(fraction, message)``.

    Returns
    -------
    dict
        The manifest that was written.
    """
    if count < 1:
        raise DemoError("--count must be at least 1")
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise DemoError(f"unknown image format {fmt!r}; choose tif, png or jpg")
    if bits not in (8, 16) or (bits == 16 and FORMATS[fmt] == ".jpg"):
        raise DemoError("16-bit output needs tif or png" if bits == 16 else "choose 8 or 16 bits")
    mixed = isinstance(damage, str) and damage.strip().lower() == "mixed"
    fixed = None if mixed else parse_damage(damage)
    outdir = Path(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(
            f"cannot create the output folder: {exc.strerror or exc}", outdir
        ) from exc
    if not os.access(outdir, os.W_OK):
        raise ExportError("the output folder is not writable", outdir)
    report = progress or (lambda f, m: None)
    pages = []
    for n in range(1, count + 1):
        classes = MIXED_CYCLE[(n - 1) % len(MIXED_CYCLE)] if mixed else fixed

        def sub(f, m, n=n):
            report(((n - 1) + 0.9 * f) / count, f"page {n}/{count}: {m}")

        page = generate_page(
            page_seed(seed, n),
            ppi=ppi,
            size=size,
            damage=classes,
            paper=paper,
            board=board,
            progress=sub,
        )
        report((n - 0.1) / count, f"page {n}/{count}: writing")
        pages.append(write_page(page, outdir, n, fmt, bits=bits))
        del page
    manifest = {
        "generator": "conservator.demo",
        "seed": int(seed),
        "count": count,
        "ppi": ppi,
        "size": size if isinstance(size, str) else list(size),
        "format": fmt,
        "bit_depth": bits,
        "damage": "mixed" if mixed else list(fixed),
        "pages": pages,
    }
    dump_json(manifest, outdir / "manifest.json")
    report(1.0, "done")
    return manifest
