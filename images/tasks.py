"""Background tasks: renditions are made here, never in a request."""

from django.db import transaction
from django_tasks import task

from images import renditions
from images.models import Image


@task()
def make_renditions(image_id: int) -> None:
    """Cut every shape of one image around its current focal point.

    The result is kept only if the image still has the file and focal point
    it was made from; otherwise a later run (enqueued by that change) does
    the work, and what this run wrote is removed.
    """
    image = Image.objects.filter(pk=image_id).first()
    if image is None or not image.file or image.renditions_are_current():
        return
    made = renditions.make_all(
        image_id=image.pk, name=image.file.name, focal=image.focal_point
    )
    with transaction.atomic():
        current = Image.objects.select_for_update().filter(pk=image_id).first()
        if (
            current is None
            or current.file.name != image.file.name
            or current.focal_point != image.focal_point
        ):
            transaction.on_commit(lambda: renditions.delete_files(made))
            return
        old = current.renditions
        Image.objects.filter(pk=image_id).update(renditions=made)
        transaction.on_commit(lambda: renditions.delete_files(old))
