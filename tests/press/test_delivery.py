"""Releases reach their followers by email, through the task queue."""

import datetime
from unittest import mock

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks_db.models import DBTaskResult

from news import services
from news.models import EmbargoLink, Status
from press.models import Delivery, DeliveryStatus, Dispatch, DispatchKind
from press.tasks import send_batch
from tests.conftest import signed_in
from tests.news.factories import (
    DatelinePlaceFactory,
    MediaContactFactory,
    PressReleaseFactory,
    ReleaseContactFactory,
    TopicFactory,
)
from tests.notifications.conftest import run_worker
from tests.organization.factories import CountryOfficeFactory
from tests.press.conftest import subject
from tests.press.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

# 14:00 UTC is 09:00 in Lima (UTC-5, no summer time).
LIFTED_AT = datetime.datetime(2030, 3, 12, 14, 0, tzinfo=datetime.UTC)
BEFORE = LIFTED_AT - datetime.timedelta(days=1)


def parts(message) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_payload(decode=True)
        .decode()
        .replace("\r\n", "\n")
        for part in message.walk()
        if not part.is_multipart()
    }


def peru_release(office, **kwargs):
    """A release from the Peru office in French and Spanish, with its media
    contact (the seed's)."""
    fields = {
        "original_language": "fr",
        "title_en": "",
        "summary_en": "",
        "body_en": "",
        "title_fr": "Inondations au Pérou",
        "summary_fr": "L’OIM aide les familles.",
        "body_fr": "<p>Texte <strong>français</strong>.</p><p>Suite.</p>",
        "title_es": "Inundaciones en Perú",
        "summary_es": "La OIM ayuda a las familias.",
        "body_es": "<p>Texto español.</p>",
        **kwargs,
    }
    release = PressReleaseFactory(**fields)
    release.country_offices.add(office)
    DatelinePlaceFactory(release=release, office=office)
    contact = MediaContactFactory(
        name="Carolina Santos",
        email="csantos@iom.int",
        phone="+5112217209;ext=145",
        mobile="",
    )
    ReleaseContactFactory(release=release, contact=contact)
    return release


