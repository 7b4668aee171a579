"""A scheduled release's photo and PDF open at its time on two app servers
at once (issue 19).

Two gunicorn processes on loopback share the database and the private
files with this test: the test's own PostgreSQL database (``DATABASE_URL``),
or on SQLite a copy of the in-memory test database in a file. Nothing is
cached between them: each request asks the database whether the release
is public yet, so moving its publication time to the past (what "its time
has come" looks like to a server) opens its files on both at once.
"""

import datetime
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.utils import timezone

from images.storage import library_storage
from news.models import PressRelease, Status
from tests.documents.factories import DocumentFactory, DocumentFileFactory
from tests.images.factories import ImageFactory, photo_bytes
from tests.news.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database_env: dict[str, str], files_env: dict[str, str]):
    """A one-worker gunicorn on loopback; returns it and its port (it is
    not waited for: see ``wait_until_up``)."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_", "REDIS_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "iomsite.settings",
            # Debug on only to run without a secret key and a static manifest.
            "DJANGO_DEBUG": "1",
            **database_env,
            **files_env,
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
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    return process, port


def wait_until_up(process, port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn on {port} stopped ({process.returncode})")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def status(port: int, path: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "127.0.0.1"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class SharedDatabase:
    """The database both servers read, and a way to write to it directly."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            db = connection.settings_dict
            self.env = {
                "DATABASE_URL": "postgres://{}@{}:{}/{}".format(
                    db["USER"],
                    db["HOST"] or "127.0.0.1",
                    db["PORT"] or 5432,
                    db["NAME"],
                )
            }
        else:
            # The test database lives in this process's memory: the servers
            # get a file copy of it, written to below as they read it.
            self.path = tmp_path / "shared.sqlite3"
            self.env = {"DJANGO_SQLITE_PATH": str(self.path)}

    def share(self) -> None:
        """Make what this test wrote so far visible to the servers."""
        if self.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(self.path) as copy:
                connection.connection.backup(copy)

    def set_publication_time(self, release, when: datetime.datetime) -> None:
        if self.vendor == "postgresql":
            PressRelease.objects.filter(pk=release.pk).update(published_at=when)
            return
        value = connection.ops.adapt_datetimefield_value(when)
        with sqlite3.connect(self.path) as shared:
            shared.execute(
                "UPDATE news_pressrelease SET published_at = ? WHERE id = ?",
                (value, release.pk),
            )


@pytest.fixture
def scheduled_release(settings):
    """A release due tomorrow, with a library photo (and a rendition) and
    a PDF: their addresses."""
    storage = library_storage()
    original = storage.save(
        "images/originals/port.jpg", ContentFile(photo_bytes((640, 360)))
    )
    photo = ImageFactory(file=original, width=640, height=360)
    rendition = storage.save(
        f"images/renditions/{photo.pk}/16x9-480-abc.jpg",
        ContentFile(photo_bytes((480, 270))),
    )
    photo.renditions = {
        "focal": [0.5, 0.5],
        "shapes": {"16:9": {"jpg": [[480, 270, rendition]]}},
    }
    photo.save(update_fields=["renditions"])
    report = DocumentFactory(title_en="Annual report")
    pdf = DocumentFileFactory(document=report, language="en")
    release = PressReleaseFactory(
        image=photo,
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    release.documents.add(report)
    urls = [photo.file.url, photo.rendition("16:9")["url"], pdf.get_absolute_url()]
    return release, urls


def test_a_scheduled_releases_files_open_at_its_time_on_both_servers(
    scheduled_release, settings, tmp_path
):
    release, urls = scheduled_release
    database = SharedDatabase(tmp_path)
    database.share()
    files_env = {
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_DOCUMENTS_ROOT": str(settings.DOCUMENTS_ROOT),
    }
    servers = [start_server(database.env, files_env) for _ in range(2)]
    try:
        for process, port in servers:
            wait_until_up(process, port)
        ports = [port for _process, port in servers]

        before = {port: [status(port, url) for url in urls] for port in ports}
        assert before == {port: [404, 404, 404] for port in ports}

        database.set_publication_time(
            release, timezone.now() - datetime.timedelta(seconds=1)
        )
        after = {port: [status(port, url) for url in urls] for port in ports}
        assert after == {port: [200, 200, 200] for port in ports}
    finally:
        for process, _port in servers:
            process.terminate()
        for process, _port in servers:
            process.wait(timeout=20)
