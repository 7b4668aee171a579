from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
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


class SegmentTranslation(models.Model):
    """One segment of a field's translation, and the source it was made from.

    The rows of a field and language are its segments in order, as last
    saved in the translate view: a row whose source hash no longer matches
    its source segment is outdated, a segment without a row is missing.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    position = models.PositiveIntegerField(_("position"))
    source_hash = models.CharField(_("source fingerprint"), max_length=64)
    source_text = models.TextField(_("source segment"))
    target_text = models.TextField(_("translated segment"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["content_type", "object_id", "field", "language", "position"]
        verbose_name = _("segment translation")
        verbose_name_plural = _("segment translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language", "position"],
                name="one_segment_translation_per_position",
            )
        ]

    def __str__(self):
        return f"{self.field}_{self.language}#{self.position}"


class Provenance(models.TextChoices):
    SITE = "site", _("Translated on this site")
    TMX = "tmx", _("Imported from a TMX file")


class TranslationUnit(models.Model):
    """A translation memory entry: a source segment and its translation."""

    source_language = models.CharField(
        _("source language"), max_length=8, choices=settings.LANGUAGES
    )
    target_language = models.CharField(
        _("target language"), max_length=8, choices=settings.LANGUAGES
    )
    # Placeholders kept, whitespace collapsed: what lookups compare.
    source_text = models.TextField(_("source text"))
    source_hash = models.CharField(_("source fingerprint"), max_length=64)
    target_text = models.TextField(_("target text"))
    target_hash = models.CharField(max_length=64)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("content type"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("object"), null=True, blank=True)
    field = models.CharField(_("field"), max_length=100, blank=True)
    # Units from elsewhere (another CAT tool's memory) are told apart from
    # the site's own translations.
    provenance = models.CharField(
        _("provenance"), max_length=8, choices=Provenance, default=Provenance.SITE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("translation memory unit")
        verbose_name_plural = _("translation memory")
        indexes = [
            models.Index(
                fields=["source_language", "target_language", "source_hash"],
                name="translation_unit_lookup",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "source_language",
                    "target_language",
                    "source_hash",
                    "target_hash",
                    "content_type",
                    "object_id",
                    "field",
                ],
                name="one_unit_per_origin_and_translation",
            )
        ]

    def __str__(self):
        return self.source_text[:60]


class GlossaryTerm(models.Model):
    """A term and its agreed translation for one pair of languages."""

    source_language = models.CharField(
        _("source language"), max_length=8, choices=settings.LANGUAGES
    )
    target_language = models.CharField(
        _("target language"), max_length=8, choices=settings.LANGUAGES
    )
    term = models.CharField(_("term"), max_length=200)
    translation = models.CharField(_("agreed translation"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    forbidden = models.TextField(
        _("forbidden variants"),
        blank=True,
        help_text=_("Translations not to use, one per line."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["source_language", "target_language", "term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        constraints = [
            models.UniqueConstraint(
                fields=["source_language", "target_language", "term"],
                name="one_glossary_term_per_pair",
            )
        ]

    def __str__(self):
        return f"{self.term} → {self.translation}"

    def clean(self):
        if self.source_language and self.source_language == self.target_language:
            raise ValidationError(
                {"target_language": _("Choose a language other than the source.")}
            )
        self.term = " ".join((self.term or "").split())
        duplicate = GlossaryTerm.objects.filter(
            source_language=self.source_language,
            target_language=self.target_language,
            term__iexact=self.term,
        ).exclude(pk=self.pk)
        if self.term and duplicate.exists():
            raise ValidationError(
                {"term": _("This term is already in the glossary for these languages.")}
            )

    def forbidden_list(self) -> list[str]:
        return [line.strip() for line in self.forbidden.splitlines() if line.strip()]


# Assignments (issue 21): who translates what, by when.


class AssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def for_objects(self, pairs):
        """The assignments of ``pairs``, ``(content_type_id, object_id)``."""
        condition = models.Q(pk__in=[])
        for content_type_id, object_id in pairs:
            condition |= models.Q(content_type_id=content_type_id, object_id=object_id)
        return self.filter(condition)


class Assignment(models.Model):
    """An item to translate into one language, by one translator, by a date.

    Done when the item's translation in that language is done (set by
    ``translations.assignments.close_done``); one open assignment per item
    and language, which a new one replaces.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        on_delete=models.CASCADE,
        related_name="translation_assignments",
    )
    due_on = models.DateField(_("due date"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("translation assignment")
        verbose_name_plural = _("translation assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                condition=models.Q(done_at__isnull=True),
                name="one_open_assignment_per_item_language",
            )
        ]
        indexes = [
            models.Index(
                fields=["translator", "done_at", "due_on"],
                name="translation_assignment_inbox",
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} → {self.language}"

    @property
    def overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()
