"""Single sign-on against a real OpenID Connect provider (tests/sso/provider.py),
through mozilla-django-oidc's own flow."""

import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured

from editorial.models import AccountEvent
from editorial.roles import EDITOR, PUBLISHER
from sso import conf
from tests.factories import UserFactory
from tests.sso.conftest import (
    DOMAIN,
    at_provider,
    come_back,
    sign_on,
    start_sign_on,
)

pytestmark = pytest.mark.django_db

Action = AccountEvent.Action
BUTTON = "Sign in with your organisation account"
UNVERIFIED = "could not be verified, so you were not signed in"


def events(action):
    return list(AccountEvent.objects.filter(action=action).order_by("pk"))


def login_page(client) -> str:
    return client.get("/admin/login/").content.decode()


def test_login_page_has_no_button_when_single_sign_on_is_off(client):
    assert conf.provider() is None
    assert BUTTON not in login_page(client)
    assert client.get("/oidc/authenticate/").status_code == 404


def test_login_page_offers_the_organisation_sign_in_before_the_password(
    client, provider
):
    page = client.get("/admin/login/", {"next": "/admin/auth/"}).content.decode()
    assert BUTTON in page
    assert page.index(BUTTON) < page.index('id="login-form"')
    assert "/oidc/authenticate/?next=/admin/auth/" in page
    assert "Emergency administrator sign-in" in page


def test_new_person_gets_a_staff_account_without_a_group(client, provider):
    response = sign_on(client)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    user = UserFactory._meta.model.objects.get(email=f"new.person@{DOMAIN}")
    assert user.is_staff is True
    assert user.is_superuser is False
    assert user.has_usable_password() is False
    assert list(user.groups.all()) == []
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["iomsite_sso"] == provider.issuer
    assert [e.user for e in events(Action.ACCOUNT_CREATED)] == [user]
    assert [e.user for e in events(Action.SSO_SIGNED_IN)] == [user]
    # The identity provider's second factor counts: the admin opens.
    assert client.get("/admin/").status_code == 200


def test_authorization_request_uses_pkce_and_a_nonce(client, provider):
    query = parse_qs(urlsplit(start_sign_on(client)).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert len(query["nonce"][0]) >= 32
    assert query["client_id"] == [provider.client_id]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]


def test_existing_account_is_matched_by_email_whatever_its_case(client, provider):
    person = UserFactory(username="maria", email=f"Maria.Lopez@{DOMAIN.upper()}")
    provider.sign_in_as(f"maria.lopez@{DOMAIN}")

    sign_on(client)

    assert client.session["_auth_user_id"] == str(person.pk)
    assert UserFactory._meta.model.objects.count() == 1
    assert events(Action.ACCOUNT_CREATED) == []


def test_sign_on_returns_to_the_page_asked_for_but_never_off_site(client, provider):
    assert sign_on(client, "/admin/auth/")["Location"] == "/admin/auth/"
    client.logout()
    assert sign_on(client, "https://evil.example/")["Location"] == "/admin/"


def test_groups_claim_maps_onto_the_site_groups(client, provider):
    editor, publisher = (
        Group.objects.get(name=EDITOR),
        Group.objects.get(name=PUBLISHER),
    )
    provider.sign_in_as(f"ana@{DOMAIN}", groups=[EDITOR, "All staff (Geneva)"])
    sign_on(client)
    user = UserFactory._meta.model.objects.get(email=f"ana@{DOMAIN}")
    assert list(user.groups.all()) == [editor]
    [changed] = events(Action.GROUPS_CHANGED)
    assert "added Editor" in changed.detail

    client.logout()
    provider.sign_in_as(f"ana@{DOMAIN}", groups=[PUBLISHER])
    sign_on(client)
    assert list(user.groups.all()) == [publisher]
    assert "removed Editor" in events(Action.GROUPS_CHANGED)[-1].detail

    client.logout()
    sign_on(client)
    assert len(events(Action.GROUPS_CHANGED)) == 2  # nothing changed this time


def test_without_the_groups_claim_an_administrators_choice_stays(client, provider):
    person = UserFactory(email=f"ana@{DOMAIN}")
    person.groups.add(Group.objects.get(name=EDITOR))
    provider.sign_in_as(f"ana@{DOMAIN}")

    sign_on(client)

    assert [g.name for g in person.groups.all()] == [EDITOR]
    assert events(Action.GROUPS_CHANGED) == []


@pytest.mark.parametrize(
    "fault",
    [
        "wrong_issuer",
        "wrong_audience",
        "expired",
        "no_expiry",
        "wrong_nonce",
        "other_key",
        "forged_signature",
        "other_subject",
    ],
)
def test_a_token_failing_a_check_is_refused_on_the_login_page(client, provider, fault):
    provider.misbehave.add(fault)

    response = sign_on(client)

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/"
    assert UNVERIFIED in login_page(client)
    assert "_auth_user_id" not in client.session
    assert not UserFactory._meta.model.objects.exists()
    [refused] = events(Action.SSO_REFUSED)
    assert refused.detail


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("wrong_issuer", "another issuer"),
        ("wrong_audience", "another audience"),
        ("expired", "expired"),
        ("wrong_nonce", "nonce"),
        ("other_key", "key the JWKS lacks"),
        ("forged_signature", "signature"),
    ],
)
def test_the_refusal_is_recorded_with_its_reason(client, provider, fault, reason):
    provider.misbehave.add(fault)
    sign_on(client)
    assert reason in events(Action.SSO_REFUSED)[0].detail


