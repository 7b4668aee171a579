import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import override

from organization.collation import collation_key
from organization.models import Tenure, Unit
from organization.tree import ancestor_ids, build_tree, tree_paths
from tests.organization.factories import (
    CountryOfficeFactory,
    PersonFactory,
    PostFactory,
    RegionFactory,
    TenureFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_blank_slugs_are_made_from_the_name_in_each_language():
    unit = UnitFactory(
        name_en="Office of the Chief of Staff",
        name_fr="Bureau du Chef de Cabinet",
        name_es="Oficina del Jefe de Gabinete",
    )
    assert (unit.slug_en, unit.slug_fr, unit.slug_es) == (
        "office-of-the-chief-of-staff",
        "bureau-du-chef-de-cabinet",
        "oficina-del-jefe-de-gabinete",
    )


def test_made_slug_that_is_taken_gets_a_number():
    UnitFactory(name_en="Legal Office")
    second = UnitFactory(name_en="Legal Office")
    assert second.slug_en == "legal-office-2"


def test_typed_slug_that_is_taken_is_refused_on_its_field():
    UnitFactory(slug_fr="bureau")
    unit = Unit(name_en="Another", slug_fr="bureau")
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "slug_fr" in error.value.message_dict


def test_database_refuses_a_duplicate_slug_written_around_validation():
    UnitFactory(slug_en="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(name_en="Other", slug_en="same")


def test_units_missing_a_language_do_not_collide_on_the_empty_slug():
    UnitFactory(english_only=True)
    UnitFactory(english_only=True)
    assert Unit.objects.filter(slug_fr="").count() == 2


def test_unit_needs_a_name_in_some_language():
    with pytest.raises(ValidationError) as error:
        Unit().full_clean()
    assert "name_en" in error.value.message_dict


def test_unit_under_its_own_sub_unit_is_refused_on_the_parent_field():
    root = UnitFactory()
    child = UnitFactory(parent=root)
    root.parent = child
    with pytest.raises(ValidationError) as error:
        root.full_clean()
    assert "parent" in error.value.message_dict


def test_unit_url_carries_the_slug_of_the_language():
    unit = UnitFactory(name_en="Legal Office", name_fr="Bureau juridique")
    with override("fr"):
        assert unit.get_absolute_url() == f"/fr/structure/{unit.pk}-bureau-juridique/"


def test_tree_paths_sort_depth_first_with_siblings_by_sort_order():
    paths = tree_paths([(1, None, 0), (2, 1, 20), (3, 1, 10), (4, 3, 0)])
    order = sorted(paths, key=lambda pk: paths[pk][0])
    assert order == [1, 3, 4, 2]
    assert paths[4][1] == 2
    assert ancestor_ids(paths[4][0]) == [1, 3]


def test_tree_paths_survive_a_cycle_written_around_validation():
    paths = tree_paths([(1, 2, 0), (2, 1, 0)])
    assert set(paths) == {1, 2}


def test_build_tree_nests_children_in_the_given_order():
    root = UnitFactory()
    first = UnitFactory(parent=root, sort_order=1)
    second = UnitFactory(parent=root, sort_order=2)
    roots = build_tree(Unit.objects.for_tree())
    assert [node.unit for node in roots] == [root]
    assert [node.unit for node in roots[0].children] == [first, second]


def test_current_tenures_exclude_ended_and_future_ones():
    today = datetime.date(2024, 6, 1)
    running = TenureFactory(starts_on=datetime.date(2024, 1, 1))
    TenureFactory(ended=True)
    TenureFactory(starts_on=datetime.date(2025, 1, 1))
    assert list(Tenure.objects.current(on=today)) == [running]
    assert running.is_current(today) is True


def test_tenure_cannot_end_before_it_starts():
    tenure = TenureFactory.build(
        post=PostFactory(),
        person=PersonFactory(),
        starts_on=datetime.date(2024, 1, 2),
        ends_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        tenure.full_clean()
    assert "ends_on" in error.value.message_dict


def test_a_unit_has_at_most_one_head_post():
    unit = UnitFactory()
    PostFactory(unit=unit, head=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(unit=unit, head=True)


def test_post_names_its_unit_so_editors_can_tell_posts_apart():
    post = PostFactory(title_en="Chief of Mission", unit__name_en="IOM Peru")
    assert str(post) == "Chief of Mission – IOM Peru"


def test_office_slug_is_the_country_name_in_each_language():
    office = CountryOfficeFactory(country="PE")
    assert [office.slug_in(code) for code in ("en", "fr", "es")] == [
        "peru",
        "perou",
        "peru",
    ]


def test_office_name_follows_the_language_and_a_changed_country():
    office = CountryOfficeFactory(country="PE")
    assert str(office) == "Peru"
    with override("fr"):
        assert str(office) == "Pérou"
        assert office.get_absolute_url().endswith("-perou/")
    office.country = "CO"
    assert str(office) == "Colombia"
    with override("es"):
        assert office.slug == "colombia"


def test_phone_is_stored_in_e164_with_its_extension():
    office = CountryOfficeFactory.build(
        phone="+51.1.221.7209 ext. 145", region=RegionFactory()
    )
    office.full_clean()
    assert office.phone == "+5112217209;ext=145"


@pytest.mark.parametrize(
    ("language", "names", "expected"),
    [
        ("fr", ["Pérou", "Équateur", "Colombie"], ["Colombie", "Équateur", "Pérou"]),
        ("es", ["Ñandú", "Nueva", "Oman"], ["Nueva", "Ñandú", "Oman"]),
        ("en", ["peru", "Chile", "Åland"], ["Åland", "Chile", "peru"]),
    ],
)
def test_collation_ignores_case_and_accents_but_keeps_spanish_enye(
    language, names, expected
):
    assert sorted(names, key=lambda n: collation_key(n, language)) == expected
