"""Sending releases to journalists: dispatches, their deliveries, batches.

A ``Dispatch`` is one sending of a release in one language; it holds one
``Delivery`` per subscriber. Both are unique (release, language, kind) —
(correction, language) for a correction's send — and (dispatch,
subscriber): a retried task or a second worker finds the rows already
there and never sends an item twice to anyone.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.i18n import language_codes
from news.models import Correction, EmbargoLink, PressRelease
from press.emails import build_message, contact_lines
from press.models import (
    Delivery,
    DeliveryStatus,
    Dispatch,
    DispatchKind,
    DispatchState,
    Subscriber,
    SubscriberStatus,
)

logger = logging.getLogger(__name__)

# A delivery still being sent after this long was left by a stopped worker.
STALE_CLAIM = timedelta(minutes=30)


def chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def is_recent(release: PressRelease, at=None) -> bool:
    """Whether the release is new enough to send: editing an old release
    (a translation added years later) never mails the archive out."""
    at = at or timezone.now()
    age = timedelta(days=settings.PRESS_SEND_MAX_AGE_DAYS)
    return release.published_at is not None and release.published_at >= at - age


def advance_recipients(release: PressRelease, language: str):
    """Verified journalists who follow ``release`` and read ``language``."""
    return Subscriber.objects.following(release, language).filter(
        verified_at__isnull=False
    )


def _create_dispatch(
    *, release, language, kind, user=None, correction=None
) -> Dispatch | None:
    """The new dispatch, or None when another worker made it first."""
    try:
        with transaction.atomic():
            return Dispatch.objects.create(
                release=release,
                language=language,
                kind=kind,
                created_by=user,
                correction=correction,
            )
    except IntegrityError:
        return None


def _add_deliveries(dispatch: Dispatch, subscribers, links=None) -> list[int]:
    """Queue one delivery per subscriber not yet in ``dispatch``."""
    have = set(dispatch.deliveries.values_list("subscriber_id", flat=True))
    new = [
        Delivery(
            dispatch=dispatch,
            subscriber=subscriber,
            embargo_link=(links or {}).get(subscriber.pk),
        )
        for subscriber in subscribers
        if subscriber.pk not in have
    ]
    Delivery.objects.bulk_create(new, ignore_conflicts=True)
    ids = list(
        dispatch.deliveries.filter(
            subscriber__in=[delivery.subscriber_id for delivery in new],
            status=DeliveryStatus.QUEUED,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    batches = chunks(ids, settings.PRESS_BATCH_SIZE)
    Dispatch.objects.filter(pk=dispatch.pk).update(
        recipients=dispatch.deliveries.count(),
        batches=dispatch.batches + len(batches),
        state=DispatchState.SENDING if ids else DispatchState.DONE,
        finished_at=None if ids else timezone.now(),
    )
    return ids


def _enqueue_batches(dispatch_id: int, ids: list[int]) -> None:
    from press.tasks import send_batch

    for batch in chunks(ids, settings.PRESS_BATCH_SIZE):
        send_batch.enqueue(dispatch_id, batch)


def start_public_dispatches(*, release_id: int) -> list[Dispatch]:
    """Start the public send of each language the release is public in now
    and was not yet sent in; queue its batches."""
    # Queued once the rows are committed: a worker on another queue (RQ)
    # must find them.
    with transaction.atomic():
        started = _start_public(release_id)
    for dispatch, ids in started:
        _enqueue_batches(dispatch.pk, ids)
    return [dispatch for dispatch, _ids in started]


def _start_public(release_id: int) -> list[tuple[Dispatch, list[int]]]:
    release = PressRelease.objects.filter(pk=release_id).first()
    if release is None or not is_recent(release):
        return []
    started = []
    for language in language_codes():
        if not release.is_public_in(language):
            continue
        dispatch = _create_dispatch(
            release=release, language=language, kind=DispatchKind.PUBLIC
        )
        if dispatch is None:
            continue  # sent already, or being sent by another worker
        following = Subscriber.objects.following(release, language)
        started.append((dispatch, _add_deliveries(dispatch, following)))
    return started


def correction_recipients(release: PressRelease, language: str):
    """Confirmed subscribers who were sent ``release`` in ``language`` (its
    public send, or in advance): each once."""
    ids = Delivery.objects.filter(
        dispatch__release=release,
        dispatch__language=language,
        dispatch__kind__in=[DispatchKind.PUBLIC, DispatchKind.ADVANCE],
        status=DeliveryStatus.SENT,
    ).values("subscriber_id")
    return Subscriber.objects.confirmed().filter(pk__in=ids)


def start_correction_dispatches(*, correction_id: int) -> list[Dispatch]:
    """Send the correction in each language its item was publicly sent in,
    once, to those who received the item; queue its batches."""
    with transaction.atomic():
        started = _start_correction(correction_id)
    for dispatch, ids in started:
        _enqueue_batches(dispatch.pk, ids)
    return [dispatch for dispatch, _ids in started]


def _start_correction(correction_id: int) -> list[tuple[Dispatch, list[int]]]:
    correction = (
        Correction.objects.select_related("release").filter(pk=correction_id).first()
    )
    if correction is None:
        return []
    release = correction.release
    sent_in = set(
        Dispatch.objects.filter(
            release=release, kind=DispatchKind.PUBLIC, correction__isnull=True
        ).values_list("language", flat=True)
    )
    started = []
    for language in language_codes():
        if language not in sent_in:
            continue
        dispatch = _create_dispatch(
            release=release,
            language=language,
            kind=DispatchKind.CORRECTION,
            correction=correction,
        )
        if dispatch is None:
            continue  # sent already, or being sent by another worker
        recipients = correction_recipients(release, language)
        started.append((dispatch, _add_deliveries(dispatch, recipients)))
    return started


def send_in_advance(*, release: PressRelease, languages: list[str], user) -> int:
    """Send the embargoed release to the verified journalists following it
    in each language, each with their own preview link; return how many
    emails were queued. A later call reaches only journalists not yet sent
    it (newly verified, say)."""
    with transaction.atomic():
        started = [
            _start_advance(release=release, language=language, user=user)
            for language in languages
        ]
    for dispatch, ids in started:
        _enqueue_batches(dispatch.pk, ids)
    return sum(len(ids) for _dispatch, ids in started)


def _start_advance(*, release, language, user) -> tuple[Dispatch, list[int]]:
    expires_at = release.published_at + timedelta(days=1)
    kind = DispatchKind.ADVANCE
    dispatch = (
        Dispatch.objects.select_for_update()
        .filter(release=release, language=language, kind=kind)
        .first()
    ) or _create_dispatch(release=release, language=language, kind=kind, user=user)
    if dispatch is None:  # made meanwhile by someone else
        dispatch = Dispatch.objects.get(release=release, language=language, kind=kind)
    have = set(dispatch.deliveries.values_list("subscriber_id", flat=True))
    links = {}
    recipients = []
    for subscriber in advance_recipients(release, language):
        if subscriber.pk in have:
            continue
        recipients.append(subscriber)
        links[subscriber.pk] = EmbargoLink.objects.create(
            release=release,
            language=language,
            recipient=subscriber.email[:200],
            expires_at=expires_at,
            created_by=user,
        )
    return dispatch, _add_deliveries(dispatch, recipients, links)


def _claim(dispatch_id: int, delivery_ids: list[int]) -> list[Delivery]:
    """Take the batch's deliveries still to send, so that no other worker
    sends them; those a stopped worker left are taken back."""
    stale = timezone.now() - STALE_CLAIM
    with transaction.atomic():
        claimable = Delivery.objects.select_for_update().filter(
            dispatch_id=dispatch_id, pk__in=delivery_ids
        )
        ids = [
            delivery.pk
            for delivery in claimable
            if delivery.status == DeliveryStatus.QUEUED
            or (
                delivery.status == DeliveryStatus.SENDING
                and delivery.updated_at < stale
            )
        ]
        Delivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.SENDING, updated_at=timezone.now()
        )
    return list(
        Delivery.objects.filter(pk__in=ids)
        .select_related(
            "subscriber", "embargo_link", "dispatch__release", "dispatch__correction"
        )
        .order_by("pk")
    )


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=settings.PRESS_RETRY_SECONDS * 2 ** (attempts - 1))


def send_batch(*, dispatch_id: int, delivery_ids: list[int]) -> list[int]:
    """Send one batch over one SMTP connection; return the deliveries to try
    again later (the caller queues them)."""
    deliveries = _claim(dispatch_id, delivery_ids)
    if not deliveries:
        finish_if_done(dispatch_id)
        return []
    dispatch = deliveries[0].dispatch
    release = dispatch.release
    now = timezone.now()
    withdrawn = dispatch.kind in (
        DispatchKind.PUBLIC,
        DispatchKind.CORRECTION,
    ) and not release.is_public_in(dispatch.language)
    if dispatch.kind == DispatchKind.ADVANCE and release.is_public_in(
        dispatch.language
    ):
        # Past its time: the public send reaches them instead.
        withdrawn = True
    to_send = []
    for delivery in deliveries:
        if withdrawn:
            delivery.status = DeliveryStatus.WITHDRAWN
        elif delivery.subscriber.status != SubscriberStatus.CONFIRMED:
            delivery.status = DeliveryStatus.UNSUBSCRIBED
        else:
            to_send.append(delivery)
    retry = []
    if to_send:
        contacts = contact_lines(release)
        try:
            connection = get_connection(fail_silently=False)
            connection.open()
        except Exception as error:  # noqa: BLE001 - any transport failure
            for delivery in to_send:
                retry += _failed(delivery, error)
        else:
            try:
                for delivery in to_send:
                    message = build_message(delivery, contacts=contacts)
                    delivery.attempts += 1
                    try:
                        connection.send_messages([message])
                    except Exception as error:  # noqa: BLE001
                        delivery.attempts -= 1
                        retry += _failed(delivery, error)
                        continue
                    status = getattr(message, "anymail_status", None)
                    delivery.message_id = (
                        getattr(status, "message_id", None)
                        or message.extra_headers["Message-ID"]
                    )[:255]
                    delivery.status = DeliveryStatus.SENT
                    delivery.sent_at = timezone.now()
                    delivery.error = ""
                    # Recorded at once: a worker stopped mid-batch leaves no
                    # sent email looking unsent.
                    delivery.save(
                        update_fields=[
                            "status",
                            "attempts",
                            "error",
                            "message_id",
                            "sent_at",
                            "updated_at",
                        ]
                    )
            finally:
                try:
                    connection.close()
                except Exception:  # noqa: BLE001 - the sends are done
                    logger.warning("press: closing the mail connection failed")
    for delivery in deliveries:
        delivery.updated_at = now
    Delivery.objects.bulk_update(
        deliveries,
        ["status", "attempts", "error", "message_id", "sent_at", "updated_at"],
    )
    finish_if_done(dispatch_id)
    return retry


def _failed(delivery: Delivery, error: Exception) -> list[int]:
    delivery.attempts += 1
    delivery.error = f"{type(error).__name__}: {error}"[:2000]
    if delivery.attempts < settings.PRESS_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.QUEUED
        return [delivery.pk]
    delivery.status = DeliveryStatus.FAILED
    logger.error(
        "press delivery %s failed after %s attempts: %s",
        delivery.pk,
        delivery.attempts,
        delivery.error,
    )
    return []


def retry_at(delivery_ids: list[int]):
    attempts = (
        Delivery.objects.filter(pk__in=delivery_ids)
        .order_by("-attempts")
        .values_list("attempts", flat=True)
        .first()
    ) or 1
    return timezone.now() + _retry_delay(attempts)


def finish_if_done(dispatch_id: int) -> None:
    pending = Delivery.objects.filter(
        dispatch_id=dispatch_id,
        status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING],
    ).exists()
    if not pending:
        Dispatch.objects.filter(pk=dispatch_id, state=DispatchState.SENDING).update(
            state=DispatchState.DONE, finished_at=timezone.now()
        )
