"""Two app servers sharing PostgreSQL and Redis: a change shows on both at once.

Starts two gunicorn processes on loopback, on the test database, with the
page cache in one Redis database (``IOMSITE_TEST_REDIS_URL``, by default
``redis://127.0.0.1:6379/14``, emptied before and after). Needs PostgreSQL
(SQLite's test database lives in memory) and Redis: without them it is
skipped saying why, unless ``IOMSITE_REQUIRE_REDIS=1`` (as in CI).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from news.models import PressRelease, Status
from tests.news.factories import PressReleaseFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("IOMSITE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("IOMSITE_REQUIRE_REDIS") == "1":
            raise
        pytest.skip(f"needs Redis at {REDIS_URL} ({error})")
    return client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    database_url: str, *, workers: int = 2, **settings_env: str
) -> tuple[subprocess.Popen, int]:
    """A gunicorn on loopback, on ``database_url``, with the page cache on;
    ``settings_env``: more environment (``REDIS_URL``…).
    """
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_", "REDIS_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "iomsite.settings",
            # Debug on only to serve static files without a manifest.
            "DJANGO_DEBUG": "1",
            "DJANGO_PAGE_CACHE": "1",
            "DATABASE_URL": database_url,
            **settings_env,
        }
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "iomsite.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise AssertionError("gunicorn did not start")


def read(port: int, path: str) -> str:
    # One host name for both, as behind a proxy: it is part of the key.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "127.0.0.1"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


@pytest.fixture
def two_servers(settings, postgres_url):
    redis_client = redis_or_skip()
    redis_client.flushdb()
    # This process bumps the generation where the servers read it.
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "iomsite-pages",
        },
    }
    servers = [start_server(postgres_url, REDIS_URL=REDIS_URL) for _ in range(2)]
    try:
        yield [port for _process, port in servers]
    finally:
        for process, _port in servers:
            process.terminate()
            process.wait(timeout=20)
        redis_client.flushdb()


def test_a_change_shows_at_once_on_the_other_server(two_servers):
    server_a, server_b = two_servers
    PressReleaseFactory(published=True, title_en="First news")
    with override("en"):
        news = reverse("news:release-list")
    assert "First news" in read(server_b, news)

    # A write that bypasses the ORM bumps nothing: B keeps serving its
    # cached page, which proves the page comes from the shared cache.
    PressRelease.objects.filter(title_en="First news").update(title_en="Silent edit")
    assert "First news" in read(server_b, news)
    assert "First news" in read(server_a, news)  # A reads B's entry

    # A publication, as the admin or a service makes it, commits and bumps
    # the generation in Redis: both servers show it at the next request.
    release = PressReleaseFactory(title_en="Breaking news")
    release.status = Status.PUBLISHED
    release.published_at = timezone.now()
    release.save()
    page_b = read(server_b, news)
    assert "Breaking news" in page_b
    assert "Silent edit" in page_b
    assert "Breaking news" in read(server_a, news)
