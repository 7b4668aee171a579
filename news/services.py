"""State changes of press releases: one function per editorial step.

Admin actions, views and commands all call these; each one checks the
person's right to act, so a hand-made request cannot skip the check.
"""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core import images
from editorial import audit, signals
from news.models import EmbargoLink, PressRelease, Status
from translations.policy import check_publication_policy

PUBLISH_PERMISSION = "news.publish_pressrelease"


def can_publish(user) -> bool:
    return bool(user and user.has_perm(PUBLISH_PERMISSION))


def _require_publisher(user, action: str = "publish") -> None:
    audit.require_permission(
        user, PUBLISH_PERMISSION, action=action, target="news.PressRelease"
    )


def _lock(releases: Iterable[PressRelease]):
    pks = [release.pk for release in releases]
    return PressRelease.objects.select_for_update().filter(pk__in=pks).order_by("pk")


@transaction.atomic
def submit_for_review(*, releases: Iterable[PressRelease], user) -> int:
    """Move drafts to review; return how many moved."""
    changed = 0
    for release in _lock(releases):
        if release.status != Status.DRAFT:
            continue
        release.status = Status.IN_REVIEW
        release.updated_by = user
        release.save(update_fields=["status", "updated_by", "updated_at"])
        changed += 1
    return changed


@transaction.atomic
def publish_press_release(
    *, release: PressRelease, user, at: datetime | None = None
) -> PressRelease:
    """Publish one release as it stands, edits included, and save it.

    The one way a release goes live, from the actions and the change form
    alike. It keeps a publication time it already has (that is how a
    release is scheduled); one without gets ``at`` or now.
    """
    _require_publisher(user)
    # Raises ValidationError naming the languages that block.
    check_publication_policy(release)
    problem = release.speaker_problem()
    if problem:
        raise ValidationError(problem)
    release.published_at = release.published_at or at or timezone.now()
    release.status = Status.PUBLISHED
    release.updated_by = user
    release.full_clean()
    release.save()
    audit.record(user=user, obj=release, action="publish")
    signals.announce_missing_languages(
        obj=release, user=user, present=release.translated_languages()
    )
    if release.published_at > timezone.now():
        transaction.on_commit(
            lambda: signals.publication_scheduled.send(
                sender=PressRelease, obj=release, actor=user, author=user
            )
        )
    return release


@transaction.atomic
def unpublish_press_release(
    *, release: PressRelease, user, status: str = Status.DRAFT
) -> PressRelease:
    """Take one release off the site, to ``status`` (draft by default), and save it."""
    _require_publisher(user, "unpublish")
    if status == Status.PUBLISHED:
        raise ValueError("unpublishing needs a status other than published")
    release.status = status
    release.updated_by = user
    # No full_clean(): a rule added since the release went out must not keep
    # it on the site. The change form has validated its own edits.
    release.save()
    detail = "" if status == Status.DRAFT else f"status={status}"
    audit.record(user=user, obj=release, action="unpublish", detail=detail)
    return release


@transaction.atomic
def publish_press_releases(
    *, releases: Iterable[PressRelease], user, at: datetime | None = None
) -> int:
    """Publish releases (``publish_press_release``); return how many changed."""
    _require_publisher(user)
    changed = 0
    for release in _lock(releases):
        if release.status == Status.PUBLISHED:
            continue
        publish_press_release(release=release, user=user, at=at)
        changed += 1
    return changed


@transaction.atomic
def unpublish_press_releases(*, releases: Iterable[PressRelease], user) -> int:
    """Take published releases back to draft; return how many changed."""
    _require_publisher(user, "unpublish")
    changed = 0
    for release in _lock(releases):
        if release.status != Status.PUBLISHED:
            continue
        unpublish_press_release(release=release, user=user)
        changed += 1
    return changed


def refresh_lead_image_renditions(*, release: PressRelease) -> list[dict]:
    """Write the lead image's ``srcset`` widths and remember them on the release."""
    renditions = (
        images.make_renditions(release.lead_image.name) if release.lead_image else []
    )
    PressRelease.objects.filter(pk=release.pk).update(lead_image_renditions=renditions)
    release.lead_image_renditions = renditions
    return renditions


@transaction.atomic
def revoke_embargo_links(*, links: Iterable[EmbargoLink]) -> int:
    """Close embargoed preview links at once; return how many were open."""
    pks = [link.pk for link in links]
    return EmbargoLink.objects.filter(pk__in=pks, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
