"""Signed links in the emails sent to subscribers: no account, no password.

A token names the subscriber and is signed with the site's secret, the
link's purpose and the subscriber's ``key``: changing the key voids every
link sent before. A token is good for ``max_age`` seconds:
``PRESS_CONFIRM_MAX_AGE`` for a confirmation (7 days by default),
``PRESS_LINK_MAX_AGE`` for the preferences and unsubscribe links in every
email (60 days by default).

The sending side (press.emails, press.delivery) builds its links with
``manage_url()`` and ``unsubscribe_url()`` (the List-Unsubscribe target).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from press.models import Subscriber

CONFIRM = "confirm"
MANAGE = "manage"
PURPOSES = (CONFIRM, MANAGE)
# "." is outside the base64 alphabet of the signature and the base62 one of
# the time stamp, and needs no escaping in a URL path.
SEPARATOR = "."
DEFAULT_MAX_AGES = {CONFIRM: 7 * 24 * 60 * 60, MANAGE: 60 * 24 * 60 * 60}
MAX_TOKEN_LENGTH = 200


def max_age_for(purpose: str) -> int:
    """Seconds a link of ``purpose`` stays good (settings may change it)."""
    if purpose == CONFIRM:
        return int(
            getattr(settings, "PRESS_CONFIRM_MAX_AGE", DEFAULT_MAX_AGES[CONFIRM])
        )
    return int(getattr(settings, "PRESS_LINK_MAX_AGE", DEFAULT_MAX_AGES[MANAGE]))


def _signer(purpose: str, key: str) -> signing.TimestampSigner:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    return signing.TimestampSigner(salt=f"press.{purpose}.{key}", sep=SEPARATOR)


def token_for(subscriber: Subscriber, purpose: str) -> str:
    """A token for ``subscriber``'s link of ``purpose``."""
    return _signer(purpose, subscriber.key).sign(str(subscriber.pk))


class LinkProblem(Exception):
    """Why a token was refused: ``expired`` or not (forged, voided, unknown)."""

    def __init__(self, *, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def check(token: str, purpose: str, max_age: int | None = None) -> Subscriber:
    """The subscriber ``token`` names, or raise ``LinkProblem``."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise LinkProblem
    pk = token.split(SEPARATOR, 1)[0]
    # isdecimal() refuses "²" and the like; the length, numbers no database
    # key reaches (SQLite cannot even compare them).
    if not (pk.isascii() and pk.isdecimal()) or len(pk) > 18:
        raise LinkProblem
    subscriber = Subscriber.objects.filter(pk=int(pk)).first()
    if subscriber is None:
        # Deleted (or never there): the same answer as a forged link.
        raise LinkProblem
    if max_age is None:
        max_age = max_age_for(purpose)
    try:
        value = _signer(purpose, subscriber.key).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkProblem(expired=True) from None
    except signing.BadSignature:
        raise LinkProblem from None
    if value != str(subscriber.pk):
        raise LinkProblem
    return subscriber


def subscriber_from(
    token: str, purpose: str, max_age: int | None = None
) -> Subscriber | None:
    """The subscriber ``token`` names, or None when it is forged, voided
    (the key changed), expired or the subscriber is gone."""
    try:
        return check(token, purpose, max_age)
    except LinkProblem:
        return None


def link_language(subscriber: Subscriber, language: str | None = None) -> str:
    """The language of a subscriber's links: ``language`` if the site has
    it, else the first they read, else the site's default."""
    known = {code for code, _name in settings.LANGUAGES}
    if language in known:
        return language
    for code in subscriber.language_codes:
        if code in known:
            return code
    return settings.LANGUAGE_CODE


def _absolute(
    name: str, subscriber: Subscriber, purpose: str, language: str | None
) -> str:
    with translation.override(link_language(subscriber, language)):
        path = reverse(name, kwargs={"token": token_for(subscriber, purpose)})
    return settings.SITE_URL.rstrip("/") + path


def confirm_url(subscriber: Subscriber, language: str | None = None) -> str:
    """The absolute address that confirms ``subscriber`` (double opt-in)."""
    return _absolute("press:confirm", subscriber, CONFIRM, language)


def manage_url(subscriber: Subscriber, language: str | None = None) -> str:
    """The absolute address of ``subscriber``'s preferences page."""
    return _absolute("press:manage", subscriber, MANAGE, language)


def unsubscribe_url(subscriber: Subscriber, language: str | None = None) -> str:
    """The absolute one-click unsubscribe address (RFC 8058): a POST there
    unsubscribes at once; a GET shows a page with a button."""
    return _absolute("press:unsubscribe", subscriber, MANAGE, language)
