"""Releases showing a photo from the image library: page, cards, sharing."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from news.models import PressRelease
from tests.images.factories import ImageFactory
from tests.news.factories import DatelinePlaceFactory, PressReleaseFactory
from tests.reviews.test_outside_review import send_link

pytestmark = pytest.mark.django_db

# As the background task writes them (images.tasks): [width, height, name].
RENDITIONS = {
    "focal": [0.5, 0.5],
    "shapes": {
        "16:9": {
            "jpg": [[480, 270, "r/wide-480.jpg"], [1600, 900, "r/wide-1600.jpg"]],
            "webp": [[480, 270, "r/wide-480.webp"], [1600, 900, "r/wide-1600.webp"]],
        },
        "4:3": {
            "jpg": [[480, 360, "r/card-480.jpg"], [960, 720, "r/card-960.jpg"]],
            "webp": [[480, 360, "r/card-480.webp"], [960, 720, "r/card-960.webp"]],
        },
        "social": {"jpg": [[1200, 630, "r/social-1200.jpg"]]},
    },
}


def library_photo(**kwargs):
    fields = {
        "title_en": "Border post",
        "alt_text_en": "People queue at a border post.",
        "alt_text_fr": "Des personnes font la queue à un poste frontière.",
        "caption_en": "Tumbes, at dawn.",
        "caption_fr": "Tumbes, à l'aube.",
        "credit": "IOM/Ana Muñoz",
        "renditions": RENDITIONS,
        **kwargs,
    }
    return ImageFactory(**fields)


def bilingual_release(**kwargs):
    return PressReleaseFactory(published=True, french=True, **kwargs)


def page(client, release, language):
    with override(language):
        response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def list_url():
    return reverse("news:release-list")


def figure(html: str) -> str:
    found = re.search(r'<figure class="lead-image">.*?</figure>', html, re.S)
    assert found, "no lead image on the page"
    return unescape(found.group(0))


def meta(html: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{name}" content="([^"]*)"', html)
    return unescape(found.group(1)) if found else ""


@pytest.mark.parametrize(
    ("language", "alt", "caption"),
    [
        ("en", "People queue at a border post.", "Tumbes, at dawn."),
        (
            "fr",
            "Des personnes font la queue à un poste frontière.",
            "Tumbes, à l'aube.",
        ),
    ],
)
def test_release_page_shows_the_library_photo_in_the_readers_language(
    client, language, alt, caption
):
    release = bilingual_release(image=library_photo())
    shown = figure(page(client, release, language))
    assert f'alt="{alt}"' in shown
    assert "/library/r/wide-1600.jpg" in shown
    assert 'sizes="(min-width: 72rem) 68rem, 100vw"' in shown
    assert caption in shown
    assert "IOM/Ana Muñoz" in shown
    assert "lang=" not in shown  # nothing falls back


def test_an_alt_text_missing_in_the_language_falls_back_marked_with_its_own(client):
    photo = library_photo(alt_text_fr="", caption_fr="")
    release = bilingual_release(image=photo)
    shown = figure(page(client, release, "fr"))
    assert '<div class="lead-image-picture" lang="en">' in shown
    assert 'alt="People queue at a border post."' in shown
    assert '<span lang="en">Tumbes, at dawn.</span>' in shown


def test_og_image_is_the_social_rendition_with_its_size(client):
    release = bilingual_release(image=library_photo())
    html = page(client, release, "fr")
    assert meta(html, "og:image") == "http://testserver/library/r/social-1200.jpg"
    assert meta(html, "og:image:width") == "1200"
    assert meta(html, "og:image:height") == "630"
    assert meta(html, "twitter:image") == "http://testserver/library/r/social-1200.jpg"
    assert meta(html, "og:image:alt") == (
        "Des personnes font la queue à un poste frontière."
    )


def test_og_image_is_the_original_until_renditions_exist(client):
    photo = library_photo(renditions={}, width=2000, height=1000)
    release = bilingual_release(image=photo)
    html = page(client, release, "en")
    assert meta(html, "og:image") == f"http://testserver/library/{photo.file.name}"
    assert meta(html, "og:image:width") == "2000"
    assert meta(html, "og:image:height") == "1000"
    # The page still shows the photo, scaled by the browser.
    assert f"/library/{photo.file.name}" in figure(html)


def test_cards_use_the_four_by_three_cut(client):
    bilingual_release(image=library_photo())
    with override("fr"):
        response = client.get(list_url())
    html = response.content.decode()
    card = re.search(r'<picture class="release-thumbnail">.*?</picture>', html, re.S)
    assert card
    assert 'srcset="/library/r/card-480.webp"' in card.group(0)
    assert 'src="/library/r/card-480.jpg"' in card.group(0)
    assert 'width="480" height="360"' in card.group(0)
    assert "wide-" not in card.group(0)


def test_a_photo_whose_rights_have_expired_gives_way_to_a_placeholder(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    release = bilingual_release(image=library_photo(rights_expire_on=yesterday))
    html = page(client, release, "en")
    assert '<figure class="lead-image">' not in html
    assert "border post" not in html
    # The same box, a picture that says nothing, and words for everyone.
    placeholder = re.search(r'<figure class="image-withdrawn">.*?</figure>', html, re.S)
    assert placeholder
    assert (
        'src="/static/iomsite/image-withdrawn.svg" alt="" width="1600" height="900"'
        in (placeholder.group(0))
    )
    assert "<figcaption>Image no longer available</figcaption>" in placeholder.group(0)
    # Networks are given the site's own picture.
    assert meta(html, "og:image") == "http://testserver/static/iomsite/share.png"
    assert meta(html, "og:image:width") == "1200"
    assert "og:image:alt" not in html
    with override("en"):
        cards = client.get(list_url()).content.decode()
    card = re.search(r'<picture class="release-thumbnail">.*?</picture>', cards, re.S)
    assert 'src="/static/iomsite/image-withdrawn.svg" alt=""' in card.group(0)
    assert "/media/r/" not in cards


def test_a_photo_whose_rights_end_today_is_still_shown(client):
    release = bilingual_release(
        image=library_photo(rights_expire_on=timezone.localdate())
    )
    assert "People queue at a border post." in figure(page(client, release, "en"))


@pytest.mark.cold
@pytest.mark.parametrize("rows", [1, 10])
def test_list_query_count_stays_flat_with_library_photos(
    client, django_assert_num_queries, rows
):
    for _ in range(rows):
        release = PressReleaseFactory(published=True, image=library_photo())
        DatelinePlaceFactory(release=release)
    # As without photos (test_views): the photos come in the releases' query.
    with django_assert_num_queries(7):  # with the kinds of item offered
        response = client.get(list_url())
    assert response.content.decode().count("/library/r/card-480.jpg") == rows


@pytest.mark.cold
@pytest.mark.parametrize("rows", [1, 4])
def test_release_page_query_count_stays_flat_with_library_photos(
    client, django_assert_num_queries, rows
):
    release = PressReleaseFactory(published=True, image=library_photo())
    office = DatelinePlaceFactory(release=release).office
    release.country_offices.add(office)
    for _ in range(rows):
        other = PressReleaseFactory(published=True, image=library_photo())
        other.country_offices.add(office)
    # release (with its photo) + related releases (with theirs) + dateline
    # places + contacts + offices + topics + menu: a photo adds no query.
    with django_assert_num_queries(7):
        response = client.get(release.get_absolute_url())
    assert len(response.context["press_release"].related) == min(rows, 3)


def test_for_listing_loads_the_photo_with_the_release(django_assert_num_queries):
    PressReleaseFactory(published=True, image=library_photo())
    with django_assert_num_queries(2):  # releases (with photos) + datelines
        releases = list(PressRelease.objects.for_listing())
        assert releases[0].shown_image.title == "Border post"


def test_an_outside_reviewer_sees_the_library_photo_in_each_language(publisher):
    release = PressReleaseFactory(french=True, image=library_photo())
    html = Client().get(send_link(publisher, release)).text
    assert 'alt="People queue at a border post."' in html
    assert 'alt="Des personnes font la queue à un poste frontière."' in html
    assert "/library/r/wide-480.jpg" in html
    assert "IOM/Ana Muñoz" in html
