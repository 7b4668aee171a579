import logging

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.crypto import get_random_string
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView

from core.i18n import languages_with, urls_in
from core.middleware import ContentSecurityPolicyMiddleware

logger = logging.getLogger(__name__)


class TranslatedDetailView(DetailView):
    """A detail page that exists only in the languages its object has.

    In a language the object lacks, the reader gets a page in that language
    naming the languages it does exist in (status 404, so search engines
    skip it). A slug that is not the current one answers 301.
    """

    required_fields: tuple[str, ...] = ("title",)
    unavailable_template_name = "unavailable.html"

    def get_languages(self, obj) -> list[str]:
        return languages_with(obj, *self.required_fields)

    def get_language_urls(self, obj, languages: list[str]) -> dict[str, str]:
        """``obj``'s address in each of ``languages``."""
        return urls_in(obj, languages)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        language_urls, elsewhere = self.locate(self.object)
        if elsewhere is not None:
            return elsewhere
        context = self.get_context_data(object=self.object, language_urls=language_urls)
        return self.render_to_response(context)

    def locate(self, obj) -> tuple[dict[str, str], HttpResponse | None]:
        """``obj``'s address in each of its languages, and the answer when
        this request is not that address: the unavailable page in a language
        it lacks, a redirect from an old or wrong slug.
        """
        request = self.request
        languages = self.get_languages(obj)
        language_urls = self.get_language_urls(obj, languages)
        if get_language() not in languages:
            return language_urls, render(
                request,
                self.unavailable_template_name,
                {"object": obj, "language_urls": language_urls, "noindex": True},
                status=404,
            )
        canonical = language_urls[get_language()]
        if request.path != canonical:
            # The page cache hands the view only the parameters pages read
            # (pagecache.cache); a redirect is never stored and keeps all.
            query = request.META.get(
                "ORIGINAL_QUERY_STRING", request.META.get("QUERY_STRING", "")
            )
            return language_urls, HttpResponsePermanentRedirect(
                f"{canonical}?{query}" if query else canonical
            )
        return language_urls, None


@never_cache
@require_GET
def healthz(request):
    """Say whether the database and the cache answer; 503 names what failed."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ok"
        checks["database"] = "error"
    try:
        key = f"healthz:{get_random_string(12)}"
        cache.set(key, "1", 5)
        checks["cache"] = "ok" if cache.get(key) == "1" else "error"
        cache.delete(key)
    except Exception:  # noqa: BLE001
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks},
        status=200 if healthy else 503,
    )


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def bad_request(request, exception=None):
    if isinstance(exception, DisallowedHost):
        # Robots ask for made-up hosts all day: one line each. Django's own
        # record of it, with a traceback, is silenced (settings.LOGGING).
        logger.warning("Refused %s %r: %s", request.method, request.path, exception)
    response = render(request, "400.html", status=400)
    return with_safety_headers(request, response)


def with_safety_headers(request, response):
    """``response`` with the headers the middleware give every other page.

    A request can be refused before the middleware that add them have run
    (the first ones check the host), and the refusal is a page too.
    """

    def made(_request):
        return response

    # Their responses only: SecurityMiddleware's request half would ask for
    # the host again (to redirect to HTTPS).
    SecurityMiddleware(made).process_response(request, response)
    XFrameOptionsMiddleware(made).process_response(request, response)
    return ContentSecurityPolicyMiddleware(made)(request)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def private_response(response, language: str | None = None):
    """Keep a response out of shared caches and search engines."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    if language:
        response["Content-Language"] = language
    return response
