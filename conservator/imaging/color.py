"""Colour science for measurement: sRGB → CIELAB (D50, Bradford), ΔE00, ASTM E313 yellowness.

Method
------
sRGB values are linearised with the IEC 61966-2-1 tone curve (a look-up table for 8- and
16-bit data), mapped to CIE XYZ (D65) with the sRGB primaries matrix, chromatically adapted to
D50 with the Bradford transform (the ICC profile connection space, and the white point of the
ColorChecker reference values), then converted to CIELAB against the D50 white. All of it in
float32, in row chunks, so a large image never needs a full-size float64 copy.

``skimage.color.rgb2lab(..., illuminant="D50")`` is *not* used: it only changes the reference
white and skips the Bradford adaptation of the sRGB primaries.

ΔE00 (CIE 142-2001) is computed here in float64 NumPy, operation for operation as
scikit-image's ``skimage.color.deltaE_ciede2000`` (kL = kC = kH = 1), so the values are the same
to the last bit (checked in the test suite), verified against the 34 pairs of Sharma, Wu &
Dalal (2005); applied in chunks. Importing scikit-image's colour module would cost every
analysis ~0.2 s and ~25 MB (it loads SciPy).

The ASTM E313 yellowness index uses the D65/2° coefficients C_X = 1.2985, C_Z = 1.1335 on
XYZ scaled 0–100 (ASTM E313-20), computed from D50 Lab by reversing the Bradford adaptation.

References
----------
IEC 61966-2-1:1999 (sRGB). Lindbloom, "Chromatic adaptation" (Bradford matrices).
CIE 15:2004 Colorimetry. Sharma, Wu & Dalal, Color Res. Appl. 30 (2005) 21–30.
ASTM E313-20, Standard Practice for Calculating Yellowness and Whiteness Indices.
"""

from __future__ import annotations

import numpy as np

from conservator.parallel import for_bands

#: XYZ of the D65 and D50 whites (CIE 1931 2°), Y = 1.
WHITE_D65 = np.array([0.95047, 1.0, 1.08883])
WHITE_D50 = np.array([0.96422, 1.0, 0.82521])

#: Linear sRGB → XYZ (D65), IEC 61966-2-1.
M_SRGB_TO_XYZ_D65 = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)

#: Bradford cone response matrix.
M_BRADFORD = np.array(
    [
        [0.8951, 0.2664, -0.1614],
        [-0.7502, 1.7135, 0.0367],
        [0.0389, -0.0685, 1.0296],
    ]
)


def bradford(src_white: np.ndarray, dst_white: np.ndarray) -> np.ndarray:
    """The 3×3 Bradford chromatic adaptation matrix from ``src_white`` to ``dst_white`` (XYZ)."""
    src = M_BRADFORD @ np.asarray(src_white, dtype=float)
    dst = M_BRADFORD @ np.asarray(dst_white, dtype=float)
    return np.linalg.inv(M_BRADFORD) @ np.diag(dst / src) @ M_BRADFORD


#: XYZ(D65) → XYZ(D50), and linear sRGB → XYZ(D50).
M_D65_TO_D50 = bradford(WHITE_D65, WHITE_D50)
M_SRGB_TO_XYZ_D50 = M_D65_TO_D50 @ M_SRGB_TO_XYZ_D65

#: ASTM E313 coefficients for D65 / 2°.
E313_CX = 1.2985
E313_CZ = 1.1335

_EPS = 216.0 / 24389.0
_KAPPA = 24389.0 / 27.0

_LUTS: dict[int, np.ndarray] = {}


def srgb_to_linear(values: np.ndarray) -> np.ndarray:
    """Linearise sRGB values in [0, 1] (float) with the IEC 61966-2-1 curve."""
    v = np.asarray(values, dtype=np.float64)
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def _linear_lut(bits: int) -> np.ndarray:
    lut = _LUTS.get(bits)
    if lut is None:
        top = (1 << bits) - 1
        lut = srgb_to_linear(np.arange(top + 1) / top).astype(np.float32)
        _LUTS[bits] = lut
    return lut


def _linear(rgb: np.ndarray) -> np.ndarray:
    if rgb.dtype == np.uint8:
        return _linear_lut(8)[rgb]
    if rgb.dtype == np.uint16:
        return _linear_lut(16)[rgb]
    return srgb_to_linear(np.clip(rgb, 0.0, 1.0)).astype(np.float32)


def _f(t: np.ndarray) -> np.ndarray:
    return np.where(t > _EPS, np.cbrt(t), (_KAPPA * t + 16.0) / 116.0)


#: pixels converted at a time: each float32 temporary of a band is 3 MB
CHUNK_PIXELS = 1 << 18


