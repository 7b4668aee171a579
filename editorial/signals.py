"""Signals of the editorial steps, for notifications.

Each is sent once the change is committed, with ``sender=<model class>``
and the keyword arguments ``obj`` (the item), ``actor`` (who acted),
``author`` (the draft's author, or who the news is for), ``comment`` (a
string, maybe empty) and ``language`` (a language code where one is
concerned, else None).

Who is told (notifications/receivers.py), never the actor themselves:
``draft_submitted`` the people who may publish that model (its
``<app>.publish_<model>`` permission, active staff superusers too);
``draft_approved``, ``draft_rejected``, ``draft_commented`` and
``scheduled_published`` the ``author``; ``review_answered`` the publisher
who sent the outside review link (``author``); ``translation_needed`` the
translators of ``language`` (``translations.translate_<code>``).
``publication_scheduled`` tells nobody: it has ``scheduled_published``
sent when the item goes live.
"""

from django.db import transaction
from django.dispatch import Signal

draft_submitted = Signal()
draft_approved = Signal()
draft_rejected = Signal()
draft_commented = Signal()
# An outside reviewer answered (reviews/): ``author`` sent them the link.
review_answered = Signal()
# An item went live without ``language``: that language's translators have
# work (news and pages services, on publication).
translation_needed = Signal()
# An item was published with a time to come (``obj.published_at``).
publication_scheduled = Signal()
# A scheduled item went live at its time: ``author`` scheduled it.
scheduled_published = Signal()


def announce_missing_languages(*, obj, user, present: list[str]) -> None:
    """Once committed, tell each language's translators that ``obj`` went
    live without their language (``translation_needed``)."""
    from core.i18n import language_codes

    missing = [code for code in language_codes() if code not in present]

    def send():
        for code in missing:
            translation_needed.send(
                sender=type(obj),
                obj=obj,
                actor=user,
                author=getattr(obj, "created_by", None),
                comment="",
                language=code,
            )

    if missing:
        transaction.on_commit(send)
