"""Manual annotation tools (rectangle, polygon, brush); edits go through the findings undo stack."""
