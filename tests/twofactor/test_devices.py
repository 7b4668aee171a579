"""Each person's Sign-in security page, and the reset by an administrator."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial.models import AccountEvent
from tests.twofactor.conftest import sign_in_with_password

pytestmark = pytest.mark.django_db

SECURITY = "/admin/security/"
Action = AccountEvent.Action


def remove_url(device):
    return f"/admin/security/authenticator/{device.pk}/remove/"


def test_security_page_lists_devices_with_names_and_last_use(
    client, editor, totp_device
):
    totp_device(editor, name="Work phone")
    client.force_login(editor)
    page = client.get(SECURITY).content.decode()
    assert "Work phone" in page
    assert "Never" in page
    assert 'href="/admin/security/"' in client.get("/admin/").content.decode()


def test_removing_a_device_needs_the_password(client, editor, totp_device):
    device = totp_device(editor)
    client.force_login(editor)
    page = client.post(remove_url(device), {"password": "wrong"})
    assert "That is not your password" in page.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    response = client.post(remove_url(device), {"password": "pw-for-tests"})
    assert response["Location"] == SECURITY
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AccountEvent.objects.filter(
        user=editor, action=Action.DEVICE_REMOVED
    ).exists()


def test_the_last_device_stays_when_the_role_requires_one(
    client, publisher, totp_device
):
    device = totp_device(publisher)
    client.force_login(publisher)
    response = client.post(
        remove_url(device), {"password": "pw-for-tests"}, follow=True
    )
    assert "This is your last device" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    other = totp_device(publisher, name="Spare")
    client.post(remove_url(device), {"password": "pw-for-tests"})
    assert list(TOTPDevice.objects.filter(user=publisher)) == [other]


def test_someone_elses_device_cannot_be_removed(client, editor, publisher, totp_device):
    theirs = totp_device(publisher)
    client.force_login(editor)
    response = client.post(
        remove_url(theirs), {"password": "pw-for-tests"}, follow=True
    )
    assert "not one of yours" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=theirs.pk).exists()


def test_administrator_resets_lost_devices_audited_and_sessions_ended(
    administrator, publisher, totp_device
):
    totp_device(publisher)
    away = Client()
    away.force_login(publisher)
    assert away.get("/admin/").status_code == 200
    boss = Client()
    boss.force_login(administrator)
    changelist = "/admin/auth/user/"
    data = {"action": "reset_second_factor", "_selected_action": [publisher.pk]}
    confirm = boss.post(changelist, data)
    assert confirm.status_code == 200
    assert "lost every device" in confirm.content.decode()
    assert TOTPDevice.objects.filter(user=publisher).exists()
    response = boss.post(changelist, {**data, "post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=publisher).exists()
    event = AccountEvent.objects.get(action=Action.DEVICES_RESET)
    assert (event.user, event.actor) == (publisher, administrator)
    # Their sessions ended: the stolen or left-open one is signed out.
    assert away.get("/admin/")["Location"].startswith("/admin/login/")
    remaining = [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(publisher.pk)
    ]
    assert remaining == []
    # At the next sign-in they enrol again: no way around it.
    again = sign_in_with_password(Client(), publisher)
    assert again.get("/admin/")["Location"].startswith(SECURITY)


def test_editor_cannot_reset_anyones_devices(editor, publisher, totp_device):
    totp_device(publisher)
    client = Client()
    client.force_login(editor)
    response = client.post(
        "/admin/auth/user/",
        {
            "action": "reset_second_factor",
            "_selected_action": [publisher.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=publisher).exists()
