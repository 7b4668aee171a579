"""Content pages reach readers only once a publisher publishes them."""

import logging

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from editorial.models import Draft, ReviewPolicy
from pages.demo import load_site_demo
from pages.menu import build_menu
from pages.models import Page, Status
from tests.editorial.test_conflicts import change_url, opened
from tests.factories import MenuItemFactory, PageFactory
from tests.sitemaps import sitemap_xml
from tests.translations.conftest import make_translator

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:pages_page_changelist")
ADD = reverse("admin:pages_page_add")


def page_url(page, code="en") -> str:
    with override(code):
        return page.get_absolute_url()


def new_page_data(**overrides) -> dict:
    data = {
        "title_en": "Take action",
        "title_fr": "",
        "title_es": "",
        "slug_en": "take-action",
        "slug_fr": "",
        "slug_es": "",
        "introduction_en": "",
        "introduction_fr": "",
        "introduction_es": "",
        "body_en": "<p>Join us.</p>",
        "body_fr": "",
        "body_es": "",
        "status": "draft",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("code", ["en", "fr", "es"])
def test_a_draft_pages_address_is_not_found_for_readers(client, code):
    page = PageFactory(draft=True)
    assert client.get(page_url(page, code)).status_code == 404


def test_the_menu_leaves_out_an_entry_to_a_draft_page():
    shown = MenuItemFactory(title_en="Shown")
    MenuItemFactory(title_en="Draft", page=PageFactory(draft=True))
    assert [entry.title for entry in build_menu("en")] == [shown.title_en]


def test_the_sitemap_lists_published_pages_only(client):
    live = PageFactory(slug_en="live-page")
    PageFactory(slug_en="draft-page", draft=True)
    xml = sitemap_xml(client)
    assert page_url(live) in xml
    assert "draft-page" not in xml


def test_an_editors_new_page_is_a_draft_readers_cannot_see(editor_client, client):
    response = editor_client.post(ADD, new_page_data())
    assert response.status_code == 302
    page = Page.objects.get()
    assert page.status == Status.DRAFT
    assert client.get(page_url(page)).status_code == 404


def test_an_editor_adding_a_page_as_published_by_hand_gets_a_form_error(
    editor_client,
):
    response = editor_client.post(ADD, new_page_data(status="published"))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Page.objects.exists()


def test_an_editor_publishing_a_draft_by_a_hand_made_post_gets_a_form_error(
    editor_client,
):
    page = PageFactory(draft=True)
    form = opened(editor_client, page)
    form["status"] = "published"
    response = editor_client.post(change_url(page), form)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    page.refresh_from_db()
    assert page.status == Status.DRAFT


def test_an_editor_opening_a_live_page_is_told_changes_wait_for_review(
    editor_client,
):
    page = PageFactory(title_en="Who we are")
    response = editor_client.get(change_url(page))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is True
    assert "your changes are kept as a draft" in response.content.decode()


def test_an_editors_change_to_a_live_page_waits_as_a_draft(editor_client, client):
    page = PageFactory(title_en="Who we are")
    before = client.get(page_url(page)).content
    form = opened(editor_client, page)
    form["title_en"] = "Defaced"
    response = editor_client.post(change_url(page), form)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title_en == "Who we are"
    assert client.get(page_url(page)).content == before
    assert Draft.objects.for_object(page).get().data["fields"]["title_en"] == (
        "Defaced"
    )


def test_an_editor_posting_the_publish_action_by_hand_changes_nothing(editor_client):
    page = PageFactory(draft=True)
    editor_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [page.pk], "post": "yes"},
    )
    page.refresh_from_db()
    assert page.status == Status.DRAFT


