"""Where library images are used, and why a used one cannot be deleted."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from images.models import Image
from news.models import PressRelease
from tests.images.factories import ImageFactory
from tests.news.conftest import release_form_data
from tests.news.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/images/image/"
RELEASES = "/admin/news/pressrelease/"


def change_url(release):
    return reverse("admin:news_pressrelease_change", args=[release.pk])


def test_an_editor_chooses_a_library_photo_in_the_release_form(admin_client):
    photo = ImageFactory(title_en="Border post", credit="IOM/Ana Muñoz")
    response = admin_client.post(f"{RELEASES}add/", release_form_data(image=photo.pk))
    assert response.status_code == 302, response.context["errors"]
    release = PressRelease.objects.get()
    assert release.image == photo

    form = admin_client.get(change_url(release)).content.decode()
    # The chosen photo is named with its credit and shown as a thumbnail.
    assert "Border post (photo: IOM/Ana Muñoz)" in form
    assert f"/library/{photo.file.name}" in form
    assert "or add a new photo with the" in form


def test_the_release_form_warns_when_the_photos_rights_have_expired(admin_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    release = PressReleaseFactory(image=ImageFactory(rights_expire_on=yesterday))
    form = admin_client.get(change_url(release)).content.decode()
    assert "Its rights have expired" in form


def test_the_photo_autocomplete_finds_by_credit_and_labels_with_it(admin_client):
    ImageFactory(title_en="Border post", credit="IOM/Ana Muñoz")
    ImageFactory(title_en="Harbour", credit="")
    url = reverse("admin:images_image_autocomplete")
    params = {
        "app_label": "news",
        "model_name": "pressrelease",
        "field_name": "image",
    }
    found = admin_client.get(url, {**params, "term": "munoz"}).json()["results"]
    assert [result["text"] for result in found] == [
        "Border post (photo: IOM/Ana Muñoz)"
    ]
    found = admin_client.get(url, {**params, "term": "harbour"}).json()["results"]
    assert [result["text"] for result in found] == ["Harbour"]


def test_the_release_form_asks_the_librarys_own_autocomplete(admin_client):
    form = admin_client.get(f"{RELEASES}add/").content.decode()
    assert f'data-ajax--url="{reverse("admin:images_image_autocomplete")}"' in form


def test_the_image_page_lists_the_releases_using_it(admin_client):
    photo = ImageFactory()
    first = PressReleaseFactory(title_en="Arrivals in Tumbes", image=photo)
    second = PressReleaseFactory(title_en="Health checks", image=photo)
    PressReleaseFactory(title_en="Not this one")
    page = admin_client.get(f"{LIBRARY}{photo.pk}/change/").content.decode()
    assert f'<a href="{change_url(first)}">Arrivals in Tumbes</a>' in page
    assert f'<a href="{change_url(second)}">Health checks</a>' in page
    assert "Not this one" not in page


def test_an_unused_image_says_so(admin_client):
    photo = ImageFactory()
    page = admin_client.get(f"{LIBRARY}{photo.pk}/change/").content.decode()
    assert "Nothing uses this image yet." in page


def test_deleting_a_used_image_is_refused_with_the_releases_named(admin_client):
    photo = ImageFactory(title_en="Border post")
    release = PressReleaseFactory(title_en="Arrivals in Tumbes", image=photo)
    url = f"{LIBRARY}{photo.pk}/delete/"

    page = admin_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Arrivals in Tumbes" in html
    assert change_url(release) in html
    assert "Choose another photo for them first" in html

    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200  # the same refusal, nothing deleted
    assert Image.objects.filter(pk=photo.pk).exists()


def test_bulk_deleting_used_images_deletes_none_and_says_why(admin_client):
    used = ImageFactory(title_en="Border post")
    unused = ImageFactory(title_en="Spare")
    PressReleaseFactory(title_en="Arrivals in Tumbes", image=used)
    data = {
        "action": "delete_selected",
        ACTION_CHECKBOX_NAME: [used.pk, unused.pk],
    }
    page = admin_client.post(LIBRARY, data)
    assert page.status_code == 200
    assert "Arrivals in Tumbes" in page.content.decode()
    assert "None of the selected images was deleted" in page.content.decode()

    response = admin_client.post(LIBRARY, {**data, "post": "yes"})
    assert response.status_code == 200
    assert Image.objects.count() == 2


def test_an_image_taken_up_since_the_confirmation_is_not_deleted(
    admin_client, monkeypatch
):
    """A release may choose the photo between the confirmation page and the
    click: the database refuses, and the editor gets a message, not a 500."""
    from images.admin import ImageAdmin

    used = ImageFactory(title_en="Border post")
    spare = ImageFactory(title_en="Spare")
    PressReleaseFactory(title_en="Arrivals in Tumbes", image=used)
    # The check found nothing protected, as before the release chose it.
    monkeypatch.setattr(
        ImageAdmin,
        "get_deleted_objects",
        lambda self, objs, request: ([str(obj) for obj in objs], {}, set(), []),
    )
    response = admin_client.post(
        LIBRARY,
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [spare.pk, used.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any(
        "Nothing was deleted" in text and "Arrivals in Tumbes" in text
        for text in messages
    )
    assert Image.objects.count() == 2
