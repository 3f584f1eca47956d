"""Plain data classes shared by every layer (numpy only)."""

from conservator.model.image import ScanImage

__all__ = ["ScanImage"]
