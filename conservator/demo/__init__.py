"""Synthetic demo scans with exact damage ground truth (``conservator demo``).

See :mod:`conservator.demo.page` for what each mask means and :mod:`conservator.demo.write` for
the files a set is made of.
"""

from conservator.demo.page import (
    BOARDS,
    DAMAGE_CLASSES,
    FADING_DELTA_E,
    FOXING_DELTA_E,
    MASK_NAMES,
    PAPERS,
    SIZES_MM,
    DemoError,
    DemoPage,
    generate_page,
    parse_damage,
)
from conservator.demo.write import (
    MIXED_CYCLE,
    page_seed,
    write_demo_set,
    write_mask,
    write_page,
    write_scan,
)

__all__ = [
    "BOARDS",
    "DAMAGE_CLASSES",
    "FADING_DELTA_E",
    "FOXING_DELTA_E",
    "MASK_NAMES",
    "MIXED_CYCLE",
    "PAPERS",
    "SIZES_MM",
    "DemoError",
    "DemoPage",
    "generate_page",
    "page_seed",
    "parse_damage",
    "write_demo_set",
    "write_mask",
    "write_page",
    "write_scan",
]
