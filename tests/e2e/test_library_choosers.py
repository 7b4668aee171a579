"""The "+" next to a photo chooser: upload a new photo into the library
from a person's form, and find it chosen there."""

from django.urls import reverse
from playwright.sync_api import expect

from images.models import Image
from organization.models import Person
from tests.images.factories import photo_bytes
from tests.organization.factories import PersonFactory


def test_a_photo_uploaded_from_the_form_is_chosen_in_it(
    admin_page, live_server, console_errors, screenshot
):
    person = PersonFactory(name="Amy Pope")
    page = admin_page
    page.goto(
        live_server.url + reverse("admin:organization_person_change", args=[person.pk])
    )
    with page.expect_popup() as opened:
        page.click("#add_id_image")
    popup = opened.value
    popup.wait_for_load_state()
    popup.set_input_files(
        "#images-file",
        {"name": "amy.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()},
    )
    popup.fill("#images-title", "Amy Pope in Geneva")
    popup.fill("#images-alt", "Amy Pope speaking at a lectern.")
    screenshot("chooser-popup-upload")
    popup.click("input[type=submit]")
    popup.wait_for_event("close")

    chosen = page.locator("#id_image option:checked")
    expect(chosen).to_have_text("Amy Pope in Geneva")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    photo = Image.objects.get()
    assert photo.alt_text_en == "Amy Pope speaking at a lectern."
    assert Person.objects.get(pk=person.pk).image == photo
    expect(page.locator(".field-chosen_image img")).to_be_visible()
    assert console_errors == []
