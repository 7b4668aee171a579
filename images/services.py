"""Writes to the image library: uploads and focal-point changes."""

import os

from django.core.files.base import ContentFile
from django.db import transaction

from core.images import check_and_scrub
from images import renditions
from images.models import Image
from images.storage import library_storage


def title_from_filename(filename: str) -> str:
    """A first title from the uploaded name: "lima_port-2024.jpg" → "lima port 2024"."""
    stem = os.path.splitext(os.path.basename(filename or ""))[0]
    title = " ".join(stem.replace("_", " ").replace("-", " ").split())
    return title[:255] or "image"


def schedule_renditions(*, image: Image) -> None:
    """Make the image's renditions in the background once this commits."""
    from images.tasks import make_renditions

    image_id = image.pk
    transaction.on_commit(lambda: make_renditions.enqueue(image_id))


@transaction.atomic
def upload_image(
    *, upload, uploaded_by=None, title: str = "", alt_text: str = ""
) -> Image:
    """Check and scrub ``upload``, keep it as a new image, queue renditions.

    ``alt_text`` is kept in the active language.

    Raises ValidationError, with a message for the editor, when the file is
    not an image the site accepts (``core.images.check_and_scrub``).
    """
    clean = check_and_scrub(upload)
    image = Image(
        title=title or title_from_filename(getattr(upload, "name", "")),
        uploaded_by=uploaded_by,
        file_size=len(clean.content),
        alt_text=alt_text,
    )
    image.file.save(f"image.{clean.extension}", ContentFile(clean.content), save=False)
    image.full_clean()
    image.save()
    schedule_renditions(image=image)
    return image


@transaction.atomic
def delete_images(*, images) -> int:
    """Delete ``images`` and, once that commits, their files."""
    files = [(image.file.name, image.renditions) for image in images]
    deleted = 0
    for image in images:
        image.delete()
        deleted += 1

    def remove_files():
        for name, made in files:
            if name:
                library_storage().delete(name)
            renditions.delete_files(made)

    transaction.on_commit(remove_files)
    return deleted


def move_files_to_library(*, source, dry_run: bool = False) -> int:
    """Copy every image file still in ``source`` (and not yet in the library
    storage) to it, then delete it from ``source``; how many."""
    from images import storage

    target = storage.backend()
    moved = 0
    for image in Image.objects.only("pk", "file", "width", "height", "renditions"):
        for name in sorted(image.file_names()):
            if not source.exists(name) or target.exists(name):
                continue
            moved += 1
            if dry_run:
                continue
            with source.open(name, "rb") as handle:
                saved = target.save(name, handle)
            if saved != name:  # never expected: the name was free above
                target.delete(saved)
                raise RuntimeError(f"could not keep {name} under its name")
            source.delete(name)
    return moved


def enqueue_renditions(*, missing_only: bool = False, dry_run: bool = False) -> int:
    """Queue the renditions of every image, or only of those without current
    ones (never made, or cut around another focal point); return how many."""
    images = Image.objects.exclude(file="").only(
        "pk", "file", "renditions", "focal_x", "focal_y"
    )
    count = 0
    for image in images.order_by("pk").iterator():
        if missing_only and image.renditions_are_current():
            continue
        if not dry_run:
            schedule_renditions(image=image)
        count += 1
    return count
