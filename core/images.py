"""Images that reach readers: checked by content, scrubbed, resized.

Every image, the lead image of a release as well as the ones editors put in
a body through CKEditor, goes through ``check_and_scrub``: it is decoded
with Pillow under an explicit format allow-list and size limits, then
re-encoded from its pixels alone, so EXIF (GPS positions included), comments
and anything appended to the file are dropped. Nothing is written to
storage before the checks pass.
"""

import os
import uuid
import warnings
from dataclasses import dataclass
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow format name → (file extension, media type).
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
RENDITION_WIDTHS = (480, 960, 1600)
LEAD_IMAGE_FOLDER = "news/lead"

# What Pillow raises on files that are not what they claim to be, or are
# damaged: each means "refuse", never "crash".
DECODING_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
    OSError,
    SyntaxError,
    ValueError,
    TypeError,
    EOFError,
    IndexError,
    KeyError,
)


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return FORMATS[self.format][0]


def _refuse(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def check_and_scrub(upload) -> CleanImage:
    """Decode ``upload`` under the site's limits and re-encode its pixels only.

    Raise ValidationError with a message for the editor when the file is too
    heavy, too large, not a JPEG, PNG or WebP image, animated or damaged.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
    if size > MAX_BYTES:
        raise _refuse(
            _("This file weighs %(size)s; images may weigh at most %(limit)s."),
            "too_heavy",
            size=filesizeformat(size),
            limit=filesizeformat(MAX_BYTES),
        )
    not_an_image = _refuse(
        _(
            "This file is not a JPEG, PNG or WebP image, or it is damaged "
            "(for example cut short). Export it again and retry."
        ),
        "invalid_image",
    )
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns below twice its own pixel limit: refuse instead.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Opening reads the header only: the size is known before any
            # pixel is decoded.
            image = Image.open(upload, formats=tuple(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large(None, None) from None
        except DECODING_ERRORS:
            raise not_an_image from None
        try:
            if image.format not in FORMATS:
                raise not_an_image
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_large(width, height)
            if getattr(image, "n_frames", 1) > 1:
                raise _refuse(
                    _("Animated images are not accepted: upload a still image."),
                    "animated",
                )
            try:
                image.load()
                clean = _pixels_only(ImageOps.exif_transpose(image))
            except DECODING_ERRORS:
                raise not_an_image from None
            image_format = image.format
        finally:
            image.close()
    buffer = BytesIO()
    _save(clean, buffer, image_format)
    return CleanImage(
        content=buffer.getvalue(),
        format=image_format,
        width=clean.width,
        height=clean.height,
    )


def _too_large(width, height) -> ValidationError:
    if width is None:
        return _refuse(
            _("This image has far too many pixels; the limit is 40 megapixels."),
            "too_many_pixels",
        )
    return _refuse(
        _(
            "This image is %(width)s × %(height)s pixels; the limit is 40 "
            "megapixels (for example 7,700 × 5,200)."
        ),
        "too_many_pixels",
        width=width,
        height=height,
    )


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding ``image``'s pixels and none of its metadata."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    if image.mode not in {"L", "LA", "RGB", "RGBA"}:
        image = image.convert("RGBA" if has_alpha else "RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean


def _save(image: Image.Image, target, image_format: str) -> None:
    if image_format == "JPEG":
        if image.mode not in {"L", "RGB"}:
            image = image.convert("RGB")
        image.save(target, format="JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(target, format="PNG", optimize=True)
    else:
        image.save(target, format="WEBP", quality=82, method=4)


def new_name(folder: str, extension: str) -> str:
    """A server-chosen file name: nothing of the uploaded name is kept."""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def make_renditions(
    name: str, *, storage: Storage | None = None
) -> list[dict[str, str | int]]:
    """Write the widths used by ``srcset`` next to the scrubbed image ``name``.

    Each width comes in the image's own format and in WebP. Returns
    ``[{"width": 480, "height": 320, "format": "webp", "name": "…/480.webp"}, …]``.
    """
    storage = storage or default_storage
    stem, _ext = os.path.splitext(name)
    with storage.open(name, "rb") as handle, Image.open(handle) as source:
        source.load()
        own_format = source.format if source.format in FORMATS else "JPEG"
        widths = sorted({min(width, source.width) for width in RENDITION_WIDTHS})
        renditions = []
        for width in widths:
            height = max(1, round(source.height * width / source.width))
            resized = source.resize((width, height), Image.Resampling.LANCZOS)
            for image_format in dict.fromkeys([own_format, "WEBP"]):
                buffer = BytesIO()
                _save(resized, buffer, image_format)
                extension = FORMATS[image_format][0]
                saved = storage.save(
                    f"{stem}/{width}.{extension}", ContentFile(buffer.getvalue())
                )
                renditions.append(
                    {
                        "width": width,
                        "height": height,
                        "format": extension,
                        "name": saved,
                    }
                )
    return renditions


def _checked_extension(filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    if extension not in {ext for ext, _type in FORMATS.values()}:
        extension = "jpg"
    return extension


def lead_image_upload_to(instance, filename: str) -> str:
    return new_name(LEAD_IMAGE_FOLDER, _checked_extension(filename))


def person_photo_upload_to(instance, filename: str) -> str:
    return new_name("people", _checked_extension(filename))


class CheckedImageFormField(forms.FileField):
    """An upload field that hands the model a scrubbed copy of the image."""

    def __init__(self, *, max_length=None, **kwargs):
        # The uploaded name is thrown away (``new_name``): a long one is no
        # reason to refuse the image.
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(kind for _ext, kind in FORMATS.values())
        return attrs

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        clean = check_and_scrub(upload)
        return ContentFile(clean.content, name=f"image.{clean.extension}")


class CheckedImageField(models.ImageField):
    """An image field whose form checks and scrubs what is uploaded."""

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": CheckedImageFormField})


class CKEditorImageBackend:
    """django-ckeditor's image backend with the same checks as the lead image.

    Set as ``CKEDITOR_IMAGE_BACKEND`` so that even django-ckeditor's own
    upload view, were it routed, could not store an unchecked file.
    """

    def __init__(self, storage_engine, file_object):
        self.storage_engine = storage_engine
        self.file_object = file_object
        self.error: ValidationError | None = None

    @cached_property
    def checked(self) -> CleanImage | None:
        try:
            return check_and_scrub(self.file_object)
        except ValidationError as error:
            self.error = error
            return None

    @property
    def is_image(self) -> bool:
        return self.checked is not None

    def save_as(self, filepath: str) -> str:
        if self.checked is None:
            raise self.error
        folder = os.path.dirname(filepath) or "."
        return self.storage_engine.save(
            new_name(folder, self.checked.extension), ContentFile(self.checked.content)
        )
