"""Demo content for the organisation (filled in by the organisation work)."""


def load_organization_demo() -> list[str]:
    """Create or refresh the seed's structure and the Peru office."""
    return []
