"""The public page "Our content in each language" in Chromium, checked by axe."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from playwright.sync_api import expect

from news.models import LanguageLedger
from tests.news.factories import PressReleaseFactory
from tests.organization.factories import CountryOfficeFactory


def items_in_two_languages() -> None:
    """Releases of the last months: some translated into French, one not."""
    office = CountryOfficeFactory(country="PE")
    now = timezone.now()
    for days, french in ((70, True), (40, True), (10, False)):
        release = PressReleaseFactory(
            published=True, published_at=now - timedelta(days=days)
        )
        release.country_offices.set([office])
        if french:
            release.title_fr = f"Communiqué {days}"
            release.summary_fr = "Un résumé."
            release.body_fr = "<p>Un texte.</p>"
            release.save()


@pytest.mark.parametrize("code", ["en", "fr"])
def test_public_ledger_page_has_no_wcag_violations(
    page, live_server, axe_violations, console_errors, code
):
    items_in_two_languages()
    LanguageLedger.objects.update_or_create(pk=1, defaults={"public": True})

    page.set_viewport_size({"width": 360, "height": 800})
    with override(code):
        address = reverse("news:language-ledger")
    page.goto(f"{live_server.url}{address}")

    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("img")).to_have_count(2)
    expect(page.locator("table.ledger-table")).to_have_count(2)
    assert axe_violations(page) == []
    # The wide charts and tables scroll within their regions, not the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert console_errors == []
