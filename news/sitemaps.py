"""The news' public pages in the site map, and Google News' sitemaps."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.i18n import language_codes
from core.sitemaps import LanguagePaginator, TranslatedSitemap
from news.models import Kind, PressRelease, public_language_flags, translated_names

# Google News takes the items of the last two days, a thousand at most.
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000
NEWS_NAMESPACE = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


class NewsPagesSitemap(TranslatedSitemap):
    changefreq = "daily"

    def items(self):
        return ["news:release-list", "news:correction-list"]

    def location(self, item):
        return reverse(item)


class KindPagesSitemap(TranslatedSitemap):
    """Each kind of item's list page, in every language."""

    changefreq = "daily"

    def items(self):
        return list(Kind.objects.all())

    def location(self, item):
        return item.get_absolute_url()


class PressReleaseSitemap(TranslatedSitemap):
    changefreq = "monthly"
    # Releases per page: with one entry per language, each with its
    # alternates, a page stays far below the protocol's 50,000 entries
    # and 50 MB.
    limit = 2000

    def items(self):
        # Only what an entry shows: loading every body of a large archive
        # took seconds and hundreds of megabytes per request.
        return (
            PressRelease.objects.public()
            .only("pk", "updated_at", *translated_names("slug"))
            .annotate(**public_language_flags())
            .order_by("-published_at", "-pk")
        )

    def get_languages_for_item(self, item):
        # public() has checked the status and time; the flags the language.
        return [code for code in language_codes() if getattr(item, f"in_{code}")]

    def lastmod(self, item):
        return item.updated_at

    @property
    def paginator(self):
        return LanguagePaginator(self.items(), self.limit, self.get_languages_for_item)

    def get_latest_lastmod(self):
        # For the index: one aggregate rather than loading every release.
        latest = PressRelease.objects.public().aggregate(latest=Max("updated_at"))
        return latest["latest"]


def recent_news(language: str, at=None):
    """What Google News may list in ``language``: public there, published
    in the last two days, newest first, a thousand at most."""
    at = at or timezone.now()
    return (
        PressRelease.objects.public_in(language, at=at)
        .filter(published_at__gte=at - NEWS_WINDOW)
        .only(
            "pk", "published_at", "updated_at", f"title_{language}", f"slug_{language}"
        )
        .order_by("-published_at", "-pk")[:NEWS_LIMIT]
    )


class GoogleNewsSitemap(Sitemap):
    """A language's Google News sitemap, for the sitemap index.

    Its address is ``/sitemap-news-<language>.xml`` (``news_sitemap``
    writes it, with the ``news:`` elements Django's sitemaps lack).
    """

    language = "en"
    limit = NEWS_LIMIT

    def items(self):
        return recent_news(self.language)

    @property
    def paginator(self):
        # Always one page: it never holds more than NEWS_LIMIT items, and
        # the index need not count them.
        return Paginator([None], 1)


def news_sitemap_for(language: str) -> type[GoogleNewsSitemap]:
    return type(
        f"GoogleNewsSitemap_{language}", (GoogleNewsSitemap,), {"language": language}
    )


def news_sitemap(request, language: str):
    """``/sitemap-news-<language>.xml``: the ``urlset`` with a ``news:news``
    element per item (publication name and language, date, title)."""
    if language not in language_codes():
        raise Http404
    with override(language):
        name = _("International Organization for Migration")
        entries = []
        for release in recent_news(language):
            location = request.build_absolute_uri(release.address_in(language))
            title = getattr(release, f"title_{language}", "")
            entries.append(
                f"<url><loc>{escape(location)}</loc>"
                "<news:news><news:publication>"
                f"<news:name>{escape(name)}</news:name>"
                f"<news:language>{escape(language)}</news:language>"
                "</news:publication>"
                "<news:publication_date>"
                f"{release.published_at.isoformat()}"
                "</news:publication_date>"
                f"<news:title>{escape(title)}</news:title>"
                "</news:news></url>"
            )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="{SITEMAP_NAMESPACE}" xmlns:news="{NEWS_NAMESPACE}">'
        + "".join(entries)
        + "</urlset>\n"
    )
    response = HttpResponse(body, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


SITEMAPS: dict = {
    "news-pages": NewsPagesSitemap,
    "news-kinds": KindPagesSitemap,
    "news": PressReleaseSitemap,
    # Linked from the index as /sitemap-news-<language>.xml.
    **{f"news-{code}": news_sitemap_for(code) for code in language_codes()},
}