def srgb_to_lab(rgb: np.ndarray, *, chunk_rows: int | None = None) -> np.ndarray:
    """Convert sRGB pixels to CIELAB (D50 white, Bradford-adapted), float32.

    Parameters
    ----------
    rgb : ndarray, shape (..., 3)
        sRGB values: uint8, uint16 (full range) or float in [0, 1].
    chunk_rows : int, optional
        Rows converted at a time (bounds the float32 temporaries); by default as many rows
        as make :data:`CHUNK_PIXELS` pixels.

    Returns
    -------
    ndarray, float32, shape (..., 3)
        L* in [0, 100], a*, b*.
    """
    rgb = np.asarray(rgb)
    if rgb.shape[-1] != 3:
        raise ValueError("srgb_to_lab needs an array whose last axis holds R, G, B")
    if chunk_rows is None:
        width = rgb.shape[1] if rgb.ndim == 3 else 1024
        chunk_rows = max(1, CHUNK_PIXELS // max(width, 1))
    if rgb.ndim == 3 and rgb.dtype in (np.uint8, np.uint16) and rgb.shape[1] > 0:
        return _srgb_to_lab_cv(rgb, chunk_rows)
    shape = rgb.shape
    flat = rgb.reshape(-1, 3)
    out = np.empty((flat.shape[0], 3), dtype=np.float32)
    m = (M_SRGB_TO_XYZ_D50 / WHITE_D50[:, None]).astype(np.float32).T
    for start in range(0, flat.shape[0], max(1, chunk_rows) * 1024):
        block = flat[start : start + chunk_rows * 1024]
        xyz = _linear(block) @ m  # already divided by the white
        f = _f(xyz)
        o = out[start : start + chunk_rows * 1024]
        o[:, 0] = 116.0 * f[:, 1] - 16.0
        o[:, 1] = 500.0 * (f[:, 0] - f[:, 1])
        o[:, 2] = 200.0 * (f[:, 1] - f[:, 2])
    return out.reshape(shape[:-1] + (3,))


#: f(X/Xn, Y/Yn, Z/Zn) → (L*, a*, b*) as a 3×4 affine matrix.
_F_TO_LAB = np.array(
    [[0.0, 116.0, 0.0, -16.0], [500.0, -500.0, 0.0, 0.0], [0.0, 200.0, -200.0, 0.0]],
    dtype=np.float32,
)


def _srgb_to_lab_cv(rgb: np.ndarray, chunk_rows: int) -> np.ndarray:
    """Fast path for uint8/uint16 images: LUT, ``cv2.transform`` and ``cv2.pow`` in float32."""
    import cv2

    m = (M_SRGB_TO_XYZ_D50 / WHITE_D50[:, None]).astype(np.float32)
    lut = _linear_lut(8 if rgb.dtype == np.uint8 else 16)
    out = np.empty(rgb.shape, dtype=np.float32)
    step = max(1, chunk_rows)

    def band(y: int) -> None:
        block = np.ascontiguousarray(rgb[y : y + step])
        lin = cv2.LUT(block, lut) if rgb.dtype == np.uint8 else lut[block]
        xyz = cv2.transform(lin, m, dst=lin)  # per pixel, so in place is safe
        f = cv2.pow(np.maximum(xyz, 0.0, out=xyz), 1.0 / 3.0)
        if xyz.min() <= _EPS:  # dark pixels (rare on paper): the linear segment of f
            small = xyz <= _EPS
            f[small] = (_KAPPA * xyz[small] + 16.0) / 116.0
        rows = out[y : y + step]
        lab = cv2.transform(f, _F_TO_LAB, dst=rows)  # straight into the output rows
        if lab is not rows:  # (should OpenCV ever hand back a new array instead)
            rows[...] = lab

    for_bands(band, range(0, rgb.shape[0], step))
    return out


def lab_to_xyz_d50(lab: np.ndarray) -> np.ndarray:
    """CIELAB (D50) → XYZ (D50, Y = 1 for the white), float64."""
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16.0) / 116.0
    fx = fy + lab[..., 1] / 500.0
    fz = fy - lab[..., 2] / 200.0

    def inv(f):
        f3 = f**3
        return np.where(f3 > _EPS, f3, (116.0 * f - 16.0) / _KAPPA)

    y = np.where(lab[..., 0] > _KAPPA * _EPS, fy**3, lab[..., 0] / _KAPPA)
    return np.stack([inv(fx), y, inv(fz)], axis=-1) * WHITE_D50


