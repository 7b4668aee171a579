from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_countries.fields import CountryField

from iomsite.phones import PhoneNumberField
from iomsite.richtext import RichTextField


class UnitKind(models.TextChoices):
    OFFICE = "office", _("Office")
    DEPARTMENT = "department", _("Department")
    DIVISION = "division", _("Division")
    REGIONAL_OFFICE = "regional_office", _("Regional office")


class UnitQuerySet(models.QuerySet):
    def for_tree(self):
        """Every unit with what a tree node shows, in one query."""
        return self.order_by("sort_order", "pk")


class Unit(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    description = RichTextField(_("description"), blank=True)
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

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "organization:unit-detail",
            kwargs={"pk": self.pk, "slug": self.slug or "unit"},
        )

    def clean(self):
        super().clean()
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


class Person(models.Model):
    name = models.CharField(_("name"), max_length=200)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    biography = RichTextField(_("short biography"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class Post(models.Model):
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

    class Meta:
        ordering = ["unit", "-is_head", "sort_order", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(is_head=True),
                name="one_head_post_per_unit",
            )
        ]

    def __str__(self):
        return self.title


class TenureQuerySet(models.QuerySet):
    def current(self, on=None):
        """Tenures running on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=on)
        )


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


class Region(models.Model):
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class OfficeKind(models.TextChoices):
    COUNTRY_OFFICE = "country_office", _("Country office")
    SUB_OFFICE = "sub_office", _("Sub-office")
    REGIONAL_OFFICE = "regional_office", _("Regional office")


class CountryOffice(models.Model):
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
    address = models.TextField(_("address"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    chief_of_mission = models.ForeignKey(
        Post,
        verbose_name=_("chief of mission"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    introduction = RichTextField(_("introduction"), blank=True)

    class Meta:
        ordering = ["country", "pk"]
        verbose_name = _("country office")
        verbose_name_plural = _("country offices")

    def __str__(self):
        if self.kind == OfficeKind.COUNTRY_OFFICE or not self.city:
            return str(self.country.name)
        return f"{self.country.name} – {self.city}"

    def get_absolute_url(self):
        return reverse(
            "organization:office-detail", kwargs={"pk": self.pk, "slug": self.slug}
        )

    @property
    def slug(self) -> str:
        """The country's name in the active language, as a URL word."""
        return slugify(str(self.country.name)) or "office"

    def slug_in(self, language: str) -> str:
        with override(language):
            return self.slug
