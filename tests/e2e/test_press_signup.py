"""A journalist signs up, confirms from the email, changes their choices
and unsubscribes, in Chromium; the sign-up and preferences pages pass
axe-core's WCAG 2.1 A/AA rules, errors included."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from press.models import Subscriber, SubscriberStatus
from tests.news.factories import TopicFactory
from tests.organization.factories import CountryOfficeFactory, RegionFactory


@pytest.fixture(autouse=True)
def _emails_at_once(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


def test_a_journalist_signs_up_confirms_manages_and_unsubscribes(
    page, live_server, settings, axe_violations, console_errors, screenshot
):
    settings.SITE_URL = live_server.url
    region = RegionFactory(name_en="Americas", name_fr="Amériques")
    CountryOfficeFactory(country="PE", region=region)
    TopicFactory(name_en="Climate", name_fr="Climat")

    page.goto(f"{live_server.url}/en/press/subscribe/")
    assert axe_violations(page) == []
    # The honeypot is out of sight and out of the tab order.
    expect(page.locator("#id_website")).to_be_hidden()

    page.get_by_label("Email address").fill("ana@newsroom.example.org")
    page.get_by_label("Your name").fill("Ana López")
    page.get_by_label("Media outlet").fill("El Comercio")
    page.get_by_label("Peru").check()
    page.get_by_role("button", name="Subscribe").click()
    # Consent missing: said next to the box, nothing typed is lost.
    expect(page.get_by_text("Tick this box to agree")).to_be_visible()
    expect(page.get_by_label("Your name")).to_have_value("Ana López")
    expect(page.get_by_label("Peru")).to_be_checked()
    screenshot("press-signup-error")
    assert axe_violations(page) == []
    assert mail.outbox == []

    page.get_by_label("I agree that the press office keeps").check()
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    [message] = mail.outbox
    [link] = re.findall(r"http://\S+/confirm/\S+", message.body)
    page.goto(link)
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_text("Your subscription is confirmed")).to_be_visible()
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED
    expect(page.get_by_text("ana@newsroom.example.org")).to_be_visible()
    screenshot("press-preferences")
    assert axe_violations(page) == []

    page.get_by_label("Climate").check()
    page.get_by_label("Français").check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    subscriber = Subscriber.objects.get()
    assert subscriber.language_codes == ["en", "fr"]
    assert [str(topic) for topic in subscriber.topics.all()] == ["Climate"]

    page.get_by_role("link", name="Unsubscribe").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_text("You are unsubscribed: nothing is sent")).to_be_visible()
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED
    assert console_errors == []
