import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from news.models import EmbargoLink, PressRelease, Status
from tests.news.conftest import release_form_data
from tests.news.factories import (
    EmbargoLinkFactory,
    MediaContactFactory,
    PressReleaseFactory,
)
from tests.organization.factories import CountryOfficeFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:news_pressrelease_add")
CHANGELIST = reverse("admin:news_pressrelease_changelist")


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_editor_writes_a_french_release_with_dateline_and_contact(admin_client):
    office = CountryOfficeFactory()
    contact = MediaContactFactory()
    data = release_form_data(
        **{
            "dateline_places-TOTAL_FORMS": "1",
            "dateline_places-0-office": str(office.pk),
            "dateline_places-0-sort_order": "0",
            "release_contacts-TOTAL_FORMS": "1",
            "release_contacts-0-contact": str(contact.pk),
            "release_contacts-0-sort_order": "0",
        }
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 302, response.context["errors"]
    release = PressRelease.objects.get()
    assert release.slug_fr == "un-communique"
    assert release.created_by == admin_client.user
    assert release.updated_by == admin_client.user
    assert release.dateline_in("fr") == "Pérou – 12 mars 2016"
    assert release.contacts() == [contact]
    assert release.status == Status.DRAFT


def test_original_language_fields_are_required_and_input_is_kept(admin_client):
    # A draft may be a title only (tests/editorial/test_forms.py); a release
    # sent for review needs its whole original text.
    response = admin_client.post(ADD, release_form_data(body_fr="", status="in_review"))
    assert response.status_code == 200
    assert "body_fr" in response.context["adminform"].form.errors
    assert 'value="Un communiqué"' in response.content.decode()
    assert PressRelease.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title_fr", "x" * 10_000),
        ("title_fr", "nul\x00byte"),
        ("summary_fr", "bell\x07"),
        ("body_fr", "<p>nul\x00</p>"),
        ("title_en", "escape\x1b"),
    ],
)
def test_bad_text_is_a_form_error_never_a_500(admin_client, field, value):
    response = admin_client.post(ADD, release_form_data(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert PressRelease.objects.count() == 0


def test_slug_clash_within_a_language_is_a_form_error(admin_client):
    PressReleaseFactory(title_fr="Autre", slug_fr="un-communique")
    response = admin_client.post(ADD, release_form_data())
    assert response.status_code == 200
    assert "slug_fr" in response.context["adminform"].form.errors


def test_body_is_sanitised_on_save_keeping_structure(admin_client):
    hostile = (
        "<h2>Titre</h2><p style='color:red' onclick='x()'>Texte "
        "<a href='javascript:alert(1)'>lien</a> "
        "<a href='https://www.iom.int/'>OIM</a></p>"
        "<script>alert(1)</script><img src='x.png' onerror='alert(2)'>"
        "<ul><li>un</li></ul><ol><li>deux</li></ol>"
        "<table><tbody><tr><th>a</th><td style='width:9px'>b</td></tr></tbody></table>"
        "<blockquote>cité</blockquote>"
    )
    response = admin_client.post(ADD, release_form_data(body_fr=hostile))
    assert response.status_code == 302
    body = PressRelease.objects.get().body_fr
    for bad in ("<script", "onerror", "onclick", "javascript:", "style=", "alert(1)"):
        assert bad not in body
    for kept in (
        "<h2>Titre</h2>",
        '<a href="https://www.iom.int/" rel="noopener noreferrer">OIM</a>',
        "<ul><li>un</li></ul>",
        "<ol><li>deux</li></ol>",
        "<th>a</th><td>b</td>",
        "<blockquote>cité</blockquote>",
        "<table>",
    ):
        assert kept in body


def test_inactive_contact_gives_a_warning(admin_client):
    contact = MediaContactFactory(name="Gone Person", is_active=False)
    data = release_form_data(
        **{
            "release_contacts-TOTAL_FORMS": "1",
            "release_contacts-0-contact": str(contact.pk),
            "release_contacts-0-sort_order": "0",
        }
    )
    response = admin_client.post(ADD, data, follow=True)
    warnings = [m.message for m in get_messages(response.wsgi_request)]
    assert any("Gone Person" in m for m in warnings)


def test_changelist_shows_status_scheduled_languages_and_country(admin_client):
    office = CountryOfficeFactory(country="PE")
    release = PressReleaseFactory(
        title_en="Soon",
        french=True,
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    release.country_offices.add(office)
    html = admin_client.get(CHANGELIST).content.decode()
    assert "Scheduled" in html
    assert "EN ✓" in html and "FR ✓" in html and "ES –" in html
    assert "Peru" in html


@pytest.mark.parametrize(
    "query",
    [
        "?language=fr",
        "?year=2016",
        "?status__exact=published",
        "?q=Soon",
        "?published_at__year=2016",
    ],
)
def test_changelist_filters_answer(admin_client, query):
    PressReleaseFactory(title_en="Soon", published=True)
    assert admin_client.get(CHANGELIST + query).status_code == 200


def test_language_filter_keeps_only_translated_releases(admin_client):
    PressReleaseFactory(title_en="English only")
    PressReleaseFactory(title_en="Both", french=True)
    response = admin_client.get(CHANGELIST + "?language=fr")
    titles = [str(r) for r in response.context["cl"].result_list]
    assert titles == ["Both"]


def action_post(client, action, releases, confirm=True):
    data = {"action": action, ACTION_CHECKBOX_NAME: [r.pk for r in releases]}
    if confirm:
        data["post"] = "yes"
    return client.post(CHANGELIST, data, follow=True)


def test_publish_asks_for_confirmation_first(admin_client):
    release = PressReleaseFactory()
    response = action_post(admin_client, "publish", [release], confirm=False)
    assert response.status_code == 200
    assert "Yes, go ahead" in response.content.decode()
    release.refresh_from_db()
    assert release.status == Status.DRAFT


def test_publish_then_unpublish_say_how_many_changed(admin_client):
    releases = PressReleaseFactory.create_batch(2)
    already = PressReleaseFactory(published=True)
    response = action_post(admin_client, "publish", [*releases, already])
    messages = [m.message for m in get_messages(response.wsgi_request)]
    assert "2 press releases changed." in messages
    for release in releases:
        release.refresh_from_db()
        assert release.status == Status.PUBLISHED
        assert release.published_at is not None
        assert release.is_public_in("en") is True
    response = action_post(admin_client, "unpublish", [releases[0]])
    messages = [m.message for m in get_messages(response.wsgi_request)]
    assert "1 press release changed." in messages
    releases[0].refresh_from_db()
    assert releases[0].status == Status.DRAFT


def test_publish_keeps_a_future_time_so_the_release_is_scheduled(admin_client):
    later = timezone.now() + datetime.timedelta(days=2)
    release = PressReleaseFactory(published_at=later)
    action_post(admin_client, "publish", [release])
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED
    assert release.published_at == later
    assert release.is_scheduled is True
    assert release.languages() == []


def test_submit_for_review_moves_drafts_only(editor_client):
    draft = PressReleaseFactory()
    published = PressReleaseFactory(published=True)
    response = action_post(editor_client, "submit_for_review", [draft, published])
    messages = [m.message for m in get_messages(response.wsgi_request)]
    assert "1 press release changed." in messages
    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW


def test_editor_cannot_publish_with_a_hand_made_post(editor_client):
    release = PressReleaseFactory()
    action_post(editor_client, "publish", [release])
    release.refresh_from_db()
    assert release.status == Status.DRAFT
    assert release.languages() == []


def test_editor_cannot_publish_through_the_form(editor_client):
    response = editor_client.post(ADD, release_form_data(status="published"))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert PressRelease.objects.count() == 0


def test_editor_cannot_unpublish_through_the_form(editor_client):
    release = PressReleaseFactory(published=True, original_language="fr", french=True)
    url = reverse("admin:news_pressrelease_change", args=[release.pk])
    data = release_form_data(
        status="draft",
        title_fr=release.title_fr,
        title_en=release.title_en,
        summary_en="A summary.",
        body_en="<p>A body.</p>",
    )
    editor_client.post(url, data)
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED


def test_service_refuses_a_user_without_the_permission(editor_client):
    from django.core.exceptions import PermissionDenied

    from news.services import publish_press_releases

    release = PressReleaseFactory()
    with pytest.raises(PermissionDenied):
        publish_press_releases(releases=[release], user=editor_client.user)


def test_preview_is_for_staff_only_never_cached_and_noindex(admin_client, client):
    release = PressReleaseFactory(french=True, title_fr="Brouillon secret")
    url = reverse(
        "admin:news_pressrelease_preview",
        kwargs={"object_id": release.pk, "language": "fr"},
    )
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Brouillon secret" in html
    assert '<html lang="fr"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]


def test_preview_in_an_unknown_language_is_404(admin_client):
    release = PressReleaseFactory()
    url = reverse(
        "admin:news_pressrelease_preview",
        kwargs={"object_id": release.pk, "language": "de"},
    )
    assert admin_client.get(url).status_code == 404


def test_change_form_links_previews_and_view_on_site(admin_client):
    release = PressReleaseFactory(french=True, published=True)
    url = reverse("admin:news_pressrelease_change", args=[release.pk])
    html = admin_client.get(url).content.decode()
    assert f"/admin/news/pressrelease/{release.pk}/preview/fr/" in html
    assert "View on site" in html


def test_media_contact_admin_pages_answer(admin_client):
    contact = MediaContactFactory()
    assert (
        admin_client.get(reverse("admin:news_mediacontact_changelist")).status_code
        == 200
    )
    change = admin_client.get(
        reverse("admin:news_mediacontact_change", args=[contact.pk])
    )
    assert contact.get_vcard_url() in change.content.decode()


def test_publisher_creates_and_revokes_an_embargo_link(admin_client):
    release = PressReleaseFactory(
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    expires = timezone.now() + datetime.timedelta(days=3)
    response = admin_client.post(
        reverse("admin:news_embargolink_add"),
        {
            "release": release.pk,
            "language": "en",
            "recipient": "Agence",
            "expires_at_0": expires.strftime("%Y-%m-%d"),
            "expires_at_1": expires.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    link = EmbargoLink.objects.get()
    assert len(link.token) >= 40
    assert link.created_by == admin_client.user
    admin_client.post(
        reverse("admin:news_embargolink_changelist"),
        {"action": "revoke", ACTION_CHECKBOX_NAME: [link.pk]},
    )
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_embargo_link_needs_the_language_translated(admin_client):
    release = PressReleaseFactory()
    response = admin_client.post(
        reverse("admin:news_embargolink_add"),
        {
            "release": release.pk,
            "language": "fr",
            "expires_at_0": "2099-01-01",
            "expires_at_1": "00:00:00",
        },
    )
    assert response.status_code == 200
    assert EmbargoLink.objects.count() == 0


def test_editor_cannot_create_embargo_links(editor_client):
    response = editor_client.get(reverse("admin:news_embargolink_add"))
    assert response.status_code == 403


def test_body_editor_uploads_through_the_checked_view(admin_client):
    html = admin_client.get(ADD).content.decode()
    assert "/admin/ckeditor/upload/" in html
    assert "cke" in html or "ckeditor" in html


def test_editor_toolbar_offers_only_what_the_sanitiser_keeps(settings):
    from core.richtext import ALLOWED_TAGS

    config = settings.CKEDITOR_CONFIGS["default"]
    buttons = {b for group in config["toolbar_iomsite"] for b in group}
    assert buttons <= {
        "Format",
        "Bold",
        "Italic",
        "NumberedList",
        "BulletedList",
        "Blockquote",
        "Link",
        "Unlink",
        "Table",
        "Image",
        "RemoveFormat",
        "Source",
        "Language",  # <span lang>, kept with lang/dir only
    }
    assert "span" in ALLOWED_TAGS
    assert set(config["format_tags"].split(";")) <= ALLOWED_TAGS


@pytest.mark.parametrize(
    "name",
    [
        "admin:news_pressrelease_add",
        "admin:news_mediacontact_add",
        "admin:news_mediacontact_changelist",
        "admin:news_topic_add",
        "admin:news_topic_changelist",
        "admin:news_embargolink_add",
        "admin:news_embargolink_changelist",
    ],
)
def test_admin_pages_answer(admin_client, name):
    PressReleaseFactory(published=True)
    EmbargoLinkFactory()
    assert admin_client.get(reverse(name)).status_code == 200
