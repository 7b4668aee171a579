"""Cut an image into every shape the site uses, around its focal point.

Each shape is cropped to its aspect ratio as large as the original allows,
the crop centred on the focal point (moved inwards only as far as the
image's edges require, so the focal point is always inside), then scaled
to a few widths for ``srcset``, each in AVIF, WebP and JPEG.
"""

import hashlib
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image as PillowImage

from images.storage import library_storage

# Shape → (aspect width, aspect height, widths made).
SHAPES: dict[str, tuple[int, int, tuple[int, ...]]] = {
    "1:1": (1, 1, (320, 640, 1080)),
    "4:3": (4, 3, (480, 960, 1600)),
    "16:9": (16, 9, (480, 960, 1600)),
    # The card shared on social networks has one fixed size.
    "social": (1200, 630, (1200,)),
}
# Pillow format, extension, media type; the best first, JPEG last (``<img>``).
FORMATS = (
    ("AVIF", "avif", "image/avif"),
    ("WEBP", "webp", "image/webp"),
    ("JPEG", "jpg", "image/jpeg"),
)
FOLDER = "images/renditions"


def crop_box(
    size: tuple[int, int], ratio: tuple[int, int], focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest ``ratio`` box inside ``size`` centred as near ``focal`` as
    the edges allow, as (left, top, right, bottom)."""
    width, height = size
    ratio_w, ratio_h = ratio
    if width * ratio_h > height * ratio_w:  # wider than the shape
        crop_w, crop_h = max(1, round(height * ratio_w / ratio_h)), height
    else:
        crop_w, crop_h = width, max(1, round(width * ratio_h / ratio_w))
    left = _clamp(round(focal[0] * width - crop_w / 2), 0, width - crop_w)
    top = _clamp(round(focal[1] * height - crop_h / 2), 0, height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def _clamp(value: int, lowest: int, highest: int) -> int:
    return max(lowest, min(value, highest))


def _encode(image: PillowImage.Image, pillow_format: str) -> bytes:
    if image.mode not in {"RGB", "L"}:
        background = PillowImage.new("RGB", image.size, "white")
        background.paste(
            image, mask=image.getchannel("A") if "A" in image.mode else None
        )
        image = background
    buffer = BytesIO()
    if pillow_format == "AVIF":
        image.save(buffer, format="AVIF", quality=60, speed=8)
    elif pillow_format == "WEBP":
        image.save(buffer, format="WEBP", quality=80, method=4)
    else:
        image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def make_all(
    *, image_id: int, name: str, focal: tuple[float, float], storage=None
) -> dict:
    """Write every shape of the original ``name`` and say what was written.

    Returns ``{"focal": [x, y], "shapes": {shape: {ext: [[w, h, name], …]}}}``.
    File names carry the focal point, so a new focal point never serves a
    stale crop from a cache.
    """
    storage = storage or library_storage()
    stamp = hashlib.sha256(f"{name}:{focal[0]}:{focal[1]}".encode()).hexdigest()[:10]
    shapes: dict[str, dict[str, list]] = {}
    with storage.open(name, "rb") as handle, PillowImage.open(handle) as source:
        source.load()
        for shape, (ratio_w, ratio_h, widths) in SHAPES.items():
            cropped = source.crop(crop_box(source.size, (ratio_w, ratio_h), focal))
            made: dict[str, list] = {ext: [] for _format, ext, _type in FORMATS}
            for width in _widths(shape, widths, cropped.width):
                height = max(1, round(width * ratio_h / ratio_w))
                resized = cropped.resize(
                    (width, height), PillowImage.Resampling.LANCZOS
                )
                slug = shape.replace(":", "x")
                for pillow_format, ext, _type in FORMATS:
                    saved = storage.save(
                        f"{FOLDER}/{image_id}/{slug}-{width}-{stamp}.{ext}",
                        ContentFile(_encode(resized, pillow_format)),
                    )
                    made[ext].append([width, height, saved])
            shapes[shape] = made
    return {"focal": [focal[0], focal[1]], "shapes": shapes}


def _widths(shape: str, widths: tuple[int, ...], available: int) -> list[int]:
    if shape == "social":
        # A social card is always its full size, even from a small photo.
        return list(widths)
    # Never enlarge: a small original gives fewer, smaller widths.
    return sorted({min(width, available) for width in widths})


def delete_files(renditions: dict, *, storage=None) -> None:
    """Remove the files listed in a ``renditions`` value."""
    storage = storage or library_storage()
    for formats in renditions.get("shapes", {}).values():
        for entries in formats.values():
            for _width, _height, name in entries:
                storage.delete(name)
