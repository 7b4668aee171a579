"""Demo content for the organisation: the seed page's structure menu and the
Peru country office, in English, French and Spanish.

French names come from the seed page word for word. Units are matched by
their English slug, posts by unit and English title, people by name and
offices by country and kind, so running the loader again updates in place.
"""

from datetime import date

from django.db import transaction
from django.utils.text import slugify

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
from organization.services import appoint_holder, save_unit

LANGS = ("en", "fr", "es")

# key: ((en, fr, es) names, parent key, kind, (en, fr, es) head post title)
UNITS = {
    "odg": (
        (
            "Office of the Director General",
            "Bureau du Directeur général",
            "Oficina del Director General",
        ),
        None,
        UnitKind.OFFICE,
        ("Director General", "Directrice générale", "Directora General"),
    ),
    "ddg-management": (
        (
            "Office of the Deputy Director General for Management and Reform",
            "Bureau du Directeur général adjoint chargé de la gestion et des réformes",
            "Oficina del Director General Adjunto de Gestión y Reforma",
        ),
        "odg",
        UnitKind.OFFICE,
        (
            "Deputy Director General for Management and Reform",
            "Directrice générale adjointe chargée de la gestion et des réformes",
            "Directora General Adjunta de Gestión y Reforma",
        ),
    ),
    "ddg-operations": (
        (
            "Office of the Deputy Director General for Operations",
            "Bureau du Directeur général adjoint chargé des opérations",
            "Oficina del Director General Adjunto de Operaciones",
        ),
        "odg",
        UnitKind.OFFICE,
        (
            "Deputy Director General for Operations",
            "Directrice générale adjointe chargée des opérations",
            "Directora General Adjunta de Operaciones",
        ),
    ),
    "chief-of-staff": (
        (
            "Office of the Chief of Staff",
            "Bureau du Chef de Cabinet",
            "Oficina del Jefe de Gabinete",
        ),
        "odg",
        UnitKind.OFFICE,
        ("Chief of Staff", "Chef de Cabinet", "Jefe de Gabinete"),
    ),
    "partnerships": (
        (
            "Office of Partnerships, Advocacy and Communication",
            "Bureau des partenariats, de la sensibilisation et de la communication",
            "Oficina de Alianzas, Promoción y Comunicación",
        ),
        "odg",
        UnitKind.OFFICE,
        None,
    ),
    "strategy": (
        (
            "Office of Strategy and Institutional Performance",
            "Bureau de la stratégie et de la performance institutionnelle",
            "Oficina de Estrategia y Desempeño Institucional",
        ),
        "odg",
        UnitKind.OFFICE,
        None,
    ),
    "ro-south-america": (
        (
            "Regional Office for South America",
            "Bureau régional pour l'Amérique du Sud",
            "Oficina Regional para América del Sur",
        ),
        "ddg-operations",
        UnitKind.REGIONAL_OFFICE,
        ("Regional Director", "Directeur régional", "Director Regional"),
    ),
    "peru": (
        ("IOM Peru", "OIM Pérou", "OIM Perú"),
        "ro-south-america",
        UnitKind.COUNTRY_OFFICE,
        ("Chief of Mission", "Chef de mission", "Jefe de Misión"),
    ),
}
# key: (en, fr, es) names; order is the display order.
REGIONS = {
    "south-america": ("South America", "Amérique du Sud", "América del Sur"),
    "central-north-america": (
        "Central America, North America and the Caribbean",
        "Amérique centrale, Amérique du Nord et Caraïbes",
        "Centroamérica, Norteamérica y el Caribe",
    ),
    "west-central-africa": (
        "West and Central Africa",
        "Afrique de l'Ouest et du Centre",
        "África Occidental y Central",
    ),
    "east-horn-africa": (
        "East and Horn of Africa",
        "Afrique de l'Est et Corne de l'Afrique",
        "África Oriental y el Cuerno de África",
    ),
    "southern-africa": ("Southern Africa", "Afrique australe", "África Meridional"),
    "mena": (
        "Middle East and North Africa",
        "Moyen-Orient et Afrique du Nord",
        "Oriente Medio y Norte de África",
    ),
    "asia-pacific": ("Asia and the Pacific", "Asie et Pacifique", "Asia y el Pacífico"),
    "europe": ("Europe", "Europe", "Europa"),
}
PERU_INTRODUCTION = {
    "en": "<p>From its office in Lima, IOM works in Peru with the Government, "
    "civil society and migrants themselves.</p>",
    "fr": "<p>Depuis son bureau de Lima, l'OIM travaille au Pérou avec le "
    "Gouvernement, la société civile et les migrants eux-mêmes.</p>",
    "es": "<p>Desde su oficina en Lima, la OIM trabaja en el Perú con el "
    "Gobierno, la sociedad civil y los propios migrantes.</p>",
}
# Further offices of the region, without contacts: they show the grouping
# and the alphabetical order per language ("Équateur" among the E in French).
OTHER_OFFICES = [("CO", "Bogotá"), ("EC", "Quito"), ("CL", "Santiago")]
HOLDERS = {
    # unit key: (person, first day in the post)
    "odg": ("Amy Pope", date(2023, 10, 1)),
    "peru": ("José Ivan Dávalos", date(2019, 1, 1)),
}


