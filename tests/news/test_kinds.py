"""Kinds of item: press releases, statements, briefing notes, stories."""

import json
import re

import feedparser
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import override

from news.models import Kind, PressRelease, Status
from tests.editorial.test_conflicts import change_url, opened
from tests.news.conftest import release_form_data
from tests.news.factories import (
    DatelinePlaceFactory,
    KindFactory,
    PressReleaseFactory,
    bulk_public_releases,
)
from tests.news.schema_org import assert_valid_json_ld
from tests.organization.factories import CountryOfficeFactory, PersonFactory
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

ADD = reverse("admin:news_pressrelease_add")


def kind(code: str) -> Kind:
    return Kind.objects.get(code=code)


def kind_url(item: Kind, language: str = "en") -> str:
    return item.list_url_in(language)


def json_ld(response) -> dict:
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(found.group(1))


def test_the_four_kinds_exist_in_three_languages():
    names = {
        item.code: (item.name_en, item.name_fr, item.name_es)
        for item in Kind.objects.all()
    }
    assert names == {
        "press-release": (
            "Press release",
            "Communiqué de presse",
            "Comunicado de prensa",
        ),
        "statement": (
            "Official statement",
            "Déclaration officielle",
            "Declaración oficial",
        ),
        "briefing-note": ("Briefing note", "Note d'information", "Nota informativa"),
        "story": ("Story", "Récit", "Historia"),
    }
    assert [item.code for item in Kind.objects.all()] == [
        "press-release",
        "statement",
        "briefing-note",
        "story",
    ]
    assert kind("statement").has_speaker
    assert not kind("story").has_speaker


def test_an_item_is_a_press_release_unless_told():
    release = PressReleaseFactory()
    assert release.kind.code == "press-release"


def test_each_kind_has_its_page_in_each_language(client):
    statement = PressReleaseFactory(
        published=True, french=True, kind=kind("statement"), title_en="Our words"
    )
    PressReleaseFactory(published=True, french=True, title_en="A release")
    assert kind_url(kind("statement"), "en") == "/en/news/statements/"
    english = client.get(kind_url(kind("statement"), "en"))
    assert english.status_code == 200
    page = english.content.decode()
    assert "<h1>Official statements</h1>" in page
    assert "Our words" in page and "A release" not in page
    assert "1 item" in page
    french = client.get(kind_url(kind("statement"), "fr"))
    assert french.status_code == 200
    text = french.content.decode()
    assert "Déclarations officielles" in text
    assert statement.title_fr in text
    assert client.get("/en/news/no-such-kind/").status_code == 404


def test_a_kind_page_keeps_the_filters(client):
    office, other = CountryOfficeFactory(), CountryOfficeFactory()
    story = kind("story")
    here = PressReleaseFactory(published=True, kind=story, title_en="Here")
    DatelinePlaceFactory(release=here, office=office)
    there = PressReleaseFactory(published=True, kind=story, title_en="There")
    DatelinePlaceFactory(release=there, office=other)
    response = client.get(kind_url(story) + f"?office={office.pk}")
    page = response.content.decode()
    assert "Here" in page and "There" not in page
    # The form sends the reader back to this kind's page.
    assert f'action="{kind_url(story)}"' in page
    assert 'name="kind"' not in page


def test_the_news_list_filters_by_kind_and_labels_each_card(client):
    PressReleaseFactory(published=True, kind=kind("story"), title_en="A story")
    PressReleaseFactory(published=True, title_en="A release")
    everything = client.get(reverse("news:release-list")).content.decode()
    assert "A story" in everything and "A release" in everything
    assert '<p class="release-kind">Story</p>' in everything
    assert '<p class="release-kind">Press release</p>' in everything
    stories = client.get(
        reverse("news:release-list") + f"?kind={kind('story').pk}"
    ).content.decode()
    assert "A story" in stories and "A release" not in stories
    # An unknown kind is dropped, as an unknown office is.
    unknown = client.get(reverse("news:release-list") + "?kind=999999")
    assert "A release" in unknown.content.decode()


def test_the_home_page_labels_every_kind(client):
    PressReleaseFactory(published=True, kind=kind("briefing-note"), title_en="Brief")
    PressReleaseFactory(published=True, title_en="Release")
    with override("en"):
        page = client.get(reverse("home")).content.decode()
    assert '<p class="release-kind">Briefing note</p>' in page
    assert '<p class="release-kind">Press release</p>' in page


@pytest.mark.parametrize("rows", [1, 10])
def test_a_kind_page_costs_the_same_queries_at_any_size(
    client, django_assert_num_queries, rows
):
    story = kind("story")
    releases = bulk_public_releases(rows, prefix=f"S{rows}")
    PressRelease.objects.filter(pk__in=[r.pk for r in releases]).update(kind=story)
    # The kind, the offices and topics, the kinds offered, count and years,
    # the page's items, their dateline places, the menu.
    with django_assert_num_queries(8):
        response = client.get(kind_url(story))
    assert response.content.decode().count('class="release-card"') == rows


