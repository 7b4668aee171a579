"""The editorial steps of a press release (news/services.py).

The admin's actions and change form go through these; their own tests are
in test_admin.py and test_publication_path.py, the publication policy's in
tests/translations/test_policy.py.
"""

import logging
from datetime import timedelta

import factory
import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from news import services
from news.models import EmbargoLink, PressRelease, Status
from tests.news.factories import EmbargoLinkFactory, PressReleaseFactory
from translations.models import PublicationMode, PublicationPolicy

pytestmark = pytest.mark.django_db


def translated(**kwargs):
    """A draft complete in English, French and Spanish."""
    return PressReleaseFactory(
        french=True,
        title_es=factory.Sequence(lambda n: f"Comunicado {n}"),
        summary_es="R.",
        body_es="<p>C</p>",
        **kwargs,
    )


def publish_together(languages: str) -> None:
    policy = PublicationPolicy.objects.get(
        content_type=ContentType.objects.get_for_model(PressRelease)
    )
    policy.mode = PublicationMode.TOGETHER
    policy.required_languages = languages
    policy.full_clean()
    policy.save()


def statuses(*releases) -> list[str]:
    return [PressRelease.objects.get(pk=release.pk).status for release in releases]


# Submit for review --------------------------------------------------------


def test_submit_for_review_moves_drafts_only_and_says_how_many(editor):
    draft = PressReleaseFactory()
    published = PressReleaseFactory(published=True)
    archived = PressReleaseFactory(status=Status.ARCHIVED)
    moved = services.submit_for_review(
        releases=[draft, published, archived], user=editor
    )
    assert moved == 1
    assert statuses(draft, published, archived) == [
        Status.IN_REVIEW,
        Status.PUBLISHED,
        Status.ARCHIVED,
    ]
    assert PressRelease.objects.get(pk=draft.pk).updated_by == editor


# Publish ------------------------------------------------------------------


def test_publishing_without_a_time_publishes_now_and_is_audited(
    publisher, django_capture_on_commit_callbacks
):
    release = translated()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_press_release(release=release, user=publisher)
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED
    assert before <= release.published_at <= timezone.now()
    assert release.updated_by == publisher
    assert release.languages() == ["en", "fr", "es"]
    assert LogEntry.objects.get().change_message == "publish"


def test_a_scheduled_publication_keeps_its_time_and_appears_then(publisher):
    later = timezone.now() + timedelta(days=1)
    release = translated(published_at=later)
    services.publish_press_release(
        release=release, user=publisher, at=timezone.now() - timedelta(days=3)
    )
    release.refresh_from_db()
    assert release.published_at == later
    assert release.is_scheduled is True
    assert not PressRelease.objects.public_in("en").filter(pk=release.pk).exists()
    with time_machine.travel(later + timedelta(seconds=1)):
        assert PressRelease.objects.public_in("en").filter(pk=release.pk).exists()


def test_the_service_refuses_an_editor_and_logs_the_attempt(editor, caplog):
    release = translated()
    with (
        caplog.at_level(logging.WARNING, logger="iomsite.audit"),
        pytest.raises(PermissionDenied),
    ):
        services.publish_press_release(release=release, user=editor)
    assert "refused publish by ed" in caplog.text
    assert statuses(release) == [Status.DRAFT]


def test_publishing_one_follows_the_publication_policy(publisher):
    publish_together("en, fr, es")
    release = PressReleaseFactory(french=True)
    with pytest.raises(ValidationError, match=r"Spanish \(Missing\)"):
        services.publish_press_release(release=release, user=publisher)
    assert statuses(release) == [Status.DRAFT]


def test_publishing_many_skips_the_live_ones_and_says_how_many(publisher):
    draft, in_review = translated(), translated(status=Status.IN_REVIEW)
    live = translated(published=True)
    live_since = live.published_at
    changed = services.publish_press_releases(
        releases=[draft, in_review, live], user=publisher
    )
    assert changed == 2
    assert statuses(draft, in_review, live) == [Status.PUBLISHED] * 3
    assert PressRelease.objects.get(pk=live.pk).published_at == live_since


def test_a_release_the_policy_holds_back_keeps_the_whole_batch_back(publisher):
    publish_together("en, fr, es")
    ready, missing_spanish = translated(), PressReleaseFactory(french=True)
    with pytest.raises(ValidationError):
        services.publish_press_releases(
            releases=[ready, missing_spanish], user=publisher
        )
    assert statuses(ready, missing_spanish) == [Status.DRAFT, Status.DRAFT]


