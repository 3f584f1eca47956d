"""Damage analysis of a scan: the pipeline behind ``conservator analyze`` and the desktop app.

``analyze_scan(scan)`` builds the shared front end (leaf, ink, paper tone) once, runs the chosen
detectors and returns an :class:`AnalysisResult` whose ``to_dict()`` is the ``--json`` output
(see docs/interfaces.md, "Analysis").
"""

from conservator.analysis.pipeline import AnalysisResult, analyze_scan

__all__ = ["AnalysisResult", "analyze_scan"]
