import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from news import services
from news.models import PressRelease, Status
from tests.news.factories import PressReleaseFactory
from translations.models import PublicationMode, PublicationPolicy

pytestmark = pytest.mark.django_db


def release_policy() -> PublicationPolicy:
    return PublicationPolicy.objects.get(
        content_type=ContentType.objects.get_for_model(PressRelease)
    )


def publish_together(languages="en, fr, es"):
    policy = release_policy()
    policy.mode = PublicationMode.TOGETHER
    policy.required_languages = languages
    policy.full_clean()
    policy.save()


def test_the_default_policy_publishes_language_by_language(admin_client):
    assert release_policy().mode == PublicationMode.LANGUAGE_BY_LANGUAGE
    release = PressReleaseFactory()
    assert (
        services.publish_press_releases(releases=[release], user=admin_client.user) == 1
    )


def test_publishing_together_waits_for_every_required_language(admin_client):
    publish_together()
    release = PressReleaseFactory(title_fr="T", summary_fr="R", body_fr="<p>C</p>")
    with pytest.raises(ValidationError, match=r"Spanish \(Missing\)"):
        services.publish_press_releases(releases=[release], user=admin_client.user)
    assert PressRelease.objects.get(pk=release.pk).status == Status.DRAFT


def test_an_outdated_translation_blocks_too(admin_client):
    publish_together("en, fr")
    release = PressReleaseFactory(title_fr="T", summary_fr="R", body_fr="<p>C</p>")
    release.title_en = "A changed title"
    release.save()
    with pytest.raises(ValidationError, match=r"French \(Outdated\)"):
        services.publish_press_releases(releases=[release], user=admin_client.user)


def test_a_complete_set_is_published(admin_client):
    publish_together("en, es")
    release = PressReleaseFactory(title_es="T", summary_es="R", body_es="<p>C</p>")
    assert (
        services.publish_press_releases(releases=[release], user=admin_client.user) == 1
    )


def test_the_publish_action_says_which_languages_block(admin_client):
    publish_together()
    release = PressReleaseFactory()
    response = admin_client.post(
        reverse("admin:news_pressrelease_changelist"),
        {"action": "publish", ACTION_CHECKBOX_NAME: [release.pk], "post": "yes"},
        follow=True,
    )
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("French (Missing), Spanish (Missing)" in m for m in messages), messages


def test_required_languages_are_checked():
    policy = release_policy()
    policy.required_languages = "en, de"
    with pytest.raises(ValidationError, match="Unknown language codes: de"):
        policy.full_clean()


def test_publishing_from_the_change_form_obeys_the_policy(admin_client):
    from tests.news.conftest import release_form_data

    publish_together("en, fr")
    release = PressReleaseFactory(
        original_language="fr", title_fr="T", summary_fr="R", body_fr="<p>C</p>"
    )
    data = release_form_data(
        status=Status.PUBLISHED,
        title_fr="T",
        summary_fr="R",
        body_fr="<p>C</p>",
        dateline_date="",
    )
    response = admin_client.post(
        reverse("admin:news_pressrelease_change", args=[release.pk]), data
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["status"]
    assert "English (Missing)" in " ".join(errors)
    assert PressRelease.objects.get(pk=release.pk).status == Status.DRAFT
