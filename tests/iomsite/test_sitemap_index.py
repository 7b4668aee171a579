"""The sitemap index and its sections, paged past each sitemap's limit."""

import datetime
import io
import re

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from iomsite.urls import SITEMAPS
from news.models import PressRelease
from news.sitemaps import GoogleNewsSitemap, PressReleaseSitemap
from tests.news.factories import PressReleaseFactory
from tests.sitemaps import listed_sitemaps

pytestmark = pytest.mark.django_db


def news_section(page=None) -> str:
    address = reverse(
        "django.contrib.sitemaps.views.sitemap", kwargs={"section": "news"}
    )
    return address if page is None else f"{address}?p={page}"


def entry_of(xml: str, location: str) -> str:
    found = re.search("<url><loc>" + re.escape(location) + "</loc>.*?</url>", xml, re.S)
    assert found is not None, location
    return found.group()


def detail_url(release, language):
    with override(language):
        return "http://testserver" + release.get_absolute_url()


def test_index_lists_every_section_with_absolute_urls(client):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    assert "<sitemapindex " in response.content.decode()
    assert listed_sitemaps(client) == [
        f"http://testserver/sitemap-{section}.xml" for section in SITEMAPS
    ]


def test_index_dates_the_news_section_by_its_latest_public_change(client):
    latest = PressReleaseFactory(published=True)
    PressReleaseFactory(published=True)
    PressRelease.objects.filter(pk=latest.pk).update(
        updated_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    draft = PressReleaseFactory()
    PressRelease.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now() + datetime.timedelta(days=1)
    )
    xml = client.get("/sitemap.xml").content.decode()
    news = re.search(
        r"<loc>http://testserver/sitemap-news\.xml</loc>"
        r"<lastmod>(.*?)</lastmod>",
        xml,
    )
    assert news is not None
    latest.refresh_from_db()
    assert datetime.datetime.fromisoformat(news.group(1)) == latest.updated_at
    # A section whose items have no date has none in the index.
    assert "<loc>http://testserver/sitemap-static.xml</loc></sitemap>" in xml


def test_news_section_is_paged_by_releases_past_its_limit(client, monkeypatch):
    monkeypatch.setattr(PressReleaseSitemap, "limit", 1)
    older = PressReleaseFactory(
        published=True,
        french=True,
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    newer = PressReleaseFactory(published=True)
    assert [
        location for location in listed_sitemaps(client) if "sitemap-news." in location
    ] == [
        "http://testserver/sitemap-news.xml",
        "http://testserver/sitemap-news.xml?p=2",
    ]
    first = client.get(news_section()).content.decode()
    assert detail_url(newer, "en") in first
    assert detail_url(older, "en") not in first
    second = client.get(news_section(page=2)).content.decode()
    assert detail_url(newer, "en") not in second
    # One release a page, listed in each of its languages with alternates.
    assert second.count("<url>") == 2
    entry = entry_of(second, detail_url(older, "fr"))
    assert f'hreflang="en" href="{detail_url(older, "en")}"' in entry
    assert f'hreflang="x-default" href="{detail_url(older, "en")}"' in entry
    assert "<lastmod>" in entry


# Not "page": pytest-playwright would take it for its browser page.
@pytest.mark.parametrize("number", ["99", "abc", "0", ""])
def test_a_sitemap_page_that_does_not_exist_is_not_found(client, number):
    PressReleaseFactory(published=True)
    assert client.get(news_section(page=number)).status_code == 404


def test_an_unknown_section_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.parametrize(
    "section",
    # Google News' sections have elements Django's template lacks
    # (tests/news/test_news_sitemap.py).
    sorted(
        name
        for name, sitemap in SITEMAPS.items()
        if not issubclass(sitemap, GoogleNewsSitemap)
    ),
)
def test_each_section_is_the_xml_djangos_template_writes(client, rf, section):
    # The sections are written without Django's template, for speed: the
    # text must stay exactly what the template gives.
    from django.contrib.sitemaps.views import sitemap as django_sitemap
    from django.core.management import call_command

    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    PressReleaseFactory(published=True, french=True, title_en="Floods & <rain>")
    PressReleaseFactory(published=True)
    address = reverse(
        "django.contrib.sitemaps.views.sitemap", kwargs={"section": section}
    )
    ours = client.get(address)
    theirs = django_sitemap(rf.get(address), SITEMAPS, section=section).render()
    assert ours.status_code == 200
    assert "<url><loc>http://testserver/" in ours.content.decode()
    assert ours.content == theirs.content
    assert ours["Content-Type"] == theirs["Content-Type"] == "application/xml"


def test_the_index_is_kept_until_content_changes(
    client,
    rf,
    settings,
    monkeypatch,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    from django.contrib.sitemaps.views import index as django_index

    settings.FRAGMENT_CACHE_ENABLED = True
    caches["default"].clear()
    monkeypatch.setattr(PressReleaseSitemap, "limit", 1)
    latest = PressReleaseFactory(published=True)
    PressRelease.objects.filter(pk=latest.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=1)
    )
    first = client.get("/sitemap.xml")
    theirs = django_index(rf.get("/sitemap.xml"), SITEMAPS).render()
    assert first.content == theirs.content
    assert first["Content-Type"] == "application/xml"
    assert first["X-Robots-Tag"] == theirs["X-Robots-Tag"]
    with django_assert_num_queries(0):
        assert client.get("/sitemap.xml").content == first.content
    # A publication adds a page to the news section and dates it: at once.
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(published=True)
    news = [location for location in listed_sitemaps(client) if "news." in location]
    assert news == [
        "http://testserver/sitemap-news.xml",
        "http://testserver/sitemap-news.xml?p=2",
    ]
    caches["default"].clear()
