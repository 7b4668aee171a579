"""An editor checks a scheduled release for leaks from its change form."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from editorial.roles import EDITOR
from news.models import Status
from tests.conftest import member
from tests.e2e.conftest import sign_in
from tests.news.factories import PressReleaseFactory


def test_an_editor_runs_the_leak_check_and_sees_nothing_leaks(
    page, live_server, django_user_model, console_errors, screenshot
):
    for number in range(2):
        PressReleaseFactory(published=True, title_en=f"Already out number {number}")
    release = PressReleaseFactory(
        status=Status.PUBLISHED,
        title_en="Record numbers cross the Darién Gap this year",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    member(django_user_model, "ed", EDITOR)
    sign_in(page, "ed", "pw-for-tests", base_url=live_server.url)
    console_errors.clear()  # the browser's own favicon request at sign-in
    page.goto(f"{live_server.url}/admin/news/pressrelease/{release.pk}/change/")
    page.get_by_role("link", name="Check for leaks").click()

    result = page.locator("#leak-check-result")
    expect(result).to_contain_text("Nothing leaks:")
    expect(result).to_contain_text("addresses checked in 3 languages")
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.get_by_text("Every address requested, with its answer").click()
    expect(page.locator("#requested")).to_contain_text("/en/news/search/?q=")
    screenshot("news-leak-check")
    assert console_errors == []
