"""Who hears of what (editorial/signals.py)."""

from editorial import signals
from notifications.models import Event
from notifications.services import holders, notify
from translations.roles import translation_permission


def _publishers(sender):
    opts = sender._meta
    return holders(f"{opts.app_label}.publish_{opts.model_name}")


def _to_publishers(event):
    def receiver(sender, *, obj, actor=None, comment="", language=None, **kwargs):
        notify(
            event=event,
            recipients=_publishers(sender),
            obj=obj,
            actor=actor,
            comment=comment,
        )

    return receiver


def _to_author(event):
    def receiver(sender, *, obj, actor=None, author=None, comment="", **kwargs):
        notify(event=event, recipients=[author], obj=obj, actor=actor, comment=comment)

    return receiver


def _to_translators(sender, *, obj, actor=None, language=None, **kwargs):
    if not language:
        return
    notify(
        event=Event.TRANSLATION_NEEDED,
        # Superusers may translate anything but are nobody's translator.
        recipients=holders(translation_permission(language), superusers=False),
        obj=obj,
        actor=actor,
        language=language,
    )


def _announce_at_its_time(sender, *, obj, **kwargs):
    from notifications.tasks import announce_scheduled_publication

    opts = sender._meta
    announce_scheduled_publication.using(run_after=obj.published_at).enqueue(
        opts.app_label, opts.model_name, obj.pk, obj.published_at.isoformat()
    )


RECEIVERS = [
    (signals.publication_scheduled, _announce_at_its_time),
    (signals.draft_submitted, _to_publishers(Event.SUBMITTED)),
    (signals.draft_approved, _to_author(Event.APPROVED)),
    (signals.draft_rejected, _to_author(Event.REJECTED)),
    (signals.draft_commented, _to_author(Event.COMMENTED)),
    (signals.review_answered, _to_author(Event.REVIEW_ANSWERED)),
    (signals.scheduled_published, _to_author(Event.SCHEDULED_PUBLISHED)),
    (signals.translation_needed, _to_translators),
]


def connect() -> None:
    for signal, receiver in RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"notifications-{id(signal)}")