def lab_to_srgb(lab: np.ndarray) -> np.ndarray:
    """CIELAB (D50) → sRGB floats in [0, 1] (clipped); the inverse of :func:`srgb_to_lab`."""
    xyz = lab_to_xyz_d50(lab)
    lin = xyz @ np.linalg.inv(M_SRGB_TO_XYZ_D50).T
    lin = np.clip(lin, 0.0, 1.0)
    return np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 of two float64 ``(n, 3)`` arrays of CIELAB colours, float64 ``(n,)``.

    Sharma, Wu & Dalal (2005), with kL = kC = kH = 1 and the hue angles in [0, 2π); the
    operations and their order follow scikit-image's ``deltaE_ciede2000`` (BSD-3-Clause), so
    the results are bit-identical to it.
    """
    L1, a1, b1 = lab1[:, 0], lab1[:, 1], lab1[:, 2]
    L2, a2, b2 = lab2[:, 0], lab2[:, 1], lab2[:, 2]
    # a* stretched by the mean chroma, then polar coordinates (the "prime" quantities)
    Cbar = 0.5 * (np.hypot(a1, b1) + np.hypot(a2, b2))
    c7 = Cbar**7
    G = 0.5 * (1 - np.sqrt(c7 / (c7 + 25**7)))
    scale = 1 + G
    C1, h1 = _polar_2pi(a1 * scale, b1)
    C2, h2 = _polar_2pi(a2 * scale, b2)
    # lightness term
    Lbar = 0.5 * (L1 + L2)
    tmp = (Lbar - 50) ** 2
    SL = 1 + 0.015 * tmp / np.sqrt(20 + tmp)
    L_term = (L2 - L1) / SL
    # chroma term
    Cbar = 0.5 * (C1 + C2)
    SC = 1 + 0.045 * Cbar
    C_term = (C2 - C1) / SC
    # hue term
    h_diff = h2 - h1
    h_sum = h1 + h2
    CC = C1 * C2
    dH = h_diff.copy()
    dH[h_diff > np.pi] -= 2 * np.pi
    dH[h_diff < -np.pi] += 2 * np.pi
    dH[CC == 0.0] = 0.0
    dH_term = 2 * np.sqrt(CC) * np.sin(dH / 2)
    Hbar = h_sum.copy()
    wrap = (CC != 0.0) & (np.abs(h_diff) > np.pi)
    Hbar[wrap & (h_sum < 2 * np.pi)] += 2 * np.pi
    Hbar[wrap & (h_sum >= 2 * np.pi)] -= 2 * np.pi
    Hbar[CC == 0.0] *= 2
    Hbar *= 0.5
    T = (
        1
        - 0.17 * np.cos(Hbar - np.deg2rad(30))
        + 0.24 * np.cos(2 * Hbar)
        + 0.32 * np.cos(3 * Hbar + np.deg2rad(6))
        - 0.20 * np.cos(4 * Hbar - np.deg2rad(63))
    )
    SH = 1 + 0.015 * Cbar * T
    H_term = dH_term / SH
    # hue rotation
    c7 = Cbar**7
    Rc = 2 * np.sqrt(c7 / (c7 + 25**7))
    dtheta = np.deg2rad(30) * np.exp(-(((np.rad2deg(Hbar) - 275) / 25) ** 2))
    R_term = -np.sin(2 * dtheta) * Rc * C_term * H_term
    dE2 = L_term**2
    dE2 += C_term**2
    dE2 += H_term**2
    dE2 += R_term
    return np.sqrt(np.maximum(dE2, 0))


def _polar_2pi(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Radius and angle in [0, 2π) of (x, y)."""
    r, t = np.hypot(x, y), np.arctan2(y, x)
    t += np.where(t < 0.0, 2 * np.pi, 0)
    return r, t


def delta_e00(lab1: np.ndarray, lab2: np.ndarray, *, chunk: int = 1 << 16) -> np.ndarray:
    """CIEDE2000 colour difference (:func:`ciede2000`), in chunks.

    Parameters
    ----------
    lab1, lab2 : array_like, shape (..., 3)
        CIELAB colours; broadcast against each other.
    chunk : int
        Pixels per call, to bound the float64 temporaries (about 13 MB).

    Returns
    -------
    ndarray of float32
    """
    a, b = np.broadcast_arrays(np.asarray(lab1), np.asarray(lab2))
    shape = a.shape[:-1]
    a = a.reshape(-1, 3)
    b = b.reshape(-1, 3)
    out = np.empty(a.shape[0], dtype=np.float32)

    def part(s: int) -> None:
        out[s : s + chunk] = ciede2000(
            a[s : s + chunk].astype(np.float64), b[s : s + chunk].astype(np.float64)
        )

    for_bands(part, range(0, a.shape[0], chunk))
    return out.reshape(shape)


def yellowness_e313(lab_d50: np.ndarray) -> np.ndarray | float:
    """ASTM E313 yellowness index (D65/2°) of CIELAB D50 colours.

    The colour is taken back to XYZ D50, adapted to D65 with the inverse Bradford matrix and
    scaled to Y = 100; then ``YI = 100 (C_X X − C_Z Z) / Y`` with C_X = 1.2985, C_Z = 1.1335.
    A perfect D65 white gives 0; yellowed papers give roughly 10–40.
    """
    xyz50 = lab_to_xyz_d50(lab_d50)
    xyz65 = xyz50 @ np.linalg.inv(M_D65_TO_D50).T * 100.0
    y = np.maximum(xyz65[..., 1], 1e-6)
    yi = 100.0 * (E313_CX * xyz65[..., 0] - E313_CZ * xyz65[..., 2]) / y
    return float(yi) if np.ndim(yi) == 0 else yi