def test_publishing_many_and_one_follow_the_same_time_rule(publisher):
    at = timezone.now() - timedelta(days=2)
    scheduled = translated(published_at=timezone.now() + timedelta(days=1))
    untimed = translated()
    services.publish_press_releases(
        releases=[scheduled, untimed], user=publisher, at=at
    )
    scheduled.refresh_from_db()
    untimed.refresh_from_db()
    assert scheduled.is_scheduled is True
    assert untimed.published_at == at


@pytest.mark.django_db(transaction=True)
def test_a_failure_half_way_through_a_batch_publishes_nothing(publisher, monkeypatch):
    first, second = translated(), translated()
    real = services.check_publication_policy
    seen = []

    def fail_on_the_second(release):
        seen.append(release.pk)
        if len(seen) == 2:
            raise RuntimeError("disk full")
        return real(release)

    monkeypatch.setattr(services, "check_publication_policy", fail_on_the_second)
    with pytest.raises(RuntimeError):
        services.publish_press_releases(releases=[first, second], user=publisher)
    assert set(PressRelease.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert not LogEntry.objects.exists()  # the audit waits for a commit


@pytest.mark.django_db(transaction=True)
def test_side_effects_run_once_committed(publisher):
    release = translated()
    services.publish_press_releases(releases=[release], user=publisher)
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED
    assert LogEntry.objects.get().change_message == "publish"


# Unpublish ----------------------------------------------------------------


def test_unpublishing_takes_a_release_off_the_site_to_draft(
    publisher, django_capture_on_commit_callbacks
):
    release = translated(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_press_release(release=release, user=publisher)
    release.refresh_from_db()
    assert release.status == Status.DRAFT
    assert release.languages() == []
    assert LogEntry.objects.get().change_message == "unpublish"


def test_unpublishing_to_review_says_so_in_the_log(
    publisher, django_capture_on_commit_callbacks
):
    release = translated(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_press_release(
            release=release, user=publisher, status=Status.IN_REVIEW
        )
    assert statuses(release) == [Status.IN_REVIEW]
    assert LogEntry.objects.get().change_message == "unpublish status=in_review"


def test_unpublishing_to_published_is_refused(publisher):
    release = translated(published=True)
    with pytest.raises(ValueError):
        services.unpublish_press_release(
            release=release, user=publisher, status=Status.PUBLISHED
        )


def test_an_editor_cannot_unpublish(editor):
    release = translated(published=True)
    with pytest.raises(PermissionDenied):
        services.unpublish_press_releases(releases=[release], user=editor)
    assert statuses(release) == [Status.PUBLISHED]


def test_unpublishing_many_takes_back_the_live_ones_only(publisher):
    live, scheduled = (
        translated(published=True),
        translated(
            status=Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1)
        ),
    )
    in_review = translated(status=Status.IN_REVIEW)
    changed = services.unpublish_press_releases(
        releases=[live, scheduled, in_review], user=publisher
    )
    assert changed == 2
    assert statuses(live, scheduled, in_review) == [
        Status.DRAFT,
        Status.DRAFT,
        Status.IN_REVIEW,
    ]


# Embargoed preview links --------------------------------------------------


def test_revoking_closes_open_links_and_leaves_closed_ones_as_they_were():
    open_link = EmbargoLinkFactory()
    revoked_at = timezone.now() - timedelta(days=1)
    revoked = EmbargoLinkFactory(revoked_at=revoked_at)
    other = EmbargoLinkFactory()
    assert services.revoke_embargo_links(links=[open_link, revoked]) == 1
    assert EmbargoLink.objects.get(pk=open_link.pk).is_valid() is False
    assert EmbargoLink.objects.get(pk=revoked.pk).revoked_at == revoked_at
    assert EmbargoLink.objects.get(pk=other.pk).is_valid() is True


def test_publishing_without_a_language_tells_its_translators(
    publisher, django_capture_on_commit_callbacks
):
    from editorial import signals

    heard = []

    def receiver(sender, **kwargs):
        heard.append((sender, kwargs["obj"], kwargs["language"], kwargs["actor"]))

    signals.translation_needed.connect(receiver)
    try:
        release = PressReleaseFactory(french=True)  # English and French
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_press_release(release=release, user=publisher)
        assert heard == [(PressRelease, release, "es", publisher)]
        heard.clear()
        complete = translated()
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_press_release(release=complete, user=publisher)
        assert heard == []
    finally:
        signals.translation_needed.disconnect(receiver)
