"""An editor's markup reaches feed readers as text, escaped exactly once."""

import html
from html.parser import HTMLParser

import feedparser
import pytest
from django.urls import reverse
from django.utils.translation import override

from tests.news.factories import PressReleaseFactory
from tests.organization.factories import CountryOfficeFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '"><img src=x onerror=alert(1)>',
    "Closed <b>tags</b> & <script>alert(1)</script>",
    "Tom &amp; Jerry’s “quotes”",
]
FEEDS = ["news:feed-rss", "news:feed-atom"]
OFFICE_FEEDS = ["news:office-feed-rss", "news:office-feed-atom"]


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def shown(detail) -> str:
    """What a feed reader shows for a title or summary: plain text as it is,
    HTML as the text it renders to (and it must render no element)."""
    if detail.type == "text/plain":
        return detail.value
    assert detail.type == "text/html"
    collector = TagCollector()
    collector.feed(detail.value)
    assert collector.tags == [], detail.value
    return html.unescape(detail.value)


def read_feed(client, name, **kwargs):
    with override("en"):
        response = client.get(reverse(name, kwargs=kwargs or None))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("name", FEEDS)
def test_a_feed_reader_shows_an_editors_markup_in_title_and_summary_as_text(
    client, name, payload
):
    PressReleaseFactory(published=True, title_en=payload, summary_en=payload)
    [entry] = read_feed(client, name).entries
    assert shown(entry.title_detail) == payload
    assert shown(entry.summary_detail).endswith(" – " + payload)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("name", OFFICE_FEEDS)
def test_an_office_feed_shows_markup_in_releases_and_office_names_as_text(
    client, name, payload
):
    office = CountryOfficeFactory(kind="sub_office", city_en=payload)
    release = PressReleaseFactory(published=True, title_en=payload, summary_en=payload)
    release.country_offices.add(office)
    feed = read_feed(client, name, pk=office.pk)
    [entry] = feed.entries
    assert shown(entry.title_detail) == payload
    assert shown(entry.summary_detail).endswith(" – " + payload)
    assert shown(feed.feed.title_detail).endswith("Peru – " + payload)


@pytest.mark.parametrize("name", FEEDS)
def test_plain_titles_are_not_escaped_twice(client, name):
    PressReleaseFactory(
        published=True, title_en="Safe, plain title", summary_en="Plain summary."
    )
    [entry] = read_feed(client, name).entries
    assert entry.title == "Safe, plain title"
    assert entry.summary.endswith(" – Plain summary.")
