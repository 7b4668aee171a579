"""Sitemaps of translated content: one entry per language, with alternates."""

from collections.abc import Callable

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator


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
