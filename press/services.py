"""What a journalist does with their subscription, and what the press
office does with it in the admin."""

import logging

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from editorial import audit
from news.services import PUBLISH_PERMISSION
from press.models import Subscriber, SubscriberStatus

logger = logging.getLogger("iomsite.audit")

Status = SubscriberStatus


def _queue(subscriber_id: int, kind: str, language: str) -> None:
    from press.notices import send_notice

    transaction.on_commit(lambda: send_notice.enqueue(subscriber_id, kind, language))


def _set_follows(subscriber: Subscriber, follows: dict) -> None:
    subscriber.follows_everything = follows["follows_everything"]
    subscriber.save(update_fields=["follows_everything"])
    subscriber.offices.set(follows["offices"])
    subscriber.regions.set(follows["regions"])
    subscriber.topics.set(follows["topics"])
    subscriber.kinds.set(follows.get("kinds", []))


@transaction.atomic
def sign_up(
    *,
    email: str,
    name: str,
    outlet: str,
    languages: list[str],
    follows: dict,
    consent_text: str,
    language: str,
) -> None:
    """Start a subscription, or answer a repeated sign-up, by email only.

    A new or unsubscribed address becomes pending and gets the
    confirmation; a pending one has its details replaced and gets it again;
    a subscribed one is left as it is and gets a link to its preferences.
    The caller shows the same page whatever happened.
    """
    email = email.strip().lower()
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None and subscriber.status in (
        Status.CONFIRMED,
        Status.PAUSED,
    ):
        _queue(subscriber.pk, "manage", language)
        return
    if subscriber is None:
        subscriber = Subscriber(email=email)
    subscriber.name = name
    subscriber.outlet = outlet
    subscriber.language_codes = languages
    subscriber.status = Status.PENDING
    subscriber.consent_text = consent_text
    subscriber.consented_at = timezone.now()
    subscriber.full_clean(exclude=["email"] if subscriber.pk else None)
    subscriber.save()
    _set_follows(subscriber, follows)
    _queue(subscriber.pk, "confirm", language)


@transaction.atomic
def confirm(*, subscriber: Subscriber) -> bool:
    """Confirm a pending subscription; False when there was none to confirm
    (a replayed link changes nothing)."""
    updated = Subscriber.objects.filter(pk=subscriber.pk, status=Status.PENDING).update(
        status=Status.CONFIRMED, confirmed_at=timezone.now()
    )
    subscriber.refresh_from_db()
    return bool(updated)


@transaction.atomic
def update_preferences(
    *, subscriber: Subscriber, name: str, outlet: str, languages, follows: dict
) -> None:
    """Save what the subscriber changed on their preferences page."""
    subscriber.name = name
    subscriber.outlet = outlet
    subscriber.language_codes = languages
    subscriber.full_clean(exclude=["email"])
    subscriber.save(update_fields=["name", "outlet", "languages"])
    _set_follows(subscriber, follows)


