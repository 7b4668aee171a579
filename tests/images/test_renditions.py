from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.utils import translation
from PIL import Image as PillowImage

from images import services
from images.models import Image
from images.renditions import SHAPES
from images.storage import library_storage
from tests.images.conftest import run_worker
from tests.images.factories import ImageFactory

pytestmark = pytest.mark.django_db

RED = (220, 20, 20)


def photo_with_a_red_spot(size=(1600, 600), spot=(1400, 300)) -> bytes:
    """A white photo with one red square: where the crop must keep."""
    picture = PillowImage.new("RGB", size, "white")
    x, y = spot
    picture.paste(RED, (x - 40, y - 40, x + 40, y + 40))
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def uploaded(content: bytes, committed) -> Image:
    with committed(execute=True):
        return services.upload_image(
            upload=SimpleUploadedFile("spot.png", content, "image/png")
        )


def open_rendition(name: str) -> PillowImage.Image:
    with library_storage().open(name, "rb") as handle:
        picture = PillowImage.open(BytesIO(handle.read()))
        picture.load()
    return picture


def is_red(pixel) -> bool:
    red, green, blue = pixel[:3]
    return red > 180 and green < 80 and blue < 80


def has_red(picture: PillowImage.Image) -> bool:
    width, height = picture.size
    return any(
        is_red(picture.getpixel((x, y)))
        for x in range(0, width, 4)
        for y in range(0, height, 4)
    )


def render(image, shape="16:9", sizes="100vw") -> str:
    template = Template(
        '{% load pictures %}{% picture image shape sizes="' + sizes + '" %}'
    )
    return template.render(Context({"image": image, "shape": shape}))


def test_the_worker_makes_every_shape_in_avif_webp_and_jpeg(
    django_capture_on_commit_callbacks,
):
    image = uploaded(photo_with_a_red_spot(), django_capture_on_commit_callbacks)
    run_worker()
    image.refresh_from_db()

    shapes = image.renditions["shapes"]
    assert set(shapes) == set(SHAPES)
    for shape, formats in shapes.items():
        assert set(formats) == {"avif", "webp", "jpg"}
        ratio_w, ratio_h, _widths = SHAPES[shape]
        for ext, entries in formats.items():
            for width, height, name in entries:
                picture = open_rendition(name)
                assert picture.format == {"jpg": "JPEG"}.get(ext, ext.upper())
                assert picture.size == (width, height)
                assert abs(width / height - ratio_w / ratio_h) < 0.01
    assert [entry[:2] for entry in shapes["social"]["jpg"]] == [[1200, 630]]
    # Never enlarged: the 600-pixel-high original gives squares of 600 at most.
    assert [entry[0] for entry in shapes["1:1"]["jpg"]] == [320, 600]


@pytest.mark.parametrize("shape", ["1:1", "4:3"])
def test_each_crop_keeps_the_focal_point(shape, django_capture_on_commit_callbacks):
    image = uploaded(photo_with_a_red_spot(), django_capture_on_commit_callbacks)
    image.focal_x, image.focal_y = 1400 / 1600, 0.5
    image.save()
    run_worker()
    image.refresh_from_db()

    width, height, name = image.renditions["shapes"][shape]["jpg"][-1]
    picture = open_rendition(name)
    # The crop is as wide as the shape allows, then pushed inside the
    # photo's right edge: the red spot is right of the crop's centre.
    ratio_w, ratio_h, _widths = SHAPES[shape]
    crop_width = 600 * ratio_w / ratio_h
    spot_x = (1400 - (1600 - crop_width)) / crop_width
    assert is_red(picture.getpixel((round(spot_x * width), height // 2))) is True
    assert is_red(picture.getpixel((width // 2, height // 2))) is False


def test_a_centred_crop_loses_what_is_off_centre(django_capture_on_commit_callbacks):
    image = uploaded(photo_with_a_red_spot(), django_capture_on_commit_callbacks)
    run_worker()
    image.refresh_from_db()

    *_size, name = image.renditions["shapes"]["1:1"]["jpg"][-1]
    picture = open_rendition(name)
    assert has_red(picture) is False


def test_a_new_focal_point_in_the_admin_remakes_the_crops(
    admin_client, django_capture_on_commit_callbacks
):
    image = uploaded(photo_with_a_red_spot(), django_capture_on_commit_callbacks)
    run_worker()
    image.refresh_from_db()
    old_names = [
        entry[2]
        for formats in image.renditions["shapes"].values()
        for entries in formats.values()
        for entry in entries
    ]
    url = f"/admin/images/image/{image.pk}/change/"
    form = {
        "title_en": "Spot",
        "focal_x": "0.875",
        "focal_y": "0.5",
        "usage_terms": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, form, follow=True)
    assert response.status_code == 200
    assert "The crops are being made again around the new focal point." in [
        str(message) for message in response.context["messages"]
    ]
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()
    image.refresh_from_db()

    assert image.renditions["focal"] == [0.875, 0.5]
    *_size, name = image.renditions["shapes"]["1:1"]["jpg"][-1]
    assert has_red(open_rendition(name)) is True
    assert not any(library_storage().exists(name) for name in old_names)


def test_a_focal_point_outside_the_image_is_refused_next_to_the_field(admin_client):
    image = ImageFactory()
    response = admin_client.post(
        f"/admin/images/image/{image.pk}/change/",
        {"title_en": "Spot", "focal_x": "1.5", "focal_y": "0.5"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["focal_x"] == ["Ensure this value is less than or equal to 1."]


def test_before_its_renditions_the_picture_shows_the_original():
    image = ImageFactory(alt_text_en="A boat at dawn", width=800, height=600)
    html = render(image)
    assert "<source" not in html
    assert f'src="/library/{image.file.name}"' in html
    assert 'width="800" height="600"' in html
    assert 'alt="A boat at dawn"' in html


def test_after_its_renditions_the_picture_offers_avif_webp_and_jpeg(
    django_capture_on_commit_callbacks,
):
    image = uploaded(photo_with_a_red_spot(), django_capture_on_commit_callbacks)
    image.alt_text_en, image.alt_text_fr = "A red spot", "Une tache rouge"
    image.save()
    run_worker()
    image.refresh_from_db()

    html = render(image, "16:9", sizes="(min-width: 60em) 50vw, 100vw")
    made = image.renditions["shapes"]["16:9"]
    assert html.index('type="image/avif"') < html.index('type="image/webp"')
    widths = [entry[0] for entry in made["jpg"]]
    assert widths == [480, 960, 1067]
    jpeg_srcset = ", ".join(f"/library/{n} {w}w" for w, _h, n in made["jpg"])
    assert f'srcset="{jpeg_srcset}" sizes="(min-width: 60em) 50vw, 100vw"' in html
    assert 'width="1067" height="600"' in html
    assert 'alt="A red spot"' in html
    with translation.override("fr"):
        assert 'alt="Une tache rouge"' in render(image)


def test_deleting_an_image_in_the_admin_removes_its_files(
    admin_client, django_capture_on_commit_callbacks
):
    image = uploaded(photo_with_a_red_spot(), django_capture_on_commit_callbacks)
    run_worker()
    image.refresh_from_db()
    names = [image.file.name] + [
        entry[2]
        for formats in image.renditions["shapes"].values()
        for entries in formats.values()
        for entry in entries
    ]
    assert all(library_storage().exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/images/image/{image.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Image.objects.exists()
    assert not any(library_storage().exists(name) for name in names)
