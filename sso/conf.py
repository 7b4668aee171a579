"""The identity provider the site trusts, read from settings when needed.

``iomsite/settings.py`` fills ``SSO_*`` from the ``DJANGO_OIDC_*``
environment variables; reading them at call time (not at import) lets the
tests' ``settings`` fixture switch single sign-on on and off.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

REQUIRED = {
    "SSO_ISSUER": "DJANGO_OIDC_ISSUER",
    "SSO_CLIENT_ID": "DJANGO_OIDC_CLIENT_ID",
    "SSO_CLIENT_SECRET": "DJANGO_OIDC_CLIENT_SECRET",
}


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    allowed_domains: tuple[str, ...]
    groups_claim: str
    timeout: int

    def allows(self, email: str) -> bool:
        """Whether the address belongs to one of the allowed domains."""
        domain = email.rpartition("@")[2].lower()
        return domain in self.allowed_domains


def provider() -> Provider | None:
    """The configured provider, or None when single sign-on is off.

    Raise ImproperlyConfigured, naming the variables, when only part of it
    is set.
    """
    values = {name: getattr(settings, name, "") for name in REQUIRED}
    if not any(values.values()):
        return None
    missing = [env for name, env in REQUIRED.items() if not values[name]]
    if missing:
        raise ImproperlyConfigured(
            "Single sign-on is partly configured: set {} as well (or unset "
            "the others).".format(", ".join(missing))
        )
    domains = tuple(d.lower() for d in getattr(settings, "SSO_ALLOWED_DOMAINS", []))
    if not domains:
        # Without it, anyone the provider knows (a public one has millions)
        # would get a staff account.
        raise ImproperlyConfigured(
            "Single sign-on needs DJANGO_OIDC_ALLOWED_DOMAINS: the e-mail "
            "domains whose people may sign in (comma-separated)."
        )
    return Provider(
        issuer=values["SSO_ISSUER"],
        client_id=values["SSO_CLIENT_ID"],
        client_secret=values["SSO_CLIENT_SECRET"],
        allowed_domains=domains,
        groups_claim=getattr(settings, "SSO_GROUPS_CLAIM", ""),
        timeout=getattr(settings, "SSO_TIMEOUT", 5),
    )
