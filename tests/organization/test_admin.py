import datetime

import pytest
from django.urls import reverse

from organization.models import CountryOffice, Person, Tenure, Unit
from tests.organization.factories import (
    CountryOfficeFactory,
    PersonFactory,
    PostFactory,
    RegionFactory,
    TenureFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

EMPTY_INLINE = {
    "TOTAL_FORMS": "0",
    "INITIAL_FORMS": "0",
    "MIN_NUM_FORMS": "0",
    "MAX_NUM_FORMS": "1000",
}


def inline(prefix: str, **overrides) -> dict:
    values = {**EMPTY_INLINE, **overrides}
    return {f"{prefix}-{key}": value for key, value in values.items()}


def unit_data(**overrides) -> dict:
    data = {
        "name_en": "Legal Office",
        "name_fr": "Bureau juridique",
        "name_es": "Oficina Jurídica",
        "slug_en": "",
        "slug_fr": "",
        "slug_es": "",
        "kind": "office",
        "parent": "",
        "sort_order": "0",
        "description_en": "<p>Advises.</p><script>alert(1)</script>",
        "description_fr": "",
        "description_es": "",
        **inline("posts"),
    }
    data.update(overrides)
    return data


def office_data(region, **overrides) -> dict:
    data = {
        "country": "PE",
        "kind": "country_office",
        "region": str(region.pk),
        "city_en": "Lima",
        "city_fr": "Lima",
        "city_es": "Lima",
        "address": "Av. Example 123",
        "phone": "+51 1 221 7209 ext. 145",
        "email": "iomlima@iom.int",
        "chief_of_mission": "",
        "introduction_en": "<p>Hello.</p>",
        "introduction_fr": "",
        "introduction_es": "",
    }
    data.update(overrides)
    return data


def form_of(response):
    return response.context["adminform"].form


def test_editor_creates_a_unit_with_names_in_three_languages(admin_client):
    parent = UnitFactory()
    response = admin_client.post(
        reverse("admin:organization_unit_add"), unit_data(parent=str(parent.pk))
    )
    assert response.status_code == 302
    unit = Unit.objects.get(name_en="Legal Office")
    assert (unit.slug_en, unit.slug_fr, unit.slug_es) == (
        "legal-office",
        "bureau-juridique",
        "oficina-juridica",
    )
    assert unit.parent == parent
    assert unit.depth == 1
    assert "<script>" not in unit.description_en


def test_editor_adds_the_head_post_inline_when_creating_a_unit(admin_client):
    data = unit_data(
        **inline("posts", TOTAL_FORMS="1"),
        **{
            "posts-0-title_en": "Legal Counsel",
            "posts-0-title_fr": "Conseillère juridique",
            "posts-0-title_es": "Asesora Jurídica",
            "posts-0-is_head": "on",
            "posts-0-sort_order": "0",
        },
    )
    response = admin_client.post(reverse("admin:organization_unit_add"), data)
    assert response.status_code == 302
    post = Unit.objects.get(name_en="Legal Office").posts.get()
    assert (post.is_head, post.title_fr) == (True, "Conseillère juridique")


def test_editor_edits_a_unit(admin_client):
    unit = UnitFactory(name_en="Old", slug_en="old")
    response = admin_client.post(
        reverse("admin:organization_unit_change", args=[unit.pk]),
        unit_data(name_en="New name", slug_en="old", editorial_version="1"),
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name_en, unit.slug_en) == ("New name", "old")


def test_unit_placed_under_its_own_sub_unit_is_refused_on_the_parent_field(
    admin_client,
):
    root = UnitFactory(name_en="Root")
    child = UnitFactory(parent=root)
    response = admin_client.post(
        reverse("admin:organization_unit_change", args=[root.pk]),
        unit_data(name_en="Root renamed", parent=str(child.pk), editorial_version="1"),
    )
    assert response.status_code == 200
    form = form_of(response)
    assert list(form.errors) == ["parent"]
    assert form["name_en"].value() == "Root renamed"
    assert form["name_fr"].value() == "Bureau juridique"
    root.refresh_from_db()
    assert root.parent is None


def test_duplicate_slug_in_one_language_is_refused_on_its_field(admin_client):
    UnitFactory(slug_fr="bureau-juridique")
    response = admin_client.post(
        reverse("admin:organization_unit_add"),
        unit_data(slug_fr="bureau-juridique", name_es="Oficina tecleada"),
    )
    assert response.status_code == 200
    form = form_of(response)
    assert list(form.errors) == ["slug_fr"]
    assert "already uses this slug" in str(form.errors["slug_fr"])
    assert form["slug_fr"].value() == "bureau-juridique"
    assert form["name_es"].value() == "Oficina tecleada"
    assert not Unit.objects.filter(name_en="Legal Office").exists()


def test_unit_without_any_name_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:organization_unit_add"),
        unit_data(name_en="", name_fr="", name_es=""),
    )
    assert response.status_code == 200
    assert "name_en" in form_of(response).errors


