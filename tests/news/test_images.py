import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from core import images
from tests.news.images import (
    HTML,
    SVG,
    huge_png_header,
    image_bytes,
    jpeg_with_gps,
    upload,
)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_and_keep_their_format(fmt):
    clean = images.check_and_scrub(upload("photo.bin", image_bytes(fmt)))
    assert clean.format == fmt
    assert (clean.width, clean.height) == (640, 480)
    assert Image.open(io.BytesIO(clean.content)).format == fmt


def test_exif_and_gps_are_removed():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif()  # the test file has them
    clean = images.check_and_scrub(upload("gps.jpg", original))
    scrubbed = Image.open(io.BytesIO(clean.content))
    assert dict(scrubbed.getexif()) == {}
    assert "exif" not in scrubbed.info
    assert b"SecretCam" not in clean.content


def test_exif_orientation_is_applied_before_it_is_dropped():
    image = Image.new("RGB", (300, 100), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    clean = images.check_and_scrub(upload("rotated.jpg", buffer.getvalue()))
    assert (clean.width, clean.height) == (100, 300)


def test_data_appended_after_the_image_is_not_kept():
    content = image_bytes("PNG") + b"<?php system($_GET['c']); ?>"
    clean = images.check_and_scrub(upload("x.png", content, "image/png"))
    assert b"<?php" not in clean.content


def refused(content: bytes, name="photo.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as error:
        images.check_and_scrub(upload(name, content))
    return error.value


def test_a_file_over_20_mb_is_refused_before_decoding():
    error = refused(b"\xff\xd8" + b"\x00" * (25 * 1024 * 1024))
    assert error.code == "too_heavy"
    assert "20" in error.messages[0]


def test_a_20000_by_20000_png_is_refused_without_decoding_it():
    error = refused(huge_png_header(), "big.png")
    assert error.code == "too_many_pixels"


def test_an_image_just_over_40_megapixels_is_refused():
    error = refused(huge_png_header(8000, 5001), "big.png")
    assert error.code == "too_many_pixels"
    assert "8000" in error.messages[0] or "8,000" in error.messages[0]


@pytest.mark.parametrize("content", [SVG, HTML], ids=["svg", "html"])
def test_svg_or_html_renamed_jpg_is_refused(content):
    assert refused(content).code == "invalid_image"


def test_a_truncated_jpeg_is_refused():
    content = image_bytes("JPEG", size=(1200, 900))
    assert refused(content[: len(content) // 2]).code == "invalid_image"


def test_gif_is_refused():
    assert refused(image_bytes("GIF"), "a.gif").code == "invalid_image"


def test_animated_webp_is_refused():
    frames = [Image.new("RGB", (50, 50), color) for color in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="WEBP", save_all=True, append_images=frames[1:])
    assert refused(buffer.getvalue(), "a.webp").code == "animated"


def test_renditions_are_made_at_each_width_in_both_formats(tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    clean = images.check_and_scrub(upload("p.jpg", image_bytes("JPEG", (2000, 1000))))
    name = default_storage.save("news/lead/abc.jpg", ContentFile(clean.content))
    renditions = images.make_renditions(name)
    assert sorted((r["width"], r["format"]) for r in renditions) == [
        (480, "jpg"),
        (480, "webp"),
        (960, "jpg"),
        (960, "webp"),
        (1600, "jpg"),
        (1600, "webp"),
    ]
    with default_storage.open(renditions[0]["name"]) as handle:
        assert Image.open(handle).size == (480, 240)


def test_a_small_image_gets_one_width_only():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    clean = images.check_and_scrub(upload("p.png", image_bytes("PNG", (300, 200))))
    name = default_storage.save("news/lead/small.png", ContentFile(clean.content))
    assert {r["width"] for r in images.make_renditions(name)} == {300}
