"""Forms that forgive: the error summary, title-only
drafts, editors deleting their own drafts, one topic name per language."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from editorial.own_drafts import is_own_unpublished_draft
from news.models import PressRelease, Status, Topic
from tests.news.conftest import release_form_data
from tests.news.factories import PressReleaseFactory, TopicFactory
from tests.organization.factories import CountryOfficeFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:news_pressrelease_add")
CHANGELIST = reverse("admin:news_pressrelease_changelist")
TOPIC_ADD = reverse("admin:news_topic_add")


def change_url(release) -> str:
    return reverse("admin:news_pressrelease_change", args=[release.pk])


def form_errors(response) -> dict:
    return response.context["adminform"].form.errors


# Errors summarised at the top, the dateline rule before the rows


def test_errors_are_summarised_at_the_top_with_links_to_the_fields(admin_client):
    office = CountryOfficeFactory()
    data = release_form_data(
        title_fr="",
        title_en="x" * 300,
        **{
            "dateline_places-TOTAL_FORMS": "1",
            "dateline_places-0-office": str(office.pk),
            "dateline_places-0-country": "PE",
            "dateline_places-0-sort_order": "0",
        },
    )
    response = admin_client.post(ADD, data)
    html = response.content.decode()
    summary = html[html.index('id="error-summary"') : html.index("</ul>")]
    assert 'role="alert"' in html[html.index("error-summary") - 200 :][:400]
    assert "This form has 3 problems: nothing was saved yet" in summary
    assert (
        '<a href="#id_title_fr" data-error-link>Title (French): The release is '
        "written in French: give it a title in that language, even for a "
        "draft.</a>"
    ) in summary
    assert '<a href="#id_title_en" data-error-link>Title (English): ' in summary
    assert (
        '<a href="#dateline_places-0" data-error-link>Dateline place 1: Choose '
        "exactly one of an office, a country or a city.</a>"
    ) in summary
    # The summary comes first in the form; the script focuses it.
    assert html.index('id="error-summary"') < html.index('name="title_fr"')
    assert "iomsite/admin/forms.js" in html


def test_no_summary_without_errors(admin_client):
    assert 'id="error-summary"' not in admin_client.get(ADD).content.decode()


def test_dateline_rule_is_explained_before_any_mistake(admin_client):
    html = admin_client.get(ADD).content.decode()
    assert (
        "Each row is one place: choose an office, or a country, or type a "
        "city — exactly one of the three, leaving the other two empty."
    ) in html
    assert 'data-inline-help="dateline_places-group"' in html


# A draft with only a title; publishing needs the whole text


def test_a_draft_can_be_saved_with_only_its_title(editor_client):
    data = release_form_data(summary_fr="", body_fr="", dateline_date="")
    response = editor_client.post(ADD, data)
    assert response.status_code == 302, form_errors(response)
    release = PressRelease.objects.get()
    assert release.title_fr == "Un communiqué"
    assert release.status == Status.DRAFT


def test_a_draft_still_needs_a_title_in_its_language(editor_client):
    response = editor_client.post(ADD, release_form_data(title_fr="", title_en="Hi"))
    assert form_errors(response)["title_fr"] == [
        "The release is written in French: give it a title in that language, "
        "even for a draft."
    ]


def test_publish_action_refuses_an_incomplete_draft_naming_the_fields(
    publisher_client,
):
    release = PressReleaseFactory(
        original_language="fr", title_fr="Bientôt", summary_fr="", body_fr=""
    )
    response = publisher_client.post(
        CHANGELIST,
        {"action": "publish", ACTION_CHECKBOX_NAME: [release.pk], "post": "yes"},
        follow=True,
    )
    text = " ".join(m.message for m in get_messages(response.wsgi_request))
    assert "Nothing was changed" in text
    assert (
        "“Bientôt” cannot be published without its summary in French, the "
        "language it is written in." in text
    )
    assert "without its body in French" in text
    release.refresh_from_db()
    assert release.status == Status.DRAFT


def test_publishing_through_the_form_needs_the_whole_text(admin_client):
    data = release_form_data(summary_fr="", status="published")
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert form_errors(response)["summary_fr"] == [
        "“Un communiqué” cannot be published without its summary in French, "
        "the language it is written in."
    ]
    assert PressRelease.objects.count() == 0


def test_the_public_page_never_shows_a_release_without_summary_or_body(client):
    release = PressReleaseFactory(published=True)
    PressRelease.objects.filter(pk=release.pk).update(body_en="")
    release.refresh_from_db()
    response = client.get(release.address_in("en"))
    assert response.status_code == 404 or "A summary." not in (
        response.content.decode()
    )
    listing = client.get(reverse("news:release-list"))
    assert release.title_en not in listing.content.decode()


# Editors delete their own never-published drafts


def delete_url(release) -> str:
    return reverse("admin:news_pressrelease_delete", args=[release.pk])


def test_editor_deletes_their_own_draft(editor_client):
    release = PressReleaseFactory(created_by=editor_client.user)
    page = editor_client.get(change_url(release)).content.decode()
    assert delete_url(release) in page
    assert editor_client.get(delete_url(release)).status_code == 200
    response = editor_client.post(delete_url(release), {"post": "yes"})
    assert response.status_code == 302
    assert not PressRelease.objects.filter(pk=release.pk).exists()


@pytest.mark.parametrize(
    "case", ["someone_elses", "published", "scheduled", "was_published"]
)
def test_editor_cannot_delete_other_releases(editor_client, publisher, case):
    mine = {"created_by": editor_client.user}
    release = {
        "someone_elses": lambda: PressReleaseFactory(created_by=publisher),
        "published": lambda: PressReleaseFactory(published=True, **mine),
        "scheduled": lambda: PressReleaseFactory(
            **mine, published_at=timezone.now() + datetime.timedelta(days=1)
        ),
        "was_published": lambda: PressReleaseFactory(**mine),
    }[case]()
    if case == "was_published":
        # Published once through the admin, then taken back to draft.
        with_revision(release, status=Status.PUBLISHED)
        with_revision(release, status=Status.DRAFT, published_at=None)
    assert (
        delete_url(release)
        not in editor_client.get(change_url(release)).content.decode()
    )
    assert editor_client.get(delete_url(release)).status_code == 403
    assert editor_client.post(delete_url(release), {"post": "yes"}).status_code == 403
    assert PressRelease.objects.filter(pk=release.pk).exists()


def with_revision(release, **changes):
    import reversion

    for name, value in changes.items():
        setattr(release, name, value)
    if release.status == Status.PUBLISHED and release.published_at is None:
        release.published_at = timezone.now()
    with reversion.create_revision():
        release.save()
    assert Version.objects.get_for_object(release).exists()


def test_a_published_revision_counts_as_published(editor):
    release = PressReleaseFactory(created_by=editor)
    assert is_own_unpublished_draft(release, editor) is True
    with_revision(release, status=Status.PUBLISHED)
    with_revision(release, status=Status.DRAFT, published_at=None)
    assert release.published_at is None and release.status == Status.DRAFT
    assert is_own_unpublished_draft(release, editor) is False


def test_editors_have_no_bulk_delete(editor_client):
    PressReleaseFactory(created_by=editor_client.user)
    response = editor_client.get(CHANGELIST)
    assert "delete_selected" not in response.content.decode()


def test_publishers_keep_their_right_to_delete(publisher_client, editor):
    release = PressReleaseFactory(published=True, created_by=editor)
    response = publisher_client.post(delete_url(release), {"post": "yes"})
    assert response.status_code == 302
    assert not PressRelease.objects.filter(pk=release.pk).exists()


# One topic name per language


def topic_data(**names) -> dict:
    data = {
        f"{field}_{code}": ""
        for field in ("name", "slug")
        for code in "en fr es".split()
    }
    data.update(names)
    return data


def test_a_duplicate_topic_name_is_a_form_error_naming_the_existing_topic(
    admin_client,
):
    existing = TopicFactory(name_en="Migrant protection", name_fr="Protection")
    response = admin_client.post(
        TOPIC_ADD, topic_data(name_en="  migrant   PROTECTION ", name_fr="Autre")
    )
    assert response.status_code == 200
    assert form_errors(response)["name_en"] == [
        f"The topic “Migrant protection” (no. {existing.pk}) already has this "
        "name in English: use that topic, or choose another name."
    ]
    assert Topic.objects.count() == 1


def test_same_name_in_another_language_is_fine(admin_client):
    TopicFactory(name_en="Migration", name_fr="Asile")
    response = admin_client.post(TOPIC_ADD, topic_data(name_fr="Migration"))
    assert response.status_code == 302


def test_accented_capitals_count_as_the_same_name(admin_client):
    TopicFactory(name_en="", name_fr="Été migratoire")
    response = admin_client.post(TOPIC_ADD, topic_data(name_fr="ÉTÉ MIGRATOIRE"))
    assert "name_fr" in form_errors(response)


def test_topic_names_are_stored_with_tidy_spaces(admin_client):
    admin_client.post(TOPIC_ADD, topic_data(name_en="  Climate   change "))
    assert Topic.objects.get().name_en == "Climate change"


def test_the_database_refuses_a_duplicate_name_too():
    TopicFactory(name_en="Health")
    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(name_en="HEALTH")


def test_migration_renames_existing_duplicates():
    migration = importlib.import_module(
        "news.migrations.0011_topic_names_unique_per_language"
    )
    first = TopicFactory(name_en="Migrant protection", name_fr="Protection A")
    second = TopicFactory(name_en="Other", name_fr="Protection B")
    third = TopicFactory(name_en="Third", name_fr="Protection C")
    # Duplicates the constraint cannot see: names saved before spaces were
    # tidied.
    Topic.objects.filter(pk=second.pk).update(name_en="migrant  protection")
    Topic.objects.filter(pk=third.pk).update(
        name_en="Migrant protection (2)", name_fr="protection  a"
    )
    migration.rename_duplicate_topics(apps, None)
    names = dict(Topic.objects.values_list("pk", "name_en"))
    assert names[first.pk] == "Migrant protection"
    assert names[second.pk] == "migrant protection (3)"
    assert names[third.pk] == "Migrant protection (2)"
    french = dict(Topic.objects.values_list("pk", "name_fr"))
    assert french[third.pk] == "protection a (2)"
