"""A person's own settings: the language of their admin and of the site's
messages to them, and their time zone (admin times are shown in it); and
the sessions they are signed in with."""

import functools
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@functools.cache
def time_zone_names() -> frozenset[str]:
    # Read from the system's zone files once per process.
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value and value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone name, such as Europe/Zurich."),
            code="invalid_time_zone",
            params={"value": value},
        )


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language of the admin and of the emails the site sends you, "
            "whatever your browser's language."
        ),
    )
    # An IANA name; blank until chosen (or taken from the browser).
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Times in the admin are shown in this zone."),
    )

    class Meta:
        ordering = ["user"]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)


def _expiry_cutoff():
    # A session unused for its whole lifetime has expired, though nobody
    # signed out (a closed browser).
    return timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)


class UserSessionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(last_seen__gte=_expiry_cutoff())

    def expired(self):
        return self.filter(last_seen__lt=_expiry_cutoff())


class UserSession(models.Model):
    """A session someone signed in with, listed on their profile page so
    they can end the ones they do not recognise (``profiles.sessions``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="signed_in_sessions",
    )
    # The key of the Django session (any SESSION_ENGINE): ending this
    # session deletes that one.
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    signed_in_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen", "-pk"]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self):
        return f"{self.user} · {self.signed_in_at:%Y-%m-%d %H:%M}"
