"""History: every admin save keeps a revision; compare two; restore one."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from news.models import (
    DatelinePlace,
    PressRelease,
    ReleaseContact,
    ReleaseDocument,
    ReleaseImage,
    Status,
)
from organization.models import CountryOffice, Post, Unit
from tests.editorial.html_forms import change_form_data
from tests.editorial.test_conflicts import change_url, opened
from tests.news.factories import MediaContactFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def history_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def revision_url(obj, version):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_revision",
        args=[obj.pk, version.pk],
    )


def edit(client, obj, **changes):
    form = opened(client, obj)
    form.update(changes)
    response = client.post(change_url(obj), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    obj.refresh_from_db()


def test_press_releases_follow_their_contacts_dateline_downloads_and_gallery():
    options = reversion.revisions._get_options(PressRelease)
    assert set(options.follow) == {
        "dateline_places",
        "release_contacts",
        "release_documents",
        "gallery_links",
        "corrections",
    }
    for model in (
        DatelinePlace,
        ReleaseContact,
        ReleaseDocument,
        ReleaseImage,
        Unit,
        Post,
        CountryOffice,
    ):
        assert reversion.is_registered(model)


def test_each_admin_save_keeps_a_revision_with_its_author(admin_client):
    release = PressReleaseFactory(title_fr="Un", summary_fr="R.", body_fr="<p>T</p>")
    edit(admin_client, release, title_fr="Deux")
    edit(admin_client, release, title_fr="Trois")
    versions = Version.objects.get_for_object(release)
    # The state the first form opened with, then the two saves.
    assert [v.field_dict["title_fr"] for v in versions] == ["Trois", "Deux", "Un"]
    assert versions[0].revision.user == admin_client.user
    page = admin_client.get(history_url(release)).content.decode()
    assert page.count('name="from"') == 3


def test_revision_keeps_the_contacts_of_that_moment(admin_client):
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
    assert admin_client.post(change_url(release), form).status_code == 302
    latest = Version.objects.get_for_object(release).first()
    kept = latest.revision.version_set.exclude(content_type=latest.content_type)
    assert [v.object_repr for v in kept] == ["Carolina Santos"]


def test_compare_shows_each_changed_field_per_language_escaped(admin_client):
    release = PressReleaseFactory(title_fr="Avant", summary_fr="R.")
    edit(admin_client, release, title_fr="Après <b>gras</b>", summary_en="New.")
    newer, older = Version.objects.get_for_object(release)[:2]
    opts = release._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_compare", args=[release.pk]
    )
    response = admin_client.get(url, {"from": older.pk, "to": newer.pk})
    assert response.status_code == 200
    rows = {
        (c.name, c.language): (c.before, c.after) for c in response.context["changes"]
    }
    assert rows == {
        ("title_fr", "fr"): ("Avant", "Après <b>gras</b>"),
        ("summary_en", "en"): ("A summary.", "New."),
    }
    assert "Après &lt;b&gt;gras&lt;/b&gt;" in response.content.decode()


def test_compare_refuses_versions_of_another_object(admin_client):
    one, other = PressReleaseFactory(), PressReleaseFactory()
    edit(admin_client, one, summary_en="x")
    edit(admin_client, other, summary_en="y")
    mine = Version.objects.get_for_object(one).first()
    theirs = Version.objects.get_for_object(other).first()
    url = reverse("admin:news_pressrelease_compare", args=[one.pk])
    assert admin_client.get(url, {"from": mine.pk, "to": theirs.pk}).status_code == 404


def test_restore_is_a_new_revision_and_moves_the_version_forward(admin_client):
    unit = Unit.objects.create(name_en="Legal Office", name_fr="Bureau juridique")
    edit(admin_client, unit, name_fr="Bureau des affaires juridiques")
    edit(admin_client, unit, name_fr="Bureau du droit")
    assert unit.version == 3
    first = Version.objects.get_for_object(unit).last()  # as first opened

    form_page = admin_client.get(revision_url(unit, first))
    assert form_page.status_code == 200
    unit.refresh_from_db()
    assert unit.name_fr == "Bureau du droit"  # looking changes nothing
    data = change_form_data(form_page.content.decode(), "unit_form")
    assert admin_client.post(revision_url(unit, first), data).status_code == 302

    unit.refresh_from_db()
    assert (unit.name_fr, unit.version) == ("Bureau juridique", 4)
    latest = Version.objects.get_for_object(unit).first()
    assert latest.field_dict["version"] == 4
    assert "Restored the revision of" in latest.revision.get_comment()


def test_a_form_opened_before_a_restore_is_stale_after_it(admin_client, client):
    unit = Unit.objects.create(name_en="Legal Office")
    edit(admin_client, unit, name_en="Legal Affairs")
    stale = opened(admin_client, unit)
    first = Version.objects.get_for_object(unit).last()
    data = change_form_data(
        admin_client.get(revision_url(unit, first)).content.decode(), "unit_form"
    )
    admin_client.post(revision_url(unit, first), data)
    stale["name_en"] = "Overwrite"
    response = admin_client.post(change_url(unit), stale)
    assert response.status_code == 200
    assert response.context["editorial_conflict"] is not None


def test_editor_cannot_republish_by_restoring_a_published_revision(
    admin_client, editor_client
):
    release = PressReleaseFactory(published=True)
    edit(admin_client, release)  # the published state is in the history
    PressRelease.objects.filter(pk=release.pk).update(status=Status.DRAFT)
    published = Version.objects.get_for_object(release).first()
    response = editor_client.get(revision_url(release, published))
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == Status.DRAFT
