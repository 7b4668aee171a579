"""Outside review: one secret link for a whole item, for someone without
an account (a legal adviser, the Director General's office).

A publisher makes the link from the item's admin page; the reviewer reads
the item in every language it has, comments on any paragraph and approves
or asks for changes, once. The answer goes to the item's history and to the
publisher's inbox.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import validate_no_control_characters


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    CHANGES = "changes", _("Changes asked for")


class ReviewLinkQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
        )

    def items_opened_by(self, pk: int):
        """The item the link ``pk`` shows while its page does: what its
        file pass opens (``core.access``), as a QuerySet of the item's
        model (empty once the link is closed)."""
        link = self.select_related("content_type").filter(pk=pk).first()
        if link is None or (link.answered_at is None and not link.is_open()):
            return self.none()
        model = link.content_type.model_class()
        return model._default_manager.filter(pk=link.object_id)


class ReviewLink(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    # The item's name when the link was made, for lists that do not load it.
    title = models.CharField(_("item"), max_length=300)
    token = models.CharField(max_length=64, unique=True, editable=False)
    reviewer = models.CharField(
        _("reviewer"),
        max_length=200,
        validators=[validate_no_control_characters],
        help_text=_("Who reviews it: a name, an office (“Legal Affairs”)."),
    )
    expires_at = models.DateTimeField(_("works until"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.CharField(_("answered by"), max_length=200, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision, blank=True
    )
    comment = models.TextField(_("general comment"), blank=True)

    objects = ReviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outside review link")
        verbose_name_plural = _("outside review links")
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["created_by", "-answered_at"]),
        ]

    def __str__(self):
        return f"{self.title} – {self.reviewer}"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("outside-review", kwargs={"token": self.token})

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return (
            self.revoked_at is None
            and self.answered_at is None
            and self.expires_at > at
        )

    def state(self) -> str:
        if self.answered_at:
            return self.get_decision_display()
        if self.revoked_at:
            return _("Revoked")
        if self.expires_at <= timezone.now():
            return _("Expired")
        return _("Waiting for the answer")


class ReviewComment(models.Model):
    """A reviewer's comment on one paragraph, in one language."""

    link = models.ForeignKey(
        ReviewLink, on_delete=models.CASCADE, related_name="comments"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    part = models.CharField(_("part"), max_length=100)
    position = models.PositiveIntegerField(_("paragraph"))
    excerpt = models.CharField(_("paragraph"), max_length=300)
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["link", "language", "position"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return self.text[:80]
