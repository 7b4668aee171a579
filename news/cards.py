"""Press-release cards: the news list, search, the home page and related
releases.

Made in Python: a list page shows twenty of them, and a template include
per card cost more than the rest of the page. Every value is escaped by
``format_html``. Given ids rather than instances, the cards come from the
kept store (``pagecache/fragments.py``): a card depends only on its release and
the language, so each is made once per content generation and a list page
only asks the database which releases it shows.
"""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from pagecache.fragments import remember_many

HEADINGS = ("h2", "h3")


def cards(releases, heading: str = "h2") -> SafeString:
    """The cards of ``releases``: PressRelease instances, or their ids."""
    if heading not in HEADINGS:
        raise ValueError(f"release cards: heading {heading!r} is not h2 or h3")
    releases = list(releases)
    if releases and isinstance(releases[0], int):
        made = remember_many(
            f"card-{heading}",
            get_language(),
            releases,
            lambda ids: _make_cards(ids, heading),
        )
        return mark_safe("".join(made[pk] for pk in releases if pk in made))
    return mark_safe("".join(card(release, heading) for release in releases))


def _make_cards(ids: list[int], heading: str) -> dict[int, SafeString]:
    from news.models import PressRelease

    return {
        release.pk: card(release, heading)
        for release in PressRelease.objects.filter(pk__in=ids).for_cards()
    }


def card(release, heading: str) -> SafeString:
    thumbnail = release.lead_image_thumbnail()
    picture = ""
    if thumbnail:
        webp = (
            format_html('<source type="image/webp" srcset="{}">', thumbnail["webp_url"])
            if thumbnail["webp_url"]
            else ""
        )
        height = (
            format_html(' height="{}"', thumbnail["height"])
            if thumbnail["height"]
            else ""
        )
        picture = format_html(
            '<picture class="release-thumbnail">\n    {}\n    <img src="{}" '
            'alt="" loading="lazy" decoding="async" width="{}"{}>\n  </picture>',
            webp,
            thumbnail["url"],
            thumbnail["width"],
            height,
        )
    snippet = getattr(release, "snippet", "")
    text = (
        format_html('<p class="release-snippet">{}</p>', snippet)
        if snippet
        else format_html("<p>{}</p>", release.summary)
    )
    published = (
        timezone.localtime(release.published_at).isoformat()
        if release.published_at
        else ""
    )
    return format_html(
        '<li class="release-card">\n  {}\n  <div class="release-card-text">\n'
        '    <{} class="release-card-title"><a href="{}">{}</a></{}>\n'
        '    <p class="dateline"><time datetime="{}">{}</time></p>\n'
        "    {}\n  </div>\n</li>",
        picture,
        heading,
        release.get_absolute_url(),
        release.title,
        heading,
        published,
        release.dateline,
        text,
    )
