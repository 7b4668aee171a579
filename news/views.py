import hashlib
import logging

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Min
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
)
from django.utils.crypto import constant_time_compare
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView

from core import access, uploads
from core.html import json_for_script
from core.storage import STORAGE_ERRORS
from core.views import TranslatedDetailView, private_response
from images import services as image_library
from news import search
from news.forms import ReleaseFilterForm, filter_choices
from news.metadata import share_metadata
from news.models import (
    Correction,
    EmbargoLink,
    Kind,
    MediaContact,
    PressRelease,
    filters_q,
    translated_names,
)
from news.vcard import render_vcard
from pagecache import fragments
from pagecache.cache import use_query
from pagecache.decorators import PublicPageCacheMixin, cache_public_page

logger = logging.getLogger(__name__)


def page_number(request, page_kwarg: str = "page") -> int:
    """The page asked for; anything but a positive number means the first."""
    value = request.GET.get(page_kwarg, "")
    return int(value) if value.isdecimal() and len(value) < 10 else 1


# Past this many releases skipped, a list page finds its releases by id
# first (PressReleaseListView.paginate_queryset): page 51 onwards.
DEEP_PAGE_OFFSET = 1000


class ForgivingPaginationMixin:
    """A page past the end shows the last page; a bad number, the first."""

    paginate_by = 20

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(max(1, page_number(self.request, self.page_kwarg)))
        return paginator, page, page.object_list, page.has_other_pages()


