"""A printed release: the text, the photo and the contacts, no navigation."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.readers import build_reader_site, serve_media


@pytest.fixture
def site(live_server):
    return build_reader_site(live_server.url)


def after(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el, '::after').content")


def test_printed_release_keeps_text_photo_and_contacts_without_navigation(page, site):
    serve_media(page)
    page.goto(site.url + site.path("fr", "release"))
    page.emulate_media(media="print")
    for hidden in (
        page.get_by_role("navigation", name="Menu principal"),
        page.locator(".languages"),
        page.locator(".site-footer"),
        page.locator(".skip-link"),
        page.locator(".other-languages"),
        page.locator(".related-releases"),
        page.locator(".vcard-link"),
    ):
        expect(hidden).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".notice, .rich-text").first).to_be_visible()
    contacts = page.locator(".media-contacts")
    expect(contacts).to_be_visible()
    expect(contacts).to_contain_text("Carolina Santos")
    expect(contacts).to_contain_text("+51 1 2217209")
    assert contacts.evaluate("el => getComputedStyle(el).breakInside") == "avoid"
    # The address of each link of the text follows it on paper.
    link = page.locator(".rich-text a[href^='http']").first
    assert after(link) == '" (https://www.iom.int/fr)"'
    expect(page.locator(".print-url")).to_be_visible()
    expect(page.locator(".print-url")).to_contain_text(site.url)
    # The photo fits a third of an A4 page at most.
    image = page.locator(".lead-image img")
    expect(image).to_be_visible()
    assert image.evaluate("el => el.getBoundingClientRect().height") <= 9 * 38

    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "print-release-fr.pdf"), format="A4")
    page.screenshot(path=str(ARTIFACTS / "print-release-fr.png"), full_page=True)

    page.emulate_media(media="screen")
    expect(page.get_by_role("navigation", name="Menu principal")).to_be_visible()
    expect(page.locator(".print-url")).to_be_hidden()


def test_printed_news_list_has_no_filters_or_feed_links(page, site):
    page.goto(site.url + site.path("en", "news list filtered"))
    page.emulate_media(media="print")
    expect(page.locator(".release-filters")).to_be_hidden()
    expect(page.locator(".feed-links")).to_be_hidden()
    expect(page.locator(".news-search")).to_be_hidden()
    expect(page.locator(".release-list")).to_be_visible()
