"""The embargo leak check: does any public address give away a release
before its time?

From the change form of a release that is public in no language yet, an
editor or publisher runs the check. It requests, as an anonymous reader,
every kind of public address the site has — the home page, news lists
(pages and filters), search, feeds, the site map and its sections and what
they list (content pages, offices, people…), recent and related release
pages, robots.txt — and the release's own addresses, which must answer
404: its page in each language, its photo's original and renditions, its
documents. Each answer is searched for a trace of the release: a title,
a slug in an address, its id-based address, a file name, an embargoed
link's secret.

The requests go in-process through Django's whole stack with
``django.test.Client`` (its handler runs every middleware, the page cache
first, so a stale cached page is seen as a reader would get it), on the
public host (``SITE_URL``), with no cookie: never the staff session. The
test client's handler keeps the database connection of the admin request
open (it does not run ``close_old_connections``), which a bare WSGI
handler would close in the middle of the admin's own request.

The run is bounded (``LEAK_CHECK_MAX_ADDRESSES``, ``LEAK_CHECK_SECONDS``)
and the report says so when a bound stopped it.
"""

import heapq
import html
import itertools
import re
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote as admin_unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import (
    Resolver404,
    get_script_prefix,
    get_urlconf,
    path,
    resolve,
    reverse,
    set_script_prefix,
    set_urlconf,
)
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.i18n import language_codes
from news.models import PressRelease, release_address

# Bounds of one run; at demo size it takes a few seconds.
MAX_ADDRESSES = 400
MAX_SECONDS = 15.0
# Release pages read: the most recent public ones, plus those related to
# the release checked.
RECENT_RELEASES = 20
# Release pages whose "related" block would show it first (sharing a topic
# or an office): the most recent ones.
RELATED_RELEASES = 10
# News list pages read without filters (each filter value: its first page).
LIST_PAGES = 3
# A title shorter than this (in characters or words) may well appear on
# the site by chance ("Migration"): reported apart, as possible.
TITLE_MIN_CHARACTERS = 20
TITLE_MIN_WORDS = 3
# The same for slugs found in addresses.
SLUG_MIN_CHARACTERS = 12
EXCERPT_CHARACTERS = 70
# Only this much of an answer is searched.
MAX_SCANNED_BYTES = 3_000_000
# A cookie that keeps a request out of the page cache (it is not a
# session: the reader stays anonymous): searches for the release's own
# title must not be stored, the title echoed in them.
UNCACHED_COOKIE = (settings.SESSION_COOKIE_NAME, "leak-check")
TEXT_TYPES = ("text/", "application/xml", "application/json", "+xml", "+json")
_HREF = re.compile(r"""(?:href|src)\s*=\s*["']([^"'<>]+)["']""", re.IGNORECASE)
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def setting(name: str, default):
    return getattr(settings, f"LEAK_CHECK_{name}", default)


# What a trace is


@dataclass
class Trace:
    """Something of the release that must not appear anywhere yet."""

    kind: str  # title, slug, address, image, document, embargo
    label: str  # what the report calls it
    pattern: re.Pattern
    certain: bool = True
    # Why an uncertain trace is uncertain.
    note: str = ""


@dataclass
class Find:
    trace: Trace
    before: str
    match: str
    after: str


@dataclass
class Answer:
    """What one address answered and which traces it holds."""

    address: str
    status: int | str
    finds: list[Find] = field(default_factory=list)
    # Should answer 404 (the release's own addresses, its files).
    must_be_missing: bool = False
    problem: str = ""

    @property
    def leaks(self) -> list[Find]:
        return [find for find in self.finds if find.trace.certain]

    @property
    def possible(self) -> list[Find]:
        return [find for find in self.finds if not find.trace.certain]


