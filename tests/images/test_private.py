"""Library files answer 404 until something public uses their image
(issue 19): originals and renditions alike, decided at each request."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.management import call_command
from django.utils import timezone

from core import access
from images.models import ImageReference
from images.storage import library_storage
from news.models import Status
from tests.conftest import signed_in
from tests.images.factories import ImageFactory, photo_bytes
from tests.news.factories import EmbargoLinkFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def stored_photo(**fields):
    """An image with its original and one 16:9 rendition on disk."""
    storage = library_storage()
    original = storage.save(
        "images/originals/lead.jpg", ContentFile(photo_bytes((640, 360)))
    )
    image = ImageFactory(file=original, width=640, height=360, **fields)
    jpeg = storage.save(
        f"images/renditions/{image.pk}/16x9-480-abc.jpg",
        ContentFile(photo_bytes((480, 270))),
    )
    webp = storage.save(
        f"images/renditions/{image.pk}/16x9-480-abc.webp",
        ContentFile(photo_bytes((480, 270), image_format="WEBP")),
    )
    image.renditions = {
        "focal": [0.5, 0.5],
        "shapes": {"16:9": {"jpg": [[480, 270, jpeg]], "webp": [[480, 270, webp]]}},
    }
    image.save(update_fields=["renditions"])
    return image


def addresses(image) -> list[str]:
    """The original's address, a JPEG rendition's and a WebP one's."""
    cut = image.rendition("16:9")
    return [image.file.url, cut["url"], cut["webp_url"]]


def statuses(client, urls) -> list[int]:
    return [client.get(url).status_code for url in urls]


@pytest.fixture
def photo():
    return stored_photo()


def test_addresses_lead_through_the_library_view(photo):
    original, jpeg, webp = addresses(photo)
    assert original == "/library/images/originals/lead.jpg"
    assert jpeg == f"/library/images/renditions/{photo.pk}/16x9-480-abc.jpg"
    assert webp.endswith(".webp")


def test_the_files_are_not_kept_under_media_root(photo, settings):
    media = settings.MEDIA_ROOT
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]
    assert (settings.MEDIA_ROOT.parent / "private" / photo.file.name).exists()


def test_an_image_nothing_uses_is_not_found(client, photo):
    assert statuses(client, addresses(photo)) == [404, 404, 404]


def test_a_draft_releases_photo_is_not_found(client, photo):
    PressReleaseFactory(image=photo)
    assert statuses(client, addresses(photo)) == [404, 404, 404]


def test_a_public_releases_photo_is_served_to_anyone(client, photo):
    PressReleaseFactory(image=photo, published=True)
    assert statuses(client, addresses(photo)) == [200, 200, 200]


def test_a_public_photo_has_its_type_and_safe_headers(client, photo):
    PressReleaseFactory(image=photo, published=True)
    original, jpeg, webp = addresses(photo)
    response = client.get(jpeg)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="16x9-480-abc.jpg"'
    assert response["Cache-Control"] == "public, max-age=300"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert client.get(webp)["Content-Type"] == "image/webp"
    again = client.get(jpeg, headers={"if-modified-since": response["Last-Modified"]})
    assert again.status_code == 304


def test_a_scheduled_releases_photo_appears_at_its_time(client, photo):
    at = timezone.now() + datetime.timedelta(hours=1)
    PressReleaseFactory(image=photo, status=Status.PUBLISHED, published_at=at)
    assert statuses(client, addresses(photo)) == [404, 404, 404]
    with time_machine.travel(at + datetime.timedelta(seconds=1), tick=False):
        assert statuses(client, addresses(photo)) == [200, 200, 200]


def test_a_photo_is_not_found_again_once_its_release_is_unpublished(client, photo):
    release = PressReleaseFactory(image=photo, published=True)
    assert statuses(client, addresses(photo)) == [200, 200, 200]
    release.status = Status.DRAFT
    release.save()
    assert statuses(client, addresses(photo)) == [404, 404, 404]


