"""A release page is light: 60 KB before photos, readable without JavaScript.

The live server sends static files uncompressed; production (WhiteNoise,
``CompressedManifestStaticFilesStorage``) sends them gzip- or
brotli-compressed. Each non-image body is therefore gzip-compressed here,
level 9 as WhiteNoise does, and the sizes summed: brotli only does better.
"""

import gzip
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.readers import LANGUAGES, RELEASE, build_reader_site, serve_media

BUDGET = 60 * 1024
COUNTED = {"document", "stylesheet", "script", "font", "fetch", "xhr"}


@pytest.fixture
def site(live_server):
    return build_reader_site(live_server.url)


def transferred(page, url: str) -> dict[str, int]:
    """Compressed bytes of each non-image response while ``url`` loads."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("load")
    sizes = {}
    for response in responses:
        if response.request.resource_type in COUNTED and response.status < 300:
            sizes[response.url] = len(gzip.compress(response.body(), 9))
    return sizes


@pytest.mark.parametrize("code", LANGUAGES)
def test_release_page_weighs_at_most_60_kb_before_photos(page, site, code):
    serve_media(page)
    page.set_viewport_size({"width": 360, "height": 800})
    sizes = transferred(page, site.url + site.path(code, "release"))
    total = sum(sizes.values())
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"page-weight-release-{code}.txt").write_text(
        "".join(f"{size:>7} {url}\n" for url, size in sizes.items())
        + f"{total:>7} bytes in all (gzip -9), budget {BUDGET}\n"
    )
    kinds = {url.rsplit("/", 1)[-1] or url for url in sizes}
    assert any(name.endswith(".css") for name in kinds), sizes
    assert total <= BUDGET, f"{total / 1024:.1f} KB: {sizes}"


def test_release_images_come_in_sizes_and_only_the_lead_loads_at_once(page, site):
    serve_media(page)
    page.goto(site.url + site.path("en", "release"))
    lead = page.locator(".lead-image img")
    expect(lead).to_have_attribute("fetchpriority", "high")
    assert lead.get_attribute("loading") in (None, "eager")
    assert "480w" in lead.get_attribute("srcset")
    webp = page.locator(".lead-image source[type='image/webp']")
    assert ".webp 480w" in webp.get_attribute("srcset")
    # A phone picks a small rendition, not the 1600 px original.
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    current = page.evaluate("document.querySelector('.lead-image img').currentSrc")
    # The 480 px cut, in the first format the browser reads (AVIF or WebP).
    assert re.search(r"/16x9-480-[0-9a-f]+\.(avif|webp)$", current), current
    # The gallery, in its order, and the downloads come with the page.
    gallery = page.locator(".release-gallery li figure")
    expect(gallery).to_have_count(3)
    expect(gallery.locator("figcaption")).to_contain_text(
        [
            "Participants on the first day. Photo: IOM/Carolina Santos",
            "The data workshop.",
            "Closing session.",
        ]
    )
    assert "480w" in gallery.first.locator("img").get_attribute("srcset")
    expect(page.locator(".release-downloads li > a")).to_have_text(
        ["Meeting report (en)", "Figures (en)"]
    )
    others = page.locator("main img:not(.lead-image img)")
    assert others.count() >= 4
    for index in range(others.count()):
        image = others.nth(index)
        expect(image).to_have_attribute("loading", "lazy")
        assert image.get_attribute("width") and image.get_attribute("height")


def test_release_is_readable_and_navigable_without_javascript(browser, site):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 800}
    )
    page = context.new_page()
    try:
        page.goto(site.url + site.path("fr", "release"))
        expect(page.get_by_role("heading", level=1)).to_have_text(
            RELEASE["fr"]["title"]
        )
        expect(page.locator(".rich-text")).to_contain_text("l’OIM au Pérou")
        expect(page.locator(".media-contacts")).to_contain_text("Carolina Santos")
        # The menu is a <details>: it opens without a script.
        menu = page.get_by_role("navigation", name="Menu principal")
        link = menu.get_by_role("link", name="Où travaillons-nous")
        expect(link).to_be_hidden()
        menu.locator(".menu-toggle > summary").click()
        expect(link).to_be_visible()
        link.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Où travaillons-nous")
        # And so is the language switcher: plain links.
        page.get_by_role("link", name="Español").click()
        expect(page.locator("html")).to_have_attribute("lang", "es")
    finally:
        context.close()
