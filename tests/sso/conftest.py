from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.sso.provider import Provider

DOMAIN = "iom.example"


@pytest.fixture(scope="session")
def provider_server():
    server = Provider().start()
    yield server
    server.stop()


@pytest.fixture
def provider(provider_server, settings):
    """The test provider, well behaved, and the site configured to trust it
    (as the DJANGO_OIDC_* variables would)."""
    provider_server.misbehave = set()
    provider_server.codes.clear()
    provider_server.requests.clear()
    provider_server.sign_in_as(f"new.person@{DOMAIN}")
    settings.SSO_ISSUER = provider_server.issuer
    settings.SSO_CLIENT_ID = provider_server.client_id
    settings.SSO_CLIENT_SECRET = provider_server.client_secret
    settings.SSO_ALLOWED_DOMAINS = [DOMAIN]
    settings.SSO_GROUPS_CLAIM = "groups"
    return provider_server


def start_sign_on(client, next_url: str = "") -> str:
    """Press the button: the address the site sends the browser to."""
    response = client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def at_provider(authorize_url: str) -> str:
    """What the browser does at the provider: the address it is sent back to."""
    response = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def come_back(client, callback_url: str):
    """The browser arriving at the site's callback."""
    parts = urlsplit(callback_url)
    return client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


def sign_on(client, next_url: str = ""):
    """The whole sign-on, as a browser follows it; the site's last answer."""
    return come_back(client, at_provider(start_sign_on(client, next_url)))
