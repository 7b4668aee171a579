"""Press-release cards for any page that lists releases."""

from django import template

register = template.Library()


@register.simple_tag
def release_cards(releases, heading: str = "h2") -> str:
    """The cards of press releases (instances, or ids: see ``news/cards.py``)."""
    from news.cards import cards

    return cards(releases, heading)
