"""``manage.py clean_media_files``: library files no row points to, a day
old or more, are deleted; nothing else is."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from documents.models import DocumentFile
from tests.documents.factories import DocumentFileFactory
from tests.images.factories import ImageFactory, photo_bytes

pytestmark = pytest.mark.django_db

TWO_DAYS = 2 * 24 * 3600


def stored(name: str, content: bytes, *, storage=None, age=TWO_DAYS):
    """A real file in ``storage`` (the image library's by default), last
    written ``age`` seconds ago."""
    storage = storage or image_storage()
    saved = storage.save(name, ContentFile(content))
    then = time.time() - age
    os.utime(storage.path(saved), (then, then))
    return saved


def image_storage():
    from images import storage

    return storage.backend()


def documents_storage():
    return DocumentFile._meta.get_field("file").storage


def exists(name: str, storage=None) -> bool:
    return (storage or image_storage()).exists(name)


def clean(*args) -> str:
    out = StringIO()
    call_command("clean_media_files", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def library():
    """An image and a document in use, and files nothing points to."""
    original = stored("images/originals/used.jpg", photo_bytes())
    rendition = stored("images/renditions/1/used-480.jpg", b"r" * 100)
    ImageFactory(
        file=original,
        renditions={"shapes": {"4:3": {"jpg": [[480, 360, rendition]]}}},
    )
    document = DocumentFileFactory()
    os.utime(documents_storage().path(document.file.name), (1, 1))
    return {
        "used": [original, rendition],
        "document": document.file.name,
        "old orphans": [
            stored("images/originals/gone.jpg", b"o" * 1000),
            stored("images/renditions/7/gone-480.webp", b"w" * 200),
        ],
        "old document orphan": stored(
            "documents/gone.pdf", b"%PDF" + b"d" * 296, storage=documents_storage()
        ),
        # Being written now: its row is not saved yet.
        "young": stored("images/originals/uploading.jpg", b"y" * 10, age=60),
        # Not a library folder: rich text and kept uploads point there.
        "elsewhere": [
            stored("pending/kept.jpg", b"p" * 10),
            stored("news/lead/old.jpg", b"n" * 10),
        ],
    }


def test_a_dry_run_counts_what_would_go_and_deletes_nothing(library):
    output = clean("--dry-run")
    assert "images: would delete 2 file(s), 1.2\xa0KB (1200 bytes)" in output
    assert "documents: would delete 1 file(s), 300\xa0bytes (300 bytes)" in output
    assert "Would delete 3 file(s), 1500 bytes in all." in output
    for name in library["old orphans"]:
        assert exists(name)
    assert exists(library["old document orphan"], documents_storage())


def test_old_files_no_row_points_to_are_deleted_and_nothing_else(library):
    output = clean()
    assert "Deleted 3 file(s), 1500 bytes in all." in output
    assert "kept 2 in use and 1 less than a day old" in output
    for name in library["old orphans"]:
        assert not exists(name)
    assert not exists(library["old document orphan"], documents_storage())
    for name in library["used"]:
        assert exists(name)
    assert exists(library["document"], documents_storage())
    assert exists(library["young"])
    for name in library["elsewhere"]:
        assert exists(name)
    # Run again: nothing left to do.
    assert "Deleted 0 file(s), 0 bytes in all." in clean()


def test_an_empty_library_is_fine():
    assert "Deleted 0 file(s), 0 bytes in all." in clean()
