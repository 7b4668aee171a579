"""``manage.py make_renditions``: the crops of photos that have none yet,
such as those moved into the library by a migration."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from images import services
from images.models import Image
from tests.images.conftest import run_worker
from tests.images.factories import photo_bytes

pytestmark = pytest.mark.django_db


def stored_photo(committed) -> Image:
    """A photo with its file, its renditions not made yet."""
    with committed(execute=False):
        return services.upload_image(
            upload=SimpleUploadedFile("lima.jpg", photo_bytes(), "image/jpeg")
        )


def run(*args) -> str:
    out = StringIO()
    call_command("make_renditions", *args, stdout=out)
    return out.getvalue()


def test_missing_renditions_are_queued_and_made(django_capture_on_commit_callbacks):
    waiting = stored_photo(django_capture_on_commit_callbacks)
    done = stored_photo(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_renditions(image=done)
    run_worker()
    made_before = Image.objects.get(pk=done.pk).renditions
    assert made_before["shapes"]

    assert (
        run("--missing", "--dry-run") == "Would queue the renditions of 1 image(s).\n"
    )
    assert Image.objects.get(pk=waiting.pk).renditions == {}

    with django_capture_on_commit_callbacks(execute=True):
        assert run("--missing") == "Queued the renditions of 1 image(s).\n"
    run_worker()
    assert Image.objects.get(pk=waiting.pk).renditions_are_current() is True
    assert Image.objects.get(pk=done.pk).renditions == made_before


def test_a_moved_focal_point_counts_as_missing(django_capture_on_commit_callbacks):
    photo = stored_photo(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_renditions(image=photo)
    run_worker()
    Image.objects.filter(pk=photo.pk).update(focal_x=0.9)
    assert (
        run("--missing", "--dry-run") == "Would queue the renditions of 1 image(s).\n"
    )


def test_without_missing_every_image_is_queued(django_capture_on_commit_callbacks):
    for _ in range(2):
        stored_photo(django_capture_on_commit_callbacks)
    assert run("--dry-run") == "Would queue the renditions of 2 image(s).\n"
