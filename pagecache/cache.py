"""Whole-page cache for anonymous readers: fresh at once, bounded in size.

A public page is stored in the ``pages`` cache under its language, scheme,
host, path and the query parameters its view reads (normalised and sorted),
with the content *generation* it was made in: a number kept in that cache
and bumped after every commit that changes content. A page is served only
while its generation is the current one, so a bump makes every server
sharing the cache (Redis) stop serving the pages made before it at once;
the next store replaces them, or they age out. The generation and the page
are read together (one round trip to Redis per hit). No entry outlives the
next scheduled publication nor the next midnight (dates decide what is
current too), so scheduled content appears at its time without a cron.

Without a shared cache (no ``REDIS_URL``: local memory) each process keeps
its own generation, and a commit in one process bumps only that one. So
there the generation lasts ``LOCAL_CACHE_TIMEOUT`` seconds
(``DJANGO_LOCAL_CACHE_TIMEOUT``): then the process starts a new one, and
whatever it kept under the old one (pages, fragments) is made afresh. An
edit made elsewhere shows in every process within that time, at the cost
of remaking each page once per period; the ``pagecache.W001`` check says
to set ``REDIS_URL`` when several processes serve the site. (Reading a
generation row from the database instead would cost a query on every hit.)

Only views that opted in where they are defined
(``pagecache.decorators``: ``@cache_public_page`` or
``PublicPageCacheMixin``) are stored, only for GET/HEAD
without a session or messages cookie, only answers 200 that set no cookie,
do not vary on it and are not private or ``no-store``, and only when the
values the view says it used (``use_query()``) are the ones the key holds.
A hit returns before any other middleware runs (the session, locale, CSRF,
authentication…): no query, no template, no session. ``PageCacheApplication``
(``iomsite/wsgi.py``) answers a plain GET hit before Django's request
handling even starts. When the cache does not answer, pages are made as if
there were none, with a warning in the log.
"""

import hashlib
import logging
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from importlib import import_module

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe, urlencode
from django.utils.translation import get_language_from_path, get_language_from_request

from pagecache.decorators import QUERY_PARAMETERS, cached_query

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
GENERATION_KEY = "generation"
# Apps whose rows appear on public pages: a change to any of them makes
# every page fresh.
CONTENT_APPS = frozenset(settings.CONTENT_APPS)
# Pages outside the language prefixes that are cached (per negotiated
# language): robots.txt, the sitemap index and its sections.
UNPREFIXED_PATHS = re.compile(r"/robots\.txt|/sitemap\.xml|/sitemap-[\w-]+\.xml")
# List pages past this one are rare, and what a flood of ``?page=`` addresses
# asks for: they are kept apart, in the ``deep-pages`` cache (each process's
# own bounded memory, under the same shared generation), so they cannot push
# the popular pages out.
MAX_PAGE_NUMBER = 50
DEEP_CACHE_ALIAS = "deep-pages"
_DEEP_PAGE = re.compile(r"(?:^|&)page=(\d+)")
# Sitemap pages are few and all fetched by crawlers: each is kept, up to a
# bound far past what the site will reach.
MAX_SITEMAP_PAGE_NUMBER = 10_000
MAX_QUERY_LENGTH = 100
MAX_NUMBER_LENGTH = 9
MAX_PATH_LENGTH = 300
# Cookies that mean the reader is not anonymous or has pending messages.
PRIVATE_COOKIES = ("messages",)
WARNING_INTERVAL = 60.0

_last_warning = 0.0


def page_cache():
    return caches[CACHE_ALIAS]


def is_per_process(cache) -> bool:
    """Whether ``cache`` is each process's own memory, not shared."""
    return isinstance(cache, LocMemCache)


def generation_timeout(cache) -> int | None:
    """How long the generation kept in ``cache`` lasts: for ever when the
    cache is shared, ``LOCAL_CACHE_TIMEOUT`` when each process keeps its
    own, which other processes' commits do not bump.
    """
    return settings.LOCAL_CACHE_TIMEOUT if is_per_process(cache) else None


def import_views() -> None:
    """Import the URLconf, and so every view: each opt-in adds its query
    parameters to ``QUERY_PARAMETERS``, which keys need before the first
    page is looked up (without them ``?page=2`` would share page 1's key).
    """
    import_module(settings.ROOT_URLCONF)


