from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from core.i18n import language_codes, languages_with
from core.phones import PhoneNumberField
from core.richtext import BoundedTextField, RichTextField
from editorial.models import Versioned

SLUG_LANGUAGES = ("en", "fr", "es")


class UnitKind(models.TextChoices):
    OFFICE = "office", _("Office")
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Division")
    REGIONAL_OFFICE = "regional_office", _("Regional office")
    COUNTRY_OFFICE = "country_office", _("Country office")


class UnitQuerySet(models.QuerySet):
    def for_tree(self):
        """Every unit with what a tree node shows, in one query."""
        return self.order_by("sort_order", "pk")

    def in_tree_order(self):
        """Units depth-first, siblings by sort order (needs fresh tree paths)."""
        return self.order_by("tree_path", "pk")

    def for_detail(self):
        return self.select_related("parent")


def _slug_constraint(code: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=[f"slug_{code}"],
        condition=~Q(**{f"slug_{code}": ""}),
        name=f"unique_unit_slug_{code}",
        violation_error_code="unique",
        violation_error_message=_("Another unit already uses this slug."),
    )


class Unit(Versioned):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        blank=True,
        help_text=_("Filled in from the name when left blank."),
    )
    description = RichTextField(_("description"), max_length=20_000, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=UnitKind, default=UnitKind.OFFICE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField(
        _("sort order"),
        default=0,
        help_text=_("Lower numbers come first among siblings."),
    )
    # Derived from parent and sort_order by services.refresh_unit_tree():
    # lets the admin list the hierarchy in tree order in one paginated query.
    tree_path = models.CharField(max_length=1000, editable=False, blank=True)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [models.Index(fields=["tree_path"], name="unit_tree_path")]
        constraints = [_slug_constraint(code) for code in SLUG_LANGUAGES]

    def __str__(self):
        return self.name or self.name_en or self.name_fr or self.name_es or ""

    def save(self, *args, **kwargs):
        self.fill_blank_slugs()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "organization:unit-detail",
            kwargs={"pk": self.pk, "slug": self.slug or "unit"},
        )

    def clean(self):
        super().clean()
        if not self.languages():
            raise ValidationError(
                {"name_en": _("Give the unit a name in at least one language.")}
            )
        ancestor = self.parent
        seen = set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": _(
                            "A unit cannot be placed under itself or one of its sub-units."
                        )
                    }
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        # Before constraints are validated, so that a slug made from a name
        # is checked like a typed one.
        self.fill_blank_slugs()

    def languages(self) -> list[str]:
        return languages_with(self, "name")

    def fill_blank_slugs(self) -> None:
        """Make each missing slug from the name in its language, kept unique."""
        for code in SLUG_LANGUAGES:
            if getattr(self, f"slug_{code}", None):
                continue
            base = slugify(getattr(self, f"name_{code}", None) or "")[:190]
            if not base:
                setattr(self, f"slug_{code}", "")
                continue
            taken = set(
                Unit.objects.exclude(pk=self.pk)
                .filter(**{f"slug_{code}__startswith": base})
                .values_list(f"slug_{code}", flat=True)
            )
            slug, number = base, 2
            while slug in taken:
                slug, number = f"{base}-{number}", number + 1
            setattr(self, f"slug_{code}", slug)


class PersonQuerySet(models.QuerySet):
    def for_detail(self):
        return self.select_related("image").prefetch_related(
            models.Prefetch(
                "tenures", queryset=Tenure.objects.select_related("post__unit")
            )
        )


class Person(Versioned):
    name = models.CharField(_("name"), max_length=200)
    # From the image library (its old upload, ``photo``, was moved there by
    # migration 0007); PROTECT keeps a used photo in the library.
    image = models.ForeignKey(
        "images.Image",
        verbose_name=_("photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        help_text=_(
            "Type to search the image library, or add a new photo with the "
            "+ button. Shown square on the person's page."
        ),
    )
    biography = RichTextField(_("short biography"), max_length=10_000, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "organization:person-detail", kwargs={"pk": self.pk, "slug": self.slug}
        )

    @property
    def slug(self) -> str:
        return slugify(self.name) or "person"


class PostQuerySet(models.QuerySet):
    def heads(self):
        return self.filter(is_head=True)


