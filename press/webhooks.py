"""Bounces and complaints reported by the mail provider (django-anymail).

The provider posts its events to ``/press/webhooks/anymail/<provider>/
tracking/`` (press/urls.py), authenticated with the shared secret of
``ANYMAIL["WEBHOOK_SECRET"]``. A complaint pauses the subscriber at once;
``PRESS_BOUNCES_TO_PAUSE`` hard bounces (3 by default) pause them too.
"""

import logging

from anymail.signals import tracking
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from press.models import Delivery, DeliveryStatus, Subscriber, SubscriberStatus

logger = logging.getLogger(__name__)

BOUNCED = {"bounced", "rejected"}
COMPLAINED = {"complained"}


def _delivery(event) -> Delivery | None:
    metadata = event.metadata or {}
    pk = str(metadata.get("press_delivery", ""))
    deliveries = Delivery.objects.select_related("subscriber")
    if pk.isdecimal() and len(pk) < 19:
        found = deliveries.filter(pk=int(pk)).first()
        if found is not None:
            return found
    if event.message_id:
        message_id = str(event.message_id).strip()
        candidates = {message_id, message_id.strip("<>"), f"<{message_id.strip('<>')}>"}
        return deliveries.filter(message_id__in=candidates).first()
    return None


@transaction.atomic
def record_event(event) -> None:
    """Mark the delivery and the subscriber of a bounce or a complaint."""
    kind = event.event_type
    if kind not in BOUNCED | COMPLAINED:
        return
    esp_event = event.esp_event if isinstance(event.esp_event, dict) else {}
    if esp_event.get("Type") == "SoftBounce":
        return  # a full mailbox, say: the provider tries again itself
    delivery = _delivery(event)
    subscriber = delivery.subscriber if delivery is not None else None
    if subscriber is None and event.recipient:
        subscriber = Subscriber.objects.filter(
            email=str(event.recipient).strip().lower()
        ).first()
    if delivery is not None:
        delivery.status = (
            DeliveryStatus.COMPLAINED if kind in COMPLAINED else DeliveryStatus.BOUNCED
        )
        delivery.error = (event.description or event.mta_response or kind)[:2000]
        delivery.save(update_fields=["status", "error", "updated_at"])
    if subscriber is None:
        logger.info("press webhook: %s for an unknown address", kind)
        return
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    pause = kind in COMPLAINED
    if kind in BOUNCED:
        Subscriber.objects.filter(pk=subscriber.pk).update(
            bounce_count=F("bounce_count") + 1
        )
        subscriber.refresh_from_db(fields=["bounce_count"])
        pause = subscriber.bounce_count >= settings.PRESS_BOUNCES_TO_PAUSE
    if pause and subscriber.status == SubscriberStatus.CONFIRMED:
        subscriber.status = SubscriberStatus.PAUSED
        subscriber.paused_at = timezone.now()
        subscriber.save(update_fields=["status", "paused_at"])


@receiver(tracking, dispatch_uid="press_tracking")
def handle_tracking(sender, event, esp_name, **kwargs):
    record_event(event)
