import json

import pytest
from django.urls import reverse

from tests.news.images import HTML, image_bytes, jpeg_with_gps, upload

pytestmark = pytest.mark.django_db

URL = reverse("ckeditor_upload")
TOKEN = "a-ckeditor-token-value"


def post(client, content, name="photo.jpg", func_num=None, token=TOKEN):
    client.cookies["ckCsrfToken"] = TOKEN
    url = URL + (f"?CKEditorFuncNum={func_num}" if func_num else "")
    return client.post(url, {"upload": upload(name, content), "ckCsrfToken": token})


def stored(settings):
    """Files kept in MEDIA_ROOT and in the private folder beside it, where
    library images live."""
    roots = [settings.MEDIA_ROOT, settings.MEDIA_ROOT.parent / "private"]
    return [
        p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()
    ]


def test_upload_url_is_under_the_admin_area():
    assert URL == "/admin/ckeditor/upload/"


def test_staff_upload_is_scrubbed_and_renamed(admin_client, settings):
    response = post(admin_client, jpeg_with_gps(), name="Lima GPS.jpg")
    data = json.loads(response.content)
    assert data["uploaded"] == 1
    assert data["url"].startswith("/library/images/originals/")
    assert "Lima" not in data["url"]
    (path,) = stored(settings)
    assert b"SecretCam" not in path.read_bytes()


def test_dialog_upload_answers_with_the_callback(admin_client):
    response = post(admin_client, image_bytes("PNG"), name="a.png", func_num="3")
    html = response.content.decode()
    assert html.startswith("<script>window.parent.CKEDITOR.tools.callFunction(3, ")
    assert '"/library/images/originals/' in html


def test_refused_upload_says_why_and_stores_nothing(admin_client, settings):
    response = post(admin_client, HTML, name="x.jpg", func_num="1")
    html = response.content.decode()
    assert "not a JPEG, PNG or WebP image" in html
    assert "<script>alert" not in html
    assert stored(settings) == []


def test_non_staff_cannot_upload(client, django_user_model, settings):
    user = django_user_model.objects.create_user(username="reader", password="pw")
    client.force_login(user)
    response = post(client, image_bytes())
    assert response.status_code == 302
    assert stored(settings) == []


def test_anonymous_cannot_upload(client, settings):
    response = post(client, image_bytes())
    assert response.status_code == 302
    assert stored(settings) == []


def test_upload_without_the_editors_token_is_refused(admin_client, settings):
    response = post(admin_client, image_bytes(), token="forged")
    assert json.loads(response.content)["uploaded"] == 0
    assert stored(settings) == []


def test_get_is_not_allowed(admin_client):
    assert admin_client.get(URL).status_code == 405
