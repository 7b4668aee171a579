import pytest
from django.urls import reverse

from organization.models import Person
from tests.news.images import HTML, jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


def person_form(**extra):
    return {
        "name": "Amy Pope",
        "biography_en": "",
        "biography_fr": "",
        "biography_es": "",
        "version": 0,
        "tenures-TOTAL_FORMS": 0,
        "tenures-INITIAL_FORMS": 0,
        **extra,
    }


def test_person_photo_is_re_encoded_without_its_location(admin_client, settings):
    response = admin_client.post(
        reverse("admin:organization_person_add"),
        person_form(photo=upload("portrait.jpg", jpeg_with_gps())),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get()
    assert person.photo.name.startswith("people/")
    assert "portrait" not in person.photo.name
    stored = person.photo.read()
    assert b"GPS" not in stored and b"Exif" not in stored


def test_html_renamed_as_a_photo_is_refused_on_the_field(admin_client, settings):
    response = admin_client.post(
        reverse("admin:organization_person_add"),
        person_form(photo=upload("portrait.jpg", HTML)),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "photo" in form.errors
    assert form["name"].value() == "Amy Pope"
    assert Person.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "people").exists()
