"""Who must pass a second factor before the admin opens, and where they go."""

import re

import pytest
from django.contrib.auth.models import Group

from editorial.roles import EDITOR, PUBLISHER
from tests.twofactor.conftest import code_for, sign_in_with_password
from twofactor.models import SecondFactorPolicy

pytestmark = pytest.mark.django_db

ENROL = "/admin/security/"


def test_publisher_without_a_device_reaches_no_admin_page_but_enrolment(
    client, publisher
):
    sign_in_with_password(client, publisher)
    for address in (
        "/admin/",
        "/admin/news/pressrelease/",
        "/admin/profiles/profile/mine/",
        "/admin/password_change/",
    ):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(ENROL + "?next="), address
    assert client.post("/admin/news/pressrelease/add/", {})["Location"] == ENROL
    page = client.get(ENROL)
    assert page.status_code == 200
    assert "Your role requires a second factor" in page.content.decode()
    assert client.get("/admin/security/authenticator/").status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200


def test_sign_out_stays_reachable_before_enrolment(client, publisher):
    sign_in_with_password(client, publisher)
    response = client.post("/admin/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_editor_without_a_device_is_not_forced(client, editor):
    sign_in_with_password(client, editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(ENROL).status_code == 200


def test_superuser_must_enrol_too(client, django_user_model):
    boss = django_user_model.objects.create_superuser("root", password="pw-for-tests")
    sign_in_with_password(client, boss)
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_person_with_a_device_goes_to_verify_with_next_kept(
    client, editor, totp_device
):
    totp_device(editor)
    sign_in_with_password(client, editor)
    response = client.get("/admin/news/pressrelease/?q=peru")
    assert response["Location"] == (
        "/admin/security/verify/?next=%2Fadmin%2Fnews%2Fpressrelease%2F%3Fq%3Dperu"
    )
    # Not even the enrolment page: adding a device needs the one there is.
    assert client.get("/admin/security/authenticator/")["Location"].startswith(
        "/admin/security/verify/"
    )
    assert client.post("/admin/security/passkeys/registration/begin/")[
        "Location"
    ].startswith("/admin/security/verify/")


def test_single_sign_on_session_counts_as_verified(client, publisher):
    sign_in_with_password(client, publisher)
    session = client.session
    session["iomsite_sso"] = "https://login.example.org/"
    session.save()
    assert client.get("/admin/").status_code == 200


def test_public_pages_are_not_affected(client, publisher):
    sign_in_with_password(client, publisher)
    assert client.get("/healthz").status_code == 200


def test_policy_per_group_is_editable_in_the_admin(client, administrator, editor):
    editors = Group.objects.get(name=EDITOR)
    admin_client = client
    admin_client.force_login(administrator)
    response = admin_client.get("/admin/twofactor/secondfactorpolicy/")
    assert response.status_code == 200
    assert PUBLISHER in response.content.decode()
    response = admin_client.post(
        "/admin/twofactor/secondfactorpolicy/add/",
        {"group": editors.pk, "required": "on"},
    )
    assert response.status_code == 302
    assert SecondFactorPolicy.objects.get(group=editors).required is True

    from django.test import Client

    editor_client = sign_in_with_password(Client(), editor)
    assert editor_client.get("/admin/")["Location"].startswith(ENROL)


def test_publishers_and_administrators_are_required_by_default():
    assert set(
        SecondFactorPolicy.objects.required().values_list("group__name", flat=True)
    ) >= {"Publisher", "Administrator"}


def test_enrolling_an_authenticator_opens_the_admin_and_shows_codes_once(
    client, publisher
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    sign_in_with_password(client, publisher)
    page = client.get("/admin/security/authenticator/?next=/admin/news/")
    body = page.content.decode()
    assert "<svg" in body
    assert 'autocomplete="one-time-code"' in body
    assert 'inputmode="numeric"' in body
    device = TOTPDevice.objects.get(user=publisher, confirmed=False)
    wrong = client.post(
        "/admin/security/authenticator/", {"name": "Work phone", "code": "000000"}
    )
    assert "That code does not match" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # the wait is not under test
    device.save()
    response = client.post(
        "/admin/security/authenticator/?next=/admin/news/",
        {"name": "Work phone", "code": code_for(device), "next": "/admin/news/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/security/recovery-codes/")
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<code>([^<]+)</code>", codes_page.content.decode())
    assert len(codes) == 10
    # Shown once: the page is gone on a second look.
    assert client.get("/admin/security/recovery-codes/").status_code == 302
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=publisher).name == "Work phone"
