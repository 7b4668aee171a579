"""The frame of a public page, made once per language until content changes.

What ``base.html`` puts around a page — the head's stylesheets and scripts,
the header with its menu, the footer — is the same for every page of a
language. ``render_page()`` fills it with what is the page's own: its title,
description, alternates, language switcher, head and content. The frame is
``base.html`` itself, rendered through ``frame.html`` with a marker in each
hole, so it can never drift from the pages rendered the usual way; it is
kept in ``iomsite.fragments`` under the content generation like the menu.

Only for indexable pages that depend on nothing of the request but its
language and host (``noindex`` pages and forms go through the template).
"""

import re

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from iomsite.fragments import remember
from iomsite.template_tags import alternates_html, language_switcher, versions_of

HOLES = ("title", "description", "alternates", "languages", "head", "content")
_MARKER = re.compile("\x00hole:([a-z]+)\x00")


def _frame(request) -> list[str]:
    """base.html split into text, hole name, text, hole name, … text."""
    holes = {name: mark_safe(f"\x00hole:{name}\x00") for name in HOLES}
    html = render_to_string("frame.html", {"hole": holes}, request=request)
    parts = _MARKER.split(html)
    if sorted(parts[1::2]) != sorted(HOLES):
        raise ValueError(f"frame.html has holes {parts[1::2]}, not once each {HOLES}")
    return parts


def render_page(
    request,
    *,
    title: str,
    description: str,
    head: str,
    content: str,
    language_urls: dict[str, str],
) -> str:
    """The whole page: the kept frame around this page's own parts.

    ``title`` and ``description`` are text (escaped here); ``head`` and
    ``content`` are HTML; ``language_urls`` maps each language the page
    exists in to its address there.
    """
    frame = remember("frame", get_language(), lambda: _frame(request))
    versions = versions_of(language_urls)
    own = {
        "title": escape(title),
        "description": escape(description),
        "alternates": alternates_html(
            f"{request.scheme}://{request.get_host()}", versions
        ),
        "languages": language_switcher(versions),
        "head": head,
        "content": content,
    }
    parts = list(frame)
    parts[1::2] = [own[name] for name in frame[1::2]]
    return "".join(parts)
