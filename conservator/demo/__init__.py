"""Synthetic demo scans with exact damage ground truth (``conservator demo``).

See :mod:`conservator.demo.page` for what each mask means and :mod:`conservator.demo.write` for
the files a set is made of.
"""

import importlib

#: Where each public name lives; modules are imported on first use (PEP 562), so that
#: ``import conservator.demo.palette`` (the CLI's option lists) does not load OpenCV.
_WHERE = {
    "BOARDS": "palette",
    "PAPERS": "palette",
    "SIZES_MM": "palette",
    "DAMAGE_CLASSES": "page",
    "FADING_DELTA_E": "page",
    "FOXING_DELTA_E": "page",
    "MASK_NAMES": "page",
    "DemoError": "page",
    "DemoPage": "page",
    "generate_page": "page",
    "parse_damage": "page",
    "MIXED_CYCLE": "write",
    "page_seed": "write",
    "write_demo_set": "write",
    "write_mask": "write",
    "write_page": "write",
    "write_scan": "write",
}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f"conservator.demo.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'conservator.demo' has no attribute {name!r}")


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
