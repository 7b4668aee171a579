"""The rich-text editor's image dialog works on the library: "Browse
server" lists it, and "Upload" keeps the file in it."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from images.models import Image
from tests.images.factories import ImageFactory, photo_bytes
from tests.translations.conftest import make_translator

pytestmark = pytest.mark.django_db

BROWSE = reverse("ckeditor_browse")
UPLOAD = reverse("ckeditor_upload")
TOKEN = "a-ckeditor-token-value"


def browse(client, **params):
    return client.get(BROWSE, {"CKEditorFuncNum": "7", **params})


def titles(response) -> list[str]:
    return [choice["image"].title for choice in response.context["choices"]]


def send(client, content, name="photo.jpg", func_num="3"):
    client.cookies["ckCsrfToken"] = TOKEN
    return client.post(
        f"{UPLOAD}?CKEditorFuncNum={func_num}",
        {
            "upload": SimpleUploadedFile(name, content, content_type="image/jpeg"),
            "ckCsrfToken": TOKEN,
        },
    )


def test_browse_is_under_the_admin_area():
    assert BROWSE == "/admin/ckeditor/browse/"


def test_browse_lists_library_images_for_the_editors_callback(editor_client):
    ImageFactory(title_en="Border post at dawn")
    response = browse(editor_client)
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(response) == ["Border post at dawn"]
    assert 'data-func-num="7"' in html
    assert 'data-alt="People waiting at a border post."' in html
    # Scripts come from a file: the admin's policy has no room for inline ones.
    assert "iomsite/admin/images-browse.js" in html
    assert "onclick" not in html


def test_browse_search_ignores_accents(editor_client):
    ImageFactory(title_en="Arrivée à Lima")
    ImageFactory(title_en="Harbour in Callao")
    assert titles(browse(editor_client, q="arrivee")) == ["Arrivée à Lima"]
    assert titles(browse(editor_client, q="ARRIVÉE lima")) == ["Arrivée à Lima"]


def test_browse_says_so_when_nothing_matches(editor_client):
    ImageFactory(title_en="Harbour in Callao")
    response = browse(editor_client, q="glacier")
    assert titles(response) == []
    assert "No image in the library matches" in response.content.decode()


def test_browse_filters_by_orientation(editor_client):
    ImageFactory(title_en="Wide", width=1600, height=900)
    ImageFactory(title_en="Tall", width=600, height=900)
    assert titles(browse(editor_client, orientation="portrait")) == ["Tall"]
    # An unknown value is ignored rather than an error.
    assert len(titles(browse(editor_client, orientation="round"))) == 2


def test_browse_is_paginated(editor_client):
    ImageFactory.create_batch(30)
    first = browse(editor_client)
    second = browse(editor_client, page="2")
    assert len(titles(first)) == 24
    assert len(titles(second)) == 6
    assert "page=2" in first.content.decode()


def test_browse_leaves_out_images_whose_rights_have_expired(editor_client):
    ImageFactory(title_en="Expired", rights_expire_on="2001-01-01")
    ImageFactory(title_en="Usable")
    assert titles(browse(editor_client)) == ["Usable"]


def test_browse_offers_the_wide_crop_once_it_is_made(editor_client):
    shapes = {
        "1:1": {"jpg": [[320, 320, "images/renditions/1/1x1-320-a.jpg"]]},
        "16:9": {
            "jpg": [
                [480, 270, "images/renditions/1/16x9-480-a.jpg"],
                [960, 540, "images/renditions/1/16x9-960-a.jpg"],
            ]
        },
    }
    ImageFactory(renditions={"focal": [0.5, 0.5], "shapes": shapes})
    ImageFactory(title_en="Not cut yet", file="images/originals/raw.jpg")
    html = browse(editor_client).content.decode()
    assert 'data-url="/library/images/renditions/1/16x9-960-a.jpg"' in html
    assert 'src="/library/images/renditions/1/1x1-320-a.jpg"' in html
    # Until the background task has run, the original is what there is.
    assert 'data-url="/library/images/originals/raw.jpg"' in html


def test_browse_gives_the_alt_text_of_the_language_being_written(editor_client):
    ImageFactory(alt_text_en="A boat", alt_text_fr="Un bateau", alt_text_es="")
    french = browse(editor_client, CKEditor="id_body_fr").content.decode()
    spanish = browse(editor_client, CKEditor="id_body_es").content.decode()
    assert 'data-alt="Un bateau"' in french
    # No other language's text in its place: the editor is asked to write one.
    assert 'data-alt=""' in spanish
    assert "No alternative text in “es” yet" in spanish


def test_a_translator_cannot_browse_the_library(client, django_user_model):
    client.force_login(make_translator(django_user_model, "fr"))
    assert browse(client).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = browse(client)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_editor_upload_lands_in_the_library_and_answers_the_dialog(
    editor_client,
):
    response = send(editor_client, photo_bytes((640, 480)), name="Lima port.jpg")
    image = Image.objects.get()
    html = response.content.decode()
    assert image.title == "Lima port"
    assert image.uploaded_by == editor_client.user
    assert (image.width, image.height) == (640, 480)
    assert html.startswith("<script>window.parent.CKEDITOR.tools.callFunction(3, ")
    assert json.dumps(image.file.url) in html
    # And it can be chosen again from "Browse server".
    assert titles(browse(editor_client, q="lima")) == ["Lima port"]


def test_a_drag_and_drop_upload_answers_in_json(editor_client):
    response = send(editor_client, photo_bytes(), func_num="")
    data = response.json()
    assert data["uploaded"] == 1
    assert data["url"] == Image.objects.get().file.url


def test_a_file_that_is_not_an_image_is_refused_with_the_reason(editor_client):
    response = send(editor_client, b"%PDF-1.4 not a photo", name="report.jpg")
    html = response.content.decode()
    assert "not a JPEG, PNG or WebP image" in html
    assert Image.objects.count() == 0


def test_the_hourly_upload_limit_applies(editor_client, settings):
    settings.UPLOAD_RATE_PER_HOUR = 1
    send(editor_client, photo_bytes())
    refused = send(editor_client, photo_bytes())
    assert "too many files in the last hour" in refused.content.decode()
    assert Image.objects.count() == 1


def test_staff_without_the_right_to_add_images_are_told(client, django_user_model):
    client.force_login(make_translator(django_user_model, "fr"))
    response = send(client, photo_bytes())
    assert "You may not add images to the library" in response.content.decode()
    assert Image.objects.count() == 0


def test_browse_query_count_is_flat(editor_client):
    """Two queries for the library (count and page) whatever its size; the
    rest is the admin's own (session, account, second factor, permissions),
    counted here rather than pinned, since those belong to other apps."""

    def library_queries():
        with CaptureQueriesContext(connection) as captured:
            browse(editor_client)
        return len(captured), [
            q["sql"] for q in captured.captured_queries if "images_image" in q["sql"]
        ]

    ImageFactory()
    browse(editor_client)  # the permission cache, loaded once
    one_total, one_library = library_queries()
    ImageFactory.create_batch(9)
    ten_total, ten_library = library_queries()
    assert len(one_library) == len(ten_library) == 2
    assert one_total == ten_total
