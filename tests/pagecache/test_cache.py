"""The whole-page cache: hits skip the work, pages are never stale."""

import datetime
import logging
import time

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from news.models import EmbargoLink, Status
from news.sitemaps import PressReleaseSitemap
from pagecache import cache as page_cache
from tests.news.factories import (
    EmbargoLinkFactory,
    PressReleaseFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def url(name="news:release-list", language="en", **kwargs):
    with override(language):
        return reverse(name, kwargs=kwargs or None)


def commit(function, *args, **kwargs):
    """Run ``function`` and the after-commit callbacks it schedules."""
    with transaction.atomic():
        result = function(*args, **kwargs)
    return result


def warm(client, address):
    first = client.get(address)
    assert first.status_code == 200
    return first


def test_hit_makes_no_query_renders_no_template_and_skips_the_session(
    client, django_assert_num_queries
):
    PressReleaseFactory(published=True, title_en="Out now")
    first = warm(client, url())
    with django_assert_num_queries(0):
        second = client.get(url())
    assert second.status_code == 200
    assert second.content == first.content
    assert not second.templates
    assert not hasattr(second.wsgi_request, "session")
    # The outer middleware still dress a hit.
    assert "Content-Security-Policy" in second
    assert second["Content-Language"] == "en"


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "news:release-list",
        "organization:structure",
        "sitemap",
        "django.contrib.sitemaps.views.sitemap",
    ],
)
def test_public_pages_are_served_from_the_cache(
    client, django_assert_num_queries, name
):
    if name == "sitemap":
        address = reverse(name)
    elif name.startswith("django."):
        PressReleaseFactory(published=True)
        address = reverse(name, kwargs={"section": "news"})
    else:
        address = url(name)
    warm(client, address)
    with django_assert_num_queries(0):
        assert client.get(address).status_code == 200


def test_languages_are_cached_apart(client):
    PressReleaseFactory(published=True, french=True)
    english = warm(client, url(language="en"))
    french = warm(client, url(language="fr"))
    assert client.get(url(language="fr")).content == french.content
    assert english.content != french.content


def test_publishing_shows_at_once(client, django_capture_on_commit_callbacks):
    release = PressReleaseFactory(title_en="Fresh news", published_at=timezone.now())
    assert b"Fresh news" not in warm(client, url()).content
    with django_capture_on_commit_callbacks(execute=True):
        release.status = Status.PUBLISHED
        release.save()
    assert b"Fresh news" in client.get(url()).content


def test_unpublishing_and_deleting_show_at_once(
    client, django_capture_on_commit_callbacks
):
    kept = PressReleaseFactory(published=True, title_en="Kept")
    gone = PressReleaseFactory(published=True, title_en="Withdrawn")
    assert b"Withdrawn" in warm(client, url()).content
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
    content = client.get(url()).content
    assert b"Withdrawn" not in content
    with django_capture_on_commit_callbacks(execute=True):
        kept.status = Status.DRAFT
        kept.save()
    assert b"Kept" not in client.get(url()).content


def test_many_to_many_changes_bump_the_generation(django_capture_on_commit_callbacks):
    release = PressReleaseFactory(published=True)
    topic = TopicFactory()
    before = page_cache.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        release.topics.add(topic)
    assert page_cache.current_generation() > before


def test_rolled_back_changes_do_not_bump_the_generation(
    django_capture_on_commit_callbacks,
):
    before = page_cache.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                PressReleaseFactory(published=True)
                raise RuntimeError
    assert page_cache.current_generation() == before


def test_scheduled_release_appears_at_its_time(client, django_assert_num_queries):
    at = timezone.now() + datetime.timedelta(seconds=4)
    PressReleaseFactory(
        status=Status.PUBLISHED, title_en="Scheduled news", published_at=at
    )
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert b"Scheduled news" not in warm(client, url()).content
        with django_assert_num_queries(0):
            client.get(url())
        traveller.move_to(at + datetime.timedelta(milliseconds=100))
        assert b"Scheduled news" in client.get(url()).content


def test_ttl_ends_at_the_next_scheduled_publication():
    PressReleaseFactory(
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(seconds=90),
    )
    generation = page_cache.current_generation()
    now = time.time()
    # Midnight comes first when the test runs in its last 90 seconds.
    expected = min(90, page_cache._next_midnight(now) - now)
    assert expected - 5 <= page_cache.page_ttl(generation, now) <= expected


def test_ttl_is_the_default_without_scheduled_releases(settings):
    settings.PAGE_CACHE_TIMEOUT = 300
    now = time.time()
    generation = page_cache.current_generation()
    midnight = page_cache._next_midnight(now) - now
    assert page_cache.page_ttl(generation, now) == int(min(300, midnight))


