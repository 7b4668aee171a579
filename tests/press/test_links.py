"""The signed links: confirmation, preferences, one-click unsubscribe,
download and deletion of one's data."""

import html
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from press import signed
from press.models import Subscriber, SubscriberStatus, new_key
from tests.news.factories import KindFactory, TopicFactory
from tests.organization.factories import CountryOfficeFactory, RegionFactory
from tests.press.factories import SubscriberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]


def path_of(address: str) -> str:
    return address.removeprefix("https://www.example.org")


# Confirmation


def test_the_confirmation_link_shows_a_button_and_only_a_post_confirms(client):
    subscriber = SubscriberFactory(pending=True, languages=" fr ")
    address = signed.confirm_url(subscriber)
    assert address.startswith("https://www.example.org/fr/")
    response = client.get(path_of(address))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING  # a scanner's GET
    response = client.post(path_of(address))
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.confirmed_at is not None
    page = client.get(response["Location"]).content.decode()
    with override("fr"):  # the link's language
        confirmed = gettext(
            "Your subscription is confirmed: you will receive the press "
            "releases you chose. You can change your choices here at any time."
        )
    assert html.escape(confirmed) in page


def test_a_replayed_confirmation_is_harmless(client):
    subscriber = SubscriberFactory(pending=True)
    address = path_of(signed.confirm_url(subscriber))
    client.post(address)
    subscriber.refresh_from_db()
    first = subscriber.confirmed_at
    response = client.post(address)
    assert response.status_code == 200
    assert "already confirmed" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at == first


def test_an_old_confirmation_does_not_undo_an_unsubscription(client):
    subscriber = SubscriberFactory(pending=True)
    address = path_of(signed.confirm_url(subscriber))
    subscriber.status = SubscriberStatus.UNSUBSCRIBED
    subscriber.save()
    response = client.post(address)
    assert "no longer valid" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "9999" + token[token.index(".") :],
        lambda token: "9" * 40 + token[token.index(".") :],
        lambda token: "not-a-token",
        lambda token: "x" * 500,
    ],
)
def test_a_forged_confirmation_gets_a_clear_page_and_changes_nothing(client, tamper):
    subscriber = SubscriberFactory(pending=True)
    token = tamper(signed.token_for(subscriber, signed.CONFIRM))
    with override("en"):
        address = reverse("press:confirm", kwargs={"token": token})
    response = client.post(address)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This link does not work" in page
    assert reverse("press:subscribe") in page
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING


def test_an_expired_confirmation_says_so(client, settings):
    settings.PRESS_CONFIRM_MAX_AGE = 3600
    with time_machine.travel("2026-03-01 10:00", tick=False):
        subscriber = SubscriberFactory(pending=True)
        address = path_of(signed.confirm_url(subscriber))
    with time_machine.travel("2026-03-01 11:01", tick=False):
        response = client.post(address)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING


def test_a_confirmation_token_does_not_open_the_preferences(client):
    subscriber = SubscriberFactory()
    token = signed.token_for(subscriber, signed.CONFIRM)
    with override("en"):
        response = client.get(reverse("press:manage", kwargs={"token": token}))
    assert response.status_code == 400


def test_a_new_key_voids_every_link_sent_before(client):
    subscriber = SubscriberFactory()
    address = path_of(signed.manage_url(subscriber))
    assert client.get(address).status_code == 200
    subscriber.key = new_key()
    subscriber.save()
    assert client.get(address).status_code == 400
    assert signed.subscriber_from(address.split("/")[-2], signed.MANAGE) is None


# Preferences


