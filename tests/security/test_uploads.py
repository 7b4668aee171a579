"""Hostile uploads: refused or neutralised, never stored as sent."""

import io
import re
import struct
import tracemalloc
import zlib
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from core import images, uploads
from images.models import ORIGINALS_FOLDER
from images.models import Image as LibraryImage
from tests.news.images import HTML, SVG, image_bytes, upload

pytestmark = pytest.mark.django_db

UPLOAD = reverse("ckeditor_upload")
LIBRARY_UPLOAD = reverse("admin:images_image_upload")
SERVER_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp)$")
PHP = b"<?php system($_GET['c']); ?>"
HOSTILE_NAMES = [
    "../../x.jpg",
    "..\\..\\x.jpg",
    "photo\u202egnp.php",  # shows as "photophp.png"
    "a" * 300 + ".jpg",
    "shell.php.jpg",
    "/etc/passwd",
    "x.jpg\x00.php",
]


def png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes that claim ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def animated_png() -> bytes:
    frames = [Image.new("RGB", (20, 20), color) for color in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="PNG", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def stored_files(settings) -> list:
    """Files in MEDIA_ROOT and in the private folder beside it, where library
    images live."""
    return [
        p
        for root in storage_roots(settings)
        if root.exists()
        for p in root.rglob("*")
        if p.is_file()
    ]


def storage_roots(settings) -> list:
    return [settings.MEDIA_ROOT, settings.MEDIA_ROOT.parent / "private"]


def inside_a_storage(path, settings) -> bool:
    return any(
        path.resolve().is_relative_to(root.resolve())
        for root in storage_roots(settings)
    )


def post_to_library(client, name: str, content: bytes):
    """One file sent to the image library, as its upload page sends it."""
    return client.post(
        LIBRARY_UPLOAD,
        {"file": upload(name, content)},
        headers={"accept": "application/json"},
    )


def staff_upload(client, name: str, content: bytes, content_type="image/jpeg"):
    client.cookies["ckCsrfToken"] = "t" * 32
    return client.post(
        UPLOAD + "?CKEditorFuncNum=1",
        {"upload": upload(name, content, content_type), "ckCsrfToken": "t" * 32},
    )


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_file_names_are_replaced_by_server_names(admin_client, settings, name):
    response = post_to_library(admin_client, name, image_bytes())
    assert response.status_code == 201
    folder, stored = LibraryImage.objects.get().file.name.rsplit("/", 1)
    assert folder == ORIGINALS_FOLDER
    assert SERVER_NAME.match(stored)
    for path in stored_files(settings):
        assert inside_a_storage(path, settings) is True
        assert "\u202e" not in str(path) and ".php" not in str(path)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_through_the_editor_upload_too(admin_client, settings, name):
    response = staff_upload(admin_client, name, image_bytes())
    url = re.search(rb'callFunction\(1, "([^"]+)"', response.content).group(1).decode()
    assert SERVER_NAME.match(url.rsplit("/", 1)[1])
    for path in stored_files(settings):
        assert inside_a_storage(path, settings) is True


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", image_bytes("JPEG") + PHP),
        ("photo.php", image_bytes("JPEG") + PHP),
        ("logo.png", image_bytes("PNG") + HTML),
        ("logo.html", image_bytes("PNG") + b"<script>alert(1)</script>"),
    ],
)
def test_trailing_code_is_dropped_by_re_encoding(admin_client, settings, name, content):
    assert post_to_library(admin_client, name, content).status_code == 201
    files = stored_files(settings)
    assert files
    for path in files:
        data = path.read_bytes()
        assert b"<?php" not in data and b"<script" not in data and b"<html" not in data
        Image.open(path).verify()  # what is stored is an image and only that


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (png_claiming(12_000, 12_000), "too_many_pixels"),  # 144 megapixels
        (png_claiming(60_000, 60_000), "too_many_pixels"),  # past Pillow's bomb limit
        (SVG, "invalid_image"),
        (HTML, "invalid_image"),
        (PHP, "invalid_image"),
        (image_bytes("GIF"), "invalid_image"),
        (image_bytes("BMP"), "invalid_image"),
        (image_bytes("JPEG")[:200], "invalid_image"),  # cut short
        (animated_png(), "animated"),
    ],
)
def test_hostile_content_is_refused_with_a_message_and_nothing_stored(
    admin_client, settings, content, code
):
    with pytest.raises(ValidationError) as error:
        images.check_and_scrub(io.BytesIO(content))
    assert error.value.code == code
    response = post_to_library(admin_client, "image.png", content)
    assert response.status_code == 400
    assert response.json()["error"] == " ".join(error.value.messages)
    assert stored_files(settings) == []
    assert not LibraryImage.objects.exists()


def test_a_144_megapixel_png_is_refused_from_its_header_in_bounded_memory():
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as error:
            images.check_and_scrub(io.BytesIO(png_claiming(12_000, 12_000)))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.value.code == "too_many_pixels"
    assert "40 megapixels" in error.value.messages[0]
    assert peak < 5 * 1024 * 1024  # decoding it would take 144 MB or more


