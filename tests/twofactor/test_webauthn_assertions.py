"""Passkey assertions on the verify page, made by a software authenticator.

The real begin/complete endpoints check each answer: one made with another
person's passkey, for another origin, for another challenge or sent twice is
refused with a message the page shows, recorded, and changes no account.
"""

import json
import os
from base64 import urlsafe_b64encode
from hashlib import sha256

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from django_otp_webauthn.models import WebAuthnCredential

from editorial.models import AccountEvent
from tests.conftest import member
from tests.twofactor.conftest import sign_in_with_password

pytestmark = pytest.mark.django_db

VERIFY = "/admin/security/verify/"
BEGIN = "/admin/security/passkeys/authentication/begin/"
COMPLETE = "/admin/security/passkeys/authentication/complete/"
Action = AccountEvent.Action


def b64url(data: bytes) -> str:
    return urlsafe_b64encode(data).rstrip(b"=").decode()


class SoftwareAuthenticator:
    """A passkey held in memory: an EC P-256 key registered for ``user`` as
    django-otp-webauthn stores one (credential id, COSE public key)."""

    def __init__(self, user, *, sign_count: int = 0):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        numbers = self.key.public_key().public_numbers()
        cose_key = {
            1: 2,  # kty: EC2
            3: -7,  # alg: ES256
            -1: 1,  # crv: P-256
            -2: numbers.x.to_bytes(32, "big"),
            -3: numbers.y.to_bytes(32, "big"),
        }
        self.counter = sign_count
        self.device = WebAuthnCredential.objects.create(
            user=user,
            name="Passkey 1",
            confirmed=True,
            credential_id=self.credential_id,
            public_key=cbor2.dumps(cose_key),
            sign_count=sign_count,
            aaguid="00000000-0000-0000-0000-000000000000",
        )

    def assertion(self, challenge: str, *, origin: str, rp_id: str) -> dict:
        """What a browser sends after the person touched the key."""
        self.counter += 1
        flags = 0x01 | 0x04  # user present, user verified
        authenticator_data = (
            sha256(rp_id.encode()).digest()
            + bytes([flags])
            + self.counter.to_bytes(4, "big")
        )
        client_data = json.dumps(
            {
                "type": "webauthn.get",
                "challenge": challenge,
                "origin": origin,
                "crossOrigin": False,
            }
        ).encode()
        signature = self.key.sign(
            authenticator_data + sha256(client_data).digest(),
            ec.ECDSA(hashes.SHA256()),
        )
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "authenticatorData": b64url(authenticator_data),
                "clientDataJSON": b64url(client_data),
                "signature": b64url(signature),
            },
            "clientExtensionResults": {},
        }


@pytest.fixture
def relying_party(settings):
    return {
        "rp_id": settings.OTP_WEBAUTHN_RP_ID,
        "origin": settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0],
    }


@pytest.fixture
def anna(django_user_model):
    from editorial.roles import PUBLISHER

    return member(django_user_model, "anna", PUBLISHER)


@pytest.fixture
def bruno(django_user_model):
    from editorial.roles import PUBLISHER

    return member(django_user_model, "bruno", PUBLISHER)


@pytest.fixture
def keys(anna, bruno):
    return {
        "anna": SoftwareAuthenticator(anna, sign_count=5),
        "bruno": SoftwareAuthenticator(bruno),
    }


def password_only(user) -> Client:
    """A session past the password, at the second factor."""
    client = sign_in_with_password(Client(), user)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    return client