def store_for(query: str):
    """The cache a page with this normalised query is kept in."""
    deep = _DEEP_PAGE.search(query)
    if deep and int(deep.group(1)) > MAX_PAGE_NUMBER:
        return caches[DEEP_CACHE_ALIAS]
    return page_cache()


def _warn(action: str, error: Exception) -> None:
    # One line a minute per process: a Redis outage must not flood the log.
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARNING_INTERVAL:
        _last_warning = now
        logger.warning(
            "Page cache unavailable (%s: %s); pages are served uncached.",
            action,
            error,
        )


def _initial_generation() -> int:
    # Microseconds: a generation made after the key was lost (eviction,
    # Redis restart) never equals one already used for stored pages.
    return time.time_ns() // 1000


# Within a request (PageCacheMiddleware marks it) the generation is read
# once: the page cache and each kept fragment (pagecache/fragments.py) would
# otherwise ask Redis in turn. Outside requests it is read every time.
_UNREAD = object()
_request_generation: ContextVar = ContextVar("iomsite_generation", default=None)


def current_generation() -> int | None:
    """The content generation; None when the cache does not answer."""
    known = _request_generation.get()
    if known is not None and known is not _UNREAD:
        return known[0]
    cache = page_cache()
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            cache.add(
                GENERATION_KEY,
                _initial_generation(),
                timeout=generation_timeout(cache),
            )
            generation = cache.get(GENERATION_KEY)
    except Exception as error:  # noqa: BLE001 - any backend failure
        _warn("read", error)
        generation = None  # once per request too: each read would time out
    if known is _UNREAD:
        _request_generation.set((generation,))
    return generation


def bump_generation() -> None:
    """Make every cached page stale, on every server sharing the cache."""
    if _request_generation.get() is not None:
        _request_generation.set(_UNREAD)
    cache = page_cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet (or it was evicted)
            cache.set(
                GENERATION_KEY,
                _initial_generation(),
                timeout=generation_timeout(cache),
            )
    except Exception as error:  # noqa: BLE001
        _warn("bump", error)


def content_changed(sender, **kwargs) -> None:
    """Bump the generation once the change is committed.

    A receiver rather than calls in the services: the admin, inlines,
    imports and demo loaders save content without going through them.
    """
    if sender._meta.app_label not in CONTENT_APPS:
        return
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: only once the rows have changed
    transaction.on_commit(bump_generation, using=kwargs.get("using"))


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid="iomsite-page-cache")


# Functions that say when content changes by itself next (a scheduled
# publication), registered by the content apps in their ready().
_schedules: list = []


def register_schedule(function) -> None:
    """Have ``function(after) -> datetime | None`` end cached pages in time."""
    if function not in _schedules:
        _schedules.append(function)


def next_publication(after: datetime) -> datetime | None:
    """The earliest time after ``after`` that a registered app names."""
    times = [when for function in _schedules if (when := function(after))]
    return min(times, default=None)


def next_change(generation: int, started: float) -> float | None:
    """When the public content changes by itself next, seen at ``started``.

    Kept in the cache per generation: one query per generation at most,
    again only once that time has passed.
    """
    cache = page_cache()
    key = f"next:{generation}"
    stored = cache.get(key)
    if stored is not None:
        computed_at, next_at = stored
        if computed_at <= started and (next_at is None or started < next_at):
            return next_at
    published = next_publication(datetime.fromtimestamp(started, tz=UTC))
    next_at = published.timestamp() if published else None
    cache.set(key, (started, next_at), settings.PAGE_CACHE_TIMEOUT)
    return next_at


