"""Damage detectors: a shared front end and one module per damage class.

Importing this package registers the detectors in :data:`conservator.detect.base.REGISTRY`.
"""

from conservator.detect import fading, foxing, loss  # noqa: F401  (registration)
from conservator.detect.base import CLASSES, REGISTRY, DetectorResult, MaskSource

__all__ = ["CLASSES", "REGISTRY", "DetectorResult", "MaskSource"]
