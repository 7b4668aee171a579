"""A release's press kit: its photos and documents in one ZIP with their
credits, or file by file, for readers of a public release only."""

import datetime
import io
import re
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from images.services import upload_image
from news.models import EmbargoLink, Status
from tests.documents.factories import DocumentFactory, DocumentFileFactory
from tests.images.factories import LicenceFactory
from tests.news.factories import (
    PressReleaseFactory,
    ReleaseDocumentFactory,
    ReleaseImageFactory,
)
from tests.news.images import image_bytes, upload

pytestmark = pytest.mark.django_db


def photo(name: str, **fields):
    image = upload_image(upload=upload(name, image_bytes(size=(640, 480))))
    for field, value in fields.items():
        setattr(image, field, value)
    image.save()
    return image


@pytest.fixture
def release(settings):
    settings.SITE_URL = "https://www.example.org"
    licence = LicenceFactory(
        name_en="CC BY 4.0", url="https://creativecommons.org/licenses/by/4.0/"
    )
    lead = photo(
        "quay.jpg", title_en="The quay", credit="IOM/Ana Muñoz", licence=licence
    )
    release = PressReleaseFactory(published=True, french=True, image=lead)
    ReleaseImageFactory(
        release=release,
        image=photo("shelter.jpg", title_en="Shelter", credit="IOM/Bo Li"),
        sort_order=1,
    )
    report = DocumentFactory(title_en="Flood report", title_fr="Rapport inondations")
    DocumentFileFactory(document=report, language="en", original_name="report.pdf")
    DocumentFileFactory(document=report, language="fr", original_name="rapport.pdf")
    ReleaseDocumentFactory(release=release, document=report, sort_order=1)
    return release


def kit_url(release, language="en") -> str:
    with override(language):
        return reverse("news:release-kit", args=[release.pk, release.slug])


def kit(client, release, language="en") -> zipfile.ZipFile:
    response = client.get(kit_url(release, language))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_kit_holds_every_photo_and_file_with_their_credits(client, release):
    archive = kit(client, release)
    assert archive.testzip() is None  # every member reads back whole
    names = archive.namelist()
    assert names[0] == "CREDITS.txt"
    assert [name for name in names if name.startswith("photos/")] == [
        "photos/01-the-quay.jpg",
        "photos/02-shelter.jpg",
    ]
    documents = sorted(name for name in names if name.startswith("documents/"))
    assert documents == [
        "documents/en/flood-report.pdf",
        "documents/fr/rapport-inondations.pdf",
    ]
    with release.image.file.open("rb") as stored:
        assert archive.read("photos/01-the-quay.jpg") == stored.read()
    credits = archive.read("CREDITS.txt").decode()
    assert f"https://www.example.org{release.get_absolute_url()}" in credits
    assert "Photo: IOM/Ana Muñoz" in credits
    assert "Licence: CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>" in (
        credits
    )
    assert "Photo: IOM/Bo Li" in credits


def test_a_photo_whose_rights_have_expired_is_left_out(client, release):
    release.image.rights_expire_on = timezone.localdate() - datetime.timedelta(days=1)
    release.image.save()
    names = kit(client, release).namelist()
    assert [name for name in names if name.startswith("photos/")] == [
        "photos/01-shelter.jpg"
    ]


def test_a_release_not_yet_public_has_no_kit(client, release):
    release.published_at = timezone.now() + datetime.timedelta(hours=3)
    release.save()
    assert client.get(kit_url(release)).status_code == 404
    release.status = Status.DRAFT
    release.published_at = None
    release.save()
    assert client.get(kit_url(release)).status_code == 404


def test_a_release_without_photos_or_files_has_no_kit(client):
    release = PressReleaseFactory(published=True)
    assert client.get(kit_url(release)).status_code == 404
    with override("en"):
        html = client.get(release.get_absolute_url()).content.decode()
    assert 'class="release-kit"' not in html


def test_the_release_page_offers_the_kit_and_each_photo(client, release):
    with override("en"):
        html = client.get(release.get_absolute_url()).content.decode()
    section = re.search(r'<section class="release-kit".*?</section>', html, re.S)
    assert section is not None
    kit_section = section.group(0)
    assert f'href="{kit_url(release)}" download' in kit_section
    assert "2 photos, 1 document" in kit_section
    assert f'href="{release.image.file.url}" download' in kit_section
    assert 'rel="license">CC BY 4.0</a>' in kit_section


def test_the_embargoed_preview_offers_no_kit(release):
    release.published_at = timezone.now() + datetime.timedelta(hours=3)
    release.save()
    link = EmbargoLink.objects.create(
        release=release,
        language="en",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    response = Client().get(link.get_absolute_url())
    assert response.status_code == 200
    assert 'class="release-kit"' not in response.content.decode()