def test_an_expired_releases_photo_is_not_found(client, photo):
    PressReleaseFactory(
        image=photo,
        published=True,
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert statuses(client, addresses(photo)) == [404, 404, 404]


def test_a_release_public_in_french_only_opens_its_photo(client, photo):
    PressReleaseFactory(
        image=photo, published=True, french=True, title_en="", body_en=""
    )
    assert statuses(client, addresses(photo)) == [200, 200, 200]


def test_one_public_use_is_enough(client, photo):
    PressReleaseFactory(image=photo)
    PressReleaseFactory(image=photo, published=True)
    assert statuses(client, addresses(photo)) == [200, 200, 200]


def test_the_decision_is_one_query(client, photo, django_assert_num_queries):
    PressReleaseFactory(image=photo, published=True)
    jpeg = addresses(photo)[1]
    with django_assert_num_queries(1):
        assert client.get(jpeg).status_code == 200


def test_names_not_of_the_image_are_not_found(client, photo):
    PressReleaseFactory(image=photo, published=True)
    storage = library_storage()
    other = stored_photo()
    stray = storage.save(
        f"images/renditions/{photo.pk}/stray.jpg", ContentFile(photo_bytes())
    )
    for url in [
        f"/library/{stray}",
        f"/library/images/renditions/{other.pk}/16x9-480-abc.jpg",
        f"/library/images/renditions/{photo.pk}/../../originals/lead.jpg",
        "/library/documents/report.pdf",
        "/library/images/renditions/99999999999999999999/x.jpg",
        "/library/images/originals/missing.jpg",
    ]:
        assert client.get(url).status_code == 404, url


def test_a_photo_in_a_public_body_is_served(client, photo):
    jpeg = addresses(photo)[1]
    release = PressReleaseFactory(body_en=f'<p><img src="{jpeg}" alt="x"></p>')
    assert statuses(client, addresses(photo)) == [404, 404, 404]
    release.status = Status.PUBLISHED
    release.published_at = timezone.now()
    release.save()
    assert statuses(client, addresses(photo)) == [200, 200, 200]
    # Taken out of the text: the photo is private again.
    release.body_en = "<p>No photo now.</p>"
    release.save()
    assert statuses(client, addresses(photo)) == [404, 404, 404]


def test_an_original_in_a_french_body_is_found_by_its_name(client, photo):
    PressReleaseFactory(
        published=True,
        french=True,
        body_fr=f'<p><img src="https://site.example{photo.file.url}" alt=""></p>',
    )
    assert statuses(client, addresses(photo)) == [200, 200, 200]


def test_a_deleted_release_no_longer_opens_its_body_photo(client, photo):
    jpeg = addresses(photo)[1]
    release = PressReleaseFactory(published=True, body_en=f'<img src="{jpeg}">')
    assert client.get(jpeg).status_code == 200
    release.delete()
    assert client.get(jpeg).status_code == 404


def test_staff_with_the_library_see_a_drafts_photo(photo, editor):
    PressReleaseFactory(image=photo)
    client = signed_in(editor)
    assert editor.has_perm("images.view_image") is True
    response = client.get(addresses(photo)[1])
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_staff_without_the_library_get_no_photo(photo, django_user_model):
    user = django_user_model.objects.create_user(
        username="clerk", password="pw-for-tests", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="view_pressrelease"))
    assert statuses(signed_in(user), addresses(photo)) == [404, 404, 404]


# Embargoed previews --------------------------------------------------------


