"""Two editors in two browsers save the same release: nothing is lost."""

from playwright.sync_api import expect

from news.models import PressRelease
from tests.e2e.conftest import sign_in
from tests.news.factories import PressReleaseFactory


def test_second_editor_sees_the_conflict_and_keeps_her_text(
    admin_page, browser, live_server, django_user_model, console_errors, screenshot
):
    release = PressReleaseFactory(title_en="Flood response", summary_en="Old.")
    django_user_model.objects.create_superuser(
        username="second", email="second@example.org", password="another-long-password"
    )
    other_context = browser.new_context(base_url=live_server.url)
    try:
        other = other_context.new_page()
        sign_in(other, "second", "another-long-password")
        url = f"/admin/news/pressrelease/{release.pk}/change/"
        first = admin_page
        first.goto(url)
        other.goto(url)

        first.fill("#id_summary_en", "The first editor's summary.")
        first.click("input[name=_save]")
        expect(first.locator(".messagelist .success")).to_be_visible()

        other.fill("#id_summary_en", "The second editor's summary.")
        other.click("input[name=_save]")
        conflict = other.locator(".editorial-conflict")
        expect(conflict).to_be_visible()
        expect(conflict).to_contain_text("The first editor's summary.")
        expect(other.locator(".errornote, .errorlist.nonfield")).not_to_have_count(0)
        expect(other.locator("#id_summary_en")).to_have_value(
            "The second editor's summary."
        )
        screenshot("editorial-conflict")
        assert PressRelease.objects.get().summary_en == "The first editor's summary."

        # Having seen the other change, she saves again on purpose.
        other.click("input[name=_save]")
        expect(other.locator(".messagelist .success")).to_be_visible()
        assert PressRelease.objects.get().summary_en == "The second editor's summary."
    finally:
        other_context.close()
    assert console_errors == []
