"""The verify page: authenticator codes, recovery codes, and bad input."""

import pytest

from editorial.models import AccountEvent
from tests.twofactor.conftest import code_for, sign_in_with_password
from twofactor.models import RecoveryCode, RecoveryCodeDevice

pytestmark = pytest.mark.django_db

VERIFY = "/admin/security/verify/"
Action = AccountEvent.Action


def events(user, action):
    return AccountEvent.objects.filter(user=user, action=action).count()


def unthrottle(device):
    # Throttling is tested on its own; other tests type again at once.
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def codes_of(client, user):
    """Make recovery codes from the Sign-in security page; return them."""
    import re

    client.post("/admin/security/recovery-codes/")
    page = client.get("/admin/security/recovery-codes/").content.decode()
    return re.findall(r"<code>([^<]+)</code>", page)


@pytest.fixture
def signed_in(client, publisher, totp_device):
    device = totp_device(publisher)
    sign_in_with_password(client, publisher)
    client.device = device
    return client


def test_verify_with_an_authenticator_code_goes_on_to_next(signed_in, publisher):
    page = signed_in.get(VERIFY + "?next=/admin/news/")
    body = page.content.decode()
    assert 'autocomplete="one-time-code"' in body
    assert '<label for="id_code">' in body
    response = signed_in.post(
        VERIFY, {"code": code_for(signed_in.device), "next": "/admin/news/"}
    )
    assert response["Location"] == "/admin/news/"
    assert signed_in.get("/admin/").status_code == 200
    assert events(publisher, Action.SECOND_FACTOR_PASSED) == 1


def test_next_off_the_site_is_ignored(signed_in):
    response = signed_in.post(
        VERIFY, {"code": code_for(signed_in.device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_a_replayed_code_is_refused_and_recorded(signed_in, publisher):
    from django.test import Client

    code = code_for(signed_in.device)
    assert signed_in.post(VERIFY, {"code": code}).status_code == 302
    other = sign_in_with_password(Client(), publisher)
    page = other.post(VERIFY, {"code": code})
    assert page.status_code == 200
    assert "already used" in page.content.decode()
    assert other.get("/admin/")["Location"].startswith(VERIFY)
    assert events(publisher, Action.SECOND_FACTOR_FAILED) == 1


def test_a_wrong_code_is_refused_then_throttled(signed_in, publisher):
    page = signed_in.post(VERIFY, {"code": "000000"})
    assert "That code is wrong" in page.content.decode()
    # Right away, even the right code waits: django-otp's back-off.
    page = signed_in.post(VERIFY, {"code": code_for(signed_in.device)})
    assert "Too many wrong codes" in page.content.decode()
    assert signed_in.get("/admin/")["Location"].startswith(VERIFY)
    assert events(publisher, Action.SECOND_FACTOR_FAILED) == 2


def test_recovery_codes_are_single_use_and_stored_hashed(
    client, publisher, totp_device
):
    device = totp_device(publisher)
    client.force_login(publisher)  # verified with the app
    codes = codes_of(client, publisher)
    assert len(codes) == 10
    stored = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(stored) == 10
    assert not {code.replace("-", "") for code in codes} & set(stored)
    assert not any(code in digest for code in codes for digest in stored)

    from django.test import Client

    first = sign_in_with_password(Client(), publisher)
    assert first.post(VERIFY, {"code": codes[0].upper()})["Location"] == "/admin/"
    assert events(publisher, Action.RECOVERY_CODE_USED) == 1
    second = sign_in_with_password(Client(), publisher)
    page = second.post(VERIFY, {"code": codes[0]})
    assert "already used" in page.content.decode()
    assert RecoveryCodeDevice.objects.get(user=publisher).remaining() == 9
    unthrottle(RecoveryCodeDevice.objects.get(user=publisher))
    assert second.post(VERIFY, {"code": codes[1]})["Location"] == "/admin/"
    assert device.pk  # the app is still there


def test_new_recovery_codes_void_the_old_ones(client, publisher, totp_device):
    totp_device(publisher)
    client.force_login(publisher)
    old = codes_of(client, publisher)
    new = codes_of(client, publisher)
    assert set(old).isdisjoint(new)
    assert events(publisher, Action.RECOVERY_CODES_MADE) == 2

    from django.test import Client

    other = sign_in_with_password(Client(), publisher)
    page = other.post(VERIFY, {"code": old[0]})
    assert "neither a current authenticator code" in page.content.decode()


def test_a_passkey_answer_outside_a_ceremony_is_refused_and_recorded(
    signed_in, publisher
):
    response = signed_in.post(
        "/admin/security/passkeys/authentication/complete/",
        data="{}",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"]
    assert events(publisher, Action.SECOND_FACTOR_FAILED) == 1
    assert signed_in.get("/admin/")["Location"].startswith(VERIFY)


def test_a_passkey_is_never_a_sign_in_on_its_own(client):
    response = client.post(
        "/admin/security/passkeys/authentication/begin/",
        content_type="application/json",
    )
    assert response.status_code == 403


def test_the_verify_page_offers_a_way_out(signed_in):
    page = signed_in.get(VERIFY).content.decode()
    assert 'action="/admin/logout/"' in page
    assert signed_in.post("/admin/logout/").status_code == 200