def _translated(prefix: str, values) -> dict:
    return {f"{prefix}_{code}": values[index] for index, code in enumerate(LANGS)}


def _unit(key: str, units: dict, position: int) -> Unit:
    names, parent_key, kind, _head = UNITS[key]
    unit = Unit.objects.filter(slug_en=slugify(names[0])).first() or Unit()
    for index, code in enumerate(LANGS):
        setattr(unit, f"name_{code}", names[index])
    unit.kind = kind
    unit.parent = units.get(parent_key)
    unit.sort_order = position * 10
    return save_unit(unit=unit)


def _head_post(unit: Unit, titles) -> Post:
    post = Post.objects.filter(unit=unit, is_head=True).first() or Post(
        unit=unit, is_head=True
    )
    for index, code in enumerate(LANGS):
        setattr(post, f"title_{code}", titles[index])
    post.full_clean()
    post.save()
    return post


def _holder(post: Post, name: str, starts_on: date) -> None:
    person, _created = Person.objects.get_or_create(name=name)
    current = Tenure.objects.current().filter(post=post, person=person)
    if not current.exists():
        appoint_holder(post=post, person=person, starts_on=starts_on)


@transaction.atomic
def load_organization_demo() -> list[str]:
    """Create or refresh the seed's structure and the Peru office."""
    units: dict[str, Unit] = {}
    heads: dict[str, Post] = {}
    for position, (key, spec) in enumerate(UNITS.items()):
        units[key] = _unit(key, units, position)
        if spec[3]:
            heads[key] = _head_post(units[key], spec[3])
    for key, (name, starts_on) in HOLDERS.items():
        _holder(heads[key], name, starts_on)

    regions = {}
    for position, (key, names) in enumerate(REGIONS.items()):
        region = Region.objects.filter(name_en=names[0]).first() or Region()
        for index, code in enumerate(LANGS):
            setattr(region, f"name_{code}", names[index])
        region.sort_order = position * 10
        region.full_clean()
        region.save()
        regions[key] = region

    peru, _created = CountryOffice.objects.get_or_create(
        country="PE",
        kind=OfficeKind.COUNTRY_OFFICE,
        defaults={"region": regions["south-america"]},
    )
    peru.region = regions["south-america"]
    peru.phone = "+51 1 221 7209"
    peru.email = "iomlima@iom.int"
    peru.chief_of_mission = heads["peru"]
    for code in LANGS:
        setattr(peru, f"city_{code}", "Lima")
        setattr(peru, f"introduction_{code}", PERU_INTRODUCTION[code])
    peru.full_clean()
    peru.save()
    for country, city in OTHER_OFFICES:
        office, _created = CountryOffice.objects.get_or_create(
            country=country,
            kind=OfficeKind.COUNTRY_OFFICE,
            defaults={"region": regions["south-america"]},
        )
        for code in LANGS:
            setattr(office, f"city_{code}", city)
        office.full_clean()
        office.save()

    return [
        f"Organisation: {Unit.objects.count()} units, {Post.objects.count()} posts, "
        f"{Region.objects.count()} regions, "
        f"{CountryOffice.objects.count()} country offices."
    ]