def test_an_address_outside_the_allowed_domains_is_refused(client, provider):
    provider.sign_in_as("someone@gmail.example")

    assert sign_on(client)["Location"] == "/admin/login/"

    assert (
        "The address someone@gmail.example does not belong to the organisation"
        in login_page(client)
    )
    assert not UserFactory._meta.model.objects.exists()
    [refused] = events(Action.SSO_REFUSED)
    assert refused.username == "someone@gmail.example"
    assert refused.detail == "e-mail domain not allowed"


def test_an_unverified_address_is_refused_and_the_account_left_alone(client, provider):
    person = UserFactory(email=f"ana@{DOMAIN}")
    provider.sign_in_as(f"ana@{DOMAIN}", email_verified=False, groups=[EDITOR])

    sign_on(client)

    assert "has not verified the address" in login_page(client)
    assert "_auth_user_id" not in client.session
    assert list(person.groups.all()) == []
    assert events(Action.SSO_REFUSED)[0].detail == "e-mail address not verified"


def test_a_deactivated_account_is_refused(client, provider):
    UserFactory(email=f"ana@{DOMAIN}", is_active=False)
    provider.sign_in_as(f"ana@{DOMAIN}")

    sign_on(client)

    assert "is deactivated" in login_page(client)
    assert "_auth_user_id" not in client.session


def test_a_callback_the_site_did_not_start_is_refused(client, provider):
    callback = at_provider(start_sign_on(client))
    forged = callback.replace("state=", "state=forged")

    response = come_back(client, forged)

    assert response.status_code == 302
    assert "This sign-in was not started here" in login_page(client)
    assert events(Action.SSO_REFUSED)[0].detail == "unknown or used state"


def test_a_callback_is_used_once(client, provider):
    callback = at_provider(start_sign_on(client))
    come_back(client, callback)
    client.logout()

    come_back(client, callback)

    assert "_auth_user_id" not in client.session
    assert "already been used" in login_page(client)


def test_a_callback_in_another_browser_is_refused(client, provider):
    from django.test import Client

    callback = at_provider(start_sign_on(client))
    stranger = Client()
    come_back(stranger, callback)
    assert "_auth_user_id" not in stranger.session
    assert "This sign-in was not started here" in login_page(stranger)


def test_a_refusal_by_the_provider_is_explained(client, provider):
    provider.misbehave.add("deny")

    sign_on(client)

    assert "did not sign you in (access_denied)" in login_page(client)
    assert (
        events(Action.SSO_REFUSED)[0].detail == "the provider answered 'access_denied'"
    )


def test_provider_out_of_reach_is_said_and_the_local_sign_in_still_works(
    client, provider, django_user_model
):
    provider.misbehave.add("discovery_down")
    django_user_model.objects.create_superuser(
        "boss", "boss@example.org", "pw-for-tests"
    )

    page = login_page(client)
    assert "The organisation sign-in is unavailable" in page
    assert BUTTON not in page
    assert client.get("/oidc/authenticate/")["Location"] == "/admin/login/"
    response = client.post(
        "/admin/login/", {"username": "boss", "password": "pw-for-tests"}
    )
    assert response.status_code == 302


def test_discovery_names_the_issuer_it_was_fetched_for(client, provider, settings):
    # The same provider, reached under another address.
    settings.SSO_ISSUER = provider.issuer.replace("127.0.0.1", "localhost")
    assert "The organisation sign-in is unavailable" in login_page(client)


def test_discovery_is_fetched_once_then_cached(client, provider):
    sign_on(client)
    client.logout()
    sign_on(client)
    discoveries = [
        path
        for path in provider.requests
        if path == "/.well-known/openid-configuration"
    ]
    assert len(discoveries) == 1


def test_password_sign_in_is_only_for_superusers_when_single_sign_on_is_on(
    client, provider, editor
):
    response = client.post(
        "/admin/login/", {"username": "ed", "password": "pw-for-tests"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Password sign-in is kept for emergency administrators" in page
    assert "Please enter the correct" not in page
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_gets_the_usual_answer(client, provider, editor):
    response = client.post("/admin/login/", {"username": "ed", "password": "wrong"})

    page = response.content.decode()
    assert "Please enter the correct username and password" in page
    assert "Password sign-in is kept" not in page


def test_password_sign_in_works_for_everyone_when_single_sign_on_is_off(client, editor):
    response = client.post(
        "/admin/login/", {"username": "ed", "password": "pw-for-tests"}
    )
    assert response.status_code == 302


def test_partial_configuration_names_what_is_missing(settings):
    settings.SSO_ISSUER = "https://login.iom.example"
    settings.SSO_CLIENT_ID = "iomsite"
    settings.SSO_CLIENT_SECRET = ""
    with pytest.raises(ImproperlyConfigured, match="DJANGO_OIDC_CLIENT_SECRET"):
        conf.provider()


def test_single_sign_on_needs_the_allowed_domains(provider, settings):
    settings.SSO_ALLOWED_DOMAINS = []
    with pytest.raises(ImproperlyConfigured, match="DJANGO_OIDC_ALLOWED_DOMAINS"):
        conf.provider()


def test_a_partial_configuration_stops_start_up_naming_what_is_missing():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_OIDC_ISSUER": "https://login.iom.example",
        "DJANGO_OIDC_CLIENT_ID": "",
        "DJANGO_OIDC_CLIENT_SECRET": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_OIDC_CLIENT_ID, DJANGO_OIDC_CLIENT_SECRET" in result.stderr
