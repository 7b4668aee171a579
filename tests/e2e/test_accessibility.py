"""WCAG 2.1 A and AA, checked by axe-core in Chromium, and by keyboard."""

import pytest
from playwright.sync_api import expect

from pages.demo import load_site_demo
from pages.models import Page

LANGUAGES = ["en", "fr", "es"]


@pytest.fixture
def site(live_server):
    load_site_demo()
    return live_server.url


def page_paths(code: str) -> dict[str, str]:
    content = Page.objects.get(slug_en="who-we-are")
    untranslated = Page.objects.create(title_en="Only in English", slug_en="only-en")
    slug = getattr(content, f"slug_{code}")
    return {
        "home": f"/{code}/",
        "content page": f"/{code}/{'paginas' if code == 'es' else 'pages'}/{content.pk}-{slug}/",
        "not available": f"/{code}/{'paginas' if code == 'es' else 'pages'}/{untranslated.pk}-x/"
        if code != "en"
        else None,
        "404": f"/{code}/no-such-page/",
    }


@pytest.mark.parametrize("code", LANGUAGES)
def test_site_frame_pages_have_no_wcag_violations(page, site, axe_violations, code):
    for name, path in page_paths(code).items():
        if path is None:
            continue
        page.goto(f"{site}{path}")
        assert axe_violations(page) == [], f"{name} ({code}) {path}"


@pytest.mark.parametrize("width", [360, 1280])
def test_skip_link_and_menu_work_with_the_keyboard_alone(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site}/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site}/en/#content")
    assert page.evaluate("document.activeElement.id") == "content"

    page.goto(f"{site}/en/")
    if width < 900:
        toggle = page.locator(".menu-toggle > summary")
        toggle.focus()
        page.keyboard.press("Enter")
    submenu = page.locator("summary", has_text="Our work")
    submenu.focus()
    expect(submenu).to_be_focused()
    page.keyboard.press("Enter")
    menu = page.get_by_role("navigation", name="Main menu")
    link = menu.get_by_role("link", name="Partnerships")
    expect(link).to_be_visible()
    page.keyboard.press("Escape")
    expect(link).to_be_hidden()
    expect(submenu).to_be_focused()


def test_language_switcher_is_reachable_and_usable_by_keyboard(page, site):
    page.goto(f"{site}/en/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Français":
            break
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


@pytest.mark.parametrize("width", [320, 360, 768, 1280, 1440])
def test_no_horizontal_scrolling_from_320_to_1440_pixels(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    for code in LANGUAGES:
        page.goto(f"{site}/{code}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