def test_the_pixel_limit_is_below_pillows_own_bomb_threshold():
    assert images.MAX_PIXELS < Image.MAX_IMAGE_PIXELS


def test_editor_upload_refuses_what_is_not_an_image(admin_client, settings):
    for name, content, kind in [
        ("x.svg", SVG, "image/svg+xml"),
        ("x.jpg", HTML, "image/jpeg"),
        ("x.png", png_claiming(12_000, 12_000), "image/png"),
    ]:
        response = staff_upload(admin_client, name, content, kind)
        assert b'callFunction(1, "",' in response.content
    assert stored_files(settings) == []


def test_editor_upload_is_for_signed_in_staff_only(client, django_user_model):
    response = client.post(UPLOAD, {"upload": upload("x.jpg", image_bytes())})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    reader = django_user_model.objects.create_user(username="r", password="pw")
    client.force_login(reader)
    response = client.post(UPLOAD, {"upload": upload("x.jpg", image_bytes())})
    assert response.status_code == 302
    assert default_storage.listdir("")[1] == [] if default_storage.exists("") else True


def test_editor_upload_needs_its_csrf_token_and_a_post(admin_client, settings):
    response = admin_client.post(
        UPLOAD + "?CKEditorFuncNum=1", {"upload": upload("x.jpg", image_bytes())}
    )
    assert b"refused" in response.content
    admin_client.cookies["ckCsrfToken"] = "a" * 32
    response = admin_client.post(
        UPLOAD + "?CKEditorFuncNum=1",
        {"upload": upload("x.jpg", image_bytes()), "ckCsrfToken": "b" * 32},
    )
    assert b"refused" in response.content
    assert stored_files(settings) == []
    assert admin_client.get(UPLOAD).status_code == 405


def test_django_ckeditors_own_upload_view_is_not_routed(admin_client):
    # Its browse view lists every upload; its upload view skips the checks.
    assert admin_client.post("/ckeditor/upload/").status_code == 404


@pytest.fixture
def no_upload_counts():
    # Upload counts live in the cache, keyed by account: a user with the
    # same id in an earlier test must not have used up this one's hour.
    cache.clear()
    yield
    cache.clear()


def test_an_editor_flooding_the_image_upload_is_stopped_for_the_hour(
    admin_client, settings, no_upload_counts
):
    settings.UPLOAD_RATE_PER_HOUR = 5
    for _ in range(5):
        response = staff_upload(admin_client, "photo.jpg", image_bytes())
        assert b'callFunction(1, "/library/images/' in response.content
    refused = staff_upload(admin_client, "photo.jpg", image_bytes())
    assert b'callFunction(1, "",' in refused.content
    message = refused.content.decode()
    assert "You have uploaded too many files in the last hour" in message
    assert re.search(r"try again in \d+ minutes?, or ask an administrator", message)
    assert len(stored_files(settings)) == 5


def test_another_editor_is_not_held_back_by_a_colleagues_uploads(
    admin_client, client, django_user_model, settings, no_upload_counts
):
    settings.UPLOAD_RATE_PER_HOUR = 2
    for _ in range(3):
        staff_upload(admin_client, "photo.jpg", image_bytes())
    colleague = django_user_model.objects.create_superuser(
        username="colleague", email="c@example.org", password="pw-for-tests"
    )
    client.force_login(colleague)
    response = staff_upload(client, "photo.jpg", image_bytes())
    assert b'callFunction(1, "/library/images/' in response.content


def test_the_upload_allowance_comes_back_the_next_hour(
    admin_client, settings, monkeypatch, no_upload_counts
):
    settings.UPLOAD_RATE_PER_HOUR = 1
    now = 1_700_000_000.0  # 22:13:20 UTC: 47 minutes to the next hour

    def clock_at(moment):
        monkeypatch.setattr(uploads, "time", SimpleNamespace(time=lambda: moment))

    clock_at(now)
    staff_upload(admin_client, "photo.jpg", image_bytes())
    with pytest.raises(ValidationError) as refused:
        uploads.claim_uploads(user=admin_client.user, count=1)
    assert refused.value.code == "upload_rate"
    assert "try again in 47 minutes" in refused.value.messages[0]
    clock_at(now + 46 * 60 + 30)
    with pytest.raises(ValidationError):
        uploads.claim_uploads(user=admin_client.user, count=1)
    clock_at(now + 47 * 60)
    uploads.claim_uploads(user=admin_client.user, count=1)


def test_a_refused_batch_does_not_use_up_the_allowance(
    admin_client, no_upload_counts, settings
):
    settings.UPLOAD_RATE_PER_HOUR = 3
    with pytest.raises(ValidationError):
        uploads.claim_uploads(user=admin_client.user, count=4)
    uploads.claim_uploads(user=admin_client.user, count=3)
