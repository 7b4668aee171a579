import re

from playwright.sync_api import expect

from pages.demo import load_site_demo


def test_reader_lands_on_their_language_and_switches_to_the_others(
    page, live_server, screenshot
):
    load_site_demo()
    page.set_extra_http_headers({"Accept-Language": "fr-FR,fr;q=0.9"})
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/fr/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    menu = page.get_by_role("navigation", name="Menu principal")
    expect(menu).to_contain_text("Qui sommes nous")
    screenshot("home-fr")

    page.get_by_role("link", name="Español").click()
    expect(page).to_have_url(re.compile(r"/es/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("navigation", name="Menú principal")).to_contain_text(
        "Quiénes somos"
    )
    screenshot("home-es")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text(
        "Who we are"
    )
    screenshot("home-en")


def test_switcher_on_a_content_page_lands_on_the_same_page(page, live_server):
    load_site_demo()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/en/")
    menu = page.get_by_role("navigation", name="Main menu")
    menu.locator("summary", has_text="Who we are").click()
    menu.get_by_role("link", name="Who we are").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who we are")
    page.get_by_role("link", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Qui sommes nous")
    expect(page).to_have_url(re.compile(r"/fr/pages/\d+-qui-sommes-nous/$"))


def test_admin_shows_language_tabs_and_the_editor_without_console_errors(
    admin_page, console_errors, screenshot
):
    page = admin_page
    page.goto(page.url.replace("/admin/", "/admin/pages/page/add/"))
    tabs = page.locator(".ui-tabs-nav").first
    expect(tabs).to_be_visible()
    for code in ("en", "fr", "es"):
        expect(tabs.get_by_role("tab", name=code)).to_be_visible()
    expect(page.locator(".cke").first).to_be_visible()
    page.locator(".ui-tabs-nav").first.get_by_role("tab", name="fr").click()
    expect(page.locator("#id_title_fr")).to_be_visible()
    expect(page.locator("#id_title_en")).to_be_hidden()
    # Every other field follows the chosen language.
    expect(page.locator("#id_introduction_fr")).to_be_visible()
    expect(page.locator("#cke_id_body_fr")).to_be_visible()
    expect(page.locator("#cke_id_body_en")).to_be_hidden()
    screenshot("admin-page-add")
    assert console_errors == []
