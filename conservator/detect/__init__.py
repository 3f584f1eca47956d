"""Damage detectors: a shared front end and one module per damage class.

Importing this package registers every damage class in
:data:`conservator.detect.registry.REGISTRY` (a new detector module is imported here).
"""

from conservator.detect import fading, foxing, loss, stain, tear  # noqa: F401  (registration)
from conservator.detect.base import DetectorResult, MaskSource
from conservator.detect.registry import REGISTRY, class_names

#: Registered damage classes, in report order (``registry.class_names()``).
CLASSES = class_names()

__all__ = ["CLASSES", "REGISTRY", "DetectorResult", "MaskSource", "class_names"]
