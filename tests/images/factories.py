"""Factories and test photos for the image library."""

from io import BytesIO

import factory
from factory.django import DjangoModelFactory
from PIL import Image as PillowImage

from images.models import Collection, Image, Licence, Tag


def photo_bytes(
    size=(800, 600), *, color=(30, 120, 200), image_format="JPEG", exif=None
) -> bytes:
    """A real image file, optionally carrying EXIF (a GPS position, say)."""
    buffer = BytesIO()
    picture = PillowImage.new("RGB", size, color)
    options = {"exif": exif} if exif is not None else {}
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue()


class LicenceFactory(DjangoModelFactory):
    class Meta:
        model = Licence

    name_en = factory.Sequence(lambda n: f"Licence {n}")
    url = "https://creativecommons.org/licenses/by/4.0/"


class CollectionFactory(DjangoModelFactory):
    class Meta:
        model = Collection

    name_en = factory.Sequence(lambda n: f"Collection {n}")


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")


class ImageFactory(DjangoModelFactory):
    """An image row; its file is only a name unless ``file`` is given (most
    tests look at rows, not pixels)."""

    class Meta:
        model = Image

    title_en = factory.Sequence(lambda n: f"Photo {n}")
    alt_text_en = "People waiting at a border post."
    file = factory.Sequence(lambda n: f"images/originals/photo-{n}.jpg")
    width = 800
    height = 600
    file_size = 1000
