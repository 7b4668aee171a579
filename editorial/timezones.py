"""Every time in the admin in the signed-in person's own zone.

The zone is the person's profile setting (``profiles``); until they choose
one, the browser's zone is taken, once, on their first admin page
(``static/iomsite/admin/timezone.js`` puts it in a cookie). Django then
shows times in that zone and reads typed times in it; the database keeps
UTC. Public pages are never touched: they are cached for everyone, so they
stay in UTC whoever asks.
"""

import zoneinfo

from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from core.middleware import in_admin
from core.timezones import is_known_zone
from profiles import get_profile
from profiles.models import Profile

# Set by static/iomsite/admin/timezone.js: the browser's IANA zone.
BROWSER_ZONE_COOKIE = "browser_tz"
# Every admin page needs the person's zone: it is put in the shared cache
# when they sign in and when their profile changes, so pages do not read
# the profile each time (their query counts stay as they were).
CACHE_SECONDS = 12 * 60 * 60


def _cache_key(user_id) -> str:
    return f"admin-time-zone:{user_id}"


def _remember(user_id, zone: str) -> None:
    try:
        cache.set(_cache_key(user_id), zone, CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - a cache outage: read the profile
        pass


@receiver(post_save, sender=Profile)
def _profile_saved(sender, instance, **kwargs):
    _remember(instance.user_id, instance.time_zone)


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    if user.is_staff:
        browser = request.COOKIES.get(BROWSER_ZONE_COOKIE, "") if request else ""
        _remember(user.pk, _profile_zone(user, browser))


def zone_for(request) -> str:
    """The zone of the staff member behind ``request``; "" for none.

    Keeps the browser's zone as their choice when they have none yet.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return ""
    browser = request.COOKIES.get(BROWSER_ZONE_COOKIE, "")
    try:
        zone = cache.get(_cache_key(user.pk))
    except Exception:  # noqa: BLE001 - a cache outage: read the profile
        zone = None
    if zone is None or (not zone and browser):
        zone = _profile_zone(user, browser)
        _remember(user.pk, zone)
    # A name this machine's zone data lacks is shown as UTC, not a 500.
    return zone if is_known_zone(zone) else ""


def _profile_zone(user, browser: str) -> str:
    """The zone in ``user``'s profile; the browser's, kept, if none is set."""
    zone = Profile.objects.filter(user=user).values_list("time_zone", flat=True).first()
    if zone:
        return zone
    if len(browser) <= 64 and is_known_zone(browser):
        profile = get_profile(user)
        profile.time_zone = browser
        profile.save(update_fields=["time_zone"])
        return browser
    return ""


class AdminTimeZoneMiddleware:
    """Activate the signed-in staff member's zone for admin pages only.

    After ``AuthenticationMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not in_admin(request):
            return self.get_response(request)
        zone = zone_for(request)
        if not zone:
            return self.get_response(request)
        timezone.activate(zoneinfo.ZoneInfo(zone))
        try:
            return self.get_response(request)
        finally:
            # The thread serves public pages next: back to the site's zone.
            timezone.deactivate()
