"""Demo content for the news (filled in by the press-release work)."""


def load_news_demo() -> list[str]:
    """Create or refresh the seed's press release and its media contact."""
    return []