class PressReleaseListView(PublicPageCacheMixin, ForgivingPaginationMixin, ListView):
    page_cache_query = ("page", "office", "region", "topic", "year", "kind")
    template_name = "news/press_release_list.html"
    context_object_name = "press_releases"
    # The kind of item whose page this is (KindListView); None: every kind.
    kind = None

    def get(self, request, *args, **kwargs):
        language = get_language()
        self.choices = fragments.cached(
            "news-filters", lambda: filter_choices(language)
        )
        self.form = ReleaseFilterForm(
            request.GET or None, choices=self.choices, kind=self.kind
        )
        self.filters = self.form.filters()
        if self.kind is not None:
            self.filters["kind"] = self.kind.pk
        self.stats = self.count(language)
        years = []
        if self.stats["first"]:
            first = timezone.localtime(self.stats["first"]).year
            last = timezone.localtime(self.stats["last"]).year
            years = list(range(last, first - 1, -1))
        self.form.set_years(years)
        if self.filters.get("year") not in (None, *years):
            # A year without releases is not offered: dropped, as an
            # unknown office is.
            del self.filters["year"]
            self.stats = self.count(language)
        # What was dropped does not make another cached copy of the page.
        use_query(
            request, **{name: self.filters.get(name) for name in self.form.fields}
        )
        return super().get(request, *args, **kwargs)

    def count(self, language: str) -> dict:
        """The first and last publication times and the count of matches."""

        # One query gives the years on offer and the count of matches, which
        # the paginator would otherwise ask for on its own; without filters
        # it is the same for every page of the list until content changes.
        def stats():
            return PressRelease.objects.public_in(language).aggregate(
                first=Min("published_at"),
                last=Max("published_at"),
                total=Count("pk", filter=filters_q(**self.filters)),
            )

        kept = fragments.get("news-stats")
        if not self.filters:
            return kept or fragments.cached("news-stats", stats, timed=True)
        if kept is None:
            return stats()
        # The years on offer are the whole list's, kept: only the matches
        # are counted, which the indexes answer without reading every
        # public release.
        matches = PressRelease.objects.public_in(language).filtered(**self.filters)
        return {**kept, "total": matches.count()}

    def get_queryset(self):
        return (
            PressRelease.objects.public_in(get_language())
            .filtered(**self.filters)
            .for_cards()
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = self.stats["total"]
        return paginator

    def paginate_queryset(self, queryset, page_size):
        """A deep page's releases, found by their ids first.

        ``LIMIT 20 OFFSET n`` on the cards' query makes PostgreSQL join the
        photo and kind of all n releases it skips: about 2.3 µs each, 9 ms
        for page 200 of 10,000 releases. The ids alone come from the public
        index without reading the table (an index-only scan, 0.8 ms there),
        and the cards are read for those 20 only. The two-step query costs
        about 2 ms more to plan and build, so the first pages, read most,
        keep the plain one.
        """
        paginator, page, rows, others = super().paginate_queryset(queryset, page_size)
        bottom = (page.number - 1) * paginator.per_page
        if bottom < DEEP_PAGE_OFFSET:
            return paginator, page, rows, others
        ids = queryset.values("pk")[bottom : bottom + paginator.per_page]
        page.object_list = queryset.filter(pk__in=ids)
        return paginator, page, page.object_list, others

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind = self.kind
        form_action = kind.get_absolute_url() if kind else reverse("news:release-list")
        context["form"] = self.form
        context["form_action"] = form_action
        context["kind"] = kind
        context["filtered"] = bool(
            {name: value for name, value in self.filters.items() if name != "kind"}
            if kind
            else self.filters
        )
        if not self.request.GET.keys() & self.form.fields.keys():
            # No filter asked for: the same form for every reader, with the
            # years of the kept count, so kept (and timed) like them.
            context["form_html"] = fragments.cached(
                f"news-filter-form-{kind.pk}" if kind else "news-filter-form",
                lambda: render_to_string(
                    "news/_filter_form.html",
                    {"form": self.form, "filtered": False, "form_action": form_action},
                    request=self.request,
                ),
                timed=True,
            )
        office = self.filters.get("office")
        if office is not None:
            context["feed_office"] = next(
                {"pk": pk, "name": name}
                for pk, name in self.choices["office"]
                if pk == office
            )
        return context


def kind_for_slug(slug: str, language: str) -> Kind:
    """The kind whose list page is at ``slug`` in ``language``, or 404."""
    return get_object_or_404(Kind, **{f"slug_{language}": slug})


class KindListView(PressReleaseListView):
    """One kind's items (``/en/news/statements/``), with the same filters."""

    page_cache_query = ("page", "office", "region", "topic", "year")

    def get(self, request, *args, **kwargs):
        self.kind = kind_for_slug(kwargs["kind"], get_language())
        return super().get(request, *args, **kwargs)


class CorrectionListView(PublicPageCacheMixin, ForgivingPaginationMixin, ListView):
    """Every correction of items public in the reader's language, newest first."""

    page_cache_query = ("page",)
    template_name = "news/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 30

    def get_queryset(self):
        language = get_language()
        return (
            Correction.objects.filter(
                release__in=PressRelease.objects.public_in(language).values("pk")
            )
            .select_related("release")
            .only(
                "pk",
                "type",
                "date",
                "original_language",
                *translated_names("text"),
                "release__id",
                "release__original_language",
                *(f"release__{name}" for name in translated_names("title")),
                *(f"release__{name}" for name in translated_names("slug")),
            )
            .order_by("-date", "-pk")
        )


class PressReleaseDetailView(PublicPageCacheMixin, TranslatedDetailView):
    context_object_name = "press_release"
    # Shared caches may keep a release page this long, then revalidate it.
    max_age = 60

    def get_object(self, queryset=None):
        # Read on every request: whether the release is public now, in which
        # languages and under which slug.
        release = get_object_or_404(
            PressRelease.objects.select_related(
                "image", "kind", "spokesperson"
            ).with_attachments(),
            pk=self.kwargs["pk"],
        )
        self.public_languages = release.languages()
        if not self.public_languages:
            raise Http404
        return release

    def get_languages(self, obj) -> list[str]:
        # As get_object() found them a moment ago.
        return self.public_languages

    def get_language_urls(self, obj, languages: list[str]) -> dict[str, str]:
        # Without switching the active language for each.
        return {code: obj.address_in(code) for code in languages}

    def get(self, request, *args, **kwargs):
        self.object = release = self.get_object()
        language_urls, elsewhere = self.locate(release)
        if elsewhere is not None:
            return elsewhere
        response = render_release(request, release, language_urls=language_urls)
        # The page shows the contacts and the related releases too.
        last_modified = max(
            [release.modified_at]
            + [contact.updated_at for contact in release.contacts()]
            + [other.updated_at for other in release.related]
            + [other.published_at for other in release.related]
        )
        timestamp = int(last_modified.timestamp())
        # SHA-1, for a validator: about twice as fast as MD5 where the CPU
        # computes it (most do).
        digest = hashlib.sha1(get_language().encode(), usedforsecurity=False)
        digest.update(response.content)
        etag = f'"{digest.hexdigest()}"'
        response["ETag"] = etag
        response["Last-Modified"] = http_date(timestamp)
        patch_cache_control(response, public=True, max_age=self.max_age)
        return get_conditional_response(
            request, etag=etag, last_modified=timestamp, response=response
        )


def render_release(request, release, *, language_urls: dict[str, str], **flags):
    """The release page in the active language, as readers see it.

    The one render of the public page, the staff preview and the embargoed
    preview, so they show the same article. ``language_urls`` maps each
    language the page links to (alternates, switcher, "also available in")
    to its address there; ``flags`` are what the page says of itself
    (``preview``, ``embargo``, ``noindex``…).
    """
    language = get_language()
    release.load_page(language)
    context = {
        "object": release,
        "press_release": release,
        "language_urls": language_urls,
        "office_contact": office_contact(release),
        "share": share_metadata(request, release, language, language_urls),
        "other_versions": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
            }
            for code, url in language_urls.items()
            if code != language
        ],
        **flags,
    }
    return render(request, "news/press_release_detail.html", context)


