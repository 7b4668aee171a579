import re

from django.urls import reverse
from django.utils.translation import override
from playwright.sync_api import expect

from organization.demo import load_organization_demo
from organization.models import Unit


def test_editor_adds_a_unit_under_the_director_general_in_three_languages(
    admin_page, live_server, console_errors, screenshot
):
    load_organization_demo()
    page = admin_page
    page.goto(f"{live_server.url}/admin/organization/unit/add/")

    tabs = page.locator(".ui-tabs-nav").first
    expect(tabs.get_by_role("tab", name="en")).to_be_visible()
    page.fill("#id_name_en", "Office of Legal Affairs")
    tabs.get_by_role("tab", name="fr").click()
    page.fill("#id_name_fr", "Bureau des affaires juridiques")
    tabs.get_by_role("tab", name="es").click()
    page.fill("#id_name_es", "Oficina de Asuntos Jurídicos")

    # The parent is chosen by autocomplete. The live server's threads share
    # one in-memory SQLite database, which refuses concurrent writes: let
    # each search finish before the next request.
    page.locator("#id_parent + .select2 .select2-selection").click()
    expect(page.locator(".select2-results__option").first).not_to_have_class(
        re.compile("loading-results")
    )
    expect(
        page.locator(".select2-results__option", has_text="IOM Peru")
    ).to_be_visible()
    page.locator(".select2-search__field").fill("Director General")
    expect(page.locator(".select2-results__option", has_text="IOM Peru")).to_be_hidden()
    page.locator(
        ".select2-results__option",
        has_text=re.compile(r"^Office of the Director General$"),
    ).click()
    screenshot("admin-unit-add")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Office of Legal Affairs")

    unit = Unit.objects.get(name_en="Office of Legal Affairs")
    assert unit.parent.name_en == "Office of the Director General"

    for language, parent_name, name in [
        ("en", "Office of the Director General", "Office of Legal Affairs"),
        ("fr", "Bureau du Directeur général", "Bureau des affaires juridiques"),
        ("es", "Oficina del Director General", "Oficina de Asuntos Jurídicos"),
    ]:
        with override(language):
            page.goto(live_server.url + reverse("organization:structure"))
        parent_item = page.locator(".org-tree > li", has_text=parent_name).first
        link = parent_item.locator("ul").get_by_role("link", name=name)
        expect(link).to_be_visible()
        screenshot(f"structure-{language}")
        link.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        expect(page.locator("html")).to_have_attribute("lang", language)
    assert console_errors == []


def test_reader_finds_the_peru_office_and_its_contacts_in_spanish(
    page, live_server, console_errors, screenshot
):
    load_organization_demo()
    with override("es"):
        page.goto(live_server.url + reverse("organization:office-list"))
    region = page.get_by_role("region", name="América del Sur")
    names = region.get_by_role("listitem").all_inner_texts()
    assert [name.split(" —")[0] for name in names] == [
        "Chile",
        "Colombia",
        "Ecuador",
        "Perú",
    ]
    screenshot("where-we-work-es")
    region.get_by_role("link", name="Perú").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Perú")
    expect(page.get_by_role("link", name="+51 1 2217209")).to_have_attribute(
        "href", "tel:+51-1-2217209"
    )
    expect(page.get_by_role("link", name="iomlima@iom.int")).to_have_attribute(
        "href", "mailto:iomlima@iom.int"
    )
    expect(page.get_by_text("José Ivan Dávalos")).to_be_visible()
    screenshot("office-peru-es")
    page.get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/.*\d+-perou/$"))
    assert console_errors == []
