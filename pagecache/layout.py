"""The frame of every public page, made once per language until content changes.

What surrounds a page's own parts — the head's stylesheets and scripts, the
header with its menu, the footer — is the same for every page of a language.
``templates/frame.html`` is that markup, with a hole for each part a page
fills in: its title, description, robots line, alternates, head, language
switcher and content. It is rendered once per language and content
generation (``pagecache.fragments``, like the menu) and split at the holes;
``base.html`` then only renders the blocks between the kept pieces
(``{% frame_part n %}``), and ``render_page()`` fills the same pieces
without a template at all.
"""

import re
import secrets

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core.templatetags.site import alternates_html, language_switcher, versions_of
from pagecache.fragments import remember

HOLES = (
    "title",
    "description",
    "robots",
    "alternates",
    "head",
    "languages",
    "content",
)


def _make_frame(request, shared: dict) -> list[str]:
    # A marker no text shown in the frame (a menu title…) can contain.
    token = secrets.token_hex(8)
    holes = {name: mark_safe(f"[{token}:{name}]") for name in HOLES}
    html = render_to_string("frame.html", {**shared, "hole": holes}, request=request)
    parts = re.split(rf"\[{token}:([a-z]+)\]", html)
    if tuple(parts[1::2]) != HOLES:
        raise ValueError(f"frame.html has the holes {parts[1::2]}, not {HOLES}")
    return [mark_safe(text) for text in parts[0::2]]


def frame(request, menu=None) -> list[str]:
    """The frame's text before, between and after its holes (len(HOLES) + 1).

    ``menu``: the page's own, when it has one, so it is not read twice.
    """
    shared = {} if menu is None else {"menu": menu}
    return remember("frame", get_language(), lambda: _make_frame(request, shared))


def render_page(
    request,
    *,
    title: str,
    description: str,
    head: str,
    content: str,
    language_urls: dict[str, str],
) -> str:
    """A whole indexable page, the kept frame around this page's own parts.

    ``title`` and ``description`` are text (escaped here); ``head`` and
    ``content`` are HTML; ``language_urls`` maps each language the page
    exists in to its address there.
    """
    versions = versions_of(language_urls)
    own = (
        escape(title),
        escape(description),
        "",
        alternates_html(f"{request.scheme}://{request.get_host()}", versions),
        head,
        language_switcher(versions),
        content,
    )
    pieces = frame(request)
    parts = [pieces[0]]
    for text, piece in zip(own, pieces[1:], strict=True):
        parts += (text, piece)
    return "".join(parts)
