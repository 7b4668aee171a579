"""Scheduled unpublication: a release leaves the site at its expiry time."""

import datetime

import feedparser
import pytest
import time_machine
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from news.models import Status
from tests.conftest import signed_in
from tests.editorial.html_forms import change_form_data
from tests.news.factories import (
    EmbargoLinkFactory,
    MediaContactFactory,
    PressReleaseFactory,
    ReleaseContactFactory,
)
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db


def url_in(name, **kwargs):
    with override("en"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def every_cache_on(settings):
    # As in production: what was cached before the expiry must not outlive it.
    settings.PAGE_CACHE_ENABLED = True
    settings.FRAGMENT_CACHE_ENABLED = True
    for cache in caches.all():
        cache.clear()


def test_an_expiring_release_leaves_every_public_page_at_its_time(
    client, every_cache_on
):
    now = timezone.now()
    leaves = now + datetime.timedelta(hours=2)
    release = PressReleaseFactory(
        published=True,
        title_en="Winter appeal for Ukraine",
        published_at=now - datetime.timedelta(days=1),
        expires_at=leaves,
    )
    contact = MediaContactFactory(name="Only On The Appeal")
    ReleaseContactFactory(release=release, contact=contact)
    with override("en"):
        page = release.get_absolute_url()
    vcard = url_in("news:contact-vcard", pk=contact.pk)
    search = url_in("news:search") + "?q=appeal"

    def seen() -> dict:
        feed = feedparser.parse(client.get(url_in("news:feed-rss")).content)
        return {
            "page": client.get(page).status_code,
            "list": "Winter appeal" in client.get(url_in("news:release-list")).text,
            "home": "Winter appeal" in client.get("/en/").text,
            "feed": any("Winter appeal" in entry.title for entry in feed.entries),
            "sitemap": page in sitemap_xml(client),
            "search": "Winter appeal" in client.get(search).text,
            "vcard": client.get(vcard).status_code,
        }

    with time_machine.travel(now, tick=False) as traveller:
        before = seen()
        assert before == {
            "page": 200,
            "list": True,
            "home": True,
            "feed": True,
            "sitemap": True,
            "search": True,
            "vcard": 200,
        }
        traveller.move_to(leaves + datetime.timedelta(seconds=1))
        assert seen() == {
            "page": 404,
            "list": False,
            "home": False,
            "feed": False,
            "sitemap": False,
            "search": False,
            "vcard": 404,
        }


def test_an_embargo_link_does_not_show_an_expired_release(client):
    now = timezone.now()
    release = PressReleaseFactory(
        published=True,
        published_at=now - datetime.timedelta(days=2),
        expires_at=now - datetime.timedelta(days=1),
    )
    link = EmbargoLinkFactory(release=release, language="en")
    response = client.get(link.get_absolute_url())
    assert response.status_code == 410


def test_the_expiry_must_come_after_the_publication(admin_client):
    release = PressReleaseFactory(
        published=True, published_at=timezone.now() - datetime.timedelta(days=1)
    )
    form_url = reverse("admin:news_pressrelease_change", args=[release.pk])
    data = change_form_data(admin_client.get(form_url).text, "pressrelease_form")
    local = timezone.localtime(release.published_at - datetime.timedelta(hours=1))
    data["expires_at_0"] = local.strftime("%Y-%m-%d")
    data["expires_at_1"] = local.strftime("%H:%M:%S")
    response = admin_client.post(form_url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["expires_at"] == [
        "This is not after the publication time: the release would never be "
        "seen. Choose a later time, or leave it blank."
    ]
    release.refresh_from_db()
    assert release.expires_at is None
    # A later time is kept.
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=30))
    data["expires_at_0"] = later.strftime("%Y-%m-%d")
    data["expires_at_1"] = later.strftime("%H:%M:%S")
    assert admin_client.post(form_url, data).status_code == 302
    release.refresh_from_db()
    assert release.expires_at is not None


def test_the_admin_lists_scheduled_expiring_and_expired_releases(admin_client):
    now = timezone.now()
    PressReleaseFactory(
        status=Status.PUBLISHED,
        title_en="Comes tomorrow",
        published_at=now + datetime.timedelta(days=1),
    )
    PressReleaseFactory(
        published=True,
        title_en="Leaves tomorrow",
        expires_at=now + datetime.timedelta(days=1),
    )
    PressReleaseFactory(
        published=True,
        title_en="Left yesterday",
        published_at=now - datetime.timedelta(days=3),
        expires_at=now - datetime.timedelta(days=1),
    )
    changelist = reverse("admin:news_pressrelease_changelist")

    def listed(choice):
        html = admin_client.get(f"{changelist}?schedule={choice}").text
        return [
            title
            for title in ("Comes tomorrow", "Leaves tomorrow", "Left yesterday")
            if title in html
        ]

    assert listed("scheduled") == ["Comes tomorrow"]
    assert listed("expiring") == ["Leaves tomorrow"]
    assert listed("expired") == ["Left yesterday"]
    assert "Expired" in admin_client.get(f"{changelist}?schedule=expired").text


def test_an_editor_cannot_take_a_live_release_off_the_site_by_its_times(editor):
    release = PressReleaseFactory(published=True)
    client = signed_in(editor)
    form_url = reverse("admin:news_pressrelease_change", args=[release.pk])
    data = change_form_data(client.get(form_url).text, "pressrelease_form")
    soon = timezone.localtime(timezone.now() + datetime.timedelta(minutes=5))
    data["expires_at_0"] = soon.strftime("%Y-%m-%d")
    data["expires_at_1"] = soon.strftime("%H:%M:%S")
    # The field is shown, read-only: a value posted anyway is ignored.
    assert "expires_at" not in data
    assert client.post(form_url, data).status_code == 302
    release.refresh_from_db()
    assert release.expires_at is None


@pytest.mark.postgres
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_public_lists_read_only_their_index_expiry_included(language):
    # Without the expiry time in the index, every list and count read the
    # table: 30 times slower at 10,000 releases (bench/EXPLAIN.md).
    from django.db import connection

    from news.models import PressRelease

    PressReleaseFactory(published=True, french=True, title_es="T", summary_es="S")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = (
        PressRelease.objects.public_in(language)
        .order_by("-published_at", "-pk")
        .values("pk")[:20]
        .explain()
    )
    assert f"Index Only Scan using news_release_public_{language}" in plan