def test_the_preferences_page_shows_and_saves_choices(client):
    region = RegionFactory(name_en="Americas")
    office = CountryOfficeFactory(country="PE", region=region)
    topic = TopicFactory(name_en="Climate")
    subscriber = SubscriberFactory(name="Ana", languages=" en ")
    address = path_of(signed.manage_url(subscriber))
    response = client.get(address)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert 'value="Ana"' in page
    assert subscriber.email in page  # their own address, to them only
    response = client.post(
        address,
        {
            "name": "Ana López",
            "outlet": "El Comercio",
            "languages": ["es", "fr"],
            "offices": [office.pk],
            "regions": [region.pk],
            "topics": [topic.pk],
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == address
    subscriber.refresh_from_db()
    assert subscriber.name == "Ana López"
    assert subscriber.language_codes == ["fr", "es"]
    assert subscriber.follows_everything is False
    assert list(subscriber.offices.all()) == [office]
    assert list(subscriber.regions.all()) == [region]
    assert list(subscriber.topics.all()) == [topic]
    assert "Your choices are saved." in client.get(address).content.decode()


def test_bad_preferences_are_explained_and_kept(client):
    subscriber = SubscriberFactory(name="Ana")
    address = path_of(signed.manage_url(subscriber))
    response = client.post(
        address, {"name": "Ana\r\nBcc: x@example.org", "outlet": "Le Monde"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "without line breaks" in page
    assert "Choose at least one language." in page
    assert "Choose what to follow" in page
    assert 'value="Le Monde"' in page
    subscriber.refresh_from_db()
    assert subscriber.name == "Ana"


def test_an_expired_preferences_link_points_to_a_new_one(client, settings):
    settings.PRESS_LINK_MAX_AGE = 60 * 24 * 60 * 60
    with time_machine.travel("2026-01-01 10:00", tick=False):
        subscriber = SubscriberFactory()
        address = path_of(signed.manage_url(subscriber))
    with time_machine.travel("2026-03-03 10:00", tick=False):
        response = client.get(address)
    assert response.status_code == 410
    assert "email you a new link" in response.content.decode()


def test_the_preferences_page_needs_the_csrf_token():
    subscriber = SubscriberFactory(name="Ana")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        path_of(signed.manage_url(subscriber)),
        {"name": "Mallory", "languages": ["en"], "follows_everything": "on"},
    )
    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.name == "Ana"


# Unsubscribe


def test_one_click_unsubscribe_by_rfc_8058_post_takes_effect():
    subscriber = SubscriberFactory()
    address = signed.unsubscribe_url(subscriber)
    # A mail program posts without cookies nor CSRF token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        path_of(address),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert Subscriber.objects.confirmed().count() == 0
    # Again: still 200, nothing else changes.
    again = client.post(
        path_of(address),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert again.status_code == 200


def test_the_unsubscribe_link_opened_in_a_browser_asks_first(client):
    subscriber = SubscriberFactory()
    address = path_of(signed.unsubscribe_url(subscriber))
    response = client.get(address)
    assert response.status_code == 200
    assert "Press the button and we will send you nothing more" in (
        response.content.decode()
    )
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    response = client.post(address)
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    page = client.get(response["Location"]).content.decode()
    assert "You are unsubscribed" in page
    assert "Subscribe again" in page


def test_a_forged_unsubscribe_is_refused_with_a_clear_page():
    subscriber = SubscriberFactory()
    token = signed.token_for(subscriber, signed.MANAGE)
    with override("en"):
        address = reverse("press:unsubscribe", kwargs={"token": token + "x"})
    response = Client().post(
        address,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_an_unsubscribed_reader_may_subscribe_again_from_the_link(client):
    subscriber = SubscriberFactory(unsubscribed=True, unsubscribed_at=timezone.now())
    address = path_of(signed.manage_url(subscriber))
    response = client.post(address, {"resubscribe": "1"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.unsubscribed_at is None


# Their data


def test_the_subscriber_downloads_everything_stored_about_them(client):
    office = CountryOfficeFactory(country="PE")
    subscriber = SubscriberFactory(
        email="ana@example.org",
        name="Ana",
        outlet="El Comercio",
        languages=" en es ",
        follows_everything=False,
        consent_text="I agree",
        consented_at=timezone.now(),
    )
    subscriber.offices.add(office)
    response = client.post(path_of(signed.manage_url(subscriber)), {"download": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "ana@example.org"
    assert data["name"] == "Ana"
    assert data["outlet"] == "El Comercio"
    assert data["languages"] == ["en", "es"]
    assert data["country_offices"] == ["Peru"]
    assert data["consent_text"] == "I agree"
    assert data["status"] == "confirmed"
    assert data["signed_up_at"]


def test_the_subscriber_deletes_their_data_after_confirming(client):
    subscriber = SubscriberFactory()
    subscriber.offices.add(CountryOfficeFactory(country="PE"))
    manage = path_of(signed.manage_url(subscriber))
    token = manage.rstrip("/").split("/")[-1]
    with override("en"):
        address = reverse("press:delete", kwargs={"token": token})
    response = client.get(address)
    assert response.status_code == 200
    assert Subscriber.objects.count() == 1
    response = client.post(address)
    assert response.status_code == 302
    assert Subscriber.objects.count() == 0
    assert "Your data is deleted" in client.get(response["Location"]).content.decode()
    # Every link sent before now leads nowhere.
    assert client.get(manage).status_code == 400


def test_no_subscriber_address_appears_on_public_pages(client):
    SubscriberFactory(email="secret.journalist@example.org")
    for name in ("press:subscribe", "press:subscribe-sent", "press:deleted"):
        with override("en"):
            page = client.get(reverse(name)).content.decode()
        assert "secret.journalist" not in page


@pytest.mark.cold
@pytest.mark.parametrize("follows", [1, 10])
def test_preferences_page_query_count_is_flat(
    client, django_assert_num_queries, follows
):
    region = RegionFactory()
    codes = ["PE", "DE", "FR", "ES", "IT", "MX", "CO", "CL", "AR", "BR"]
    offices = [
        CountryOfficeFactory(country=code, region=region) for code in codes[:follows]
    ]
    subscriber = SubscriberFactory(follows_everything=False)
    subscriber.offices.set(offices)
    subscriber.topics.set(TopicFactory.create_batch(follows))
    subscriber.kinds.set(KindFactory.create_batch(follows))
    address = path_of(signed.manage_url(subscriber))
    # The subscriber; offices, regions, topics, kinds offered; the four
    # they follow; the menu.
    with django_assert_num_queries(10):
        assert client.get(address).status_code == 200
