"""Rulers (scales) in the frame: found, left out of the leaf, and checked against the ppi.

Digitisation guidelines (FADGI, Metamorfoze) ask for a scale beside the object, and a lab often
lays a ruler on the board touching the leaf. Counted with the leaf, its body becomes paper and
its end over the leaf's edge a "loss". A ruler also measures the scan: its tick pitch in pixels
implies the resolution, which checks the file's ppi.

Method (after Bhalerao & Reynolds, "Ruler detection for autoscaling on dermoscopy images",
Proc. SPIE 9034, 2014, and Kolesnik & Fexa's ruler localisation for dermoscopy, 2004: a ruler
is a strip whose intensity profile along it is strongly periodic at the tick pitch; the pitch
is the peak of the profile's autocorrelation / spectrum; re-implemented, not copied):

1. *Periodic cells* (working level, both orientations). L* is averaged over bands
   ``band_mm`` high across the strip direction (side by side), high-passed along it
   (minus a ``7 mm`` running mean), and cut into ``window_mm`` windows (half-overlapping).
   Per window, the normalised autocorrelation r(lag) (FFT) gives the pitch P: the lag of
   r's maximum over ``min_pitch_mm``–``max_pitch_mm``, replaced by P/2 or P/3 when that is
   nearly as high (the fundamental, not a harmonic), refined between integer lags by a
   parabola. A cell is periodic when its contrast (standard deviation) is at least
   ``min_contrast`` L*, r(P) ≥ ``min_acf``, r(2P) ≥ ``min_acf`` − 0.1 (both ±1 lag) and
   r(P/2) is a valley (≤ r(P) − ``min_valley_drop``).
2. *A strip*: connected periodic cells (8-connected; a small skew stays connected) of one pitch
   (within ``pitch_tolerance``; rows crossing only the longer ticks repeat at 2–4 times it) running at least ``min_run_mm`` along and at most
   ``max_band_mm`` across (graph paper, stripes and ruled tables are periodic over a wide
   area, not a strip). The strip's centre line is a least-squares line through its cells
   (the skew, up to ``max_skew_deg``).
3. *Ticks* (full resolution, along the skewed centre line). The profile's polarity makes the
   ticks positive (dark ticks on a light ruler or light on a dark one: the side with the thin
   peaks); the pitch is refined on the full profile's autocorrelation (parabolic peak), each
   tick located by the parabolic peak of its period, and a line position = a + P·k fitted by
   least squares. A ruler's ticks are thin (in the median period at most ``max_duty`` of the
   samples above half the tick's height; stripes are half dark) and regular (the residual
   standard deviation at most ``max_jitter`` P; typewriter text and ornament are not);
   the longest run of such ticks must span ``min_run_mm``, and the ticks must be at least
   ``min_tick_mm`` long (rows where the profile's amplitude at the pitch is at least half its
   maximum): dotted leaders and dashed lines are not rulers. The skew is measured on the ticks
   themselves (square to the ruler, their phase at the pitch drifts across the band by the
   slope), and the pitch along the ruler follows from it.
4. *Unit and ppi.* The pitch in mm by the file's ppi is snapped to the nearest standard
   division within ``snap_tolerance`` (0.5, 1, 2 mm; 1/32, 1/16, 1/10, 1/8 in); the implied
   ppi is the pitch in pixels per division. It agrees with the file's when within
   ``ppi_tolerance``. A scan without a resolution has no mm to snap by: its ruler gets no unit
   and no implied ppi (only the pitch in pixels).
5. *The ruler's body*: from the tick band outwards (across, then along) while the band's
   median colour stays within ΔE*ab ``body_max_de`` of the ground between the ticks and at
   least 60 % of it does (up to ``body_gap_mm`` of lines that do not are skipped: the longer
   ticks, numbers, printed rules), up to ``max_body_mm`` across and ``max_end_mm`` beyond the
   ticks; the region is grown by ``margin_mm``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect.base import unit

#: Standard tick divisions: (pitch in mm, unit, pitch in that unit).
DIVISIONS = (
    (0.5, "mm", 0.5),
    (1.0, "mm", 1.0),
    (2.0, "mm", 2.0),
    (25.4 / 32, "in", 1 / 32),
    (25.4 / 16, "in", 1 / 16),
    (2.54, "in", 0.1),
    (25.4 / 8, "in", 1 / 8),
)


@dataclass
class ScaleParams:
    """Parameters of the ruler finder (physical units)."""

    min_pitch_mm: float = field(default=0.5, metadata=unit("mm", "finest tick pitch"))
    max_pitch_mm: float = field(default=3.4, metadata=unit("mm", "coarsest tick pitch"))
    min_run_mm: float = field(default=50.0, metadata=unit("mm", "a ruler's ticks run at least"))
    band_mm: float = field(default=1.5, metadata=unit("mm", "height of the profile bands"))
    window_mm: float = field(default=20.0, metadata=unit("mm", "autocorrelation window"))
    min_contrast: float = field(default=2.0, metadata=unit("L*", "tick profile std, at least"))
    min_acf: float = field(default=0.5, metadata=unit("ratio", "autocorrelation at the pitch"))
    min_valley_drop: float = field(default=0.5, metadata=unit("ratio", "r(P) − r(P/2), at least"))
    pitch_tolerance: float = field(default=0.15, metadata=unit("ratio"))
    max_band_mm: float = field(
        default=20.0, metadata=unit("mm", "periodic band across a ruler, at most")
    )
    max_skew_deg: float = field(default=3.0, metadata=unit("deg"))
    min_tick_mm: float = field(default=1.2, metadata=unit("mm", "shortest ticks (dots are not)"))
    max_duty: float = field(default=0.42, metadata=unit("ratio", "tick width / pitch, at most"))
    max_jitter: float = field(default=0.08, metadata=unit("ratio", "tick position std / pitch"))
    snap_tolerance: float = field(
        default=0.12, metadata=unit("ratio", "pitch within this of a standard division")
    )
    ppi_tolerance: float = field(
        default=0.02, metadata=unit("ratio", "implied ppi agrees with the file's within")
    )
    body_max_de: float = field(default=10.0, metadata=unit("dE76", "ruler body vs its ground"))
    max_body_mm: float = field(default=40.0, metadata=unit("mm", "ruler body beyond the ticks"))
    body_gap_mm: float = field(
        default=3.0, metadata=unit("mm", "lines unlike the body skipped (long ticks, numbers)")
    )
    max_end_mm: float = field(default=15.0, metadata=unit("mm", "ruler ends beyond the ticks"))
    margin_mm: float = field(default=1.0, metadata=unit("mm", "grown around the ruler"))


@dataclass
class Scale:
    """One ruler found in the frame (full-resolution pixels)."""

    box: tuple[int, int, int, int]  # x, y, w, h of the ruler's region (axis-aligned bounds)
    polygon: np.ndarray  # 4×2 float (x, y): the ruler's region, full resolution
    orientation: str  # "horizontal" | "vertical" (direction of the strip)
    skew_deg: float  # from that axis, clockwise as seen
    tick_pitch_px: float
    ticks: int
    run_mm: float | None  # tick run by the file's ppi
    tick_unit: str | None  # "mm" | "in" | None (no standard division)
    tick_pitch: float | None  # in tick_unit
    implied_ppi: float | None
    ppi_agrees: bool | None

    def to_dict(self) -> dict:
        return {
            "kind": "scale",
            "box": [int(v) for v in self.box],
            "orientation": self.orientation,
            "skew_deg": round(self.skew_deg, 2),
            "tick_pitch_px": round(self.tick_pitch_px, 3),
            "ticks": self.ticks,
            "run_mm": None if self.run_mm is None else round(self.run_mm, 1),
            "tick_unit": self.tick_unit,
            "tick_pitch": None if self.tick_pitch is None else round(self.tick_pitch, 5),
            "implied_ppi": None if self.implied_ppi is None else round(self.implied_ppi, 2),
            "ppi_agrees": self.ppi_agrees,
        }


def _luma(a: np.ndarray) -> np.ndarray:
    """Rec. 601 luma (0–255) of uint8/uint16 grey or RGB pixels, float32."""
    a = a.astype(np.float32)
    if a.ndim == 3:
        a = a @ np.array([0.299, 0.587, 0.114], np.float32)
    return a


def _acf(x: np.ndarray, maxlag: int) -> np.ndarray:
    """Normalised, unbiased autocorrelation of the rows of ``x`` up to ``maxlag`` (FFT, float32
    row transforms in OpenCV)."""
    x = np.atleast_2d(np.asarray(x, np.float32))
    n = x.shape[-1]
    nfft = cv2.getOptimalDFTSize(2 * n)
    buf = np.zeros((x.shape[0], nfft), np.float32)
    buf[:, :n] = x - x.mean(axis=-1, keepdims=True)
    f = cv2.dft(buf, flags=cv2.DFT_ROWS | cv2.DFT_COMPLEX_OUTPUT)
    power = cv2.mulSpectrums(f, f, cv2.DFT_ROWS, conjB=True)
    r = cv2.idft(power, flags=cv2.DFT_ROWS | cv2.DFT_REAL_OUTPUT)[:, : maxlag + 1]
    r = r / (n - np.arange(maxlag + 1, dtype=np.float32))
    return r / np.maximum(r[:, :1], 1e-9)


def _cells(L: np.ndarray, ppw: float, p: ScaleParams):
    """Step 1 for strips running along x: (periodic, pitch px, band step, window hop, sizes)."""
    h, w = L.shape
    bh = max(3, int(round(p.band_mm * ppw)))
    step = bh  # bands side by side: a tick at least 1.2 mm long fills most of one
    wn = int(round(p.window_mm * ppw))
    hop = max(1, wn // 2)
    if w < wn or h < bh or 3 * p.max_pitch_mm * ppw >= wn:
        return None
    bands = cv2.blur(L, (1, bh))[bh // 2 : h - (bh - 1) // 2 : step]
    k = int(round(7.0 * ppw)) | 1
    hp = bands - cv2.blur(bands, (k, 1), borderType=cv2.BORDER_REFLECT)
    # twice upsampled along (linear): a pitch of 5.5 px is not lost between integer lags
    nb = hp.shape[0]
    hp2 = cv2.resize(hp, (2 * w, nb), interpolation=cv2.INTER_LINEAR)
    lmin = max(4, int(np.floor(2 * max(p.min_pitch_mm * ppw, 2.5))))
    lmax = int(np.ceil(2 * p.max_pitch_mm * ppw))
    starts = np.arange(0, w - wn + 1, hop)
    win = np.lib.stride_tricks.sliding_window_view(hp2, 2 * wn, axis=1)[:, 2 * starts]
    std = win.std(axis=-1)
    live = std >= p.min_contrast
    nw = live.shape[1]
    periodic = np.zeros((nb, nw), bool)
    pitch = np.zeros((nb, nw), np.float32)
    if not live.any():
        return periodic, pitch, step, hop, bh, wn
    idx = np.flatnonzero(live)
    flat = win.reshape(nb * nw, 2 * wn)
    # in chunks: the row spectra of every window at once would be tens of MB on a big page
    r = np.concatenate(
        [_acf(flat[idx[i : i + 2048]], 3 * lmax + 2) for i in range(0, len(idx), 2048)]
    )
    rows = np.arange(len(idx))
    best = lmin + r[:, lmin : lmax + 1].argmax(axis=1)
    for d in (3, 2):  # prefer the fundamental when a sub-multiple is nearly as high
        sub = np.round(best / d).astype(int)
        near = np.maximum.reduce([r[rows, np.clip(sub + o, 1, None)] for o in (-1, 0, 1)])
        take = (sub >= lmin) & (near >= 0.85 * r[rows, best])
        best = np.where(take, sub, best)
    # the pitch between integer lags: parabolic peak (ticks are a pixel or two wide here)
    a, b, c = r[rows, best - 1], r[rows, best], r[rows, best + 1]
    den = a - 2 * b + c
    shift = np.where(den < 0, 0.5 * (a - c) / np.where(den < 0, den, -1.0), 0.0)
    shift = np.clip(shift, -0.5, 0.5)
    rb = np.where(den < 0, b - 0.25 * (a - c) * shift, b)
    P = best + shift

    def near_max(lag):
        j = np.clip(np.round(lag).astype(int), 1, r.shape[1] - 2)
        return np.maximum.reduce([r[rows, j - 1], r[rows, j], r[rows, j + 1]])

    r2 = near_max(2 * P)
    jh = np.clip(np.round(P / 2).astype(int), 1, r.shape[1] - 2)
    rh = np.minimum.reduce([r[rows, jh - 1], r[rows, jh], r[rows, jh + 1]])
    good = (rb >= p.min_acf) & (r2 >= p.min_acf - 0.1) & (rh <= rb - p.min_valley_drop)
    periodic.flat[idx] = good
    pitch.flat[idx] = P / 2.0
    return periodic, pitch, step, hop, bh, wn


def _strips(periodic, pitch, step, hop, bh, wn, ppw, p: ScaleParams):
    """Step 2: candidate strips as (slope, intercept, a0, a1, across, pitch) in working px
    along/across (the centre line is across = intercept + slope · along)."""
    out = []
    n, lab, st, _ = cv2.connectedComponentsWithStats(periodic.astype(np.uint8), connectivity=8)
    for i in range(1, n):
        x, y, cw, ch, area = (int(v) for v in st[i])
        along = (cw - 1) * hop + wn
        if along < 0.8 * p.min_run_mm * ppw:
            continue
        bi, wi = np.nonzero(lab == i)
        pt = pitch[bi, wi]
        # the finest pitch held by a fair share of the cells; rows crossing only the longer
        # ticks (every 2nd, 5th ...) repeat at a multiple of it
        med = float(np.median(pt))
        for q in np.sort(pt):
            if np.mean(np.abs(pt - q) <= p.pitch_tolerance * q + 0.25) >= 0.3:
                med = float(np.median(pt[np.abs(pt - q) <= p.pitch_tolerance * q + 0.25]))
                break
        mult = np.round(pt / med)
        same = (
            (mult >= 1) & (mult <= 4) & (np.abs(pt - mult * med) <= p.pitch_tolerance * med * mult)
        )
        if same.mean() < 0.7:
            continue
        bi, wi = bi[same], wi[same]
        a_c = wi * hop + (wn - 1) / 2.0  # cell centres, working px
        c_c = bi * step + float(bh // 2)
        if np.ptp(a_c) > 0:
            slope, icpt = np.polyfit(a_c, c_c, 1)
        else:
            slope, icpt = 0.0, float(np.mean(c_c))
        if abs(np.degrees(np.arctan(slope))) > p.max_skew_deg:
            continue
        spread = c_c - (icpt + slope * a_c)
        across = float(np.ptp(spread)) + bh
        if across > p.max_band_mm * ppw:
            continue
        a0, a1 = float(a_c.min() - wn / 2.0), float(a_c.max() + wn / 2.0)
        out.append((float(slope), float(icpt + np.median(spread)), a0, a1, across, med))
    return out


def _sample_line(img: np.ndarray, slope, icpt, a0: int, a1: int, offsets: np.ndarray):
    """``img`` sampled along lines ``across = icpt + slope·along + offset`` (nearest pixel),
    along = a0..a1-1: shape (len(offsets), a1 − a0, ...)."""
    h = img.shape[0]
    xs = np.arange(a0, a1)
    base = icpt + slope * xs
    ys = np.clip(np.round(base[None, :] + offsets[:, None]).astype(int), 0, h - 1)
    return img[ys, xs[None, :]]


def _ticks(profile: np.ndarray, p0: float, p: ScaleParams):
    """Step 3 on a full-resolution profile: (pitch, position of the run's first tick, ticks in
    the run, whether the ticks are dark) of the longest regular run of thin ticks, or None."""
    n = profile.size
    if n < 4 * p0:
        return None
    k = max(3, int(round(p0)))
    kernel = np.ones(k, np.float32) / k
    trend = np.convolve(np.pad(profile, (k, k), mode="reflect"), kernel, mode="same")[k:-k]
    t = profile - trend
    # polarity: thin ticks are the side with the long tail
    dark = float(np.mean(t**3)) < 0
    if dark:
        t = -t
    maxlag = int(np.ceil(1.25 * p0)) + 1
    r = _acf(t[None, :], maxlag)[0]
    lo = max(2, int(np.floor(0.8 * p0)))
    if lo >= maxlag - 1:
        return None
    j = lo + int(np.argmax(r[lo:maxlag]))
    if 0 < j < maxlag:
        a, b, c = r[j - 1], r[j], r[min(j + 1, maxlag)]
        den = a - 2 * b + c
        P = j + (0.5 * (a - c) / den if den < 0 else 0.0)
    else:
        P = float(j)
    if r[j] < p.min_acf:
        return None
    # phase of the fundamental, then each tick's parabolic peak within its period
    xs = np.arange(n)
    phase = np.angle(np.sum(t * np.exp(-2j * np.pi * xs / P)))
    first = (-phase / (2 * np.pi) * P) % P
    half = P / 2.0
    if first - half < 0:
        first += P
    centres = np.arange(first, n - half, P)
    pos, height, duty = [], [], []
    for c in centres:
        i0, i1 = int(np.ceil(c - half)), min(n - 1, int(np.floor(c + half)))
        seg = t[i0 : i1 + 1]
        m = int(np.argmax(seg))
        y = seg[m]
        ground = float(np.median(seg))
        if 0 < m < seg.size - 1:
            a, b, cc = seg[m - 1], seg[m], seg[m + 1]
            den = a - 2 * b + cc
            off = 0.5 * (a - cc) / den if den < 0 else 0.0
        else:
            off = 0.0
        pos.append(i0 + m + off)
        height.append(y - ground)
        duty.append(float(np.mean(seg - ground > 0.5 * (y - ground))))
    if len(pos) < 4:
        return None
    pos, height, duty = np.array(pos), np.array(height), np.array(duty)
    ok = height > 0.35 * np.median(height)
    ok &= np.abs(pos - centres[: len(pos)]) < 0.3 * P
    # longest run of good ticks
    best_s, best_n, s = 0, 0, None
    for i, g in enumerate(np.append(ok, False)):
        if g and s is None:
            s = i
        elif not g and s is not None:
            if i - s > best_n:
                best_s, best_n = s, i - s
            s = None
    if best_n < 5:
        return None
    sel = pos[best_s : best_s + best_n]
    kk = np.arange(best_n, dtype=float)
    slope, icpt = np.polyfit(kk, sel, 1)
    resid = sel - (icpt + slope * kk)
    if float(resid.std()) > p.max_jitter * slope:
        return None  # irregular: typewriter text, ornament
    if float(np.median(duty[best_s : best_s + best_n])) > p.max_duty:
        return None  # broad bars: stripes, not ticks
    return float(slope), float(icpt), best_n, dark


def _tick_tilt(coef: np.ndarray, on: np.ndarray, pitch: float, fallback: float) -> float:
    """The ruler's slope m from the rows' Fourier coefficients at the pitch (``coef``, one a
    row, 1 px apart) over the tick rows ``on``: a tick square to the ruler moves by −m px along
    per row across, so the coefficients' phase turns by 2π·m/pitch a row (least squares on the
    unwrapped phase, weighted by amplitude)."""
    if on.size < 4 or np.ptp(on) < 3:
        return fallback
    rows = np.arange(on[0], on[-1] + 1)
    c = coef[rows]
    w = np.abs(c)
    ph = np.unwrap(np.angle(c))
    keep = w >= 0.5 * w.max()
    if keep.sum() < 4:
        return fallback
    k = np.polyfit(rows[keep], ph[keep], 1, w=w[keep])[0]
    # coef = Σ t(x) e^{−2πi x/P}; a shift of the ticks by dx turns the phase by −2π dx/P
    return float(k * pitch / (2 * np.pi))


def _snap(pitch_mm: float, p: ScaleParams):
    best = min(DIVISIONS, key=lambda d: abs(np.log(pitch_mm / d[0])))
    if abs(pitch_mm / best[0] - 1.0) > p.snap_tolerance:
        return None
    return best


def _grow(colours: np.ndarray, ground: np.ndarray, limit: int, patience: int, p: ScaleParams):
    """How many of the sampled lines (rows of ``colours``: n × m × 3 Lab) from the start lie on
    the ruler's body (step 5): up to the last line like the ground before ``patience`` lines
    in a row that are not (the ends of the longer ticks, a printed rule, the numbers)."""
    last, miss = 0, 0
    for i in range(min(limit, colours.shape[0])):
        d = np.linalg.norm(colours[i] - ground, axis=-1)
        if float(np.median(d)) <= p.body_max_de and float(np.mean(d < p.body_max_de)) >= 0.6:
            last, miss = i + 1, 0
        else:
            miss += 1
            if miss > patience:
                break
    return last


def find_scales(
    lab: np.ndarray,
    src: np.ndarray,
    ppw: float,
    ppm_full: float,
    has_dpi: bool,
    p: ScaleParams | None = None,
) -> tuple[np.ndarray, list[Scale]]:
    """Working-level mask of the rulers in the frame, and the rulers found.

    Parameters
    ----------
    lab : ndarray (h, w, 3) float32
        The working level in CIELAB D50.
    src : ndarray
        The full-resolution scan (uint8/uint16, grey or RGB); only strips of it are read.
    ppw : float
        Working-level pixels per mm.
    ppm_full : float
        Full-resolution pixels per mm (by the file, or assumed).
    has_dpi : bool
        Whether the file carries a resolution (else no unit, implied ppi or agreement).
    """
    p = p or ScaleParams()
    h, w = lab.shape[:2]
    H, W = src.shape[:2]
    mask = np.zeros((h, w), bool)
    found: list[Scale] = []
    L = np.ascontiguousarray(lab[..., 0])
    for orient in ("horizontal", "vertical"):
        Lo = L if orient == "horizontal" else np.ascontiguousarray(L.T)
        labo = lab if orient == "horizontal" else lab.transpose(1, 0, 2)
        srco = src if orient == "horizontal" else src.swapaxes(0, 1)
        fa = (W if orient == "horizontal" else H) / Lo.shape[1]  # full px per working px, along
        fc = (H if orient == "horizontal" else W) / Lo.shape[0]  # across
        cells = _cells(Lo, ppw, p)
        if cells is None:
            continue
        for slope, icpt, a0, a1, across, pw in _strips(*cells, ppw, p):
            am = 0.5 * (a0 + a1)
            cm = int(np.clip(round(icpt + slope * am), 0, Lo.shape[0] - 1))
            am = int(np.clip(round(am), 0, Lo.shape[1] - 1))
            if mask[cm, am] if orient == "horizontal" else mask[am, cm]:
                continue  # another band of a ruler already found
            # full-resolution profile along the centre line, over the periodic band
            # the cells' windows straddle the ruler's ends: the ticks find their run themselves
            ext = 0.5 * p.window_mm * ppw
            A0 = max(0, int((a0 - ext) * fa))
            A1 = min(srco.shape[1], int(np.ceil((a1 + ext) * fa)))
            half = max(2.0, 0.5 * (across - 0.5 * p.band_mm * ppw)) * fc
            offs = np.arange(-half, half + 1, max(1.0, half / 12))
            slope_f = slope * fc / fa
            icpt_f = (icpt + 0.5) * fc - 0.5 - slope_f * 0.5 * (fa - 1)
            strip = _sample_line(srco, slope_f, icpt_f, A0, A1, offs)
            prof = _luma(strip).mean(axis=0)
            res = _ticks(prof, pw * fa, p)
            if res is None:
                continue
            pitch_x, first, nt, dark = res
            # tick length: the rows (1 px apart, ±``max_band_mm``/2) where the profile holds
            # the pitch; dotted leaders and dashes are too short to be ticks
            reach = 0.5 * p.max_band_mm * ppm_full
            rows = _luma(_sample_line(srco, slope_f, icpt_f, A0, A1, np.arange(-reach, reach + 1)))
            rows -= rows.mean(axis=1, keepdims=True)
            wave = np.exp(-2j * np.pi * np.arange(A1 - A0) / pitch_x)
            coef = rows @ wave
            amp = np.abs(coef)
            on = np.flatnonzero(amp >= 0.5 * amp.max())
            tick_mm = float(on.size) / ppm_full
            if tick_mm < p.min_tick_mm:
                continue
            # the skew from the ticks' own tilt (they are square to the ruler): the phase of
            # the pitch drifts along them by −m·Δrow; the pitch follows from the skew m
            tilt = _tick_tilt(coef, on, pitch_x, fallback=slope_f)
            pitch_px = pitch_x * (1.0 + tilt * slope_f) / float(np.hypot(1.0, tilt))
            run_px = pitch_px * (nt - 1)
            if run_px / ppm_full < p.min_run_mm:
                continue
            div = _snap(pitch_px / ppm_full, p) if has_dpi else None  # no ppi: no unit either
            implied = agrees = None
            tick_unit = tick_pitch = None
            if div is not None:
                implied = pitch_px / div[0] * 25.4
                tick_unit, tick_pitch = div[1], div[2]
                agrees = bool(abs(implied / (ppm_full * 25.4) - 1.0) <= p.ppi_tolerance)
            # the tick run, back at the working level
            t0 = (A0 + first) / fa
            t1 = (A0 + first + pitch_x * (nt - 1)) / fa
            # step 5: the body, across then along, from the band's edges
            bandh = 0.5 * across
            band = _sample_line(labo, slope, icpt, int(t0), int(t1) + 1, np.arange(-1, 2))
            band = band.reshape(-1, 3)
            q = np.percentile(band[:, 0], 60 if dark else 40)
            ground = np.median(band[band[:, 0] >= q] if dark else band[band[:, 0] <= q], axis=0)
            lim = int(p.max_body_mm * ppw)
            ia0, ia1 = int(max(0, t0)), int(min(labo.shape[1], t1 + 1))
            ups = _sample_line(labo, slope, icpt, ia0, ia1, -bandh - 1 - np.arange(lim))
            downs = _sample_line(labo, slope, icpt, ia0, ia1, bandh + 1 + np.arange(lim))
            pat = int(round(p.body_gap_mm * ppw))
            c_lo = -bandh - _grow(ups, ground, lim, pat, p)
            c_hi = bandh + _grow(downs, ground, lim, pat, p)
            elim = int(p.max_end_mm * ppw)
            offs_b = np.arange(np.floor(c_lo), np.ceil(c_hi) + 1)
            cols = _sample_line(labo, slope, icpt, 0, labo.shape[1], offs_b)  # (n_off, w, 3)
            before = cols[:, max(0, ia0 - elim) : ia0][:, ::-1].transpose(1, 0, 2)
            after = cols[:, ia1 : ia1 + elim].transpose(1, 0, 2)
            e0 = ia0 - _grow(before, ground, elim, pat, p)
            e1 = ia1 + _grow(after, ground, elim, pat, p)
            mg = p.margin_mm * ppw
            corners = []
            for a, c in (
                (e0 - mg, c_lo - mg),
                (e1 + mg, c_lo - mg),
                (e1 + mg, c_hi + mg),
                (e0 - mg, c_hi + mg),
            ):
                cc = icpt + slope * a + c
                corners.append((a, cc) if orient == "horizontal" else (cc, a))
            poly_w = np.array(corners, np.float32)
            m = np.zeros((h, w), np.uint8)
            cv2.fillPoly(m, [np.round(poly_w * 16).astype(np.int32)], 1, shift=4)
            mask |= m.astype(bool)
            poly = (poly_w + 0.5) * np.array([W / w, H / h], np.float32) - 0.5
            x0, y0 = np.floor(poly.min(axis=0)).clip(0)
            x1, y1 = np.ceil(poly.max(axis=0)).clip(0, [W, H])
            found.append(
                Scale(
                    box=(int(x0), int(y0), int(x1 - x0), int(y1 - y0)),
                    polygon=poly,
                    orientation=orient,
                    # clockwise as seen (y down): +atan(m) along x, −atan(m) along y
                    skew_deg=float(np.degrees(np.arctan(tilt)))
                    * (1.0 if orient == "horizontal" else -1.0),
                    tick_pitch_px=pitch_px,
                    ticks=nt,
                    run_mm=run_px / ppm_full if has_dpi else None,
                    tick_unit=tick_unit,
                    tick_pitch=tick_pitch,
                    implied_ppi=implied,
                    ppi_agrees=agrees,
                )
            )
    return mask, found
