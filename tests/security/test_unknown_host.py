"""Requests for hosts the site does not serve: a dressed 400, one log line."""

import io
import logging
import sys

import pytest
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from iomsite.wsgi import application

pytestmark = pytest.mark.django_db

HOSTS = [
    "evil.example",
    "evil.example:8080",
    "localhost.evil.example",
    "bad host",
    "[::1",
    "x" * 300,
]
PATHS = ["/en/", "/en/news/", "/fr/actualites/", "/robots.txt", "/admin/login/"]


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False
    settings.PAGE_CACHE_ENABLED = True
    for alias in ("pages", "deep-pages"):
        caches[alias].clear()


@pytest.fixture
def console():
    """What the site's log handler (settings.LOGGING "console") writes."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if type(handler) is logging.StreamHandler
    ]
    assert handlers
    written = io.StringIO()
    streams = [handler.setStream(written) for handler in handlers]
    yield written
    for handler, stream in zip(handlers, streams, strict=True):
        handler.setStream(stream)


def assert_dressed_refusal(status, headers, body):
    assert status == 400
    assert b"<h1>" in body  # the site's 400 page, in the path's language
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "Location" not in headers


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("host", HOSTS)
def test_an_unknown_host_gets_the_400_page_with_the_usual_headers_and_one_line(
    client, console, host, path
):
    response = client.get(path, HTTP_HOST=host)
    assert_dressed_refusal(response.status_code, response.headers, response.content)
    lines = console.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    assert host[:12] in lines[0]


def test_a_flood_of_unknown_hosts_logs_one_line_per_request(client, console):
    for number in range(50):
        client.get("/en/news/", HTTP_HOST=f"scanner{number}.example")
    assert len(console.getvalue().splitlines()) == 50
    assert "Traceback" not in console.getvalue()


def test_the_cached_page_is_not_served_to_an_unknown_host(client, console):
    assert client.get("/en/news/").status_code == 200
    response = client.get("/en/news/", HTTP_HOST="evil.example")
    assert_dressed_refusal(response.status_code, response.headers, response.content)


@pytest.fixture
def requests_keep_the_transaction():
    # As Django's test client does: the test's transaction must outlive
    # each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_wsgi_fast_path_gives_an_unknown_host_the_same_refusal(
    console, requests_keep_the_transaction
):
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/en/news/",
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "evil.example",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    body = b"".join(application(environ, start_response))
    assert_dressed_refusal(answer["status"], answer["headers"], body)
    assert len(console.getvalue().splitlines()) == 1
