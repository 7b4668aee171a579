"""Corrections reach, by email, the journalists who received the item:
once the note is in every required language, once per correction, in each
language the item was sent in (a real SMTP server, the task worker)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from news.models import CorrectionType
from press.models import Delivery, DeliveryStatus, Dispatch, DispatchKind
from tests.news.factories import CorrectionFactory, PressReleaseFactory
from tests.notifications.conftest import run_worker
from tests.press.conftest import subject
from tests.press.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

NOTE_EN = "An earlier version said 12,000 people; the figure is 1,200."
NOTE_FR = "Une version antérieure indiquait 12 000 personnes ; le chiffre est 1 200."
NOTE_ES = "Una versión anterior decía 12.000 personas; la cifra es 1.200."
SITE = "https://www.example.org"


def parts(message) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_payload(decode=True)
        .decode()
        .replace("\r\n", "\n")
        for part in message.walk()
        if not part.is_multipart()
    }


def trilingual(**kwargs):
    return PressReleaseFactory(
        published=True,
        title_en="Floods in Peru",
        title_fr="Inondations au Pérou",
        summary_fr="Un résumé.",
        body_fr="<p>Un texte.</p>",
        title_es="Inundaciones en Perú",
        summary_es="Un resumen.",
        body_es="<p>Un texto.</p>",
        **kwargs,
    )


def inbox(smtp) -> list[tuple[str, str, str]]:
    """(recipient, language, subject) of each email received, sorted."""
    return sorted(
        (to, message["Content-Language"], subject(message))
        for recipients, message in smtp.messages
        for to in recipients
    )


def translated(language: str, text: str, **values) -> str:
    """As a subject line reads: its spaces (French no-break ones too) plain."""
    with translation.override(language):
        return " ".join(_(text).format(**values).split())


@pytest.fixture
def sent_release(smtp, django_capture_on_commit_callbacks):
    """A release sent in English, French and Spanish to one reader of each."""
    readers = {
        "en": SubscriberFactory(email="reader@paper.example", languages=" en "),
        "fr": SubscriberFactory(email="lectrice@journal.example", languages=" fr "),
        "es": SubscriberFactory(email="lectora@diario.example", languages=" es "),
    }
    with django_capture_on_commit_callbacks(execute=True):
        release = trilingual()
    run_worker()
    assert len(smtp.messages) == 3
    smtp.messages.clear()
    return release, readers


def test_subscribers_who_received_the_item_get_the_correction_once_all_required_languages_carry_it(
    smtp, sent_release, django_capture_on_commit_callbacks
):
    release, readers = sent_release
    # Signed up after the send: never received the item.
    newcomer = SubscriberFactory(email="late@paper.example", languages=" en fr es ")

    with django_capture_on_commit_callbacks(execute=True):
        correction = CorrectionFactory(release=release, text_en=NOTE_EN)
    run_worker()
    assert smtp.messages == []  # French and Spanish are still to come
    assert not Dispatch.objects.filter(kind=DispatchKind.CORRECTION).exists()

    with django_capture_on_commit_callbacks(execute=True):
        correction.text_fr = NOTE_FR
        correction.save()
    run_worker()
    assert smtp.messages == []  # Spanish still to come

    with django_capture_on_commit_callbacks(execute=True):
        correction.text_es = NOTE_ES
        correction.save()
    run_worker()
    assert inbox(smtp) == [
        (
            readers["es"].email,
            "es",
            translated("es", "Correction: {title}", title="Inundaciones en Perú"),
        ),
        (
            readers["fr"].email,
            "fr",
            translated("fr", "Correction: {title}", title="Inondations au Pérou"),
        ),
        (readers["en"].email, "en", "Correction: Floods in Peru"),
    ]
    assert newcomer.email not in {to for to, _lang, _subject in inbox(smtp)}
    french = next(m for _to, m in smtp.messages if m["Content-Language"] == "fr")
    text, html = parts(french)["text/plain"], parts(french)["text/html"]
    link = f"{SITE}{release.address_in('fr')}#correction-{correction.pk}"
    assert NOTE_FR in text and link in text
    assert link in html and NOTE_FR in html
    assert NOTE_EN not in text
    with translation.override("fr"):
        assert _("Correction") in text
    # The same list headers as the release emails.
    unsubscribe = french["List-Unsubscribe"].split()[0].strip("<>,")
    with translation.override("fr"):
        unsubscribe_path = reverse("press:unsubscribe", args=["x"])[: -len("x/")]
    assert unsubscribe.startswith(f"{SITE}{unsubscribe_path}")
    assert french["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text.split("\n--\n")[-1]  # and in the footer

    # Saved again, run again: sent once.
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        correction.text_fr = NOTE_FR + " (typo fixed)"
        correction.save()
    run_worker()
    assert smtp.messages == []
    sends = Dispatch.objects.filter(kind=DispatchKind.CORRECTION)
    assert sorted(sends.values_list("language", flat=True)) == ["en", "es", "fr"]
    assert set(
        Delivery.objects.filter(dispatch__in=sends).values_list("status", flat=True)
    ) == {DeliveryStatus.SENT}


def test_a_second_correction_of_the_same_item_is_sent_too(
    smtp, sent_release, django_capture_on_commit_callbacks
):
    release, readers = sent_release
    with django_capture_on_commit_callbacks(execute=True):
        CorrectionFactory(
            release=release, text_en=NOTE_EN, text_fr=NOTE_FR, text_es=NOTE_ES
        )
    run_worker()
    assert len(smtp.messages) == 3
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update = CorrectionFactory(
            release=release,
            type=CorrectionType.UPDATE,
            text_en="The appeal is now fully funded.",
            text_fr="L’appel est désormais entièrement financé.",
            text_es="El llamamiento ya está plenamente financiado.",
        )
    run_worker()
    assert inbox(smtp) == [
        (
            readers["es"].email,
            "es",
            translated("es", "Update: {title}", title="Inundaciones en Perú"),
        ),
        (
            readers["fr"].email,
            "fr",
            translated("fr", "Update: {title}", title="Inondations au Pérou"),
        ),
        (readers["en"].email, "en", "Update: Floods in Peru"),
    ]
    english = next(m for _to, m in smtp.messages if m["Content-Language"] == "en")
    assert f"#correction-{update.pk}" in parts(english)["text/plain"]
    assert "The appeal is now fully funded." in parts(english)["text/plain"]


def test_a_clarification_goes_only_in_the_languages_the_item_was_sent_in(
    smtp, django_capture_on_commit_callbacks
):
    reader = SubscriberFactory(languages=" en fr ")
    with django_capture_on_commit_callbacks(execute=True):
        release = PressReleaseFactory(published=True, title_en="Drought")
    run_worker()
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        CorrectionFactory(
            release=release, type=CorrectionType.CLARIFICATION, text_en=NOTE_EN
        )
    run_worker()
    assert inbox(smtp) == [(reader.email, "en", "Clarification: Drought")]


def test_someone_who_left_or_never_received_the_item_gets_no_correction(
    smtp, sent_release, django_capture_on_commit_callbacks
):
    release, readers = sent_release
    readers["fr"].status = "unsubscribed"
    readers["fr"].save()
    bounced = Delivery.objects.get(subscriber=readers["es"])
    bounced.status = DeliveryStatus.BOUNCED
    bounced.save()
    with django_capture_on_commit_callbacks(execute=True):
        CorrectionFactory(
            release=release, text_en=NOTE_EN, text_fr=NOTE_FR, text_es=NOTE_ES
        )
    run_worker()
    assert inbox(smtp) == [(readers["en"].email, "en", "Correction: Floods in Peru")]


def test_a_correction_of_an_item_never_sent_sends_nothing(
    smtp, django_capture_on_commit_callbacks
):
    SubscriberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        release = PressReleaseFactory(title_en="Draft")  # never published
        CorrectionFactory(release=release, text_en=NOTE_EN)
    run_worker()
    assert smtp.messages == []
    assert not Dispatch.objects.exists()