def test_a_publisher_publishes_and_unpublishes_and_both_are_logged(
    publisher_client, client, caplog, django_capture_on_commit_callbacks
):
    page = PageFactory(draft=True)
    with (
        caplog.at_level(logging.INFO, logger="iomsite.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        publisher_client.post(
            CHANGELIST, {"action": "publish", "_selected_action": [page.pk]}
        )
        assert client.get(page_url(page)).status_code == 200
        publisher_client.post(
            CHANGELIST, {"action": "unpublish", "_selected_action": [page.pk]}
        )
    assert client.get(page_url(page)).status_code == 404
    entries = LogEntry.objects.filter(object_id=str(page.pk))
    assert sorted(e.change_message for e in entries) == ["publish", "unpublish"]
    assert "publish by pub: pages.Page" in caplog.text
    assert "unpublish by pub: pages.Page" in caplog.text


def test_a_publisher_publishes_through_the_form_and_it_is_logged(
    publisher_client, client, caplog, django_capture_on_commit_callbacks
):
    page = PageFactory(draft=True)
    form = opened(publisher_client, page)
    form["status"] = "published"
    with (
        caplog.at_level(logging.INFO, logger="iomsite.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = publisher_client.post(change_url(page), form)
    assert response.status_code == 302
    assert client.get(page_url(page)).status_code == 200
    assert "publish by pub: pages.Page" in caplog.text


def test_a_translators_change_to_a_live_page_waits_for_review(django_user_model):
    page = PageFactory(title_fr="", slug_fr="")
    client = Client()
    client.force_login(make_translator(django_user_model, "fr"))
    form = opened(client, page)
    form.update(title_fr="Agir", slug_fr="agir")
    assert client.post(change_url(page), form).status_code == 302
    page.refresh_from_db()
    assert (page.title_fr, page.status) == ("", Status.PUBLISHED)
    draft = Draft.objects.for_object(page).get()
    assert (draft.kind, draft.language) == ("translation", "fr")


def test_a_translator_translates_a_live_page_at_once_when_the_policy_says_so(
    django_user_model,
):
    ReviewPolicy.objects.create(
        content_type=ContentType.objects.get_for_model(Page),
        translations_reviewed=False,
    )
    page = PageFactory(title_fr="", slug_fr="")
    client = Client()
    client.force_login(make_translator(django_user_model, "fr"))
    form = opened(client, page)
    form.update(title_fr="Agir", slug_fr="agir")
    assert client.post(change_url(page), form).status_code == 302
    page.refresh_from_db()
    assert (page.title_fr, page.status) == ("Agir", Status.PUBLISHED)


def test_staff_preview_a_draft_page_that_stays_out_of_caches(editor_client, client):
    page = PageFactory(draft=True, title_en="Coming soon")
    url = reverse(
        "admin:pages_page_preview", kwargs={"object_id": page.pk, "language": "en"}
    )
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "<h1>Coming soon</h1>" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert client.get(url).status_code == 302  # readers are sent to sign in


def test_demo_pages_are_published_and_loading_twice_changes_nothing(client):
    load_site_demo()
    load_site_demo()
    assert set(Page.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert Page.objects.count() == 9
    assert client.get(page_url(Page.objects.first())).status_code == 200


def delete_url(page) -> str:
    return reverse("admin:pages_page_delete", args=[page.pk])


def test_an_editor_deletes_their_own_new_page(editor_client):
    editor_client.post(ADD, new_page_data())
    page = Page.objects.get()
    assert page.created_by == editor_client.user
    assert delete_url(page) in editor_client.get(change_url(page)).content.decode()
    response = editor_client.post(delete_url(page), {"post": "yes"})
    assert response.status_code == 302
    assert not Page.objects.exists()


@pytest.mark.parametrize("case", ["someone_elses", "published"])
def test_an_editor_cannot_delete_other_pages(editor_client, publisher, case):
    author = publisher if case == "someone_elses" else editor_client.user
    page = PageFactory(draft=case != "published", created_by=author)
    assert delete_url(page) not in editor_client.get(change_url(page)).content.decode()
    assert editor_client.post(delete_url(page), {"post": "yes"}).status_code == 403
    assert Page.objects.filter(pk=page.pk).exists()
