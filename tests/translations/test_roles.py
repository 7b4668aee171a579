import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import PressRelease, Status
from organization.models import Post, Unit
from tests.news.conftest import release_form_data
from tests.news.factories import DatelinePlaceFactory, PressReleaseFactory
from tests.organization.factories import PostFactory, UnitFactory
from translations.roles import GROUP_NAMES, is_translator_only, translator_languages

pytestmark = pytest.mark.django_db


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def release_post(release, **overrides):
    """The change form of ``release`` as a browser would post it."""
    data = release_form_data(
        original_language=release.original_language,
        status=release.status,
        title_en=release.title_en or "",
        title_fr=release.title_fr or "",
        summary_en=release.summary_en or "",
        summary_fr=release.summary_fr or "",
        body_en=release.body_en or "",
        body_fr=release.body_fr or "",
        dateline_date="",
        editorial_version=str(release.version),
    )
    data.update(overrides)
    return data


def test_each_language_has_a_translator_group_with_its_permission():
    for code, name in GROUP_NAMES.items():
        group = Group.objects.get(name=name)
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert f"translate_{code}" in codenames
        assert {"view_pressrelease", "change_pressrelease"} <= codenames
        assert "add_pressrelease" not in codenames
        assert "delete_pressrelease" not in codenames
        assert "publish_pressrelease" not in codenames


def test_a_translator_is_translator_only(french_translator):
    user = french_translator.user
    assert translator_languages(user) == ["fr"]
    assert is_translator_only(user, PressRelease) is True


def test_french_translator_sees_only_french_fields_editable(french_translator):
    release = PressReleaseFactory(original_language="en")
    response = french_translator.get(change_url(release))
    assert response.status_code == 200
    form = response.context["adminform"].form
    editable = set(form.fields)
    assert {"title_fr", "summary_fr", "body_fr"} <= editable
    assert editable.isdisjoint(
        {"title_en", "title_es", "body_es", "status", "published_at", "topics", "image"}
    )
    assert "translations_confirm" in editable
    assert "translations_minor_change" not in editable
    # Read-only, but shown: the translator reads the source.
    assert "Release" in response.content.decode()


def test_french_translator_cannot_change_other_fields_with_a_hand_made_post(
    french_translator,
):
    release = PressReleaseFactory(
        original_language="en", title_es="Título", summary_es="Resumen."
    )
    data = release_post(
        release,
        title_fr="Un titre",
        summary_fr="Un résumé.",
        body_fr="<p>Un texte.</p>",
        title_es="Cambiado",
        title_en="Changed",
        status=Status.PUBLISHED,
        original_language="fr",
        published_at_0="2020-01-01",
        published_at_1="10:00",
    )
    response = french_translator.post(change_url(release), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    release.refresh_from_db()
    assert release.title_fr == "Un titre"
    assert release.body_fr == "<p>Un texte.</p>"
    assert release.title_es == "Título"
    assert release.title_en.startswith("Release")
    assert release.status == Status.DRAFT
    assert release.original_language == "en"
    assert release.published_at is None


def test_translator_cannot_touch_inlines_delete_or_publish(french_translator):
    place = DatelinePlaceFactory(release__original_language="en")
    release = place.release
    data = release_post(
        release,
        title_fr="Un titre",
        **{
            "dateline_places-TOTAL_FORMS": "1",
            "dateline_places-INITIAL_FORMS": "1",
            "dateline_places-0-id": str(place.pk),
            "dateline_places-0-release": str(release.pk),
            "dateline_places-0-city_en": "Lima",
            "dateline_places-0-DELETE": "on",
        },
    )
    response = french_translator.post(change_url(release), data)
    assert response.status_code == 302
    assert release.dateline_places.count() == 1

    delete = reverse("admin:news_pressrelease_delete", args=[release.pk])
    assert french_translator.post(delete, {"post": "yes"}).status_code == 403
    assert PressRelease.objects.filter(pk=release.pk).exists()

    changelist = french_translator.get(reverse("admin:news_pressrelease_changelist"))
    actions = [
        name
        for name, _label in changelist.context["action_form"].fields["action"].choices
    ]
    assert "publish" not in actions
    assert "delete_selected" not in actions
    assert "mark_translations_current" in actions


def test_translator_cannot_appoint_a_holder_or_move_a_post(french_translator):
    post = PostFactory(title_fr="Poste")
    other_unit = UnitFactory()
    url = change_url(post)
    form = french_translator.get(url).context["adminform"].form
    assert "new_holder" not in form.fields
    assert "unit" not in form.fields
    response = french_translator.post(
        url,
        {
            "title_fr": "Directrice",
            "unit": str(other_unit.pk),
            "is_head": "on",
            "new_holder": "1",
            "appointed_on": "2024-01-01",
            "tenures-TOTAL_FORMS": "0",
            "tenures-INITIAL_FORMS": "0",
            "editorial_version": "1",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get(pk=post.pk)
    assert post.title_fr == "Directrice"
    assert post.unit != other_unit
    assert post.is_head is False
    assert post.tenures.count() == 0


def test_translator_gets_no_editable_sort_order_in_unit_list(french_translator):
    unit = UnitFactory(sort_order=5)
    response = french_translator.post(
        reverse("admin:organization_unit_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(unit.pk),
            "form-0-sort_order": "99",
            "_save": "Save",
        },
    )
    assert response.status_code in (200, 302)
    assert Unit.objects.get(pk=unit.pk).sort_order == 5


def test_an_editor_keeps_the_full_form(admin_client):
    release = PressReleaseFactory()
    form = admin_client.get(change_url(release)).context["adminform"].form
    assert {"title_es", "status", "translations_minor_change"} <= set(form.fields)
    assert "translations_confirm" not in form.fields
