"""Restoring a revision obeys the change form's rules, and is logged."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from news.models import PressRelease, ReleaseContact, Status
from organization.models import Unit
from tests.editorial.html_forms import change_form_data
from tests.editorial.test_conflicts import change_url, opened
from tests.editorial.test_history import edit, history_url, revision_url
from tests.news.factories import MediaContactFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def restore_form(client, obj, version) -> dict:
    page = client.get(revision_url(obj, version))
    assert page.status_code == 200
    return change_form_data(page.content.decode(), f"{obj._meta.model_name}_form")


def recover_url(model, version) -> str:
    opts = model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_recover", args=[version.pk]
    )


@pytest.fixture
def french_translator_client(django_user_model):
    user = django_user_model.objects.create_user(
        username="traductrice", password="pw-for-tests", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Translator (French)"))
    client = Client()
    client.force_login(user)
    return client


def test_editor_posting_a_restore_of_a_published_revision_is_refused_and_logged(
    admin_client, editor_client, caplog
):
    release = PressReleaseFactory(published=True)
    edit(admin_client, release, summary_en="Live summary.")
    published = Version.objects.get_for_object(release).first()
    PressRelease.objects.filter(pk=release.pk).update(status=Status.DRAFT)
    # The editor hand-makes the POST the revision page would send.
    form = opened(admin_client, PressRelease.objects.get(pk=release.pk))
    form["status"] = Status.PUBLISHED

    with caplog.at_level(logging.INFO, logger="iomsite.audit"):
        response = editor_client.post(revision_url(release, published), form)

    assert response.status_code == 302
    assert response["Location"] == history_url(release)
    release.refresh_from_db()
    assert release.status == Status.DRAFT
    assert [r.getMessage() for r in caplog.records] == [
        f"refused restore by ed: news.PressRelease #{release.pk} "
        f"to revision {published.pk}"
    ]
    page = editor_client.get(response["Location"]).content.decode()
    assert "only publishers may restore it" in page


def test_publisher_restore_is_logged_with_what_it_changed(
    admin_client, publisher_client, caplog, django_capture_on_commit_callbacks
):
    release = PressReleaseFactory(title_fr="Premier titre")
    edit(admin_client, release, title_fr="Second titre")
    first = Version.objects.get_for_object(release).last()
    form = restore_form(publisher_client, release, first)

    with (
        caplog.at_level(logging.INFO, logger="iomsite.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = publisher_client.post(revision_url(release, first), form)

    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.title_fr, release.version) == ("Premier titre", 3)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1
    assert lines[0].startswith(
        f"restore by pub: news.PressRelease #{release.pk} “{release}” "
        f"to revision {first.pk} of "
    )
    assert lines[0].endswith(": changed title_fr")


def test_french_translator_restoring_an_old_revision_brings_back_only_french(
    admin_client, french_translator_client
):
    release = PressReleaseFactory(title_en="Old English", title_fr="Ancien")
    edit(admin_client, release, title_en="New English", title_fr="Nouveau")
    first = Version.objects.get_for_object(release).last()
    form = restore_form(french_translator_client, release, first)
    assert form["title_fr"] == "Ancien"
    assert "title_en" not in form  # read-only for them
    # Even a hand-made POST of the English text changes nothing in English.
    form["title_en"] = "Old English"

    response = french_translator_client.post(revision_url(release, first), form)

    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.title_en, release.title_fr) == ("New English", "Ancien")


def test_translator_restoring_leaves_the_publication_state_alone(
    admin_client, french_translator_client
):
    release = PressReleaseFactory(title_fr="Ancien")
    edit(admin_client, release, title_fr="Nouveau", status=Status.IN_REVIEW)
    first = Version.objects.get_for_object(release).last()
    form = restore_form(french_translator_client, release, first)
    french_translator_client.post(revision_url(release, first), form)
    release.refresh_from_db()
    assert (release.title_fr, release.status) == ("Ancien", Status.IN_REVIEW)


def test_a_unit_revision_reached_through_the_press_release_admin_is_not_found(
    admin_client,
):
    release = PressReleaseFactory()
    unit = Unit.objects.create(name_en="Legal Office")
    edit(admin_client, unit, name_en="Legal Affairs")
    unit_version = Version.objects.get_for_object(unit).first()
    # The same number as the release's id, in the release's address.
    Version.objects.filter(pk=unit_version.pk).update(object_id=str(release.pk))
    url = reverse(
        "admin:news_pressrelease_revision", args=[release.pk, unit_version.pk]
    )
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {}).status_code == 404
    release.refresh_from_db()
    assert release.version == 1


def test_a_deleted_unit_cannot_be_recovered_through_the_menu_admin(admin_client):
    unit = Unit.objects.create(name_en="Closed Office")
    edit(admin_client, unit, name_en="Closed Office (old)")
    version = Version.objects.get_for_object(unit).first()
    unit.delete()
    url = reverse("admin:pages_menuitem_recover", args=[version.pk])
    assert admin_client.post(url, {}).status_code == 404
    assert not Unit.objects.filter(pk=version.object_id).exists()


def test_editor_cannot_undelete_a_press_release_that_was_on_the_site(
    admin_client, editor_client, caplog
):
    release = PressReleaseFactory(published=True)
    edit(admin_client, release, summary_en="Live.")
    version = Version.objects.get_for_object(release).first()
    pk = release.pk
    release.delete()

    with caplog.at_level(logging.INFO, logger="iomsite.audit"):
        response = editor_client.post(recover_url(PressRelease, version), {})

    assert response.status_code == 302
    assert not PressRelease.objects.filter(pk=pk).exists()
    assert [r.getMessage() for r in caplog.records] == [
        f"refused restore by ed: news.PressRelease #{pk} to revision {version.pk}"
    ]


def test_editor_may_undelete_a_draft_with_its_contacts(admin_client, editor_client):
    release = PressReleaseFactory()
    contact = MediaContactFactory(name="Carolina Santos")
    form = opened(admin_client, release)
    form.update(
        {
            "release_contacts-TOTAL_FORMS": "1",
            "release_contacts-0-contact": str(contact.pk),
            "release_contacts-0-sort_order": "0",
        }
    )
    admin_client.post(change_url(release), form)
    version = Version.objects.get_for_object(release).first()
    pk = release.pk
    release.delete()

    page = editor_client.get(recover_url(PressRelease, version))
    data = change_form_data(page.content.decode(), "pressrelease_form")
    response = editor_client.post(recover_url(PressRelease, version), data)

    assert response.status_code == 302
    restored = PressRelease.objects.get(pk=pk)
    assert restored.status == Status.DRAFT
    assert [c.contact.name for c in ReleaseContact.objects.filter(release=pk)] == [
        "Carolina Santos"
    ]


def test_a_viewer_cannot_restore(admin_client, django_user_model):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user(
        username="viewer", password="pw-for-tests", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_unit"))
    client = Client()
    client.force_login(viewer)
    unit = Unit.objects.create(name_en="Legal Office")
    edit(admin_client, unit, name_en="Legal Affairs")
    first = Version.objects.get_for_object(unit).last()
    response = client.post(revision_url(unit, first), {"name_en": "Legal Office"})
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name_en == "Legal Affairs"


def test_restore_leaves_other_objects_saved_in_the_same_revision_alone(
    admin_client,
):
    legal = Unit.objects.create(name_en="Legal Office", sort_order=1)
    audit_office = Unit.objects.create(name_en="Audit Office", sort_order=2)
    edit(admin_client, legal, name_en="Legal Affairs")
    edit(admin_client, audit_office, name_en="Internal Audit")
    # One list edit saves both units in one revision.
    changelist = reverse("admin:organization_unit_changelist")
    page = admin_client.get(changelist).content.decode()
    data = change_form_data(page, "changelist-form")
    data.update({"_save": "Save"})
    for index in range(int(data["form-TOTAL_FORMS"])):
        data[f"form-{index}-sort_order"] = str(10 + index)
    assert admin_client.post(changelist, data).status_code == 302
    shared = Version.objects.get_for_object(legal).first()
    assert shared.revision.version_set.count() == 2
    edit(admin_client, audit_office, name_en="Audit and Oversight")

    form = restore_form(admin_client, legal, shared)
    assert admin_client.post(revision_url(legal, shared), form).status_code == 302

    audit_office.refresh_from_db()
    assert audit_office.name_en == "Audit and Oversight"


def test_restore_post_without_the_version_is_refused(admin_client):
    unit = Unit.objects.create(name_en="Legal Office")
    edit(admin_client, unit, name_en="Legal Affairs")
    first = Version.objects.get_for_object(unit).last()
    form = restore_form(admin_client, unit, first)
    del form["editorial_version"]
    response = admin_client.post(revision_url(unit, first), form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors().as_data()
    assert [e.code for e in errors] == ["missing_version"]
    unit.refresh_from_db()
    assert (unit.name_en, unit.version) == ("Legal Affairs", 2)


def test_restore_opened_before_another_save_restores_nothing(admin_client):
    unit = Unit.objects.create(name_en="Legal Office")
    edit(admin_client, unit, name_en="Legal Affairs")
    first = Version.objects.get_for_object(unit).last()
    form = restore_form(admin_client, unit, first)
    edit(admin_client, unit, description_en="Saved meanwhile.")

    response = admin_client.post(revision_url(unit, first), form)

    assert response.status_code == 200
    unit.refresh_from_db()
    assert (unit.name_en, unit.description_en, unit.version) == (
        "Legal Affairs",
        "Saved meanwhile.",
        3,
    )
