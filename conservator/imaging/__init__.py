"""Reading scans and managing their colour."""

from conservator.imaging.icc import to_srgb
from conservator.imaging.load import load_scan, sniff_format

__all__ = ["load_scan", "sniff_format", "to_srgb"]
