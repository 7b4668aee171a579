"""Parts of pages that every reader of a language shares, in Django's cache.

Below the whole-page cache, a page made afresh reuses what is the same for
every reader of a language until content changes: the menu and the footer
(``{% cache %}`` in ``base.html``, keyed by ``template_cache()``), the news
filters, count and unfiltered form, the "Where we work" list, and whole
answers whose cost is in what they count or list (the feeds, the sitemap
index: ``cached_response()``).

Entries live in the ``default`` cache (Redis when ``REDIS_URL`` is set),
under the content *generation* of ``pagecache.cache`` as their version: a
committed content change bumps it, so every process sharing the cache reads
the new entries at its next request. Every entry has a timeout:
``PAGE_CACHE_TIMEOUT`` at most, and for values that depend on which releases
are public now (``timed=True``) no later than the next scheduled publication
or midnight, as for whole pages.

``DJANGO_FRAGMENT_CACHE=0`` (``FRAGMENT_CACHE_ENABLED``; off under pytest
unless a test turns it on) makes everything afresh on every request, as when
the cache does not answer.
"""

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import get_language

from pagecache.cache import current_generation, page_ttl

T = TypeVar("T")

# The alias Django's {% cache %} tag uses too (no "template_fragments" one).
CACHE_ALIAS = "default"


def generation() -> int | None:
    """The version to keep entries under now; None: keep nothing."""
    if not settings.FRAGMENT_CACHE_ENABLED:
        return None
    return current_generation()


def timeout(version: int, *, timed: bool = False) -> int:
    """Seconds an entry made now under ``version`` may be served."""
    if timed:
        return page_ttl(version, time.time())
    return settings.PAGE_CACHE_TIMEOUT


def template_cache() -> dict | None:
    """What the templates' ``{% cache %}`` tags need, their timeout and the
    generation (part of their key); None: keep nothing now.
    """
    version = generation()
    if version is None:
        return None
    return {"timeout": timeout(version), "generation": version}


def _key(name: str) -> str:
    return f"fragment:{name}:{get_language()}"


def get(name: str):
    """What is kept under ``name`` in the active language, or None."""
    version = generation()
    if version is None:
        return None
    try:
        return caches[CACHE_ALIAS].get(_key(name), version=version)
    except Exception:  # noqa: BLE001 - as if nothing were kept
        return None


def cached(name: str, build: Callable[[], T], *, timed: bool = False) -> T:
    """``build()``, kept under ``name`` in the active language until content
    changes (and, ``timed``, until the next scheduled publication).
    """
    version = generation()
    if version is None:
        return build()
    cache = caches[CACHE_ALIAS]
    key = _key(name)
    try:
        value = cache.get(key, version=version)
    except Exception:  # noqa: BLE001 - as if nothing were kept
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, timeout(version, timed=timed), version=version)
        except Exception:  # noqa: BLE001 - served, not kept
            pass
    return value


def cached_response(request, name: str, make: Callable[[], HttpResponse]):
    """The response ``make()`` gives, kept like ``cached(..., timed=True)``
    per ``name``, language and host: for a whole answer whose cost is in what
    it counts or lists (a feed, the sitemap index). Only a plain 200 answer
    is kept.
    """
    name = f"response:{name}:{request.scheme}://{request.get_host()}"
    kept = get(name)
    if kept is None:
        response = make()
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        made = (list(response.items()), response.content)
        kept = cached(name, lambda: made, timed=True)
    headers, content = kept
    return HttpResponse(content, headers=dict(headers))
