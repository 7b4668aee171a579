"""What people are told: one row per recipient and event, in the admin and
by email (sent by a background task, retried, its failures kept here)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Sent back")
    COMMENTED = "commented", _("Commented")
    REVIEW_ANSWERED = "review_answered", _("Outside review answered")
    TRANSLATION_NEEDED = "translation_needed", _("Translation needed")
    SCHEDULED_PUBLISHED = "scheduled_published", _("Scheduled item published")
    RIGHTS_EXPIRING = "rights_expiring", _("Photo rights expiring")


# What each event says, in the reader's language when shown or sent.
SUMMARIES = {
    Event.SUBMITTED: _("%(actor)s submitted a change to “%(title)s” for review."),
    Event.APPROVED: _("%(actor)s approved your change to “%(title)s”."),
    Event.REJECTED: _("%(actor)s sent your change to “%(title)s” back to you."),
    Event.COMMENTED: _("%(actor)s commented on the change to “%(title)s”."),
    Event.REVIEW_ANSWERED: _("The outside reviewer answered about “%(title)s”."),
    Event.TRANSLATION_NEEDED: _("“%(title)s” is on the site without %(language)s."),
    Event.SCHEDULED_PUBLISHED: _("“%(title)s” is now on the site, as scheduled."),
    Event.RIGHTS_EXPIRING: _(
        "The rights to the photo “%(title)s” are ending or have ended, and "
        "press releases use it."
    ),
}

MAX_EMAIL_ATTEMPTS = 5


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_failed(self):
        return self.filter(emailed_at__isnull=True, email_attempts__gt=0)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("event"), max_length=24, choices=Event)
    # The item, and as it was named then with its admin page: the
    # notification reads fine even once the item is gone.
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("item id"), max_length=64, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("item"), max_length=300)
    url = models.CharField(_("address"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    language = models.CharField(_("language"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("email attempts"), default=0)
    email_error = models.TextField(_("last email error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.summary()

    def summary(self) -> str:
        """The event in one sentence, in the active language."""
        actor = self.actor
        languages = ", ".join(
            str(get_language_info(code)["name_translated"])
            for code in self.language.split(",")
            if code in dict(settings.LANGUAGES)
        )
        return str(SUMMARIES[self.event]) % {
            "actor": (actor.get_full_name() or actor.get_username())
            if actor
            else _("Someone"),
            "title": self.title,
            "language": languages,
        }

    @property
    def email_failed(self) -> bool:
        return self.emailed_at is None and self.email_attempts > 0
