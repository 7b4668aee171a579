"""Sessions and headers for signed-in staff.

Staff pages never enter a shared cache, and an idle session ends. Readers
without a session cookie are left alone: looking at the session would add
``Vary: Cookie`` to every public page.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import patch_cache_control

LAST_SEEN = "_iomsite_last_seen"
# Recording activity at most this often keeps a request from writing the
# session every time.
LAST_SEEN_RESOLUTION = 60


def _has_session(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class StaffNoStoreMiddleware:
    """Send ``Cache-Control: private, no-store`` to signed-in staff."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not _has_session(request):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            for directive in ("public", "max-age", "s-maxage"):
                _drop_directive(response, directive)
            patch_cache_control(response, private=True, no_store=True)
        return response


class IdleTimeoutMiddleware:
    """Sign out a session unused for ``SESSION_IDLE_TIMEOUT`` seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_session(request) and request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if (
                last_seen is not None
                and now - last_seen > settings.SESSION_IDLE_TIMEOUT
            ):
                logout(request)
            elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


@receiver(user_logged_in, dispatch_uid="editorial.start_idle_clock")
def start_idle_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


def _drop_directive(response, name: str) -> None:
    header = response.get("Cache-Control")
    if not header:
        return
    kept = [
        part.strip()
        for part in header.split(",")
        if part.strip().split("=", 1)[0].lower() != name
    ]
    response["Cache-Control"] = ", ".join(kept)
