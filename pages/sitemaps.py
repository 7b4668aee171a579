"""The site map: every public page in every language it exists in."""

from html import escape

from django.contrib.sitemaps.views import index as django_index
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.urls import reverse
from django.utils.timezone import template_localtime

from core.sitemaps import TranslatedSitemap
from pagecache.fragments import cached_response
from pages.models import Page


def sitemap_index(request, sitemaps):
    """Django's sitemap index, kept in the cache until content changes.

    It counts every section's entries and dates each: seven queries, about
    a tenth of a second at 100,000 releases, for a page that only changes
    with content or at a scheduled publication (``pagecache/fragments.py``).
    """
    return cached_response(
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
