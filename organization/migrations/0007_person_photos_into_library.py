"""Move every person's uploaded photo into the image library.

One library image per stored file, which keeps its name (the scrubbed file
is re-pointed, never copied), titled with the person's name; the person
shows it (``image``). Its alternative text stays empty, as the photo's was:
the person's name is the heading next to it.

No work is queued here: the new images have no renditions yet, which
``{% picture %}`` covers by showing the original until
``manage.py make_renditions --missing`` has them made in the background.

Going back keeps the library images and the people's choice of them.
"""

import unicodedata

from django.conf import settings
from django.core.files.images import get_image_dimensions
from django.core.files.storage import default_storage
from django.db import migrations


def normalise(text):
    # As images.models.normalise when this was written: the search text.
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def measure(name):
    """Width, height and size in bytes of a stored file, zeros if unreadable."""
    try:
        with default_storage.open(name, "rb") as handle:
            width, height = get_image_dimensions(handle)
        size = default_storage.size(name)
    except (OSError, ValueError, TypeError):
        return 0, 0, 0
    return width or 0, height or 0, size or 0


def move_person_photos(apps, schema_editor):
    Person = apps.get_model("organization", "Person")
    Image = apps.get_model("images", "Image")
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    made = {}
    people = Person.objects.exclude(photo="").exclude(photo__isnull=True)
    for person in people.order_by("pk").iterator():
        name = person.photo.name
        if name not in made:
            title = (person.name or "")[:255] or "photo"
            # Created without its file, then pointed at it: the image field
            # would otherwise open the file to measure it as the row is made.
            image = Image.objects.create(
                title=title,
                search_text=normalise(title),
                **{f"title_{default}": title},
            )
            width, height, size = measure(name)
            Image.objects.filter(pk=image.pk).update(
                file=name, width=width, height=height, file_size=size, renditions={}
            )
            made[name] = image.pk
        if person.image_id is None:
            Person.objects.filter(pk=person.pk).update(image_id=made[name])


class Migration(migrations.Migration):

    dependencies = [
        ("images", "0002_roles"),
        ("organization", "0006_person_image_countryoffice_image"),
    ]

    operations = [
        # Going back leaves the library as it is (see the module docstring).
        migrations.RunPython(move_person_photos, migrations.RunPython.noop),
    ]
