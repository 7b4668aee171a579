"""Views opt in to the page cache where they are defined, naming what they read."""

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import path, resolve, reverse
from django.utils.translation import override
from django.views import View

from pagecache.decorators import (
    QUERY_PARAMETERS,
    PublicPageCacheMixin,
    cache_public_page,
    cached_query,
)

ROOT = Path(__file__).resolve().parents[2]
made = itertools.count()


def answer(request, name: str) -> HttpResponse:
    """A page that says which query it saw and how many pages were made."""
    return HttpResponse(f"{name} {request.GET.urlencode()} #{next(made)}")


@cache_public_page(query=("size",))
def sized(request):
    return answer(request, "sized")


@cache_public_page
def bare(request):
    return answer(request, "bare")


def plain(request):
    return answer(request, "plain")


class ShadeView(PublicPageCacheMixin, View):
    page_cache_query = ("shade",)

    def get(self, request):
        return answer(request, "shade")


class PrivateShadeView(ShadeView):
    page_cache_query = None


class PlainView(View):
    def get(self, request):
        return answer(request, "plain view")


urlpatterns = [
    path("en/sized/", sized),
    path("en/bare/", bare),
    path("en/plain/", plain),
    path("en/shade/", ShadeView.as_view()),
    path("en/private-shade/", PrivateShadeView.as_view()),
    path("en/wrapped/", cache_public_page(PlainView.as_view(), query=("size",))),
    path("en/plain-view/", PlainView.as_view()),
]


def stored_pages() -> list[str]:
    return [key for key in caches["pages"]._cache if ":page:" in key]


@pytest.mark.urls(__name__)
@pytest.mark.usefixtures("page_cache_on")
class TestOptIn:
    pytestmark = pytest.mark.django_db

    @pytest.mark.parametrize("address", ["/en/sized/", "/en/wrapped/"])
    def test_a_decorated_view_is_stored_under_the_parameters_it_reads(
        self, client, address
    ):
        two = client.get(address + "?size=2").content
        assert b" size=2 " in two
        assert client.get(address + "?size=02&colour=9").content == two
        three = client.get(address + "?size=3").content
        assert three != two
        assert b" size=3 " in three
        assert len(stored_pages()) == 2

    def test_a_class_based_view_with_the_mixin_is_stored(self, client):
        first = client.get("/en/shade/?shade=4").content
        assert client.get("/en/shade/?shade=4").content == first
        assert client.get("/en/shade/?shade=5").content != first
        assert len(stored_pages()) == 2

    def test_a_bare_decorator_reads_no_parameter(self, client):
        first = client.get("/en/bare/").content
        assert client.get("/en/bare/").content == first
        # A parameter the view does not read: served fresh, never stored.
        assert client.get("/en/bare/?size=2").content != first
        assert len(stored_pages()) == 1

    @pytest.mark.parametrize(
        "address", ["/en/plain/", "/en/plain-view/", "/en/private-shade/"]
    )
    def test_a_view_that_did_not_opt_in_is_never_stored(self, client, address):
        first = client.get(address).content
        assert client.get(address).content != first
        assert stored_pages() == []


def test_every_opt_in_adds_its_parameters_to_the_keys():
    assert {"size", "shade"} <= QUERY_PARAMETERS
    assert cached_query(sized) == ("size",)
    assert cached_query(ShadeView.as_view()) == ("shade",)
    assert cached_query(PrivateShadeView.as_view()) is None
    assert cached_query(plain) is None


SITE_VIEWS = {
    "home": ({}, ()),
    "news:release-list": (
        {},
        ("page", "office", "region", "topic", "year", "kind"),
    ),
    "news:kind-list": (
        {"kind": "statements"},
        ("page", "office", "region", "topic", "year"),
    ),
    "news:correction-list": ({}, ("page",)),
    "news:language-ledger": ({}, ()),
    "news:search": ({}, ("page", "q")),
    "news:release-detail": ({"pk": 1, "slug": "a"}, ()),
    "news:feed-rss": ({}, ()),
    "news:feed-atom": ({}, ()),
    "news:office-feed-rss": ({"pk": 1}, ()),
    "news:office-feed-atom": ({"pk": 1}, ()),
    "news:contact-vcard": ({"pk": 1}, ()),
    "organization:structure": ({}, ()),
    "organization:unit-detail": ({"pk": 1, "slug": "a"}, ()),
    "organization:person-detail": ({"pk": 1, "slug": "a"}, ()),
    "organization:office-list": ({}, ()),
    "organization:office-detail": ({"pk": 1, "slug": "a"}, ()),
    "pages:page-detail": ({"pk": 1, "slug": "a"}, ()),
    "sitemap": ({}, ()),
    "django.contrib.sitemaps.views.sitemap": ({"section": "news"}, ("p",)),
    "robots-txt": ({}, ()),
}


@pytest.mark.parametrize("name", SITE_VIEWS)
def test_the_site_s_public_pages_opt_in_with_what_they_read(name):
    kwargs, query = SITE_VIEWS[name]
    with override("en"):
        address = reverse(name, kwargs=kwargs or None)
        assert cached_query(resolve(address).func) == query


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("news:release-embargo", {"token": "x"}),
        ("healthz", {}),
        ("set_language", {}),
        ("admin:index", {}),
    ],
)
def test_private_pages_do_not_opt_in(name, kwargs):
    with override("en"):
        assert cached_query(resolve(reverse(name, kwargs=kwargs or None)).func) is None


def test_the_parameters_are_all_known_once_the_wsgi_application_exists():
    """Its fast path normalises queries before any view is resolved."""
    code = (
        "import iomsite.wsgi\n"
        "from pagecache.decorators import QUERY_PARAMETERS\n"
        "print(' '.join(sorted(QUERY_PARAMETERS)))\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # ``p`` is read only by the sitemap sections, opted in by the URLconf.
    assert result.stdout.split() == [
        "kind",
        "office",
        "p",
        "page",
        "q",
        "region",
        "topic",
        "year",
    ]