def office_contact(release) -> dict | None:
    """The office readers may contact about ``release`` when it names no
    active media contact: its dateline's office, else a related one, with
    an email or a phone. Uses what ``for_detail()`` loads.
    """
    if release.contacts():
        return None
    offices = [
        place.office for place in release.dateline_places.all() if place.office_id
    ]
    offices += release.country_offices.all()
    for office in offices:
        if office.email or office.phone:
            return {
                "office": office,
                "name": _("IOM {country}").format(country=office),
            }
    return None


class PressReleaseSearchView(PublicPageCacheMixin, ForgivingPaginationMixin, ListView):
    page_cache_query = ("page", "q")
    template_name = "news/search.html"
    context_object_name = "results"

    def get(self, request, *args, **kwargs):
        self.raw_query = request.GET.get("q", "")
        self.query = search.clean_query(self.raw_query)
        # A query with invisible characters searches as its cleaned self:
        # one cached copy, under the clean address.
        use_query(request, q=self.query)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.query:
            return PressRelease.objects.none()
        language = get_language()
        return search.search_releases(
            PressRelease.objects.public_in(language), self.query, language
        ).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = list(context["page_obj"].object_list)
        search.add_snippets(results, self.query, get_language())
        context["query"] = self.query
        context["truncated"] = (
            len(" ".join(self.raw_query.split())) > search.MAX_QUERY_LENGTH
        )
        context["noindex"] = True
        return context


