"""The tiled multi-resolution scan viewer."""

from ui.viewer.pyramid import DisplayMapping, TileSource, build_levels
from ui.viewer.view import ScanView

__all__ = ["DisplayMapping", "ScanView", "TileSource", "build_levels"]
