"""Single sign-on in Chromium, against the test provider (tests/sso/provider.py)."""

import pytest
from playwright.sync_api import expect

from editorial.models import AccountEvent
from tests.sso.provider import Provider

DOMAIN = "iom.example"


@pytest.fixture
def provider(settings):
    server = Provider().start()
    server.sign_in_as(f"new.person@{DOMAIN}")
    settings.SSO_ISSUER = server.issuer
    settings.SSO_CLIENT_ID = server.client_id
    settings.SSO_CLIENT_SECRET = server.client_secret
    settings.SSO_ALLOWED_DOMAINS = [DOMAIN]
    settings.SSO_GROUPS_CLAIM = "groups"
    yield server
    server.stop()


def test_organisation_sign_in_lands_a_new_account_without_groups_in_the_admin(
    page, live_server, provider, django_user_model, console_errors
):
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_role("link", name="Sign in with your organisation account").click()

    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.locator("#user-tools")).to_contain_text("new.person@iom.example")
    # No group yet: only what every staff member sees (their notifications).
    expect(page.locator("#content-main")).to_contain_text("Notifications")
    expect(page.locator("#content-main")).not_to_contain_text("Press releases")
    user = django_user_model.objects.get(email=f"new.person@{DOMAIN}")
    assert user.is_staff is True
    assert user.groups.count() == 0
    assert AccountEvent.objects.filter(
        action=AccountEvent.Action.SSO_SIGNED_IN, user=user
    ).exists()
    # The admin links no favicon: Chromium's request for one gets a 404.
    assert [e for e in console_errors if "status of 404" not in e] == []


def test_an_address_outside_the_organisation_is_turned_back_with_a_message(
    page, live_server, provider, django_user_model
):
    provider.sign_in_as("visitor@mail.example")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_role("link", name="Sign in with your organisation account").click()

    page.wait_for_url(f"{live_server.url}/admin/login/")
    expect(page.locator(".messagelist")).to_contain_text(
        "The address visitor@mail.example does not belong to the organisation"
    )
    assert not django_user_model.objects.filter(email="visitor@mail.example").exists()
