"""Site-wide template filters and tags: ``{% load site %}``."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.encoding import iri_to_uri
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, override

from core import phones
from core.i18n import shown_language

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """Show a stored phone number in the international format."""
    return phones.format_international(value)


@register.filter
def tel_href(value: str) -> str:
    """A ``tel:`` URI for a stored phone number."""
    return phones.tel_uri(value)


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[dict]:
    """The current page in each language it exists in.

    A view whose object lacks some languages, or whose slugs differ by
    language, passes ``language_urls`` (language code → URL); other pages
    are translated by path.
    """
    request = context.get("request")
    urls = context.get("language_urls")
    if urls is None:
        urls = _urls_by_path(request)
    return versions_of(urls)


def _urls_by_path(request) -> dict[str, str]:
    """The request's address in each language, as ``translate_url()`` gives
    it, from the URL the request already resolved to (once, not per language).
    """
    match = getattr(request, "resolver_match", None)
    if match is None or not match.url_name:
        path = request.get_full_path() if request else "/"
        return {code: translate_url(path, code) for code, _name in settings.LANGUAGES}
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    query = iri_to_uri(request.META.get("QUERY_STRING", ""))
    urls = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                url = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                url = request.path
        urls[code] = f"{url}?{query}" if query else url
    return urls


def versions_of(urls: dict[str, str]) -> list[dict]:
    """Each language of ``urls`` (code → address), in the site's order."""
    current = get_language()
    return [
        {"code": code, "name": name, "url": urls[code], "current": code == current}
        for code, name in _language_names()
        if code in urls
    ]


@register.simple_tag(takes_context=True)
def alternate_links(context, versions: list[dict]) -> str:
    """The page's ``hreflang`` alternates, x-default and canonical links."""
    request = context.get("request")
    origin = f"{request.scheme}://{request.get_host()}" if request else ""
    return alternates_html(origin, versions, context.get("noindex"))


def alternates_html(origin: str, versions: list[dict], noindex=False) -> str:
    return _alternates(
        origin,
        tuple((v["code"], v["url"], v["current"]) for v in versions),
        bool(noindex),
    )


@lru_cache(maxsize=4096)
def _alternates(origin: str, versions: tuple, noindex: bool) -> str:
    # The same for every reader of a page: made once per page and language.
    lines = []
    for number, (code, url, current) in enumerate(versions):
        href = escape(origin + url)
        lines.append(f'<link rel="alternate" hreflang="{code}" href="{href}">\n')
        if number == 0:
            lines.append(f'<link rel="alternate" hreflang="x-default" href="{href}">\n')
        if current and not noindex:
            lines.append(f'<link rel="canonical" href="{href}">\n')
    return mark_safe("".join(lines))


@register.simple_tag
def language_switcher(versions: list[dict]) -> str:
    """Links to the page in each language it exists in, each named in itself."""
    return _switcher(
        tuple((v["code"], v["name"], v["url"], v["current"]) for v in versions),
        get_language(),
    )


@lru_cache(maxsize=4096)
def _switcher(versions: tuple, language: str) -> str:
    # Made once per page and reading language (the label is translated):
    # every page made afresh shows one.
    items = []
    for code, name, url, current in versions:
        code = escape(code)
        current = ' aria-current="true"' if current else ""
        items.append(
            f'<li><a href="{escape(url)}"{current} lang="{code}" '
            f'hreflang="{code}">{escape(capfirst(name))}</a></li>\n    '
        )
    return mark_safe(
        f'<nav class="languages" aria-label="{escape(gettext("Languages"))}">\n'
        f"  <ul>\n    {''.join(items)}</ul>\n</nav>"
    )


def _language_names() -> list[tuple[str, str]]:
    # Each language is named in itself, so a reader finds their own.
    return _names_of(tuple(code for code, _name in settings.LANGUAGES))


@lru_cache(maxsize=16)
def _names_of(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    from django.utils.translation import get_language_info

    return [(code, get_language_info(code)["name_local"]) for code in codes]


@register.simple_tag
def translated(obj, field: str) -> dict:
    """``obj.field`` as shown in the active language, and the language it is
    written in when it falls back to another one (for a ``lang`` attribute).

    ``{% translated release "lead_image_alt" as alt %}`` gives
    ``{"value": …, "lang": None}`` when the active language has its own text.
    """
    return {
        "value": getattr(obj, field, ""),
        "lang": shown_language(obj, field, get_language()),
    }


@register.filter
def grouped(value) -> str:
    """A whole number with the active language's thousands separator
    ("12,345"; "12 345" with a no-break space in French)."""
    return number_format(value, use_l10n=True, force_grouping=True)
