"""Build small but real ICC v2 profiles at test time (matrix/TRC RGB and grey TRC).

Used to tag generated test scans with ProPhoto/ROMM, Adobe RGB, eciRGB-like and grey profiles,
so no profile file has to be committed. The structure follows ICC.1:2001-04 (v2.4).
"""

from __future__ import annotations

import struct

import numpy as np

D50 = np.array([0.9642, 1.0, 0.8249])

PRIMARIES = {
    # name: (rx, ry, gx, gy, bx, by), white xy, gamma
    "romm": ((0.7347, 0.2653, 0.1596, 0.8404, 0.0366, 0.0001), (0.3457, 0.3585), 1.8),
    "adobe": ((0.64, 0.33, 0.21, 0.71, 0.15, 0.06), (0.3127, 0.3290), 563 / 256),
    "eci": ((0.67, 0.33, 0.21, 0.71, 0.14, 0.08), (0.3457, 0.3585), 1.8),
}


def _s15(v: float) -> bytes:
    return struct.pack(">i", int(round(v * 65536)))


def _xyz_tag(xyz) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + b"".join(_s15(v) for v in xyz)


def _curve(gamma: float) -> bytes:
    return b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, int(round(gamma * 256))) + b"\x00\x00"


def _desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\x00"
    return (
        b"desc\x00\x00\x00\x00"
        + struct.pack(">I", len(ascii_))
        + ascii_
        + struct.pack(">II", 0, 0)
        + struct.pack(">HB", 0, 0)
        + b"\x00" * 67
    )


def _text(text: str) -> bytes:
    return b"text\x00\x00\x00\x00" + text.encode("ascii") + b"\x00"


def _xy_to_xyz(x: float, y: float) -> np.ndarray:
    return np.array([x / y, 1.0, (1 - x - y) / y])


def _bradford(src_white: np.ndarray, dst_white: np.ndarray) -> np.ndarray:
    m = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])
    s, d = m @ src_white, m @ dst_white
    return np.linalg.inv(m) @ np.diag(d / s) @ m


def rgb_to_xyz_matrix(primaries, white_xy) -> np.ndarray:
    """RGB → XYZ matrix (columns = primaries) for the given white, adapted to D50 (Bradford)."""
    rx, ry, gx, gy, bx, by = primaries
    cols = np.stack([_xy_to_xyz(rx, ry), _xy_to_xyz(gx, gy), _xy_to_xyz(bx, by)], axis=1)
    white = _xy_to_xyz(*white_xy)
    scale = np.linalg.solve(cols, white)
    m = cols * scale
    return _bradford(white, D50) @ m


def _assemble(colour_space: bytes, tags: list[tuple[bytes, bytes]]) -> bytes:
    n = len(tags)
    offset = 128 + 4 + 12 * n
    table, data = b"", b""
    for sig, payload in tags:
        while (offset + len(data)) % 4:
            data += b"\x00"
        table += struct.pack(">4sII", sig, offset + len(data), len(payload))
        data += payload
    body = struct.pack(">I", n) + table + data
    size = 128 + len(body)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + struct.pack(">I", 0x02400000)
        + b"mntr"
        + colour_space
        + b"XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\x00" * 4  # platform
        + b"\x00" * 4  # flags
        + b"\x00" * 8  # manufacturer, model
        + b"\x00" * 8  # attributes
        + struct.pack(">I", 0)  # intent
        + b"".join(_s15(v) for v in D50)
        + b"\x00" * 4  # creator
        + b"\x00" * 16  # profile id
        + b"\x00" * 28
    )
    assert len(header) == 128
    return header + body


def make_rgb_profile(name: str, description: str) -> bytes:
    """An RGB matrix/TRC profile for ``romm``, ``adobe`` or ``eci`` with the given description."""
    primaries, white, gamma = PRIMARIES[name]
    m = rgb_to_xyz_matrix(primaries, white)
    curve = _curve(gamma)
    tags = [
        (b"desc", _desc(description)),
        (b"cprt", _text("No copyright, generated for tests")),
        (b"wtpt", _xyz_tag(D50)),
        (b"rXYZ", _xyz_tag(m[:, 0])),
        (b"gXYZ", _xyz_tag(m[:, 1])),
        (b"bXYZ", _xyz_tag(m[:, 2])),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    return _assemble(b"RGB ", tags)


def make_grey_profile(description: str = "Grey Gamma 2.2", gamma: float = 2.2) -> bytes:
    tags = [
        (b"desc", _desc(description)),
        (b"cprt", _text("No copyright, generated for tests")),
        (b"wtpt", _xyz_tag(D50)),
        (b"kTRC", _curve(gamma)),
    ]
    return _assemble(b"GRAY", tags)


def make_cmyk_profile(description: str = "Simple CMYK (test)") -> bytes:
    """A CMYK output profile with an A2B0 lut16 (CMYK → Lab) on a 2-point grid.

    The corners follow a naive subtractive model (RGB = (1−C)(1−K) …), which is enough to
    check that a CMYK scan is converted *through its profile*.
    """
    from skimage.color import rgb2lab

    corners = []
    for c in (0, 1):
        for m in (0, 1):
            for y in (0, 1):
                for k in (0, 1):
                    rgb = np.array([(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)], float)
                    lab = rgb2lab(rgb[None, None, :], illuminant="D50")[0, 0]
                    corners.append(
                        (
                            int(round(lab[0] / 100 * 0xFF00)),
                            int(round((lab[1] + 128) * 256)),
                            int(round((lab[2] + 128) * 256)),
                        )
                    )
    ident = b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    n_in, n_out, grid = 4, 3, 2
    table = np.array([0, 65535], dtype=">u2").tobytes()
    lut = (
        b"mft2\x00\x00\x00\x00"
        + struct.pack(">BBBB", n_in, n_out, grid, 0)
        + ident
        + struct.pack(">HH", 2, 2)
        + table * n_in
        + b"".join(struct.pack(">HHH", *np.clip(c, 0, 65535)) for c in corners)
        + table * n_out
    )
    tags = [
        (b"desc", _desc(description)),
        (b"cprt", _text("No copyright, generated for tests")),
        (b"wtpt", _xyz_tag(D50)),
        (b"A2B0", lut),
    ]
    prof = bytearray(_assemble(b"CMYK", tags))
    prof[12:16] = b"prtr"  # output device class
    prof[20:24] = b"Lab "  # PCS
    return bytes(prof)
