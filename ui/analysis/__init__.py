"""Background analysis, findings review, overlays and the parameters dialog."""
