"""The admin in each person's own language, whatever their browser asks."""

import pytest

from profiles.models import Profile
from tests.conftest import signed_in
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

MINE = "/admin/profiles/profile/mine/"


def french(user):
    Profile.objects.update_or_create(user=user, defaults={"language": "fr"})
    return user


def test_the_admin_is_in_french_for_a_french_profile_with_an_english_browser(editor):
    client = signed_in(french(editor))
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    html = response.text
    assert '<html lang="fr"' in html
    assert "Mon profil" in html
    assert "My profile" not in html


def test_the_admin_follows_the_browser_for_nobody_signed_in(client):
    html = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="es").text
    assert '<html lang="es"' in html


def test_the_admin_is_in_english_for_an_english_profile_with_a_spanish_browser(
    editor,
):
    ProfileFactory(user=editor, language="en")
    html = signed_in(editor).get("/admin/", HTTP_ACCEPT_LANGUAGE="es").text
    assert '<html lang="en"' in html
    assert "My profile" in html


def test_public_pages_keep_their_addresss_language(editor):
    client = signed_in(french(editor))
    response = client.get("/es/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<html lang="es"' in response.text
    assert response["Content-Language"] == "es"


def test_choosing_another_language_changes_the_next_admin_page_at_once(editor):
    client = signed_in(french(editor))
    assert '<html lang="fr"' in client.get(MINE).text
    client.post(MINE, {"language": "es", "time_zone": ""})
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr").text
    assert '<html lang="es"' in html


def test_the_admins_javascript_strings_come_in_the_profiles_language(editor):
    client = signed_in(french(editor))
    response = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    # Django's own French catalogue for the admin's scripts.
    assert '"April": "Avril"' in response.text


def test_a_first_sign_in_starts_the_profile_in_the_browsers_language(
    client, django_user_model
):
    user = django_user_model.objects.create_user(
        "nouveau", password="a-long-test-password", is_staff=True
    )
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "nouveau", "password": "a-long-test-password"},
        HTTP_ACCEPT_LANGUAGE="fr-CH,fr;q=0.9,en;q=0.5",
    )
    assert response.status_code == 302
    assert Profile.objects.get(user=user).language == "fr"
    # From then on it is the profile, not the browser, that decides.
    html = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").text
    assert '<html lang="fr"' in html


def test_a_later_sign_in_keeps_the_language_chosen(client, editor):
    ProfileFactory(user=editor, language="es")
    client.post(
        "/admin/login/",
        {"username": "ed", "password": "pw-for-tests"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert Profile.objects.get(user=editor).language == "es"


def test_the_help_text_says_the_language_is_the_admins_too(editor):
    html = signed_in(editor).get(MINE).text
    assert "The language of the admin and of the emails the site sends you" in html


def test_someone_without_a_profile_yet_gets_their_browsers_language(editor):
    html = signed_in(editor).get("/admin/", HTTP_ACCEPT_LANGUAGE="es").text
    assert '<html lang="es"' in html
