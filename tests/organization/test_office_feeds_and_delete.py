"""A country office's page links its feeds; refusing to delete it says why."""

import re

import feedparser
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import override

from editorial.roles import ADMINISTRATOR
from organization.models import CountryOffice
from tests.news.factories import DatelinePlaceFactory, PressReleaseFactory
from tests.organization.factories import CountryOfficeFactory

pytestmark = pytest.mark.django_db


def office_page(client, office, language="en"):
    with override(language):
        response = client.get(office.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def feed_url(name, office, language="en"):
    with override(language):
        return reverse(name, kwargs={"pk": office.pk})


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_an_office_page_links_its_own_rss_and_atom_feeds(client, language):
    office = CountryOfficeFactory(country="PE")
    html = office_page(client, office, language)
    head = html[: html.index("</head>")]
    body = html[html.index("</head>") :]
    rss = feed_url("news:office-feed-rss", office, language)
    atom = feed_url("news:office-feed-atom", office, language)
    assert re.search(
        r'<link rel="alternate" type="application/rss\+xml" title="[^"]*" '
        rf'href="{re.escape(rss)}">',
        head,
    )
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" '
        rf'href="{re.escape(atom)}">',
        head,
    )
    assert f'href="{rss}"' in body
    assert f'href="{atom}"' in body


def test_the_feeds_an_office_page_links_list_that_offices_releases(client):
    peru = CountryOfficeFactory(country="PE")
    PressReleaseFactory(published=True, title_en="About Peru").country_offices.add(peru)
    PressReleaseFactory(published=True, title_en="About elsewhere")
    html = office_page(client, peru)
    for name in ("news:office-feed-rss", "news:office-feed-atom"):
        address = feed_url(name, peru)
        assert f'href="{address}"' in html
        feed = feedparser.parse(client.get(address).content)
        assert [entry.title for entry in feed.entries] == ["About Peru"]


@pytest.fixture
def administrator_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="adm", password="pw-for-tests", is_staff=True
    )
    user.groups.add(Group.objects.get(name=ADMINISTRATOR))
    client.force_login(user)
    return client


@pytest.fixture
def peru_in_datelines():
    peru = CountryOfficeFactory(country="PE")
    first = PressReleaseFactory(title_en="Migrants in Peru", published=True)
    second = PressReleaseFactory(title_en="Floods in Lima")
    DatelinePlaceFactory(release=first, office=peru)
    DatelinePlaceFactory(release=second, office=peru)
    # Twice on one release (two dateline places): named once.
    DatelinePlaceFactory(release=second, office=peru)
    return {"office": peru, "releases": [first, second]}


def delete_url(office):
    return reverse("admin:organization_countryoffice_delete", args=[office.pk])


def test_an_administrator_refused_the_deletion_sees_the_releases_that_use_the_office(
    administrator_client, peru_in_datelines
):
    office = peru_in_datelines["office"]
    html = administrator_client.get(delete_url(office)).content.decode()
    assert "Cannot delete" in html
    assert "Dateline place" not in html
    assert html.count("Press release: Floods in Lima") == 1
    assert html.count("Press release: Migrants in Peru") == 1
    response = administrator_client.post(delete_url(office), {"post": "yes"})
    assert response.status_code == 200
    assert CountryOffice.objects.filter(pk=office.pk).exists()


def test_staff_who_may_open_the_releases_get_links_to_them(
    admin_client, peru_in_datelines
):
    html = admin_client.get(delete_url(peru_in_datelines["office"])).content.decode()
    for release in peru_in_datelines["releases"]:
        change = reverse("admin:news_pressrelease_change", args=[release.pk])
        assert f'Press release: <a href="{change}">{release.title_en}</a>' in html


def test_the_delete_selected_action_names_the_releases_too(
    administrator_client, peru_in_datelines
):
    office = peru_in_datelines["office"]
    response = administrator_client.post(
        reverse("admin:organization_countryoffice_changelist"),
        {"action": "delete_selected", "_selected_action": [office.pk]},
    )
    html = response.content.decode()
    assert "Press release: Migrants in Peru" in html
    assert "Dateline place" not in html


def test_an_office_nothing_depends_on_is_deleted(administrator_client):
    office = CountryOfficeFactory(country="EC")
    response = administrator_client.post(delete_url(office), {"post": "yes"})
    assert response.status_code == 302
    assert not CountryOffice.objects.filter(pk=office.pk).exists()
