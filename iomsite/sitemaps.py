"""The site map: every public page in every language it exists in."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from pages.models import Page


class TranslatedSitemap(Sitemap):
    """One entry per language with ``hreflang`` alternates between them."""

    i18n = True
    alternates = True
    x_default = True


class StaticViewSitemap(TranslatedSitemap):
    changefreq = "daily"

    def items(self):
        return ["home"]

    def location(self, item):
        return reverse(item)


class PageSitemap(TranslatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.order_by("pk")

    def get_languages_for_item(self, item):
        return item.languages()

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"static": StaticViewSitemap, "pages": PageSitemap}
