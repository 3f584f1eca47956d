"""`conservator` sub-commands: analyze (being built)."""


def register(sub) -> None:
    """Add this module's sub-commands to the parser."""
