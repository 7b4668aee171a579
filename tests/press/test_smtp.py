"""The confirmation through a real SMTP server (aiosmtpd), sent by the
background worker, then followed as the journalist would."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override
from django_tasks_db.models import DBTaskResult

from press.models import Subscriber, SubscriberStatus
from tests.notifications.conftest import run_worker, subject

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]


def parts(message) -> dict:
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }


def test_the_confirmation_reaches_a_real_smtp_server_and_confirms(
    client, smtp, settings, committed
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override("fr"):
        address = reverse("press:subscribe")
    with committed():
        response = client.post(
            address,
            {
                "email": "ana@newsroom.example.org",
                "name": "Ana López",
                "languages": ["fr"],
                "follows_everything": "on",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    # The request only queued it.
    assert smtp.messages == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()
    [(recipients, message)] = smtp.messages
    assert recipients == ["ana@newsroom.example.org"]
    assert "OIM" in subject(message)  # in French, the page's language
    body = parts(message)
    assert set(body) == {"text/plain", "text/html"}
    [link] = re.findall(r"https://www\.example\.org/fr/\S+", body["text/plain"])
    assert f'href="{link}"' in body["text/html"]

    path = link.removeprefix("https://www.example.org")
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    # Nothing else was sent to the address.
    assert len(smtp.messages) == 1