@dataclass
class Report:
    release_pk: int
    checked: int = 0
    languages: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    # Every address requested, with its answer, for the curious.
    requested: list[tuple[str, int | str]] = field(default_factory=list)
    errors: list[Answer] = field(default_factory=list)
    # What the person should know about what was not checked.
    notes: list[str] = field(default_factory=list)
    left_out: int = 0
    stopped_by: str = ""  # "", "addresses" or "time"
    seconds: float = 0.0
    max_addresses: int = MAX_ADDRESSES
    max_seconds: float = MAX_SECONDS

    @property
    def leaking(self) -> list[Answer]:
        return [a for a in self.answers if a.problem or a.leaks]

    @property
    def possible(self) -> list[Answer]:
        return [a for a in self.answers if not a.problem and a.possible]

    @property
    def is_clean(self) -> bool:
        return not self.leaking


def _words(text: str) -> str:
    return " ".join(text.split())


def _field(release, name: str, code: str) -> str:
    return getattr(release, f"{name}_{code}", "") or ""


def release_traces(release: PressRelease) -> list[Trace]:
    """Everything of ``release`` whose appearance on a public page is a leak."""
    traces = []
    for code in language_codes():
        name = get_language_info(code)["name_translated"]
        title = _words(_field(release, "title", code))
        if title:
            certain = (
                len(title) >= TITLE_MIN_CHARACTERS
                and len(title.split()) >= TITLE_MIN_WORDS
            )
            traces.append(
                Trace(
                    "title",
                    _("its title in {language}").format(language=name),
                    re.compile(re.escape(title.lower())),
                    certain=certain,
                    note=""
                    if certain
                    else _(
                        "The title is short: these words may appear on the "
                        "site for other reasons."
                    ),
                )
            )
        slug = _field(release, "slug", code)
        if slug:
            certain = len(slug) >= SLUG_MIN_CHARACTERS and "-" in slug
            traces.append(
                Trace(
                    "slug",
                    _("its address name (slug) in {language}").format(language=name),
                    # A whole segment of an address: /en/news/12-the-slug/
                    re.compile(
                        r"(?<=[/=])(?:\d+-)?" + re.escape(slug.lower()) + r"(?![\w-])"
                    ),
                    certain=certain,
                    note=""
                    if certain
                    else _(
                        "The slug is short: another page may use the same "
                        "word in its address."
                    ),
                )
            )
        # Whatever the slug, the id makes the address: /en/news/12-…
        prefix = release_address(release.pk, "x", code).removesuffix("x/")
        traces.append(
            Trace(
                "address",
                _("a link to its page in {language}").format(language=name),
                re.compile(re.escape(prefix.lower())),
            )
        )
    traces.extend(_image_traces(release))
    traces.extend(_document_traces(release))
    for token in release.embargo_links.values_list("token", flat=True):
        traces.append(
            Trace(
                "embargo",
                _("the secret of an embargoed preview link"),
                re.compile(re.escape(token.lower())),
            )
        )
    return traces


def _release_images(release: PressRelease) -> list:
    """The library photos the release shows: its lead photo, its gallery's."""
    images = [release.image] if release.image_id else []
    images += [image for image in release.gallery.all() if image.pk != release.image_id]
    return images


def _public_images(images) -> set[int]:
    """The ids of ``images`` that something public already uses (another
    release, a page, a person): their files are rightly public."""
    from images.models import Image
    from images.usage import public_condition

    return set(
        Image.objects.filter(pk__in=[image.pk for image in images])
        .filter(public_condition())
        .values_list("pk", flat=True)
    )


def _image_files(release: PressRelease, *, skip_public: bool = False):
    """(storage, name) of every file (original, renditions) of its photos."""
    images = _release_images(release)
    public = _public_images(images) if skip_public else set()
    return [
        (image.file.storage, name)
        for image in images
        if image.pk not in public
        for name in sorted(image.file_names())
    ]