def test_a_peru_follower_gets_the_advance_then_the_public_send_in_french_and_spanish(
    smtp, publisher, django_capture_on_commit_callbacks
):
    peru = CountryOfficeFactory(country="PE")
    with time_machine.travel(BEFORE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            release = peru_release(
                peru, status=Status.PUBLISHED, published_at=LIFTED_AT
            )
        journalist = SubscriberFactory(
            email="reportera@diario.pe",
            languages=" fr es ",
            verified=True,
            offices=[peru],
        )
        # Follows Peru too, but is not a verified journalist.
        reader = SubscriberFactory(languages=" es ", offices=[peru])
        run_worker()
        assert smtp.messages == []  # the public send waits for its time

        client = signed_in(publisher)
        url = reverse("admin:press_dispatch_advance", args=[release.pk])
        page = client.get(url).text
        assert "1 verified journalist" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"languages": ["fr", "es"]})
        assert response.status_code == 302
        run_worker()

    advance = {message["Content-Language"]: message for _to, message in smtp.messages}
    assert [to for to, _message in smtp.messages] == [[journalist.email]] * 2
    french, spanish = advance["fr"], advance["es"]
    # The notice in the email's own language (as locale/ translates it).
    with translation.override("fr"):
        notice = _("EMBARGOED UNTIL {local} {zone} ({utc} UTC)").format(
            local="12 mars 2030 09:00", zone="America/Lima", utc="12 mars 2030 14:00"
        )
    assert subject(french) == f"{notice} Inondations au Pérou"
    with translation.override("es"):
        assert subject(spanish).startswith(
            _("EMBARGOED UNTIL {local} {zone} ({utc} UTC)").split("{")[0]
            + "12 de marzo de 2030"
        )
    assert subject(spanish).endswith("Inundaciones en Perú")
    links = EmbargoLink.objects.filter(release=release).order_by("language")
    assert [(link.language, link.recipient) for link in links] == [
        ("es", journalist.email),
        ("fr", journalist.email),
    ]
    assert {link.expires_at for link in links} == {
        LIFTED_AT + datetime.timedelta(days=1)
    }
    french_text = parts(french)["text/plain"]
    assert notice in french_text
    french_link = links.get(language="fr").get_absolute_url()
    assert f"https://www.example.org{french_link}" in french_text
    assert "Carolina Santos" in french_text
    assert "+51 1 2217209 ext. 145" in french_text
    assert "America/Lima" in parts(spanish)["text/html"]

    # At its time, every follower gets the public send in their languages.
    smtp.messages.clear()
    with time_machine.travel(LIFTED_AT + datetime.timedelta(minutes=1), tick=False):
        run_worker()
    sent = sorted(
        (to[0], message["Content-Language"], subject(message))
        for to, message in smtp.messages
    )
    assert sent == [
        (reader.email, "es", "Inundaciones en Perú"),
        ("reportera@diario.pe", "es", "Inundaciones en Perú"),
        ("reportera@diario.pe", "fr", "Inondations au Pérou"),
    ]
    public = next(
        message
        for to, message in smtp.messages
        if to == [journalist.email] and message["Content-Language"] == "fr"
    )
    html = parts(public)["text/html"]
    assert '<html lang="fr"' in html
    assert "America/Lima" not in html
    assert f"https://www.example.org{release.address_in('fr')}" in html
    assert "csantos@iom.int" in html
    assert "<strong>français</strong>" in html
    assert "Texte français.\n\nSuite." in parts(public)["text/plain"]
    unsubscribe = " ".join(public["List-Unsubscribe"].split())
    with override("fr"):
        unsubscribe_path = reverse("press:unsubscribe", args=["x"])[: -len("x/")]
        manage_path = reverse("press:manage", args=["x"])[: -len("x/")]
    assert unsubscribe.startswith(f"<https://www.example.org{unsubscribe_path}")
    assert public["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"https://www.example.org{manage_path}" in html
    kinds = sorted(
        Dispatch.objects.filter(release=release).values_list("kind", "language")
    )
    assert kinds == [
        (DispatchKind.ADVANCE, "es"),
        (DispatchKind.ADVANCE, "fr"),
        (DispatchKind.PUBLIC, "es"),
        (DispatchKind.PUBLIC, "fr"),
    ]


def test_several_matching_follows_give_one_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    peru = CountryOfficeFactory(country="PE")
    topic = TopicFactory()
    SubscriberFactory(
        follows_everything=True, offices=[peru], regions=[peru.region], topics=[topic]
    )
    with django_capture_on_commit_callbacks(execute=True):
        release = PressReleaseFactory(published=True)
        release.country_offices.add(peru)
        release.topics.add(topic)
    run_worker()
    # A second run, and a second save, find it sent already.
    with django_capture_on_commit_callbacks(execute=True):
        release.save()
    run_worker()
    assert len(mailoutbox) == 1
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_a_scheduled_release_is_sent_by_the_worker_at_its_time(
    mailoutbox, django_capture_on_commit_callbacks
):
    SubscriberFactory(follows_everything=True)
    with time_machine.travel(BEFORE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            PressReleaseFactory(
                status=Status.PUBLISHED, published_at=LIFTED_AT, title_en="Later"
            )
        run_worker()
    with time_machine.travel(LIFTED_AT - datetime.timedelta(seconds=1), tick=False):
        run_worker()
    assert mailoutbox == []
    with time_machine.travel(LIFTED_AT + datetime.timedelta(seconds=1), tick=False):
        run_worker()
    assert [message.subject for message in mailoutbox] == ["Later"]


def test_a_release_unpublished_or_rescheduled_before_its_time_is_not_sent_then(
    publisher, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriberFactory(follows_everything=True)
    later = LIFTED_AT + datetime.timedelta(days=2)
    with time_machine.travel(BEFORE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            withdrawn = PressReleaseFactory(
                status=Status.PUBLISHED, published_at=LIFTED_AT, title_en="Withdrawn"
            )
            moved = PressReleaseFactory(
                status=Status.PUBLISHED, published_at=LIFTED_AT, title_en="Moved"
            )
        with django_capture_on_commit_callbacks(execute=True):
            services.unpublish_press_release(release=withdrawn, user=publisher)
            moved.published_at = later
            moved.save()
    with time_machine.travel(LIFTED_AT + datetime.timedelta(hours=1), tick=False):
        run_worker()
    assert mailoutbox == []
    assert not Dispatch.objects.exists()
    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        run_worker()
    assert [message.subject for message in mailoutbox] == ["Moved"]


def test_a_translation_added_to_a_live_release_is_sent_in_that_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    SubscriberFactory(follows_everything=True, languages=" en fr ")
    with django_capture_on_commit_callbacks(execute=True):
        release = PressReleaseFactory(published=True, title_en="Floods")
    run_worker()
    with django_capture_on_commit_callbacks(execute=True):
        release.title_fr = "Inondations"
        release.summary_fr = "Résumé."
        release.body_fr = "<p>Texte.</p>"
        release.save()
    run_worker()
    assert [message.subject for message in mailoutbox] == ["Floods", "Inondations"]


def test_an_old_release_edited_is_not_mailed_out(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    SubscriberFactory(follows_everything=True)
    old = timezone.now() - datetime.timedelta(days=settings.PRESS_SEND_MAX_AGE_DAYS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(status=Status.PUBLISHED, published_at=old)
    run_worker()
    assert mailoutbox == []


def test_200_subscribers_are_sent_in_4_batches_and_the_report_counts_them(
    smtp, settings, publisher, django_capture_on_commit_callbacks
):
    settings.PRESS_BATCH_SIZE = 50
    for _number in range(200):
        SubscriberFactory(follows_everything=True)
    from press import delivery

    connections = mock.Mock(wraps=delivery.get_connection)
    with mock.patch("press.delivery.get_connection", connections):
        with django_capture_on_commit_callbacks(execute=True):
            release = PressReleaseFactory(published=True, title_en="Big")
        run_worker()
    assert connections.call_count == 4
    assert len(smtp.messages) == 200
    assert len({tuple(to) for to, _message in smtp.messages}) == 200
    dispatch = Dispatch.objects.get(release=release)
    assert (dispatch.recipients, dispatch.batches, dispatch.state) == (200, 4, "done")
    assert DBTaskResult.objects.filter(task_path="press.tasks.send_batch").count() == 4

    client = signed_in(publisher)
    report = client.get(
        reverse("admin:press_dispatch_changelist"),
        {"release__id__exact": release.pk},
    )
    assert report.status_code == 200
    row = report.context["cl"].result_list[0]
    assert (row.n_sent, row.n_failed, row.n_bounced, row.n_waiting) == (200, 0, 0, 0)
    sent_link = (
        reverse("admin:press_delivery_changelist")
        + f"?dispatch__id__exact={dispatch.pk}&amp;status__exact=sent"
    )
    assert f'<a href="{sent_link}">200</a>' in report.text


def test_a_failed_smtp_send_is_tried_again_later_and_never_twice(
    smtp, settings, django_capture_on_commit_callbacks
):
    SubscriberFactory(follows_everything=True)
    smtp.controller.stop()
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(published=True, title_en="Retry me")
    run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 1)
    assert delivery.error
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after >= timezone.now() + datetime.timedelta(
        seconds=settings.PRESS_RETRY_SECONDS - 5
    )
    smtp.controller = Controller(smtp, hostname="127.0.0.1", port=smtp.port)
    smtp.controller.start()
    run_worker()
    assert smtp.messages == []  # not before its time
    with time_machine.travel(retry.run_after + datetime.timedelta(seconds=1)):
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(smtp.messages) == 1


def test_a_send_failing_every_time_ends_failed_in_the_report(
    smtp, settings, django_capture_on_commit_callbacks
):
    settings.PRESS_MAX_ATTEMPTS = 2
    settings.PRESS_RETRY_SECONDS = 1
    SubscriberFactory(follows_everything=True)
    smtp.controller.stop()
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(published=True)
    run_worker()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert Dispatch.objects.get().state == "done"


def test_someone_unsubscribed_before_their_turn_is_not_sent_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    leaving = SubscriberFactory(follows_everything=True)
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(published=True)
    # The dispatch is made; they leave before their batch runs.
    with mock.patch("press.delivery._enqueue_batches") as held:
        run_worker()
    [(dispatch_id, ids)] = [call.args for call in held.call_args_list]
    leaving.status = "unsubscribed"
    leaving.save()
    send_batch.enqueue(dispatch_id, ids)
    run_worker()
    assert mailoutbox == []
    assert Delivery.objects.get().status == DeliveryStatus.UNSUBSCRIBED


def test_only_publishers_send_in_advance(editor_client):
    release = PressReleaseFactory(status=Status.PUBLISHED, published_at=LIFTED_AT)
    url = reverse("admin:press_dispatch_advance", args=[release.pk])
    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {"languages": ["en"]}).status_code == 403
    assert not Dispatch.objects.exists()


def test_a_release_already_public_is_not_sent_in_advance(publisher_client):
    release = PressReleaseFactory(published=True)
    url = reverse("admin:press_dispatch_advance", args=[release.pk])
    page = publisher_client.get(url).text
    assert "Only a release scheduled for a time to come" in page
    publisher_client.post(url, {"languages": ["en"]})
    assert not Dispatch.objects.exists()


def test_the_release_form_links_to_the_advance_send_and_the_report(publisher_client):
    release = PressReleaseFactory(status=Status.PUBLISHED, published_at=LIFTED_AT)
    page = publisher_client.get(
        reverse("admin:news_pressrelease_change", args=[release.pk])
    ).text
    assert reverse("admin:press_dispatch_advance", args=[release.pk]) in page
    assert "Delivery report" in page


def test_addresses_in_the_report_need_the_subscriber_view_permission(
    publisher, django_user_model, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    subscriber = SubscriberFactory(follows_everything=True, email="secret@example.net")
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(published=True)
    run_worker()
    url = reverse("admin:press_delivery_changelist")
    # Someone who may read delivery reports, but not the subscribers.
    reader = django_user_model.objects.create_user(
        "reports", "reports@example.org", "x", is_staff=True
    )
    reader.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="press",
            codename__in=["view_dispatch", "view_delivery"],
        )
    )
    page = signed_in(reader).get(url).text
    assert "secret@example.net" not in page
    assert f"subscriber #{subscriber.pk}" in page
    # Publishers verify journalists: they see who they are.
    assert "secret@example.net" in signed_in(publisher).get(url).text


@pytest.mark.parametrize("page", ["dispatch", "delivery"])
def test_the_report_costs_the_same_queries_for_1_or_5_releases(publisher, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(publisher)
    url = reverse(f"admin:press_{page}_changelist")

    def queries_with(count: int) -> int:
        Dispatch.objects.all().delete()
        for _number in range(count):
            dispatch = Dispatch.objects.create(
                release=PressReleaseFactory(published=True), language="en"
            )
            Delivery.objects.create(
                dispatch=dispatch,
                subscriber=SubscriberFactory(),
                status=DeliveryStatus.SENT,
            )
        client.get(url)  # the session and permissions, once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(5)
