"""Fading and discolouration: paper tone, yellowness, ΔE00 map against the page's own paper.

Method (detection.md §6.3, §3.1–3.2):

1. Paper pixels = leaf minus ink minus board; their CIELAB (D50) median and IQR give the paper
   tone; ASTM E313 yellowness (D65/2°) is computed from the median.
2. The page's reference paper is the least yellow well-populated cluster of local paper
   colours (front end).
3. A discolouration map at about ``map_ppi`` (2 px/mm): paper colour with ink and stains
   replaced by the local paper model; ΔE00 (scikit-image CIEDE2000) against the reference at
   every map pixel. The % of the leaf above 2 / 3 / 6 (small / medium / large differences) is
   reported from the full ΔE00 after ``smooth_mm`` smoothing. The mask uses the map smoothed
   within the leaf over ``map_smooth_mm`` and CIEDE2000 without its lightness term (L* set to
   the reference, as Metamorfoze's ΔE(a*b*)), so paper formation and uneven lighting are not
   called discolouration: ΔE > ``threshold_de00``, regions narrower than ``min_width_mm`` (edge
   toning) removed by an opening, regions that never reach ``core_de00`` or are smaller than
   ``min_area_mm2`` dropped, and regions both darker and bluer than the reference (no ageing
   of paper does that: yellowing, browning and bleaching do not) dropped as scan artefacts;
   yellower regions whose median b* rises by less than ``min_yellowing_db`` (the paper's own
   low-frequency tone variation and edge toning reach about 3–4 b* on the tuning pages) and
   regions darker than the reference by more than ``max_darkening_l`` (printed matter, an
   illustration's mount) are dropped too.
4. Ink-to-paper contrast: median Lab of the ink core against the paper median — ΔE00, ΔL*, and
   Michelson contrast on luminance Y.

On a greyscale scan (or an RGB scan that is practically grey, see the front end) discolouration
cannot be seen: fading is *not measured* ("not measurable in greyscale"); the paper's L* and the
ink's contrast (luminance measures) are still reported, yellowness and the ΔE00 shares are not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from conservator.detect.base import DetectorResult, MaskSource, Steps, register, unit
from conservator.detect.frontend import Front, components, disc, dist76, masked_sample
from conservator.imaging.color import delta_e00, lab_to_xyz_d50, yellowness_e313

VERSION = "1.0.0"


@dataclass
class FadingParams:
    """Fading parameters (physical units)."""

    threshold_de00: float = field(
        default=2.2, metadata=unit("dE00", "discoloured above (chroma and hue terms)")
    )
    core_de00: float = field(default=3.0, metadata=unit("dE00", "a region must reach this"))
    map_smooth_mm: float = field(default=4.0, metadata=unit("mm", "smoothing of the mask map"))
    min_width_mm: float = field(default=16.0, metadata=unit("mm", "narrower bands are edge toning"))
    smooth_mm: float = field(default=1.0, metadata=unit("mm", "Gaussian sigma of the map"))
    map_ppi: float = field(default=50.8, metadata=unit("ppi", "resolution of the ΔE00 map"))
    min_area_mm2: float = field(default=100.0, metadata=unit("mm2", "smallest region"))
    min_yellowing_db: float = field(
        default=4.5, metadata=unit("b*", "a yellower region must be yellower by (median)")
    )
    max_darkening_l: float = field(
        default=10.0, metadata=unit("L*", "darker regions are printed matter, not paper")
    )


def _summary(m: dict) -> str:
    if m.get("yellowness_e313") is None:
        return ""
    return f", paper YI {m['yellowness_e313']:.1f}, ΔE00>3 on {m['pct_delta_e00_gt_3']:.1f}%"


@register(
    "fading",
    VERSION,
    FadingParams,
    order=40,
    colour=(0, 158, 115),  # bluish green
    weight=0.15,
    measurements={
        "paper_lab_median": None,
        "paper_lab_iqr": None,
        "reference_paper_lab": None,
        "yellowness_e313": None,
        "pct_delta_e00_gt_2": 0.0,
        "pct_delta_e00_gt_3": 0.0,
        "pct_delta_e00_gt_6": 0.0,
        "ink_paper_delta_e00": None,
        "ink_paper_delta_l": None,
        "ink_paper_contrast": None,
    },
    severity=(("pct_delta_e00_gt_3", 10.0, 40.0), ("area_pct", 10.0, 40.0)),
    layer=10,
    fill_alpha=0.18,
    summary=_summary,
)
def detect_fading(front: Front, p: FadingParams, steps: Steps) -> DetectorResult:
    """Discoloured or faded regions: ΔE00 of the local paper against the page reference."""
    H, W = front.shape
    lab = front.lab_w
    paper_px = front.leaf_w & front.nominal_w & ~front.ink_w
    if front.greyscale:
        return _greyscale(front, paper_px)
    steps(0.05, "paper tone")
    clean = paper_px & (dist76(lab, front.paper_w) < 6.0)
    del paper_px
    sample = masked_sample(lab, clean if clean.any() else np.ones_like(clean), 100_000)
    med = np.median(sample, axis=0)
    q1, q3 = np.percentile(sample, [25, 75], axis=0)
    yi = yellowness_e313(med)

    steps(0.2, "map")
    # paper colour with non-paper pixels replaced by the local model
    ppw = front.px_w(1.0)
    hw, ww = lab.shape[:2]
    f = max(1.0, (front.px_per_mm * 25.4 / front.scale) / p.map_ppi)
    mh, mw = max(1, round(hw / f)), max(1, round(ww / f))
    # reduced in bands of rows, so no second full copy of the working image is made
    small = np.empty((mh, mw, 3), np.float32)
    band = max(1, int(64 // f) or 1)
    for r0 in range(0, mh, band):
        r1 = min(mh, r0 + band)
        a, b = int(round(r0 * hw / mh)), int(round(r1 * hw / mh))
        img = np.where(clean[a:b, :, None], lab[a:b], front.paper_w[a:b])
        small[r0:r1] = cv2.resize(img, (mw, r1 - r0), interpolation=cv2.INTER_AREA)
    region = front.leaf_w & front.nominal_w
    region_s = cv2.resize(region.astype(np.uint8), (mw, mh), interpolation=cv2.INTER_NEAREST)
    ref = front.ref_paper[None, None, :]
    # the reported shares: full CIEDE2000 on a lightly smoothed map
    fine_map = cv2.GaussianBlur(small, (0, 0), max(0.3, p.smooth_mm * ppw / f))
    de_small = delta_e00(fine_map, ref).astype(np.float32)
    del fine_map
    steps(0.5, "regions")
    # the mask: smoothed within the leaf over map_smooth_mm, CIEDE2000 without its lightness
    # term (L* set to the reference), so formation and lighting are not taken for discolouration
    w = region_s.astype(np.float32)
    sig = max(0.5, p.map_smooth_mm * p.map_ppi / 25.4)
    num = cv2.GaussianBlur(small * w[..., None], (0, 0), sig)
    den = cv2.GaussianBlur(w, (0, 0), sig)
    chroma_map = num / np.maximum(den, 1e-3)[..., None]
    del num, den, small, w
    chroma_map[..., 0] = front.ref_paper[0]
    de_c = delta_e00(chroma_map, ref).astype(np.float32)
    del chroma_map
    de = cv2.resize(de_small, (ww, hw), interpolation=cv2.INTER_LINEAR)
    n_leaf = max(int(region.sum()), 1)
    pct = {
        t: float(round(100.0 * np.count_nonzero((de > t) & region) / n_leaf, 3)) for t in (2, 3, 6)
    }
    # regions narrower than min_width_mm (edge toning along the cut edges) are not fading:
    # an opening at the map level, then dilated back so real regions keep their corners;
    # a region must reach core_de00 somewhere
    m_s = ((de_c > p.threshold_de00) & (region_s > 0)).astype(np.uint8)
    k = disc(max(1, p.min_width_mm / 2 * p.map_ppi / 25.4))
    keep_s = cv2.dilate(cv2.morphologyEx(m_s, cv2.MORPH_OPEN, k), k) & m_s
    n_s, lab_s = cv2.connectedComponents(keep_s, connectivity=8)
    if n_s > 1:
        strong = np.zeros(n_s, bool)
        strong[np.unique(lab_s[de_c > p.core_de00])] = True
        strong[0] = False
        keep_s = strong[lab_s].astype(np.uint8)
    de_cw = cv2.resize(de_c, (ww, hw), interpolation=cv2.INTER_LINEAR)
    keep = (
        cv2.resize(
            cv2.dilate(keep_s, np.ones((3, 3), np.uint8)), (ww, hw), interpolation=cv2.INTER_NEAREST
        )
        > 0
    )
    m = (de_cw > p.threshold_de00) & region & keep
    del de_cw
    n, labl, st, ce = components(m)
    keep = np.zeros(n, bool)
    min_px = p.min_area_mm2 * ppw**2
    instances = []
    s = front.scale
    for k in range(1, n):
        if st[k, cv2.CC_STAT_AREA] < min_px:
            continue
        x, y, w, h, a = st[k]
        sub = labl[y : y + h, x : x + w] == k
        inside = sub & clean[y : y + h, x : x + w]
        reg_lab = np.median(
            masked_sample(lab[y : y + h, x : x + w], inside if inside.any() else sub), axis=0
        )
        d_l = float(reg_lab[0] - front.ref_paper[0])
        d_b = float(reg_lab[2] - front.ref_paper[2])
        if d_l < 0 and d_b < 0:
            continue  # darker *and* bluer than the paper: no ageing does that (scan artefact)
        if 0 < d_b < p.min_yellowing_db:
            continue  # within the paper's own tone variation (mottle, edge toning)
        if d_l < -p.max_darkening_l:
            continue  # far darker than any paper: an illustration or its mount
        keep[k] = True
        a_full = float(a) * s * s
        instances.append(
            {
                "id": len(instances) + 1,
                "bbox": [int(x * s), int(y * s), int(round(w * s)), int(round(h * s))],
                "centroid": [
                    round((ce[k][0] + 0.5) * s - 0.5, 1),
                    round((ce[k][1] + 0.5) * s - 0.5, 1),
                ],
                "area_px": int(round(a_full)),
                "area_mm2": round(a_full / front.px_per_mm**2, 2),
                "lab_median": [round(float(v), 2) for v in reg_lab],
                "delta_e00": round(float(np.median(de[y : y + h, x : x + w][sub])), 2),
                "delta_l": round(d_l, 2),
                "delta_b": round(d_b, 2),
            }
        )
    m = keep[labl]
    mask = MaskSource((H, W), low=m)
    area_px = int(round(m.sum() * s * s))

    steps(0.85, "ink contrast")
    ink_de, ink_dl, ink_c = _ink_contrast(front, med)
    steps(1.0, "done")
    meas = {
        "count": len(instances),
        "area_px": area_px,
        "area_mm2": round(area_px / front.px_per_mm**2, 2),
        "area_pct": front.pct(area_px),
        "paper_lab_median": [round(float(v), 2) for v in med],
        "paper_lab_iqr": [round(float(b - a), 2) for a, b in zip(q1, q3, strict=True)],
        "reference_paper_lab": [round(float(v), 2) for v in front.ref_paper],
        "yellowness_e313": round(float(yi), 2),
        "pct_delta_e00_gt_2": pct[2],
        "pct_delta_e00_gt_3": pct[3],
        "pct_delta_e00_gt_6": pct[6],
        "ink_paper_delta_e00": ink_de,
        "ink_paper_delta_l": ink_dl,
        "ink_paper_contrast": ink_c,
    }
    return DetectorResult("fading", VERSION, {}, meas, instances, mask)


def _ink_contrast(front: Front, paper: np.ndarray):
    """Ink against the paper: ΔE00, ΔL* and Michelson contrast on luminance Y (or Nones)."""
    lab = front.lab_w
    dark = np.zeros(lab.shape[:2], bool)
    for y in range(0, lab.shape[0], 256):
        pl = front.paper_w[y : y + 256][..., 0]
        dark[y : y + 256] = (pl - lab[y : y + 256, :, 0]) > front.params.ink_delta_l
    dark &= front.leaf_w
    if np.count_nonzero(dark) < 20:
        return None, None, None
    ink = np.median(masked_sample(lab, dark), axis=0)
    ink_de = round(float(delta_e00(ink[None], paper[None])[0]), 2)
    ink_dl = round(float(paper[0] - ink[0]), 2)
    yp = float(lab_to_xyz_d50(paper)[1])
    yk = float(lab_to_xyz_d50(ink)[1])
    ink_c = round((yp - yk) / (yp + yk), 4) if yp + yk > 0 else None
    return ink_de, ink_dl, ink_c


def _greyscale(front: Front, paper_px: np.ndarray) -> DetectorResult:
    """A greyscale scan: discolouration (yellowing, browning) is a change of colour and cannot be
    seen, so fading is not measured; the paper's lightness and the ink's contrast, which are
    luminance measures, are still reported."""
    lab = front.lab_w
    sample = masked_sample(lab, paper_px if paper_px.any() else np.ones_like(paper_px), 100_000)
    med = np.median(sample, axis=0)
    q1, q3 = np.percentile(sample, [25, 75], axis=0)
    ink_de, ink_dl, ink_c = _ink_contrast(front, med)
    meas = {
        "count": 0,
        "area_px": 0,
        "area_mm2": 0.0,
        "area_pct": 0.0,
        "paper_lab_median": [round(float(v), 2) for v in med],
        "paper_lab_iqr": [round(float(b - a), 2) for a, b in zip(q1, q3, strict=True)],
        "reference_paper_lab": [round(float(v), 2) for v in front.ref_paper],
        "yellowness_e313": None,
        "pct_delta_e00_gt_2": None,
        "pct_delta_e00_gt_3": None,
        "pct_delta_e00_gt_6": None,
        "ink_paper_delta_e00": ink_de,
        "ink_paper_delta_l": ink_dl,
        "ink_paper_contrast": ink_c,
    }
    res = DetectorResult("fading", VERSION, {}, meas, [], MaskSource(front.shape))
    return res.abstain("greyscale")