@never_cache
@require_GET
def release_embargo(request, token):
    """A release before its time, for the journalists given the link."""
    link = get_object_or_404(EmbargoLink.objects.select_related("release"), token=token)
    # A release taken off the site at its expiry time is not read through
    # an old embargo link either.
    if not link.is_valid() or link.release.is_expired:
        response = render(
            request,
            "news/embargo_closed.html",
            {"noindex": True, "language_urls": {}},
            status=410,
        )
        return private_response(response)
    if get_language() != link.language:
        return private_response(HttpResponseRedirect(link.get_absolute_url()))
    release = link.release
    if release.is_public_in(link.language):
        return HttpResponseRedirect(release.get_absolute_url())
    # Its photos and documents are not public yet: their addresses on this
    # page carry a pass that opens them while the link is valid.
    with access.issuing("embargo", link.pk):
        response = render_release(
            request,
            release,
            # The secret address is not repeated in alternates or switchers.
            language_urls={},
            embargo=link,
            embargoed_until=release.published_at,
            noindex=True,
        )
    # Links in the release must not carry the secret address to other sites.
    response["Referrer-Policy"] = "no-referrer"
    return private_response(response)


@cache_public_page
@require_GET
def contact_vcard(request, pk):
    """A media contact's card, while a public release names them.

    Staff who may see contacts get any contact's card (the admin links it).
    """
    if request.user.has_perm("news.view_mediacontact"):
        contacts = MediaContact.objects.all()
    else:
        contacts = MediaContact.objects.on_releases_public_in(get_language())
    contact = get_object_or_404(contacts.select_related("office"), pk=pk)
    response = HttpResponse(
        render_vcard(contact), content_type="text/vcard; charset=utf-8"
    )
    filename = slugify(contact.name) or "contact"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response


# CKEditor 4 does not send Django's CSRF token with uploads; it sends its own
# double-submit token (a ``ckCsrfToken`` cookie repeated in the form), checked
# below, on top of the staff-only session.
@csrf_exempt
@never_cache
@staff_member_required
@require_POST
def upload_body_image(request):
    """Keep an image put in a rich-text body in the library, after the
    library's checks, so that it can be found and reused later."""
    func_num = request.GET.get("CKEditorFuncNum", "")
    cookie_token = request.COOKIES.get("ckCsrfToken", "")
    form_token = request.POST.get("ckCsrfToken", "")
    if not (cookie_token and constant_time_compare(cookie_token, form_token)):
        return _ckeditor_reply(
            func_num, error=_("The upload was refused: reload the page and retry.")
        )
    if not request.user.has_perm("images.add_image"):
        return _ckeditor_reply(
            func_num,
            error=_(
                "You may not add images to the library: choose one already "
                "there with “Browse server”, or ask an editor."
            ),
        )
    upload = request.FILES.get("upload")
    if upload is None:
        return _ckeditor_reply(func_num, error=_("Choose an image to upload."))
    try:
        # Counted before decoding: refused files cost the server too.
        uploads.claim_uploads(user=request.user, count=1)
        image = image_library.upload_image(upload=upload, uploaded_by=request.user)
    except ValidationError as error:
        return _ckeditor_reply(func_num, error=" ".join(error.messages))
    except STORAGE_ERRORS as error:
        logger.error(
            "image upload by %s not stored: %r", request.user.get_username(), error
        )
        return _ckeditor_reply(
            func_num,
            error=_(
                "The image could not be stored: the file store is full or "
                "unavailable. Nothing was saved; try again later, and tell an "
                "administrator if it keeps happening."
            ),
        )
    # The crops are made in the background: the original, scrubbed and
    # renamed, is what the editor shows until the text is saved.
    return _ckeditor_reply(func_num, url=image.file.url, name=image.file.name)


def _ckeditor_reply(func_num: str, *, url: str = "", name: str = "", error: str = ""):
    if func_num.isdigit():
        # The image dialog uploads into an iframe and waits for this call.
        script = f"window.parent.CKEDITOR.tools.callFunction({int(func_num)}, {json_for_script(url)}, {json_for_script(error)});"
        return HttpResponse(f"<script>{script}</script>")
    if error:
        return JsonResponse({"uploaded": 0, "error": {"message": error}})
    return JsonResponse(
        {"uploaded": 1, "fileName": name.rsplit("/", 1)[-1], "url": url}
    )