def _image_traces(release: PressRelease) -> list[Trace]:
    images = _release_images(release)
    public = _public_images(images)
    shared = _(
        "The photo is also used by something public: its files may appear "
        "for that reason."
    )
    return [
        Trace(
            "image",
            _("its photo’s file {name}").format(name=name.rsplit("/", 1)[-1]),
            re.compile(re.escape(name.lower())),
            certain=image.pk not in public,
            note=shared if image.pk in public else "",
        )
        for image in images
        for name in sorted(image.file_names())
        if name
    ]


def _document_traces(release: PressRelease) -> list[Trace]:
    traces = []
    for document in release.documents.all():
        public = document.is_public()
        address = reverse("documents:file-download", args=[document.pk, "en", "x", "y"])
        # /documents/<pk>/: every language's file of the document.
        prefix = address.rsplit("/", 2)[0] + "/"
        traces.append(
            Trace(
                "document",
                _("the address of its document “{title}”").format(title=document),
                re.compile(re.escape(prefix.lower())),
                certain=not public,
                note=_(
                    "The document is also on a public release: its address "
                    "may appear for that reason."
                )
                if public
                else "",
            )
        )
    return traces


def scan(text: str, traces: list[Trace], *, ignore: tuple[str, ...] = ()) -> list:
    """The traces found in ``text`` (HTML, XML or JSON), one find each."""
    # Entities and JSON escapes undone, spaces tidied, case folded (lower()
    # keeps the positions for the excerpts).
    plain = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), html.unescape(text))
    plain = _words(plain.replace("\\/", "/"))
    folded = plain.lower()
    if len(folded) != len(plain):
        plain = folded
    masked = folded
    for words in ignore:
        words = _words(words).lower()
        if words:
            masked = masked.replace(words, " " * len(words))
    finds = []
    for trace in traces:
        haystack = masked if trace.kind == "title" else folded
        found = trace.pattern.search(haystack)
        if found is None:
            continue
        start, end = found.span()
        finds.append(
            Find(
                trace,
                plain[max(0, start - EXCERPT_CHARACTERS) : start],
                plain[start:end],
                plain[end : end + EXCERPT_CHARACTERS],
            )
        )
    return finds


# What is requested


@dataclass(order=True)
class Target:
    rank: int
    order: int
    address: str = field(compare=False)
    must_be_missing: bool = field(default=False, compare=False)
    discover: str = field(default="", compare=False)  # "", "links" or "sitemap"
    uncached: bool = field(default=False, compare=False)
    ignore: tuple = field(default=(), compare=False)


class Plan:
    """The addresses to request, the most telling first, each once."""

    def __init__(self):
        self.queue: list[Target] = []
        self.seen: set[str] = set()
        self.counter = itertools.count()

    def add(self, rank: int, address: str, **options) -> None:
        if address in self.seen:
            return
        self.seen.add(address)
        heapq.heappush(self.queue, Target(rank, next(self.counter), address, **options))

    def pop(self) -> Target | None:
        return heapq.heappop(self.queue) if self.queue else None

    def __len__(self):
        return len(self.queue)


def _in(language: str, name: str, *args, query: dict | None = None) -> str:
    with translation.override(language):
        address = reverse(name, args=args)
    return f"{address}?{urlencode(query)}" if query else address


