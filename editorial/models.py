"""Optimistic locking, and drafts of live content under review.

Every editable model carries a version number (``Versioned``). A save is ``UPDATE … SET version = N + 1 WHERE pk = … AND version = N``
first: when another save got there since the object was read, no row
matches and the save is refused instead of overwriting the other one.
"""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaleVersionError(ValidationError):
    """Someone else saved the object since this copy of it was read."""

    def __init__(self, obj):
        super().__init__(
            _(
                "“%(object)s” was changed by someone else in the meantime: "
                "nothing was saved. Open it again to see their changes."
            ),
            code="stale_version",
            params={"object": str(obj)},
        )


class Versioned(models.Model):
    """Abstract base: a version number bumped by every save of the object.

    Raw saves (``loaddata``, django-reversion's revert) set the number they
    carry; the admin's restore puts it back ahead (``editorial.admin``).
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        manager = type(self)._base_manager.using(using)
        seen = self.version
        with transaction.atomic(using=using):
            claimed = manager.filter(pk=self.pk, version=seen).update(version=seen + 1)
            if not claimed and manager.filter(pk=self.pk).exists():
                raise StaleVersionError(self)
            self.version = seen + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.version = seen
                raise

    def clean_fields(self, exclude=None):
        """Drop invisible format characters (Unicode category Cf) from the
        single-line texts — titles, names, slugs, roles, in every language.

        A right-to-left override (U+202E) or a zero-width space makes a
        title read differently from what it is, in lists, links and
        messages. Multi-line texts and rich-text bodies keep them: there
        they can be real typography (joiners in some scripts).
        """
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField):
                continue
            # Straight from the instance: modeltranslation's descriptor on
            # the original field would read (and write) another language.
            value = self.__dict__.get(field.attname)
            if isinstance(value, str):
                self.__dict__[field.attname] = "".join(
                    char for char in value if unicodedata.category(char) != "Cf"
                )
        super().clean_fields(exclude=exclude)


class DraftQuerySet(models.QuerySet):
    def open(self):
        """Drafts still in play: waiting for review or sent back to the author."""
        return self.filter(state__in=Draft.OPEN_STATES)

    def pending(self):
        return self.filter(state=Draft.State.PENDING)

    def for_object(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
        )


class Draft(models.Model):
    """A change to a live item that waits for a publisher (a forward revision).

    ``base`` is the item as it was live when the draft was last saved,
    ``data`` the item as the draft would make it, each with its inline rows
    (``editorial.drafts`` reads and writes both). What the draft changes is
    the difference between the two: approving applies that difference to
    the item as it is then.
    """

    class Kind(models.TextChoices):
        EDIT = "edit", _("Edit")
        TRANSLATION = "translation", _("Translation")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        REJECTED = "rejected", _("Sent back to the author")
        APPROVED = "approved", _("Approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (State.PENDING, State.REJECTED)

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.EDIT)
    # The languages a translation draft changes ("fr", or "fr,es").
    language = models.CharField(_("language"), max_length=50, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State, default=State.PENDING
    )
    data = models.JSONField(_("draft"), encoder=DjangoJSONEncoder, default=dict)
    base = models.JSONField(_("live version"), encoder=DjangoJSONEncoder, default=dict)
    # The item's ``version`` when the draft was last saved.
    base_version = models.PositiveIntegerField(_("based on version"), default=1)
    # The draft's own version: two people editing it are told, as on items.
    version = models.PositiveIntegerField(_("version"), default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        indexes = [
            # The publishers' inbox: waiting for review, oldest first.
            models.Index(fields=["state", "submitted_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=["pending", "rejected"]),
                name="editorial_one_open_draft_per_item",
            )
        ]

    def __str__(self):
        return _("Draft of {model} #{pk}").format(
            model=self.content_type.name, pk=self.object_id
        )

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class DraftEvent(models.Model):
    """One step of a draft's review: who did what, when, and what they said."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        EDITED = "edited", _("Draft changed")
        COMMENTED = "commented", _("Commented")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Sent back to the author")
        WITHDRAWN = "withdrawn", _("Draft withdrawn")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), max_length=5_000, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("draft step")
        verbose_name_plural = _("draft steps")

    def __str__(self):
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class ReviewPolicy(models.Model):
    """Whether translators' saves on live items of a type wait for review.

    Without a row, they do: a translation is content readers see.
    """

    content_type = models.OneToOneField(
        "contenttypes.ContentType",
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    translations_reviewed = models.BooleanField(
        _("translations are reviewed"),
        default=True,
        help_text=_(
            "Ticked: a translator's change to an item on the site waits, as a "
            "draft, for a publisher's approval. Unticked: translations go "
            "live at once."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["content_type"]
        verbose_name = _("review policy")
        verbose_name_plural = _("review policies")

    def __str__(self):
        return str(self.content_type)


class AccountEvent(models.Model):
    """One step in the life of a staff account: a sign-in, a refused second
    factor, an enrolment, a device reset, a change of groups…

    Written by ``editorial.audit.account_event()``; administrators filter
    and export them in the admin (``editorial.admin``).
    """

    class Action(models.TextChoices):
        SIGNED_IN = "signed-in", _("Signed in")
        SIGN_IN_FAILED = "sign-in-failed", _("Sign-in refused")
        SIGNED_OUT = "signed-out", _("Signed out")
        SECOND_FACTOR_PASSED = "second-factor-passed", _("Second factor passed")
        SECOND_FACTOR_FAILED = "second-factor-failed", _("Second factor refused")
        DEVICE_ENROLLED = "device-enrolled", _("Device enrolled")
        DEVICE_REMOVED = "device-removed", _("Device removed")
        RECOVERY_CODES_MADE = "recovery-codes-made", _("Recovery codes made")
        RECOVERY_CODE_USED = "recovery-code-used", _("Recovery code used")
        DEVICES_RESET = "devices-reset", _("Devices reset")
        SSO_SIGNED_IN = "sso-signed-in", _("Signed in through single sign-on")
        SSO_REFUSED = "sso-refused", _("Single sign-on refused")
        ACCOUNT_CREATED = "account-created", _("Account created")
        GROUPS_CHANGED = "groups-changed", _("Groups changed")
        PASSWORD_CHANGED = "password-changed", _("Password changed")
        SESSIONS_ENDED = "sessions-ended", _("Other sessions ended")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=Action)
    # Whose account it is about; null when no account matched (a refused
    # sign-in under an unknown name keeps that name in ``username``).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    # Who did it, when someone else (an administrator resetting devices).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self):
        return f"{self.get_action_display()} · {self.username}"