@transaction.atomic
def unsubscribe(*, subscriber: Subscriber) -> bool:
    """Stop every email to ``subscriber``; False if it already was."""
    updated = (
        Subscriber.objects.filter(pk=subscriber.pk)
        .exclude(status=Status.UNSUBSCRIBED)
        .update(status=Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    )
    subscriber.refresh_from_db()
    if updated:
        logger.info("press subscriber #%s unsubscribed", subscriber.pk)
    return bool(updated)


@transaction.atomic
def resubscribe(*, subscriber: Subscriber) -> None:
    """Subscribe again from the preferences link (it proves the address)."""
    if subscriber.status != Status.UNSUBSCRIBED:
        return
    subscriber.status = Status.CONFIRMED
    subscriber.unsubscribed_at = None
    subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
    subscriber.save(update_fields=["status", "unsubscribed_at", "confirmed_at"])


def subscriber_data(subscriber: Subscriber) -> dict:
    """Everything stored about ``subscriber``, for them to download."""

    def moment(value):
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "name": subscriber.name,
        "outlet": subscriber.outlet,
        "languages": subscriber.language_codes,
        "follows_everything": subscriber.follows_everything,
        "country_offices": [str(office) for office in subscriber.offices.all()],
        "regions": [str(region) for region in subscriber.regions.all()],
        "topics": [str(topic) for topic in subscriber.topics.all()],
        "kinds_of_item": [str(kind) for kind in subscriber.kinds.all()],
        "status": subscriber.status,
        "signed_up_at": moment(subscriber.created_at),
        "consent_text": subscriber.consent_text,
        "consented_at": moment(subscriber.consented_at),
        "confirmed_at": moment(subscriber.confirmed_at),
        "unsubscribed_at": moment(subscriber.unsubscribed_at),
        "paused_at": moment(subscriber.paused_at),
        "bounces": subscriber.bounce_count,
        "verified_journalist_since": moment(subscriber.verified_at),
        "emails_received": [
            {
                "title": getattr(
                    delivery.dispatch.release, f"title_{delivery.dispatch.language}"
                )
                or str(delivery.dispatch.release),
                "language": delivery.dispatch.language,
                "kind": delivery.dispatch.kind,
                "status": delivery.status,
                "date": moment(delivery.sent_at or delivery.created_at),
            }
            for delivery in subscriber.deliveries.select_related(
                "dispatch__release"
            ).order_by("created_at", "pk")
        ],
    }


@transaction.atomic
def delete_subscriber(*, subscriber: Subscriber) -> None:
    """Delete the subscriber and everything kept with them: nothing stays."""
    pk = subscriber.pk
    subscriber.delete()
    logger.info("press subscriber #%s deleted their data", pk)


def _require_publisher(user) -> None:
    audit.require_permission(
        user, PUBLISH_PERMISSION, action="verify", target="press.Subscriber"
    )


@transaction.atomic
def verify(*, subscribers, user) -> int:
    """Mark confirmed subscribers as verified journalists (publishers only);
    return how many changed."""
    _require_publisher(user)
    changed = 0
    for subscriber in subscribers.filter(verified_at__isnull=True).exclude(
        status=Status.PENDING
    ):
        subscriber.verified_at = timezone.now()
        subscriber.verified_by = user
        subscriber.save(update_fields=["verified_at", "verified_by"])
        audit.record(user=user, obj=subscriber, action="verify")
        changed += 1
    return changed


@transaction.atomic
def unverify(*, subscribers, user) -> int:
    """Withdraw the verified-journalist mark (publishers only)."""
    _require_publisher(user)
    changed = 0
    for subscriber in subscribers.filter(verified_at__isnull=False):
        subscriber.verified_at = None
        subscriber.verified_by = None
        subscriber.save(update_fields=["verified_at", "verified_by"])
        audit.record(user=user, obj=subscriber, action="unverify")
        changed += 1
    return changed


@transaction.atomic
def resume(*, subscribers, user) -> int:
    """Send to paused subscribers again; their bounce count starts afresh."""
    changed = 0
    for subscriber in subscribers.filter(status=Status.PAUSED):
        subscriber.status = Status.CONFIRMED
        subscriber.paused_at = None
        subscriber.bounce_count = 0
        subscriber.save(update_fields=["status", "paused_at", "bounce_count"])
        audit.record(user=user, obj=subscriber, action="resume")
        changed += 1
    return changed


def record_export(*, user, count: int) -> None:
    """Keep who exported how many subscribers' data, and when: in the
    admin's history (LogEntry) and the ``iomsite.audit`` log."""
    LogEntry.objects.create(
        user_id=user.pk,
        content_type_id=ContentType.objects.get_for_model(Subscriber).pk,
        object_id=None,
        object_repr=f"{count} subscriber(s)",
        action_flag=CHANGE,
        change_message=f"export {count} subscriber(s) as CSV",
    )
    logger.info("export by %s: %s press subscriber(s)", user.get_username(), count)
