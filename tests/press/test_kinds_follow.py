"""Journalists follow kinds of item: kinds narrow what their other follows
(everything, offices, regions, topics) bring them."""

import json

import pytest
from django.urls import reverse
from django.utils.translation import override

from news.models import Kind, default_kind
from press import signed
from press.models import Subscriber
from tests.news.factories import KindFactory, PressReleaseFactory, TopicFactory
from tests.notifications.conftest import run_worker
from tests.organization.factories import CountryOfficeFactory
from tests.press.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def path_of(address: str) -> str:
    return address.removeprefix("https://www.example.org")


def publish(capture, kind, office=None, title=""):
    with capture(execute=True):
        release = PressReleaseFactory(published=True, kind=kind, title_en=title)
        if office is not None:
            release.country_offices.add(office)
    return release


def received(mailoutbox) -> dict[str, list[str]]:
    inboxes: dict[str, list[str]] = {}
    for message in mailoutbox:
        for address in message.to:
            inboxes.setdefault(address, []).append(message.subject)
    return {address: sorted(subjects) for address, subjects in inboxes.items()}


def test_a_subscriber_following_only_statements_gets_statements_only(
    mailoutbox, django_capture_on_commit_callbacks
):
    statement = KindFactory(name_en="Statement")
    briefing = KindFactory(name_en="Briefing note")
    peru = CountryOfficeFactory(country="PE")
    chile = CountryOfficeFactory(country="CL")
    statements = SubscriberFactory(email="statements@paper.example", kinds=[statement])
    peru_statements = SubscriberFactory(
        email="peru-statements@paper.example",
        follows_everything=False,
        offices=[peru],
        kinds=[statement],
    )
    peru_two_kinds = SubscriberFactory(
        email="peru-two@paper.example",
        follows_everything=False,
        offices=[peru],
        kinds=[statement, briefing],
    )
    every_kind = SubscriberFactory(email="all@paper.example")
    capture = django_capture_on_commit_callbacks
    publish(capture, statement, peru, "Peru statement")
    publish(capture, statement, chile, "Chile statement")
    publish(capture, briefing, peru, "Peru briefing")
    publish(capture, Kind.objects.get(pk=default_kind()), peru, "Peru release")
    run_worker()

    assert received(mailoutbox) == {
        statements.email: ["Chile statement", "Peru statement"],
        peru_statements.email: ["Peru statement"],
        peru_two_kinds.email: ["Peru briefing", "Peru statement"],
        every_kind.email: [
            "Chile statement",
            "Peru briefing",
            "Peru release",
            "Peru statement",
        ],
    }


def test_kinds_follow_an_item_whatever_other_follows_match_it_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    statement = KindFactory(name_en="Statement")
    peru = CountryOfficeFactory(country="PE")
    topic = TopicFactory()
    SubscriberFactory(
        follows_everything=True,
        offices=[peru],
        regions=[peru.region],
        topics=[topic],
        kinds=[statement, KindFactory()],
    )
    with django_capture_on_commit_callbacks(execute=True):
        release = PressReleaseFactory(published=True, kind=statement)
        release.country_offices.add(peru)
        release.topics.add(topic)
    run_worker()
    assert len(mailoutbox) == 1


@pytest.mark.usefixtures("tasks_at_once")
def test_the_sign_up_form_offers_kinds_by_translated_name_and_keeps_them(
    client, django_capture_on_commit_callbacks
):
    briefing = KindFactory(name_en="Briefing note", name_fr="Note d’information")
    with override("fr"):
        address = reverse("press:subscribe")
    page = client.get(address).content.decode()
    assert "Note d’information" in page
    # The help text says what ticking kinds does, next to them.
    assert 'aria-describedby="id_kinds_help"' in page
    with override("en"):
        address = reverse("press:subscribe")
    page = client.get(address).content.decode()
    assert "Briefing note" in page
    assert "you receive only items of those kinds" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            address,
            {
                "email": "ana@newsroom.example.org",
                "name": "Ana",
                "languages": ["en"],
                "follows_everything": "on",
                "kinds": [briefing.pk],
                "consent": "on",
                "website": "",
            },
        )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="ana@newsroom.example.org")
    assert list(subscriber.kinds.all()) == [briefing]


@pytest.mark.usefixtures("tasks_at_once")
def test_kinds_alone_are_not_enough_and_stay_ticked(client):
    briefing = KindFactory(name_en="Briefing note")
    with override("en"):
        address = reverse("press:subscribe")
    response = client.post(
        address,
        {
            "email": "ana@newsroom.example.org",
            "name": "Ana",
            "languages": ["en"],
            "kinds": [briefing.pk],
            "consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose what to follow: everything" in page
    assert f'value="{briefing.pk}" id="id_kinds_' in page
    box = page[page.index(f'value="{briefing.pk}" id="id_kinds_') :]
    assert box[: box.index(">")].endswith("checked")
    assert not Subscriber.objects.exists()


@pytest.mark.usefixtures("tasks_at_once")
def test_the_preferences_page_changes_kinds(client):
    statement = KindFactory(name_en="Statement")
    briefing = KindFactory(name_en="Briefing note")
    subscriber = SubscriberFactory(kinds=[statement])
    address = path_of(signed.manage_url(subscriber))
    page = client.get(address).content.decode()
    box = page[page.index(f'value="{statement.pk}" id="id_kinds_') :]
    assert box[: box.index(">")].endswith("checked")
    response = client.post(
        address,
        {
            "name": subscriber.name,
            "languages": ["en"],
            "follows_everything": "on",
            "kinds": [briefing.pk],
            "save": "1",
        },
    )
    assert response.status_code == 302
    assert list(subscriber.kinds.all()) == [briefing]
    # No kind ticked: every kind again.
    client.post(
        address,
        {
            "name": subscriber.name,
            "languages": ["en"],
            "follows_everything": "on",
            "save": "1",
        },
    )
    assert list(subscriber.kinds.all()) == []


@pytest.mark.usefixtures("tasks_at_once")
def test_the_data_download_lists_kinds_and_the_emails_received(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    statement = KindFactory(name_en="Statement")
    subscriber = SubscriberFactory(kinds=[statement], languages=" en fr ")
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(
            published=True, french=True, kind=statement, title_en="Floods"
        )
    assert len(mailoutbox) == 2
    response = client.post(path_of(signed.manage_url(subscriber)), {"download": "1"})
    data = json.loads(response.content)
    assert data["kinds_of_item"] == [str(statement)]
    emails = sorted(data["emails_received"], key=lambda email: email["language"])
    assert [
        (email["title"], email["language"], email["kind"], email["status"])
        for email in emails
    ] == [
        ("Floods", "en", "public", "sent"),
        (mailoutbox[1].subject, "fr", "public", "sent"),
    ]
    assert all(email["date"] for email in emails)