class Post(Versioned):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("Written per language, gendered where the language needs it."),
    )
    is_head = models.BooleanField(_("head of the unit"), default=False)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "-is_head", "sort_order", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(is_head=True),
                name="one_head_post_per_unit",
                violation_error_message=_("This unit already has a head post."),
            )
        ]

    def __str__(self):
        # Editors pick posts by this text: "Chief of Mission" alone is
        # ambiguous across offices.
        title = self.title or self.title_en or self.title_fr or self.title_es or ""
        return f"{title} – {self.unit}" if self.unit_id else title

    def clean(self):
        super().clean()
        if not languages_with(self, "title"):
            raise ValidationError(
                {"title_en": _("Give the post a title in at least one language.")}
            )


class TenureQuerySet(models.QuerySet):
    def current(self, on=None):
        """Tenures running on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=on)
        )

    def former(self, on=None):
        """Tenures that ended on or before ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(ends_on__lte=on)


class Tenure(models.Model):
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="tenures"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="tenures",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    is_acting = models.BooleanField(_("ad interim"), default=False)

    objects = TenureQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("tenure")
        verbose_name_plural = _("tenures")

    def __str__(self):
        return f"{self.person} — {self.post}"

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("A tenure cannot end before it starts.")}
            )

    def is_current(self, on=None) -> bool:
        """Whether the tenure runs on ``on``: ``TenureQuerySet.current()``."""
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on > on)


class Region(Versioned):
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name or self.name_en or self.name_fr or self.name_es or ""


def country_names() -> dict[str, str]:
    """Every country's name in the active language, by code.

    django-countries keeps its translated list per language: reading it
    whole costs about as much as four names asked one by one.
    """
    return dict(countries)


class OfficeKind(models.TextChoices):
    COUNTRY_OFFICE = "country_office", _("Country office")
    SUB_OFFICE = "sub_office", _("Sub-office")
    REGIONAL_OFFICE = "regional_office", _("Regional office")


class CountryOfficeQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("region")

    def for_choices(self):
        """What an office's and its region's names need, nothing more (the
        news list's filters read every office on each page made afresh)."""
        return self.select_related("region").only(
            "kind",
            "country",
            *(f"city_{code}" for code in language_codes()),
            *(f"region__name_{code}" for code in language_codes()),
            "region__sort_order",
        )

    def for_detail(self):
        return self.select_related("region", "chief_of_mission__unit", "image")


class CountryOffice(Versioned):
    country = CountryField(_("country"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="offices",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=OfficeKind, default=OfficeKind.COUNTRY_OFFICE
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    address = BoundedTextField(_("address"), max_length=1_000, blank=True)
    phone = PhoneNumberField(
        _("phone"),
        blank=True,
        help_text=_("International format, for example +51 1 221 7209 ext. 145."),
    )
    email = models.EmailField(_("email"), blank=True)
    chief_of_mission = models.ForeignKey(
        Post,
        verbose_name=_("chief of mission"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    introduction = RichTextField(_("introduction"), max_length=20_000, blank=True)
    image = models.ForeignKey(
        "images.Image",
        verbose_name=_("photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="country_offices",
        help_text=_(
            "Type to search the image library, or add a new photo with the "
            "+ button. Shown at the top of the office's page."
        ),
    )

    objects = CountryOfficeQuerySet.as_manager()

    class Meta:
        ordering = ["country", "pk"]
        verbose_name = _("country office")
        verbose_name_plural = _("country offices")

    def __str__(self):
        return self.label()

    def label(self, country_names: dict[str, str] | None = None) -> str:
        """The office's name in the active language: its country's, and its
        city's for any other kind of office. ``country_names`` (from
        ``country_names()``) spares a list the name lookups one by one."""
        if country_names is None:
            country = self.country_name
        else:
            country = country_names.get(self.country.code, "")
        if self.kind == OfficeKind.COUNTRY_OFFICE or not self.city:
            return country
        return f"{country} – {self.city}"

    @property
    def country_name(self) -> str:
        """The country's name in the active language.

        Kept on the instance per language and country: django-countries
        translates the name on every access, and a list of offices asks
        for it three times per office (name, slug, address).
        """
        key = (get_language(), self.country.code)
        names = self.__dict__.setdefault("_country_names", {})
        if key not in names:
            names[key] = str(self.country.name)
        return names[key]

    def get_absolute_url(self):
        return reverse(
            "organization:office-detail", kwargs={"pk": self.pk, "slug": self.slug}
        )

    @property
    def slug(self) -> str:
        """The country's name in the active language, as a URL word."""
        return slugify(self.country_name) or "office"

    def slug_in(self, language: str) -> str:
        with override(language):
            return self.slug

    def languages(self) -> list[str]:
        # The country's name exists in every language the site speaks.
        return language_codes()
