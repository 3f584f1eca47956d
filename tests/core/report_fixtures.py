"""Builders of realistic report data for the PDF tests and the PDF bench.

``make_report_data(folder)`` writes a synthetic scanned leaf (paper on a dark board, lines of
"text", foxing spots, a corner loss, a tear, a faded band) plus one 8-bit mask per damage class,
and returns the dict that ``Store.report_data`` would return for it (docs/interfaces.md).
"""

from __future__ import annotations

import copy
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from conservator.imaging.load import file_sha256

#: Overlay colours the renderer uses for these classes (conservator.report.figures).
VOCAB = {
    "damage": {
        "foxing": {
            "en": "foxing",
            "ru": "фоксинг",
            "kk": "фоксинг (тот дақтары)",
            "fa": "لکه‌های زنگاری",
            "aat": "http://vocab.getty.edu/aat/300078853",
        },
        "loss": {
            "en": "loss",
            "ru": "утрата",
            "kk": "жоғалған бөлік",
            "fa": "افتادگی",
            "aat": "http://vocab.getty.edu/aat/300263354",
        },
        "tear": {
            "en": "tear",
            "ru": "разрыв",
            "kk": "жыртық",
            "fa": "پارگی",
            "aat": "http://vocab.getty.edu/aat/300252881",
        },
        "fading": {"en": "fading", "ru": "выцветание", "kk": "оңу", "fa": "رنگ‌پریدگی"},
        "stain": {
            "en": "stain",
            "ru": "пятно",
            "kk": "дақ",
            "fa": "لکه",
            "aat": "http://vocab.getty.edu/aat/300014968",
        },
    },
    "grade": {
        "good": {"en": "Good", "ru": "Хорошее", "kk": "Жақсы", "fa": "خوب"},
        "fair": {"en": "Fair", "ru": "Удовлетворительное", "kk": "Қанағаттанарлық", "fa": "متوسط"},
        "poor": {"en": "Poor", "ru": "Плохое", "kk": "Нашар", "fa": "ضعیف"},
        "unacceptable": {
            "en": "Unacceptable",
            "ru": "Неудовлетворительное",
            "kk": "Қанағаттанарлықсыз",
            "fa": "غیرقابل‌قبول",
        },
    },
    "priority": {
        "high": {"en": "High", "ru": "Высокая", "kk": "Жоғары", "fa": "زیاد"},
        "low": {"en": "Low", "ru": "Низкая", "kk": "Төмен", "fa": "کم"},
    },
    "reason": {
        "loan": {
            "en": "Loan request",
            "ru": "Запрос на выдачу",
            "kk": "Уақытша беруге сұраныс",
            "fa": "درخواست امانت",
        },
    },
    "method": {
        "visual_scan": {
            "en": "Visual examination and scan",
            "ru": "Визуальный осмотр и скан",
            "kk": "Көзбен шолу және скан",
            "fa": "بررسی چشمی و اسکن",
        },
    },
    "hazard": {
        "mould_risk": {
            "en": "Mould risk",
            "ru": "Риск плесени",
            "kk": "Зең қаупі",
            "fa": "خطر کپک",
        },
    },
    "recommendation_kind": {
        "handling": {"en": "Handling", "ru": "Обращение", "kk": "Ұстау тәртібі", "fa": "جابه‌جایی"},
        "storage": {"en": "Storage", "ru": "Хранение", "kk": "Сақтау", "fa": "نگهداری"},
    },
}

PAPER = (226, 214, 188)
BOARD = (40, 42, 46)


#: The report languages tested: (language, second language of a bilingual report).
LANGUAGE_CASES = {
    "en": ("en", None),
    "ru": ("ru", None),
    "kk": ("kk", None),
    "fa": ("fa", None),
    "fa+en": ("fa", "en"),
}


