"""Each person sees where they are signed in and can end the other
sessions; a password change ends them too."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial.models import AccountEvent
from profiles.models import UserSession
from profiles.sessions import end_sessions
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

MINE = "/admin/profiles/profile/mine/"
END_OTHERS = "/admin/profiles/profile/mine/sign-out-others/"
FIREFOX = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
)
NEW_PASSWORD = "a-much-longer-new-pass-42"


def is_signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def sign_in_with_form(username: str, password: str, **headers) -> Client:
    client = Client(**headers)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    assert response.status_code == 302, response.text
    return client


def session_rows(html: str) -> list[str]:
    table = re.search(r'<div class="module" id="sessions">(.*?)</table>', html, re.S)
    return re.findall(r"<tr[^>]*>\s*<td.*?</tr>", table.group(1), re.S)


def test_the_addresses_of_the_pages():
    assert reverse("admin:profiles_profile_end_other_sessions") == END_OTHERS


def test_signing_in_records_the_session_with_browser_and_address(editor):
    client = sign_in_with_form(
        "ed", "pw-for-tests", HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.7"
    )
    session = UserSession.objects.get(user=editor)
    assert session.session_key == client.session.session_key
    assert session.user_agent == FIREFOX
    assert session.ip_address == "203.0.113.7"
    html = client.get(MINE).text
    rows = session_rows(html)
    assert len(rows) == 1
    assert "Firefox on Windows" in rows[0]
    assert "(this session)" in rows[0]
    assert "203.0.113.7" in rows[0]
    assert "You are signed in nowhere else." in html
    assert END_OTHERS not in html


def test_the_profile_lists_every_session_this_one_first(editor):
    laptop = signed_in(editor)
    phone = signed_in(editor)
    html = phone.get(MINE).text
    rows = session_rows(html)
    assert len(rows) == 2
    assert "(this session)" in rows[0]
    assert "(this session)" not in rows[1]
    assert f'href="{END_OTHERS}"' in html
    assert is_signed_in(laptop) is True


def test_other_peoples_sessions_are_not_listed(editor, publisher):
    signed_in(publisher)
    assert len(session_rows(signed_in(editor).get(MINE).text)) == 1


def test_sign_out_everywhere_else_asks_first(editor):
    laptop = signed_in(editor)
    phone = signed_in(editor)
    html = phone.get(END_OTHERS).text
    assert "You are signed in in one other place." in html
    assert 'value="Yes, sign out everywhere else"' in html
    # Asking ends nothing.
    assert is_signed_in(laptop) is True
    assert UserSession.objects.filter(user=editor).count() == 2


def test_sign_out_everywhere_else_ends_the_others_and_keeps_this_one(editor):
    laptop = signed_in(editor)
    tablet = signed_in(editor)
    phone = signed_in(editor)
    response = phone.post(END_OTHERS)
    assert response.status_code == 302
    assert response["Location"] == MINE
    html = phone.get(MINE).text
    assert "2 other sessions were signed out." in html
    assert len(session_rows(html)) == 1
    assert is_signed_in(phone) is True
    assert is_signed_in(laptop) is False
    assert is_signed_in(tablet) is False
    assert laptop.get("/admin/")["Location"].startswith("/admin/login/")
    event = AccountEvent.objects.get(action=AccountEvent.Action.SESSIONS_ENDED)
    assert (event.user, event.detail) == (editor, "2 sessions ended")


def test_sign_out_everywhere_else_needs_a_post(editor):
    laptop = signed_in(editor)
    signed_in(editor).get(END_OTHERS)
    assert is_signed_in(laptop) is True


def test_signing_out_forgets_the_session(editor):
    client = signed_in(editor)
    assert UserSession.objects.filter(user=editor).count() == 1
    client.post("/admin/logout/")
    assert UserSession.objects.filter(user=editor).count() == 0


def test_changing_ones_own_password_ends_the_other_sessions(editor):
    laptop = signed_in(editor)
    phone = signed_in(editor)
    response = phone.post(
        "/admin/password_change/",
        {
            "old_password": "pw-for-tests",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert is_signed_in(phone) is True
    assert is_signed_in(laptop) is False
    # The session kept got a new key from Django; it is still listed as this
    # one, and the other is gone.
    rows = session_rows(phone.get(MINE).text)
    assert len(rows) == 1
    assert "(this session)" in rows[0]
    assert UserSession.objects.get(user=editor).session_key == (
        phone.session.session_key
    )
    events = AccountEvent.objects.filter(user=editor).order_by("pk")
    assert [(e.action, e.detail) for e in events][-2:] == [
        (AccountEvent.Action.PASSWORD_CHANGED, ""),
        (AccountEvent.Action.SESSIONS_ENDED, "1 session ended"),
    ]


def test_a_refused_password_change_ends_nothing(editor):
    laptop = signed_in(editor)
    response = signed_in(editor).post(
        "/admin/password_change/",
        {
            "old_password": "wrong",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert is_signed_in(laptop) is True
    assert not AccountEvent.objects.filter(
        action=AccountEvent.Action.PASSWORD_CHANGED
    ).exists()


def test_an_administrator_setting_a_password_ends_that_persons_sessions(
    admin_client, editor
):
    editors_laptop = signed_in(editor)
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[editor.pk]),
        {
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert is_signed_in(editors_laptop) is False
    assert is_signed_in(admin_client) is True
    assert not UserSession.objects.filter(user=editor).exists()
    changed = AccountEvent.objects.get(action=AccountEvent.Action.PASSWORD_CHANGED)
    assert (changed.user, changed.actor) == (editor, admin_client.user)
    ended = AccountEvent.objects.get(action=AccountEvent.Action.SESSIONS_ENDED)
    assert (ended.user, ended.actor, ended.detail) == (
        editor,
        admin_client.user,
        "1 session ended",
    )


def test_end_sessions_returns_how_many_ended_and_keeps_the_one_asked(editor):
    kept = signed_in(editor)
    others = [signed_in(editor), signed_in(editor)]
    assert end_sessions(editor, keep_session_key=kept.session.session_key) == 2
    assert [is_signed_in(c) for c in others] == [False, False]
    assert is_signed_in(kept) is True
    assert end_sessions(editor) == 1
    assert is_signed_in(kept) is False
    assert end_sessions(editor) == 0


def test_last_seen_is_written_every_few_minutes_not_every_request(editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in(editor)
        clock.shift(timedelta(minutes=2))
        client.get("/admin/")
        assert UserSession.objects.get(user=editor).last_seen == start
        clock.shift(timedelta(minutes=4))
        client.get("/admin/")
        assert UserSession.objects.get(user=editor).last_seen == start + timedelta(
            minutes=6
        )


def test_sessions_long_expired_are_not_listed(editor, settings):
    stale = signed_in(editor)
    UserSession.objects.filter(session_key=stale.session.session_key).update(
        last_seen=timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    )
    html = signed_in(editor).get(MINE).text
    assert len(session_rows(html)) == 1
    assert "You are signed in nowhere else." in html
