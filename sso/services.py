"""The account a verified identity signs in to: matched, created, grouped.

Every check comes before the first write, so a refused sign-in creates and
changes nothing. Each step is an account event (``editorial.audit``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import default_username_algo

from editorial.audit import account_event
from editorial.models import AccountEvent
from sso.conf import Provider

Action = AccountEvent.Action


class SignOnRefused(Exception):
    """A sign-in the site refuses: ``reason`` for the log, ``message`` for
    the person, ``username`` (their address, when known) for both."""

    def __init__(self, reason: str, message: str, *, username: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.username = username


def checked_email(*, provider: Provider, claims: dict) -> str:
    """The address the claims vouch for; SignOnRefused when they do not."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise SignOnRefused(
            "no e-mail address in the claims",
            _(
                "Your organisation's identity provider did not give your e-mail "
                "address, so you were not signed in. Ask your IT service to "
                "release it to this site."
            ),
        )
    email = email.strip()
    # Absent, the provider makes no statement (some never send it): the
    # allowed domains, which the organisation's provider owns, still apply.
    if claims.get("email_verified", True) not in (True, "true"):
        raise SignOnRefused(
            "e-mail address not verified",
            _(
                "Your organisation's identity provider has not verified the "
                "address {email}, so you were not signed in."
            ).format(email=email),
            username=email,
        )
    if not provider.allows(email):
        raise SignOnRefused(
            "e-mail domain not allowed",
            _(
                "The address {email} does not belong to the organisation: sign "
                "in with your organisation account."
            ).format(email=email),
            username=email,
        )
    return email


def _existing_account(email: str):
    users = list(get_user_model().objects.filter(email__iexact=email)[:2])
    if len(users) > 1:
        raise SignOnRefused(
            "several accounts share the e-mail address",
            _(
                "Several accounts here use the address {email}: an administrator "
                "must give each its own address before you can sign in."
            ).format(email=email),
            username=email,
        )
    if users and not users[0].is_active:
        raise SignOnRefused(
            "account deactivated",
            _(
                "The account for {email} is deactivated. Ask an administrator "
                "if you need it again."
            ).format(email=email),
            username=email,
        )
    return users[0] if users else None


def _new_username(email: str) -> str:
    user_model = get_user_model()
    username = email.lower()
    if len(username) > 150 or user_model.objects.filter(username=username).exists():
        return default_username_algo(email)
    return username


def _site_groups(provider: Provider, claims: dict) -> set[Group] | None:
    """The site's groups the claims name, or None when they say nothing."""
    if not provider.groups_claim or provider.groups_claim not in claims:
        return None
    names = claims[provider.groups_claim]
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list):
        return None
    # Names the site has no group for (the provider's other groups) are
    # ignored.
    wanted = [name for name in names if isinstance(name, str)]
    return set(Group.objects.filter(name__in=wanted))


def _sync_groups(user, groups: set[Group] | None, *, provider, request) -> None:
    if groups is None:
        return
    current = set(user.groups.all())
    if current == groups:
        return
    user.groups.set(groups)
    added = ", ".join(sorted(g.name for g in groups - current)) or "-"
    removed = ", ".join(sorted(g.name for g in current - groups)) or "-"
    account_event(
        Action.GROUPS_CHANGED,
        user=user,
        request=request,
        detail=f"from the {provider.groups_claim} claim: added {added}; "
        f"removed {removed}",
    )


@transaction.atomic
def account_for_claims(*, provider: Provider, claims: dict, request):
    """Find, or create as staff without a group, the account of the person
    the claims describe, and bring its groups in line with the groups claim.
    """
    email = checked_email(provider=provider, claims=claims)
    user = _existing_account(email)
    groups = _site_groups(provider, claims)
    if user is None:
        user_model = get_user_model()
        user = user_model(username=_new_username(email), email=email, is_staff=True)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        account_event(
            Action.ACCOUNT_CREATED,
            user=user,
            request=request,
            detail=f"by single sign-on from {provider.issuer}",
        )
    _sync_groups(user, groups, provider=provider, request=request)
    return user
