"""The site map: every public page in every language it exists in."""

from collections.abc import Callable
from html import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index as django_index
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.timezone import template_localtime

from iomsite.fragments import remember_response
from pages.models import Page


class TranslatedSitemap(Sitemap):
    """One entry per language with ``hreflang`` alternates between them."""

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, *args, **kwargs):
        # Django asks each entry's address once per language of the entry
        # and again for its alternates: ask each (item, language) once.
        self._locations = {}
        try:
            urls = super().get_urls(*args, **kwargs)
        finally:
            del self._locations
        for url in urls:
            _point_x_default_at_a_real_page(url.get("alternates", []))
        # Django would send the newest entry's lastmod as Last-Modified,
        # but a page also changes when an entry is withdrawn or pushed onto
        # the next page: leave that header to the page cache, as before.
        vars(self).pop("latest_lastmod", None)
        return urls

    def _location(self, item, force_lang_code=None):
        # Django's own hook (private, Django 5.2) for an (item, language)
        # pair's address; answered once per pair while get_urls() runs.
        memo = getattr(self, "_locations", None)
        if memo is None or not self.i18n:
            return super()._location(item, force_lang_code)
        obj, lang_code = item
        key = (id(obj), force_lang_code or lang_code)
        if key not in memo:
            memo[key] = super()._location(item, force_lang_code)
        return memo[key]


def sitemap_index(request, sitemaps):
    """Django's sitemap index, kept in each process until content changes.

    It counts every section's entries and dates each: seven queries, about
    a tenth of a second at 100,000 releases, for a page that only changes
    with content or at a scheduled publication (``iomsite/fragments.py``).
    """
    return remember_response(
        request, "sitemap-index", lambda: django_index(request, sitemaps)
    )


def sitemap(request, sitemaps, section=None):
    """Django's sitemap view, its XML written without a template.

    A news page lists 2,000 releases in up to three languages with their
    alternates: Django's template took most of a second to render it. The
    text is the same as the template's (``tests/iomsite``).
    """
    response = django_sitemap(request, sitemaps, section=section)
    response.content = urlset_xml(response.context_data["urlset"])
    return response


def urlset_xml(urls: list[dict]) -> str:
    """What Django's ``sitemap.xml`` template renders for ``urls``."""
    parts = []
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url.get("lastmod"):
            # The template's date filter shows the local date.
            day = template_localtime(url["lastmod"]).strftime("%Y-%m-%d")
            parts.append(f"<lastmod>{day}</lastmod>")
        if url.get("changefreq"):
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url.get("priority"):
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        for alternate in url.get("alternates", ()):
            parts.append(
                '<xhtml:link rel="alternate" '
                f'hreflang="{escape(alternate["lang_code"])}" '
                f'href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "".join(parts)
        + "\n</urlset>\n"
    )


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
        return Page.objects.published().order_by("pk")

    def get_languages_for_item(self, item):
        return item.languages()

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"static": StaticViewSitemap, "pages": PageSitemap}
