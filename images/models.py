"""The image library: photos kept once, with their rights, reused anywhere.

Each image keeps its scrubbed original (``core.images.check_and_scrub``)
and, once the background task has run (``images.tasks``), a set of
renditions for every shape, cropped around the focal point. What renditions
exist is written on the row itself (``renditions``), so a page showing any
number of images needs no query to find them.
"""

import unicodedata

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.i18n import language_codes
from core.images import CheckedImageField
from images.storage import library_storage

ORIGINALS_FOLDER = "images/originals"
# What readers see in place of a photo whose rights have expired (a static
# file).
WITHDRAWN_PLACEHOLDER = "iomsite/image-withdrawn.svg"


def normalise(text: str) -> str:
    """``text`` in lower case without accents: "Pérou" → "perou".

    Search compares normalised text with normalised text, so it ignores
    accents on SQLite and PostgreSQL alike, without database extensions.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


class Licence(models.Model):
    name = models.CharField(_("name"), max_length=200)  # translated
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("licence")
        verbose_name_plural = _("licences")

    def __str__(self):
        return self.name


class Collection(models.Model):
    """A group of images: a country office's, a campaign's."""

    name = models.CharField(_("name"), max_length=200)  # translated

    class Meta:
        ordering = ["name"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("Landscape")
    PORTRAIT = "portrait", _("Portrait")
    SQUARE = "square", _("Square")


class ImageQuerySet(models.QuerySet):
    def search(self, query: str):
        """Images whose text holds every word of ``query``, accents ignored."""
        result = self
        for word in normalise(query).split():
            result = result.filter(search_text__contains=word)
        return result

    def usable(self, on=None):
        """Images whose rights have not expired on ``on`` (today by default)."""
        day = on or timezone.localdate()
        return self.filter(
            models.Q(rights_expire_on__isnull=True)
            | models.Q(rights_expire_on__gte=day)
        )

    def with_orientation(self, orientation: str):
        if orientation == Orientation.LANDSCAPE:
            return self.filter(width__gt=F("height"))
        if orientation == Orientation.PORTRAIT:
            return self.filter(width__lt=F("height"))
        if orientation == Orientation.SQUARE:
            return self.filter(width=F("height"))
        return self

    def for_listing(self):
        # Thumbnails come from ``renditions``: only the two foreign keys
        # the library list shows are joined.
        return self.select_related("licence", "collection")


def original_upload_to(instance, filename: str) -> str:
    from core.images import new_name

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return new_name(ORIGINALS_FOLDER, extension)


class Image(models.Model):
    title = models.CharField(_("title"), max_length=255)  # translated
    alt_text = models.CharField(  # translated
        _("alternative text"),
        max_length=500,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it. Leave it "
            "empty only for a purely decorative image."
        ),
    )
    caption = models.TextField(_("caption"), blank=True)  # translated
    credit = models.CharField(_("credit"), max_length=255, blank=True)
    licence = models.ForeignKey(
        Licence,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="images",
        verbose_name=_("licence"),
    )
    usage_terms = models.TextField(
        _("usage terms"),
        blank=True,
        help_text=_("Where and how the image may be used, as agreed with its owner."),
    )
    rights_expire_on = models.DateField(
        _("rights expiry date"),
        null=True,
        blank=True,
        help_text=_("After this day the image may no longer be published."),
    )
    # The expiry date the editors were last told about
    # (``notify_expiring_rights``): a new date is told again.
    rights_notice_for = models.DateField(
        _("rights expiry notified"), null=True, blank=True, editable=False
    )
    focal_x = models.FloatField(
        _("focal point (across)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    focal_y = models.FloatField(
        _("focal point (down)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="images", verbose_name=_("tags")
    )
    collection = models.ForeignKey(
        Collection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="images",
        verbose_name=_("collection"),
    )
    # Kept privately, served by ``images.views.serve_file`` (images.storage);
    # indexed: the file view finds an original by its name.
    file = CheckedImageField(
        _("image file"),
        upload_to=original_upload_to,
        storage=library_storage,
        db_index=True,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    file_size = models.PositiveIntegerField(_("file size"), default=0, editable=False)
    # {"focal": [x, y], "shapes": {"16:9": {"jpg": [[w, h, name], …], …}}}:
    # written by the background task, read by ``{% picture %}``.
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    search_text = models.TextField(default="", blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        indexes = [models.Index(fields=["uploaded_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = self.make_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def make_search_text(self) -> str:
        """Title, alt text and caption in every language, credit and tags."""
        parts = [
            getattr(self, f"{field}_{code}", "") or ""
            for field in ("title", "alt_text", "caption")
            for code in language_codes()
        ]
        parts.append(self.credit)
        if self.pk:
            parts.extend(tag.name for tag in self.tags.all())
        return normalise(" ".join(parts))

    @property
    def orientation(self) -> str:
        if self.width > self.height:
            return Orientation.LANDSCAPE
        if self.width < self.height:
            return Orientation.PORTRAIT
        return Orientation.SQUARE

    @property
    def focal_point(self) -> tuple[float, float]:
        return (self.focal_x, self.focal_y)

    def label(self) -> str:
        """The title with the credit, to tell apart photos of one event."""
        if not self.credit:
            return str(self)
        return gettext("{title} (photo: {credit})").format(
            title=self, credit=self.credit
        )

    def is_usable(self, on=None) -> bool:
        """The instance mirror of ``ImageQuerySet.usable()``."""
        day = on or timezone.localdate()
        return self.rights_expire_on is None or self.rights_expire_on >= day

    def rendition(self, shape: str, *, widest: int | None = None) -> dict:
        """The JPEG of ``shape`` closest below ``widest`` pixels (the largest
        without it), with its WebP twin: the original until they are made.

        For single-size uses (cards, social networks) where ``{% picture %}``
        would be too much.
        """
        made = self.renditions.get("shapes", {}).get(shape, {})
        jpegs = made.get("jpg") or []
        fitting = [e for e in jpegs if widest is None or e[0] <= widest] or jpegs[:1]
        if not fitting:
            return {
                "url": self.file.url if self.file else "",
                "webp_url": "",
                "width": self.width,
                "height": self.height,
            }
        width, height, name = fitting[-1]
        webps = {entry[0]: entry[2] for entry in made.get("webp") or []}
        storage = library_storage()
        return {
            "url": storage.url(name),
            "webp_url": storage.url(webps[width]) if width in webps else "",
            "width": width,
            "height": height,
        }

    def uses(self) -> list[models.Model]:
        """What uses the image (press releases…), through every foreign key
        to it from another app: what stops it from being deleted.

        Apps above this one are found through Django's model API, never
        imported, so the library stays below the content apps.
        """
        found = []
        for relation in self._meta.related_objects:
            if not relation.one_to_many or relation.related_model is Image:
                continue
            if relation.related_model._meta.app_label == self._meta.app_label:
                continue
            found.extend(getattr(self, relation.get_accessor_name()).all())
        return found

    def renditions_are_current(self) -> bool:
        """Whether the renditions were cut around today's focal point."""
        return bool(self.renditions.get("shapes")) and tuple(
            self.renditions.get("focal", ())
        ) == (self.focal_x, self.focal_y)

    def file_names(self) -> set[str]:
        """The original's and every rendition's storage names."""
        names = {self.file.name} if self.file else set()
        for formats in self.renditions.get("shapes", {}).values():
            for entries in formats.values():
                names.update(entry[2] for entry in entries)
        return names


class ImageReference(models.Model):
    """An image whose address is in a registered object's rich text
    (``images.usage.register_bodies``): rebuilt when the object is saved."""

    image = models.ForeignKey(
        Image,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("image"),
    )
    # "app_label.model_name" of the object: no content-type lookup needed.
    model = models.CharField(_("model"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("object id"))

    class Meta:
        ordering = ["image", "model", "object_id"]
        verbose_name = _("image shown in a text")
        verbose_name_plural = _("images shown in texts")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "model", "object_id"], name="one_reference_per_text"
            )
        ]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self):
        return f"{self.image_id} → {self.model} {self.object_id}"


def stored_file_names():
    """Every file an image points to: its original and its renditions."""
    rows = Image.objects.values_list("file", "renditions").iterator(chunk_size=2000)
    for name, made in rows:
        if name:
            yield name
        for formats in (made or {}).get("shapes", {}).values():
            for entries in formats.values():
                for _width, _height, rendition in entries:
                    yield rendition
