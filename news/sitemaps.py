"""The news' public pages in the site map."""

from iomsite.sitemaps import TranslatedSitemap
from news.models import PressRelease


class PressReleaseSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return PressRelease.objects.public().order_by("-published_at", "-pk")

    def get_languages_for_item(self, item):
        return item.languages()

    def lastmod(self, item):
        return item.updated_at


SITEMAPS: dict = {"news": PressReleaseSitemap}
