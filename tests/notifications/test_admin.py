"""Notifications in the admin: the header count, each person's list, and
administrators' view of failed emails."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.models import MAX_EMAIL_ATTEMPTS, Notification
from notifications.services import notify
from tests.conftest import signed_in
from tests.factories import PageFactory
from tests.notifications.conftest import run_worker

pytestmark = pytest.mark.django_db

LIST = "/admin/notifications/notification/"
READ_ALL = "/admin/notifications/notification/read-all/"


def user_tools(html: str) -> str:
    return re.search(r'<div id="user-tools">(.*?)</div>', html, re.S).group(1)


def notification_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if "notifications_notification" in q["sql"]]


def test_the_header_says_how_many_are_unread_in_a_real_link(editor, publisher):
    for title in ("Mission", "Annual report"):
        notify(event="approved", recipients=[editor], obj=PageFactory(title_en=title))
    tools = user_tools(signed_in(editor).get("/admin/").text)
    assert f'<a href="{LIST}" class="notifications-link">' in tools
    assert "Notifications (2 unread)</a>" in tools
    # Nothing unread: the link stays, without a count.
    tools = user_tools(signed_in(publisher).get("/admin/").text)
    assert f'<a href="{LIST}" class="notifications-link">Notifications</a>' in tools


def test_the_count_costs_one_query_per_admin_page_and_none_on_public_pages(
    client, editor
):
    notify(event="approved", recipients=[editor], obj=PageFactory())
    editor_client = signed_in(editor)
    with CaptureQueriesContext(connection) as captured:
        assert editor_client.get("/admin/").status_code == 200
    assert len(notification_queries(captured)) == 1
    # Public pages, even for a signed-in editor, never ask.
    for who in (client, editor_client):
        with CaptureQueriesContext(connection) as captured:
            assert who.get("/en/").status_code == 200
        assert notification_queries(captured) == []


def test_the_list_shows_ones_own_newest_first_unread_highlighted(editor, publisher):
    older = PageFactory(title_en="Older")
    newer = PageFactory(title_en="Newer")
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=1)):
        notify(event="approved", recipients=[editor], obj=older, actor=publisher)
    notify(event="rejected", recipients=[editor], obj=newer, actor=publisher)
    notify(event="approved", recipients=[publisher], obj=older)
    Notification.objects.filter(title="Older").update(read_at=timezone.now())
    html = signed_in(editor).get(LIST).text
    assert html.index("Newer") < html.index("Older")
    assert "<strong>pub sent your change to “Newer” back to you.</strong>" in html
    assert "<strong>pub approved" not in html
    assert html.count("/open/") == 2


def test_mark_all_read_marks_only_ones_own(editor, publisher):
    notify(event="approved", recipients=[editor, publisher], obj=PageFactory())
    notify(event="commented", recipients=[editor], obj=PageFactory())
    client = signed_in(editor)
    assert f'action="{READ_ALL}"' in client.get(LIST).text
    assert client.get(READ_ALL).status_code == 405  # a change: POST only
    response = client.post(READ_ALL, follow=True)
    assert "2 notifications marked as read." in response.text
    assert "Notifications (" not in user_tools(response.text)
    assert not Notification.objects.unread().filter(recipient=editor).exists()
    assert Notification.objects.unread().filter(recipient=publisher).count() == 1


def failed_email(user, error="SMTPServerDisconnected: Connection unexpectedly closed"):
    [notification] = notify(event="approved", recipients=[user], obj=PageFactory())
    notification.email_attempts = MAX_EMAIL_ATTEMPTS
    notification.email_error = error
    notification.save()
    return notification


def test_only_administrators_see_everyones_failed_emails(
    editor, publisher, administrator, admin_client
):
    failed_email(publisher)
    failed_email(editor)
    for client in (signed_in(administrator), admin_client):
        html = client.get(f"{LIST}?whose=everyone&email=failed").text
        assert "Every failed email (2)" in html
        assert html.count("Connection unexpectedly closed") == 2
        assert 'value="retry_email"' in html
    # An editor sees their own notifications only, and no email state.
    html = signed_in(editor).get(f"{LIST}?whose=everyone&email=failed").text
    assert html.count("/open/") == 1
    assert "Connection unexpectedly closed" not in html
    assert "Every failed email" not in html
    assert 'value="retry_email"' not in html
    response = signed_in(editor).post(  # the action is not theirs
        LIST,
        {
            "action": "retry_email",
            "_selected_action": [n.pk for n in Notification.objects.all()],
        },
    )
    assert response.status_code == 302
    assert not DBTaskResult.objects.exists()


def test_a_send_failing_every_time_stops_after_the_last_attempt_and_stays_failed(
    publisher, smtp, django_capture_on_commit_callbacks, settings
):
    publisher.email = "pub@example.org"
    publisher.save()
    smtp.controller.stop()
    with django_capture_on_commit_callbacks(execute=True):
        [notification] = notify(
            event="approved", recipients=[publisher], obj=PageFactory()
        )
    now = timezone.now()
    for attempt in range(1, MAX_EMAIL_ATTEMPTS + 1):
        with time_machine.travel(now):
            run_worker()
        notification.refresh_from_db()
        assert notification.email_attempts == attempt
        # Each wait is twice the one before.
        now += datetime.timedelta(
            seconds=settings.NOTIFICATION_RETRY_SECONDS * 2 ** (attempt - 1) + 1
        )
    with time_machine.travel(now + datetime.timedelta(days=1)):
        run_worker()
    notification.refresh_from_db()
    assert notification.email_attempts == MAX_EMAIL_ATTEMPTS
    assert notification.email_failed is True
    assert notification.email_error
    assert list(Notification.objects.email_failed()) == [notification]
