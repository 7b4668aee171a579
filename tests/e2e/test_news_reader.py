import re

from django.utils.translation import override
from playwright.sync_api import expect

from tests.news.factories import DatelinePlaceFactory, PressReleaseFactory
from tests.organization.factories import CountryOfficeFactory

TITLE_EN = "IOM Peru hosts migration statistics experts"
TITLE_FR = "L’OIM au Pérou accueille des experts en statistiques migratoires"


def test_reader_filters_by_country_opens_a_release_and_switches_language(
    page, live_server, console_errors, screenshot, axe_violations
):
    peru = CountryOfficeFactory(country="PE")
    chile = CountryOfficeFactory(country="CL", city_en="Santiago")
    release = PressReleaseFactory(
        published=True,
        title_en=TITLE_EN,
        title_fr=TITLE_FR,
        summary_fr="Des experts se réunissent à Lima.",
        body_fr="<p>Le texte.</p>",
    )
    release.country_offices.add(peru)
    DatelinePlaceFactory(release=release, office=peru)
    PressReleaseFactory(
        published=True, title_en="Chile opens an office"
    ).country_offices.add(chile)

    page.goto(f"{live_server.url}/en/news/")
    expect(page.locator(".release-list")).to_contain_text("Chile opens an office")
    page.get_by_label("Country office").select_option(label="Peru")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(rf"office={peru.pk}"))
    expect(page.locator(".release-list")).not_to_contain_text("Chile")
    expect(page.get_by_label("Country office")).to_have_value(str(peru.pk))
    screenshot("news-list-filtered")
    assert axe_violations(page) == []

    page.get_by_role("link", name=TITLE_EN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_EN)

    page.get_by_role("navigation", name="Languages").get_by_role(
        "link", name="Français"
    ).click()
    with override("fr"):
        french_url = release.get_absolute_url()
    expect(page).to_have_url(live_server.url + french_url)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE_FR)
    expect(page.locator(".dateline").first).to_contain_text("Pérou")
    screenshot("news-release-fr")
    assert axe_violations(page) == []
    assert console_errors == []


def test_reader_searches_in_their_language(page, live_server, axe_violations):
    PressReleaseFactory(
        published=True,
        title_en="Water for displaced families",
        title_fr="De l’eau pour les familles déplacées",
        summary_fr="Des points d’eau réparés au Pérou.",
        body_fr="<p>Le texte.</p>",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/fr/actualites/")
    # The French interface strings arrive with the lead's translations.
    page.locator("#news-search-q").fill("perou")
    page.locator(".news-search button").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".release-list")).to_contain_text("familles déplacées")
    expect(page.locator(".release-list mark").first).to_be_visible()
    assert axe_violations(page) == []