def make_scan(size=(900, 1260), *, seed: int = 7, n_foxing: int = 14, grain: float = 3.0):
    """A synthetic leaf (RGB uint8) and its masks (dict of bool arrays), all at ``size`` (w, h).

    ``grain`` is the standard deviation of the paper texture (real scans: about 6 to 10).
    """
    rng = np.random.default_rng(seed)
    w, h = size
    img = np.empty((h, w, 3), np.uint8)
    img[:] = BOARD
    leaf = np.zeros((h, w), np.uint8)
    m = int(0.06 * w)
    cv2.rectangle(leaf, (m, m), (w - m, h - m), 1, -1)
    img[leaf > 0] = PAPER
    noise = rng.normal(0, grain, (h, w, 1)).astype(np.float32)
    img = np.clip(img + noise, 0, 255).astype(np.uint8)
    for row in range(int(0.12 * h), int(0.85 * h), max(8, h // 40)):  # lines of "text"
        x = m + int(0.06 * w)
        while x < w - m - int(0.08 * w):
            word = int(rng.integers(w // 40, w // 12))
            cv2.rectangle(
                img, (x, row), (min(x + word, w - m - 20), row + max(2, h // 200)), (70, 55, 40), -1
            )
            x += word + w // 60
    masks = {k: np.zeros((h, w), np.uint8) for k in ("foxing", "loss", "tear", "fading")}
    # faded band across the top third
    band = (slice(m, int(0.3 * h)), slice(m, w - m))
    img[band] = np.clip(img[band].astype(np.int16) + (14, 16, 26), 0, 255).astype(np.uint8)
    masks["fading"][band] = 1
    for _ in range(n_foxing):
        cx, cy = int(rng.integers(m + 20, w - m - 20)), int(rng.integers(int(0.35 * h), h - m - 20))
        r = int(rng.integers(3, max(4, w // 90)))
        cv2.circle(img, (cx, cy), r, (150, 95, 50), -1)
        cv2.circle(masks["foxing"], (cx, cy), r, 1, -1)
    # a loss at the bottom-right corner of the leaf: the board shows through
    pts = np.array([[w - m, h - m - int(0.2 * h)], [w - m, h - m], [w - m - int(0.25 * w), h - m]])
    cv2.fillPoly(masks["loss"], [pts], 1)
    img[masks["loss"] > 0] = BOARD
    # a tear from the left edge
    cv2.line(masks["tear"], (m, int(0.55 * h)), (m + int(0.3 * w), int(0.62 * h)), 1, 3)
    img[masks["tear"] > 0] = (25, 25, 25)
    return img, {k: v > 0 for k, v in masks.items()}, leaf > 0


def bbox_of(mask: np.ndarray) -> list[int]:
    ys, xs = np.nonzero(mask)
    return [
        int(xs.min()),
        int(ys.min()),
        int(xs.max() - xs.min() + 1),
        int(ys.max() - ys.min() + 1),
    ]


def make_report_data(
    folder,
    *,
    size=(900, 1260),
    ppi: float | None = 150.0,
    seed: int = 7,
    n_foxing: int = 14,
    n_extra_obs: int = 0,
    scan_format: str = "png",
    grain: float = 3.0,
) -> dict:
    """Write a scan + masks into ``folder`` and return report data for them.

    ``ppi=None`` writes a scan without resolution (``px_per_mm`` is then ``None``).
    ``n_extra_obs`` adds manual observations with long notes (to make reports longer).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    img, masks, leaf = make_scan(size, seed=seed, n_foxing=n_foxing, grain=grain)
    scan_path = folder / f"scan.{scan_format}"
    pil = Image.fromarray(img)
    if ppi:
        pil.save(scan_path, dpi=(ppi, ppi), **({"quality": 92} if scan_format == "jpg" else {}))
    else:
        pil.save(scan_path)
    ppmm = ppi / 25.4 if ppi else None
    leaf_px = int(leaf.sum())
    mask_paths, measurements, observations = {}, {}, []
    for code, mask in masks.items():
        p = folder / f"scan.mask-{code}.png"
        cv2.imwrite(str(p), mask.astype(np.uint8) * 255)
        mask_paths[code] = str(p)
        n, lab = cv2.connectedComponents(mask.astype(np.uint8))
        area_px = int(mask.sum())
        area_mm2 = area_px / ppmm**2 if ppmm else None
        measurements[code] = {
            "count": n - 1,
            "area_px": area_px,
            "area_mm2": area_mm2,
            "area_pct": 100.0 * area_px / leaf_px,
        }
        regions = []
        for i in range(1, n):
            comp = lab == i
            regions.append(
                {
                    "selector_type": "xywh",
                    "selector_value": "",
                    "bbox": bbox_of(comp),
                    "area_px": int(comp.sum()),
                    "area_mm2": comp.sum() / ppmm**2 if ppmm else None,
                }
            )
        observations.append(
            {
                "id": len(observations) + 1,
                "damage_code": code,
                "severity": 2,
                "location": "recto",
                "note": None,
                "source": "auto",
                "area_mm2": area_mm2,
                "area_px": area_px,
                "pct_of_leaf": 100.0 * area_px / leaf_px,
                "status": "accepted",
                "regions": regions,
            }
        )
    measurements["foxing"].update(
        density_per_100cm2=3.2, median_diameter_mm=1.4, p90_diameter_mm=2.9, median_delta_e00=11.6
    )
    measurements["loss"].update(
        max_edge_depth_mm={"top": 0.0, "bottom": 48.5, "left": 0.0, "right": 31.0},
        insect_hole_candidates=0,
    )
    measurements["tear"].update(lengths_mm=[52.3], longest_mm=52.3)
    measurements["fading"].update(
        paper_lab_median=[86.2, 1.9, 13.4],
        paper_lab_iqr=[2.1, 0.4, 1.2],
        yellowness_e313=27.5,
        pct_delta_e00_gt_2=31.0,
        pct_delta_e00_gt_3=24.5,
        pct_delta_e00_gt_6=3.1,
        ink_paper_delta_e00=48.0,
        ink_paper_contrast=0.62,
    )
    observations[1]["note"] = "Corner lost before 1950; edges stable."
    observations.append(
        {
            "id": 99,
            "damage_code": "stain",
            "severity": 1,
            "location": "верхнее поле",
            "note": "Water stain <b>&amp; tideline</b> — manual note",
            "source": "manual",
            "area_mm2": None,
            "area_px": None,
            "pct_of_leaf": None,
            "status": "proposed",
            "regions": [],
        }
    )
    observations.append(
        {
            "id": 100,
            "damage_code": "foxing",
            "severity": 3,
            "location": "x",
            "note": "rejected one",
            "source": "auto",
            "area_mm2": 1.0,
            "area_px": 10,
            "pct_of_leaf": 0.01,
            "status": "rejected",
            "regions": [],
        }
    )
    for i in range(n_extra_obs):
        observations.append(
            {
                "id": 200 + i,
                "damage_code": ("stain", "tear", "foxing")[i % 3],
                "severity": 1 + i % 3,
                "location": f"leaf {i + 1}r, lower margin",
                "source": "manual",
                "status": "accepted",
                "note": (
                    "Surface dirt and a brown stain along the fold; the paper is soft here and "
                    "should be supported when turning. "
                )
                * 3,
                "area_mm2": 10.0 + i,
                "area_px": 1000 + i,
                "pct_of_leaf": 0.1 * i,
                "regions": [],
            }
        )
    return {
        "institution": {
            "name": "Central State Archive of the Republic of Kazakhstan",
            "address": "Almaty, Kazakhstan",
        },
        "item": {
            "inventory_no": "F-12/3-45",
            "title": "Letter of the Kokand Khan, 1867",
            "object_type": "manuscript",
            "date_text": "1867",
            "materials": "laid paper, iron-gall ink",
            "dimensions": {"height_mm": 210, "width_mm": 150},
            "location": "Store 2, shelf 14",
        },
        "check": {
            "id": 17,
            "ref_no": "CC-2026-0017",
            "check_date": "2026-03-21",
            "reason_code": "loan",
            "method_code": "visual_scan",
            "checker": "A. Nurlanovna",
            "overall_grade": 3,
            "grade_code": "poor",
            "priority_code": "high",
            "completeness_code": "incomplete",
            "completeness_note": "lower right corner lost",
            "next_check_date": "2027-03-21",
            "summary": "Fragile; handle on a support.",
            "environment_note": "Store 2: 45–55 % RH, 18 °C",
            "status": "final",
            "supersedes": None,
            "finalized_at": "2026-03-22T09:30:00Z",
            "finalized_by": "A. Nurlanovna",
            "record_hash": "9f2c" + "0123456789abcdef" * 3 + "a1b2c3d4e5f6",
        },
        "capture": {
            "file_path": str(scan_path),
            "sha256": file_sha256(scan_path),
            "width_px": size[0],
            "height_px": size[1],
            "px_per_mm": ppmm,
            "illumination": "normal",
        },
        "observations": observations,
        "measurements": measurements,
        "masks": mask_paths,
        "hazards": [
            {
                "hazard_code": "mould_risk",
                "note": "Old mould stains, inactive.",
                "date": "2026-03-21",
            }
        ],
        "recommendations": [
            {
                "kind": "handling",
                "text": "Handle with both hands on a rigid support.",
                "code": None,
            },
            {
                "kind": "storage",
                "text": "Store flat in an acid-free folder, 45–55 % RH.",
                "code": None,
            },
        ],
        "treatment": {
            "text": "Dry surface cleaning; mend the tear with Japanese paper and wheat "
            "starch paste; fill the corner loss.",
            "status": "approved",
            "proposed_by": "A. Nurlanovna",
            "approved_by": "M. Rezaei",
            "approved_at": "2026-03-25",
        },
        "signatures": [
            {"name": "A. Nurlanovna", "role": "conservator", "signed_at": "2026-03-22"},
            {"name": "M. Rezaei", "role": "head of conservation", "signed_at": None},
        ],
        "vocab": copy.deepcopy(VOCAB),
    }
