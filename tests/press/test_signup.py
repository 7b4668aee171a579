"""The public sign-up form: what a journalist sees, and every bad input."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import override

from press.models import Subscriber, SubscriberStatus
from tests.news.factories import TopicFactory
from tests.organization.factories import CountryOfficeFactory, RegionFactory
from tests.press.factories import SubscriberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]


def url(language="en"):
    with override(language):
        return reverse("press:subscribe")


def sent_url(language="en"):
    with override(language):
        return reverse("press:subscribe-sent")


def form_data(**changes):
    data = {
        "email": "Ana.Lopez@Newsroom.example.org",
        "name": "Ana López",
        "outlet": "El Comercio",
        "languages": ["en", "es"],
        "follows_everything": "on",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def sign_up(client, committed, language="en", **changes):
    with committed():
        return client.post(url(language), form_data(**changes))


def test_the_sign_up_page_is_in_each_language_with_translated_path(client):
    assert url("en") == "/en/press/subscribe/"
    response = client.get(url("en"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Receive our press releases by email" in page
    assert 'name="csrfmiddlewaretoken"' in page
    # The page's language is ticked by default.
    assert 'value="en" id="id_languages_0" checked' in page
    fr = client.get(url("fr")).content.decode()
    assert 'value="fr" id="id_languages_1" checked' in fr


def test_the_form_lists_offices_regions_and_topics_by_translated_name(client):
    region = RegionFactory(name_en="Americas", name_fr="Amériques")
    CountryOfficeFactory(country="DE", region=region)
    CountryOfficeFactory(country="PE", region=region)
    TopicFactory(name_en="Climate", name_fr="Climat")
    page = client.get(url("fr")).content.decode()
    assert "Amériques" in page and "Climat" in page
    # Allemagne before Pérou, whatever the ISO codes say.
    assert page.index("Allemagne") < page.index("Pérou")


def test_the_sign_up_page_is_never_stored_by_the_page_cache(client):
    response = client.get(url())
    assert (
        "no-store" in response["Cache-Control"]
        or "private" in response["Cache-Control"]
    )


@pytest.mark.cold
@pytest.mark.parametrize("offices", [1, 10])
def test_sign_up_page_query_count_is_flat(client, django_assert_num_queries, offices):
    region = RegionFactory()
    codes = ["PE", "DE", "FR", "ES", "IT", "MX", "CO", "CL", "AR", "BR"]
    for code in codes[:offices]:
        CountryOfficeFactory(country=code, region=region)
    TopicFactory.create_batch(offices)
    with django_assert_num_queries(5):  # offices, regions, topics, kinds, the menu
        client.get(url())


def test_a_new_address_is_pending_and_gets_the_confirmation_only(client, committed):
    office = CountryOfficeFactory(country="PE")
    topic = TopicFactory()
    response = sign_up(
        client,
        committed,
        language="es",
        follows_everything=None,
        offices=[office.pk],
        topics=[topic.pk],
    )
    assert response.status_code == 302
    assert response["Location"] == sent_url("es")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ana.lopez@newsroom.example.org"
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.language_codes == ["en", "es"]
    assert list(subscriber.offices.all()) == [office]
    assert list(subscriber.topics.all()) == [topic]
    # Kept word for word as the person read it: in Spanish.
    assert subscriber.consent_text.startswith("Acepto que la oficina de prensa")
    assert subscriber.consented_at is not None
    [message] = mail.outbox
    assert message.to == ["ana.lopez@newsroom.example.org"]
    # In the page's language, text and HTML, with the confirmation link.
    assert "/es/" in message.body
    text_link = [line for line in message.body.splitlines() if "https://" in line]
    assert text_link[0].startswith("https://www.example.org/es/")
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert text_link[0].strip() in html
    page = client.get(sent_url("es")).content.decode()
    assert "ana.lopez" not in page


def test_the_check_your_inbox_page_is_the_same_for_an_existing_address(
    client, committed
):
    SubscriberFactory(email="ana.lopez@newsroom.example.org", name="Ana")
    response = sign_up(client, committed)
    assert response.status_code == 302
    assert response["Location"] == sent_url()
    # The subscription is left as it was; the mail is a preferences link.
    subscriber = Subscriber.objects.get()
    assert subscriber.name == "Ana"
    assert subscriber.status == SubscriberStatus.CONFIRMED
    [message] = mail.outbox
    assert "already subscribed" in message.body
    assert "/en/press/preferences/" in message.body


def test_a_pending_address_gets_the_confirmation_again_with_its_new_details(
    client, committed
):
    SubscriberFactory(email="ana.lopez@newsroom.example.org", name="Typo", pending=True)
    sign_up(client, committed)
    subscriber = Subscriber.objects.get()
    assert subscriber.name == "Ana López"
    assert subscriber.status == SubscriberStatus.PENDING
    [message] = mail.outbox
    assert "/en/press/confirm/" in message.body


def test_an_unsubscribed_address_must_confirm_again(client, committed):
    SubscriberFactory(email="ana.lopez@newsroom.example.org", unsubscribed=True)
    sign_up(client, committed)
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING
    [message] = mail.outbox
    assert "/en/press/confirm/" in message.body


def test_a_paused_address_gets_no_email(client, committed):
    SubscriberFactory(email="ana.lopez@newsroom.example.org", paused=True)
    response = sign_up(client, committed)
    assert response["Location"] == sent_url()
    assert mail.outbox == []


def test_the_honeypot_makes_nothing_and_sends_nothing(client, committed):
    response = sign_up(client, committed, website="https://spam.example")
    assert response.status_code == 302
    assert response["Location"] == sent_url()
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_the_honeypot_is_out_of_sight(client):
    page = client.get(url()).content.decode()
    assert '<div class="press-extra">' in page
    assert 'tabindex="-1"' in page


@pytest.mark.parametrize(
    "email, message",
    [
        ("not-an-address", "Enter a valid email address."),
        ("ana@localhost", "with a full domain name"),
        ("ana@[192.0.2.1]", "with a full domain name"),
        ("ana@example.org\r\nBcc: victim@example.org", "Enter a valid email"),
        ("someone@mailinator.com", "throw-away mail services"),
        ("someone@eu.yopmail.com", "throw-away mail services"),
    ],
)
def test_bad_addresses_are_refused_next_to_the_field_and_nothing_is_lost(
    client, committed, email, message
):
    response = sign_up(client, committed, email=email)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Ana López"' in page
    assert 'value="El Comercio"' in page
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("field", ["name", "outlet"])
@pytest.mark.parametrize("value", ["Ana\r\nBcc: x@example.org", "Ana\nX", "A\x00na"])
def test_header_injection_in_name_or_outlet_is_refused(client, committed, field, value):
    response = sign_up(client, committed, **{field: value})
    assert response.status_code == 200
    assert "without line breaks or control characters" in response.content.decode()
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_missing_consent_languages_and_follows_are_explained(client, committed):
    response = sign_up(
        client, committed, consent=None, languages=None, follows_everything=None
    )
    page = response.content.decode()
    assert "Tick this box to agree" in page
    assert "Choose at least one language." in page
    assert "Choose what to follow" in page
    assert Subscriber.objects.count() == 0


def test_too_many_sign_ups_for_one_address_are_refused_with_a_message(
    client, committed, settings
):
    settings.PRESS_SIGNUPS_PER_ADDRESS = 2
    for _ in range(2):
        assert sign_up(client, committed).status_code == 302
    response = sign_up(client, committed)
    assert response.status_code == 429
    page = response.content.decode()
    assert "submitted several times in the last hour" in page
    assert 'value="Ana López"' in page
    assert len(mail.outbox) == 2
    # Another address from the same network still may.
    assert sign_up(client, committed, email="bo@example.org").status_code == 302


def test_too_many_sign_ups_from_one_network_are_refused(client, committed, settings):
    settings.PRESS_SIGNUPS_PER_IP = 3
    for n in range(3):
        assert sign_up(client, committed, email=f"p{n}@example.org").status_code == 302
    response = sign_up(client, committed, email="p9@example.org")
    assert response.status_code == 429
    assert "Too many sign-ups came from your network" in response.content.decode()
    assert Subscriber.objects.count() == 3
    assert len(mail.outbox) == 3


def test_the_limit_window_ends(client, committed, settings):
    import time_machine

    settings.PRESS_SIGNUPS_PER_IP = 1
    with time_machine.travel("2026-03-01 10:10", tick=False):
        assert sign_up(client, committed, email="a@example.org").status_code == 302
        response = sign_up(client, committed, email="b@example.org")
        assert response.status_code == 429
        assert "try again in 50 minutes" in response.content.decode()
    with time_machine.travel("2026-03-01 11:01", tick=False):
        assert sign_up(client, committed, email="b@example.org").status_code == 302


def test_the_form_needs_its_csrf_token(committed):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(url(), form_data())
    assert response.status_code == 403
    assert Subscriber.objects.count() == 0
