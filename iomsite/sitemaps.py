"""The site map: every public page in every language it exists in."""

from collections.abc import Callable

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.urls import reverse

from pages.models import Page


class TranslatedSitemap(Sitemap):
    """One entry per language with ``hreflang`` alternates between them."""

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        for url in urls:
            _point_x_default_at_a_real_page(url.get("alternates", []))
        # Django would send the newest entry's lastmod as Last-Modified,
        # but a page also changes when an entry is withdrawn or pushed onto
        # the next page: leave that header to the page cache, as before.
        vars(self).pop("latest_lastmod", None)
        return urls


class LanguagePaginator(Paginator):
    """Page items in the database, then list each in its languages.

    Django's i18n sitemaps load every item to page (item, language) pairs,
    on each page and in the index; here a page loads only its own items.
    """

    def __init__(self, object_list, per_page, languages_for: Callable):
        super().__init__(object_list, per_page)
        self.languages_for = languages_for

    def _get_page(self, object_list, number, paginator):
        pairs = [
            (item, code) for item in object_list for code in self.languages_for(item)
        ]
        return super()._get_page(pairs, number, paginator)


def _point_x_default_at_a_real_page(alternates: list[dict]) -> None:
    # Django writes x-default as the English address without its prefix,
    # which only resolves for English path words, and even when the item
    # has no English version. Point it at the first language the item
    # exists in, as the pages' own <link rel="alternate"> do.
    real = [a for a in alternates if a["lang_code"] != "x-default"]
    for alternate in alternates:
        if alternate["lang_code"] == "x-default":
            if real:
                alternate["location"] = real[0]["location"]
            else:
                alternates.remove(alternate)


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
