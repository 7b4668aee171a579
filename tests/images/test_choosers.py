"""People, offices and content pages choose their photo from the library,
with the same chooser as releases, and the library knows where each is used."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from images.models import Image
from organization.models import Person
from tests.editorial.html_forms import change_form_data
from tests.factories import PageFactory
from tests.images.factories import ImageFactory, photo_bytes
from tests.news.images import HTML, upload
from tests.organization.factories import CountryOfficeFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/images/image/"
AUTOCOMPLETE = reverse("admin:images_image_autocomplete")
UPLOAD = reverse("admin:images_image_upload")
CUTS = {
    "jpg": [[480, 270, "r/cut-480.jpg"], [960, 540, "r/cut-960.jpg"]],
    "webp": [[480, 270, "r/cut-480.webp"], [960, 540, "r/cut-960.webp"]],
}


def library_photo(**kwargs):
    fields = {
        "title_en": "Border post",
        "alt_text_en": "People queue at a border post.",
        "alt_text_fr": "Des personnes font la queue à un poste frontière.",
        "caption_en": "Tumbes, at dawn.",
        "credit": "IOM/Ana Muñoz",
        "renditions": {
            "focal": [0.5, 0.5],
            "shapes": {
                "16:9": CUTS,
                "1:1": {"jpg": [[320, 320, "r/square-320.jpg"]]},
                "4:3": {"jpg": [[480, 360, "r/card-480.jpg"]]},
                "social": {"jpg": [[1200, 630, "r/social-1200.jpg"]]},
            },
        },
        **kwargs,
    }
    return ImageFactory(**fields)


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def public_page(client, obj, language="en") -> str:
    with override(language):
        response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def meta(html: str, name: str) -> str:
    found = re.search(rf'<meta property="{name}" content="([^"]*)">', html)
    return found.group(1) if found else ""


# The chooser in the admin -------------------------------------------------

USERS = {
    "person": lambda image: PersonFactory(image=image),
    "office": lambda image: CountryOfficeFactory(image=image),
    "page": lambda image: PageFactory(image=image),
}


@pytest.mark.parametrize("kind", USERS)
def test_the_form_chooses_from_the_library_and_shows_the_chosen_photo(
    admin_client, kind
):
    photo = library_photo()
    form = admin_client.get(change_url(USERS[kind](photo))).content.decode()
    # The library's own autocomplete, its label with the credit...
    assert f'data-ajax--url="{AUTOCOMPLETE}"' in form
    assert "Border post (photo: IOM/Ana Muñoz)" in form
    # ... the "+" that uploads a new photo in a popup, and a thumbnail.
    assert 'id="add_id_image"' in form
    assert "/admin/images/image/add/?_to_field=id&amp;_popup=1" in form
    assert "/library/r/card-480.jpg" in form


@pytest.mark.parametrize(
    ("app_label", "model_name"),
    [("organization", "person"), ("organization", "countryoffice"), ("pages", "page")],
)
def test_the_autocomplete_finds_photos_for_each_form(
    admin_client, app_label, model_name
):
    library_photo()
    ImageFactory(title_en="Harbour", credit="")
    params = {
        "app_label": app_label,
        "model_name": model_name,
        "field_name": "image",
        "term": "munoz",
    }
    found = admin_client.get(AUTOCOMPLETE, params).json()["results"]
    assert [result["text"] for result in found] == [
        "Border post (photo: IOM/Ana Muñoz)"
    ]


def test_an_editor_gives_a_person_a_library_photo(admin_client):
    photo = library_photo()
    person = PersonFactory(name="Amy Pope")
    html = admin_client.get(change_url(person)).content.decode()
    form = {**change_form_data(html, "person_form"), "image": photo.pk}
    response = admin_client.post(change_url(person), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Person.objects.get(pk=person.pk).image == photo


def test_the_form_warns_of_a_photo_without_alternative_text(admin_client):
    office = CountryOfficeFactory(image=library_photo(alt_text_en="", alt_text_fr=""))
    form = admin_client.get(change_url(office)).content.decode()
    assert "It has no alternative text yet" in form


# Uploading from the chooser's "+" ---------------------------------------


def test_the_add_button_opens_the_upload_page_as_a_popup(admin_client):
    response = admin_client.get(f"{LIBRARY}add/?_to_field=id&_popup=1")
    assert response.status_code == 302
    assert response["Location"] == f"{UPLOAD}?_popup=1&_to_field=id"
    page = admin_client.get(response["Location"]).content.decode()
    assert 'name="_popup" value="1"' in page
    assert 'name="alt_text"' in page


def test_a_photo_uploaded_in_the_popup_is_chosen_in_the_form(admin_client):
    response = admin_client.post(
        f"{UPLOAD}?_popup=1&_to_field=id",
        {
            "_popup": "1",
            "_to_field": "id",
            "file": upload("lima.jpg", photo_bytes()),
            "title": "Port of Callao",
            "alt_text": "Containers on the quay.",
        },
    )
    assert response.status_code == 200
    photo = Image.objects.get()
    assert photo.title_en == "Port of Callao"
    assert photo.alt_text_en == "Containers on the quay."
    # Django's popup answer, which puts the new photo in the chooser.
    assert response.templates[0].name == "admin/popup_response.html"
    data = response.context["popup_response_data"]
    assert f'"value": "{photo.pk}"' in data
    assert "Port of Callao" in data


def test_a_refused_file_in_the_popup_says_why_and_keeps_the_texts(admin_client):
    response = admin_client.post(
        f"{UPLOAD}?_popup=1",
        {
            "_popup": "1",
            "file": upload("page.jpg", HTML),
            "title": "Port of Callao",
            "alt_text": "Containers on the quay.",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="errornote"' in page
    assert "Choose the file again." in page
    assert 'value="Port of Callao"' in page
    assert 'value="Containers on the quay."' in page
    assert not Image.objects.exists()


def test_the_popup_refuses_a_field_it_may_not_answer_with(admin_client):
    response = admin_client.post(
        f"{UPLOAD}?_popup=1",
        {
            "_popup": "1",
            "_to_field": "search_text",
            "file": upload("a.jpg", photo_bytes()),
        },
    )
    photo = Image.objects.get()
    assert f'"value": "{photo.pk}"' in response.context["popup_response_data"]


# Where used, and deletion refused ------------------------------------------


def test_the_image_page_lists_people_offices_and_pages_using_it(admin_client):
    photo = library_photo()
    person = PersonFactory(name="Amy Pope", image=photo)
    office = CountryOfficeFactory(country="PE", image=photo)
    page = PageFactory(title_en="Who we are", image=photo)
    html = admin_client.get(f"{LIBRARY}{photo.pk}/change/").content.decode()
    assert f'<a href="{change_url(person)}">Amy Pope</a> (person)' in html
    assert f'<a href="{change_url(office)}">Peru</a> (country office)' in html
    assert f'<a href="{change_url(page)}">Who we are</a> (content page)' in html
    assert set(photo.uses()) == {person, office, page}


@pytest.mark.parametrize("kind", USERS)
def test_an_image_used_by_a_person_office_or_page_is_not_deleted(admin_client, kind):
    photo = library_photo()
    user = USERS[kind](photo)
    url = f"{LIBRARY}{photo.pk}/delete/"
    html = admin_client.get(url).content.decode()
    assert "Choose another photo for them first" in html
    assert change_url(user) in html
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Image.objects.filter(pk=photo.pk).exists()


# Readers -------------------------------------------------------------------


def test_a_persons_page_shows_the_square_cut(client):
    person = PersonFactory(name="Amy Pope", image=library_photo())
    html = public_page(client, person)
    picture = re.search(r"<picture>.*?</picture>", html, re.S).group()
    assert 'src="/library/r/square-320.jpg"' in picture
    assert 'class="person-photo"' in picture
    assert 'alt="People queue at a border post."' in picture


def test_an_offices_page_shows_its_photo_in_the_header(client):
    office = CountryOfficeFactory(country="PE", image=library_photo())
    html = public_page(client, office, "fr")
    header = html.split('<figure class="header-image">', 1)[1].split("</figure>")[0]
    assert 'srcset="/library/r/cut-480.jpg 480w, /library/r/cut-960.jpg 960w"' in header
    assert 'alt="Des personnes font la queue à un poste frontière."' in header
    # No French caption: the English one, marked as English.
    assert '<span lang="en">Tumbes, at dawn.</span>' in header
    assert "IOM/Ana Muñoz</span>" in header


def test_a_content_page_shows_its_photo_and_shares_the_social_cut(client):
    page = PageFactory(image=library_photo())
    html = public_page(client, page)
    assert '<figure class="header-image">' in html
    assert meta(html, "og:image") == "http://testserver/library/r/social-1200.jpg"
    assert meta(html, "og:image:width") == "1200"
    assert meta(html, "og:image:height") == "630"
    assert meta(html, "og:image:alt") == "People queue at a border post."


@pytest.mark.parametrize("kind", USERS)
def test_a_photo_past_its_rights_is_shown_nowhere(client, kind):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    user = USERS[kind](library_photo(rights_expire_on=yesterday))
    html = public_page(client, user)
    assert "/library/r/" not in html
    assert "People queue at a border post." not in html


# The photo comes with the object (select_related): what each page cost
# before, with or without one.
QUERIES = {
    "person": 3,  # person and photo, tenures, menu
    "office": 2,  # office with region, chief post and photo; menu
    "page": 2,  # page and photo, menu
}


@pytest.mark.cold
@pytest.mark.parametrize("kind", USERS)
@pytest.mark.parametrize("with_photo", [False, True])
def test_a_photo_costs_no_query_on_public_pages(
    client, django_assert_num_queries, kind, with_photo
):
    obj = USERS[kind](library_photo() if with_photo else None)
    with django_assert_num_queries(QUERIES[kind]):
        public_page(client, obj)
