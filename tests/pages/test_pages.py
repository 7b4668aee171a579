import pytest
from django.urls import reverse
from django.utils.translation import override

from pages.menu import build_menu
from pages.models import Destination, MenuItem
from tests.factories import MenuItemFactory, PageFactory

pytestmark = pytest.mark.django_db


def page_url(page, code):
    with override(code):
        return page.get_absolute_url()


@pytest.mark.parametrize("code", ["en", "fr", "es"])
def test_content_page_is_shown_in_each_language_it_has(client, code):
    page = PageFactory(
        title_fr="Agir", slug_fr="agir", introduction_fr="Rejoignez-nous."
    )
    response = client.get(page_url(page, code))
    assert response.status_code == 200
    assert response.context["object"] == page
    if code == "fr":
        assert "<h1>Agir</h1>" in response.content.decode()


def test_old_slug_answers_301_to_the_current_one(client):
    page = PageFactory(slug_en="take-action")
    response = client.get(f"/en/pages/{page.pk}-an-old-slug/?ref=mail")
    assert response.status_code == 301
    assert response["Location"] == f"/en/pages/{page.pk}-take-action/?ref=mail"


def test_page_missing_a_language_says_where_it_exists_with_a_404(client):
    page = PageFactory(title_es="", slug_es="")
    response = client.get(f"/es/paginas/{page.pk}-x/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Esta página no está disponible en este idioma" in html
    assert f'href="/fr/pages/{page.pk}-{page.slug_fr}/"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'hreflang="es"' not in html.split("<body>")[1].split("</header>")[0]


def test_switcher_on_a_page_uses_each_languages_slug(client):
    page = PageFactory(slug_en="who-we-are", slug_fr="qui-sommes-nous")
    response = client.get(page_url(page, "en"))
    assert f'href="/fr/pages/{page.pk}-qui-sommes-nous/"' in response.content.decode()


def test_page_body_is_sanitised_on_save():
    page = PageFactory(
        body_en='<h2>Hi</h2><script>alert(1)</script><a href="javascript:x()">x</a>'
    )
    page.refresh_from_db()
    assert page.body_en == '<h2>Hi</h2><a rel="noopener noreferrer">x</a>'


def test_menu_leaves_out_pages_missing_in_the_language_and_absent_routes():
    shown = MenuItemFactory(title_en="Shown")
    MenuItemFactory(title_en="No Spanish", page=PageFactory(title_es=""))
    MenuItem.objects.create(title_en="Nowhere", destination="news:does-not-exist")
    MenuItemFactory(title_en="Child", title_es="Hijo", parent=shown)
    menu = build_menu("es")
    assert [entry.title for entry in menu] == [shown.title_es]
    assert [child.title for child in menu[0].children] == ["Hijo"]


@pytest.mark.cold
def test_menu_and_page_cost_a_constant_number_of_queries(
    client, django_assert_num_queries
):
    page = PageFactory()
    for rows in (1, 10):
        MenuItemFactory.create_batch(rows)
        with django_assert_num_queries(2):  # the page + the menu
            client.get(page_url(page, "en"))


def test_home_destination_resolves_and_an_unknown_route_is_refused_by_the_form(
    admin_client,
):
    response = admin_client.post(
        reverse("admin:pages_menuitem_add"),
        {
            "title_en": "Home",
            "title_fr": "Accueil",
            "title_es": "",
            "destination": Destination.HOME,
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    assert MenuItem.objects.get(title_en="Home").resolve_url() == "/en/"


def test_menu_entry_form_keeps_the_input_when_both_targets_are_chosen(admin_client):
    page = PageFactory()
    response = admin_client.post(
        reverse("admin:pages_menuitem_add"),
        {
            "title_en": "Both targets",
            "destination": Destination.HOME,
            "page": page.pk,
            "sort_order": 3,
        },
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "destination" in form.errors
    assert form["title_en"].value() == "Both targets"
    assert MenuItem.objects.count() == 0


def test_page_admin_form_shows_language_tabs_assets_served_locally(admin_client):
    response = admin_client.get(reverse("admin:pages_page_add"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/iomsite/admin/ui-tabs.js" in html
    assert "googleapis" not in html
    assert 'id="id_title_fr"' in html
    assert "ckeditor" in html


def test_load_demo_is_safe_to_run_twice_and_prints_a_fresh_password(capsys):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo")
    second = capsys.readouterr().out
    assert MenuItem.objects.filter(parent__isnull=True).count() == 7
    assert get_user_model().objects.filter(username="admin").count() == 1
    password = first.rsplit("password ", 1)[1].strip().strip("'")
    assert len(password) >= 12
    assert password not in second


def ledger_entry_post(admin_client):
    return admin_client.post(
        reverse("admin:pages_menuitem_add"),
        {
            "title_en": "Our languages",
            "destination": Destination.LANGUAGES,
            "sort_order": 5,
        },
    )


def test_a_menu_entry_to_the_ledger_waits_until_it_is_published(admin_client):
    from news.models import LanguageLedger

    LanguageLedger.objects.update_or_create(pk=1, defaults={"public": False})
    response = ledger_entry_post(admin_client)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "switch it on first" in str(form.errors["destination"])
    assert form["title_en"].value() == "Our languages"
    assert not MenuItem.objects.exists()
    LanguageLedger.objects.filter(pk=1).update(public=True)
    assert ledger_entry_post(admin_client).status_code == 302
    with override("fr"):
        assert [entry.url for entry in build_menu("fr")] == ["/fr/actualites/langues/"]
    # Switched off again: the entry is left out rather than lead to a 404.
    LanguageLedger.objects.filter(pk=1).update(public=False)
    assert build_menu("fr") == []
