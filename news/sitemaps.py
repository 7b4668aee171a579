"""The news' public pages in the site map."""

from django.urls import reverse

from iomsite.i18n import language_codes
from iomsite.sitemaps import TranslatedSitemap
from news.models import PressRelease, public_language_flags, translated_names


class NewsPagesSitemap(TranslatedSitemap):
    changefreq = "daily"

    def items(self):
        return ["news:release-list"]

    def location(self, item):
        return reverse(item)


class PressReleaseSitemap(TranslatedSitemap):
    changefreq = "monthly"

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


SITEMAPS: dict = {"news-pages": NewsPagesSitemap, "news": PressReleaseSitemap}
