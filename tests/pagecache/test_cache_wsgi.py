"""A plain GET of a cached page is answered before Django handles it."""

import io
import sys

import pytest
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.urls import reverse
from django.utils.translation import override

from iomsite.wsgi import application
from pagecache import cache as page_cache
from tests.news.factories import PressReleaseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture(autouse=True)
def requests_keep_the_transaction():
    # As Django's test client does: the test's transaction must outlive
    # each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def handled():
    """The requests Django itself handled."""
    seen = []

    def note(sender, environ, **kwargs):
        seen.append(environ["PATH_INFO"])

    request_started.connect(note)
    yield seen
    request_started.disconnect(note)


def get(path, method="GET", host="localhost", **headers):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    body = application(environ, start_response)
    try:
        answer["body"] = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return answer


def news(language="en"):
    with override(language):
        return reverse("news:release-list")


def test_a_hit_is_the_stored_page_with_every_header_and_no_django(
    handled, django_assert_num_queries
):
    PressReleaseFactory(published=True, title_en="Out now")
    first = get(news())
    assert first["status"] == 200
    assert handled == [news()]
    with django_assert_num_queries(0):
        second = get(news())
    assert handled == [news()]  # Django did not see the second request
    assert second["status"] == 200
    assert second["body"] == first["body"]
    assert b"Out now" in second["body"]
    # What the middleware added on the way out is stored with the page.
    assert second["headers"] == first["headers"]
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Content-Language",
        "ETag",
        "Last-Modified",
    ):
        assert name in second["headers"]
    assert "public" in second["headers"]["Cache-Control"]


def test_unknown_parameters_share_the_entry_and_languages_do_not(handled):
    PressReleaseFactory(published=True, french=True)
    get(news())
    get(news("fr"))
    assert get(news() + "?utm_source=mail")["body"] == get(news())["body"]
    assert get(news("fr"))["body"] != get(news())["body"]
    assert handled == [news(), news("fr")]


def test_conditional_head_and_signed_in_requests_go_to_django(handled):
    first = get(news())
    etag = first["headers"]["ETag"]
    assert get(news(), if_none_match=etag)["status"] == 304
    head = get(news(), method="HEAD")
    assert head["status"] == 200
    session = get(news(), cookie="sessionid=abc")
    assert session["status"] == 200
    assert handled == [news()] * 4
    # None of them replaced what is stored.
    assert get(news())["body"] == first["body"]
    assert len(handled) == 4


def test_a_publish_shows_at_once(handled):
    get(news())
    with transaction.atomic():
        release = PressReleaseFactory(published=True, title_en="Just published")
    # The test's transaction hides the commit: bump as the commit would.
    page_cache.bump_generation()
    fresh = get(news())
    assert release.title_en.encode() in fresh["body"]
    assert handled == [news(), news()]


def test_a_host_outside_allowed_hosts_is_refused_by_django(handled):
    get(news())
    refused = get(news(), host="evil.example")
    assert refused["status"] == 400
    assert handled == [news(), news()]


def test_with_the_page_cache_off_every_request_is_django_s(settings, handled):
    settings.PAGE_CACHE_ENABLED = False
    get(news())
    get(news())
    assert handled == [news(), news()]


def test_a_hit_asks_the_shared_cache_once(monkeypatch):
    # With Redis each question is a round trip: the generation and the page
    # are asked for together. (Local memory's get_many calls its get.)
    get(news())
    store = caches["pages"]
    asked = []
    inside = []
    get_one, get_many = store.get, store.get_many

    def one(*args, **kwargs):
        if not inside:
            asked.append("get")
        return get_one(*args, **kwargs)

    def many(*args, **kwargs):
        asked.append("get_many")
        inside.append(True)
        try:
            return get_many(*args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(store, "get", one)
    monkeypatch.setattr(store, "get_many", many)
    assert get(news())["status"] == 200
    assert asked == ["get_many"]


def test_a_page_stored_before_a_change_is_never_served(handled):
    PressReleaseFactory(published=True, title_en="Before")
    get(news())
    page_cache.bump_generation()  # as a commit elsewhere would
    get(news())
    assert handled == [news(), news()]
