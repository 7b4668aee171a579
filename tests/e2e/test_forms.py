"""Forms that forgive, in Chromium: the unsaved-changes prompt, and a lead
image kept across a validation error (with the error summary's links)."""

from playwright.sync_api import expect

from news.models import PressRelease
from tests.news.factories import PressReleaseFactory


def test_leaving_a_changed_form_asks_first_and_saving_does_not(
    admin_page, console_errors
):
    page = admin_page
    release = PressReleaseFactory(title_en="Flood response")
    url = f"/admin/news/pressrelease/{release.pk}/change/"
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # "Stay on page"

    page.on("dialog", answer)

    # Nothing changed: leaving asks nothing.
    page.goto(url)
    page.wait_for_load_state("load")
    page.click(".breadcrumbs a >> nth=0")
    page.wait_for_url("**/admin/")
    assert dialogs == []

    # A change: leaving asks, and staying keeps the text.
    page.goto(url)
    page.wait_for_load_state("load")
    page.fill("#id_summary_en", "A summary nobody saved yet.")
    page.click(".breadcrumbs a >> nth=0")
    expect(page.locator("#id_summary_en")).to_have_value("A summary nobody saved yet.")
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(url)

    # Saving is not leaving.
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert dialogs == ["beforeunload"]
    release.refresh_from_db()
    assert release.summary_en == "A summary nobody saved yet."
    assert console_errors == []


def test_the_error_summary_leads_to_the_field_in_its_tab(
    admin_page, console_errors, screenshot
):
    page = admin_page
    page.goto("/admin/news/pressrelease/add/")
    page.select_option("#id_original_language", "fr")
    page.fill("#id_title_en", "Floods in Peru")  # the French title is missing
    page.click("input[name=_save]")

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Title (French)")
    screenshot("forms-error-summary")

    # The summary's link opens the French tab and puts the cursor there.
    summary.get_by_role("link", name="Title (French)").click()
    expect(page.locator("#id_title_fr")).to_be_visible()
    expect(page.locator("#id_title_fr")).to_be_focused()
    page.fill("#id_title_fr", "Inondations au Pérou")
    page.click("input[name=_save]")

    expect(page.locator(".messagelist .success")).to_be_visible()
    release = PressRelease.objects.get()
    assert release.title_fr == "Inondations au Pérou"
    assert release.title_en == "Floods in Peru"
    assert console_errors == []
