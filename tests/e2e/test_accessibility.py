"""WCAG 2.1 A and AA, checked by axe-core in Chromium, and by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.readers import LANGUAGES, RELEASE, build_reader_site, serve_media


@pytest.fixture
def site(live_server):
    return build_reader_site(live_server.url)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_public_page_type_has_no_wcag_violations(
    page, site, axe_violations, console_errors, code
):
    serve_media(page)
    found = {}
    for name, path in site.paths[code].items():
        page.goto(site.url + path)
        expect(page.locator("html")).to_have_attribute("lang", code)
        violations = axe_violations(page)
        if violations:
            found[f"{name} {path}"] = violations
    assert found == {}
    # 404 and "not available" answer 404, which Chromium logs as an error.
    assert [e for e in console_errors if "404" not in e] == []


def tab_to(page, locator, presses: int = 60) -> None:
    """Press Tab until ``locator`` has the focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} never got the focus")


def focus_is_visible(page) -> bool:
    """The focused element shows an outline or a ring (``:focus-visible``)."""
    return page.evaluate(
        """() => {
          const style = getComputedStyle(document.activeElement);
          return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== "none";
        }"""
    )


@pytest.mark.parametrize("width", [360, 1280])
def test_skip_link_and_menu_work_with_the_keyboard_alone(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site.url}/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site.url}/en/#content")
    assert page.evaluate("document.activeElement.id") == "content"

    page.goto(f"{site.url}/en/")
    menu = page.get_by_role("navigation", name="Main menu")
    if width < 900:
        toggle = page.locator(".menu-toggle > summary")
        tab_to(page, toggle)
        assert focus_is_visible(page)
        page.keyboard.press("Enter")
    submenu = menu.locator("summary", has_text="Our work")
    tab_to(page, submenu)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    link = menu.get_by_role("link", name="Partnerships")
    expect(link).to_be_visible()
    tab_to(page, link, presses=10)
    assert focus_is_visible(page)
    page.keyboard.press("Escape")
    expect(link).to_be_hidden()
    expect(submenu).to_be_focused()


def test_skip_link_lands_on_the_release_past_the_header(page, site):
    page.goto(site.url + site.path("en", "release"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    # The next Tab goes into the release, not back to the menu.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.getElementById('content').contains(document.activeElement)"
    )


def test_news_filters_work_with_the_keyboard_alone(page, site):
    page.goto(site.url + "/en/news/")
    # The skip link leads past the menu to the search and the filters.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#news-search-q")).to_be_focused()
    office = page.get_by_label("Country office")
    tab_to(page, office)
    assert focus_is_visible(page)
    # A closed native select takes type-ahead letters.
    page.keyboard.type("Peru")
    expect(office.locator("option:checked")).to_have_text("Peru")
    button = page.get_by_role("button", name="Filter")
    tab_to(page, button)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"office=\d+"))
    expect(page.locator(".release-list")).to_contain_text(RELEASE["en"]["title"])
    # Every control of the form shows where the focus is.
    for control in ("#news-search-q", ".news-search button", "#id_topic"):
        tab_to(page, page.locator(control))
        assert focus_is_visible(page), control


@pytest.mark.parametrize("code", LANGUAGES)
def test_language_switcher_is_reachable_and_usable_by_keyboard(page, site, code):
    target = {"en": "fr", "fr": "es", "es": "en"}[code]
    page.goto(site.url + site.path(code, "release"))
    link = page.locator(f".languages a[hreflang={target}]")
    tab_to(page, link)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", target)
    expect(page.get_by_role("heading", level=1)).to_have_text(RELEASE[target]["title"])


def test_pages_speak_their_language_and_mark_text_in_another(page, site):
    serve_media(page)
    page.goto(site.url + site.path("fr", "release"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # The other versions are named in their own language, and marked so.
    for scope in (".languages", ".other-languages"):
        links = page.locator(f"{scope} a")
        for index in range(links.count()):
            link = links.nth(index)
            code = link.get_attribute("hreflang")
            assert code in LANGUAGES
            expect(link).to_have_attribute("lang", code)
    expect(page.locator(".other-languages a[lang=es]")).to_have_text("Español")
    # Dates and country names in French.
    expect(page.locator(".kicker time")).to_contain_text(
        re.compile(
            r"\d+ (janvier|février|mars|avril|mai|juin|juillet|août|"
            r"septembre|octobre|novembre|décembre) \d{4}"
        )
    )
    expect(page.locator(".release-related")).to_contain_text("Pérou")
    expect(page.locator(".lead-image img")).to_have_attribute(
        "alt", RELEASE["fr"]["alt"]
    )
    assert page.locator(".lead-image-picture").get_attribute("lang") is None

    # No Spanish text alternative: the English one, marked as English.
    page.goto(site.url + site.path("es", "release"))
    image = page.locator(".lead-image img")
    expect(image).to_have_attribute("alt", RELEASE["en"]["alt"])
    expect(page.locator(".lead-image-picture")).to_have_attribute("lang", "en")
    expect(page.locator(".lead-image figcaption")).to_contain_text(
        RELEASE["es"]["caption"]
    )
    expect(page.locator(".release-related")).to_contain_text("Perú")


def test_thumbnails_are_decorative_and_lazy(page, site):
    serve_media(page)
    for name in ("home", "news list filtered", "search"):
        page.goto(site.url + site.path("fr", name))
        thumbnails = page.locator(".release-thumbnail img")
        assert thumbnails.count() >= 1, name
        for index in range(thumbnails.count()):
            # The title next to it says what the card is about.
            expect(thumbnails.nth(index)).to_have_attribute("alt", "")
            expect(thumbnails.nth(index)).to_have_attribute("loading", "lazy")
