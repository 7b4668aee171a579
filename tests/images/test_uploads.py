from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult
from PIL import ExifTags
from PIL import Image as PillowImage

from images.models import Image
from tests.images.factories import photo_bytes

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/images/image/upload/"
JSON = {"HTTP_ACCEPT": "application/json"}


def gps_exif():
    exif = PillowImage.Exif()
    exif[ExifTags.Base.Make] = "Field camera"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {ExifTags.GPS.GPSLatitudeRef: "S", ExifTags.GPS.GPSLatitude: (12.0, 3.0, 0.5)}
    )
    return exif


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_upload_page_offers_several_files_at_once(admin_client):
    response = admin_client.get(UPLOAD)
    assert response.status_code == 200
    assert b'type="file" id="images-files" name="file" multiple' in response.content


def test_adding_an_image_leads_to_the_upload_page(admin_client):
    response = admin_client.get("/admin/images/image/add/")
    assert response.status_code == 302
    assert response["Location"] == UPLOAD


def test_an_uploaded_photo_is_kept_without_its_gps_position(
    admin_client, django_capture_on_commit_callbacks
):
    content = photo_bytes((640, 480), exif=gps_exif())
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            UPLOAD, {"file": upload("Lima port_2024.jpg", content)}, **JSON
        )

    assert response.status_code == 201
    answer = response.json()
    image = Image.objects.get()
    assert answer["ok"] is True
    assert answer["url"] == f"/admin/images/image/{image.pk}/change/"
    assert image.title == "Lima port 2024"
    assert (image.width, image.height) == (640, 480)
    assert image.uploaded_by == admin_client.user
    with image.file.open("rb") as handle:
        kept = handle.read()
    assert image.file_size == len(kept)
    exif = PillowImage.open(BytesIO(kept)).getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert ExifTags.Base.Make not in exif
    # Nothing uploaded keeps its name.
    assert "Lima" not in image.file.name
    # The crops are left to the background worker.
    assert image.renditions == {}
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_file_that_is_not_an_image_is_refused_with_the_reason(admin_client):
    response = admin_client.post(
        UPLOAD,
        {"file": upload("report.jpg", b"%PDF-1.4 not a photo", "image/jpeg")},
        **JSON,
    )

    assert response.status_code == 400
    answer = response.json()
    assert answer["ok"] is False
    assert answer["name"] == "report.jpg"
    assert "is not a JPEG, PNG or WebP image" in answer["error"]
    assert not Image.objects.exists()


def test_without_javascript_every_file_is_sent_at_once_and_listed(admin_client):
    response = admin_client.post(
        UPLOAD,
        {
            "file": [
                upload("one.jpg", photo_bytes()),
                upload("two.png", photo_bytes(image_format="PNG"), "image/png"),
                upload("notes.jpg", b"plain text"),
            ]
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="images-made"') == 2
    assert page.count('class="images-refused"') == 1
    assert "is not a JPEG, PNG or WebP image" in page
    assert sorted(Image.objects.values_list("title_en", flat=True)) == ["one", "two"]


def test_sending_no_file_says_to_choose_one(admin_client):
    response = admin_client.post(UPLOAD, {}, **JSON)
    assert response.status_code == 400
    assert response.json()["error"] == "No file was sent: choose one or more images."


def test_people_who_may_not_add_images_cannot_upload(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="viewer", password="pw", is_staff=True
    )
    client.force_login(user)
    response = client.post(UPLOAD, {"file": upload("a.jpg", photo_bytes())}, **JSON)
    assert response.status_code == 403
    assert not Image.objects.exists()
