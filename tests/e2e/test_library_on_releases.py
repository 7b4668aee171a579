"""A photo from the library, chosen in the release admin by autocomplete,
then seen by a French reader on the public page."""

import re

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import override
from playwright.sync_api import expect

from images.storage import library_storage
from news.models import PressRelease
from tests.e2e.readers import serve_media
from tests.images.factories import ImageFactory, photo_bytes
from tests.news.factories import PressReleaseFactory


def test_an_editor_picks_a_library_photo_and_readers_see_it(
    admin_page, live_server, console_errors, screenshot
):
    name = library_storage().save(
        "images/originals/border.jpg",
        ContentFile(photo_bytes((1600, 900), color=(200, 120, 40))),
    )
    ImageFactory(
        title_en="Border post",
        alt_text_en="People queue at a border post.",
        alt_text_fr="Des personnes font la queue à un poste frontière.",
        credit="IOM/Ana Muñoz",
        file=name,
        width=1600,
        height=900,
    )
    ImageFactory(title_en="Harbour", credit="IOM/Jon Doe")
    release = PressReleaseFactory(published=True, french=True)

    page = admin_page
    serve_media(page)
    page.goto(
        live_server.url + reverse("admin:news_pressrelease_change", args=[release.pk])
    )
    # One search at a time: the live server's threads share one SQLite
    # database (see test_organization).
    page.locator("#id_image + .select2 .select2-selection").click()
    expect(page.locator(".select2-results__option").first).not_to_have_class(
        re.compile("loading-results")
    )
    page.locator(".select2-container--open .select2-search__field").fill("munoz")
    expect(page.locator(".select2-results__option", has_text="Harbour")).to_be_hidden()
    page.locator(
        ".select2-results__option", has_text="Border post (photo: IOM/Ana Muñoz)"
    ).click()
    screenshot("release-library-photo-chosen")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert PressRelease.objects.get().image.title_en == "Border post"
    # The form now shows the chosen photo.
    expect(page.locator(".field-chosen_image img")).to_be_visible()

    release.refresh_from_db()
    with override("fr"):
        public = live_server.url + release.get_absolute_url()
    page.goto(public)
    photo = page.locator("figure.lead-image img")
    expect(photo).to_have_attribute(
        "alt", "Des personnes font la queue à un poste frontière."
    )
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 1600
    expect(page.locator("figure.lead-image figcaption")).to_contain_text(
        "IOM/Ana Muñoz"
    )
    screenshot("release-library-photo-public")
    assert console_errors == []
