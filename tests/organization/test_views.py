import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from organization.models import CountryOffice, Person, Post, Region, Tenure, Unit
from pages.demo import load_site_demo
from tests.organization.factories import (
    CountryOfficeFactory,
    PersonFactory,
    PostFactory,
    RegionFactory,
    TenureFactory,
    UnitFactory,
)
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es"]


def url(name: str, language: str, **kwargs) -> str:
    with override(language):
        return reverse(name, kwargs=kwargs or None)


def obj_url(obj, language: str) -> str:
    with override(language):
        return obj.get_absolute_url()


@pytest.fixture
def structure():
    odg = UnitFactory(
        name_en="Office of the Director General",
        name_fr="Bureau du Directeur général",
        name_es="Oficina del Director General",
        description_en="<p>Leads the organization.</p>",
    )
    dg = PostFactory(
        unit=odg,
        head=True,
        title_en="Director General",
        title_fr="Directrice générale",
        title_es="Directora General",
    )
    TenureFactory(post=dg, person__name="Amy Pope")
    TenureFactory(post=dg, person__name="António Vitorino", ended=True)
    ops = UnitFactory(
        parent=odg,
        name_en="Office of the Deputy Director General for Operations",
        name_fr="Bureau de la Directrice générale adjointe chargée des opérations",
        name_es="Oficina de la Directora General Adjunta de Operaciones",
    )
    ddg = PostFactory(
        unit=ops,
        head=True,
        title_en="Deputy Director General for Operations",
        title_fr="Directrice générale adjointe chargée des opérations",
        title_es="Directora General Adjunta de Operaciones",
    )
    TenureFactory(post=ddg, person__name="Acting Person", acting=True)
    division = UnitFactory(parent=ops, name_en="Deep Division", english_only=True)
    return {"odg": odg, "ops": ops, "division": division}


