import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.functions import Lower
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html, strip_tags
from django.utils.text import slugify
from django.utils.translation import get_language, get_language_info, override
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.i18n import language_codes
from core.phones import PhoneNumberField
from core.richtext import BoundedTextField, RichTextField
from documents.models import Document
from editorial.models import Versioned
from images import usage as image_usage
from images.models import WITHDRAWN_PLACEHOLDER
from news.validators import (
    split_codes,
    validate_language_codes,
    validate_no_control_characters,
)

TEXT = [validate_no_control_characters]
# The fields a language needs before a release is public in it.
REQUIRED_TRANSLATED_FIELDS = ("title", "summary", "body")
SLUG_LENGTH = 100
# Each language's editorial style for the dateline's date.
DATELINE_DATE_FORMATS = {
    "en": "j F Y",
    "fr": "j F Y",
    "es": r"j \d\e F \d\e Y",
}


def translated_names(field: str) -> list[str]:
    return [f"{field}_{code}" for code in language_codes()]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def topic_name_key(name: str) -> str:
    """What makes two topic names the same: case and spacing do not count."""
    return " ".join((name or "").split()).casefold()


class Topic(Versioned):
    name = models.CharField(_("name"), max_length=120, blank=True, validators=TEXT)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        # One "Migrant protection" per language. Names are stored with their
        # spaces tidied (save()); the database folds case (ASCII only on
        # SQLite: clean() compares fully, casefold()).
        constraints = [
            models.UniqueConstraint(
                Lower(f"name_{code}"),
                condition=~Q(**{f"name_{code}": ""}),
                name=f"news_topic_unique_name_{code}",
                violation_error_code="duplicate_topic",
                violation_error_message=_(
                    "A topic with this name already exists in this language."
                ),
            )
            for code in language_codes()
        ]

    def __str__(self):
        return (
            self.name or self.name_en or self.name_fr or self.name_es or f"#{self.pk}"
        )

    def save(self, *args, **kwargs):
        for code in language_codes():
            name = getattr(self, f"name_{code}", "")
            if name:
                name = " ".join(name.split())
                setattr(self, f"name_{code}", name)
            if name and not getattr(self, f"slug_{code}", ""):
                setattr(self, f"slug_{code}", slugify(name)[:120])
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not any(getattr(self, name, "") for name in translated_names("name")):
            raise ValidationError(_("Give the topic a name in at least one language."))
        errors = {}
        fields = translated_names("name")
        # Topics are a short vocabulary (every news list offers them all):
        # compared in Python, casefold() folds "ÉTÉ" and "été" together,
        # which SQLite's case-insensitive matching does not.
        others = Topic.objects.exclude(pk=self.pk).values_list("pk", *fields)
        taken = {}
        for pk, *names in others:
            for field, name in zip(fields, names, strict=True):
                taken.setdefault((field, topic_name_key(name)), (pk, name))
        for code, field in zip(language_codes(), fields, strict=True):
            key = topic_name_key(getattr(self, field, ""))
            if key and (field, key) in taken:
                pk, name = taken[(field, key)]
                errors[field] = _(
                    "The topic “%(name)s” (no. %(pk)s) already has this name "
                    "in %(language)s: use that topic, or choose another name."
                ) % {
                    "name": name,
                    "pk": pk,
                    "language": get_language_info(code)["name_translated"],
                }
        if errors:
            raise ValidationError(errors)


class SchemaType(models.TextChoices):
    """The schema.org types an item can be described as (JSON-LD)."""

    NEWS_ARTICLE = "NewsArticle", "NewsArticle"
    ARTICLE = "Article", "Article"
    REPORT = "Report", "Report"
    BACKGROUND = "BackgroundNewsArticle", "BackgroundNewsArticle"
    REPORTAGE = "ReportageNewsArticle", "ReportageNewsArticle"


# Words the news addresses already use: a kind's slug cannot be one.
RESERVED_KIND_SLUGS = {
    "search",
    "feed",
    "corrections",
    "embargoed",
    "contacts",
    "recherche",
    "busqueda",
    "buscar",
    "flux",
    "fuente",
    "canal",
    "correctifs",
    "correcciones",
    "embargo",
    "contactos",
    # The language-parity ledger's public page (news/ledger.py).
    "languages",
    "langues",
    "idiomas",
}
PRESS_RELEASE_KIND = "press-release"