def embargoed(photo, **link_fields):
    release = PressReleaseFactory(
        image=photo,
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    return EmbargoLinkFactory(release=release, **link_fields)


def preview_addresses(client, link) -> list[str]:
    """The library addresses the embargoed preview page shows."""
    html = client.get(link.get_absolute_url()).content.decode()
    found = re.findall(r'(?:src|srcset)="(/library/[^" ]+)', html)
    assert found
    return [url.replace("&amp;", "&") for url in found]


def test_an_embargo_reader_sees_the_photos_through_the_link(client, photo):
    link = embargoed(photo)
    urls = preview_addresses(client, link)
    assert all("?pass=" in url for url in urls)
    responses = [client.get(url) for url in urls]
    assert [r.status_code for r in responses] == [200] * len(urls)
    assert all("private" in r["Cache-Control"] for r in responses)
    # Without the pass, the same files stay closed.
    assert statuses(client, [url.split("?")[0] for url in urls]) == [404] * len(urls)


def test_the_embargo_pass_opens_a_photo_in_the_body(client, photo):
    jpeg = addresses(photo)[1]
    link = embargoed(stored_photo())
    link.release.body_en = f'<p><img src="{jpeg}" alt="A boat"></p>'
    link.release.save()
    html = client.get(link.get_absolute_url()).content.decode()
    (in_body,) = re.findall(rf'src="({re.escape(jpeg)}\?pass=[^"]+)"', html)
    assert client.get(in_body).status_code == 200
    assert client.get(jpeg).status_code == 404


def test_a_revoked_link_closes_its_photos(client, photo):
    link = embargoed(photo)
    urls = preview_addresses(client, link)
    link.revoked_at = timezone.now()
    link.save()
    assert statuses(client, urls) == [404] * len(urls)


def test_an_expired_link_closes_its_photos(client, photo):
    link = embargoed(photo, expires_at=timezone.now() + datetime.timedelta(hours=1))
    urls = preview_addresses(client, link)
    with time_machine.travel(link.expires_at + datetime.timedelta(seconds=1)):
        assert statuses(client, urls) == [404] * len(urls)


def test_a_pass_expires_after_its_own_lifetime(client, photo, settings):
    settings.FILE_PASS_MAX_AGE = 60
    link = embargoed(photo)
    urls = preview_addresses(client, link)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert statuses(client, urls) == [404] * len(urls)


def test_a_pass_for_another_release_opens_nothing_here(client, photo):
    other_link = embargoed(stored_photo())
    embargoed(photo)
    token = access.make_token("embargo", other_link.pk)
    assert statuses(client, [f"{url}?pass={token}" for url in addresses(photo)]) == [
        404,
        404,
        404,
    ]


def test_a_forged_or_unknown_pass_opens_nothing(client, photo):
    link = embargoed(photo)
    token = access.make_token("embargo", link.pk)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for value in [forged, access.make_token("other", link.pk), "x", ""]:
        urls = [f"{url}?pass={value}" for url in addresses(photo)]
        assert statuses(client, urls) == [404, 404, 404], value


# Remote storage (S3) --------------------------------------------------------


class FakeS3Storage(Storage):
    """What the view needs of django-storages' S3Storage: files elsewhere
    (no ``path()``) and a ``url()`` that signs for ``expire`` seconds."""

    files: dict[str, bytes] = {}

    def _save(self, name, content):
        self.files[name] = content.read()
        return name

    def exists(self, name):
        return name in self.files

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"https://bucket.example/{name}?X-Amz-Expires={expire}&X-Amz-Signature=s"


@pytest.fixture
def s3(settings):
    FakeS3Storage.files = {}
    settings.STORAGES = {
        **settings.STORAGES,
        "library": {"BACKEND": f"{__name__}.FakeS3Storage"},
    }
    settings.MEDIA_SIGNED_URL_EXPIRE = 120
    return FakeS3Storage.files


def test_with_s3_a_public_photo_redirects_to_a_signed_address(client, s3):
    image = ImageFactory(file="images/originals/remote.jpg")
    PressReleaseFactory(image=image, published=True)
    response = client.get(image.file.url)
    assert response.status_code == 302
    assert response["Location"] == (
        "https://bucket.example/images/originals/remote.jpg"
        "?X-Amz-Expires=120&X-Amz-Signature=s"
    )
    # Cached less long than the signed address lives.
    assert response["Cache-Control"] == "public, max-age=60"


def test_with_s3_a_drafts_photo_is_not_found(client, s3):
    image = ImageFactory(file="images/originals/remote.jpg")
    PressReleaseFactory(image=image)
    assert client.get(image.file.url).status_code == 404


def test_with_s3_uploads_go_to_the_bucket(s3):
    image = stored_photo()
    assert image.file.name in s3


# After upgrading ------------------------------------------------------------


def test_move_library_files_takes_old_files_out_of_media(client, settings):
    from django.core.files.storage import default_storage

    old = default_storage.save("images/originals/old.jpg", ContentFile(photo_bytes()))
    image = ImageFactory(file=old)
    PressReleaseFactory(image=image, published=True)
    assert client.get(image.file.url).status_code == 404

    call_command("move_library_files", "--dry-run", stdout=StringIO())
    assert default_storage.exists(old) is True

    out = StringIO()
    call_command("move_library_files", stdout=out)
    assert "moved 1 files" in out.getvalue()
    assert default_storage.exists(old) is False
    assert client.get(image.file.url).status_code == 200


def test_rebuild_image_references_reads_texts_saved_before(client, photo):
    jpeg = addresses(photo)[1]
    PressReleaseFactory(published=True, body_en=f'<img src="{jpeg}" alt="">')
    ImageReference.objects.all().delete()
    assert client.get(jpeg).status_code == 404
    call_command("rebuild_image_references", stdout=StringIO())
    assert client.get(jpeg).status_code == 200


def test_public_pages_carry_no_pass(client, photo):
    release = PressReleaseFactory(image=photo, published=True)
    html = client.get(release.get_absolute_url()).content.decode()
    assert addresses(photo)[1] in html
    assert "pass=" not in html


# Outside reviewers ----------------------------------------------------------


def test_an_outside_reviewer_sees_a_drafts_photos_through_the_link(photo, publisher):
    from django.test import Client

    from reviews.models import ReviewLink
    from tests.reviews.test_outside_review import send_link

    in_body = stored_photo()
    body_jpeg = addresses(in_body)[1]
    release = PressReleaseFactory(
        image=photo, body_en=f'<p><img src="{body_jpeg}" alt="A boat"></p>'
    )
    reader = Client()
    html = reader.get(send_link(publisher, release)).content.decode()
    urls = [
        url.replace("&amp;", "&")
        for url in re.findall(r'src="(/library/[^"]+\?pass=[^"]+)"', html)
    ]
    assert len(urls) == 2  # the lead photo and the one in the text
    assert statuses(reader, urls) == [200, 200]
    assert statuses(reader, [url.split("?")[0] for url in urls]) == [404, 404]
    ReviewLink.objects.update(revoked_at=timezone.now())
    assert statuses(reader, urls) == [404, 404]


# Rights that expire ----------------------------------------------------------


def test_an_expired_photos_addresses_show_the_placeholder(client, photo):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    PressReleaseFactory(published=True, image=photo)
    photo.rights_expire_on = yesterday
    photo.save(update_fields=["rights_expire_on"])
    for url in addresses(photo):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/static/iomsite/image-withdrawn.svg"


def test_an_expired_photo_is_still_shown_to_the_library_editors(photo, editor):
    PressReleaseFactory(published=True, image=photo)
    photo.rights_expire_on = timezone.localdate() - datetime.timedelta(days=1)
    photo.save(update_fields=["rights_expire_on"])
    assert statuses(signed_in(editor), addresses(photo)) == [200, 200, 200]


def test_an_expired_photo_used_by_nothing_public_stays_not_found(client, photo):
    PressReleaseFactory(image=photo)
    photo.rights_expire_on = timezone.localdate() - datetime.timedelta(days=1)
    photo.save(update_fields=["rights_expire_on"])
    assert statuses(client, addresses(photo)) == [404, 404, 404]


def test_a_body_photo_whose_rights_expired_gives_way_to_the_placeholder(client, photo):
    jpeg = addresses(photo)[1]
    release = PressReleaseFactory(
        published=True,
        body_en=f'<p>Before.</p><p><img src="{jpeg}" alt="A queue at dawn"></p>',
    )
    html = client.get(release.get_absolute_url()).content.decode()
    assert 'alt="A queue at dawn"' in html
    photo.rights_expire_on = timezone.localdate() - datetime.timedelta(days=1)
    photo.save(update_fields=["rights_expire_on"])
    html = client.get(release.get_absolute_url()).content.decode()
    assert "A queue at dawn" not in html
    assert jpeg not in html
    placeholder = re.search(r'<span class="image-withdrawn">.*?</span></span>', html)
    assert placeholder, html
    assert 'src="/static/iomsite/image-withdrawn.svg" alt=""' in placeholder.group(0)
    assert "Image no longer available" in placeholder.group(0)
    assert "<p>Before.</p>" in html


# Addresses from before the library -----------------------------------------


def test_an_old_media_address_leads_to_the_library(client, photo):
    for url in addresses(photo):
        name = url.split("/library/", 1)[1]
        response = client.get(f"/media/{name}")
        assert response.status_code == 301
        assert response["Location"] == url
    # Where it leads still decides: nothing public uses the photo yet.
    assert (
        client.get(
            f"/media/{addresses(photo)[0].split('/library/', 1)[1]}", follow=True
        ).status_code
        == 404
    )
    assert client.get("/media/images/../settings.py").status_code == 404
    assert client.get("/media/images/other/thing.jpg").status_code == 404
