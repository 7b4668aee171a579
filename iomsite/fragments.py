"""Site-wide lists kept in each process, as fresh as the page cache.

Some things every page or every news list needs are the same for all
readers of a language and change only when an editor saves: the menu, the
country offices, regions and topics offered as filters. Building them costs
more than the rest of a page (hundreds of model instances for the offices).
``remember(name, language, build)`` keeps what ``build()`` returns in this
process, under the content *generation* of the page cache
(``iomsite.cache``): the same number every server reads from the shared
cache and that every committed content change bumps. So a value is rebuilt
on the first request after any change, on every server at once, and is
never served stale; the store holds one value per name and language.

On when ``FRAGMENT_CACHE_ENABLED`` is (``DJANGO_FRAGMENT_CACHE``, on by
default, off in the test suite unless a test turns it on). When the cache
does not answer, values are built per request, as if there were none.
"""

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

from iomsite.cache import current_generation, next_change

T = TypeVar("T")

# Per-object entries (related releases) make the store grow with the
# archive: past this many, it starts afresh.
MAX_ENTRIES = 20_000

_store: dict[tuple[str, str], tuple[int, float | None, object]] = {}


def remember(
    name: str, language: str, build: Callable[[], T], *, timed: bool = False
) -> T:
    """``build()``, kept per ``name`` and ``language`` until content changes.

    ``timed``: the value also depends on which releases are public now, so
    it is rebuilt at the next scheduled publication too.
    """
    if not settings.FRAGMENT_CACHE_ENABLED:
        return build()
    generation = current_generation()
    if generation is None:
        return build()
    key = (name, language)
    now = time.time()
    stored = _store.get(key)
    if stored is not None:
        stored_generation, expires, value = stored
        if stored_generation == generation and (expires is None or now < expires):
            return value
    expires = None
    if timed:
        try:
            expires = next_change(generation, now) or float("inf")
        except Exception:  # noqa: BLE001 - as if there were no store
            return build()
    value = build()
    if len(_store) >= MAX_ENTRIES:
        _store.clear()
    _store[key] = (generation, expires, value)
    return value


def forget() -> None:
    """Empty this process's store (tests)."""
    _store.clear()
