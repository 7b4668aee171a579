"""Site-wide template filters and tags: ``{% load site %}``."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.encoding import iri_to_uri
from django.utils.formats import number_format
from django.utils.translation import get_language, get_language_info, override

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
    """The current page in each language it exists in, for the alternates
    and the language switcher (``includes/_alternates.html``,
    ``includes/_language_switcher.html``).

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
    """Each language of ``urls`` (code → address), in the site's order,
    named in itself so that a reader finds their own.
    """
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": urls[code],
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
        if code in urls
    ]


@register.simple_tag(takes_context=True)
def site_origin(context) -> str:
    """The scheme and host of the request ("https://www.iom.int"), for
    absolute links; empty without a request.
    """
    request = context.get("request")
    return f"{request.scheme}://{request.get_host()}" if request else ""


@register.simple_tag
def translated(obj, field: str) -> dict:
    """``obj.field`` as shown in the active language, and the language it is
    written in when it falls back to another one (for a ``lang`` attribute).

    ``{% translated image "alt_text" as alt %}`` gives
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
