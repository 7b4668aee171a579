"""Every time in the admin in the person's own zone, named; stored in UTC."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial.roles import PUBLISHER
from news.models import PressRelease, Status
from profiles import get_profile
from tests.conftest import member, signed_in
from tests.editorial.html_forms import change_form_data
from tests.news.factories import DatelinePlaceFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:news_pressrelease_changelist")
# 14:00 UTC: 15:00 in Geneva (winter time), 09:00 in Lima.
SCHEDULED = datetime.datetime(2030, 3, 12, 14, 0, tzinfo=datetime.UTC)
GENEVA = "Europe/Zurich"  # Geneva keeps Zurich's clock: IANA has no Geneva
LIMA = "America/Lima"


def publisher_in(django_user_model, username: str, zone: str):
    user = member(django_user_model, username, PUBLISHER)
    profile = get_profile(user)
    profile.time_zone = zone
    profile.save()
    return signed_in(user)


@pytest.fixture
def geneva(django_user_model):
    return publisher_in(django_user_model, "geneva", GENEVA)


@pytest.fixture
def lima(django_user_model):
    return publisher_in(django_user_model, "lima", LIMA)


@pytest.fixture
def scheduled():
    return PressReleaseFactory(
        title_en="Appeal for Peru", status=Status.PUBLISHED, published_at=SCHEDULED
    )


def change_url(release) -> str:
    return reverse("admin:news_pressrelease_change", args=[release.pk])


def test_geneva_and_lima_see_the_same_time_in_their_zones_in_the_list(
    geneva, lima, scheduled
):
    in_geneva = geneva.get(CHANGELIST).content.decode()
    in_lima = lima.get(CHANGELIST).content.decode()
    assert "March 12, 2030, 3 p.m." in in_geneva
    assert "March 12, 2030, 9 a.m." in in_lima
    assert "March 12, 2030, 9 a.m." not in in_geneva
    # The zone is named in the header of every admin page.
    assert f'<span class="time-zone">Times in {GENEVA}</span>' in in_geneva
    assert f'<span class="time-zone">Times in {LIMA}</span>' in in_lima


def test_geneva_and_lima_see_it_in_their_zones_in_the_change_form(
    geneva, lima, scheduled
):
    in_geneva = geneva.get(change_url(scheduled)).content.decode()
    in_lima = lima.get(change_url(scheduled)).content.decode()
    assert change_form_data(in_geneva, "pressrelease_form")["published_at_1"] == (
        "15:00:00"
    )
    assert change_form_data(in_lima, "pressrelease_form")["published_at_1"] == (
        "09:00:00"
    )
    # Next to the date-time fields too.
    assert f"Times in {GENEVA}." in in_geneva
    assert f"Times in {LIMA}." in in_lima


def test_nine_in_the_morning_typed_in_lima_is_stored_as_fourteen_utc(lima):
    release = PressReleaseFactory(title_en="Scheduled from Lima")
    url = change_url(release)
    data = change_form_data(lima.get(url).content.decode(), "pressrelease_form")
    data.update(status="published", published_at_0="2030-03-12", published_at_1="09:00")
    response = lima.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    release.refresh_from_db()
    assert release.published_at == SCHEDULED
    assert release.published_at.utcoffset() == datetime.timedelta(0)


def test_public_pages_stay_in_utc_for_a_signed_in_lima_publisher(lima, client):
    # 03:00 UTC on the 12th is still the 11th in Lima: the dateline must
    # not move for whoever reads it.
    release = PressReleaseFactory(
        title_en="Early news",
        published=True,
        published_at=datetime.datetime(2025, 3, 12, 3, 0, tzinfo=datetime.UTC),
    )
    DatelinePlaceFactory(release=release)
    url = release.address_in("en")
    as_lima = lima.get(url).content.decode()
    as_reader = client.get(url).content.decode()
    assert "12 March 2025" in as_reader
    assert "12 March 2025" in as_lima and "11 March 2025" not in as_lima


def test_the_zone_does_not_outlive_the_admin_request(lima, scheduled):
    lima.get(CHANGELIST)
    assert timezone.get_current_timezone_name() == "UTC"


def test_first_sign_in_takes_the_browsers_zone(django_user_model):
    user = member(django_user_model, "newcomer", PUBLISHER)
    client = signed_in(user)
    client.cookies["browser_tz"] = LIMA
    page = client.get(CHANGELIST).content.decode()
    assert get_profile(user).time_zone == LIMA
    assert f"Times in {LIMA}" in page


def test_a_chosen_zone_is_not_replaced_by_the_browsers(lima):
    lima.cookies["browser_tz"] = "Asia/Tokyo"
    lima.get(CHANGELIST)
    assert get_profile(lima.user).time_zone == LIMA


@pytest.mark.parametrize("sent", ["Mars/Olympus_Mons", "Europe/Geneva", "x" * 300])
def test_a_browser_zone_that_is_not_one_is_ignored(django_user_model, sent):
    user = member(django_user_model, "newcomer", PUBLISHER)
    client = signed_in(user)
    client.cookies["browser_tz"] = sent
    page = client.get(CHANGELIST).content.decode()
    assert get_profile(user).time_zone == ""
    assert "Times in UTC" in page


def test_the_admin_pages_carry_the_browser_zone_script(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert "iomsite/admin/timezone.js" in page


def test_scheduling_from_geneva_and_lima_lands_on_the_same_instant(geneva, lima):
    first = PressReleaseFactory(title_en="From Geneva")
    second = PressReleaseFactory(title_en="From Lima")
    for client, release, typed in ((geneva, first, "15:00"), (lima, second, "09:00")):
        url = change_url(release)
        data = change_form_data(client.get(url).content.decode(), "pressrelease_form")
        data.update(
            status="published", published_at_0="2030-03-12", published_at_1=typed
        )
        assert client.post(url, data).status_code == 302
    times = set(PressRelease.objects.values_list("published_at", flat=True))
    assert times == {SCHEDULED}


def test_a_new_zone_in_the_profile_shows_at_once(lima, scheduled):
    assert "March 12, 2030, 9 a.m." in lima.get(CHANGELIST).content.decode()
    profile = get_profile(lima.user)
    profile.time_zone = GENEVA
    profile.save()
    assert "March 12, 2030, 3 p.m." in lima.get(CHANGELIST).content.decode()


def test_an_admin_page_reads_the_zone_from_the_cache(lima):
    lima.get(CHANGELIST)
    with CaptureQueriesContext(connection) as queries:
        page = lima.get(reverse("admin:index")).content.decode()
    assert f"Times in {LIMA}" in page
    assert not any("profiles_profile" in query["sql"] for query in queries)
