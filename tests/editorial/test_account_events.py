"""Sign-ins, refusals and group changes go to the account events, which
administrators filter and export; nobody edits them."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from editorial.models import AccountEvent
from editorial.roles import EDITOR, PUBLISHER
from profiles.models import Profile
from tests.conftest import signed_in
from tests.editorial.html_forms import change_form_data

pytestmark = pytest.mark.django_db

Action = AccountEvent.Action
EVENTS = reverse("admin:editorial_accountevent_changelist")
EXPORT = reverse("admin:editorial_accountevent_export")


def event(action, username, at=None, **fields):
    made = AccountEvent.objects.create(action=action, username=username, **fields)
    if at is not None:
        AccountEvent.objects.filter(pk=made.pk).update(at=at)
    return made


def listed(html: str) -> list[str]:
    # The user name column of each row on the list.
    return re.findall(r'<td class="field-username">([^<]*)</td>', html)


def exported(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv"
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_signing_in_through_the_form_is_recorded(client, editor):
    client.post(
        "/admin/login/",
        {"username": "ed", "password": "pw-for-tests"},
        REMOTE_ADDR="198.51.100.4",
    )
    signed = AccountEvent.objects.get(action=Action.SIGNED_IN)
    assert (signed.user, signed.username, signed.ip_address) == (
        editor,
        "ed",
        "198.51.100.4",
    )


def test_a_refused_sign_in_is_recorded_with_the_name_tried(client, editor):
    client.post("/admin/login/", {"username": "ed", "password": "wrong"})
    client.post("/admin/login/", {"username": "nobody", "password": "x"})
    refused = AccountEvent.objects.filter(action=Action.SIGN_IN_FAILED).order_by("pk")
    assert [(e.user, e.username) for e in refused] == [(editor, "ed"), (None, "nobody")]
    assert not AccountEvent.objects.filter(action=Action.SIGNED_IN).exists()


def test_signing_out_is_recorded(editor):
    signed_in(editor).post("/admin/logout/")
    assert AccountEvent.objects.get(action=Action.SIGNED_OUT).user == editor


def test_a_change_of_groups_is_recorded_with_the_administrator(admin_client, editor):
    url = reverse("admin:auth_user_change", args=[editor.pk])
    form = change_form_data(admin_client.get(url).text, "user_form")
    publisher = Group.objects.get(name=PUBLISHER)
    form["groups"] = [str(publisher.pk)]
    response = admin_client.post(url, form)
    assert response.status_code == 302
    changed = AccountEvent.objects.get(action=Action.GROUPS_CHANGED)
    assert (changed.user, changed.actor) == (editor, admin_client.user)
    assert changed.detail == f"added {PUBLISHER}; removed {EDITOR}"


def test_saving_a_user_without_changing_groups_records_no_group_change(
    admin_client, editor
):
    url = reverse("admin:auth_user_change", args=[editor.pk])
    form = change_form_data(admin_client.get(url).text, "user_form")
    form["first_name"] = "Edna"
    assert admin_client.post(url, form).status_code == 302
    assert not AccountEvent.objects.filter(action=Action.GROUPS_CHANGED).exists()


def test_an_administrator_reads_the_events(administrator):
    event(Action.SIGNED_IN, "ed")
    response = signed_in(administrator).get(EVENTS)
    assert response.status_code == 200
    assert "ed" in listed(response.text)
    assert f'href="{EXPORT}?"' in response.text


def test_an_editor_cannot_see_the_events(editor):
    client = signed_in(editor)
    assert client.get(EVENTS).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert 'href="/admin/editorial/accountevent/"' not in client.get("/admin/").text


def test_nobody_adds_changes_or_deletes_an_event(admin_client):
    made = event(Action.SIGNED_IN, "ed")
    change = reverse("admin:editorial_accountevent_change", args=[made.pk])
    assert (
        admin_client.get(reverse("admin:editorial_accountevent_add")).status_code == 403
    )
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'type="submit"' not in page.text.split('id="content-main"')[1]
    admin_client.post(change, {"action": Action.SIGN_IN_FAILED, "username": "x"})
    delete = reverse("admin:editorial_accountevent_delete", args=[made.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    admin_client.post(
        EVENTS, {"action": "delete_selected", "_selected_action": [made.pk]}
    )
    made.refresh_from_db()
    assert (made.action, made.username) == (Action.SIGNED_IN, "ed")


def test_the_events_are_filtered_by_action_person_and_date(admin_client):
    event(Action.SIGNED_IN, "amina", at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    event(Action.SIGN_IN_FAILED, "amina", at=datetime(2026, 3, 2, 9, 5, tzinfo=UTC))
    event(Action.SIGN_IN_FAILED, "bruno", at=datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    event(Action.SIGN_IN_FAILED, "amina", at=datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    html = admin_client.get(
        EVENTS,
        {
            "action__exact": Action.SIGN_IN_FAILED,
            "q": "amina",
            "at__month": 3,
            "at__year": 2026,
        },
    ).text
    assert listed(html) == ["amina"]
    assert len(listed(admin_client.get(EVENTS, {"q": "amina"}).text)) == 3
    assert (
        len(
            listed(
                admin_client.get(
                    EVENTS, {"at__day": 2, "at__month": 3, "at__year": 2026}
                ).text
            )
        )
        == 2
    )


def test_the_export_keeps_the_filters_and_neutralises_formulas(admin_client):
    event(Action.SIGN_IN_FAILED, '=HYPERLINK("http://x")', detail="+1 try")
    event(Action.SIGN_IN_FAILED, "@sum", detail="-2")
    event(Action.SIGNED_IN, "amina")
    page = admin_client.get(EVENTS, {"action__exact": Action.SIGN_IN_FAILED}).text
    assert f'href="{EXPORT}?action__exact=sign-in-failed"' in page
    rows = exported(admin_client.get(EXPORT, {"action__exact": Action.SIGN_IN_FAILED}))
    assert rows[0] == [
        "Time (UTC)",
        "Action",
        "User name",
        "Done by",
        "Address",
        "Detail",
    ]
    body = sorted(rows[1:], key=lambda row: row[2])
    assert [row[1:3] + row[5:] for row in body] == [
        ["Sign-in refused", '\'=HYPERLINK("http://x")', "'+1 try"],
        ["Sign-in refused", "'@sum", "'-2"],
    ]
    assert response_filename(admin_client.get(EXPORT)).startswith("account-events-")


def response_filename(response) -> str:
    return response["Content-Disposition"].split('filename="')[1].rstrip('"')


def test_the_export_speaks_the_administrators_language_and_time_zone(
    admin_client,
):
    Profile.objects.update_or_create(
        user=admin_client.user,
        defaults={"language": "fr", "time_zone": "Europe/Zurich"},
    )
    event(
        Action.SIGNED_IN,
        "amina",
        at=datetime(2026, 7, 1, 8, 0, tzinfo=UTC),
        ip_address="192.0.2.1",
    )
    rows = exported(admin_client.get(EXPORT, {"q": "amina"}, HTTP_ACCEPT_LANGUAGE="en"))
    with translation.override("fr"):
        # The catalogue's French for the field, whatever it holds today.
        time = gettext("time").capitalize()
    assert rows[0][0] == f"{time} (Europe/Zurich)"
    assert rows[0][4] == "Adresse"
    assert rows[1][0] == "2026-07-01T10:00:00+02:00"
    assert rows[1][4] == "192.0.2.1"


def test_a_filter_the_list_does_not_know_is_refused_with_a_message(admin_client):
    response = admin_client.get(EXPORT, {"nonsense__gt": "1"}, follow=True)
    assert response.redirect_chain[0][0] == EVENTS
    assert "A filter in the address was not understood." in response.text


def test_the_administrator_sees_who_did_it(admin_client, editor):
    event(Action.DEVICES_RESET, "ed", user=editor, actor=admin_client.user)
    rows = exported(admin_client.get(EXPORT))
    assert rows[1][3] == "boss"


def test_a_second_client_signing_in_is_a_second_event(editor):
    for _ in range(2):
        Client().post("/admin/login/", {"username": "ed", "password": "pw-for-tests"})
    assert AccountEvent.objects.filter(action=Action.SIGNED_IN).count() == 2


def test_the_event_list_query_count_is_flat(admin_client, editor):
    def queries_with(rows: int) -> int:
        AccountEvent.objects.all().delete()
        for _ in range(rows):
            event(Action.DEVICES_RESET, "ed", user=editor, actor=admin_client.user)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(EVENTS).status_code == 200
        return len(queries)

    admin_client.get(EVENTS)  # the session's first writes
    assert queries_with(1) == queries_with(10)