def begin(client) -> str:
    response = client.post(BEGIN, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["challenge"]


def complete(client, assertion: dict):
    return client.post(
        COMPLETE + "?next=/admin/news/",
        data=json.dumps(assertion),
        content_type="application/json",
    )


def events(user, action) -> int:
    return AccountEvent.objects.filter(user=user, action=action).count()


def assert_refused(client, user, response, status: int, code: str) -> str:
    """Refused with a message, recorded, and the session still at the
    second factor; return the message."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert body["detail"]
    assert "redirect_url" not in body
    assert events(user, Action.SECOND_FACTOR_FAILED) == 1
    assert events(user, Action.SECOND_FACTOR_PASSED) == 0
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    return body["detail"]


def test_the_persons_own_passkey_is_accepted(bruno, keys, relying_party):
    client = password_only(bruno)
    # The ceremony offers Bruno's passkey only.
    options = client.post(BEGIN, content_type="application/json").json()
    offered = [each["id"] for each in options["allowCredentials"]]
    assert offered == [b64url(keys["bruno"].credential_id)]

    response = complete(
        client, keys["bruno"].assertion(options["challenge"], **relying_party)
    )
    assert response.status_code == 200, response.content
    assert response.json()["redirect_url"] == "/admin/news/"
    assert client.get("/admin/").status_code == 200
    assert events(bruno, Action.SECOND_FACTOR_PASSED) == 1
    keys["bruno"].device.refresh_from_db()
    assert keys["bruno"].device.sign_count == 1
    assert keys["bruno"].device.last_used_at is not None


def test_another_persons_passkey_is_refused(anna, bruno, keys, relying_party):
    client = password_only(bruno)
    challenge = begin(client)
    # A valid signature, by Anna's key, over Bruno's challenge.
    response = complete(client, keys["anna"].assertion(challenge, **relying_party))
    detail = assert_refused(client, bruno, response, 403, "credential_user_mismatch")
    assert "does not belong" in detail
    assert events(anna, Action.SECOND_FACTOR_FAILED) == 0
    assert events(anna, Action.SECOND_FACTOR_PASSED) == 0
    keys["anna"].device.refresh_from_db()
    assert keys["anna"].device.sign_count == 5
    assert keys["anna"].device.last_used_at is None
    # Anna's own session is not touched either.
    assert password_only(anna).get("/admin/")["Location"].startswith(VERIFY)


def test_an_answer_for_another_origin_is_refused(bruno, keys, relying_party):
    client = password_only(bruno)
    challenge = begin(client)
    assertion = keys["bruno"].assertion(
        challenge, origin="https://evil.example", rp_id=relying_party["rp_id"]
    )
    response = complete(client, assertion)
    detail = assert_refused(
        client, bruno, response, 422, "invalid_authentication_response"
    )
    assert "made for another site" in detail
    keys["bruno"].device.refresh_from_db()
    assert keys["bruno"].device.sign_count == 0


def test_an_answer_for_another_site_is_refused(bruno, keys, relying_party):
    client = password_only(bruno)
    challenge = begin(client)
    assertion = keys["bruno"].assertion(
        challenge, origin=relying_party["origin"], rp_id="evil.example"
    )
    response = complete(client, assertion)
    assert_refused(client, bruno, response, 422, "invalid_authentication_response")


def test_an_answer_to_another_challenge_is_refused(bruno, keys, relying_party):
    client = password_only(bruno)
    begin(client)
    assertion = keys["bruno"].assertion(b64url(os.urandom(32)), **relying_party)
    response = complete(client, assertion)
    assert_refused(client, bruno, response, 422, "invalid_authentication_response")


def test_an_answer_sent_twice_is_refused(bruno, keys, relying_party):
    client = password_only(bruno)
    challenge = begin(client)
    assertion = keys["bruno"].assertion(challenge, **relying_party)
    assert complete(client, assertion).status_code == 200

    # Same session: the ceremony is over, its challenge gone.
    again = complete(client, assertion)
    assert again.status_code == 400
    assert again.json()["code"] == "invalid_state"

    # Another session of the same person, in its own ceremony.
    other = password_only(bruno)
    begin(other)
    response = complete(other, assertion)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_authentication_response"
    assert other.get("/admin/")["Location"].startswith(VERIFY)
    assert events(bruno, Action.SECOND_FACTOR_FAILED) == 2
    assert events(bruno, Action.SECOND_FACTOR_PASSED) == 1
    keys["bruno"].device.refresh_from_db()
    assert keys["bruno"].device.sign_count == 1


def test_a_stale_sign_count_is_refused(bruno, keys, relying_party):
    """A cloned key shows an old counter: refused even with a fresh challenge."""
    client = password_only(bruno)
    assert (
        complete(
            client, keys["bruno"].assertion(begin(client), **relying_party)
        ).status_code
        == 200
    )
    other = password_only(bruno)
    keys["bruno"].counter = 0  # the clone's counter lags behind
    response = complete(other, keys["bruno"].assertion(begin(other), **relying_party))
    assert response.status_code == 422
    assert other.get("/admin/")["Location"].startswith(VERIFY)
    assert events(bruno, Action.SECOND_FACTOR_FAILED) == 1


def test_another_persons_passkey_is_refused_even_if_the_library_stops_checking(
    anna, bruno, keys, relying_party, monkeypatch
):
    """django-otp-webauthn compares the passkey's owner with the person
    inside its helper; the verify step checks again on its own."""
    from django_otp_webauthn.helpers import WebAuthnHelper

    library = WebAuthnHelper.authenticate_complete

    def without_owner_check(self, user, state, data):
        return library(self, None, state, data)

    monkeypatch.setattr(WebAuthnHelper, "authenticate_complete", without_owner_check)
    client = password_only(bruno)
    response = complete(client, keys["anna"].assertion(begin(client), **relying_party))
    assert_refused(client, bruno, response, 403, "credential_user_mismatch")
