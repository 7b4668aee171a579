"""Per-language existence of translated content, shared by every app."""

from django.conf import settings
from django.utils.translation import override


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def languages_with(obj, *fields: str) -> list[str]:
    """The languages in which every one of ``fields`` of ``obj`` is filled in."""
    return [
        code
        for code in language_codes()
        if all((getattr(obj, f"{field}_{code}", "") or "").strip() for field in fields)
    ]


def urls_in(obj, languages: list[str]) -> dict[str, str]:
    """``obj.get_absolute_url()`` as each of ``languages`` spells it."""
    urls = {}
    for code in languages:
        with override(code):
            urls[code] = obj.get_absolute_url()
    return urls


def shown_language(obj, field: str, language: str) -> str | None:
    """The language ``obj.field`` is shown in, when it falls back from
    ``language`` to another one (for a ``lang`` attribute)."""
    if getattr(obj, f"{field}_{language}", None):
        return None
    for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        if getattr(obj, f"{field}_{code}", None):
            return code
    return None