@pytest.mark.parametrize(
    ("language", "unit_name", "post_title"),
    [
        ("en", "Office of the Director General", "Director General"),
        ("fr", "Bureau du Directeur général", "Directrice générale"),
        ("es", "Oficina del Director General", "Directora General"),
    ],
)
def test_structure_page_shows_the_hierarchy_with_heads_in_each_language(
    client, structure, language, unit_name, post_title
):
    response = client.get(url("organization:structure", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert unit_name in html
    assert post_title in html
    assert "Amy Pope" in html
    assert "António Vitorino" not in html
    assert obj_url(structure["ops"], language) in html


def test_structure_page_nests_sub_units_inside_their_parent(client, structure):
    html = client.get(url("organization:structure", "en")).content.decode()
    odg = html.index("Office of the Director General")
    ops = html.index("Office of the Deputy Director General for Operations")
    division = html.index("Deep Division")
    assert odg < ops < division
    # Sub-units sit in a nested list inside their parent's item.
    assert html.count('<ul class="org-tree"') == 1
    assert re.search(r"Operations</a>.*?<ul>.*?Deep Division", html, re.S)


def test_structure_page_says_ad_interim_and_vacant(client, structure):
    PostFactory(unit=structure["division"], head=True, title_en="Director")
    html = client.get(url("organization:structure", "en")).content.decode()
    assert 'Acting Person</a> <span class="ad-interim">(ad interim)</span>' in html
    assert "vacant" in html


def test_unit_missing_the_language_is_shown_in_its_own_language_without_a_link(
    client, structure
):
    html = client.get(url("organization:structure", "fr")).content.decode()
    assert '<span lang="en">Deep Division</span>' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_unit_page_shows_head_breadcrumbs_sub_units_and_former_heads(
    client, structure, language
):
    response = client.get(obj_url(structure["odg"], language))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Amy Pope" in html
    assert "António Vitorino" in html  # a former head
    assert obj_url(structure["ops"], language) in html
    assert url("organization:structure", language) in html


def test_unit_page_breadcrumbs_follow_the_parent_trail(client, structure):
    html = client.get(obj_url(structure["division"], "en")).content.decode()
    breadcrumbs = html[
        html.index('class="breadcrumbs"') : html.index(
            "</nav>", html.index('class="breadcrumbs"')
        )
    ]
    assert breadcrumbs.index("Director General") < breadcrumbs.index("Operations")
    assert 'aria-current="page">Deep Division' in breadcrumbs


def test_unit_page_with_a_wrong_slug_redirects_permanently(client, structure):
    unit = structure["odg"]
    with override("fr"):
        wrong = reverse(
            "organization:unit-detail", kwargs={"pk": unit.pk, "slug": "old-name"}
        )
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == obj_url(unit, "fr")


def test_unit_page_in_a_language_it_lacks_names_the_languages_it_has(client, structure):
    division = structure["division"]
    with override("fr"):
        path = reverse(
            "organization:unit-detail",
            kwargs={"pk": division.pk, "slug": division.slug_en},
        )
    response = client.get(path)
    assert response.status_code == 404
    assert obj_url(division, "en") in response.content.decode()


def test_language_switcher_on_a_unit_page_lands_on_the_same_unit(client, structure):
    html = client.get(obj_url(structure["odg"], "en")).content.decode()
    assert f'href="{obj_url(structure["odg"], "fr")}"' in html
    assert f'href="{obj_url(structure["odg"], "es")}"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_person_page_lists_the_posts_held(client, structure, language):
    person = Person.objects.get(name="Amy Pope")
    response = client.get(obj_url(person, language))
    assert response.status_code == 200
    html = response.content.decode()
    with override(language):
        assert Post.objects.get(title_en="Director General").title in html


@pytest.fixture
def offices():
    americas = RegionFactory(
        name_en="South America", name_fr="Amérique du Sud", name_es="América del Sur"
    )
    asia = RegionFactory(
        name_en="Asia and the Pacific",
        name_fr="Asie et Pacifique",
        name_es="Asia y el Pacífico",
    )
    chief = PostFactory(
        title_en="Chief of Mission",
        title_fr="Chef de mission",
        title_es="Jefe de Misión",
    )
    TenureFactory(post=chief, person__name="José Ivan Dávalos")
    peru = CountryOfficeFactory(
        country="PE", region=americas, with_contacts=True, chief_of_mission=chief
    )
    CountryOfficeFactory(country="EC", region=americas, city_en="Quito")
    CountryOfficeFactory(country="CO", region=americas, city_en="Bogotá")
    CountryOfficeFactory(country="JP", region=asia, city_en="Tokyo")
    return {"peru": peru, "americas": americas}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Colombia", "Ecuador", "Peru"]),
        ("fr", ["Colombie", "Équateur", "Pérou"]),
        ("es", ["Colombia", "Ecuador", "Perú"]),
    ],
)
def test_where_we_work_groups_offices_by_region_in_the_readers_alphabet(
    client, offices, language, expected
):
    response = client.get(url("organization:office-list", language))
    assert response.status_code == 200
    groups = response.context["regions"]
    assert [g["region"] for g in groups] == [
        offices["americas"],
        Region.objects.get(name_en="Asia and the Pacific"),
    ]
    with override(language):
        assert [str(o) for o in groups[0]["offices"]] == expected
    assert obj_url(offices["peru"], language) in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title", "slug"),
    [
        ("en", "Chief of Mission", "peru"),
        ("fr", "Chef de mission", "perou"),
        ("es", "Jefe de Misión", "peru"),
    ],
)
def test_office_page_shows_chief_contacts_and_links(
    client, offices, language, title, slug
):
    peru = offices["peru"]
    path = obj_url(peru, language)
    assert path.endswith(f"/{peru.pk}-{slug}/")
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert title in html
    assert "José Ivan Dávalos" in html
    assert 'href="tel:+51-1-2217209"' in html
    assert 'href="mailto:iomlima@iom.int"' in html


def test_office_page_describes_the_office_in_json_ld(client, offices):
    html = client.get(obj_url(offices["peru"], "fr")).content.decode()
    raw = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    ).group(1)
    data = json.loads(raw)
    assert data["@type"] == "GovernmentOrganization"
    assert data["telephone"] == "+5112217209"
    assert data["email"] == "iomlima@iom.int"
    assert data["address"]["addressCountry"] == "PE"
    assert data["url"].endswith(obj_url(offices["peru"], "fr"))


