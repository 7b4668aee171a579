"""Password spraying: one address, one password, many user names."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
SPRAYER = "203.0.113.66"
PASSWORD = "a-long-test-password"


def sign_in(client, username, password, address):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_staff=True
    )


def test_one_password_against_many_names_is_locked_out_before_the_end(
    staff, settings, caplog
):
    sprayer = Client()
    names = [f"user{n}" for n in range(25)]
    with caplog.at_level(logging.WARNING, logger="iomsite.audit"):
        statuses = [
            sign_in(sprayer, name, "Summer2024!", SPRAYER).status_code for name in names
        ]
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    # Each name failed once only: the per-name limit alone never trips.
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit - 1 :]) == {429}
    # The editor's own name and password are refused from that address too.
    refused = sign_in(sprayer, "editor", PASSWORD, SPRAYER)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "for several user names" in page
    assert "ask an administrator" in page
    assert "15 minutes" in page
    assert (
        "sign-in locked out: every user name from 203.0.113.66, user name 'user19'"
        in caplog.messages
    )


def test_the_real_editor_still_signs_in_from_another_address(staff):
    sprayer = Client()
    for n in range(25):
        sign_in(sprayer, f"user{n}", "Summer2024!", SPRAYER)
    response = sign_in(Client(), "editor", PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_few_typos_by_colleagues_behind_one_address_lock_nobody_out(staff):
    office = Client()
    for n in range(5):
        assert sign_in(office, f"colleague{n}", "typo", SPRAYER).status_code == (200)
    assert sign_in(office, "editor", PASSWORD, SPRAYER).status_code == 302


def test_repeated_failures_on_one_name_still_lock_at_the_lower_limit(
    staff, settings, caplog
):
    guesser = Client()
    with caplog.at_level(logging.WARNING, logger="iomsite.audit"):
        responses = [
            sign_in(guesser, "editor", f"guess{n}", SPRAYER)
            for n in range(settings.AXES_FAILURE_LIMIT)
        ]
    assert [r.status_code for r in responses[:-1]] == [200] * (
        settings.AXES_FAILURE_LIMIT - 1
    )
    assert responses[-1].status_code == 429
    assert "for this user name" in responses[-1].content.decode()
    assert (
        "sign-in locked out: this user name from 203.0.113.66, user name 'editor'"
        in caplog.messages
    )