def test_unit_list_is_an_indented_tree(admin_client):
    b = UnitFactory(name_en="B root", sort_order=2)
    a = UnitFactory(name_en="A root", sort_order=1)
    b_child = UnitFactory(name_en="B child", parent=b, sort_order=0)
    a_child = UnitFactory(name_en="A child", parent=a, sort_order=5)
    response = admin_client.get(reverse("admin:organization_unit_changelist"))
    assert list(response.context["cl"].result_list) == [a, a_child, b, b_child]
    assert "padding-inline-start:1.5em" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_unit_list_query_count_is_flat(admin_client, django_assert_num_queries, count):
    root = UnitFactory()
    UnitFactory.create_batch(count, parent=root)
    # session, user, the second factor the session passed, two counts,
    # units, head posts, the header's unread notifications
    with django_assert_num_queries(8):
        admin_client.get(reverse("admin:organization_unit_changelist"))


def test_sort_order_edited_in_the_list_reorders_the_tree(admin_client):
    a = UnitFactory(sort_order=1)
    b = UnitFactory(sort_order=2)
    data = {
        **inline("form", TOTAL_FORMS="2", INITIAL_FORMS="2"),
        "form-0-id": str(a.pk),
        "form-0-sort_order": "9",
        "form-1-id": str(b.pk),
        "form-1-sort_order": "2",
        "_save": "Save",
    }
    response = admin_client.post(reverse("admin:organization_unit_changelist"), data)
    assert response.status_code == 302
    assert list(Unit.objects.in_tree_order()) == [b, a]


def test_deleting_a_unit_with_sub_units_is_explained_not_done(admin_client):
    root = UnitFactory(name_en="Root")
    UnitFactory(parent=root, name_en="Child unit")
    path = reverse("admin:organization_unit_delete", args=[root.pk])
    response = admin_client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "would require deleting the following protected related objects" in html
    assert "Child unit" in html
    admin_client.post(path, {"post": "yes"})
    assert Unit.objects.filter(pk=root.pk).exists()


def test_deleting_a_person_who_held_a_post_is_explained_not_done(admin_client):
    tenure = TenureFactory(person__name="Amy Pope")
    path = reverse("admin:organization_person_delete", args=[tenure.person.pk])
    response = admin_client.get(path)
    assert "protected related objects" in response.content.decode()
    admin_client.post(path, {"post": "yes"})
    assert Person.objects.filter(pk=tenure.person.pk).exists()


def test_deleting_a_region_with_offices_is_explained_not_done(admin_client):
    office = CountryOfficeFactory()
    path = reverse("admin:organization_region_delete", args=[office.region.pk])
    assert "protected related objects" in admin_client.get(path).content.decode()


def test_deleting_a_chief_of_mission_post_is_explained_not_done(admin_client):
    office = CountryOfficeFactory(chief_of_mission=PostFactory())
    path = reverse("admin:organization_post_delete", args=[office.chief_of_mission.pk])
    assert "protected related objects" in admin_client.get(path).content.decode()


def test_editor_creates_an_office_and_the_phone_is_normalised(admin_client):
    region = RegionFactory()
    response = admin_client.post(
        reverse("admin:organization_countryoffice_add"), office_data(region)
    )
    assert response.status_code == 302
    office = CountryOffice.objects.get()
    assert office.phone == "+5112217209;ext=145"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("country", "XX"),
        ("email", "iomlima-at-iom.int"),
        ("phone", "221 7209"),
        ("phone", "+51 1"),
    ],
)
def test_bad_office_input_is_refused_on_its_field_and_the_rest_is_kept(
    admin_client, field, value
):
    region = RegionFactory()
    response = admin_client.post(
        reverse("admin:organization_countryoffice_add"),
        office_data(region, **{field: value, "city_fr": "Lima tapé"}),
    )
    assert response.status_code == 200
    form = form_of(response)
    assert list(form.errors) == [field]
    assert form[field].value() == value
    assert form["city_fr"].value() == "Lima tapé"
    assert form["address"].value() == "Av. Example 123"
    assert not CountryOffice.objects.exists()


