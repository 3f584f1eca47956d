"""Fuzz ``conservator info`` and ``conservator analyze`` with mutated scan files.

Small valid TIFF (plain, LZW, JPEG-in-TIFF, tiled 16-bit Deflate, multi-page), PNG (8-bit
RGB, 16-bit grey), JPEG and JPEG 2000 files are mutated (byte flips, truncation, header field
edits: sizes, bit depths, offsets, counts, resolutions) and each mutant goes through both
commands in a fresh process, with a timeout and an address-space cap (``RLIMIT_AS``). Prints
the number of crashes (killed by a signal), hangs (timeouts), internal errors (a traceback,
"internal error", or an exit code other than 0/1/2) and the peak RSS per run. Target: 0, 0, 0,
and every peak under the cap. Seeded and reproducible; ``--keep DIR`` saves the offending files.

    PYTHONPATH=. python bench/fuzz.py [--count 150] [--seed 1] [--timeout 60] [--cap-mb 2500]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------ seeds
def _leaf(h: int = 200, w: int = 160) -> np.ndarray:
    rng = np.random.default_rng(3)
    rgb = np.full((h, w, 3), 45, np.uint8)
    rgb[20 : h - 20, 16 : w - 16] = (226, 212, 184)
    rgb[20 : h - 20, 16 : w - 16] += rng.integers(0, 6, size=(h - 40, w - 32, 1), dtype=np.uint8)
    for y, x in rng.integers(40, 140, size=(6, 2)):
        rgb[y : y + 5, x : x + 5] = (150, 100, 60)
    rgb[60:64, 30:130] = (30, 30, 30)
    return rgb


def make_seeds(folder: Path) -> list[Path]:
    """Write the valid seed files; returns their paths."""
    import imagecodecs
    import tifffile
    from PIL import Image

    rgb = _leaf()
    res = {"resolution": (200, 200), "resolutionunit": "INCH"}
    seeds = []

    def tif(name, data, **kw):
        p = folder / name
        tifffile.imwrite(p, data, **kw)
        seeds.append(p)

    tif("plain.tif", rgb, photometric="rgb", **res)
    tif("lzw.tif", rgb, photometric="rgb", compression="lzw", rowsperstrip=16, **res)
    tif("jpeg.tif", rgb, photometric="rgb", compression="jpeg", rowsperstrip=32, **res)
    tif(
        "tiled16.tif",
        rgb.astype(np.uint16) * 257,
        photometric="rgb",
        compression="zlib",
        tile=(64, 64),
        **res,
    )
    multi = folder / "multi.tif"
    with tifffile.TiffWriter(multi) as tw:
        for _ in range(3):
            tw.write(rgb, photometric="rgb", compression="zlib", **res)
    seeds.append(multi)
    for name, arr, kw in (
        ("rgb.png", rgb, {}),
        ("grey16.png", (rgb[..., 1].astype(np.uint16) * 257), {}),
    ):
        p = folder / name
        Image.fromarray(arr).save(p, dpi=(200, 200), **kw)
        seeds.append(p)
    p = folder / "scan.jpg"
    Image.fromarray(rgb).save(p, quality=85, dpi=(200, 200))
    seeds.append(p)
    p = folder / "scan.jp2"
    p.write_bytes(imagecodecs.jpeg2k_encode(rgb, level=30, codecformat="JP2"))
    seeds.append(p)
    return seeds


# ------------------------------------------------------------------------------ mutations
_EXTREMES = [0, 1, 2, 3, 7, 8, 16, 255, 256, 0x7FFF, 0xFFFF, 0x10000, 0x7FFFFFFF, 0xFFFFFFFF]


def _tiff_entries(data: bytes) -> list[tuple[int, int, int, int]]:
    """(entry offset, tag, type, count) of every IFD entry of a little/big-endian TIFF."""
    if data[:2] not in (b"II", b"MM") or len(data) < 8:
        return []
    e = "<" if data[:2] == b"II" else ">"
    out, seen = [], set()
    (ifd,) = struct.unpack(e + "I", data[4:8])
    while 8 <= ifd < len(data) - 2 and ifd not in seen and len(seen) < 16:
        seen.add(ifd)
        (n,) = struct.unpack(e + "H", data[ifd : ifd + 2])
        for i in range(min(n, 200)):
            at = ifd + 2 + 12 * i
            if at + 12 > len(data):
                break
            tag, kind, count = struct.unpack(e + "HHI", data[at : at + 8])
            out.append((at, tag, kind, count))
        nxt = ifd + 2 + 12 * n
        if nxt + 4 > len(data):
            break
        (ifd,) = struct.unpack(e + "I", data[nxt : nxt + 4])
    return out


def _edit_tiff(data: bytearray, rnd: random.Random) -> str:
    entries = _tiff_entries(bytes(data))
    if not entries:
        return _flip(data, rnd)
    e = "<" if data[:2] == b"II" else ">"
    at, tag, kind, count = rnd.choice(entries)
    what = rnd.random()
    if what < 0.6:  # the value (inline) or the offset to it
        value = rnd.choice(_EXTREMES + [rnd.getrandbits(32)])
        if kind == 3 and count == 1:
            struct.pack_into(e + "H", data, at + 8, value & 0xFFFF)
        else:
            struct.pack_into(e + "I", data, at + 8, value & 0xFFFFFFFF)
        return f"tiff tag {tag} value={value}"
    if what < 0.8:
        count2 = rnd.choice(_EXTREMES)
        struct.pack_into(e + "I", data, at + 4, count2 & 0xFFFFFFFF)
        return f"tiff tag {tag} count={count2}"
    kind2 = rnd.choice([1, 2, 3, 4, 5, 11, 12, 16, 0, 99])
    struct.pack_into(e + "H", data, at + 2, kind2)
    return f"tiff tag {tag} type={kind2}"


def _png_chunks(data: bytes):
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        yield pos, length, kind
        pos += 12 + length


def _edit_png(data: bytearray, rnd: random.Random) -> str:
    if len(data) < 33:
        return _flip(data, rnd)
    field = rnd.choice(["width", "height", "depth", "colour", "interlace", "phys"])
    if field in ("width", "height"):
        v = rnd.choice(_EXTREMES + [rnd.randint(1, 100_000)])
        struct.pack_into(">I", data, 16 if field == "width" else 20, v & 0xFFFFFFFF)
    elif field == "depth":
        v = rnd.choice([0, 1, 2, 4, 8, 16, 32, 255])
        data[24] = v
    elif field == "colour":
        v = rnd.choice([0, 1, 2, 3, 4, 6, 7, 255])
        data[25] = v
    elif field == "interlace":
        v = rnd.choice([0, 1, 2])
        data[28] = v
    else:
        for pos, _length, kind in _png_chunks(bytes(data)):
            if kind == b"pHYs":
                v = rnd.choice(_EXTREMES)
                struct.pack_into(">II", data, pos + 8, v & 0xFFFFFFFF, v & 0xFFFFFFFF)
                break
        else:
            v = None
    crc = zlib.crc32(bytes(data[12:29])) & 0xFFFFFFFF
    if rnd.random() < 0.8:  # usually keep the header's CRC valid so decoders go further
        struct.pack_into(">I", data, 29, crc)
    return f"png {field}={v}"


def _edit_jpeg(data: bytearray, rnd: random.Random) -> str:
    pos = 2
    sofs = []
    while pos + 4 < len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in (0xC0, 0xC1, 0xC2):
            sofs.append(pos)
        if marker == 0xDA:
            break
        pos += 2 + length
    if not sofs:
        return _flip(data, rnd)
    at = sofs[0]
    field = rnd.choice(["height", "width", "components", "precision"])
    v = rnd.choice(_EXTREMES)
    if field == "height":
        struct.pack_into(">H", data, at + 5, v & 0xFFFF)
    elif field == "width":
        struct.pack_into(">H", data, at + 7, v & 0xFFFF)
    elif field == "components":
        data[at + 9] = v & 0xFF
    else:
        data[at + 4] = v & 0xFF
    return f"jpeg SOF {field}={v}"


def _edit_jp2(data: bytearray, rnd: random.Random) -> str:
    siz = bytes(data).find(b"\xff\x4f\xff\x51")
    ihdr = bytes(data).find(b"ihdr")
    field = rnd.choice(["siz-x", "siz-y", "siz-c", "ihdr-h", "ihdr-w", "ihdr-bpc", "siz-tile"])
    v = rnd.choice(_EXTREMES)
    if field.startswith("siz") and siz >= 0:
        off = {"siz-x": 8, "siz-y": 12, "siz-tile": 24}.get(field)
        if off is not None:
            struct.pack_into(">I", data, siz + off, v & 0xFFFFFFFF)
        else:
            struct.pack_into(">H", data, siz + 40, v & 0xFFFF)
    elif ihdr >= 0:
        if field == "ihdr-h":
            struct.pack_into(">I", data, ihdr + 4, v & 0xFFFFFFFF)
        elif field == "ihdr-w":
            struct.pack_into(">I", data, ihdr + 8, v & 0xFFFFFFFF)
        else:
            data[ihdr + 14] = v & 0xFF
    return f"jp2 {field}={v}"


def _flip(data: bytearray, rnd: random.Random) -> str:
    n = rnd.choice([1, 1, 2, 4, 8, 32])
    at = []
    for _ in range(n):
        # favour the first KB (headers) half of the time
        i = rnd.randrange(min(len(data), 1024)) if rnd.random() < 0.5 else rnd.randrange(len(data))
        data[i] = rnd.getrandbits(8)
        at.append(i)
    return f"{n} byte(s) changed at {sorted(at)[:4]}"


def mutate(seed: bytes, kind: str, rnd: random.Random) -> tuple[bytes, str]:
    """One mutant of ``seed`` and a description of what was done."""
    data = bytearray(seed)
    r = rnd.random()
    if r < 0.15:
        cut = rnd.randrange(1, len(data))
        return bytes(data[:cut]), f"truncated to {cut} of {len(data)} bytes"
    if r < 0.45:
        return bytes(data), _flip(data, rnd)
    edit = {"tif": _edit_tiff, "png": _edit_png, "jpg": _edit_jpeg, "jp2": _edit_jp2}[kind]
    how = edit(data, rnd)
    if rnd.random() < 0.2:
        how += "; " + _flip(data, rnd)
    return bytes(data), how


# ------------------------------------------------------------------------------ running
def run_one(argv: list[str], timeout: float, cap_mb: int) -> dict:
    """Run the CLI in a fresh process; exit status, peak RSS (MB) and stderr."""

    def limits():
        os.setsid()
        cap = cap_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    with tempfile.TemporaryFile() as err:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CONSERVATOR_DEBUG": ""}
        t0 = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "conservator", *argv],
            stdout=subprocess.DEVNULL,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=limits,
        )
        hung = threading.Event()

        def kill():
            hung.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return {
        "code": proc.returncode,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "hung": hung.is_set(),
        "peak_mb": usage.ru_maxrss / 1024,
        "seconds": time.monotonic() - t0,
        "stderr": text,
    }


def classify(res: dict) -> str:
    if res["hung"]:
        return "hang"
    if res["signal"] is not None:
        return "crash"
    if "Traceback" in res["stderr"] or "internal error" in res["stderr"]:
        return "internal"
    if res["code"] not in (0, 1, 2):
        return "internal"
    return "ok"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=150, help="mutants (each runs info + analyze)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    ap.add_argument("--cap-mb", type=int, default=2500, help="address-space cap per run (MB)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", type=Path, default=None, help="save offending mutants here")
    args = ap.parse_args(argv)

    rnd = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="conservator-fuzz-"))
    try:
        seeds = make_seeds(work)
        kinds = {".tif": "tif", ".png": "png", ".jpg": "jpg", ".jp2": "jp2"}
        jobs = []
        for i in range(args.count):
            seed = seeds[i % len(seeds)]
            data, how = mutate(seed.read_bytes(), kinds[seed.suffix], rnd)
            path = work / f"m{i:04d}{seed.suffix}"
            path.write_bytes(data)
            jobs.append((path, seed.name, how))

        def work_on(job):
            path, seed_name, how = job
            out = []
            for cmd in (["info", str(path)], ["analyze", str(path), "--quiet", "--json", "-"]):
                res = run_one(cmd, args.timeout, args.cap_mb)
                out.append((cmd[0], res, classify(res)))
            return job, out

        counts = {"ok": 0, "crash": 0, "hang": 0, "internal": 0}
        exits = {0: 0, 1: 0, 2: 0}
        peaks, findings = [], []
        t0 = time.monotonic()
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for n, (job, out) in enumerate(pool.map(work_on, jobs), 1):
                for cmd, res, verdict in out:
                    counts[verdict] += 1
                    exits[res["code"]] = exits.get(res["code"], 0) + 1
                    peaks.append((res["peak_mb"], cmd, job[0].name))
                    if verdict != "ok":
                        findings.append((verdict, cmd, job, res))
                if n % 25 == 0:
                    print(f"  {n}/{len(jobs)} mutants, {time.monotonic() - t0:.0f} s", flush=True)
        runs = sum(counts.values())
        peaks.sort(reverse=True)
        print(
            f"\nfuzz: {len(jobs)} mutants of {len(seeds)} seeds, {runs} runs "
            f"(info + analyze), {time.monotonic() - t0:.0f} s, cap {args.cap_mb} MB"
        )
        print(f"{'crashes (signal)':>22}: {counts['crash']}")
        print(f"{'hangs (> timeout)':>22}: {counts['hang']}")
        print(f"{'internal errors':>22}: {counts['internal']}")
        print(
            f"{'clean exits':>22}: {counts['ok']} (exit codes: "
            + ", ".join(f"{k}: {v}" for k, v in sorted(exits.items()))
            + ")"
        )
        med = float(np.median([p[0] for p in peaks])) if peaks else 0.0
        print(
            f"{'peak RSS':>22}: max {peaks[0][0]:.0f} MB ({peaks[0][1]} {peaks[0][2]}), "
            f"median {med:.0f} MB; cap {args.cap_mb} MB "
            f"{'respected' if peaks[0][0] < args.cap_mb else 'EXCEEDED'}"
        )
        for verdict, cmd, (path, seed_name, how), res in findings:
            last = res["stderr"].strip().splitlines()[-1:] or [""]
            print(
                f"  {verdict}: {cmd} {path.name} (seed {seed_name}: {how}) "
                f"exit {res['code']} signal {res['signal']}: {last[0][:200]}"
            )
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, args.keep / path.name)
        bad = counts["crash"] + counts["hang"] + counts["internal"]
        return 1 if bad or (peaks and peaks[0][0] >= args.cap_mb) else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
