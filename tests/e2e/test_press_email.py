"""The release email as a mail program shows it: WCAG 2.1 AA by axe-core."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model

from editorial.roles import PUBLISHER
from news.models import Status
from press.delivery import send_in_advance
from press.tasks import distribute
from tests.conftest import member
from tests.news.factories import (
    DatelinePlaceFactory,
    MediaContactFactory,
    PressReleaseFactory,
    ReleaseContactFactory,
)
from tests.notifications.conftest import run_worker
from tests.organization.factories import CountryOfficeFactory
from tests.press.factories import SubscriberFactory

LIFTED_AT = datetime.datetime(2030, 3, 12, 14, 0, tzinfo=datetime.UTC)


def html_part(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_public_and_the_embargoed_email_have_no_wcag_violations(
    page, axe_violations, mailoutbox, language
):
    peru = CountryOfficeFactory(country="PE")
    with time_machine.travel(LIFTED_AT - datetime.timedelta(days=1), tick=False):
        release = PressReleaseFactory(
            status=Status.PUBLISHED,
            published_at=LIFTED_AT,
            **{
                f"title_{language}": "Inondations / Inundaciones",
                f"summary_{language}": "Résumé / Resumen.",
                f"body_{language}": "<p>Texte.</p><h2>Intertitre</h2><p>Suite.</p>",
            },
        )
        release.country_offices.add(peru)
        DatelinePlaceFactory(release=release, office=peru)
        ReleaseContactFactory(
            release=release, contact=MediaContactFactory(name="Carolina Santos")
        )
        SubscriberFactory(languages=f" {language} ", offices=[peru], verified=True)
        publisher = member(get_user_model(), "pub", PUBLISHER)
        send_in_advance(release=release, languages=[language], user=publisher)
        run_worker()
    with time_machine.travel(LIFTED_AT + datetime.timedelta(minutes=1), tick=False):
        distribute.enqueue(release.pk)
        run_worker()
    embargoed, public = mailoutbox
    assert "America/Lima" in embargoed.subject
    assert "America/Lima" not in public.subject
    for message in (embargoed, public):
        page.set_content(html_part(message))
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").inner_text() == "Inondations / Inundaciones"
        assert axe_violations(page) == []
