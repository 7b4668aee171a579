from django.urls import reverse
from django.utils.translation import override
from playwright.sync_api import expect

from news.models import PressRelease, Status
from tests.e2e.conftest import ARTIFACTS
from tests.news.factories import MediaContactFactory
from tests.organization.factories import CountryOfficeFactory


def list_url(code: str) -> str:
    with override(code):
        return reverse("news:release-list")


TITLE = "L’OIM au Pérou accueille des experts en statistiques migratoires"
SUMMARY = "Des experts de la Communauté andine se réunissent à Lima."
BODY = "Cette semaine, l’OIM au Pérou a accueilli un groupe d’experts."


def test_editor_writes_previews_and_publishes_a_french_release(
    admin_page, browser, live_server, console_errors, screenshot
):
    office = CountryOfficeFactory(country="PE")
    MediaContactFactory(
        name="Carolina Santos",
        role_fr="OIM Pérou",
        office=office,
        email="casantos@iom.int",
        phone="+5112217209;ext=145",
    )
    page = admin_page
    page.goto(f"{live_server.url}/admin/news/pressrelease/add/")
    page.select_option("#id_original_language", "fr")
    for tab in page.get_by_role("tab", name="fr").all():
        tab.click()
    page.fill("#id_title_fr", TITLE)
    page.fill("#id_summary_fr", SUMMARY)
    editor = page.frame_locator("#cke_id_body_fr iframe").locator("body")
    editor.click()
    editor.press_sequentially(BODY)

    page.get_by_text("Add another Media contact").click()
    page.locator("#release_contacts-0 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Carolina")
    page.locator(".select2-results__option", has_text="Carolina Santos").click()
    screenshot("news-admin-write")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    release = PressRelease.objects.get()
    assert release.status == Status.DRAFT
    assert release.title_fr == TITLE
    assert BODY in release.body_fr
    assert [c.name for c in release.contacts()] == ["Carolina Santos"]

    preview = page.get_by_role("link", name="Preview in FR")
    page.goto(live_server.url + preview.get_attribute("href"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".media-contacts")).to_contain_text("Carolina Santos")
    screenshot("news-preview")

    page.goto(f"{live_server.url}/admin/news/pressrelease/")
    page.locator("input.action-select").first.check()
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    page.get_by_role("button", name="Yes, go ahead").click()
    expect(page.locator(".messagelist")).to_contain_text("1 press release changed.")
    assert console_errors == []

    release.refresh_from_db()
    with override("fr"):
        french_url = release.get_absolute_url()
    with override("en"):
        english_url = release.get_absolute_url()
    reader = browser.new_context().new_page()
    reader.goto(live_server.url + french_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator("html")).to_have_attribute("lang", "fr")
    expect(reader.locator(".media-contacts")).to_contain_text("casantos@iom.int")
    ARTIFACTS.mkdir(exist_ok=True)
    reader.screenshot(path=str(ARTIFACTS / "news-reader-fr.png"), full_page=True)

    response = reader.goto(live_server.url + english_url)
    assert response.status == 404
    expect(reader.locator("body")).not_to_contain_text(TITLE)
    expect(reader.locator(".available-languages")).to_contain_text("Français")

    reader.goto(live_server.url + list_url("en"))
    expect(reader.locator("main")).not_to_contain_text(TITLE)
    reader.goto(live_server.url + list_url("fr"))
    expect(reader.locator("main")).to_contain_text(TITLE)
