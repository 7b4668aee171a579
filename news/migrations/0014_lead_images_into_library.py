"""Move every release's uploaded lead image into the image library.

One library image per stored file, which keeps its name (the scrubbed file
is re-pointed, never copied): its title from the release's title, its
alternative text and caption per language, its credit. The release shows
it (``image``) unless it already had a library photo.

No work is queued here: the new images have no renditions yet, which
``{% picture %}`` covers by showing the original until
``manage.py make_renditions --missing`` has them made in the background.

Going back keeps the library images and the releases' choice of them: the
lead-image columns come back empty (the next migration removes them), so
nothing is put back there.
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


def first(*values):
    return next((value for value in values if value), "")


def move_lead_images(apps, schema_editor):
    PressRelease = apps.get_model("news", "PressRelease")
    Image = apps.get_model("images", "Image")
    codes = [code for code, _name in settings.LANGUAGES]
    default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    made = {}
    releases = (
        PressRelease.objects.exclude(lead_image="")
        .exclude(lead_image__isnull=True)
        .order_by("pk")
    )
    for release in releases.iterator():
        name = release.lead_image.name
        image_id = made.get(name)
        if image_id is None:
            image_id = made[name] = library_image(Image, release, name, codes, default)
        if release.image_id is None:
            PressRelease.objects.filter(pk=release.pk).update(image_id=image_id)


def library_image(Image, release, name, codes, default):
    def text(field, code):
        return (getattr(release, f"{field}_{code}", "") or "")

    titles = {code: text("title", code)[:255] for code in codes}
    any_title = first(
        titles.get(default), titles.get(release.original_language), *titles.values()
    )
    any_title = any_title or "image"
    credit = first(
        text("lead_image_credit", release.original_language),
        text("lead_image_credit", default),
        *(text("lead_image_credit", code) for code in codes),
        release.lead_image_credit,
    )[:255]
    fields = {"title": any_title, "credit": credit}
    for code in codes:
        fields[f"title_{code}"] = titles[code] or (any_title if code == default else None)
        fields[f"alt_text_{code}"] = text("lead_image_alt", code)
        fields[f"caption_{code}"] = text("lead_image_caption", code)
    fields["alt_text"] = fields[f"alt_text_{default}"]
    fields["caption"] = fields[f"caption_{default}"]
    fields["search_text"] = normalise(
        " ".join(
            [
                fields[f"{field}_{code}"] or ""
                for field in ("title", "alt_text", "caption")
                for code in codes
            ]
            + [credit]
        )
    )
    # Created without its file, then pointed at it: the image field would
    # otherwise open the file to measure it as the row is made.
    image = Image.objects.create(uploaded_by_id=release.created_by_id, **fields)
    width, height, size = measure(name)
    Image.objects.filter(pk=image.pk).update(
        file=name,
        width=width,
        height=height,
        file_size=size,
        renditions={},
        uploaded_at=release.created_at or image.uploaded_at,
    )
    return image.pk


class Migration(migrations.Migration):

    dependencies = [
        ("images", "0002_roles"),
        ("news", "0013_pressrelease_image"),
    ]

    operations = [
        # Going back leaves the library as it is (see the module docstring).
        migrations.RunPython(move_lead_images, migrations.RunPython.noop),
    ]