def _next_midnight(started: float) -> float:
    local = timezone.localtime(datetime.fromtimestamp(started, tz=UTC))
    midnight = (local + timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return midnight.timestamp()


def page_ttl(generation: int, started: float) -> int:
    """Seconds a page made at ``started`` may be served from the cache."""
    limits = [settings.PAGE_CACHE_TIMEOUT, _next_midnight(started) - started]
    next_at = next_change(generation, started)
    if next_at is not None:
        limits.append(next_at - started)
    return int(min(limits))


def normalised_query(query: QueryDict) -> str | None:
    """The query a cached page depends on, canonical; None: do not cache.

    Unknown parameters go; each known one keeps its last value (as views
    read it); numbers lose leading zeros; the first page has no number.
    A sitemap page number that is not one from 1 to
    ``MAX_SITEMAP_PAGE_NUMBER`` is not cached: the sitemap view answers it
    with 404, where list views fall back to page 1.
    """
    kept = []
    for name in sorted(QUERY_PARAMETERS.intersection(query.keys())):
        value = query.get(name, "")
        if name == "p":
            if not (value.isdecimal() and len(value) <= MAX_NUMBER_LENGTH):
                return None
            number = int(value)
            if not 1 <= number <= MAX_SITEMAP_PAGE_NUMBER:
                return None
            value = "" if number == 1 else str(number)
        elif name == "q":
            value = " ".join(value.split())
            if len(value) > MAX_QUERY_LENGTH:
                return None
        elif value.isdecimal() and len(value) <= MAX_NUMBER_LENGTH:
            number = int(value)
            value = "" if name == "page" and number <= 1 else str(number)
        else:
            value = ""  # views ignore what is not a number
        if value:
            kept.append((name, value))
    return urlencode(kept)


def _language(request) -> str | None:
    path = request.path_info
    if len(path) > MAX_PATH_LENGTH:
        return None
    language = get_language_from_path(path)
    if language is None and UNPREFIXED_PATHS.fullmatch(path):
        language = get_language_from_request(request)
    return language


def _is_anonymous(request) -> bool:
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or any(name in cookies for name in PRIVATE_COOKIES)
        or "HTTP_AUTHORIZATION" in request.META
    )


def is_storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = {
        value.strip().lower()
        for value in response.get("Vary", "").split(",")
        if value.strip()
    }
    if not vary <= {"accept-language", "accept-encoding"}:
        return False  # the key holds the language; anything else (Cookie) no
    cache_control = response.get("Cache-Control", "").lower()
    return not any(
        word in cache_control for word in ("private", "no-store", "no-cache")
    )


def find(request):
    """The stored entry for ``request``, a ``Pending`` one to fill in, or None:
    not a page to cache.
    """
    if not (
        settings.PAGE_CACHE_ENABLED
        and request.method in ("GET", "HEAD")
        and _is_anonymous(request)
    ):
        return None
    language = _language(request)
    if language is None:
        return None
    query = normalised_query(request.GET)
    if query is None:
        return None
    started = time.time()
    try:
        host = request.get_host()
    except DisallowedHost:
        # CommonMiddleware refuses it further in, so the 400 page gets the
        # headers the middleware in between add to every page.
        return None
    address = f"{request.scheme}://{host}{request.path}?{query}"
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    key = f"page:{language}:{digest}"
    generation, stored = _generation_and_entry(store_for(query), key)
    if generation is None:
        return None
    if stored is not None and stored[0] == generation:
        return stored[1]
    return Pending(key=key, query=query, generation=generation, started=started)


def _generation_and_entry(store, key: str):
    """The current generation and what ``store`` holds under ``key``: one
    round trip when both are in the shared cache. (None, None) when the
    cache does not answer.
    """
    known = _request_generation.get()
    shared = page_cache()
    try:
        if store is shared and (known is None or known is _UNREAD):
            found = shared.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            if generation is not None:
                if known is _UNREAD:
                    _request_generation.set((generation,))
                return generation, found.get(key)
        generation = current_generation()
        if generation is None:
            return None, None
        return generation, store.get(key)
    except Exception as error:  # noqa: BLE001
        _warn("read", error)
        if known is _UNREAD:  # once per request: each read would time out
            _request_generation.set((None,))
        return None, None


def use_query(request, **used) -> None:
    """Tell the page cache which values of its parameters the view used.

    A view drops what the site does not offer (an office that does not
    exist, a year without releases) and shows the page without it: that
    page is served but stored only under the address that asks for it as
    it is, so random values cannot fill the cache with copies of it.
    """
    pending = getattr(request, "_page_cache", None)
    if pending is None or not pending.cacheable:
        return
    asked = QueryDict(pending.query)
    for name, value in used.items():
        if asked.get(name, "") != ("" if value is None else str(value)):
            pending.cacheable = False
            return


@dataclass
class Pending:
    key: str
    query: str
    generation: int
    started: float
    cacheable: bool = False