def test_next_publication_is_computed_once_per_generation(django_assert_num_queries):
    generation = page_cache.current_generation()
    now = time.time()
    page_cache.page_ttl(generation, now)
    with django_assert_num_queries(0):
        page_cache.page_ttl(generation, now + 1)


def test_signed_in_staff_are_never_served_nor_stored(
    client, admin_client, django_assert_num_queries
):
    PressReleaseFactory(published=True)
    address = url()
    admin_client.get(address)
    admin_client.get(address)
    assert len(caches["pages"]._cache) <= 2  # generation and next publication
    warm(client, address)
    response = admin_client.get(address)
    assert response.templates  # made, not read from the cache


def test_a_session_cookie_bypasses_the_cache(client):
    warm(client, url())
    client.cookies["sessionid"] = "anything"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url())
    assert len(queries) > 0
    assert response.templates


def test_unknown_parameters_and_parameter_order_share_one_entry(
    client, django_assert_num_queries
):
    topic = TopicFactory()
    release = PressReleaseFactory(published=True)
    year = timezone.localtime(release.published_at).year
    warm(client, url() + f"?topic={topic.pk}&year={year}")
    with django_assert_num_queries(0):
        response = client.get(url() + f"?utm_source=x&year={year}&topic=0{topic.pk}")
    assert b"utm_source" not in response.content
    warm(client, url() + "?page=1")
    with django_assert_num_queries(0):
        client.get(url() + "?page=abc&fbclid=123")


def test_views_see_the_normalised_query(client):
    response = warm(client, url() + "?utm_source=tracker&page=1")
    assert response.wsgi_request.GET.dict() == {}
    assert b"tracker" not in response.content


def test_sitemap_pages_are_cached_apart_and_bad_numbers_are_not_found(
    client, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(PressReleaseSitemap, "limit", 1)
    PressReleaseFactory(published=True, title_en="Older")
    PressReleaseFactory(published=True, title_en="Newer")
    section = reverse(
        "django.contrib.sitemaps.views.sitemap", kwargs={"section": "news"}
    )
    first = warm(client, section + "?p=1")
    second = warm(client, section + "?p=02&utm_source=x")
    assert first.content != second.content
    with django_assert_num_queries(0):
        assert client.get(section).content == first.content
        assert client.get(section + "?p=2").content == second.content
    for page in ("abc", "0", "99", "10001"):
        assert client.get(section + "?p=" + page).status_code == 404
    stored = [key for key in caches["pages"]._cache if ":page:" in key]
    assert len(stored) == 2


def test_sitemap_sections_are_cached_outside_the_language_prefixes(rf):
    assert page_cache._language(rf.get("/sitemap-news.xml")) == "en"
    assert page_cache._language(rf.get("/sitemap.xml")) == "en"
    assert page_cache._language(rf.get("/robots.txt")) == "en"
    assert page_cache._language(rf.get("/sitemap-news.xml/x")) is None
    assert page_cache._language(rf.get("/sitemap-.xml")) is None
    assert page_cache._language(rf.get("/healthz")) is None


def test_long_queries_are_not_stored(client):
    client.get(url("news:search") + "?q=" + "x" * 150)
    assert [key for key in caches["pages"]._cache if ":page:" in key] == []
    assert list(caches["deep-pages"]._cache) == []


def test_deep_pages_are_kept_apart_and_never_stale(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    for number in range(3):
        PressReleaseFactory(published=True, title_en=f"Release {number}")
    deep = url() + "?page=51"  # past the end: the last page, as the view says
    first = warm(client, deep)
    assert [key for key in caches["pages"]._cache if ":page:" in key] == []
    assert len(caches["deep-pages"]._cache) == 1
    with django_assert_num_queries(0):
        assert client.get(deep).content == first.content
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(published=True, title_en="Newest of all")
    assert b"Newest of all" in client.get(deep).content


def test_parameters_a_view_does_not_read_are_served_not_stored(client):
    release = PressReleaseFactory(published=True)
    with override("en"):
        address = release.get_absolute_url()
    assert client.get(address + "?page=2").status_code == 200
    assert [key for key in caches["pages"]._cache if ":page:" in key] == []


def test_flood_of_addresses_stays_bounded_and_keeps_the_home_page(
    client, settings, django_assert_num_queries
):
    # The flood can outlast the per-process generation on a slow machine:
    # what is under test here is eviction, not that expiry.
    settings.LOCAL_CACHE_TIMEOUT = 3600
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "flood-test",
            "OPTIONS": {"MAX_ENTRIES": 30},
        },
        "deep-pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "flood-test-deep",
            "OPTIONS": {"MAX_ENTRIES": 10},
        },
    }
    home = url("home")
    warm(client, home)
    for number in range(120):
        client.get(url("news:search") + f"?q=word{number}&junk{number}=1")
        client.get(url() + f"?page={number}&random={number}")
        if number % 10 == 0:
            client.get(home)
    # Deep pages only ever evict deep pages: the home page, read once
    # since, is still there without any help.
    for number in range(10_000, 10_200):
        client.get(url() + f"?page={number}")
    assert len(caches["pages"]._cache) <= 30
    assert len(caches["deep-pages"]._cache) <= 10
    with django_assert_num_queries(0):
        client.get(home)
    caches["deep-pages"].clear()


