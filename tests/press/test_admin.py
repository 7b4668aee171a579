"""Subscribers in the admin: verification by publishers, export logged."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from press.models import Subscriber, SubscriberStatus
from tests.conftest import signed_in
from tests.press.factories import SubscriberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_at_once")]

LIST = "/admin/press/subscriber/"


def grant(user, *codenames):
    content_type = ContentType.objects.get_for_model(Subscriber)
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(content_type=content_type, codename=codename)
        )
    return signed_in(type(user).objects.get(pk=user.pk))


def run_action(client, action, subscribers):
    return client.post(
        LIST,
        {"action": action, "_selected_action": [s.pk for s in subscribers]},
    )


def test_the_list_shows_status_languages_and_verification_and_searches(
    admin_client,
):
    SubscriberFactory(email="ana@elcomercio.pe", name="Ana", languages=" en es ")
    SubscriberFactory(email="bo@example.org", outlet="Le Monde", pending=True)
    page = admin_client.get(LIST).content.decode()
    assert "ana@elcomercio.pe" in page and "en, es" in page
    assert "Waiting for confirmation" in page
    found = admin_client.get(LIST, {"q": "monde"}).content.decode()
    assert "bo@example.org" in found and "ana@elcomercio.pe" not in found
    spanish = admin_client.get(LIST, {"language": "es"}).content.decode()
    assert "ana@elcomercio.pe" in spanish and "bo@example.org" not in spanish
    pending = admin_client.get(LIST, {"status__exact": "pending"}).content.decode()
    assert "bo@example.org" in pending and "ana@elcomercio.pe" not in pending


def test_nobody_adds_a_subscriber_in_the_admin(admin_client):
    assert admin_client.get(LIST + "add/").status_code == 403


def test_a_publisher_verifies_and_unverifies_a_journalist(
    publisher, django_capture_on_commit_callbacks
):
    client = grant(publisher, "view_subscriber", "change_subscriber")
    subscriber = SubscriberFactory()
    pending = SubscriberFactory(pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client, "verify", [subscriber, pending])
    assert response.status_code == 302
    subscriber.refresh_from_db()
    pending.refresh_from_db()
    assert subscriber.is_verified is True
    assert subscriber.verified_by == publisher
    # An unconfirmed address is nobody's journalist yet.
    assert pending.is_verified is False
    assert LogEntry.objects.filter(
        object_id=str(subscriber.pk), change_message="verify"
    ).exists()
    page = client.get(LIST, {"verified": "yes"}).content.decode()
    assert subscriber.email in page and pending.email not in page
    run_action(client, "unverify", [subscriber])
    subscriber.refresh_from_db()
    assert subscriber.is_verified is False


def test_an_editor_cannot_verify(editor):
    client = grant(editor, "view_subscriber", "change_subscriber")
    subscriber = SubscriberFactory()
    page = client.get(LIST).content.decode()
    assert 'value="verify"' not in page
    response = run_action(client, "verify", [subscriber])
    assert response.status_code == 302
    assert "No action selected" in client.get(response["Location"]).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.is_verified is False


def test_resume_sends_to_a_paused_subscriber_again(admin_client):
    subscriber = SubscriberFactory(paused=True)
    run_action(admin_client, "resume", [subscriber])
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.bounce_count == 0


def test_the_export_needs_its_own_permission_and_is_logged(editor, caplog):
    SubscriberFactory(email="ana@example.org", name="=HYPERLINK(1)")
    viewer = grant(editor, "view_subscriber")
    assert 'value="export_csv"' not in viewer.get(LIST).content.decode()
    client = grant(editor, "export_subscriber")
    assert 'value="export_csv"' in client.get(LIST).content.decode()
    with caplog.at_level("INFO", logger="iomsite.audit"):
        response = run_action(client, "export_csv", Subscriber.objects.all())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Email address"
    assert rows[1][0] == "ana@example.org"
    # A spreadsheet would run it as a formula.
    assert rows[1][1] == "'=HYPERLINK(1)"
    entry = LogEntry.objects.get(change_message__startswith="export")
    assert entry.user == editor
    assert entry.change_message == "export 1 subscriber(s) as CSV"
    assert "export by ed: 1 press subscriber(s)" in caplog.text


def test_a_hand_made_verification_by_a_non_publisher_is_refused(editor):
    from django.core.exceptions import PermissionDenied

    from press import services

    subscriber = SubscriberFactory()
    with pytest.raises(PermissionDenied):
        services.verify(subscribers=Subscriber.objects.all(), user=editor)
    subscriber.refresh_from_db()
    assert subscriber.is_verified is False
