"""One factory per organisation model; traits in ``class Params``."""

import datetime

import factory
from factory.django import DjangoModelFactory

from organization.models import (
    CountryOffice,
    OfficeKind,
    Person,
    Post,
    Region,
    Tenure,
    Unit,
    UnitKind,
)
from organization.services import refresh_unit_tree


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    name_en = factory.Sequence(lambda n: f"Unit {n}")
    name_fr = factory.Sequence(lambda n: f"Unité {n}")
    name_es = factory.Sequence(lambda n: f"Unidad {n}")
    kind = UnitKind.OFFICE
    sort_order = factory.Sequence(lambda n: n)

    class Params:
        english_only = factory.Trait(name_fr="", name_es="")
        department = factory.Trait(kind=UnitKind.DEPARTMENT)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        unit = super()._create(model_class, *args, **kwargs)
        # As the admin and the services do: keep the tree order fresh.
        refresh_unit_tree()
        unit.refresh_from_db(fields=["tree_path", "depth"])
        return unit


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    biography_en = "<p>A short biography.</p>"


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    unit = factory.SubFactory(UnitFactory)
    title_en = factory.Sequence(lambda n: f"Post {n}")
    title_fr = factory.Sequence(lambda n: f"Poste {n}")
    title_es = factory.Sequence(lambda n: f"Puesto {n}")

    class Params:
        head = factory.Trait(is_head=True)


class TenureFactory(DjangoModelFactory):
    class Meta:
        model = Tenure

    post = factory.SubFactory(PostFactory)
    person = factory.SubFactory(PersonFactory)
    starts_on = datetime.date(2020, 1, 1)

    class Params:
        acting = factory.Trait(is_acting=True)
        ended = factory.Trait(
            starts_on=datetime.date(2010, 1, 1), ends_on=datetime.date(2015, 1, 1)
        )


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region

    name_en = factory.Sequence(lambda n: f"Region {n}")
    name_fr = factory.Sequence(lambda n: f"Région {n}")
    name_es = factory.Sequence(lambda n: f"Región {n}")
    sort_order = factory.Sequence(lambda n: n)


class CountryOfficeFactory(DjangoModelFactory):
    class Meta:
        model = CountryOffice

    country = "PE"
    region = factory.SubFactory(RegionFactory)
    kind = OfficeKind.COUNTRY_OFFICE
    city_en = "Lima"
    city_fr = "Lima"
    city_es = "Lima"

    class Params:
        with_contacts = factory.Trait(
            phone="+5112217209",
            email="iomlima@iom.int",
            address="Av. Example 123",
            introduction_en="<p>IOM in Peru.</p>",
            introduction_fr="<p>L'OIM au Pérou.</p>",
            introduction_es="<p>La OIM en el Perú.</p>",
        )
        sub_office = factory.Trait(kind=OfficeKind.SUB_OFFICE)
