"""Every public page costs the same number of queries at 10 and 1,000 rows.

The page cache is off here (it is by default under pytest): these are the
costs of making each page. ``tests/pagecache/test_cache.py`` checks that a
cached page costs none.
"""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from news.models import (
    Correction,
    DatelinePlace,
    Kind,
    MediaContact,
    PressRelease,
    ReleaseContact,
)
from organization.models import CountryOffice, Unit
from pages.demo import load_site_demo
from pages.models import Page
from tests.news.factories import TopicFactory, bulk_public_releases
from tests.organization.factories import RegionFactory

pytestmark = pytest.mark.django_db

# Page → queries. The comments say what each query is for.
BUDGETS = {
    # the latest releases, their dateline places, the menu
    "home": 3,
    # offices, topics, kinds, count and years, the page's releases, their
    # dateline places, the menu
    "news-list": 7,
    "news-list-filtered": 7,
    # the kind, then as the news list
    "kind-list": 8,
    # count, the page's corrections with their items, the menu
    "corrections": 3,
    # the release (saying whether it has documents and a gallery), related
    # releases, dateline places (of both), contacts, offices, topics, the
    # menu; documents and the gallery cost one query each only when the
    # release has some (tests/news/test_gallery.py)
    "release": 7,
    # count, the page, dateline places, the menu
    "search": 4,
    # the menu, units, head posts, current head tenures
    "structure": 4,
    # the unit, the tree's ids, its children, their posts, the menu
    "unit": 5,
    # the menu, offices with their regions
    "where-we-work": 2,
    # the office with its region, the menu
    "office": 2,
    # the page, the menu
    "page": 2,
    # latest releases, their dateline places
    "feed-rss": 2,
    "feed-atom": 2,
    # the office, its latest releases, their dateline places
    "office-feed": 3,
    # the kind, its latest items, their dateline places
    "kind-feed": 3,
    # the index: pages (twice: to count, then for their latest change),
    # units, offices, people, kinds, count of releases, their latest change
    "sitemap": 8,
    # one section page each: its items (and for releases their count first)
    "sitemap-static": 0,
    "sitemap-pages": 1,
    "sitemap-organization": 0,
    "sitemap-units": 1,
    "sitemap-offices": 1,
    "sitemap-people": 1,
    "sitemap-news-pages": 0,
    "sitemap-news-kinds": 1,
    "sitemap-news": 2,
    # Google News: the last two days' items
    "sitemap-news-fr": 1,
}


@pytest.fixture(params=[10, 1000], ids=["10-rows", "1000-rows"])
def site(request, settings):
    """The demo site plus ``rows`` releases, units and offices (bulk)."""
    settings.PAGE_CACHE_ENABLED = False
    rows = request.param
    load_site_demo()
    region = RegionFactory()
    offices = CountryOffice.objects.bulk_create(
        CountryOffice(
            country=("PE", "EC", "CO", "KE", "JP")[index % 5],
            region=region,
            city_en=f"City {index}",
            city_fr=f"Ville {index}",
            city_es=f"Ciudad {index}",
        )
        for index in range(rows)
    )
    Unit.objects.bulk_create(
        Unit(
            name_en=f"Bulk unit {index}",
            slug_en=f"bulk-unit-{index}",
            name_fr=f"Unité {index}",
            slug_fr=f"unite-{index}",
            sort_order=1000 + index,
        )
        for index in range(rows)
    )
    office = offices[0]
    topic = TopicFactory()
    releases = bulk_public_releases(
        rows, languages=("en", "fr", "es"), office=office, topic=topic
    )
    contacts = MediaContact.objects.bulk_create(
        MediaContact(name=f"Contact {index}", office=office) for index in range(3)
    )
    ReleaseContact.objects.bulk_create(
        ReleaseContact(release=release, contact=contact, sort_order=position)
        for release in releases[:20]
        for position, contact in enumerate(contacts)
    )
    # A correction on every release: the corrections page lists them.
    Correction.objects.bulk_create(
        Correction(release=release, text_en=f"Note {index}", text_fr=f"Note {index}")
        for index, release in enumerate(releases)
    )
    assert DatelinePlace.objects.count() >= rows
    return {
        "rows": rows,
        "release": releases[0],
        "office": office,
        "topic": topic,
        "unit": Unit.objects.filter(slug_en__gt="").order_by("pk").first(),
        "page": Page.objects.order_by("pk").first(),
    }


def address(site, page: str, language: str = "fr") -> str:
    with override(language):
        simple = {
            "home": "home",
            "news-list": "news:release-list",
            "structure": "organization:structure",
            "where-we-work": "organization:office-list",
            "feed-rss": "news:feed-rss",
            "feed-atom": "news:feed-atom",
            "corrections": "news:correction-list",
        }
        if page in simple:
            return reverse(simple[page])
        if page == "news-list-filtered":
            return reverse("news:release-list") + (
                "?office={}&topic={}&region={}&year={}&page=2".format(
                    site["office"].pk,
                    site["topic"].pk,
                    site["office"].region_id,
                    timezone.now().year,
                )
            )
        if page == "release":
            return site["release"].get_absolute_url()
        if page == "search":
            return reverse("news:search") + "?q=bulk"
        if page == "unit":
            return site["unit"].get_absolute_url()
        if page == "office":
            return site["office"].get_absolute_url()
        if page == "page":
            return site["page"].get_absolute_url()
        if page == "kind-list":
            return Kind.objects.get(code="press-release").get_absolute_url()
        if page == "kind-feed":
            kind = Kind.objects.get(code="press-release")
            return reverse("news:kind-feed-rss", kwargs={"kind": kind.slug})
        if page == "office-feed":
            return reverse("news:office-feed-rss", kwargs={"pk": site["office"].pk})
    if page.startswith("sitemap-"):
        section = page.removeprefix("sitemap-")
        return reverse(
            "django.contrib.sitemaps.views.sitemap", kwargs={"section": section}
        )
    assert page == "sitemap"
    return reverse("sitemap")


def test_every_public_page_keeps_its_query_budget(client, site):
    # One site per size, every page on it: building 1,000 rows per page
    # would be the slow part of the test.
    spent = {}
    for page in BUDGETS:
        target = address(site, page)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(target)
        assert response.status_code == 200, target
        spent[page] = len(queries)
    assert spent == BUDGETS


# With the shared parts kept in the cache (pagecache/fragments.py, on in
# production), a page read again before any change skips these queries.
KEPT = {
    "home": 1,  # the menu (and footer): their HTML is kept
    "news-list": 5,  # the menu, offices, topics, kinds, count and years
    "news-list-filtered": 4,  # the same but the count: filtered
    "release": 1,  # the menu
    "search": 1,
    "structure": 1,
    "unit": 1,
    "where-we-work": 2,  # the menu and the office list
    "office": 1,
    "page": 1,
    "sitemap": 8,  # the index: kept whole, its counts and dates with it
}


def test_kept_lists_spare_their_queries_on_the_next_read(client, site, settings):
    settings.FRAGMENT_CACHE_ENABLED = True
    caches["default"].clear()
    spent = {}
    for page in KEPT:
        target = address(site, page)
        client.get(target)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(target).status_code == 200, target
        spent[page] = BUDGETS[page] - len(queries)
    caches["default"].clear()
    assert spent == KEPT


def test_release_fixture_is_public_in_three_languages(site):
    release = PressRelease.objects.get(pk=site["release"].pk)
    assert release.languages() == ["en", "fr", "es"]
    assert release.published_at < timezone.now() - datetime.timedelta(seconds=1)
