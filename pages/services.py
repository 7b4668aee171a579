"""Publishing content pages: the one path from draft to the public site.

The admin's actions and its change form both call these; each checks the
person's right to act, so a hand-made request cannot skip the check.
"""

from collections.abc import Iterable

from django.db import transaction

from editorial import audit, signals
from pages.models import Page, Status

PUBLISH_PERMISSION = "pages.publish_page"


def can_publish(user) -> bool:
    return bool(user and user.has_perm(PUBLISH_PERMISSION))


def _require_publisher(user, action: str) -> None:
    audit.require_permission(
        user, PUBLISH_PERMISSION, action=action, target="pages.Page"
    )


def _lock(pages: Iterable[Page]):
    pks = [page.pk for page in pages]
    return Page.objects.select_for_update().filter(pk__in=pks).order_by("pk")


@transaction.atomic
def publish_page(*, page: Page, user) -> Page:
    """Put one page, edits included, on the public site and save it."""
    _require_publisher(user, "publish")
    page.status = Status.PUBLISHED
    page.full_clean()
    page.save()
    audit.record(user=user, obj=page, action="publish")
    signals.announce_missing_languages(obj=page, user=user, present=page.languages())
    return page


@transaction.atomic
def unpublish_page(*, page: Page, user) -> Page:
    """Take one page off the public site (back to draft) and save it."""
    _require_publisher(user, "unpublish")
    page.status = Status.DRAFT
    # No full_clean(): a rule added since the page went out must not keep it
    # on the site. The change form has validated its own edits.
    page.save()
    audit.record(user=user, obj=page, action="unpublish")
    return page


@transaction.atomic
def publish_pages(*, pages: Iterable[Page], user) -> int:
    """Publish the draft pages among ``pages``; return how many changed."""
    _require_publisher(user, "publish")
    changed = 0
    for page in _lock(pages):
        if page.status != Status.PUBLISHED:
            publish_page(page=page, user=user)
            changed += 1
    return changed


@transaction.atomic
def unpublish_pages(*, pages: Iterable[Page], user) -> int:
    """Take the published pages among ``pages`` off the site; return how many."""
    _require_publisher(user, "unpublish")
    changed = 0
    for page in _lock(pages):
        if page.status == Status.PUBLISHED:
            unpublish_page(page=page, user=user)
            changed += 1
    return changed
