"""The embargo banner gives the time in the release's office zone and UTC."""

import datetime

import pytest

from core.timezones import country_time_zone
from news.models import Status
from tests.news.factories import (
    DatelinePlaceFactory,
    EmbargoLinkFactory,
    PressReleaseFactory,
)
from tests.organization.factories import CountryOfficeFactory

pytestmark = pytest.mark.django_db

# 14:00 UTC is 09:00 in Lima (UTC-5, no summer time).
LIFTED_AT = datetime.datetime(2030, 3, 12, 14, 0, tzinfo=datetime.UTC)


def banner(client, release) -> str:
    link = EmbargoLinkFactory(release=release, language="en")
    html = client.get(link.get_absolute_url()).content.decode()
    start = html.index('class="notice notice-embargo"')
    return html[start : html.index("</p>", start)]


def embargoed(**kwargs):
    return PressReleaseFactory(
        status=Status.PUBLISHED, published_at=LIFTED_AT, **kwargs
    )


def test_banner_names_the_office_zone_and_utc(client):
    release = embargoed()
    DatelinePlaceFactory(release=release, office=CountryOfficeFactory(country="PE"))
    text = banner(client, release)
    assert (
        "EMBARGOED UNTIL March 12, 2030, 9 a.m. (America/Lima), that is "
        "March 12, 2030, 2 p.m. UTC" in text
    )


def test_a_dateline_country_gives_the_zone_too(client):
    release = embargoed()
    DatelinePlaceFactory(release=release, office=None, country="CO")
    assert "(America/Bogota)" in banner(client, release)


def test_a_related_office_gives_the_zone_when_the_dateline_has_none(client):
    release = embargoed()
    release.country_offices.add(CountryOfficeFactory(country="CH"))
    assert "EMBARGOED UNTIL March 12, 2030, 3 p.m. (Europe/Zurich)" in banner(
        client, release
    )


def test_without_an_office_the_banner_gives_utc(client):
    text = banner(client, embargoed())
    assert "EMBARGOED UNTIL March 12, 2030, 2 p.m. UTC" in text


@pytest.mark.parametrize(
    ("code", "zone"),
    [("PE", "America/Lima"), ("CH", "Europe/Zurich"), ("JP", "Asia/Tokyo"), ("", "")],
)
def test_country_time_zone(code, zone):
    assert country_time_zone(code) == zone
