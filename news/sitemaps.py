"""The news' public pages in the site map."""

from django.db.models import Max
from django.urls import reverse

from core.i18n import language_codes
from core.sitemaps import LanguagePaginator, TranslatedSitemap
from news.models import PressRelease, public_language_flags, translated_names


class NewsPagesSitemap(TranslatedSitemap):
    changefreq = "daily"

    def items(self):
        return ["news:release-list"]

    def location(self, item):
        return reverse(item)


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


SITEMAPS: dict = {"news-pages": NewsPagesSitemap, "news": PressReleaseSitemap}
