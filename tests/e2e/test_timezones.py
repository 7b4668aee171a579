"""A browser in Lima signs in for the first time: the admin takes its zone."""

from playwright.sync_api import expect

from profiles import get_profile
from tests.e2e.conftest import sign_in


def test_first_sign_in_takes_the_browsers_time_zone(
    browser, live_server, django_user_model
):
    user = django_user_model.objects.create_superuser(
        username="lima", email="lima@example.org", password="a-long-test-password"
    )
    context = browser.new_context(base_url=live_server.url, timezone_id="America/Lima")
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, "lima", "a-long-test-password")
        expect(page.locator(".time-zone")).to_have_text("Times in America/Lima")
    finally:
        context.close()
    assert get_profile(user).time_zone == "America/Lima"
    assert errors == []
