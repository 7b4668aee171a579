import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core import access
from core.storage import AtomicFileSystemStorage
from documents.uploads import inspect_upload, safe_name


class PrivateStorage(AtomicFileSystemStorage):
    """Files outside MEDIA_ROOT: nothing serves them but the download view.

    The folder is ``DOCUMENTS_ROOT``, by default ``private`` beside
    MEDIA_ROOT (so never inside it); read on each use, so that a test's
    temporary MEDIA_ROOT takes its private folder along.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        default = Path(settings.MEDIA_ROOT).parent / "private"
        return Path(getattr(settings, "DOCUMENTS_ROOT", default))

    @property
    def location(self):
        return str(self.base_location)


def document_storage():
    """``STORAGES["documents"]`` when set (a private bucket past one
    machine), otherwise the private folder."""
    if "documents" in settings.STORAGES:
        return storages["documents"]
    return PrivateStorage()


FOLDER = "documents"


def document_upload_to(instance, filename: str) -> str:
    """A random name: nobody can guess another document's address."""
    return f"{FOLDER}/{uuid.uuid4().hex}.{instance.kind}"


class Kind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word document (DOCX)")
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    ODT = "odt", _("OpenDocument text (ODT)")
    CSV = "csv", _("CSV table")
    ZIP = "zip", _("ZIP archive")


class DocumentQuerySet(models.QuerySet):
    def for_downloads(self):
        """A release page's downloads: every document with its files."""
        return self.prefetch_related("files")


class Document(models.Model):
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def is_public(self) -> bool:
        """Public once a press release that uses it is public.

        ``press_releases`` is the reverse relation from news (a higher
        layer), whose QuerySet holds the publication rule.
        """
        return self.press_releases.public().exists()


class DocumentFile(models.Model):
    """The document in one language: one file, checked when uploaded."""

    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(
        _("file"),
        storage=document_storage,
        upload_to=document_upload_to,
        max_length=200,
        help_text=_(
            "PDF, DOCX, XLSX, ODT, CSV (UTF-8) or ZIP. Checked by its "
            "content: macros, scripts and encrypted files are refused."
        ),
    )
    kind = models.CharField(_("type"), max_length=8, choices=Kind, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, editable=False)
    original_name = models.CharField(_("original name"), max_length=120, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("file")
        verbose_name_plural = _("files in each language")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="one_file_per_language"
            )
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        # On an embargoed preview, with the pass that opens it (core.access).
        return access.with_pass(
            reverse(
                "documents:file-download",
                kwargs={
                    "pk": self.document_id,
                    "language": self.language,
                    "slug": self.slug,
                    "extension": self.kind,
                },
            )
        )

    def clean(self):
        upload = self.file.file if self.file and not self.file._committed else None
        if upload is None:
            return
        try:
            inspection = inspect_upload(upload, name=self.file.name)
        except ValidationError as error:
            raise ValidationError({"file": error.error_list}) from None
        self.kind = inspection.kind
        self.content_type = inspection.content_type
        self.pages = inspection.pages
        self.size = upload.size
        self.original_name = safe_name(self.file.name, inspection.kind)

    @cached_property
    def slug(self) -> str:
        title = getattr(self.document, f"title_{self.language}", "")
        return slugify(title or self.document.title)[:80] or "document"
