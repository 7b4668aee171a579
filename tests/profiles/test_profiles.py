"""Each staff member's own profile: language and time zone."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from profiles import get_profile
from profiles.models import Profile
from tests.conftest import signed_in
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

MINE = "/admin/profiles/profile/mine/"


def test_the_page_has_its_address():
    assert reverse("admin:profiles_profile_mine") == MINE


def test_every_admin_page_links_to_my_profile_beside_change_password(editor):
    html = signed_in(editor).get("/admin/").text
    tools = re.search(r'<div id="user-tools">(.*?)</div>', html, re.S).group(1)
    assert f'<a href="{MINE}">My profile</a>' in tools
    assert tools.index("My profile") < tools.index("Change password")


def test_an_editor_opens_their_profile_with_the_defaults(editor):
    response = signed_in(editor).get(MINE)
    assert response.status_code == 200
    html = response.text
    assert "<h1>My profile</h1>" in html
    assert '<option value="en" selected>English</option>' in html
    assert '<option value="" selected>Not chosen</option>' in html
    assert '<option value="Europe/Zurich">Europe/Zurich</option>' in html
    # Made on demand, once.
    assert Profile.objects.filter(user=editor).count() == 1


def test_an_editor_chooses_language_and_time_zone(editor):
    client = signed_in(editor)
    response = client.post(MINE, {"language": "fr", "time_zone": "America/Lima"})
    assert response.status_code == 302
    assert response["Location"] == MINE
    profile = Profile.objects.get(user=editor)
    assert (profile.language, profile.time_zone) == ("fr", "America/Lima")
    html = client.get(MINE).text
    # Said, like the page itself, in the language just chosen.
    assert '<html lang="fr"' in html
    assert "Votre profil a été enregistré." in html
    assert '<option value="America/Lima" selected>America/Lima</option>' in html


def test_an_unknown_zone_is_refused_on_its_field_and_nothing_is_lost(editor):
    response = signed_in(editor).post(
        MINE, {"language": "es", "time_zone": "Europe/Geneva"}
    )
    assert response.status_code == 200
    html = response.text
    assert "Please correct the error below." in html
    field = re.search(
        r'<div class="form-row errors">(.*?)</div>\s*</div>', html, re.S
    ).group(1)
    assert "“Europe/Geneva” is not a time zone name" in field
    assert 'id="id_time_zone"' in field
    # The language chosen in the same post is still selected.
    assert '<option value="es" selected>Spanish</option>' in html
    assert Profile.objects.get(user=editor).language == "en"


def test_a_time_zone_can_be_left_unchosen(editor):
    ProfileFactory(user=editor, time_zone="Asia/Bangkok")
    signed_in(editor).post(MINE, {"language": "en", "time_zone": ""})
    assert Profile.objects.get(user=editor).time_zone == ""


def test_the_page_is_for_signed_in_staff_only(client, django_user_model):
    response = client.get(MINE)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    reader = django_user_model.objects.create_user("reader", password="x")
    assert signed_in(reader).get(MINE).status_code == 302


def test_profiles_are_not_listed_on_the_admin_home_page(admin_client):
    html = admin_client.get("/admin/").text
    assert 'href="/admin/profiles/"' not in html
    assert 'href="/admin/profiles/profile/"' not in html


def test_get_profile_makes_the_profile_once(editor):
    first = get_profile(editor)
    assert first.pk is not None
    assert (first.language, first.time_zone) == ("en", "")
    assert get_profile(editor) == first


def test_the_model_accepts_only_real_zone_names():
    profile = ProfileFactory.build(time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError) as raised:
        profile.full_clean(exclude=["user"])
    assert "time_zone" in raised.value.message_dict
    ProfileFactory.build(time_zone="Africa/Dakar").full_clean(exclude=["user"])
