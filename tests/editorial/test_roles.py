"""Roles: groups from a data migration; publishing and deleting are enforced."""

import logging

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from editorial.roles import ADMINISTRATOR, EDITOR, PUBLISHER
from news import services
from news.models import PressRelease, Status
from pages.models import Page
from tests.factories import PageFactory
from tests.news.factories import PressReleaseFactory
from tests.organization.factories import UnitFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:news_pressrelease_changelist")


def perms(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_the_three_roles_exist_with_the_rights_they_are_named_for():
    editor, publisher, administrator = (
        perms(EDITOR),
        perms(PUBLISHER),
        perms(ADMINISTRATOR),
    )
    assert {"news.add_pressrelease", "news.change_pressrelease"} <= editor
    assert not {p for p in editor if p.startswith("news.delete_press")}
    assert "news.publish_pressrelease" not in editor
    assert "pages.publish_page" not in editor
    assert editor < publisher
    assert {
        "news.publish_pressrelease",
        "news.delete_pressrelease",
        "news.add_embargolink",
        "pages.publish_page",
        "pages.delete_page",
    } <= publisher
    assert {"auth.change_user", "auth.change_group", "organization.add_unit"} <= (
        administrator
    )
    assert "news.publish_pressrelease" not in administrator
    assert "pages.publish_page" not in administrator


def test_editor_cannot_publish_through_the_action_even_by_hand(editor_client):
    release = PressReleaseFactory()
    data = {"action": "publish", "_selected_action": [release.pk], "post": "yes"}
    editor_client.post(CHANGELIST, data)
    release.refresh_from_db()
    assert release.status == Status.DRAFT


def test_service_refuses_and_logs_a_publish_by_an_editor(editor, caplog):
    release = PressReleaseFactory()
    with caplog.at_level(logging.WARNING, logger="iomsite.audit"):
        with pytest.raises(PermissionDenied):
            services.publish_press_releases(releases=[release], user=editor)
    assert "refused publish by ed" in caplog.text


def test_publisher_publishes_and_unpublishes_and_both_are_logged(
    publisher_client, publisher, caplog, django_capture_on_commit_callbacks
):
    release = PressReleaseFactory(
        french=True, title_es="T", summary_es="R", body_es="<p>C</p>"
    )
    with caplog.at_level(logging.INFO, logger="iomsite.audit"):
        with django_capture_on_commit_callbacks(execute=True):
            publisher_client.post(
                CHANGELIST,
                {"action": "publish", "_selected_action": [release.pk], "post": "yes"},
            )
        release.refresh_from_db()
        assert release.status == Status.PUBLISHED
        with django_capture_on_commit_callbacks(execute=True):
            publisher_client.post(
                CHANGELIST,
                {
                    "action": "unpublish",
                    "_selected_action": [release.pk],
                    "post": "yes",
                },
            )
    release.refresh_from_db()
    assert release.status == Status.DRAFT
    entries = LogEntry.objects.filter(object_id=str(release.pk), user=publisher)
    assert sorted(e.change_message for e in entries) == ["publish", "unpublish"]
    assert "publish by pub: news.PressRelease" in caplog.text
    assert "unpublish by pub" in caplog.text


@pytest.mark.parametrize(
    ("factory", "name"),
    [(PressReleaseFactory, "news_pressrelease"), (PageFactory, "pages_page")],
)
def test_editor_cannot_delete_public_content_by_a_hand_made_post(
    editor_client, caplog, factory, name
):
    obj = factory()
    url = reverse(f"admin:{name}_delete", args=[obj.pk])
    with caplog.at_level(logging.WARNING, logger="iomsite.audit"):
        response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert "refused delete by ed" in caplog.text
    bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    editor_client.post(reverse(f"admin:{name}_changelist"), bulk)
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_deleting_a_release_needs_the_publish_right_too(django_user_model, client):
    """The delete permission alone (granted by hand) is not enough."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        username="half", password="pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITOR))
    user.user_permissions.add(Permission.objects.get(codename="delete_pressrelease"))
    client.force_login(user)
    release = PressReleaseFactory()
    url = reverse("admin:news_pressrelease_delete", args=[release.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403


def test_publisher_deletes_and_the_deletion_is_logged(
    publisher_client, publisher, caplog, django_capture_on_commit_callbacks
):
    page = PageFactory(title_en="Old campaign")
    url = reverse("admin:pages_page_delete", args=[page.pk])
    with caplog.at_level(logging.INFO, logger="iomsite.audit"):
        with django_capture_on_commit_callbacks(execute=True):
            response = publisher_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Page.objects.filter(pk=page.pk).exists()
    assert LogEntry.objects.filter(
        user=publisher, action_flag=DELETION, object_repr="Old campaign"
    ).exists()
    assert "delete by pub: pages.Page" in caplog.text


def test_administrator_manages_structure_and_users_not_releases(administrator, client):
    client.force_login(administrator)
    unit = UnitFactory()
    assert (
        client.get(
            reverse("admin:organization_unit_change", args=[unit.pk])
        ).status_code
        == 200
    )
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert client.get(CHANGELIST).status_code == 403
    assert not PressRelease.objects.exists()
