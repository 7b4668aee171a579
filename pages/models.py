from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.i18n import languages_with
from core.richtext import BoundedTextField, RichTextField
from editorial.models import Versioned
from news.models import LanguageLedger


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def for_detail(self):
        return self.select_related("image")

    def in_language(self, language: str):
        """Pages whose title exists in ``language``."""
        return self.exclude(**{f"title_{language}": ""}).exclude(
            **{f"title_{language}__isnull": True}
        )


class Page(Versioned):
    """A simple translatable content page ("our work", "take action"…)."""

    title = models.CharField(_("title"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    introduction = BoundedTextField(_("introduction"), max_length=2_000, blank=True)
    body = RichTextField(_("body"), max_length=100_000, blank=True)
    image = models.ForeignKey(
        "images.Image",
        verbose_name=_("photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pages",
        help_text=_(
            "Type to search the image library, or add a new photo with the "
            "+ button. Shown at the top of the page and when it is shared."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.DRAFT
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Its author may delete it while it never went out (editorial.own_drafts).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
        permissions = [
            ("publish_page", _("Can publish and unpublish content pages")),
        ]

    def __str__(self):
        return (
            self.title
            or self.title_en
            or self.title_fr
            or self.title_es
            or f"#{self.pk}"
        )

    def get_absolute_url(self):
        return reverse(
            "pages:page-detail", kwargs={"pk": self.pk, "slug": self.slug or "page"}
        )

    def clean(self):
        super().clean()
        if not self.languages():
            raise ValidationError(_("Give the page a title in at least one language."))

    def languages(self) -> list[str]:
        return languages_with(self, "title")

    def review_languages(self) -> list[str]:
        return self.languages()

    def review_parts(self, language: str) -> list[tuple[str, str]]:
        """The page in ``language`` for an outside reviewer (reviews/)."""
        title = getattr(self, f"title_{language}", "") or ""
        introduction = getattr(self, f"introduction_{language}", "") or ""
        return [
            (_("Title"), format_html("<p>{}</p>", title) if title else ""),
            (
                _("Introduction"),
                format_html("<p>{}</p>", introduction) if introduction else "",
            ),
            # Stored sanitised (core.richtext).
            (_("Body"), getattr(self, f"body_{language}", "") or ""),
        ]

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class Destination(models.TextChoices):
    """Pages of the site itself that a menu entry can lead to (URL names)."""

    HOME = "home", _("Home page")
    NEWS = "news:release-list", _("News")
    STRUCTURE = "organization:structure", _("Structure")
    WHERE_WE_WORK = "organization:office-list", _("Where we work")
    # Shown only while the organisation publishes it (news/ledger.py).
    LANGUAGES = "news:language-ledger", _("Our content in each language")


class MenuItem(Versioned):
    title = models.CharField(_("title"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent entry"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    page = models.ForeignKey(
        Page,
        verbose_name=_("content page"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="menu_items",
    )
    destination = models.CharField(
        _("site page"), max_length=60, choices=Destination, blank=True
    )

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("menu entry")
        verbose_name_plural = _("menu entries")

    def __str__(self):
        return (
            self.title
            or self.title_en
            or self.title_fr
            or self.title_es
            or f"#{self.pk}"
        )

    def clean(self):
        super().clean()
        errors = {}
        if not languages_with(self, "title"):
            errors["title_en"] = _("Give the entry a title in at least one language.")
        if bool(self.page_id) == bool(self.destination):
            errors["destination"] = _(
                "Choose either a content page or a site page, not both."
            )
        elif self.destination and self.resolve_url() is None:
            errors["destination"] = _("This page of the site is not available yet.")
        elif (
            self.destination == Destination.LANGUAGES and not LanguageLedger.is_public()
        ):
            errors["destination"] = _(
                "“Our content in each language” is not published: switch it on "
                "first (News › Language-parity ledger), then add the entry."
            )
        if self.parent_id and (self.parent.parent_id or self.parent_id == self.pk):
            errors["parent"] = _(
                "Menu entries nest one level deep: choose a top-level entry."
            )
        if errors:
            raise ValidationError(errors)

    def resolve_url(self) -> str | None:
        """The entry's link in the active language, or None when it has none."""
        if self.page_id:
            return self.page.get_absolute_url()
        try:
            return reverse(self.destination)
        except NoReverseMatch:
            return None
