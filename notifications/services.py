"""Tell people: ``notify()`` keeps one notification per recipient and has
the emails sent by a background task once the change is committed."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from notifications.models import Notification

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def admin_url(obj) -> str:
    opts = obj._meta
    try:
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
        )
    except NoReverseMatch:
        return ""


def holders(permission: str, *, superusers: bool = True):
    """Active staff holding ``permission``: through their groups or own
    rights, or (with ``superusers``) as superusers."""
    return (
        get_user_model()
        .objects.with_perm(
            permission, include_superusers=superusers, backend=MODEL_BACKEND
        )
        .filter(is_staff=True)
    )


def notify(
    *, event: str, recipients, obj, actor=None, comment: str = "", language=""
) -> list[Notification]:
    """Keep a notification for each recipient but the actor (one insert);
    have each emailed by the worker once the transaction commits."""
    people = {user.pk: user for user in recipients if user is not None}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return []
    content_type = ContentType.objects.get_for_model(obj)
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            event=event,
            content_type=content_type,
            object_id=str(obj.pk),
            title=str(obj)[:300],
            url=admin_url(obj),
            actor=actor,
            comment=comment or "",
            language=language or "",
        )
        for user in people.values()
    )
    ids = [
        notification.pk
        for notification in notifications
        if notification.recipient.email
    ]
    if ids:
        from notifications.tasks import send_email

        # Never in the request: the worker sends, after the commit.
        transaction.on_commit(lambda: [send_email.enqueue(pk) for pk in ids])
    return notifications
