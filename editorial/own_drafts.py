"""Editors may delete their own drafts that never went out.

A draft someone started by mistake, or abandoned, should not wait for a
publisher to tidy it away. Deleting anything that was ever published (even
once, even if unpublished since) stays the publishers' call: readers may
have seen it, and links to it may exist.
"""

from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

# The status that keeps an item off the site (news and pages ``Status``).
DRAFT = "draft"


def was_ever_published(obj) -> bool:
    """Whether any saved state of ``obj`` (a revision) was published."""
    if obj.status != DRAFT or getattr(obj, "published_at", None) is not None:
        return True
    # Revisions are JSON (Django's serialiser): a published state says so.
    return Version.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        serialized_data__contains='"status": "published"',
    ).exists()


def is_own_unpublished_draft(obj, user) -> bool:
    return (
        obj is not None
        and obj.pk is not None
        and user.is_authenticated
        and getattr(obj, "created_by_id", None) == user.pk
        and not was_ever_published(obj)
    )


class OwnDraftDeletionAdminMixin:
    """Put before ``EditorialAdminMixin``: the author of a never-published
    draft may delete it (from its change form; bulk deleting stays with
    those who hold the delete permission)."""

    def has_delete_permission(self, request, obj=None):
        if super().has_delete_permission(request, obj):
            return True
        return (
            obj is not None
            and self.has_change_permission(request, obj)
            and is_own_unpublished_draft(obj, request.user)
        )
