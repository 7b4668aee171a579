"""A disk that fills up half way through an upload leaves nothing behind."""

import errno
import logging
import os

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.storage import AtomicFileSystemStorage
from tests.news.images import image_bytes
from tests.security.test_uploads import staff_upload, stored_files

pytestmark = pytest.mark.django_db


class FullDisk:
    """A file whose disk runs out of space after half of the first write."""

    def __init__(self, file):
        self.file = file

    def write(self, data):
        self.file.write(data[: len(data) // 2])
        self.file.flush()  # the half really is on disk
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.file.close()


@pytest.fixture
def full_disk(monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(
        os, "fdopen", lambda fd, *args, **kw: FullDisk(real_fdopen(fd, *args, **kw))
    )


@pytest.fixture(autouse=True)
def _no_upload_counts():
    cache.clear()  # counts are per account id, which tests reuse
    yield
    cache.clear()


def test_the_site_stores_media_through_the_atomic_storage():
    assert isinstance(default_storage, AtomicFileSystemStorage)


def test_an_editor_uploading_onto_a_full_disk_is_told_and_nothing_is_left(
    admin_client, settings, full_disk, caplog
):
    with caplog.at_level(logging.ERROR, logger="news.views"):
        response = staff_upload(admin_client, "photo.jpg", image_bytes())
    assert response.status_code == 200
    assert b'callFunction(1, "",' in response.content
    assert "The image could not be stored" in response.content.decode()
    # Neither the image nor its half-written temporary is in the media folder.
    assert stored_files(settings) == []
    assert any(
        "image upload by boss not stored" in line and "No space left" in line
        for line in caplog.messages
    )


def test_the_same_upload_works_once_space_is_back(admin_client, settings):
    response = staff_upload(admin_client, "photo.jpg", image_bytes())
    assert b'callFunction(1, "/library/images/' in response.content
    [stored] = stored_files(settings)
    assert not stored.name.startswith(".")


def test_a_failed_write_through_the_storage_leaves_no_file(settings, full_disk):
    with pytest.raises(OSError) as error:
        default_storage.save("news/report.pdf", ContentFile(b"x" * 10_000))
    assert error.value.errno == errno.ENOSPC
    assert stored_files(settings) == []
    assert not default_storage.exists("news/report.pdf")


def test_a_file_is_only_seen_complete_and_never_overwrites_another(settings):
    first = default_storage.save("news/report.pdf", ContentFile(b"first"))
    second = default_storage.save("news/report.pdf", ContentFile(b"second" * 1000))
    assert first == "news/report.pdf"
    assert second != first and second.startswith("news/report")
    assert default_storage.open(first).read() == b"first"
    assert default_storage.open(second).read() == b"second" * 1000
    assert sorted(p.name for p in stored_files(settings)) == sorted(
        [first.rsplit("/", 1)[1], second.rsplit("/", 1)[1]]
    )


def test_a_name_taken_between_the_check_and_the_rename_is_not_overwritten(settings):
    storage = AtomicFileSystemStorage()
    storage.save("race.txt", ContentFile(b"already there"))
    # Another process took the name after get_available_name() looked.
    saved = storage._save("race.txt", ContentFile(b"mine"))
    assert saved != "race.txt"
    assert storage.open("race.txt").read() == b"already there"
    assert storage.open(saved).read() == b"mine"
