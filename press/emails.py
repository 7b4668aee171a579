"""The email a journalist receives for a release, in one language."""

import re
import zoneinfo
from email.utils import make_msgid
from html import unescape

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.phones import format_international
from news.models import CorrectionType
from news.templatetags.news_times import release_time_zone
from press import signed
from press.models import DispatchKind

BLOCK_END = re.compile(r"</(p|h[1-6]|li|ul|ol|blockquote|div|tr)>|<br\s*/?>", re.I)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def embargo_notice(release, language: str) -> str:
    """ "EMBARGOED UNTIL <time in the office's zone> (<time in UTC>)"."""
    at = release.published_at
    zone = release_time_zone(release)
    with translation.override(language):
        utc = date_format(
            timezone.localtime(at, timezone=zoneinfo.ZoneInfo("UTC")), "DATETIME_FORMAT"
        )
        if not zone:
            return _("EMBARGOED UNTIL {utc} UTC").format(utc=utc)
        local = date_format(
            timezone.localtime(at, timezone=zoneinfo.ZoneInfo(zone)),
            "DATETIME_FORMAT",
        )
        return _("EMBARGOED UNTIL {local} {zone} ({utc} UTC)").format(
            local=local, zone=zone, utc=utc
        )


def plain_text(html: str) -> str:
    """The body for the text part: paragraphs kept, tags and entities gone."""
    text = BLOCK_END.sub("\n\n", html or "")
    lines = (" ".join(line.split()) for line in unescape(strip_tags(text)).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def contact_lines(release) -> list[dict]:
    return [
        {
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
            "phone": format_international(str(contact.phone or "")),
            "mobile": format_international(str(contact.mobile or "")),
        }
        for contact in release.contacts()
        if contact.is_active
    ]


def correction_subject(correction, title: str) -> str:
    """ "Correction: <title>" (or Clarification, Update), in the active
    language."""
    subjects = {
        CorrectionType.CLARIFICATION: _("Clarification: {title}"),
        CorrectionType.UPDATE: _("Update: {title}"),
    }
    return subjects.get(correction.type, _("Correction: {title}")).format(title=title)


def _correction_content(delivery, contacts) -> tuple[str, str, str, str]:
    """Subject, text and HTML of a correction's email."""
    dispatch = delivery.dispatch
    release = dispatch.release
    correction = dispatch.correction
    language = dispatch.language
    subscriber = delivery.subscriber
    with translation.override(language):
        title = getattr(release, f"title_{language}") or str(release)
        note = correction.text_in(language).strip()
        original = ""
        if not note:
            # A language the policy does not require: the note as written.
            original = correction.original_language
            note = correction.text_in(original).strip()
        context = {
            "language": language,
            "title": title,
            "heading": correction_subject(correction, title),
            "type": correction.get_type_display(),
            "note": note,
            "original": original,
            "date": date_format(timezone.localtime(correction.date), "DATE_FORMAT"),
            "date_iso": correction.date.isoformat(),
            "link": absolute(release.address_in(language))
            + f"#correction-{correction.pk}",
            "contacts": contacts if contacts is not None else contact_lines(release),
            "subscriber": subscriber,
            "manage_url": signed.manage_url(subscriber),
            "unsubscribe_url": signed.unsubscribe_url(subscriber),
        }
        text = render_to_string("press/email/correction.txt", context)
        html = render_to_string("press/email/correction.html", context)
    return context["heading"], text, html, context["unsubscribe_url"]


def build_message(delivery, *, contacts=None) -> EmailMultiAlternatives:
    """The email of ``delivery`` (its release, language and subscriber)."""
    if delivery.dispatch.kind == DispatchKind.CORRECTION:
        return _message(delivery, *_correction_content(delivery, contacts))
    dispatch = delivery.dispatch
    release = dispatch.release
    language = dispatch.language
    subscriber = delivery.subscriber
    embargoed = dispatch.kind == DispatchKind.ADVANCE
    if embargoed and delivery.embargo_link is not None:
        link = absolute(delivery.embargo_link.get_absolute_url())
    else:
        link = absolute(release.address_in(language))
    with translation.override(language):
        title = getattr(release, f"title_{language}")
        context = {
            "language": language,
            "title": title,
            "summary": getattr(release, f"summary_{language}"),
            # Stored sanitised (core.richtext), shown as it is on the site.
            "body": getattr(release, f"body_{language}"),
            "dateline": release.dateline_in(language),
            "link": link,
            "embargo": embargo_notice(release, language) if embargoed else "",
            "contacts": contacts if contacts is not None else contact_lines(release),
            "subscriber": subscriber,
            "manage_url": signed.manage_url(subscriber),
            "unsubscribe_url": signed.unsubscribe_url(subscriber),
        }
        context["body_text"] = plain_text(context["body"])
        subject = "{} {}".format(context["embargo"], title) if embargoed else title
        text = render_to_string("press/email/release.txt", context)
        html = render_to_string("press/email/release.html", context)
    return _message(delivery, subject, text, html, context["unsubscribe_url"])


def _message(
    delivery, subject: str, text: str, html: str, unsubscribe: str
) -> EmailMultiAlternatives:
    """The email with the list headers every press email carries."""
    subscriber = delivery.subscriber
    language = delivery.dispatch.language
    unsubscribe_targets = [f"<{unsubscribe}>"]
    if settings.PRESS_UNSUBSCRIBE_MAILTO:
        unsubscribe_targets.append(
            f"<mailto:{settings.PRESS_UNSUBSCRIBE_MAILTO}?subject=unsubscribe%20{subscriber.pk}>"
        )
    domain = settings.PRESS_FROM_EMAIL.rpartition("@")[2].strip(">") or None
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.PRESS_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "Message-ID": make_msgid(f"press{delivery.pk}", domain=domain),
            # RFC 8058: mail programs show an "Unsubscribe" button that
            # POSTs to the https address, no page to open.
            "List-Unsubscribe": ", ".join(unsubscribe_targets),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": language,
        },
    )
    message.attach_alternative(html, "text/html")
    # Providers (django-anymail) return this in their bounce webhooks.
    message.metadata = {"press_delivery": str(delivery.pk)}
    return message
