"""Google News sitemaps: the last two days' items, per language."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.utils import timezone

from news.models import PressRelease
from tests.news.factories import PressReleaseFactory, bulk_public_releases
from tests.sitemaps import listed_sitemaps

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
NOW = timezone.make_aware(datetime.datetime(2026, 5, 10, 12, 0))


def parse(client, language: str) -> ET.Element:
    response = client.get(f"/sitemap-news-{language}.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ET.fromstring(response.content)


def entries(root: ET.Element) -> list[dict]:
    found = []
    for url in root.findall("sm:url", NS):
        news = url.find("news:news", NS)
        found.append(
            {
                "loc": url.findtext("sm:loc", namespaces=NS),
                "name": news.findtext("news:publication/news:name", namespaces=NS),
                "language": news.findtext(
                    "news:publication/news:language", namespaces=NS
                ),
                "date": news.findtext("news:publication_date", namespaces=NS),
                "title": news.findtext("news:title", namespaces=NS),
            }
        )
    return found


@time_machine.travel(NOW, tick=False)
def test_the_news_sitemap_lists_the_last_two_days_in_its_language(client):
    recent = PressReleaseFactory(
        published=True,
        french=True,
        title_en="Floods & storms <today>",
        published_at=NOW - datetime.timedelta(hours=3),
    )
    PressReleaseFactory(
        published=True,
        title_en="Old news",
        published_at=NOW - datetime.timedelta(days=3),
    )
    PressReleaseFactory(
        published=True,
        title_en="Scheduled",
        published_at=NOW + datetime.timedelta(hours=1),
    )
    PressReleaseFactory(title_en="A draft")
    root = parse(client, "en")
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    assert entries(root) == [
        {
            "loc": "http://testserver" + recent.address_in("en"),
            "name": "International Organization for Migration",
            "language": "en",
            "date": "2026-05-10T09:00:00+00:00",
            "title": "Floods & storms <today>",
        }
    ]
    french = entries(parse(client, "fr"))
    assert [entry["title"] for entry in french] == [recent.title_fr]
    assert french[0]["language"] == "fr"
    assert french[0]["loc"].startswith("http://testserver/fr/")
    # No Spanish version: nothing in the Spanish sitemap (still valid XML).
    assert entries(parse(client, "es")) == []


@time_machine.travel(NOW, tick=False)
def test_the_news_sitemap_holds_a_thousand_items_at_most(
    client, django_assert_num_queries
):
    releases = bulk_public_releases(1005, prefix="Many")
    PressRelease.objects.filter(pk__in=[r.pk for r in releases]).update(
        published_at=NOW - datetime.timedelta(hours=1)
    )
    with django_assert_num_queries(1):
        root = parse(client, "en")
    assert len(root.findall("sm:url", NS)) == 1000


def test_the_sitemap_index_links_each_language(client):
    listed = listed_sitemaps(client)
    for code in ("en", "fr", "es"):
        assert f"http://testserver/sitemap-news-{code}.xml" in listed
    assert client.get("/sitemap-news-de.xml").status_code == 404
