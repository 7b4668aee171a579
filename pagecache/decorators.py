"""How a view opts in to the page cache, where it is defined.

A function view is decorated, a class-based view (or a feed) takes the
mixin; either names the query parameters the view reads::

    @cache_public_page(query=("page", "q"))
    def search(request): ...

    class ReleaseListView(PublicPageCacheMixin, ListView):
        page_cache_query = ("page", "office")

Views that do not opt in (admin, previews, embargo links, uploads…) are
never stored. The page cache normalises a request's query before it knows
which view will answer it (``PageCacheApplication`` answers before Django
resolves anything), so every opt-in also adds its parameters to
``QUERY_PARAMETERS``, at import; the page cache imports the URLconf before
it answers its first request, so the set is complete by then.
"""

import functools
from collections.abc import Iterable

# Every query parameter some cached view reads.
QUERY_PARAMETERS: set[str] = set()


def register_query(names: Iterable[str]) -> tuple[str, ...]:
    """Add ``names`` to the parameters the page cache keeps in its keys."""
    names = tuple(names)
    QUERY_PARAMETERS.update(names)
    return names


def cache_public_page(view=None, *, query: Iterable[str] = ()):
    """Let the page cache store ``view``'s pages, keyed by ``query`` too.

    Works bare (``@cache_public_page``) or with the parameters the view
    reads (``@cache_public_page(query=("page",))``), and on any view
    callable, ``SomeView.as_view()`` included.
    """
    names = register_query(query)

    def decorator(view_func):
        @functools.wraps(view_func)
        def wrapper(*args, **kwargs):
            return view_func(*args, **kwargs)

        wrapper.page_cache_query = names
        return wrapper

    return decorator if view is None else decorator(view)


class PublicPageCacheMixin:
    """Let the page cache store this view's pages; ``page_cache_query``
    names the query parameters it reads.
    """

    page_cache_query: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.page_cache_query is not None:
            register_query(cls.page_cache_query)


def cached_query(view_func) -> tuple[str, ...] | None:
    """The query parameters ``view_func`` reads if it opted in, else None."""
    names = getattr(view_func, "page_cache_query", None)
    if names is None:
        view_class = getattr(view_func, "view_class", None)
        names = getattr(view_class, "page_cache_query", None)
    return names
