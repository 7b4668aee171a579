"""The provider's endpoints, from its discovery document.

Fetched when first needed (never at import: the site starts while the
provider is down) and kept in the cache for an hour. A failure is kept
for a minute, so that a provider that does not answer slows down one
sign-in page a minute, not every one.
"""

import hashlib
import logging

import requests
from django.core.cache import cache

from sso.conf import Provider

logger = logging.getLogger("iomsite.sso")

FOUND_FOR = 60 * 60
FAILED_FOR = 60
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")


class ProviderUnavailable(Exception):
    """The discovery document could not be read (the detail is for logs)."""


def _key(issuer: str) -> str:
    return "sso:discovery:" + hashlib.sha256(issuer.encode()).hexdigest()


def document_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def endpoints(provider: Provider) -> dict:
    """The provider's discovery document, checked; ProviderUnavailable if not."""
    key = _key(provider.issuer)
    found = cache.get(key)
    if found is None:
        try:
            found = _fetch(provider)
        except ProviderUnavailable as exc:
            logger.warning("single sign-on unavailable: %s", exc)
            found = {"error": str(exc)}
            cache.set(key, found, FAILED_FOR)
        else:
            cache.set(key, found, FOUND_FOR)
    if "error" in found:
        raise ProviderUnavailable(found["error"])
    return found


def _fetch(provider: Provider) -> dict:
    url = document_url(provider.issuer)
    try:
        response = requests.get(url, timeout=provider.timeout)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{url} could not be read: {exc}") from exc
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"{url} is not a discovery document")
    # OpenID Connect Discovery 1.0, section 4.3: the document names the very
    # issuer it was fetched for.
    issuer = document.get("issuer")
    if issuer != provider.issuer:
        raise ProviderUnavailable(
            f"{url} names the issuer {issuer!r}, not {provider.issuer!r}"
        )
    missing = [name for name in ENDPOINTS if not document.get(name)]
    if missing:
        names = ", ".join(missing)
        raise ProviderUnavailable(f"{url} lacks {names}")
    return document
