"""Releases' old lead images and people's old photos, moved into the library
by migrations news 0014 and organization 0007: readers see the same photo.

Each test goes back to the schema before the move, makes rows the old way,
and migrates forward again.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import override

from images.models import Image
from news.models import PressRelease
from organization.models import Person
from tests.images.factories import photo_bytes

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("news", "0013_pressrelease_image"),
    ("organization", "0005_text_limits"),
]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():
    apps = migrate(BEFORE)
    yield apps
    migrate()  # whatever the test did, the schema of today for the next one


def stored(name: str, size=(1200, 800)) -> str:
    return default_storage.save(name, ContentFile(photo_bytes(size)))


def old_release(apps, **fields):
    OldRelease = apps.get_model("news", "PressRelease")
    number = OldRelease.objects.count() + 1
    return OldRelease.objects.create(
        original_language="en",
        status="published",
        published_at=timezone.now() - timezone.timedelta(hours=1),
        title=f"Experts meet in Lima {number}",
        title_en=f"Experts meet in Lima {number}",
        slug_en=f"experts-meet-in-lima-{number}",
        summary_en="Experts of the Andean Community meet.",
        body_en="<p>The meeting.</p>",
        title_fr=f"Des experts se réunissent à Lima {number}",
        slug_fr=f"des-experts-se-reunissent-a-lima-{number}",
        summary_fr="Les experts de la Communauté andine se réunissent.",
        body_fr="<p>La réunion.</p>",
        **fields,
    )


def figure(client, release, language: str) -> str:
    with override(language):
        response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('<figure class="lead-image">', 1)[1].split("</figure>", 1)[0]


def test_old_lead_images_and_photos_become_library_photos_readers_see_unchanged(
    old_apps, client
):
    # Migrating takes seconds each way: one test covers both migrations.
    name = stored("news/lead/meeting.jpg")
    release = old_release(
        old_apps,
        lead_image=name,
        lead_image_alt="Experts around a table",
        lead_image_alt_en="Experts around a table",
        lead_image_alt_fr="Des experts autour d’une table",
        lead_image_caption_en="The meeting in Lima.",
        lead_image_caption_fr="La réunion à Lima.",
        lead_image_credit_en="IOM/Ana Pérez",
        lead_image_credit_fr="OIM/Ana Pérez",
    )
    same_file = old_release(old_apps, lead_image=name)
    OldImage = old_apps.get_model("images", "Image")
    chosen = OldImage.objects.create(
        title="Chosen", title_en="Chosen", file=stored("images/originals/c.jpg")
    )
    kept = old_release(old_apps, lead_image=name, image=chosen)
    without = old_release(old_apps)
    OldPerson = old_apps.get_model("organization", "Person")
    portrait = stored("people/amy.jpg", size=(600, 800))
    person = OldPerson.objects.create(name="Amy Pope", photo=portrait)
    nobody = OldPerson.objects.create(name="No Photo")

    migrate()

    release = PressRelease.objects.get(pk=release.pk)
    photo = release.image
    assert photo.file.name == name  # the same file, not a copy
    assert (photo.width, photo.height) == (1200, 800)
    assert photo.file_size == default_storage.size(name)
    assert photo.renditions == {}  # to be made by make_renditions --missing
    assert photo.title_en == release.title_en
    assert photo.title_fr == release.title_fr
    assert photo.credit == "IOM/Ana Pérez"  # the original language's
    english = figure(client, release, "en")
    assert 'alt="Experts around a table"' in english
    assert f'src="/library/{name}"' in english
    assert "The meeting in Lima." in english
    assert "Photo: IOM/Ana Pérez" in english
    french = figure(client, release, "fr")
    assert 'alt="Des experts autour d’une table"' in french
    assert "La réunion à Lima." in french
    # The library finds it like any photo, by its texts.
    assert list(Image.objects.search("reunion lima")) == [photo]

    # One library image per file; a photo chosen from the library stays.
    images = dict(PressRelease.objects.values_list("pk", "image_id"))
    assert images[same_file.pk] == photo.pk
    assert images[kept.pk] == chosen.pk
    assert images[without.pk] is None
    assert Image.objects.filter(file=name).count() == 1

    # A person's photo: shown square on their page, as before without text.
    person = Person.objects.get(pk=person.pk)
    assert person.image.file.name == portrait
    assert person.image.title_en == "Amy Pope"
    assert person.image.alt_text == ""  # her name is the heading next to it
    assert Person.objects.get(pk=nobody.pk).image is None
    with override("en"):
        html = client.get(person.get_absolute_url()).content.decode()
    assert f'src="/library/{portrait}"' in html
    assert 'class="person-photo"' in html