def test_conditional_get_answers_not_modified(client, django_assert_num_queries):
    first = warm(client, url())
    assert first["ETag"]
    assert first["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get(url(), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_cached_pages_say_how_long_shared_caches_may_keep_them(client, settings):
    settings.PAGE_MAX_AGE = 45
    warm(client, url())
    response = client.get(url())
    assert "public" in response["Cache-Control"]
    assert 0 < int(response["Cache-Control"].split("max-age=")[1][:2]) <= 45


def test_private_pages_are_never_stored(client):
    release = PressReleaseFactory(
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    link = EmbargoLinkFactory(release=release)
    assert isinstance(link, EmbargoLink)
    with override("en"):
        address = link.get_absolute_url()
    assert client.get(address).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert [key for key in caches["pages"]._cache if ":page:" in key] == []


def test_responses_with_cookies_or_vary_cookie_are_not_storable():
    from django.http import HttpResponse

    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("a", "b")
    varies = HttpResponse("x")
    varies["Vary"] = "Cookie"
    private = HttpResponse("x")
    private["Cache-Control"] = "private"
    assert page_cache.is_storable(HttpResponse("x")) is True
    assert page_cache.is_storable(with_cookie) is False
    assert page_cache.is_storable(varies) is False
    assert page_cache.is_storable(private) is False
    assert page_cache.is_storable(HttpResponse("x", status=404)) is False


def test_normalised_query_sorts_drops_and_caps():
    from django.http import QueryDict

    def norm(query):
        return page_cache.normalised_query(QueryDict(query))

    assert norm("year=2024&office=007&x=1") == "office=7&year=2024"
    assert norm("page=1&q=  a   b ") == "q=a+b"
    assert norm("page=0051") == "page=51"
    assert norm("q=" + "a" * 101) is None
    assert norm("office=abc&page=0") == ""
    # A sitemap page is kept whatever its number, within a sane bound; one
    # that is not a page number is left to the view (404).
    assert norm("p=1") == ""
    assert norm("p=0002") == "p=2"
    assert norm("p=10000") == "p=10000"
    assert norm("p=10001") is None
    assert norm("p=0") is None
    assert norm("p=abc") is None
    assert norm("p=") is None


def test_pages_still_answer_when_the_cache_is_down(client, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    page_cache._last_warning = 0.0
    PressReleaseFactory(published=True, title_en="Still here")
    with caplog.at_level(logging.WARNING, logger="pagecache.cache"):
        response = client.get(url())
    assert response.status_code == 200
    assert b"Still here" in response.content
    assert "Page cache unavailable" in caplog.text
    page_cache.bump_generation()  # a failed bump is logged, not raised


def test_generation_survives_losing_its_key():
    cache = caches["pages"]
    first = page_cache.current_generation()
    cache.delete(page_cache.GENERATION_KEY)
    page_cache.bump_generation()
    assert page_cache.current_generation() > first


def test_the_generation_expires_only_where_each_process_keeps_its_own(settings):
    from django.core.cache.backends.redis import RedisCache

    settings.LOCAL_CACHE_TIMEOUT = 7
    shared = RedisCache("redis://127.0.0.1:6379/0", {})
    assert page_cache.generation_timeout(shared) is None
    assert page_cache.generation_timeout(caches["pages"]) == 7
    page_cache.current_generation()
    expiry = caches["pages"]._expire_info[caches["pages"].make_key("generation")]
    assert 0 < expiry - time.time() <= 7


def test_page_cache_can_be_switched_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    warm(client, url())
    with CaptureQueriesContext(connection) as queries:
        client.get(url())
    assert len(queries) > 0
    assert caches["pages"]._cache == {}


def test_a_library_photos_new_text_shows_at_once_on_cached_pages(
    client, django_capture_on_commit_callbacks
):
    from tests.images.factories import ImageFactory

    photo = ImageFactory(alt_text_en="A quay at dawn.")
    release = PressReleaseFactory(published=True, image=photo)
    with override("en"):
        address = release.get_absolute_url()
    assert b"A quay at dawn." in warm(client, address).content
    photo.alt_text_en = "Boats at the quay."
    with django_capture_on_commit_callbacks(execute=True):
        photo.save()
    assert b"Boats at the quay." in client.get(address).content
