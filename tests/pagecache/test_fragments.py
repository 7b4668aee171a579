"""Parts of pages kept in Django's cache: spared queries, never a stale page."""

import datetime

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from news.models import Status
from pagecache.cache import bump_generation
from tests.factories import MenuItemFactory
from tests.news.factories import (
    MediaContactFactory,
    PressReleaseFactory,
    ReleaseContactFactory,
    TopicFactory,
)
from tests.organization.factories import CountryOfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.PAGE_CACHE_ENABLED = False  # every read makes the page
    caches["pages"].clear()
    caches["default"].clear()
    yield
    caches["default"].clear()


def news_list(language="en"):
    with override(language):
        return reverse("news:release-list")


def test_a_renamed_menu_entry_shows_at_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = MenuItemFactory(title_en="Careers")
    assert "Careers" in client.get(news_list()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        entry.title_en = "Jobs"
        entry.save()
    content = client.get(news_list()).content.decode()
    assert "Jobs" in content
    assert "Careers" not in content


def test_a_new_office_and_topic_are_offered_as_filters_at_once(
    client, django_capture_on_commit_callbacks
):
    client.get(news_list())
    with django_capture_on_commit_callbacks(execute=True):
        office = CountryOfficeFactory(country="PE")
        topic = TopicFactory(name_en="Climate mobility")
    content = client.get(news_list()).content.decode()
    assert f'<option value="{office.pk}">Peru</option>' in content
    assert f'<option value="{topic.pk}">Climate mobility</option>' in content


def test_the_count_follows_a_publication_at_once(
    client, django_capture_on_commit_callbacks
):
    PressReleaseFactory(published=True)
    assert "1 press release" in client.get(news_list()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(published=True)
    assert "2 press releases" in client.get(news_list()).content.decode()


def test_related_releases_follow_publishing_and_unpublishing(
    client, django_capture_on_commit_callbacks
):
    topic = TopicFactory()
    release = PressReleaseFactory(published=True)
    release.topics.add(topic)
    address = release.get_absolute_url()
    assert "Related press releases" not in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        other = PressReleaseFactory(published=True, title_en="Sister release")
        other.topics.add(topic)
    assert "Sister release" in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        other.status = Status.DRAFT
        other.save()
    assert "Sister release" not in client.get(address).content.decode()


def test_a_scheduled_related_release_appears_at_its_time(client):
    topic = TopicFactory()
    release = PressReleaseFactory(published=True)
    release.topics.add(topic)
    scheduled = PressReleaseFactory(
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(minutes=5),
        title_en="Scheduled sister",
    )
    scheduled.topics.add(topic)
    address = release.get_absolute_url()
    assert "Scheduled sister" not in client.get(address).content.decode()
    # Nothing was committed in between: only the time has come.
    with time_machine.travel(scheduled.published_at + datetime.timedelta(seconds=1)):
        assert "Scheduled sister" in client.get(address).content.decode()


def test_kept_parts_expire_even_without_a_change_announced(client):
    # update() sends no signal, so the generation stays: only the timeout
    # ends what is kept (a per-process cache that missed another process's
    # change, or a value no signal covers).
    entry = MenuItemFactory(title_en="Careers")
    assert "Careers" in client.get(news_list()).content.decode()
    type(entry).objects.filter(pk=entry.pk).update(title_en="Jobs")
    assert "Careers" in client.get(news_list()).content.decode()
    later = timezone.now() + datetime.timedelta(
        seconds=django_settings.PAGE_CACHE_TIMEOUT + 1
    )
    with time_machine.travel(later):
        content = client.get(news_list()).content.decode()
    assert "Jobs" in content
    assert "Careers" not in content


def test_a_change_announced_elsewhere_shows_at_once(client):
    # Another process sharing the cache commits the change and bumps the
    # generation: this one reads the new generation at its next request.
    entry = MenuItemFactory(title_en="Careers")
    office = CountryOfficeFactory(country="PE", city_en="Lima")
    with override("en"):
        offices = reverse("organization:office-list")
    assert "Careers" in client.get(news_list()).content.decode()
    assert "Lima" in client.get(offices).content.decode()
    type(entry).objects.filter(pk=entry.pk).update(title_en="Jobs")
    type(office).objects.filter(pk=office.pk).update(city_en="Cusco")
    bump_generation()
    content = client.get(news_list()).content.decode()
    assert "Jobs" in content
    assert "Careers" not in content
    assert "Cusco" in client.get(offices).content.decode()


def test_kept_entries_have_a_timeout(client, monkeypatch):
    PressReleaseFactory(published=True)
    cache = caches["default"]
    timeouts = []
    store = cache.set

    def recorded(key, value, timeout=None, version=None):
        timeouts.append(timeout)
        return store(key, value, timeout, version=version)

    monkeypatch.setattr(cache, "set", recorded)
    for address in (news_list(), feed(), reverse("sitemap")):
        assert client.get(address).status_code == 200
    assert timeouts
    assert all(
        timeout is not None and 0 < timeout <= django_settings.PAGE_CACHE_TIMEOUT
        for timeout in timeouts
    )


def test_pages_are_made_when_the_cache_does_not_answer(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    PressReleaseFactory(published=True, title_en="Still served")
    response = client.get(news_list())
    assert response.status_code == 200
    assert "Still served" in response.content.decode()


def test_the_release_page_follows_edits_to_it_and_to_its_contacts(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        link = ReleaseContactFactory(
            release=PressReleaseFactory(published=True, title_en="First title"),
            contact=MediaContactFactory(email="press@example.org"),
        )
    release, contact = link.release, link.contact
    address = release.get_absolute_url()
    page = client.get(address)
    assert "press@example.org" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        contact.email = "media@example.org"
        contact.save()
        release.title_en = "Second title"
        release.save()
    content = client.get(address).content.decode()
    assert "media@example.org" in content
    assert "press@example.org" not in content
    assert "Second title" in content
    assert "First title" not in content


def test_a_retitled_release_shows_in_the_list_at_once(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        release = PressReleaseFactory(published=True, title_en="Old headline")
    assert "Old headline" in client.get(news_list()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        release.title_en = "New headline"
        release.save()
    content = client.get(news_list()).content.decode()
    assert "New headline" in content
    assert "Old headline" not in content


def test_a_release_withdrawn_leaves_its_page_at_once_even_if_kept(
    client, django_capture_on_commit_callbacks
):
    release = PressReleaseFactory(published=True)
    address = release.get_absolute_url()
    assert client.get(address).status_code == 200
    # Not even committed: the release row itself is read on every request.
    release.status = Status.DRAFT
    release.save()
    assert client.get(address).status_code == 404


def test_the_kept_article_is_made_per_host(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.iom.example"]
    release = PressReleaseFactory(published=True)
    address = release.get_absolute_url()
    first = client.get(address).content.decode()
    second = client.get(address, HTTP_HOST="www.iom.example").content.decode()
    assert f'content="http://testserver{address}"' in first
    assert f'content="http://www.iom.example{address}"' in second


def test_the_generation_is_read_once_per_request(client, monkeypatch):
    PressReleaseFactory(published=True)
    client.get(news_list())
    cache = caches["pages"]
    reads = []
    read = cache.get

    def counted(key, *args, **kwargs):
        if key == "generation":
            reads.append(key)
        return read(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counted)
    for _ in range(2):  # and again on the next request
        assert client.get(news_list()).status_code == 200
    assert reads == ["generation", "generation"]


def test_a_kept_release_page_is_the_page_made_afresh(client, settings):
    release = ReleaseContactFactory(
        release=PressReleaseFactory(published=True, title_en="Floods & landslides")
    ).release
    with override("en"):
        address = release.get_absolute_url()
    made = client.get(address)
    kept = client.get(address)
    settings.FRAGMENT_CACHE_ENABLED = False
    afresh = client.get(address)
    assert made.content == kept.content == afresh.content
    assert kept["ETag"] == made["ETag"]
    content = kept.content.decode()
    assert "<title>Floods &amp; landslides</title>" in content
    assert 'aria-current="true" lang="en"' in content
    assert f'<link rel="canonical" href="http://testserver{address}">' in content


def test_a_kept_release_page_still_follows_its_row_when_no_change_was_announced(
    client,
):
    # update() sends no signal, so the generation stays: only the row read
    # on every request can tell.
    release = PressReleaseFactory(published=True, french=True)
    with override("en"):
        address = release.get_absolute_url()
    with override("fr"):
        french = release.get_absolute_url()
    assert client.get(address).status_code == 200
    assert client.get(french).status_code == 200
    rows = type(release).objects.filter(pk=release.pk)

    rows.update(slug_en="a-new-slug")
    moved = client.get(address)
    assert moved.status_code == 301
    assert moved["Location"].endswith(f"/{release.pk}-a-new-slug/")
    address = moved["Location"]
    assert client.get(address).status_code == 200

    rows.update(body_fr="")
    assert client.get(french).status_code == 404
    content = client.get(address).content.decode()
    # The alternates and the switcher come from the row, read every time.
    assert '<link rel="alternate" hreflang="fr"' not in content
    switcher = content.split('<nav class="languages"')[1].split("</nav>")[0]
    assert 'lang="en"' in switcher
    assert 'lang="fr"' not in switcher

    rows.update(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(address).status_code == 404


def test_the_menu_on_a_kept_release_page_follows_a_rename(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = MenuItemFactory(title_en="Careers")
        release = PressReleaseFactory(published=True)
    with override("en"):
        address = release.get_absolute_url()
    assert "Careers" in client.get(address).content.decode()
    assert "Careers" in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        entry.title_en = "Jobs"
        entry.save()
    content = client.get(address).content.decode()
    assert "Jobs" in content
    assert "Careers" not in content


def filter_form(response) -> str:
    content = response.content.decode()
    return content[content.index('<form class="release-filters"') :].split("</form>")[0]


def test_the_unfiltered_form_is_kept_and_a_filtered_one_is_not(client, settings):
    office = CountryOfficeFactory(country="PE")
    PressReleaseFactory(published=True).country_offices.add(office)
    first = filter_form(client.get(news_list()))
    assert filter_form(client.get(news_list() + "?page=2")) == first
    settings.FRAGMENT_CACHE_ENABLED = False
    assert filter_form(client.get(news_list())) == first
    settings.FRAGMENT_CACHE_ENABLED = True

    chosen = filter_form(client.get(news_list() + f"?office={office.pk}"))
    assert f'<option value="{office.pk}" selected>Peru</option>' in chosen
    assert "Clear the filters" in chosen
    again = filter_form(client.get(news_list()))
    assert again == first
    assert "selected>Peru" not in again


def test_where_we_work_follows_a_new_and_a_renamed_office_at_once(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with override("en"):
        address = reverse("organization:office-list")
    with django_capture_on_commit_callbacks(execute=True):
        office = CountryOfficeFactory(country="PE", city_en="Lima")
    assert "Lima" in client.get(address).content.decode()
    with django_assert_num_queries(0):  # menu, frame and list all kept
        assert "Lima" in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        office.city_en = "Cusco"
        office.save()
        CountryOfficeFactory(country="CL", city_en="Santiago")
    content = client.get(address).content.decode()
    assert "Cusco" in content
    assert "Santiago" in content
    assert "Lima" not in content


def test_a_filtered_list_counts_its_matches_and_offers_every_year(
    client, settings, django_capture_on_commit_callbacks
):
    topic = TopicFactory()
    old = PressReleaseFactory(
        published=True, published_at=timezone.now() - datetime.timedelta(days=800)
    )
    for _ in range(2):
        PressReleaseFactory(published=True).topics.add(topic)
    client.get(news_list())  # keeps the whole list's count and years
    filtered = client.get(news_list() + f"?topic={topic.pk}")
    assert filtered.context["paginator"].count == 2
    years = filtered.context["form"].fields["year"].widget.choices
    assert (old.published_at.year, str(old.published_at.year)) in years
    # Made afresh, the page is the same.
    settings.FRAGMENT_CACHE_ENABLED = False
    afresh = client.get(news_list() + f"?topic={topic.pk}")
    assert afresh.content == filtered.content
    settings.FRAGMENT_CACHE_ENABLED = True
    # A new match counts at once.
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(published=True).topics.add(topic)
    client.get(news_list())
    assert (
        client.get(news_list() + f"?topic={topic.pk}").context["paginator"].count == 3
    )


def feed(name="news:feed-rss", language="en", **kwargs):
    with override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize(
    "name",
    ["news:feed-rss", "news:feed-atom", "news:office-feed-rss"],
)
def test_feeds_are_kept_per_language_and_office_and_follow_publishing(
    client,
    settings,
    name,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    peru = CountryOfficeFactory(country="PE")
    chile = CountryOfficeFactory(country="CL")
    PressReleaseFactory(
        published=True, french=True, title_en="Peru news"
    ).country_offices.add(peru)
    PressReleaseFactory(published=True, title_en="Chile news").country_offices.add(
        chile
    )
    kwargs = {"pk": peru.pk} if "office" in name else {}
    first = client.get(feed(name, **kwargs))
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(feed(name, **kwargs))
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    # Made afresh, the feed is the same.
    settings.FRAGMENT_CACHE_ENABLED = False
    assert client.get(feed(name, **kwargs)).content == first.content
    settings.FRAGMENT_CACHE_ENABLED = True
    # Another language or office is another feed.
    assert b"Chile news" not in client.get(feed(name, "fr", **kwargs)).content
    if kwargs:
        other = client.get(feed(name, pk=chile.pk)).content
        assert b"Chile news" in other
        assert b"Peru news" not in other
    # A publication shows at once.
    with django_capture_on_commit_callbacks(execute=True):
        PressReleaseFactory(
            published=True, title_en="Breaking news"
        ).country_offices.add(peru)
    assert b"Breaking news" in client.get(feed(name, **kwargs)).content


def test_the_feed_of_an_unknown_office_is_not_kept(
    client, django_capture_on_commit_callbacks
):
    address = feed("news:office-feed-rss", pk=99999)
    assert client.get(address).status_code == 404
    # No content change is announced: only a kept 404 could answer now.
    CountryOfficeFactory(pk=99999, country="PE")
    assert client.get(address).status_code == 200


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pages_with_kept_parts_are_the_pages_made_afresh(client, settings, language):
    office = CountryOfficeFactory(country="PE", city_en="Lima", city_fr="Lima")
    topic = TopicFactory()
    release = PressReleaseFactory(published=True, french=True)
    release.country_offices.add(office)
    release.topics.add(topic)
    MenuItemFactory(title_en="Careers", title_fr="Carrières")
    with override(language):
        addresses = [
            reverse("home"),
            reverse("news:release-list"),
            reverse("news:release-list") + f"?topic={topic.pk}",
            reverse("news:search") + "?q=release",
            reverse("organization:structure"),
            reverse("organization:office-list"),
            office.get_absolute_url(),
            release.get_absolute_url(),
            reverse("news:feed-rss"),
        ]
    addresses.append(reverse("sitemap"))
    made, kept = {}, {}
    for address in addresses:
        made[address] = client.get(address).content
        kept[address] = client.get(address).content
    settings.FRAGMENT_CACHE_ENABLED = False
    for address in addresses:
        afresh = client.get(address).content
        assert made[address] == kept[address] == afresh, address
