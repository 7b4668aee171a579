"""The mail provider's bounce and complaint events (django-anymail)."""

import base64
import json

import pytest
from django.urls import reverse

from press.models import Delivery, DeliveryStatus, SubscriberStatus
from tests.news.factories import PressReleaseFactory
from tests.notifications.conftest import run_worker
from tests.press.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

SECRET = "anymail:s3cret-for-tests"


@pytest.fixture
def webhook(client, settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}
    url = reverse("press-webhooks:postmark_tracking_webhook")

    def post(payload, secret=SECRET):
        auth = base64.b64encode(secret.encode()).decode()
        return client.post(
            url,
            json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Basic {auth}",
        )

    return post


def bounce(delivery, kind="HardBounce", **extra):
    """A Postmark bounce webhook's body."""
    return {
        "RecordType": "Bounce",
        "ID": 4323372036854775807,
        "Type": kind,
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "",
        "MessageID": delivery.message_id if delivery else "unknown",
        "Metadata": {"press_delivery": str(delivery.pk)} if delivery else {},
        "Description": "The server was unable to deliver your message",
        "Details": "smtp;550 5.1.1 The email account does not exist.",
        "Email": delivery.subscriber.email if delivery else "x@example.net",
        "From": "press@example.org",
        "BouncedAt": "2030-03-12T14:05:00Z",
        **extra,
    }


def sent_delivery(subscriber, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        release = PressReleaseFactory(published=True)
    run_worker()
    return Delivery.objects.get(dispatch__release=release, subscriber=subscriber)


def test_three_hard_bounces_pause_the_address(
    webhook, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(follows_everything=True)
    for number in range(3):
        delivery = sent_delivery(subscriber, django_capture_on_commit_callbacks)
        assert delivery.message_id
        assert webhook(bounce(delivery)).status_code == 200
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.BOUNCED
        assert "unable to deliver" in delivery.error
        subscriber.refresh_from_db()
        assert subscriber.bounce_count == number + 1
        expected = (
            SubscriberStatus.PAUSED if number == 2 else SubscriberStatus.CONFIRMED
        )
        assert subscriber.status == expected
    assert subscriber.paused_at is not None
    # Nothing more is sent to a paused address.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(published=True)
    run_worker()
    assert mailoutbox == []


def test_the_message_id_alone_finds_the_delivery(
    webhook, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(follows_everything=True)
    delivery = sent_delivery(subscriber, django_capture_on_commit_callbacks)
    assert webhook(bounce(delivery, Metadata={})).status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.BOUNCED


def test_a_complaint_pauses_at_once(
    webhook, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(follows_everything=True)
    delivery = sent_delivery(subscriber, django_capture_on_commit_callbacks)
    complaint = bounce(delivery, RecordType="SpamComplaint", Type="SpamComplaint")
    assert webhook(complaint).status_code == 200
    delivery.refresh_from_db()
    subscriber.refresh_from_db()
    assert delivery.status == DeliveryStatus.COMPLAINED
    assert subscriber.status == SubscriberStatus.PAUSED
    assert subscriber.bounce_count == 0


def test_a_soft_bounce_is_not_counted(
    webhook, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(follows_everything=True)
    delivery = sent_delivery(subscriber, django_capture_on_commit_callbacks)
    assert webhook(bounce(delivery, kind="SoftBounce")).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.bounce_count == 0
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_a_bounce_for_a_known_address_without_delivery_still_counts(webhook):
    subscriber = SubscriberFactory(email="old@example.net")
    assert webhook(bounce(None, Email="OLD@example.net")).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.bounce_count == 1


def test_a_wrong_secret_is_refused_and_changes_nothing(
    webhook, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = SubscriberFactory(follows_everything=True)
    delivery = sent_delivery(subscriber, django_capture_on_commit_callbacks)
    response = webhook(bounce(delivery), secret="anymail:guess")
    assert response.status_code == 400
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_without_a_secret_the_webhooks_are_off(client, settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ""}
    response = client.post(
        reverse("press-webhooks:postmark_tracking_webhook"),
        "{}",
        content_type="application/json",
    )
    assert response.status_code == 404
