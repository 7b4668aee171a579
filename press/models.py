"""Journalists who receive the press office's releases by email.

No account is needed: a subscriber signs up with an address, confirms it
from the email they receive (double opt-in) and manages what they follow
from a signed link in every email. Publishers may mark a subscriber as a
verified journalist, which lets them receive embargoed items in advance.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriberStatus(models.TextChoices):
    # Signed up, confirmation email sent, not yet confirmed: never sent
    # anything else.
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    # Repeated bounces or a complaint: nothing is sent until it is resumed.
    PAUSED = "paused", _("Paused")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


def new_key() -> str:
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=SubscriberStatus.CONFIRMED)

    def reading(self, language: str):
        """Subscribers who asked for items in ``language``."""
        return self.filter(languages__contains=f" {language} ")

    def following(self, release, language: str):
        """Confirmed subscribers in ``language`` whose follows match
        ``release`` (its offices, their regions, its topics), or who follow
        everything: each subscriber once.

        Kinds narrow: a subscriber who picked kinds of item receives only
        items of those kinds (of what their other follows match); one who
        picked none receives every kind."""
        offices = release.country_offices.all()
        match = (
            Q(follows_everything=True)
            | Q(offices__in=offices)
            | Q(regions__offices__in=offices)
            | Q(topics__in=release.topics.all())
        )
        of_kind = Q(kinds__isnull=True)
        if release.kind_id is not None:
            of_kind |= Q(kinds=release.kind_id)
        ids = (
            self.confirmed()
            .reading(language)
            .filter(match)
            .filter(pk__in=self.model.objects.filter(of_kind).values("pk"))
            .values("pk")
        )
        return self.model.objects.filter(pk__in=ids)


class Subscriber(models.Model):
    # Kept in lower case (save()): one subscription per address.
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=200)
    outlet = models.CharField(_("media outlet"), max_length=200, blank=True)
    # Language codes, space-separated with a space at each end (" en fr "),
    # so that ``reading()`` is one LIKE on SQLite and PostgreSQL alike.
    languages = models.CharField(_("languages"), max_length=64, default=" ")
    follows_everything = models.BooleanField(
        _("everything the organisation publishes"), default=False
    )
    offices = models.ManyToManyField(
        "organization.CountryOffice",
        blank=True,
        related_name="press_subscribers",
        verbose_name=_("country offices"),
    )
    regions = models.ManyToManyField(
        "organization.Region",
        blank=True,
        related_name="press_subscribers",
        verbose_name=_("regions"),
    )
    topics = models.ManyToManyField(
        "news.Topic",
        blank=True,
        related_name="press_subscribers",
        verbose_name=_("topics"),
    )
    # Kinds narrow the other follows: none picked means every kind.
    kinds = models.ManyToManyField(
        "news.Kind",
        blank=True,
        related_name="press_subscribers",
        verbose_name=_("kinds of item"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubscriberStatus,
        default=SubscriberStatus.PENDING,
    )
    # Signed links (confirmation, preferences, unsubscribe) carry this key:
    # changing it voids every link sent before.
    key = models.CharField(max_length=64, default=new_key, editable=False)
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    bounce_count = models.PositiveIntegerField(_("bounces"), default=0)
    # A verified journalist may receive embargoed items before their time.
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    # What the subscriber agreed to, word for word in the language they read
    # it in, and when: the record a data-protection officer asks for.
    consent_text = models.TextField(_("consent given"), blank=True)
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status"])]
        permissions = [
            ("export_subscriber", _("Can export subscribers' data as CSV")),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    @language_codes.setter
    def language_codes(self, codes) -> None:
        known = [code for code, _name in settings.LANGUAGES]
        kept = [code for code in known if code in set(codes)]
        self.languages = f" {' '.join(kept)} " if kept else " "

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


# --- Delivery (sending side) ---


class DispatchKind(models.TextChoices):
    # When the item becomes public in the language: every follower.
    PUBLIC = "public", _("Public send")
    # Before its time, to verified journalists, marked as embargoed.
    ADVANCE = "advance", _("Embargoed advance send")
    CORRECTION = "correction", _("Correction")


class DispatchState(models.TextChoices):
    SENDING = "sending", _("Sending")
    DONE = "done", _("Done")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    # Taken by a worker: no other worker sends it.
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")
    COMPLAINED = "complained", _("Marked as spam")
    # Unsubscribed or paused between the send's start and their turn.
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    # The item stopped being public before their turn.
    WITHDRAWN = "withdrawn", _("Not sent: withdrawn")


class Dispatch(models.Model):
    """One sending of a release in one language (the delivery report)."""

    release = models.ForeignKey(
        "news.PressRelease",
        verbose_name=_("press release"),
        on_delete=models.CASCADE,
        related_name="press_dispatches",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    kind = models.CharField(
        _("kind"), max_length=16, choices=DispatchKind, default=DispatchKind.PUBLIC
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=DispatchState,
        default=DispatchState.SENDING,
    )
    # For the report: the recipients' count when the send started (and
    # grown by later advance sends to newly verified journalists).
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    batches = models.PositiveIntegerField(_("batches"), default=0)
    # A correction's send: one per correction and language (a release
    # corrected twice is sent twice).
    correction = models.ForeignKey(
        "news.Correction",
        verbose_name=_("correction"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="press_dispatches",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sending to journalists")
        verbose_name_plural = _("sendings to journalists")
        constraints = [
            # A second worker or a retried task never starts it twice.
            models.UniqueConstraint(
                fields=["release", "language", "kind"],
                condition=Q(correction__isnull=True),
                name="press_one_dispatch_per_release_language_kind",
            ),
            models.UniqueConstraint(
                fields=["correction", "language"],
                condition=Q(correction__isnull=False),
                name="press_one_dispatch_per_correction_language",
            ),
        ]

    def __str__(self):
        return f"{self.release} ({self.language}, {self.get_kind_display()})"


class Delivery(models.Model):
    """One email of a dispatch to one subscriber."""

    dispatch = models.ForeignKey(
        Dispatch,
        verbose_name=_("sending"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeliveryStatus,
        default=DeliveryStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    # The Message-ID header, or the provider's id (django-anymail): bounce
    # and complaint webhooks name it.
    message_id = models.CharField(
        _("message id"), max_length=255, blank=True, db_index=True
    )
    # An advance send's own preview link (one per recipient).
    embargo_link = models.ForeignKey(
        "news.EmbargoLink",
        verbose_name=_("embargoed preview link"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            # One email per item per person, whatever their follows.
            models.UniqueConstraint(
                fields=["dispatch", "subscriber"],
                name="press_one_delivery_per_dispatch_subscriber",
            )
        ]
        indexes = [models.Index(fields=["dispatch", "status"])]

    def __str__(self):
        return f"{self.dispatch} → {self.subscriber_id}"