class PageCacheMiddleware:
    """Serve anonymous public pages from the ``pages`` cache.

    The first middleware: what it stores carries the headers every other
    middleware added (security, Content-Security-Policy…), and a hit skips
    them all, as it skips the session, locale, CSRF, authentication and
    message middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        import_views()

    def __call__(self, request):
        # PageCacheApplication already looked up a plain GET and missed.
        pending = request.META.pop(PENDING_ENVIRON_KEY, None)
        known = _UNREAD if pending is None else (pending.generation,)
        token = _request_generation.set(known)
        try:
            return self.serve(request, pending or self.lookup(request))
        finally:
            _request_generation.reset(token)

    def serve(self, request, pending):
        if pending is None:
            return self.get_response(request)
        if isinstance(pending, HttpResponse):
            return pending
        request._page_cache = pending
        response = self.get_response(request)
        if pending.cacheable and is_storable(response):
            response = self.store(request, response, pending)
        return response

    def lookup(self, request):
        """A cached response, a ``Pending`` entry to fill in, or None."""
        found = find(request)
        if isinstance(found, tuple):
            return self.respond(request, found)
        return found

    def process_view(self, request, view_func, view_args, view_kwargs):
        pending = getattr(request, "_page_cache", None)
        if pending is None:
            return None
        allowed = cached_query(view_func)
        if allowed is None:
            return None
        names = {name for name, _value in QueryDict(pending.query).lists()}
        if not names <= set(allowed):
            return None  # e.g. ?page= on a release: served, not stored
        # The view sees exactly the query the key holds, so what is stored
        # matches every address that shares the key.
        request.GET = QueryDict(pending.query)
        # A redirect (never stored) may pass on what the reader asked for.
        request.META["ORIGINAL_QUERY_STRING"] = request.META.get("QUERY_STRING", "")
        request.META["QUERY_STRING"] = pending.query
        pending.cacheable = True
        return None

    def store(self, request, response, pending: Pending):
        try:
            ttl = page_ttl(pending.generation, pending.started)
        except Exception as error:  # noqa: BLE001
            _warn("read", error)
            return response
        if ttl < 1:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(pending.started)
        own_max_age = not response.has_header("Cache-Control")
        if own_max_age:
            patch_cache_control(
                response, public=True, max_age=min(settings.PAGE_MAX_AGE, ttl)
            )
        entry = (
            response.status_code,
            list(response.items()),
            response.content,
            pending.started + ttl,
            own_max_age,
        )
        try:
            store_for(pending.query).set(pending.key, (pending.generation, entry), ttl)
        except Exception as error:  # noqa: BLE001
            _warn("write", error)
        return _conditional(request, response)

    def respond(self, request, entry) -> HttpResponse:
        status, _headers, content, _expires, _own_max_age = entry
        response = HttpResponse(content, status=status)
        for name, value in served_headers(entry):
            response.headers[name] = value
        return _conditional(request, response)


def served_headers(entry) -> list[tuple[str, str]]:
    """The headers of a stored page as served now."""
    _status, headers, _content, expires, own_max_age = entry
    if not own_max_age:
        return headers
    # A browser or CDN must not keep it past a scheduled change.
    max_age = min(settings.PAGE_MAX_AGE, max(0, int(expires - time.time())))
    return [
        (name, f"public, max-age={max_age}")
        if name.lower() == "cache-control"
        else (name, value)
        for name, value in headers
    ]


# Where PageCacheApplication leaves a miss's key for the middleware, so the
# cache is not asked twice.
PENDING_ENVIRON_KEY = "iomsite.page_cache"
# Requests the WSGI fast path leaves to Django: conditional ones get their
# 304 (or 412) there.
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


class PageCacheApplication:
    """WSGI: answer a cached page before Django handles the request.

    A hit in ``PageCacheMiddleware`` still costs Django's request cycle:
    its signals, the middleware chain and a response object. For a plain
    GET this answers the stored page straight away, with the same lookup
    (same key, same anonymity and host rules) and the same headers; anything
    else — a miss, HEAD, a conditional request, an error — goes to Django.
    """

    def __init__(self, application):
        self.application = application
        import_views()

    def __call__(self, environ, start_response):
        if (
            settings.PAGE_CACHE_ENABLED
            and environ.get("REQUEST_METHOD") == "GET"
            and not any(name in environ for name in CONDITIONAL_HEADERS)
        ):
            try:
                found = find(WSGIRequest(environ))
            except Exception:  # noqa: BLE001 - Django answers it, as ever
                found = None
            if isinstance(found, Pending):
                environ[PENDING_ENVIRON_KEY] = found
            elif found is not None:
                status, _headers, content, _expires, _own_max_age = found
                start_response(
                    f"{status} {HTTPStatus(status).phrase}", served_headers(found)
                )
                return [content]
        return self.application(environ, start_response)


def _conditional(request, response):
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