def plan_addresses(release: PressRelease) -> Plan:
    """Every address to request for ``release``, ranked."""
    from organization.models import CountryOffice

    plan = Plan()
    codes = language_codes()
    # 0: the release's own addresses, which must not answer.
    for code in codes:
        plan.add(0, release.address_in(code), must_be_missing=True)
    for document in release.documents.all():
        if document.is_public():
            continue  # on a public release too: readers may download it
        for document_file in document.files.all():
            plan.add(0, document_file.get_absolute_url(), must_be_missing=True)
    # 1: the pages every reader starts from.
    plan.add(1, reverse("robots-txt"))
    plan.add(1, reverse("sitemap"), discover="sitemap")
    titles = [_words(_field(release, "title", code)) for code in codes]
    made = {slugify(title) for title in titles}
    # A slug of its own (not made from a title) is searched for too.
    slugs = [
        slug.replace("-", " ")
        for slug in (_field(release, "slug", code) for code in codes)
        if slug not in made
    ]
    queries = list(dict.fromkeys(text for text in titles + slugs if text))
    for code in codes:
        plan.add(1, _in(code, "home"), discover="links")
        plan.add(1, _in(code, "news:release-list"))
        plan.add(1, _in(code, "news:feed-rss"))
        plan.add(1, _in(code, "news:feed-atom"))
        for text in queries:
            plan.add(
                1,
                _in(code, "news:search", query={"q": text}),
                uncached=True,
                ignore=(text,),
            )
    # 2: where the release would be listed: its offices, regions, topics,
    # year, and the releases related to it.
    office_ids = set(release.country_offices.values_list("pk", flat=True))
    office_ids |= set(
        release.dateline_places.exclude(office=None).values_list("office_id", flat=True)
    )
    offices = dict(CountryOffice.objects.values_list("pk", "region_id"))
    region_ids = {offices[pk] for pk in office_ids if pk in offices}
    topic_ids = set(release.topics.values_list("pk", flat=True))
    year = release.published_at.year if release.published_at else None
    years = {
        day.year for day in PressRelease.objects.public().dates("published_at", "year")
    }
    for code in codes:
        for pk in sorted(office_ids):
            plan.add(2, _in(code, "news:release-list", query={"office": pk}))
            plan.add(2, _in(code, "news:office-feed-rss", pk))
            plan.add(2, _in(code, "news:office-feed-atom", pk))
        for pk in sorted(region_ids):
            plan.add(2, _in(code, "news:release-list", query={"region": pk}))
        for pk in sorted(topic_ids):
            plan.add(2, _in(code, "news:release-list", query={"topic": pk}))
        if year is not None:
            plan.add(2, _in(code, "news:release-list", query={"year": year}))
        for other in PressRelease.objects.related_to(
            release.pk, code, setting("RELATED_RELEASES", RELATED_RELEASES)
        ).only("pk", f"slug_{code}"):
            plan.add(2, other.address_in(code))
    # 3: the most recent releases.
    for code in codes:
        recent = (
            PressRelease.objects.public_in(code)
            .exclude(pk=release.pk)
            .order_by("-published_at", "-pk")
            .only("pk", f"slug_{code}")
        )
        for other in recent[: setting("RECENT_RELEASES", RECENT_RELEASES)]:
            plan.add(3, other.address_in(code))
    # 5: the rest of the lists.
    for code in codes:
        for page in range(2, setting("LIST_PAGES", LIST_PAGES) + 1):
            plan.add(5, _in(code, "news:release-list", query={"page": page}))
        for name, values in (
            ("office", sorted(set(offices) - office_ids)),
            ("region", sorted(set(offices.values()) - region_ids)),
            ("topic", _other_topics(topic_ids)),
            ("year", sorted(years - {year}, reverse=True)),
        ):
            for value in values:
                plan.add(5, _in(code, "news:release-list", query={name: value}))
    return plan


def _other_topics(known: set[int]) -> list[int]:
    from news.models import Topic

    return sorted(set(Topic.objects.values_list("pk", flat=True)) - known)


# Running it


class Reader:
    """An anonymous reader on the public host, through Django's whole stack."""

    def __init__(self):
        from django.test import Client

        site = urlsplit(settings.SITE_URL)
        self.host = site.netloc
        self.client = Client(
            HTTP_HOST=site.netloc,
            secure=site.scheme == "https",
            raise_request_exception=False,
        )

    def get(self, address: str, *, uncached: bool = False):
        # Whatever an answer set (a CSRF or language cookie) is forgotten:
        # every request is a first visit.
        self.client.cookies = SimpleCookie()
        if uncached:
            self.client.cookies[UNCACHED_COOKIE[0]] = UNCACHED_COOKIE[1]
        return self.client.get(address)

    def local_path(self, address: str) -> str | None:
        """``address`` as a path of this site, or None if it is elsewhere."""
        parts = urlsplit(html.unescape(address.strip()))
        if parts.scheme not in ("", "http", "https"):
            return None
        if parts.netloc and parts.netloc != self.host:
            return None
        if not parts.path.startswith("/") or parts.path.startswith("//"):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")