def test_each_kind_has_its_feeds(client):
    PressReleaseFactory(published=True, french=True, kind=kind("story"), title_en="S")
    PressReleaseFactory(published=True, french=True, title_en="R")
    with override("en"):
        rss = reverse("news:kind-feed-rss", kwargs={"kind": "stories"})
        atom = reverse("news:kind-feed-atom", kwargs={"kind": "stories"})
    for address in (rss, atom):
        feed = feedparser.parse(client.get(address).content)
        assert [entry.title for entry in feed.entries] == ["S"]
        assert feed.feed.title == "IOM: Stories"
    with override("fr"):
        french = reverse("news:kind-feed-rss", kwargs={"kind": "recits"})
    feed = feedparser.parse(client.get(french).content)
    assert len(feed.entries) == 1 and feed.feed.title == "OIM\xa0: Récits"
    # The kind page names its feeds.
    page = client.get(kind_url(kind("story"))).content.decode()
    assert f'href="{rss}"' in page


def test_a_statement_names_its_speaker_on_the_page_and_in_json_ld(client):
    speaker = PersonFactory(name="Amy Pope")
    statement = PressReleaseFactory(
        published=True, kind=kind("statement"), spokesperson=speaker
    )
    response = client.get(statement.get_absolute_url())
    page = response.content.decode()
    assert "Statement by Amy Pope" in page
    assert 'href="/en/news/statements/">Official statement</a>' in page
    data = json_ld(response)
    assert data["@type"] == "NewsArticle"
    assert data["author"] == {"@type": "Person", "name": "Amy Pope"}
    assert_valid_json_ld(data)


def test_json_ld_takes_the_kinds_schema_type(client):
    article = KindFactory(schema_type="Article")
    release = PressReleaseFactory(published=True, kind=article)
    data = json_ld(client.get(release.get_absolute_url()))
    assert data["@type"] == "Article"
    assert data["author"]["@type"] == "Organization"
    assert_valid_json_ld(data)


def test_the_sitemap_lists_every_kind_page(client):
    xml = sitemap_xml(client)
    for code in ("en", "fr", "es"):
        address = "http://testserver" + kind_url(kind("statement"), code)
        assert f"<loc>{address}</loc>" in xml


# Admin


def test_the_release_form_sets_the_kind_and_spokesperson(admin_client):
    speaker = PersonFactory()
    data = release_form_data(
        kind=str(kind("statement").pk), spokesperson=str(speaker.pk)
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 302
    release = PressRelease.objects.get()
    assert (release.kind.code, release.spokesperson) == ("statement", speaker)


def test_a_statement_is_not_published_without_its_spokesperson(admin_client):
    data = release_form_data(
        kind=str(kind("statement").pk),
        status="published",
        title_fr="Une déclaration",
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "choose the spokesperson" in errors["spokesperson"][0]
    assert "Une déclaration" in response.content.decode()  # input kept
    assert not PressRelease.objects.exists()


def test_the_publish_action_refuses_a_statement_without_speaker(publisher_client):
    statement = PressReleaseFactory(kind=kind("statement"), status=Status.IN_REVIEW)
    response = publisher_client.post(
        reverse("admin:news_pressrelease_changelist"),
        {"action": "publish", "post": "yes", ACTION_CHECKBOX_NAME: [statement.pk]},
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "choose the spokesperson" in message
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW


def test_the_changelist_filters_by_kind(admin_client):
    PressReleaseFactory(kind=kind("story"), title_en="A story")
    PressReleaseFactory(title_en="A release")
    page = admin_client.get(
        reverse("admin:news_pressrelease_changelist")
        + f"?kind__id__exact={kind('story').pk}"
    ).content.decode()
    assert "A story" in page and "A release" not in page


def test_an_existing_items_kind_is_kept_when_the_form_leaves_it_out(admin_client):
    story = PressReleaseFactory(kind=kind("story"))
    form = opened(admin_client, story)
    form.pop("kind")
    assert admin_client.post(change_url(story), form).status_code == 302
    story.refresh_from_db()
    assert story.kind.code == "story"


def test_administrators_add_a_kind_whose_slug_is_free(client, administrator):
    client.force_login(administrator)
    add = reverse("admin:news_kind_add")
    data = {
        "code": "op-ed",
        "name_en": "Op-ed",
        "name_fr": "Tribune",
        "name_es": "Tribuna",
        "plural_en": "Op-eds",
        "plural_fr": "Tribunes",
        "plural_es": "Tribunas",
        "slug_en": "search",
        "slug_fr": "",
        "slug_es": "",
        "schema_type": "Article",
        "sort_order": "50",
        "editorial_version": "0",
    }
    refused = client.post(add, data)
    assert refused.status_code == 200
    assert "already use this address" in refused.content.decode()
    data["slug_en"] = "op-eds"
    response = client.post(add, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    made = Kind.objects.get(code="op-ed")
    assert made.slug_fr == "tribunes"
    assert client.get(kind_url(made, "fr")).status_code == 200
