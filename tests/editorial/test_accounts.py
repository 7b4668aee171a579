"""Administrators manage accounts and roles, never superusers nor rights."""

import logging

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from editorial.roles import ADMINISTRATOR, EDITOR, PUBLISHER
from tests.editorial.html_forms import change_form_data

pytestmark = pytest.mark.django_db

USERS = reverse("admin:auth_user_changelist")


@pytest.fixture
def administrator_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password="pw-for-tests"
    )


def user_url(user, view: str = "change") -> str:
    return reverse(f"admin:auth_user_{view}", args=[user.pk])


def opened(client, user) -> dict:
    response = client.get(user_url(user))
    assert response.status_code == 200
    return change_form_data(response.content.decode(), "user_form")


def test_an_administrator_posting_is_superuser_for_someone_changes_nothing(
    administrator_client, editor, caplog
):
    form = opened(administrator_client, editor)
    form["is_superuser"] = "on"
    with caplog.at_level(logging.WARNING, logger="iomsite.audit"):
        response = administrator_client.post(user_url(editor), form)
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.is_superuser is False
    assert "refused grant superuser by adm" in caplog.text


def test_an_administrator_cannot_make_themself_a_superuser(
    administrator_client, administrator
):
    form = opened(administrator_client, administrator)
    form["is_superuser"] = "on"
    administrator_client.post(user_url(administrator), form)
    administrator.refresh_from_db()
    assert administrator.is_superuser is False


def test_an_administrator_never_sees_the_superuser_box_nor_its_filter(
    administrator_client, editor
):
    html = administrator_client.get(user_url(editor)).content.decode()
    assert 'name="is_superuser"' not in html
    changelist = administrator_client.get(USERS).content.decode()
    assert "is_superuser__exact" not in changelist


def test_an_administrator_creating_a_user_cannot_slip_in_superuser_status(
    administrator_client, django_user_model
):
    response = administrator_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "a-long-Passphrase-42",
            "password2": "a-long-Passphrase-42",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    created = django_user_model.objects.get(username="newcomer")
    assert created.is_superuser is False


def test_an_administrator_still_creates_staff_and_assigns_roles(
    administrator_client, editor
):
    form = opened(administrator_client, editor)
    form["groups"] = [str(Group.objects.get(name=PUBLISHER).pk)]
    form["is_active"] = "on"
    assert administrator_client.post(user_url(editor), form).status_code == 302
    assert list(editor.groups.values_list("name", flat=True)) == [PUBLISHER]


def test_an_administrator_cannot_grant_a_permission_directly(
    administrator_client, editor
):
    form = opened(administrator_client, editor)
    assert "user_permissions" not in form
    form["user_permissions"] = [
        str(Permission.objects.get(codename="publish_pressrelease").pk)
    ]
    administrator_client.post(user_url(editor), form)
    assert not editor.user_permissions.exists()


def test_an_administrator_cannot_edit_a_superuser(administrator_client, root):
    response = administrator_client.get(user_url(root))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    response = administrator_client.post(
        user_url(root), {"username": "root", "email": "mine@example.org"}
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email == "root@example.org"


def test_an_administrator_cannot_change_a_superusers_password(
    administrator_client, root
):
    url = user_url(root, "password_change")
    assert administrator_client.get(url).status_code == 403
    response = administrator_client.post(
        url,
        {"password1": "taken-Over-12345", "password2": "taken-Over-12345"},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.check_password("pw-for-tests") is True


def test_an_administrator_cannot_delete_a_superuser_one_by_one_or_in_bulk(
    administrator_client, root, django_user_model
):
    response = administrator_client.post(user_url(root, "delete"), {"post": "yes"})
    assert response.status_code == 403
    response = administrator_client.post(
        USERS,
        {"action": "delete_selected", "_selected_action": [root.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert django_user_model.objects.filter(pk=root.pk).exists()


def test_an_administrator_still_deletes_an_ordinary_account(
    administrator_client, editor, django_user_model
):
    response = administrator_client.post(user_url(editor, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not django_user_model.objects.filter(pk=editor.pk).exists()


def test_an_administrator_cannot_change_what_a_role_grants(administrator_client):
    editors = Group.objects.get(name=EDITOR)
    before = set(editors.permissions.values_list("pk", flat=True))
    url = reverse("admin:auth_group_change", args=[editors.pk])
    html = administrator_client.get(url).content.decode()
    assert 'name="permissions"' not in html
    delete_release = Permission.objects.get(codename="delete_pressrelease")
    response = administrator_client.post(
        url, {"name": EDITOR, "permissions": [str(delete_release.pk)]}
    )
    assert response.status_code == 302
    assert set(editors.permissions.values_list("pk", flat=True)) == before


def test_a_superuser_still_sees_and_grants_everything(admin_client, editor):
    form = opened(admin_client, editor)
    form["is_superuser"] = "on"
    assert admin_client.post(user_url(editor), form).status_code == 302
    editor.refresh_from_db()
    assert editor.is_superuser is True
    administrators = Group.objects.get(name=ADMINISTRATOR)
    html = admin_client.get(
        reverse("admin:auth_group_change", args=[administrators.pk])
    ).content.decode()
    assert 'name="permissions"' in html