def test_json_ld_cannot_close_its_script_element(client, offices):
    peru = offices["peru"]
    peru.city_en = "</script><script>alert(1)</script>"
    peru.save()
    html = client.get(obj_url(peru, "en")).content.decode()
    assert "</script><script>alert(1)" not in html


def test_office_page_with_a_wrong_slug_redirects_permanently(client, offices):
    peru = offices["peru"]
    with override("es"):
        wrong = reverse(
            "organization:office-detail", kwargs={"pk": peru.pk, "slug": "peru-old"}
        )
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == obj_url(peru, "es")


def test_language_switcher_on_an_office_page_uses_each_languages_slug(client, offices):
    html = client.get(obj_url(offices["peru"], "en")).content.decode()
    assert f'href="{obj_url(offices["peru"], "fr")}"' in html


def make_units(count: int) -> None:
    """``count`` units, a tenth of them roots, each with a held head post."""
    roots = Unit.objects.bulk_create(
        Unit(
            name_en=f"Root {i}",
            slug_en=f"root-{i}",
            name_fr=f"Racine {i}",
            slug_fr=f"racine-{i}",
            sort_order=i,
        )
        for i in range(max(1, count // 10))
    )
    Unit.objects.bulk_create(
        Unit(
            name_en=f"Unit {i}",
            slug_en=f"unit-{i}",
            parent=roots[i % len(roots)],
            sort_order=i,
        )
        for i in range(count - len(roots))
    )
    posts = Post.objects.bulk_create(
        Post(unit=unit, title_en=f"Head {unit.pk}", is_head=True)
        for unit in Unit.objects.all()
    )
    person = PersonFactory()
    Tenure.objects.bulk_create(
        Tenure(post=post, person=person, starts_on=datetime.date(2020, 1, 1))
        for post in posts
    )


def make_offices(count: int) -> None:
    regions = RegionFactory.create_batch(3)
    codes = ["PE", "EC", "CO", "CL", "BR", "AR", "JP", "FR", "ES", "KE"]
    CountryOffice.objects.bulk_create(
        CountryOffice(
            country=codes[i % len(codes)], region=regions[i % 3], city_en=f"City {i}"
        )
        for i in range(count)
    )


@pytest.mark.cold
@pytest.mark.parametrize("count", [10, 1000])
def test_structure_page_query_count_is_flat(client, django_assert_num_queries, count):
    load_site_demo()
    make_units(count)
    # menu, units, head posts, current head tenures
    with django_assert_num_queries(4):
        response = client.get(url("organization:structure", "fr"))
    assert response.status_code == 200
    assert "Racine 0" in response.content.decode()


@pytest.mark.cold
@pytest.mark.parametrize("count", [10, 1000])
def test_where_we_work_query_count_is_flat(client, django_assert_num_queries, count):
    load_site_demo()
    make_offices(count)
    # menu, offices with their regions
    with django_assert_num_queries(2):
        response = client.get(url("organization:office-list", "es"))
    assert response.status_code == 200


@pytest.mark.cold
@pytest.mark.parametrize("count", [10, 200])
def test_unit_page_query_count_is_flat(client, django_assert_num_queries, count):
    make_units(count)
    unit = Unit.objects.get(slug_en="root-0")
    # unit, menu, hierarchy ids, ancestors and children, posts, tenures
    with django_assert_num_queries(6):
        response = client.get(obj_url(unit, "en"))
    assert response.status_code == 200


@pytest.mark.cold
def test_office_page_query_count(client, offices, django_assert_num_queries):
    # office with region and chief post, chief's tenure, menu
    with django_assert_num_queries(3):
        client.get(obj_url(offices["peru"], "en"))


def test_sitemap_lists_the_organisation_pages_in_each_language(
    client, structure, offices
):
    xml = sitemap_xml(client)
    for language in LANGUAGES:
        assert url("organization:structure", language) in xml
        assert url("organization:office-list", language) in xml
        assert obj_url(offices["peru"], language) in xml
        assert obj_url(structure["odg"], language) in xml
    # A unit lacking French and Spanish is listed in English only.
    assert obj_url(structure["division"], "en") in xml
    assert f"/fr/structure/{structure['division'].pk}-" not in xml
