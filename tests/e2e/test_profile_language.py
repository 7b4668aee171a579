"""A browser set to English, a profile set to French: the admin speaks
French, the public site the language of its address; a second browser is
signed out from the profile page."""

from playwright.sync_api import expect

from editorial.roles import EDITOR
from profiles.models import Profile
from tests.conftest import member
from tests.e2e.conftest import sign_in


def test_the_admin_follows_the_profile_not_the_browser(
    browser, live_server, django_user_model
):
    user = member(django_user_model, "amelie", EDITOR)
    Profile.objects.update_or_create(user=user, defaults={"language": "fr"})
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        page = context.new_page()
        assert page.evaluate("navigator.language") == "en-US"
        sign_in(page, "amelie", "pw-for-tests")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        tools = page.locator("#user-tools")
        expect(tools.get_by_role("link", name="Mon profil")).to_be_visible()
        expect(tools.get_by_role("button", name="Déconnexion")).to_be_visible()

        # Public pages keep their address's language.
        page.goto("/en/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.goto("/admin/profiles/profile/mine/")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.locator("#id_language")).to_have_value("fr")
    finally:
        context.close()


def test_sign_out_everywhere_else_signs_out_the_other_browser(
    browser, live_server, django_user_model
):
    member(django_user_model, "amelie", EDITOR)
    laptop = browser.new_context(base_url=live_server.url, locale="en-US")
    phone = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        on_laptop, on_phone = laptop.new_page(), phone.new_page()
        sign_in(on_laptop, "amelie", "pw-for-tests")
        sign_in(on_phone, "amelie", "pw-for-tests")
        on_phone.goto("/admin/profiles/profile/mine/")
        sessions = on_phone.locator("#sessions tbody tr")
        expect(sessions).to_have_count(2)
        expect(sessions.first).to_contain_text("(this session)")
        on_phone.get_by_role("link", name="Sign out everywhere else").click()
        on_phone.get_by_role("button", name="Yes, sign out everywhere else").click()
        expect(on_phone.locator(".messagelist")).to_contain_text(
            "1 other session was signed out."
        )
        expect(sessions).to_have_count(1)

        on_laptop.goto("/admin/")
        expect(on_laptop).to_have_url(f"{live_server.url}/admin/login/?next=/admin/")
    finally:
        laptop.close()
        phone.close()
