"""Each person's signed-in sessions: recorded when they sign in, forgotten
when they sign out, listed on their profile page, and ended from there, by
a password change, or by an administrator (a reset of their devices).

Ending a session deletes it from Django's session store (whatever
``SESSION_ENGINE`` is): the browser holding it is signed out on its next
request.
"""

import re
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from profiles import signals
from profiles.models import UserSession

# "Last seen" is written at most this often (seconds), not every request.
LAST_SEEN_EVERY = 5 * 60
# In the session: when its "last seen" was last written (epoch seconds).
SEEN_KEY = "_profiles_seen"

# Enough to tell one's own browsers apart; first match wins (Edge and
# Opera also say "Chrome", Chrome also says "Safari", Android "Linux").
BROWSERS = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
SYSTEMS = [
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def _store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def _address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _user_agent(request) -> str:
    agent = request.META.get("HTTP_USER_AGENT", "")
    # Control characters have no business in a list shown to people.
    return re.sub(r"[\x00-\x1f\x7f]", "", agent)[:200]


def describe_browser(user_agent: str) -> str:
    """A person's name for a browser: "Firefox on Windows"."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if browser and system:
        return _("{browser} on {system}").format(browser=browser, system=system)
    return browser or system or user_agent[:60] or _("Unknown browser")


def end_sessions(user, *, keep_session_key: str | None = None) -> int:
    """End every session of ``user`` but ``keep_session_key``; return how
    many were still active."""
    sessions = UserSession.objects.filter(user=user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    active = sessions.active().count()
    keys = list(sessions.values_list("session_key", flat=True))
    for key in keys:
        _store(key).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return active


def touch(request) -> None:
    """Note that the signed-in session of ``request`` is in use (every
    ``LAST_SEEN_EVERY`` seconds at most)."""
    now = int(time.time())
    seen = request.session.get(SEEN_KEY)
    if seen is not None and 0 <= now - seen < LAST_SEEN_EVERY:
        return
    request.session[SEEN_KEY] = now
    if request.session.session_key is None:
        return
    # A session signed in before sessions were recorded is recorded now,
    # so that it can be ended like the others.
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": request.user, "last_seen": timezone.now()},
        create_defaults={
            "user": request.user,
            "user_agent": _user_agent(request),
            "ip_address": _address(request),
        },
    )


def password_changed(request, *, previous_session_key: str | None) -> int:
    """After ``request.user`` changed their own password in ``request``:
    end their other sessions and say so (``signals.password_changed``).

    Django gave this session a new key (``update_session_auth_hash``); its
    record follows it.
    """
    user = request.user
    current = request.session.session_key
    if previous_session_key and current and previous_session_key != current:
        UserSession.objects.filter(session_key=previous_session_key).update(
            session_key=current
        )
    ended = end_sessions(user, keep_session_key=current)
    signals.password_changed.send(
        sender=type(user), request=request, user=user, sessions_ended=ended
    )
    return ended


def end_other_sessions(request) -> int:
    """End the other sessions of ``request.user`` (their choice)."""
    user = request.user
    ended = end_sessions(user, keep_session_key=request.session.session_key)
    signals.other_sessions_ended.send(
        sender=type(user), request=request, user=user, sessions_ended=ended
    )
    return ended


@receiver(user_logged_in, dispatch_uid="profiles.record_session")
def _record_session(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        # Signing in over another person's session empties it (Django's
        # login()); it gets its new key when saved.
        request.session.save()
    now = timezone.now()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "signed_in_at": now,
            "last_seen": now,
            "user_agent": _user_agent(request),
            "ip_address": _address(request),
        },
    )
    request.session[SEEN_KEY] = int(now.timestamp())
    # Sessions that expired without a sign-out (a closed browser).
    UserSession.objects.filter(user=user).expired().delete()


@receiver(user_logged_out, dispatch_uid="profiles.forget_session")
def _forget_session(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()