def _body(response) -> str:
    content_type = response.get("Content-Type", "")
    if response.streaming:
        data = b""
        for chunk in response.streaming_content:  # also closes the file
            if len(data) < MAX_SCANNED_BYTES:
                data += chunk
    else:
        data = response.content
    if not any(kind in content_type for kind in TEXT_TYPES):
        return ""
    charset = response.charset or "utf-8"
    return data[:MAX_SCANNED_BYTES].decode(charset, errors="replace")


def _is_page(path: str) -> bool:
    """A public page worth reading: under a language prefix, not a file."""
    prefixes = tuple(f"/{code}/" for code in language_codes())
    media = urlsplit(settings.MEDIA_URL).path or "/media/"
    static = urlsplit(settings.STATIC_URL).path or "/static/"
    return path.startswith(prefixes) and not path.startswith((media, static))


def _is_release_page(path: str) -> bool:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return match.view_name == "news:release-detail"


def check_files(release: PressRelease, report: Report, reader: Reader) -> None:
    """The release's picture files must not be reachable yet."""
    images = _release_images(release)
    if _public_images(images):
        # Readers of what uses them rightly get their files.
        report.notes.append(
            _(
                "A photo of the release is also used by something public: "
                "its files are public for that reason and were not requested."
            )
        )
    files = _image_files(release, skip_public=True)
    for storage, name in files:
        try:
            address = storage.url(name)
        except Exception:  # noqa: BLE001 - a storage with no public address
            continue
        local = reader.local_path(address)
        served_by_django = False
        if local is not None:
            try:
                resolve(urlsplit(local).path)
                served_by_django = True
            except Resolver404:
                pass
        report.checked += 1
        if served_by_django:
            response = reader.get(local)
            _body(response)
            answer = Answer(local, response.status_code, must_be_missing=True)
            if response.status_code < 400:
                answer.problem = _(
                    "Answers {status}: the file is given to anyone who has "
                    "the address (it should answer 404 until the release is "
                    "public)."
                ).format(status=response.status_code)
        else:
            # Served by the web server, the storage or a CDN, never by
            # Django: whether the public store holds it is the answer.
            try:
                exists = storage.exists(name)
            except Exception as error:  # noqa: BLE001 - the store is down
                report.errors.append(
                    Answer(
                        address,
                        "?",
                        problem=_(
                            "The media store did not answer ({error}): not checked."
                        ).format(error=type(error).__name__),
                    )
                )
                continue
            answer = Answer(
                address, _("stored") if exists else 404, must_be_missing=True
            )
            if exists:
                answer.problem = _(
                    "The file is in the public media store, which gives it "
                    "to anyone who has the address, before the release is "
                    "public."
                )
        report.requested.append((answer.address, answer.status))
        report.answers.append(answer)


def run_check(release: PressRelease) -> Report:
    """Request the site's public addresses as a reader and look for
    ``release`` in each answer; bounded in addresses and time."""
    max_addresses = setting("MAX_ADDRESSES", MAX_ADDRESSES)
    max_seconds = setting("SECONDS", MAX_SECONDS)
    report = Report(
        release_pk=release.pk,
        languages=language_codes(),
        max_addresses=max_addresses,
        max_seconds=max_seconds,
    )
    started = time.monotonic()
    # The requests switch the thread's language, time zone, URLconf and
    # script prefix: the admin's own page gets them back.
    language = translation.get_language()
    zone = timezone.get_current_timezone()
    urlconf, prefix = get_urlconf(), get_script_prefix()
    try:
        traces = release_traces(release)
        reader = Reader()
        check_files(release, report, reader)
        plan = plan_addresses(release)
        while (target := plan.pop()) is not None:
            if report.checked >= max_addresses:
                report.stopped_by = "addresses"
                report.left_out = len(plan) + 1
                break
            if time.monotonic() - started > max_seconds:
                report.stopped_by = "time"
                report.left_out = len(plan) + 1
                break
            _request(target, traces, report, reader, plan)
    finally:
        translation.activate(language)
        timezone.activate(zone)
        set_urlconf(urlconf)
        set_script_prefix(prefix)
    report.seconds = round(time.monotonic() - started, 1)
    return report


