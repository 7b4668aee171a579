"""A flood of made-up filter values cannot add page-cache entries."""

import random

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from tests.news.factories import PressReleaseFactory, TopicFactory
from tests.organization.factories import CountryOfficeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def list_url(language="en"):
    with override(language):
        return reverse("news:release-list")


def stored_pages() -> list[str]:
    return [
        key
        for alias in ("pages", "deep-pages")
        for key in caches[alias]._cache
        if ":page:" in key
    ]


@pytest.fixture
def office():
    office = CountryOfficeFactory()
    PressReleaseFactory(published=True).country_offices.add(office)
    return office


def test_300_random_office_ids_add_no_cache_entry(client, office):
    client.get(list_url())
    before = stored_pages()
    generator = random.Random(15)
    for _ in range(300):
        number = generator.randint(office.pk + 1, 10**9)
        response = client.get(list_url() + f"?office={number}")
        assert response.status_code == 200
        assert response.context["filtered"] is False
    assert stored_pages() == before


@pytest.mark.parametrize(
    "query",
    [
        "region=987654",
        "topic=123456",
        "year=1999",  # a year the form accepts, with no release in it
        "year=2998",
        "office={office}&topic=424242",
    ],
)
def test_values_the_site_does_not_offer_are_served_but_not_stored(
    client, office, query
):
    response = client.get(list_url() + "?" + query.format(office=office.pk))
    assert response.status_code == 200
    assert stored_pages() == []


def test_offered_filters_are_still_stored_and_served_from_the_cache(
    client, office, django_assert_num_queries
):
    topic = TopicFactory()
    release = PressReleaseFactory(published=True)
    release.topics.add(topic)
    year = timezone.localtime(release.published_at).year
    addresses = [
        f"?office={office.pk}",
        f"?region={office.region_id}",
        f"?topic={topic.pk}",
        f"?year={year}",
        f"?office={office.pk}&year={year}",
    ]
    for query in addresses:
        assert client.get(list_url() + query).status_code == 200
    assert len(stored_pages()) == len(addresses)
    with django_assert_num_queries(0):
        for query in addresses:
            assert client.get(list_url() + query).status_code == 200


def test_a_search_with_invisible_characters_is_not_stored_apart(client):
    PressReleaseFactory(published=True, title_en="Health")
    with override("en"):
        search = reverse("news:search")
    client.get(search + "?q=health")
    client.get(search + "?q=hea%00lth")
    client.get(search + "?q=health%07")
    client.get(search + "?q=" + "x" * 150)
    assert len(stored_pages()) == 1
