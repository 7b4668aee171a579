"""State changes of press releases: one function per editorial step.

Admin actions, views and commands all call these; each one checks the
person's right to act, so a hand-made request cannot skip the check.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, override

from editorial import audit, signals
from images.models import Image
from news.models import EmbargoLink, PressRelease, ReleaseImage, Status
from notifications.models import Event
from notifications.services import admin_url, holders, notify
from profiles import get_profile
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


@transaction.atomic
def revoke_embargo_links(*, links: Iterable[EmbargoLink]) -> int:
    """Close embargoed preview links at once; return how many were open."""
    pks = [link.pk for link in links]
    return EmbargoLink.objects.filter(pk__in=pks, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@dataclass(frozen=True)
class RightsNotice:
    """A photo whose editors were told, the releases using it, and how many
    people were told."""

    image: Image
    releases: list[PressRelease]
    recipients: int


def images_with_ending_rights(*, today: date, days: int):
    """Photos used by a release whose rights end within ``days`` days of
    ``today`` (or already ended) and whose editors were not yet told about
    that date."""
    used = Exists(PressRelease.objects.filter(image=OuterRef("pk"))) | Exists(
        ReleaseImage.objects.filter(image=OuterRef("pk"))
    )
    return (
        Image.objects.filter(used, rights_expire_on__lte=today + timedelta(days=days))
        .exclude(rights_notice_for=F("rights_expire_on"))
        .order_by("rights_expire_on", "pk")
    )


def _releases_using(image_ids: list[int]) -> dict[int, dict[int, PressRelease]]:
    found: dict[int, dict[int, PressRelease]] = {pk: {} for pk in image_ids}
    people = ("created_by", "updated_by")
    for release in PressRelease.objects.filter(image_id__in=image_ids).select_related(
        *people
    ):
        found[release.image_id][release.pk] = release
    for link in ReleaseImage.objects.filter(image_id__in=image_ids).select_related(
        *(f"release__{name}" for name in people)
    ):
        found[link.image_id].setdefault(link.release_id, link.release)
    return found


def _rights_comment(image: Image, releases: list[PressRelease], today: date) -> str:
    """What the notification says, in the active language."""
    day = date_format(image.rights_expire_on, "DATE_FORMAT")
    if image.is_usable(today):
        head = gettext(
            "It may be shown until {date}. Choose another photo for these "
            "press releases before then:"
        )
    else:
        head = gettext(
            "It could be shown until {date}: readers now see a placeholder "
            "instead. Choose another photo for these press releases:"
        )
    site = settings.SITE_URL.rstrip("/")
    lines = [
        f"- {release}: {site}{admin_url(release)}"
        for release in sorted(releases, key=str)
    ]
    return "\n".join([head.format(date=day), *lines])


def notify_ending_rights(
    *, days: int = 14, today: date | None = None, dry_run: bool = False
) -> list[RightsNotice]:
    """Tell the authors and last editors of the releases using each photo
    whose rights end within ``days`` days (or ended), and everyone who may
    change releases; once per photo and expiry date."""
    today = today or timezone.localdate()
    images = list(images_with_ending_rights(today=today, days=days))
    using = _releases_using([image.pk for image in images])
    editors = list(holders("news.change_pressrelease").order_by("pk"))
    notices = []
    for image in images:
        releases = list(using[image.pk].values())
        people = {user.pk: user for user in editors}
        for release in releases:
            for user in (release.created_by, release.updated_by):
                if user is not None and user.is_active and user.is_staff:
                    people.setdefault(user.pk, user)
        if not dry_run:
            _notify_once(image, releases, list(people.values()), today)
        notices.append(RightsNotice(image, releases, len(people)))
    return notices


@transaction.atomic
def _notify_once(image: Image, releases, people, today: date) -> None:
    # Locked and checked again: two runs at once tell people once.
    told = (
        Image.objects.select_for_update()
        .filter(pk=image.pk, rights_expire_on=image.rights_expire_on)
        .exclude(rights_notice_for=F("rights_expire_on"))
        .update(rights_notice_for=image.rights_expire_on)
    )
    if not told:
        return
    by_language: dict[str, list] = {}
    for user in people:
        by_language.setdefault(get_profile(user).language, []).append(user)
    for language, group in by_language.items():
        with override(language or settings.LANGUAGE_CODE):
            notify(
                event=Event.RIGHTS_EXPIRING,
                recipients=group,
                obj=image,
                comment=_rights_comment(image, releases, today),
            )
