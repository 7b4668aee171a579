"""Sign-in: throttled with lock-out and recovery; sessions in the database."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial.middleware import LAST_SEEN

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "a-long-test-password"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_staff=True
    )


def sign_in(client, password, address="203.0.113.5", username="editor"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_name_from_that_address(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200  # the form again
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # Even the right password is refused while locked.
    assert sign_in(client, PASSWORD).status_code == 429
    # Someone guessing elsewhere does not lock the editor out from here.
    assert sign_in(Client(), PASSWORD, address="198.51.100.7").status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert sign_in(client, PASSWORD).status_code == 302


def test_axes_reset_lifts_every_lock(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    call_command("axes_reset", verbosity=0)
    assert sign_in(client, PASSWORD).status_code == 302


def test_signing_in_rotates_the_session_and_keeps_it_in_the_database(
    client, staff, settings
):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    session = client.session  # an anonymous session, as before signing in
    session["before"] = 1
    session.save()
    before = session.session_key
    assert sign_in(client, PASSWORD).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert Session.objects.filter(session_key=after).exists()
    assert not Session.objects.filter(session_key=before).exists()


def test_an_idle_admin_session_ends(client, staff, settings):
    sign_in(client, PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200
    session = client.session
    session[LAST_SEEN] -= settings.SESSION_IDLE_TIMEOUT + 1
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_an_active_session_stays(client, staff, settings):
    sign_in(client, PASSWORD)
    session = client.session
    session[LAST_SEEN] -= settings.SESSION_IDLE_TIMEOUT - 60
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.session[LAST_SEEN] >= timezone.now().timestamp() - 5