def test_office_list_can_be_searched_by_country_name(admin_client):
    CountryOfficeFactory(country="PE")
    CountryOfficeFactory(country="JP", city_en="Tokyo")
    response = admin_client.get(
        reverse("admin:organization_countryoffice_changelist"), {"q": "peru"}
    )
    assert [o.country.code for o in response.context["cl"].result_list] == ["PE"]


def test_office_list_filters_by_kind_and_region(admin_client):
    office = CountryOfficeFactory(sub_office=True)
    CountryOfficeFactory()
    response = admin_client.get(
        reverse("admin:organization_countryoffice_changelist"),
        {"kind__exact": "sub_office", "region__id__exact": office.region.pk},
    )
    assert list(response.context["cl"].result_list) == [office]


def test_appointing_in_the_post_form_ends_the_current_tenure(admin_client):
    post = PostFactory(head=True)
    outgoing = TenureFactory(post=post, starts_on=datetime.date(2018, 1, 1))
    newcomer = PersonFactory(name="Amy Pope")
    data = {
        "unit": str(post.unit.pk),
        "title_en": post.title_en,
        "title_fr": post.title_fr,
        "title_es": post.title_es,
        "is_head": "on",
        "sort_order": "0",
        "new_holder": str(newcomer.pk),
        "appointed_on": "2023-10-01",
        "appointed_ad_interim": "on",
        **inline("tenures", TOTAL_FORMS="1", INITIAL_FORMS="1"),
        "tenures-0-id": str(outgoing.pk),
        "tenures-0-post": str(post.pk),
        "tenures-0-person": str(outgoing.person.pk),
        "tenures-0-starts_on": "2018-01-01",
        "tenures-0-ends_on": "",
        "editorial_version": "1",
    }
    response = admin_client.post(
        reverse("admin:organization_post_change", args=[post.pk]), data
    )
    assert response.status_code == 302
    outgoing.refresh_from_db()
    assert outgoing.ends_on == datetime.date(2023, 10, 1)
    new = Tenure.objects.get(person=newcomer)
    assert (new.starts_on, new.is_acting) == (datetime.date(2023, 10, 1), True)


def test_appointing_without_a_date_is_refused_on_the_date_field(admin_client):
    post = PostFactory()
    data = {
        "unit": str(post.unit.pk),
        "title_en": "Renamed",
        "title_fr": "",
        "title_es": "",
        "sort_order": "0",
        "new_holder": str(PersonFactory().pk),
        "appointed_on": "",
        **inline("tenures"),
        "editorial_version": "1",
    }
    response = admin_client.post(
        reverse("admin:organization_post_change", args=[post.pk]), data
    )
    assert response.status_code == 200
    form = form_of(response)
    assert list(form.errors) == ["appointed_on"]
    assert form["title_en"].value() == "Renamed"


def test_people_and_parents_are_chosen_by_autocomplete(admin_client):
    PersonFactory(name="Amy Pope")
    UnitFactory(name_en="Office of the Director General")
    people = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "organization",
            "model_name": "tenure",
            "field_name": "person",
            "term": "pope",
        },
    ).json()
    units = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "organization",
            "model_name": "unit",
            "field_name": "parent",
            "term": "director",
        },
    ).json()
    assert [r["text"] for r in people["results"]] == ["Amy Pope"]
    assert [r["text"] for r in units["results"]] == ["Office of the Director General"]


@pytest.mark.parametrize(
    "name",
    ["unit", "post", "person", "region", "countryoffice"],
)
def test_every_admin_page_opens(admin_client, name):
    assert (
        admin_client.get(reverse(f"admin:organization_{name}_add")).status_code == 200
    )
    changelist = admin_client.get(reverse(f"admin:organization_{name}_changelist"))
    assert changelist.status_code == 200


def test_unit_change_page_links_to_the_public_page(admin_client):
    unit = UnitFactory()
    html = admin_client.get(
        reverse("admin:organization_unit_change", args=[unit.pk])
    ).content.decode()
    assert "View on site" in html