class Kind(Versioned):
    """A kind of item: press release, official statement, briefing note…

    Administrators extend the list; each kind has its list page and feeds
    in every language, under its slug in that language.
    """

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_(
            "A short name that never changes, for the site's own use "
            "(for example “statement”)."
        ),
    )
    name = models.CharField(_("name"), max_length=100, blank=True, validators=TEXT)
    plural = models.CharField(
        _("plural name"),
        max_length=100,
        blank=True,
        validators=TEXT,
        help_text=_("The title of the kind's list page, for example “Statements”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        blank=True,
        help_text=_("The kind's list page address in this language."),
    )
    schema_type = models.CharField(
        _("schema.org type"),
        max_length=40,
        choices=SchemaType,
        default=SchemaType.NEWS_ARTICLE,
        help_text=_("What search engines are told the item is."),
    )
    has_speaker = models.BooleanField(
        _("has a speaker"),
        default=False,
        help_text=_(
            "Items of this kind name the person who speaks (a statement): "
            "they cannot be published without one."
        ),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("kind of item")
        verbose_name_plural = _("kinds of item")

    def __str__(self):
        return self.name or self.name_en or self.code

    def save(self, *args, **kwargs):
        for code in language_codes():
            name = getattr(self, f"plural_{code}", "") or getattr(
                self, f"name_{code}", ""
            )
            if name and not getattr(self, f"slug_{code}", ""):
                setattr(self, f"slug_{code}", slugify(name)[:60])
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not any(getattr(self, name, "") for name in translated_names("name")):
            raise ValidationError(_("Give the kind a name in at least one language."))
        errors = {}
        others = Kind.objects.exclude(pk=self.pk)
        for code in language_codes():
            field = f"slug_{code}"
            slug = getattr(self, field, "") or ""
            if not slug:
                continue
            if slug in RESERVED_KIND_SLUGS or slug[0].isdigit():
                errors[field] = _(
                    "The news pages already use this address: choose another slug."
                )
            elif others.filter(**{field: slug}).exists():
                errors[field] = _(
                    "Another kind already uses this slug in this language."
                )
        if errors:
            raise ValidationError(errors)

    def list_url_in(self, language: str) -> str:
        slug = getattr(self, f"slug_{language}", "") or self.code
        with override(language):
            return reverse("news:kind-list", kwargs={"kind": slug})

    def get_absolute_url(self):
        return self.list_url_in(get_language())


def default_kind() -> int:
    """The press-release kind's id: what a new item is unless told."""
    kind = Kind.objects.filter(code=PRESS_RELEASE_KIND).values_list("pk", flat=True)
    found = kind.first()
    if found is None:
        # A database emptied by a test, or the kinds renamed: made again.
        found = Kind.objects.create(
            code=PRESS_RELEASE_KIND,
            name_en="Press release",
            plural_en="Press releases",
            slug_en="press-releases",
        ).pk
    return found


class MediaContactQuerySet(models.QuerySet):
    def active(self):
        """Contacts who still answer press enquiries: the only ones readers see."""
        return self.filter(is_active=True)

    def on_releases_public_in(self, language: str):
        """Active contacts named on at least one release public in ``language``."""
        return self.active().filter(
            Exists(
                ReleaseContact.objects.filter(
                    contact=OuterRef("pk"),
                    release__in=PressRelease.objects.public_in(language),
                )
            )
        )


class MediaContact(Versioned):
    """A person journalists can call about a release."""

    name = models.CharField(_("name"), max_length=200, validators=TEXT)
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        validators=TEXT,
        help_text=_("As shown under the name, for example “IOM Peru”."),
    )
    office = models.ForeignKey(
        "organization.CountryOffice",
        verbose_name=_("office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="media_contacts",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = PhoneNumberField(
        _("phone"),
        blank=True,
        help_text=_("International format, for example +51 1 221 7209 ext. 145."),
    )
    mobile = PhoneNumberField(_("mobile"), blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=100,
        blank=True,
        validators=[validate_no_control_characters, validate_language_codes],
        help_text=_("Language codes separated by commas, for example: es, en."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick when the person no longer answers press enquiries."),
    )
    # Release pages show contacts: their Last-Modified follows this too.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MediaContactQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")

    def __str__(self):
        return self.name

    def get_vcard_url(self):
        return reverse("news:contact-vcard", kwargs={"pk": self.pk})

    def language_codes(self) -> list[str]:
        return split_codes(self.languages)

    def language_names(self) -> list[str]:
        names = []
        for code in self.language_codes():
            try:
                names.append(str(get_language_info(code)["name_translated"]))
            except KeyError:
                names.append(code)
        return names


class PressReleaseQuerySet(models.QuerySet):
    def translated_in(self, language: str):
        """Releases whose title, summary and body exist in ``language``.

        Filters the language's own columns: modeltranslation's fallbacks
        must never make a release look translated when it is not.
        """
        return self.filter(_translated_q(language))

    def public_in(self, language: str, at=None):
        """Releases a reader of ``language`` may see at ``at`` (now by default)."""
        at = at or timezone.now()
        return self.filter(
            _translated_q(language),
            _not_expired_q(at),
            status=Status.PUBLISHED,
            published_at__lte=at,
        )

    def public(self, at=None):
        """Releases public in at least one language."""
        at = at or timezone.now()
        any_language = Q()
        for code in language_codes():
            any_language |= _translated_q(code)
        return self.filter(
            any_language,
            _not_expired_q(at),
            status=Status.PUBLISHED,
            published_at__lte=at,
        )

    def filtered(self, *, office=None, region=None, topic=None, year=None, kind=None):
        """Releases about an office, a region or a topic, published in a year.

        The many-to-many conditions are subqueries rather than joins, so no
        row comes twice and ``count()`` stays a plain count.
        """
        return self.filter(
            filters_q(office=office, region=region, topic=topic, year=year, kind=kind)
        )

    def related_to(
        self, pk: int, language: str, count: int = 3, *, topics=None, offices=None
    ):
        """Up to ``count`` releases public in ``language`` that share a topic
        or a country office with the release ``pk``, newest first.

        Each candidate, newest first along the public index, is checked with
        index probes until ``count`` are found: one EXISTS over both link
        tables (a UNION ALL), which PostgreSQL runs per candidate. (Two
        EXISTS joined by OR made it hash every link of the release's topics
        first: 22 ms at 100,000 releases, against 0.3 ms.) ``topics`` and
        ``offices`` are the release's topic and office ids when the caller
        has them (the release page does); a release with neither has no
        related releases and costs no query.
        """
        topic_links = PressRelease.topics.through.objects
        office_links = PressRelease.country_offices.through.objects
        if topics is None:
            topics = topic_links.filter(pressrelease_id=pk).values("topic_id")
        if offices is None:
            offices = office_links.filter(pressrelease_id=pk).values("countryoffice_id")
        shared = [
            links.filter(
                pressrelease_id=OuterRef("pk"), **{f"{field}__in": ids}
            ).values("pressrelease_id")
            for links, field, ids in (
                (topic_links, "topic_id", topics),
                (office_links, "countryoffice_id", offices),
            )
            if not (isinstance(ids, list) and not ids)  # none to share
        ]
        if not shared:
            return self.none()
        return (
            PressRelease.objects.public_in(language)
            .exclude(pk=pk)
            .filter(Exists(shared[0].union(*shared[1:], all=True)))
            .order_by("-published_at", "-pk")[:count]
        )

    def with_attachments(self):
        """Say on each release whether it has documents and a gallery
        (``has_documents``, ``has_gallery``): two index probes in the same
        query, so the release page asks for them only when there are some.
        """
        return self.annotate(
            has_documents=Exists(
                ReleaseDocument.objects.filter(release_id=OuterRef("pk"))
            ),
            has_gallery=Exists(ReleaseImage.objects.filter(release_id=OuterRef("pk"))),
        )

    def for_cards(self):
        """``for_listing()`` without the bodies, which cards do not show."""
        return self.for_listing().defer(
            "body", *(f"body_{code}" for code in language_codes())
        )

    def for_listing(self):
        return self.select_related("image", "kind").prefetch_related(*CARD_PREFETCHES)

    def for_detail(self):
        return self.select_related(
            "image__licence", "kind", "spokesperson"
        ).prefetch_related(*detail_prefetches())


def filters_q(*, office=None, region=None, topic=None, year=None, kind=None) -> Q:
    """The condition behind ``PressReleaseQuerySet.filtered()``."""
    condition = Q()
    if kind is not None:
        condition &= Q(kind_id=kind)
    if office is not None:
        condition &= Q(pk__in=_office_links().filter(countryoffice_id=office)) | Q(
            pk__in=_dateline_links().filter(office_id=office)
        )
    if region is not None:
        condition &= Q(
            pk__in=_office_links().filter(countryoffice__region_id=region)
        ) | Q(pk__in=_dateline_links().filter(office__region_id=region))
    if topic is not None:
        condition &= Q(pk__in=_topic_links().filter(topic_id=topic))
    if year is not None:
        condition &= Q(published_at__year=year)
    return condition


def _topic_links():
    return PressRelease.topics.through.objects.values("pressrelease_id")


def _office_links():
    return PressRelease.country_offices.through.objects.values("pressrelease_id")


def _dateline_links():
    return DatelinePlace.objects.filter(office__isnull=False).values("release_id")


def public_language_flags() -> dict:
    """``in_<code>`` annotations: is the release translated in each language."""
    return {
        f"in_{code}": ExpressionWrapper(
            _translated_q(code), output_field=models.BooleanField()
        )
        for code in language_codes()
    }


def _not_expired_q(at) -> Q:
    # Few releases expire: the public indexes stay usable, the expiry time is
    # checked on the rows they give.
    return Q(expires_at__isnull=True) | Q(expires_at__gt=at)


def _translated_q(language: str) -> Q:
    if language not in language_codes():
        return Q(pk__in=[])
    condition = Q()
    for field in REQUIRED_TRANSLATED_FIELDS:
        column = f"{field}_{language}"
        condition &= Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})
    return condition


_ADDRESS_MARKS = ("9081726354", "slug-mark-q7x")
_address_forms: dict[tuple, str] = {}
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def release_address(pk: int, slug: str, language: str | None = None) -> str:
    """``reverse("news:release-detail", …)`` in ``language`` (the active one
    by default).

    The release page is linked from every card and read on every request:
    its address is reversed once per language (with marks in place of the
    id and slug), then filled in.
    """
    language = language or get_language()
    if not _SLUG.fullmatch(slug):  # let reverse() refuse it
        with override(language):
            return reverse("news:release-detail", kwargs={"pk": pk, "slug": slug})
    key = (get_urlconf(), get_script_prefix(), language)
    form = _address_forms.get(key)
    if form is None:
        mark_pk, mark_slug = _ADDRESS_MARKS
        with override(language):
            form = reverse(
                "news:release-detail", kwargs={"pk": int(mark_pk), "slug": mark_slug}
            )
        _address_forms[key] = form
    mark_pk, mark_slug = _ADDRESS_MARKS
    return form.replace(mark_pk, str(int(pk))).replace(mark_slug, slug)


class PressRelease(Versioned):
    title = models.CharField(_("title"), max_length=255, blank=True, validators=TEXT)
    slug = models.SlugField(
        _("slug"),
        max_length=SLUG_LENGTH,
        blank=True,
        help_text=_("Leave blank to make it from the title."),
    )
    summary = BoundedTextField(
        _("summary"),
        max_length=600,
        blank=True,
        validators=TEXT,
        help_text=_("One or two sentences, shown in lists and search results."),
    )
    body = RichTextField(_("body"), max_length=100_000, blank=True, validators=TEXT)
    original_language = models.CharField(
        _("original language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language the release is written in; the others follow."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "A time in the future schedules the release: it appears then, "
            "once published."
        ),
    )
    expires_at = models.DateTimeField(
        _("take off the site at"),
        null=True,
        blank=True,
        help_text=_(
            "Optional, for a time-bound appeal: at this time the release "
            "leaves every public page, feed, sitemap and search. It stays "
            "published here and can be given a new time."
        ),
    )
    dateline_date = models.DateField(
        _("dateline date"),
        null=True,
        blank=True,
        help_text=_("Leave blank to use the publication date."),
    )
    # PROTECT keeps a used photo in the library. Releases once had their own
    # upload here (``lead_image``), moved into the library by migration 0014.
    image = models.ForeignKey(
        "images.Image",
        verbose_name=_("photo from the library"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="press_releases",
        help_text=_(
            "Type to search the image library, or add a new photo with the "
            "+ button. It is shown with its own text alternative, caption and "
            "credit."
        ),
    )
    country_offices = models.ManyToManyField(
        "organization.CountryOffice",
        verbose_name=_("country offices"),
        blank=True,
        related_name="press_releases",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="press_releases"
    )
    media_contacts = models.ManyToManyField(
        MediaContact,
        verbose_name=_("media contacts"),
        through="ReleaseContact",
        blank=True,
        related_name="press_releases",
    )
    # Shown in the "Downloads" block in the editors' order
    # (``ReleaseDocument``); a document's files become downloadable once a
    # release using it is public (documents/).
    documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("documents"),
        through="ReleaseDocument",
        blank=True,
        related_name="press_releases",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Library photos shown after the body, in the editors' order
    # (``ReleaseImage``); those whose rights expired are left out.
    gallery = models.ManyToManyField(
        "images.Image",
        verbose_name=_("gallery"),
        through="ReleaseImage",
        blank=True,
        related_name="gallery_releases",
    )
    # Kinds of item and corrections (issue 20).
    kind = models.ForeignKey(
        Kind,
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        default=default_kind,
        related_name="items",
    )
    spokesperson = models.ForeignKey(
        "organization.Person",
        verbose_name=_("spokesperson"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text=_(
            "Who speaks in a statement: needed to publish the kinds that "
            "have a speaker."
        ),
    )
    # The latest correction's time (Correction.save()): "Updated …", the
    # feeds' update time and dateModified, without a query on every page.
    corrected_at = models.DateTimeField(
        _("last corrected at"), null=True, blank=True, editable=False
    )

    objects = PressReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        indexes = [
            models.Index(fields=["status", "published_at"]),
            # Lists, feeds, counts and filters by year in one language walk
            # the releases public in it, newest first (PressReleaseQuerySet
            # .public_in): the condition is the very one the queries use.
            *(
                models.Index(
                    fields=["-published_at", "-id"],
                    # The expiry time is checked from the index too (no
                    # table read per row): PostgreSQL only, others ignore it.
                    include=["expires_at"],
                    condition=Q(status=Status.PUBLISHED) & _translated_q(code),
                    name=f"news_release_public_{code}",
                )
                for code in language_codes()
            ),
        ]
        permissions = [
            (
                "publish_pressrelease",
                _("Can publish, schedule and unpublish press releases"),
            )
        ]
        constraints = [
            # Lists, feeds and the sitemap order and filter by this time: a
            # published release without one would be public but nowhere.
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(published_at__isnull=False),
                name="news_published_release_has_time",
                violation_error_code="published_without_time",
                violation_error_message=_(
                    "A published press release needs a publication time."
                ),
            ),
        ]

    def __str__(self):
        return (
            getattr(self, f"title_{self.original_language}", "")
            or self.title
            or f"#{self.pk}"
        )

    def save(self, *args, **kwargs):
        self.fill_slugs()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.address_in(get_language())

    def address_in(self, language: str) -> str:
        """The release page's address in ``language``."""
        return release_address(
            self.pk, getattr(self, f"slug_{language}", "") or "release", language
        )

    def clean(self):
        super().clean()
        errors = {}
        for code in language_codes():
            body = f"body_{code}"
            if not _has_content(getattr(self, body, "") or ""):
                setattr(self, body, "")
        original = self.original_language
        language = get_language_info(original)["name_translated"]
        # A draft may be a title only; anything headed for readers (in
        # review, published, archived) needs the whole original text.
        needed = (
            ("title",) if self.status == Status.DRAFT else REQUIRED_TRANSLATED_FIELDS
        )
        for field in needed:
            name = f"{field}_{original}"
            if not (getattr(self, name, "") or "").strip():
                if self.status == Status.DRAFT:
                    errors[name] = _(
                        "The release is written in %(language)s: give it a "
                        "title in that language, even for a draft."
                    ) % {"language": language}
                else:
                    errors[name] = _(
                        "“%(release)s” cannot be published without its "
                        "%(field)s in %(language)s, the language it is "
                        "written in."
                    ) % {
                        "release": self,
                        "field": self._meta.get_field(field).verbose_name,
                        "language": language,
                    }
        if (
            self.expires_at
            and self.published_at
            and (self.expires_at <= self.published_at)
        ):
            errors["expires_at"] = _(
                "This is not after the publication time: the release would "
                "never be seen. Choose a later time, or leave it blank."
            )
        if errors:
            raise ValidationError(errors)
        self.fill_slugs()
        self.check_slugs_are_free()

    def speaker_problem(self) -> str:
        """Why the item cannot be published as it names its speaker ("": none)."""
        kind = self.kind if self.kind_id else None
        if kind is not None and kind.has_speaker and not self.spokesperson_id:
            return _(
                "A %(kind)s names who speaks: choose the spokesperson (under "
                "“Kind of item”) before publishing."
            ) % {"kind": str(kind).lower()}
        return ""

    def fill_slugs(self) -> None:
        """Make each missing slug from the title of its language."""
        for code in language_codes():
            title = getattr(self, f"title_{code}", "") or ""
            if title and not getattr(self, f"slug_{code}", ""):
                slug = slugify(title)[:SLUG_LENGTH].rstrip("-")
                if len(slugify(title)) > SLUG_LENGTH and "-" in slug:
                    slug = slug.rsplit("-", 1)[0]
                setattr(self, f"slug_{code}", slug or "release")

    def check_slugs_are_free(self) -> None:
        errors = {}
        others = PressRelease.objects.exclude(pk=self.pk)
        for code in language_codes():
            name = f"slug_{code}"
            slug = getattr(self, name, "")
            if slug and others.filter(**{name: slug}).exists():
                errors[name] = _(
                    "Another press release already uses this slug in this "
                    "language: change the title or the slug."
                )
        if errors:
            raise ValidationError(errors)

    def is_public_in(self, language: str, at=None) -> bool:
        """The instance mirror of ``PressReleaseQuerySet.public_in``."""
        at = at or timezone.now()
        return (
            language in language_codes()
            and self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= at
            and (self.expires_at is None or self.expires_at > at)
            and all(
                getattr(self, f"{field}_{language}", None)
                for field in REQUIRED_TRANSLATED_FIELDS
            )
        )

    def load_page(self, language: str) -> None:
        """Load what the release page shows in ``language``: the releases
        related to it (``self.related``), the datelines of all of them, and
        the release's contacts, offices and topics. One query each, whatever
        the size of the archive.
        """
        models.prefetch_related_objects(
            [self],
            *page_prefetches(
                documents=getattr(self, "has_documents", True),
                gallery=getattr(self, "has_gallery", True),
            ),
        )
        self.related = list(
            PressRelease.objects.related_to(
                self.pk,
                language,
                topics=[topic.pk for topic in self.topics.all()],
                offices=[office.pk for office in self.country_offices.all()],
            )
            .select_related("image", "kind")
            .defer("body", *translated_names("body"))
        )
        # Only a corrected item asks for its corrections.
        self.shown_corrections = (
            list(self.corrections.order_by("-date", "-pk")) if self.corrected_at else []
        )
        models.prefetch_related_objects([self, *self.related], *CARD_PREFETCHES)

    @property
    def modified_at(self):
        """The last change of the item or of its corrections (feeds' update
        time, JSON-LD's dateModified)."""
        times = [t for t in (self.corrected_at, self.updated_at) if t]
        return max(times) if times else None

    def review_languages(self) -> list[str]:
        """The languages an outside reviewer reads: every one with a title,
        the original first."""
        return sorted(
            (code for code in language_codes() if getattr(self, f"title_{code}", "")),
            key=lambda code: code != self.original_language,
        )

    def review_parts(self, language: str) -> list[tuple[str, str]]:
        """The release in ``language`` for an outside reviewer (reviews/)."""

        def text(field):
            value = getattr(self, f"{field}_{language}", "") or ""
            return format_html("<p>{}</p>", value) if value.strip() else ""

        parts = [(_("Title"), text("title")), (_("Summary"), text("summary"))]
        image = self.shown_image
        if image is not None:
            parts.append(
                (
                    _("Lead image"),
                    format_html(
                        '<figure><img src="{}" alt="{}" width="480"></figure>'
                        "<p>{}</p><p>{}</p>",
                        image.rendition("16:9", widest=960)["url"],
                        getattr(image, f"alt_text_{language}", "") or "",
                        getattr(image, f"caption_{language}", "") or "",
                        image.credit,
                    ),
                )
            )
        parts.append(
            (_("Dateline"), format_html("<p>{}</p>", self.dateline_in(language)))
        )
        # Stored sanitised (core.richtext); photos not public yet open
        # through the reviewer's pass (images.usage.with_passes).
        body = getattr(self, f"body_{language}", "") or ""
        parts.append((_("Body"), image_usage.with_passes(body)))
        return parts

    def languages(self, at=None) -> list[str]:
        """The languages the release is public in."""
        return [code for code in language_codes() if self.is_public_in(code, at)]

    def translated_languages(self) -> list[str]:
        """The languages whose title, summary and body are filled in."""
        return [
            code
            for code in language_codes()
            if all(
                getattr(self, f"{field}_{code}", None)
                for field in REQUIRED_TRANSLATED_FIELDS
            )
        ]

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_expired(self) -> bool:
        """Published, but past the time it was to be taken off the site."""
        return (
            self.status == Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )

    def dateline_in(self, language: str) -> str:
        """The dateline as ``language`` writes it: "Pérou – 12 mars 2016"."""
        with override(language):
            places = "/".join(place.label() for place in self.dateline_places.all())
            day = self.dateline_date or (
                timezone.localdate(self.published_at) if self.published_at else None
            )
            date = format_dateline_date(day, language) if day else ""
        return " – ".join(part for part in (places, date) if part)

    @property
    def dateline(self) -> str:
        return self.dateline_in(get_language())

    def contacts(self) -> list["MediaContact"]:
        """The media contacts in their order (loaded by ``for_detail()``)."""
        return [link.contact for link in self.release_contacts.all()]

    def downloads(self) -> list[Document]:
        """The documents of the "Downloads" block in their order (loaded by
        ``for_detail()``)."""
        return [link.document for link in self.release_documents.all()]

    def gallery_images(self, on=None) -> list:
        """The gallery's photos in their order, without those whose rights
        have expired (loaded by ``for_detail()``)."""
        return [
            link.image for link in self.gallery_links.all() if link.image.is_usable(on)
        ]

    def press_kit_images(self) -> list:
        """The photos of the press kit (news/kits.py): the lead photo, then
        the gallery's, each once, none whose rights have expired."""
        images = [self.shown_image] if self.shown_image is not None else []
        for image in self.gallery_images():
            if all(image.pk != kept.pk for kept in images):
                images.append(image)
        return images

    @property
    def image_withdrawn(self) -> bool:
        """Whether the library photo is there but may no longer be shown:
        readers see a placeholder in its place."""
        return self.image is not None and not self.image.is_usable()

    @property
    def shown_image(self):
        """The library photo readers see: none once its rights have expired.

        Load it with the release (``for_listing()``, ``for_detail()``).
        """
        image = self.image
        return image if image is not None and image.is_usable() else None

    def card_image(self) -> dict | None:
        """The card's picture: the library photo's 4:3 cut."""
        image = self.shown_image
        if image is not None:
            return image.rendition("4:3", widest=480)
        if self.image_withdrawn:
            # The card keeps its picture's box, with nothing in it.
            return {
                "url": static(WITHDRAWN_PLACEHOLDER),
                "webp_url": "",
                "width": 480,
                "height": 360,
            }
        return None


def _has_content(html: str) -> bool:
    text = strip_tags(html).replace("&nbsp;", "").replace("\xa0", "").strip()
    return bool(text) or "<img" in html


def format_dateline_date(day, language: str) -> str:
    with override(language):
        text = dateformat.format(
            day, DATELINE_DATE_FORMATS.get(language, settings.DATE_FORMAT)
        )
        if language == "fr" and day.day == 1:
            # French writes the first of the month as an ordinal: "1er mars".
            text = "1er" + text[1:]
    return text


class DatelinePlace(models.Model):
    """One place of a dateline: an office, a country or a city."""

    release = models.ForeignKey(
        PressRelease,
        verbose_name=_("press release"),
        on_delete=models.CASCADE,
        related_name="dateline_places",
    )
    office = models.ForeignKey(
        "organization.CountryOffice",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    country = CountryField(_("country"), blank=True)
    city = models.CharField(
        _("city"),
        max_length=120,
        blank=True,
        validators=TEXT,
        help_text=_("As each language writes it: Geneva, Genève, Ginebra."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("dateline place")
        verbose_name_plural = _("dateline places")

    def __str__(self):
        return self.label()

    def clean(self):
        super().clean()
        chosen = [
            bool(self.office_id),
            bool(self.country),
            any(getattr(self, name, "") for name in translated_names("city")),
        ]
        if sum(chosen) != 1:
            raise ValidationError(
                _("Choose exactly one of an office, a country or a city.")
            )

    def label(self) -> str:
        """The place in the active language."""
        if self.office_id:
            office = self.office
            if office.kind != "country_office" and office.city:
                return office.city
            return str(office.country.name)
        if self.country:
            return str(self.country.name)
        return self.city or ""


class ReleaseContact(models.Model):
    """A media contact's place in a release's "for more information" block."""

    release = models.ForeignKey(
        PressRelease,
        verbose_name=_("press release"),
        on_delete=models.CASCADE,
        related_name="release_contacts",
    )
    contact = models.ForeignKey(
        MediaContact,
        verbose_name=_("media contact"),
        on_delete=models.PROTECT,
        related_name="release_links",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("media contact of a release")
        verbose_name_plural = _("media contacts of the release")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "contact"], name="one_link_per_release_contact"
            )
        ]

    def __str__(self):
        return str(self.contact)


class ReleaseDocument(models.Model):
    """A document's place in a release's "Downloads" block."""

    # The table and columns of the plain many-to-many relation this model
    # took over (migration 0014), so no row had to move.
    release = models.ForeignKey(
        PressRelease,
        verbose_name=_("press release"),
        on_delete=models.CASCADE,
        related_name="release_documents",
        db_column="pressrelease_id",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="release_links",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        db_table = "news_pressrelease_documents"
        ordering = ["sort_order", "pk"]
        verbose_name = _("document of a release")
        verbose_name_plural = _("downloads (documents of the release)")
        unique_together = [("release", "document")]

    def __str__(self):
        return str(self.document)


class ReleaseImage(models.Model):
    """A library photo's place in a release's gallery."""

    release = models.ForeignKey(
        PressRelease,
        verbose_name=_("press release"),
        on_delete=models.CASCADE,
        related_name="gallery_links",
    )
    # PROTECT: a photo in a gallery stays in the library (Image.uses()).
    image = models.ForeignKey(
        "images.Image",
        verbose_name=_("photo from the library"),
        on_delete=models.PROTECT,
        related_name="gallery_links",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("gallery photo")
        verbose_name_plural = _("gallery photos")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "image"], name="one_gallery_place_per_photo"
            )
        ]

    def __str__(self):
        # What the library's "used by" and its refusals to delete name.
        return str(self.release)


class CorrectionType(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    CLARIFICATION = "clarification", _("Clarification")
    UPDATE = "update", _("Update")


class Correction(models.Model):
    """A dated note on a live item: a correction, clarification or update.

    Added from the item's change form (an inline), so on a live item it
    waits with the item's draft for a publisher like any other change.
    Its text is translated like the item; ``original_language`` is the
    language it was written in (the source translators work from).
    Bookkeeping fields avoid the names drafts skip (``created_…``): an
    approved draft writes the rows back with what they held.
    """

    release = models.ForeignKey(
        PressRelease,
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    type = models.CharField(
        _("type"),
        max_length=20,
        choices=CorrectionType,
        default=CorrectionType.CORRECTION,
    )
    date = models.DateTimeField(_("date"), default=timezone.now)
    text = BoundedTextField(
        _("text"),
        max_length=2000,
        blank=True,
        validators=TEXT,
        help_text=_(
            "What was wrong and what is right now, or what changed. Plain "
            "text; write it in one language, translators do the others."
        ),
    )
    original_language = models.CharField(
        _("written in"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # When ``news.signals.correction_complete`` was sent for it.
    completed_at = models.DateTimeField(
        _("in every required language since"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        indexes = [models.Index(fields=["-date", "-id"], name="news_correction_date")]

    def __str__(self):
        day = timezone.localtime(self.date).date() if self.date else ""
        return f"{self.get_type_display()} {day}"

    def clean(self):
        super().clean()
        if not (getattr(self, f"text_{self.original_language}", "") or "").strip():
            language = get_language_info(self.original_language)["name_translated"]
            raise ValidationError(
                {
                    f"text_{self.original_language}": _(
                        "Write the note in %(language)s, the language it is "
                        "marked as written in (or change that language)."
                    )
                    % {"language": language}
                }
            )

    def text_in(self, language: str) -> str:
        return getattr(self, f"text_{language}", "") or ""

    def languages(self) -> list[str]:
        """The languages the note is written in."""
        return [code for code in language_codes() if self.text_in(code).strip()]


class EmbargoLinkQuerySet(models.QuerySet):
    def valid(self, at=None):
        """Links that open their preview at ``at`` (now by default)."""
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=at)

    def releases_opened_by(self, pk: int):
        """The release the link ``pk`` previews while it is valid (and the
        release not taken off the site): what its file pass opens. Lazy,
        for a subquery."""
        now = timezone.now()
        return PressRelease.objects.filter(
            pk__in=self.valid(now).filter(pk=pk).values("release_id")
        ).exclude(status=Status.PUBLISHED, expires_at__lte=now)


class EmbargoLink(models.Model):
    """A secret preview of a release in one language, handed to journalists."""

    release = models.ForeignKey(
        PressRelease,
        verbose_name=_("press release"),
        on_delete=models.CASCADE,
        related_name="embargo_links",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    recipient = models.CharField(
        _("given to"),
        max_length=200,
        blank=True,
        validators=TEXT,
        help_text=_("Who the link is for, to know which link to revoke."),
    )
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = EmbargoLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("embargoed preview link")
        verbose_name_plural = _("embargoed preview links")

    def __str__(self):
        return f"{self.release} ({self.language})"

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        with override(self.language):
            return reverse("news:release-embargo", kwargs={"token": self.token})

    def clean(self):
        super().clean()
        if self.release_id and self.language:
            missing = [
                field
                for field in REQUIRED_TRANSLATED_FIELDS
                if not getattr(self.release, f"{field}_{self.language}", None)
            ]
            if missing:
                raise ValidationError(
                    {
                        "language": _(
                            "The release is not translated into this language yet."
                        )
                    }
                )

    def is_valid(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and self.expires_at > at

    def state(self) -> str:
        """What the link does now, for the publishers' lists."""
        if self.revoked_at:
            return _("Revoked")
        if self.release.is_public_in(self.language):
            # The embargo is over: the link leads to the public page.
            return _("Lifted")
        if self.expires_at <= timezone.now():
            return _("Expired")
        return _("Open")


# What a card (lists, search, feeds) and a release page show besides the
# release's own columns.
CARD_PREFETCHES = (
    models.Prefetch(
        "dateline_places", queryset=DatelinePlace.objects.select_related("office")
    ),
)


def page_prefetches(*, documents: bool = True, gallery: bool = True) -> tuple:
    """What only the release page shows. A contact who no longer answers
    press enquiries is never shown. (A function: the filter on the contact
    cannot be built before the models are loaded.)

    ``documents=False`` or ``gallery=False`` (the release has none, as
    most have: ``PressReleaseQuerySet.with_attachments()``) fills that
    part with nothing, without a query.
    """
    return (
        models.Prefetch(
            "release_contacts",
            queryset=ReleaseContact.objects.filter(
                contact__is_active=True
            ).select_related("contact__office"),
        ),
        "country_offices",
        "topics",
        # The documents in their order and, only when there are some,
        # their files.
        models.Prefetch(
            "release_documents",
            queryset=ReleaseDocument.objects.select_related(
                "document"
            ).prefetch_related("document__files")
            if documents
            else ReleaseDocument.objects.none(),
        ),
        # The gallery in one query, whatever its length.
        models.Prefetch(
            "gallery_links",
            queryset=ReleaseImage.objects.select_related("image__licence")
            if gallery
            else ReleaseImage.objects.none(),
        ),
    )


def detail_prefetches() -> tuple:
    return (*CARD_PREFETCHES, *page_prefetches())


def next_publication(after):
    """The earliest time after ``after`` that a published release appears
    (its publication time) or leaves the site (its expiry time).
    """
    published = PressRelease.objects.filter(status=Status.PUBLISHED)
    times = [
        published.filter(**{f"{field}__gt": after})
        .order_by(field)
        .values_list(field, flat=True)
        .first()
        for field in ("published_at", "expires_at")
    ]
    return min(filter(None, times), default=None)


class LanguageLedger(models.Model):
    """The language-parity ledger's one setting: is its page public?

    One row (pk 1, made by migration 0020; no row reads as "off"). Its
    admin entry is the ledger report (``news.ledger_admin``): viewing this
    model is seeing the report, changing it is switching the public page.
    """

    public = models.BooleanField(
        _("publish “Our content in each language”"),
        default=False,
        help_text=_(
            "When ticked, readers see how many items exist in each language "
            "and how long translations take, for the last twelve months."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("language-parity ledger")
        verbose_name_plural = _("language-parity ledger")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def is_public(cls) -> bool:
        """Whether the organisation publishes the ledger's page (one query)."""
        return cls.objects.filter(pk=1, public=True).exists()
