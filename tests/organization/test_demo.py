import pytest
from django.utils.translation import override

from organization.demo import load_organization_demo
from organization.models import CountryOffice, Person, Post, Region, Tenure, Unit

pytestmark = pytest.mark.django_db


def test_demo_creates_the_seed_structure_in_three_languages():
    load_organization_demo()
    odg = Unit.objects.get(slug_en="office-of-the-director-general")
    assert odg.parent is None
    assert (odg.name_fr, odg.name_es) == (
        "Bureau du Directeur général",
        "Oficina del Director General",
    )
    children = {u.name_fr for u in odg.children.all()}
    assert {
        "Bureau du Chef de Cabinet",
        "Bureau des partenariats, de la sensibilisation et de la communication",
        "Bureau de la stratégie et de la performance institutionnelle",
    } <= children
    titles = set(Post.objects.values_list("title_fr", flat=True))
    assert {
        "Directrice générale",
        "Directrice générale adjointe chargée de la gestion et des réformes",
        "Directrice générale adjointe chargée des opérations",
        "Chef de mission",
    } <= titles
    assert Post.objects.get(title_es="Directora General").unit == odg


def test_demo_appoints_the_director_general_and_the_chief_of_mission():
    load_organization_demo()
    dg = Tenure.objects.current().get(post__title_en="Director General")
    assert dg.person.name == "Amy Pope"
    peru = CountryOffice.objects.get(country="PE")
    chief = Tenure.objects.current().get(post=peru.chief_of_mission)
    assert chief.person.name == "José Ivan Dávalos"
    with override("es"):
        assert peru.chief_of_mission.title == "Jefe de Misión"


def test_demo_peru_office_has_its_contacts():
    load_organization_demo()
    peru = CountryOffice.objects.get(country="PE")
    assert peru.phone == "+5112217209"
    assert peru.email == "iomlima@iom.int"
    assert peru.city_es == "Lima"
    assert peru.region.name_en == "South America"


def test_demo_can_run_twice_without_duplicates():
    load_organization_demo()
    counts = [m.objects.count() for m in (Unit, Post, Person, Tenure, Region)]
    counts.append(CountryOffice.objects.count())
    load_organization_demo()
    again = [m.objects.count() for m in (Unit, Post, Person, Tenure, Region)]
    again.append(CountryOffice.objects.count())
    assert again == counts


def test_demo_pages_render_in_every_language(client):
    load_organization_demo()
    peru = CountryOffice.objects.get(country="PE")
    for language in ("en", "fr", "es"):
        with override(language):
            paths = [
                f"/{language}/",
                peru.get_absolute_url(),
                Unit.objects.get(slug_en="iom-peru").get_absolute_url(),
            ]
        for path in paths:
            assert client.get(path).status_code == 200


def test_load_demo_command_includes_the_organisation(capsys):
    from django.core.management import call_command

    call_command("load_demo", "--no-admin")
    assert "Organisation:" in capsys.readouterr().out
