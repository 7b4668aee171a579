"""Notifications: kept in the admin, emailed by the background worker
through a real SMTP server, retried, never lost."""

import datetime

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from editorial import signals
from news import services
from news.models import PressRelease
from notifications.models import Notification
from profiles import get_profile
from tests.conftest import signed_in
from tests.editorial.test_conflicts import change_url, opened
from tests.news.factories import PressReleaseFactory
from tests.notifications.conftest import body, run_worker, subject
from tests.translations.conftest import make_translator

pytestmark = pytest.mark.django_db

LIST = "/admin/notifications/notification/"


def submit_change(editor_client, release, committed):
    form = opened(editor_client, release)
    form["title_en"] = "Floods in Peru: 10,000 displaced"
    with committed(execute=True):
        assert editor_client.post(change_url(release), form).status_code == 302


def test_publishers_are_told_of_a_change_by_the_worker_in_their_language(
    editor, publisher, editor_client, smtp, django_capture_on_commit_callbacks
):
    publisher.email = "pub@example.org"
    publisher.save()
    profile = get_profile(publisher)
    profile.language = "fr"  # as set on their "My profile" page
    profile.save()
    release = PressReleaseFactory(published=True, title_en="Floods in Peru")
    submit_change(editor_client, release, django_capture_on_commit_callbacks)

    notification = Notification.objects.get()
    assert (notification.recipient, notification.event) == (publisher, "submitted")
    # The request only queued it.
    assert smtp.messages == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()
    [(recipients, message)] = smtp.messages
    assert recipients == ["pub@example.org"]
    assert "a soumis une modification" in subject(message)
    assert "Floods in Peru" in subject(message)
    assert "a soumis une modification" in body(message)
    assert f"Ouvrir : https://www.example.org{change_url(release)}" in body(message)
    notification.refresh_from_db()
    assert notification.emailed_at is not None and notification.email_attempts == 1


def test_a_stopped_smtp_server_is_retried_and_shown_never_lost(
    publisher, administrator, smtp, django_capture_on_commit_callbacks
):
    publisher.email = "pub@example.org"
    publisher.save()
    release = PressReleaseFactory(published=True)
    smtp.controller.stop()
    with django_capture_on_commit_callbacks(execute=True):
        signals.draft_submitted.send(
            sender=PressRelease, obj=release, actor=None, author=None, comment=""
        )
    run_worker()
    notification = Notification.objects.get()
    assert notification.emailed_at is None
    assert notification.email_attempts == 1
    assert "Connection" in notification.email_error or notification.email_error
    # Tried again later, by itself.
    later = DBTaskResult.objects.filter(status="READY").get()
    assert later.run_after > timezone.now()

    # Administrators see the failure and retry it once the server is back.
    admin = signed_in(administrator)
    failed = admin.get(f"{LIST}?whose=everyone&email=failed").text
    assert notification.email_error[:20] in failed
    smtp.controller = Controller(smtp, hostname="127.0.0.1", port=smtp.port)
    smtp.controller.start()
    response = admin.post(
        f"{LIST}?whose=everyone&email=failed",
        {"action": "retry_email", "_selected_action": [notification.pk]},
    )
    assert response.status_code == 302
    run_worker()
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert len(smtp.messages) == 1
    # The retry left queued earlier finds it sent and does nothing.
    with time_machine.travel(later.run_after + datetime.timedelta(seconds=1)):
        run_worker()
    assert len(smtp.messages) == 1


def test_each_editorial_step_reaches_the_right_people(
    editor, publisher, django_user_model, django_capture_on_commit_callbacks
):
    translator = make_translator(django_user_model, "es", username="traductora")
    release = PressReleaseFactory(published=True, title_en="Floods", created_by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        for signal in (
            signals.draft_approved,
            signals.draft_rejected,
            signals.draft_commented,
        ):
            signal.send(
                sender=PressRelease,
                obj=release,
                actor=publisher,
                author=editor,
                comment="See the figures.",
            )
        signals.translation_needed.send(
            sender=PressRelease, obj=release, actor=publisher, language="es"
        )
        signals.review_answered.send(
            sender=PressRelease, obj=release, actor=None, author=publisher
        )
    received = sorted(Notification.objects.values_list("recipient__username", "event"))
    assert received == sorted(
        [
            ("ed", "approved"),
            ("ed", "rejected"),
            ("ed", "commented"),
            (translator.username, "translation_needed"),
            ("pub", "review_answered"),
        ]
    )


def test_a_scheduled_release_tells_who_scheduled_it_at_its_time(
    publisher, django_capture_on_commit_callbacks
):
    at = timezone.now() + datetime.timedelta(hours=2)
    release = PressReleaseFactory(french=True, title_es="T", summary_es="S")
    release.published_at = at
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_press_release(release=release, user=publisher)
    run_worker()
    assert not Notification.objects.filter(event="scheduled_published").exists()
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        run_worker()
    notification = Notification.objects.get(event="scheduled_published")
    assert notification.recipient == publisher


def test_the_admin_lists_ones_own_and_counts_the_unread(
    editor, publisher, django_capture_on_commit_callbacks
):
    release = PressReleaseFactory(published=True, title_en="Floods")
    with django_capture_on_commit_callbacks(execute=True):
        signals.draft_rejected.send(
            sender=PressRelease,
            obj=release,
            actor=publisher,
            author=editor,
            comment="Say where the figure comes from.",
        )
    client = signed_in(editor)
    home = client.get("/admin/").text
    assert "Notifications (1 unread)" in home
    listing = client.get(LIST).text
    assert "sent your change to “Floods” back to you" in listing
    assert "Say where the figure comes from." in listing
    notification = Notification.objects.get()
    opened_page = client.get(
        reverse("admin:notifications_notification_open", args=[notification.pk])
    )
    assert opened_page["Location"] == change_url(release)
    assert "Notifications (1 unread)" not in client.get("/admin/").text
    # Someone else's notification is not theirs to open or list.
    other = signed_in(publisher)
    assert "Floods" not in other.get(LIST).text
    other.get(reverse("admin:notifications_notification_open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None  # read by the editor, not reset


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_process_sends_what_the_request_queued(
    editor, publisher, postgres_url, smtp
):
    """The same as above with `manage.py db_worker` as its own process, as in
    production (PostgreSQL: the worker needs the database the test made)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    publisher.email = "pub@example.org"
    publisher.save()
    release = PressReleaseFactory(published=True, title_en="Floods in Peru")
    # A committed request: the admin's save runs its on-commit hooks.
    editor_client = signed_in(editor)
    form = opened(editor_client, release)
    form["title_en"] = "Floods in Peru: 10,000 displaced"
    assert editor_client.post(change_url(release), form).status_code == 302
    assert smtp.messages == []
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_"))
    }
    env.update(
        DJANGO_DEBUG="1",
        DATABASE_URL=postgres_url,
        DJANGO_EMAIL_HOST="127.0.0.1",
        DJANGO_EMAIL_PORT=str(smtp.port),
        DJANGO_EMAIL_USE_TLS="0",
        DJANGO_SITE_URL="https://www.example.org",
    )
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        check=True,
        timeout=60,
    )
    [(recipients, message)] = smtp.messages
    assert recipients == ["pub@example.org"]
    assert "Floods in Peru" in subject(message)
    assert Notification.objects.get().emailed_at is not None
