"""The two emails the sign-up sends, by the background worker: the
confirmation (to a pending address: the only email an unconfirmed address
ever gets) and, when a subscribed address signs up again, a link to its
preferences instead."""

import logging

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from press import signed
from press.models import Subscriber, SubscriberStatus

logger = logging.getLogger(__name__)

CONFIRM = "confirm"
MANAGE = "manage"
# Which status each email may go to.
ALLOWED = {CONFIRM: SubscriberStatus.PENDING, MANAGE: SubscriberStatus.CONFIRMED}


def build_notice(subscriber: Subscriber, kind: str, language: str):
    """The email ``kind`` for ``subscriber``, in ``language``: text and
    HTML parts."""
    language = signed.link_language(subscriber, language)
    with translation.override(language):
        context = {
            "subscriber": subscriber,
            "link": signed.confirm_url(subscriber, language)
            if kind == CONFIRM
            else signed.manage_url(subscriber, language),
            "LANGUAGE_CODE": language,
        }
        subject = " ".join(
            render_to_string(f"press/email/{kind}_subject.txt", context).split()
        )
        text = render_to_string(f"press/email/{kind}.txt", context)
        html = render_to_string(f"press/email/{kind}.html", context)
    message = EmailMultiAlternatives(subject, text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_notice(subscriber_id: int, kind: str, language: str) -> None:
    """Send the confirmation or the preferences link, if the subscriber is
    still in the status it is meant for."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != ALLOWED[kind]:
        return
    build_notice(subscriber, kind, language).send()
    logger.info("press %s email sent to subscriber #%s", kind, subscriber_id)