def _request(target, traces, report, reader, plan) -> None:
    report.checked += 1
    response = reader.get(target.address, uncached=target.uncached)
    status = response.status_code
    report.requested.append((target.address, status))
    body = _body(response)
    answer = Answer(target.address, status, must_be_missing=target.must_be_missing)
    if target.must_be_missing:
        if status < 400:
            answer.problem = _(
                "Answers {status}: readers reach it before its time (it "
                "should answer 404)."
            ).format(status=status)
        report.answers.append(answer)
        return
    if status >= 500:
        answer.problem = _("The page failed (error {status}): not checked.").format(
            status=status
        )
        report.errors.append(answer)
        return
    if status in (301, 302, 303, 307, 308):
        local = reader.local_path(response.get("Location", ""))
        if local is not None and (_is_page(local) or local == reverse("sitemap")):
            plan.add(target.rank, local, discover=target.discover)
        return
    if status != 200:
        return
    answer.finds = scan(body, traces, ignore=target.ignore)
    if answer.finds:
        report.answers.append(answer)
    if target.discover == "links":
        for address in _HREF.findall(body):
            local = reader.local_path(address)
            if local and _is_page(local) and not _is_release_page(local):
                plan.add(4, local.split("#", 1)[0])
    elif target.discover == "sitemap":
        for address in _LOC.findall(body):
            local = reader.local_path(html.unescape(address))
            if local is None:
                continue
            if local.endswith(".xml") or ".xml?" in local:
                plan.add(3, local, discover="sitemap")
            elif _is_page(local) and not _is_release_page(local):
                plan.add(4, local)


# The admin page


def is_checkable(release: PressRelease) -> bool:
    """The check is for releases public in no language yet."""
    return release.pk is not None and not release.languages()


class LeakCheckAdminMixin:
    """The release admin's "Check for leaks" button and report page."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/leak-check/",
                self.admin_site.admin_view(self.leak_check_view),
                name="news_pressrelease_leak_check",
            ),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.may_check_leaks(request, obj):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        item for item in options["fields"] if item != "leak_check"
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def may_check_leaks(self, request, release) -> bool:
        # Editors and publishers: a translator only fills in languages.
        from translations.roles import is_translator_only

        return self.has_change_permission(request, release) and not is_translator_only(
            request.user, PressRelease
        )

    @admin.display(description=_("leak check"))
    def leak_check(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the release once to check it for leaks.")
        if not is_checkable(obj):
            return _(
                "The release is public: the leak check is for releases not yet public."
            )
        return format_html(
            '<a class="button" href="{}">{}</a> <span class="help">{}</span>',
            reverse("admin:news_pressrelease_leak_check", args=[obj.pk]),
            _("Check for leaks"),
            _(
                "Reads the public site as a reader would and reports any "
                "trace of this release before its time."
            ),
        )

    def leak_check_view(self, request, object_id):
        release = self.get_object(request, admin_unquote(object_id))
        if release is None:
            raise Http404
        if not self.may_check_leaks(request, release):
            raise PermissionDenied
        report = run_check(release) if is_checkable(release) else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": release,
            "title": _("Check for leaks"),
            "subtitle": str(release),
            "report": report,
            "change_url": reverse("admin:news_pressrelease_change", args=[release.pk]),
        }
        response = TemplateResponse(request, "admin/news/leak_check.html", context)
        response["Cache-Control"] = "no-store"
        return response
