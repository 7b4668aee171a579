"""A signed-in person's profile applied to their requests.

Admin pages come in the language of their profile, whatever their
browser's Accept-Language says; public pages keep their address's language
(``LocaleMiddleware``). Their session's "last seen" is kept, and when they
change their own password their other sessions end (``profiles.sessions``).
"""

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import translation

from core.middleware import in_admin
from profiles import sessions
from profiles.models import Profile

# Every admin page needs the person's language: it is put in the shared
# cache when they sign in and when their profile changes, so pages do not
# read the profile each time.
CACHE_SECONDS = 12 * 60 * 60


def _cache_key(user_id) -> str:
    return f"admin-language:{user_id}"


def _remember(user_id, language: str) -> None:
    try:
        cache.set(_cache_key(user_id), language, CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - a cache outage: read the profile
        pass


def admin_language(user) -> str:
    """The language ``user`` reads the admin in: their profile's; "" when
    they have no profile yet (then their browser's, as for everyone)."""
    try:
        language = cache.get(_cache_key(user.pk))
    except Exception:  # noqa: BLE001 - a cache outage: read the profile
        language = None
    if language is None:
        language = (
            Profile.objects.filter(user=user).values_list("language", flat=True).first()
            or ""
        )
        _remember(user.pk, language)
    # A language since removed from LANGUAGES: the browser's.
    return language if language in _known_languages() else ""


def _known_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


@receiver(post_save, sender=Profile, dispatch_uid="profiles.remember_language")
def _profile_saved(sender, instance, **kwargs):
    _remember(instance.user_id, instance.language)


@receiver(user_logged_in, dispatch_uid="profiles.first_language")
def _signed_in(sender, request, user, **kwargs):
    # On a first sign-in the profile starts in the language the browser
    # asked for (as LocaleMiddleware chose it); it is theirs from then on.
    browser = getattr(request, "LANGUAGE_CODE", "")
    if browser in _known_languages():
        profile, _created = Profile.objects.get_or_create(
            user=user, defaults={"language": browser}
        )
        _remember(user.pk, profile.language)
    else:
        # Signed in by code, with no browser behind it: only read into the
        # cache, so the first page costs what the others do.
        admin_language(user)


class ProfileMiddleware:
    """Apply the signed-in person's profile. After ``AuthenticationMiddleware``
    and ``LocaleMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Readers without a session cookie are left alone (looking at the
        # session would make every public page vary on the cookie).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        sessions.touch(request)
        if user.is_staff and in_admin(request):
            # Not switched back afterwards: LocaleMiddleware, outside this
            # one, names it in Content-Language, and activates the next
            # request's language itself.
            language = admin_language(user)
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        session_key = request.session.session_key
        password_hash = request.session.get(HASH_SESSION_KEY)
        response = self.get_response(request)
        if self._password_changed(request, password_hash):
            sessions.password_changed(request, previous_session_key=session_key)
        return response

    @staticmethod
    def _password_changed(request, password_hash) -> bool:
        # Django's password-change views store the new password's hash in
        # the session they keep (update_session_auth_hash); any other
        # session of that person is refused from then on.
        session = request.session
        return bool(
            password_hash
            and request.user.is_authenticated
            and session.get(SESSION_KEY) == str(request.user.pk)
            and session.get(HASH_SESSION_KEY) not in (None, password_hash)
        )
