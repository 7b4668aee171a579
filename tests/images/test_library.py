import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from images.models import Image
from tests.images.factories import (
    CollectionFactory,
    ImageFactory,
    LicenceFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/images/image/"


def listed(response) -> list[str]:
    return sorted(image.title for image in response.context["cl"].result_list)


def test_search_ignores_accents_both_ways(admin_client):
    ImageFactory(title_en="Port", caption_fr="Arrivées au port de Pérou")
    ImageFactory(title_en="Desk", credit="Ana Muñoz")
    ImageFactory(title_en="Field", alt_text_es="Niños en la escuela")

    assert listed(admin_client.get(LIBRARY, {"q": "perou"})) == ["Port"]
    assert listed(admin_client.get(LIBRARY, {"q": "PÉROU arrivees"})) == ["Port"]
    assert listed(admin_client.get(LIBRARY, {"q": "munoz"})) == ["Desk"]
    assert listed(admin_client.get(LIBRARY, {"q": "ninos"})) == ["Field"]
    assert listed(admin_client.get(LIBRARY, {"q": "perou munoz"})) == []


def test_search_finds_tags_set_in_the_change_form(admin_client):
    image = ImageFactory(title_en="Camp")
    tag = TagFactory(name="Réfugiés")
    response = admin_client.post(
        f"{LIBRARY}{image.pk}/change/",
        {"title_en": "Camp", "focal_x": "0.5", "focal_y": "0.5", "tags": [tag.pk]},
    )
    assert response.status_code == 302
    assert listed(admin_client.get(LIBRARY, {"q": "refugies"})) == ["Camp"]


def test_the_search_text_follows_every_language_and_the_credit():
    image = ImageFactory(title_en="Boat", title_fr="Bâteau", credit="Zoë")
    assert Image.objects.search("bateau zoe").get() == image
    image.title_fr = "Navire"
    image.save()
    assert not Image.objects.search("bateau").exists()


def test_filters_by_collection_licence_orientation_and_year(admin_client):
    lima = CollectionFactory(name_en="Lima office")
    open_licence = LicenceFactory(name_en="CC BY 4.0")
    ImageFactory(title_en="Wide", width=1600, height=900, collection=lima)
    ImageFactory(title_en="Tall", width=600, height=900, licence=open_licence)
    square = ImageFactory(title_en="Square", width=500, height=500)
    Image.objects.filter(pk=square.pk).update(
        uploaded_at=timezone.make_aware(datetime.datetime(2019, 5, 1))
    )

    assert listed(admin_client.get(LIBRARY, {"collection__id__exact": lima.pk})) == [
        "Wide"
    ]
    assert listed(
        admin_client.get(LIBRARY, {"licence__id__exact": open_licence.pk})
    ) == ["Tall"]
    assert listed(admin_client.get(LIBRARY, {"orientation": "landscape"})) == ["Wide"]
    assert listed(admin_client.get(LIBRARY, {"orientation": "portrait"})) == ["Tall"]
    assert listed(admin_client.get(LIBRARY, {"orientation": "square"})) == ["Square"]
    response = admin_client.get(LIBRARY, {"uploaded": "2019"})
    assert listed(response) == ["Square"]
    assert b"2019" in response.content


def test_odd_filter_values_show_the_whole_library(admin_client):
    ImageFactory(title_en="One")
    for query in ({"uploaded": "99999"}, {"uploaded": "-1"}, {"orientation": "x"}):
        response = admin_client.get(LIBRARY, query)
        assert response.status_code == 200


def test_the_library_shows_a_thumbnail_from_a_small_crop_once_made(admin_client):
    waiting = ImageFactory(title_en="Waiting")
    made = ImageFactory(
        title_en="Made",
        renditions={
            "focal": [0.5, 0.5],
            "shapes": {
                "4:3": {"jpg": [[480, 360, "images/renditions/9/4x3-480-a.jpg"]]}
            },
        },
    )
    page = admin_client.get(LIBRARY).content.decode()
    assert f'src="/library/{waiting.file.name}"' in page
    assert 'src="/library/images/renditions/9/4x3-480-a.jpg"' in page
    assert f'src="/library/{made.file.name}"' not in page


# Session, user, second-factor device, unread notifications; the collection
# and licence filters, the first and last years; the count and the page.
QUERIES = 9


@pytest.mark.parametrize("rows", [10, 200])
def test_library_query_count_is_flat(admin_client, django_assert_num_queries, rows):
    collection, licence = CollectionFactory(), LicenceFactory()
    ImageFactory.create_batch(rows, collection=collection, licence=licence)
    admin_client.get(LIBRARY)  # the session and the user, read once
    with django_assert_num_queries(QUERIES):
        response = admin_client.get(LIBRARY)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == min(rows, 50)


def choosers() -> dict[str, str]:
    """The library's two choosers, as ``make bench`` times them
    (bench/library.py): the photo field's autocomplete and the rich-text
    editor's browse dialog."""
    autocomplete = (
        reverse("admin:images_image_autocomplete")
        + "?app_label=news&model_name=pressrelease&field_name=image"
    )
    browse = reverse("ckeditor_browse") + "?CKEditor=id_body_fr&CKEditorFuncNum=1"
    return {
        "autocomplete": autocomplete,
        "autocomplete, typed": f"{autocomplete}&term=photo",
        "browse": browse,
        "browse, searched": f"{browse}&q=photo&page=2",
        "library, searched and deep": f"{LIBRARY}?q=photo&p=2",
    }


# Session, user, second-factor device, then the chooser's own: a count and
# a page (the library list: its filters too).
CHOOSER_QUERIES = {
    "autocomplete": 5,
    "autocomplete, typed": 5,
    "browse": 5,
    "browse, searched": 5,
    "library, searched and deep": QUERIES,
}


@pytest.mark.parametrize("name", list(CHOOSER_QUERIES))
@pytest.mark.parametrize("rows", [10, 100])
def test_chooser_query_counts_are_the_same_at_10_and_100_images(
    admin_client, django_assert_num_queries, rows, name
):
    collection, licence = CollectionFactory(), LicenceFactory()
    ImageFactory.create_batch(rows, collection=collection, licence=licence)
    url = choosers()[name]
    admin_client.get(url)  # the session and the user, read once
    with django_assert_num_queries(CHOOSER_QUERIES[name]):
        response = admin_client.get(url)
    assert response.status_code == 200


def test_images_past_their_rights_expiry_are_not_usable():
    today = timezone.localdate()
    ImageFactory(title_en="Free")
    ImageFactory(title_en="Until today", rights_expire_on=today)
    ImageFactory(
        title_en="Expired", rights_expire_on=today - datetime.timedelta(days=1)
    )
    usable = sorted(Image.objects.usable().values_list("title_en", flat=True))
    assert usable == ["Free", "Until today"]


def test_each_image_of_the_library_list_can_be_selected_for_an_action(admin_client):
    image = ImageFactory(title_en="Quay <at dawn>")
    html = admin_client.get(LIBRARY).content.decode()
    assert 'id="action-toggle"' in html
    assert (
        f'<input type="checkbox" name="_selected_action" value="{image.pk}" '
        'class="action-select" aria-label="Select this object for an action - '
        'Quay &lt;at dawn&gt;">'
    ) in html
