from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import language_codes


class SourceFingerprintQuerySet(models.QuerySet):
    def for_objects(self, model, pks):
        content_type = ContentType.objects.get_for_model(model)
        return self.filter(content_type=content_type, object_id__in=list(pks))


class SourceFingerprint(models.Model):
    """The source text a field's translation was made from, per language.

    A translation is outdated when the source field no longer has this
    fingerprint; the stored text gives translators the diff.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    source_language = models.CharField(
        _("source language"), max_length=8, choices=settings.LANGUAGES
    )
    source_hash = models.CharField(_("source fingerprint"), max_length=64)
    source_text = models.TextField(_("source text"), blank=True)
    # Lets a save tell whether the translation itself changed.
    translation_hash = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = SourceFingerprintQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id", "field", "language"]
        verbose_name = _("source fingerprint")
        verbose_name_plural = _("source fingerprints")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="one_fingerprint_per_translated_field",
            )
        ]
        permissions = [
            ("translate_en", _("Can translate content into English")),
            ("translate_fr", _("Can translate content into French")),
            ("translate_es", _("Can translate content into Spanish")),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}:{self.field}_{self.language}"


class TranslationStatus(SourceFingerprint):
    """The admin's translation status board (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("translation status board")
        verbose_name_plural = _("translation status board")


class PublicationMode(models.TextChoices):
    LANGUAGE_BY_LANGUAGE = "language_by_language", _("Language by language")
    TOGETHER = "together", _("All required languages together")


class PublicationPolicy(models.Model):
    """How a content type goes live in several languages; one per type."""

    content_type = models.OneToOneField(
        ContentType,
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to={"app_label": "news", "model": "pressrelease"},
    )
    mode = models.CharField(
        _("mode"),
        max_length=24,
        choices=PublicationMode,
        default=PublicationMode.LANGUAGE_BY_LANGUAGE,
        help_text=_(
            "Language by language: each translation appears when it is "
            "complete. Together: publishing waits until every required "
            "language is complete and current."
        ),
    )
    required_languages = models.CharField(
        _("required languages"),
        max_length=50,
        blank=True,
        help_text=_("Language codes separated by commas, for example: en, fr, es."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["content_type"]
        verbose_name = _("publication policy")
        verbose_name_plural = _("publication policies")

    def __str__(self):
        return str(self.content_type)

    def clean(self):
        unknown = [
            code for code in self.language_list() if code not in language_codes()
        ]
        if unknown:
            raise ValidationError(
                {
                    "required_languages": _("Unknown language codes: {codes}.").format(
                        codes=", ".join(unknown)
                    )
                }
            )
        self.required_languages = ", ".join(self.language_list())

    def language_list(self) -> list[str]:
        return [
            code.strip().lower()
            for code in self.required_languages.split(",")
            if code.strip()
        ]
