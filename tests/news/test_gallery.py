"""A release's gallery of library photos and its ordered "Downloads" block:
chosen in the admin, shown to readers, kept through drafts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from editorial.models import Draft
from images.models import Image
from news.models import ReleaseDocument, ReleaseImage
from tests.documents.factories import DocumentFactory, DocumentFileFactory
from tests.editorial.test_conflicts import change_url, opened
from tests.news.conftest import release_form_data
from tests.news.factories import (
    PressReleaseFactory,
    ReleaseDocumentFactory,
    ReleaseImageFactory,
)
from tests.news.test_library_photos import library_photo

pytestmark = pytest.mark.django_db


def page(client, release, language="en") -> str:
    with override(language):
        response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def gallery(html: str) -> str:
    found = re.search(r'<section class="release-gallery".*?</section>', html, re.S)
    return found.group(0) if found else ""


def downloads(html: str) -> list[str]:
    block = re.search(r'<section class="release-downloads".*?</section>', html, re.S)
    return re.findall(r"download[^>]*>([^<]+)</a>\n", block.group(0)) if block else []


def test_an_editor_chooses_gallery_photos_and_their_order_in_the_admin(
    admin_client,
):
    first = library_photo(title_en="Quay")
    second = library_photo(title_en="Shelter")
    data = release_form_data(
        **{
            "gallery_links-TOTAL_FORMS": "2",
            "gallery_links-0-image": str(first.pk),
            "gallery_links-0-sort_order": "2",
            "gallery_links-1-image": str(second.pk),
            "gallery_links-1-sort_order": "1",
        }
    )
    response = admin_client.post(reverse("admin:news_pressrelease_add"), data)
    assert response.status_code == 302, response.context["errors"]
    links = ReleaseImage.objects.order_by("sort_order")
    assert [link.image.title_en for link in links] == ["Shelter", "Quay"]


def test_the_gallery_chooser_searches_the_library_with_credits(admin_client):
    html = admin_client.get(reverse("admin:news_pressrelease_add")).content.decode()
    select = re.search(
        r'<select name="gallery_links-__prefix__-image"[^>]*>', html
    ).group(0)
    assert f'data-ajax--url="{reverse("admin:images_image_autocomplete")}"' in select
    library_photo(title_en="Quay")
    library_photo(title_en="Shelter")
    response = admin_client.get(
        reverse("admin:images_image_autocomplete"),
        {
            "term": "quay",
            "app_label": "news",
            "model_name": "releaseimage",
            "field_name": "image",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == [
        "Quay (photo: IOM/Ana Muñoz)"
    ]


def test_the_same_photo_twice_in_a_gallery_is_refused_with_the_form_kept(
    admin_client,
):
    photo = library_photo()
    data = release_form_data(
        **{
            "gallery_links-TOTAL_FORMS": "2",
            "gallery_links-0-image": str(photo.pk),
            "gallery_links-0-sort_order": "1",
            "gallery_links-1-image": str(photo.pk),
            "gallery_links-1-sort_order": "2",
        }
    )
    response = admin_client.post(reverse("admin:news_pressrelease_add"), data)
    assert response.status_code == 200
    assert "Please correct the duplicate data for image." in (response.content.decode())
    assert 'value="Un communiqué"' in response.content.decode()
    assert not ReleaseImage.objects.exists()


def test_readers_see_the_gallery_in_order_with_captions_and_credits(client):
    release = PressReleaseFactory(published=True, french=True)
    ReleaseImageFactory(
        release=release,
        sort_order=2,
        image=library_photo(caption_en="Second", credit="IOM/B"),
    )
    ReleaseImageFactory(
        release=release,
        sort_order=1,
        image=library_photo(caption_en="First", credit="IOM/A"),
    )
    section = gallery(page(client, release))
    assert '<h2 id="gallery-title">Photos</h2>' in section
    assert section.index("First") < section.index("Second")
    # A list of figures, each with its caption and credit, loaded lazily.
    assert section.count("<li>") == 2
    assert section.count("<figure>") == 2
    assert (
        '<figcaption><span>First</span> <span class="credit">Photo: IOM/A</span>'
        "</figcaption>"
    ) in section
    assert section.count('loading="lazy"') == 2
    assert (
        'srcset="/library/r/card-480.jpg 480w, /library/r/card-960.jpg 960w"' in section
    )
    assert 'alt="People queue at a border post."' in section


def test_the_gallery_speaks_the_readers_language(client):
    release = PressReleaseFactory(published=True, french=True)
    ReleaseImageFactory(release=release, image=library_photo())
    section = gallery(page(client, release, "fr"))
    assert "Tumbes, à l&#x27;aube." in section
    assert 'alt="Des personnes font la queue à un poste frontière."' in section


def test_gallery_photos_whose_rights_expired_are_left_out(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    release = PressReleaseFactory(published=True)
    ReleaseImageFactory(
        release=release,
        image=library_photo(caption_en="Gone", rights_expire_on=yesterday),
    )
    ReleaseImageFactory(
        release=release,
        image=library_photo(caption_en="Today", rights_expire_on=timezone.localdate()),
    )
    section = gallery(page(client, release))
    assert "Today" in section
    assert "Gone" not in section


def test_a_gallery_with_only_expired_photos_is_not_shown(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    release = PressReleaseFactory(published=True)
    ReleaseImageFactory(
        release=release, image=library_photo(rights_expire_on=yesterday)
    )
    assert gallery(page(client, release)) == ""


def test_a_photo_in_a_gallery_cannot_be_deleted_from_the_library(admin_client):
    release = PressReleaseFactory(title_en="Floods in Peru")
    photo = ReleaseImageFactory(release=release, image=library_photo()).image
    change = admin_client.get(reverse("admin:images_image_change", args=[photo.pk]))
    assert "Floods in Peru" in change.content.decode()
    response = admin_client.post(
        reverse("admin:images_image_changelist"),
        {"action": "delete_selected", "_selected_action": [photo.pk], "post": "yes"},
    )
    html = response.content.decode()
    assert "None of the selected images was deleted" in html
    assert "<li>Gallery photo: Floods in Peru</li>" in html
    assert Image.objects.filter(pk=photo.pk).exists()


def test_downloads_follow_the_order_editors_set(client):
    release = PressReleaseFactory(published=True)
    for title, order in (("Annex", 3), ("Report", 1), ("Budget", 2)):
        document = DocumentFactory(title_en=title)
        DocumentFileFactory(document=document)
        ReleaseDocumentFactory(release=release, document=document, sort_order=order)
    assert downloads(page(client, release)) == ["Report", "Budget", "Annex"]


def test_an_editor_orders_the_downloads_in_the_admin(admin_client, client):
    annex, report = (
        DocumentFactory(title_en="Annex"),
        DocumentFactory(title_en="Report"),
    )
    data = release_form_data(
        **{
            "release_documents-TOTAL_FORMS": "2",
            "release_documents-0-document": str(annex.pk),
            "release_documents-0-sort_order": "2",
            "release_documents-1-document": str(report.pk),
            "release_documents-1-sort_order": "1",
        }
    )
    response = admin_client.post(reverse("admin:news_pressrelease_add"), data)
    assert response.status_code == 302, response.context["errors"]
    links = ReleaseDocument.objects.order_by("sort_order")
    assert [str(link.document) for link in links] == ["Report", "Annex"]


def test_gallery_changes_to_a_live_release_wait_for_a_publisher(
    editor_client, publisher_client, client
):
    release = PressReleaseFactory(published=True, french=True)
    photo = library_photo(caption_en="New photo")
    form = opened(editor_client, release)
    form.update(
        {
            "gallery_links-TOTAL_FORMS": "1",
            "gallery_links-0-image": str(photo.pk),
            "gallery_links-0-sort_order": "0",
        }
    )
    assert editor_client.post(change_url(release), form).status_code == 302
    assert not ReleaseImage.objects.exists()
    assert "New photo" not in page(client, release)
    assert Draft.objects.count() == 1

    review = opened(publisher_client, release)
    review.update(editorial_decision="approve", editorial_review_comment="")
    url = reverse("admin:news_pressrelease_draft_review", args=[release.pk])
    assert publisher_client.post(url, review).status_code == 302
    assert [link.image for link in release.gallery_links.all()] == [photo]
    assert "New photo" in gallery(page(client, release))


@pytest.mark.parametrize("count", [1, 3])
def test_documents_and_a_gallery_cost_one_query_each_only_when_there(
    client, django_assert_num_queries, count
):
    bare = PressReleaseFactory(published=True)
    with CaptureQueriesContext(connection) as without:
        page(client, bare)
    release = PressReleaseFactory(published=True)
    for order in range(count):
        document = DocumentFactory(title_en=f"Annex {order}")
        DocumentFileFactory(document=document)
        ReleaseDocumentFactory(release=release, document=document, sort_order=order)
        ReleaseImageFactory(
            release=release,
            sort_order=order,
            image=library_photo(caption_en=f"Photo {order}"),
        )
    # The documents, their files and the gallery (with its photos).
    with django_assert_num_queries(len(without) + 3):
        html = page(client, release)
    assert downloads(html) == [f"Annex {order}" for order in range(count)]
    assert gallery(html).count("<figure>") == count
