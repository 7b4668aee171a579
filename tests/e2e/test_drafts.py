"""An editor's change to a live release, reviewed, in a real browser, on two
app servers sharing PostgreSQL and Redis (as tests/test_two_servers.py).

The browser works on server A; readers are asked for on server B.
"""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils.translation import override
from playwright.sync_api import expect

from editorial.roles import EDITOR, PUBLISHER
from tests.conftest import member
from tests.e2e.conftest import sign_in as shared_sign_in
from tests.news.factories import PressReleaseFactory
from tests.test_two_servers import read, two_servers  # noqa: F401

pytestmark = pytest.mark.postgres

PASSWORD = "pw-for-tests"
OLD = "Floods in Peru"
NEW = "Floods in Peru: 10,000 displaced"
FIXED = "Floods in Peru: 10,000 displaced, IOM says"


def sign_in(browser, server: int, username: str):
    context = browser.new_context()
    page = context.new_page()
    shared_sign_in(page, username, PASSWORD, base_url=f"http://127.0.0.1:{server}")
    return page


def title_on(page, title: str) -> None:
    page.fill("#id_title_en", title)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()


def test_a_reviewed_change_reaches_readers_only_once_approved_on_every_server(
    browser,
    two_servers,  # noqa: F811 - the fixture imported above
    django_user_model,
):
    server_a, server_b = two_servers
    for username, role in (("ed", EDITOR), ("pub", PUBLISHER)):
        user = member(django_user_model, username, role)
        # The servers check passwords with the site's hashers, not the
        # suite's fast one.
        user.password = PBKDF2PasswordHasher().encode(PASSWORD, "salt", 1000)
        user.save()
    release = PressReleaseFactory(published=True, title_en=OLD)
    with override("en"):
        public = release.get_absolute_url()
    change = f"http://127.0.0.1:{server_a}/admin/news/pressrelease/{release.pk}/change/"
    before = read(server_b, public)
    assert OLD in before

    # The editor changes the live release: readers see the same page.
    editor = sign_in(browser, server_a, "ed")
    editor.goto(change)
    expect(editor.locator(".editorial-live-note")).to_contain_text("Live")
    title_on(editor, NEW)
    assert read(server_b, public) == before
    assert read(server_a, public) == before

    # The publisher finds it waiting, compares, sends it back with a comment.
    publisher = sign_in(browser, server_a, "pub")
    waiting = publisher.locator('section[aria-labelledby="inbox-drafts-review"]')
    expect(waiting).to_contain_text(NEW)
    waiting.get_by_role("link", name=NEW).click()
    expect(publisher.locator("#editorial-draft-title")).to_contain_text(
        "waiting for review"
    )
    publisher.get_by_role("link", name="Compare the live version and the draft").click()
    expect(publisher.locator("body")).to_contain_text(OLD)
    expect(publisher.locator("body")).to_contain_text(NEW)
    publisher.go_back()
    publisher.fill("#editorial-review textarea", "Say where the figure comes from.")
    publisher.get_by_role("button", name="Send back to the author").click()
    expect(publisher.locator(".messagelist")).to_be_visible()

    # The editor reads the comment in their inbox, fixes, resubmits.
    editor.goto(f"http://127.0.0.1:{server_a}/admin/")
    returned = editor.locator('section[aria-labelledby="inbox-drafts-sent-back"]')
    expect(returned).to_contain_text("Say where the figure comes from.")
    returned.get_by_role("link", name=NEW).click()
    title_on(editor, FIXED)
    assert OLD in read(server_b, public)

    # Approved: the public page changes at once, on both servers.
    publisher.goto(f"http://127.0.0.1:{server_a}/admin/")
    publisher.locator('section[aria-labelledby="inbox-drafts-review"]').get_by_role(
        "link", name=FIXED
    ).click()
    publisher.get_by_role("button", name="Approve and publish").click()
    expect(publisher.locator(".messagelist")).to_be_visible()
    assert FIXED in read(server_b, public)
    assert FIXED in read(server_a, public)
