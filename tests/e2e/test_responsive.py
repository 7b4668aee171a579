"""No horizontal scrolling from 320 to 1440 px; screenshots for review.

The screenshots (home, list and release at 360, 768 and 1280 px) land in
artifacts/, which CI keeps.
"""

import pytest
from django.utils.translation import override

from news.demo import SEED_SLUG
from news.models import PressRelease
from tests.e2e.readers import LANGUAGES, build_reader_site, serve_media

WIDTHS = [320, 360, 414, 768, 1024, 1280, 1440]
PAGE_TYPES = [
    "home",
    "news list filtered",
    "release",
    "search",
    "structure",
    "where we work",
    "office",
]


@pytest.fixture
def site(live_server):
    site = build_reader_site(live_server.url)
    with override("fr"):
        # The seed's long French title and paragraphs.
        seed = PressRelease.objects.get(slug_fr=SEED_SLUG).get_absolute_url()
    site.paths["fr"]["seed release"] = seed
    return site


def overflow(page) -> list[str]:
    """The page's extra width and the elements sticking out past the right."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          return [`scrollWidth ${document.documentElement.scrollWidth} > ${width}`]
            .concat([...document.querySelectorAll("body *")]
              .filter(el => el.getBoundingClientRect().right > width + 1)
              .slice(0, 5)
              .map(el => el.tagName.toLowerCase() + "." + el.className));
        }"""
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_horizontal_scrolling_from_320_to_1440_pixels(page, site, code):
    serve_media(page)
    names = PAGE_TYPES + (["seed release"] if code == "fr" else [])
    found = {}
    for name in names:
        page.goto(site.url + site.path(code, name))
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            problems = overflow(page)
            if problems:
                found[f"{name} at {width}px"] = problems
    assert found == {}


def test_screenshots_of_home_list_and_release(page, site, screenshot):
    serve_media(page)
    for name, key in [
        ("home", "home"),
        ("list", "news list filtered"),
        ("release", "release"),
    ]:
        page.goto(site.url + site.path("en", key))
        for width in (360, 768, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            # Lazy images below the fold: load them for the picture.
            page.evaluate(
                "document.querySelectorAll('img[loading=lazy]')"
                ".forEach(img => img.loading = 'eager')"
            )
            page.wait_for_load_state("networkidle")
            path = screenshot(f"responsive-{name}-{width}")
            assert path.stat().st_size > 0
