"""Background tasks (Django's tasks API, the django-tasks backport)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from notifications.models import MAX_EMAIL_ATTEMPTS, Notification
from profiles import get_profile

logger = logging.getLogger(__name__)


@task()
def send_email(notification_id: int) -> None:
    """Email one notification; on failure keep the error and try again later.

    The row stays whatever happens: a send that keeps failing is shown to
    administrators (Notifications, "Email failed"), who can retry it.
    """
    notification = (
        Notification.objects.select_related("recipient", "actor")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.emailed_at is not None:
        return
    recipient = notification.recipient
    with translation.override(get_profile(recipient).language):
        context = {
            "notification": notification,
            "summary": notification.summary(),
            "link": settings.SITE_URL.rstrip("/") + notification.url
            if notification.url
            else "",
        }
        subject = " ".join(
            render_to_string("notifications/email/subject.txt", context).split()
        )
        body = render_to_string("notifications/email/body.txt", context)
    notification.email_attempts += 1
    try:
        send_mail(subject, body, None, [recipient.email])
    except Exception as error:  # noqa: BLE001 - any transport failure
        notification.email_error = f"{type(error).__name__}: {error}"[:2000]
        notification.save(update_fields=["email_attempts", "email_error"])
        if notification.email_attempts < MAX_EMAIL_ATTEMPTS:
            delay = settings.NOTIFICATION_RETRY_SECONDS * 2 ** (
                notification.email_attempts - 1
            )
            send_email.using(
                run_after=timezone.now() + timedelta(seconds=delay)
            ).enqueue(notification_id)
        else:
            logger.error(
                "notification %s not emailed after %s attempts: %s",
                notification_id,
                notification.email_attempts,
                notification.email_error,
            )
        return
    notification.emailed_at = timezone.now()
    notification.email_error = ""
    notification.save(update_fields=["email_attempts", "email_error", "emailed_at"])


@task()
def announce_scheduled_publication(
    app_label: str, model_name: str, pk: int, published_at: str
) -> None:
    """At a scheduled item's publication time: tell whoever scheduled it."""
    from django.apps import apps

    from editorial import signals

    model = apps.get_model(app_label, model_name)
    obj = model.objects.filter(pk=pk).first()
    if obj is None or getattr(obj, "status", "") != "published":
        return
    if obj.published_at is None or obj.published_at.isoformat() != published_at:
        return  # rescheduled or unpublished since: that schedule announces
    if obj.published_at > timezone.now():
        return
    signals.scheduled_published.send(
        sender=model,
        obj=obj,
        actor=None,
        author=getattr(obj, "updated_by", None) or getattr(obj, "created_by", None),
        comment="",
        language=None,
    )
