"""What pages made afresh share, kept in each process, as fresh as the page cache.

Much of what a page needs is the same for every reader of a language and
changes only when an editor saves: the frame around every page (header,
menu, footer: ``pagecache/layout.py``), the menu, the country
offices, regions and topics offered as filters, the archive count, each
press-release card, a release's article with its related releases, and
whole answers whose cost is in what they count or list (the news feeds,
the sitemap index: ``remember_response()``).
``remember(name, language, build)`` keeps what ``build()`` returns in this
process under the content *generation* of the page cache (``pagecache.cache``):
the number every server reads from the shared cache and that every committed
content change bumps. So a value is rebuilt on the first request after any
change, on every server at once, and never served stale; ``timed=True``
values (which releases are public now) are also rebuilt at the next
scheduled publication. What decides whether a page exists — the release row,
its status, languages and slug — is still read on every request.

On when ``FRAGMENT_CACHE_ENABLED`` is (``DJANGO_FRAGMENT_CACHE``, on by
default, off in the test suite unless a test turns it on). When the cache
does not answer, values are built per request, as if there were none. At
most ``MAX_ENTRIES`` values and about ``MAX_BYTES`` of text per process:
past that the store starts afresh.
"""

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import get_language

from pagecache.cache import current_generation, next_change

T = TypeVar("T")

# Per-object entries (cards, release articles) make the store grow with the
# archive: past this many entries, or about this many bytes of text, it
# starts afresh.
MAX_ENTRIES = 20_000
MAX_BYTES = 64 * 1024 * 1024

_store: dict[tuple[str, str], tuple[int, float | None, object]] = {}
_bytes = 0


def _size(value) -> int:
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, dict):
        return sum(_size(item) for item in value.values()) + 100
    if isinstance(value, list | tuple):
        return sum(_size(item) for item in value) + 100
    return 100


def _keep(key: tuple[str, str], entry: tuple) -> None:
    global _bytes
    size = _size(entry[2])
    if len(_store) >= MAX_ENTRIES or _bytes + size > MAX_BYTES:
        forget()
    _store[key] = entry
    _bytes += size


def _generation() -> int | None:
    """The generation to keep values under; None: keep nothing now."""
    if not settings.FRAGMENT_CACHE_ENABLED:
        return None
    return current_generation()


def remember(
    name: str, language: str, build: Callable[[], T], *, timed: bool = False
) -> T:
    """``build()``, kept per ``name`` and ``language`` until content changes.

    ``timed``: the value also depends on which releases are public now, so
    it is rebuilt at the next scheduled publication too.
    """
    generation = _generation()
    if generation is None:
        return build()
    key = (name, language)
    now = time.time()
    value = _fresh(key, generation, now)
    if value is not None:
        return value
    expires = None
    if timed:
        try:
            expires = next_change(generation, now) or float("inf")
        except Exception:  # noqa: BLE001 - as if there were no store
            return build()
    value = build()
    _keep(key, (generation, expires, value))
    return value


def recall(name: str, language: str):
    """What ``remember(name, language, …)`` keeps now, or None when nothing
    fresh is kept: a page asks first, to read less when it will not build.
    """
    generation = _generation()
    if generation is None:
        return None
    return _fresh((name, language), generation, time.time())


def _fresh(key: tuple[str, str], generation: int, now: float):
    """The value kept under ``key`` for ``generation`` and not expired, or None."""
    stored = _store.get(key)
    if stored is None:
        return None
    stored_generation, expires, value = stored
    if stored_generation != generation or (expires is not None and now >= expires):
        return None
    return value


def remember_many(
    name: str,
    language: str,
    keys: list,
    build_missing: Callable[[list], dict],
) -> dict:
    """For each of ``keys``, the value kept under ``name`` and ``language``;
    those missing come from one ``build_missing(missing_keys)`` call, which
    returns a dict (a key it leaves out is left out of the answer too).
    """
    generation = _generation()
    if generation is None:
        return build_missing(keys)
    found = {}
    missing = []
    for key in keys:
        stored = _store.get((f"{name}:{key}", language))
        if stored is not None and stored[0] == generation:
            found[key] = stored[2]
        else:
            missing.append(key)
    if missing:
        made = build_missing(missing)
        for key, value in made.items():
            _keep((f"{name}:{key}", language), (generation, None, value))
        found.update(made)
    return found


def remember_response(request, name: str, make: Callable[[], HttpResponse]):
    """The response ``make()`` gives, kept like ``remember(..., timed=True)``
    per ``name``, language and host: for a whole page whose cost is in what
    it counts or lists (a feed, the sitemap index), not in who reads it.
    Only a plain 200 answer is kept.
    """
    host = f"{request.scheme}://{request.get_host()}"
    key = f"response:{name}:{host}"
    language = get_language()
    kept = recall(key, language)
    if kept is None:
        response = make()
        if hasattr(response, "render"):
            response.render()
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        made = (list(response.items()), response.content)
        kept = remember(key, language, lambda: made, timed=True)
    headers, content = kept
    return HttpResponse(content, headers=dict(headers))


def forget() -> None:
    """Empty this process's store."""
    global _bytes
    _store.clear()
    _bytes = 0
