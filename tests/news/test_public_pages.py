"""What readers see: home, news list, release page, feeds and site map."""

import datetime
import json
import re
from email.utils import parsedate_to_datetime
from html import unescape
from urllib.parse import parse_qs

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from news.models import MediaContact, PressRelease
from tests.images.factories import ImageFactory
from tests.news.factories import (
    DatelinePlaceFactory,
    MediaContactFactory,
    PressReleaseFactory,
    ReleaseContactFactory,
    TopicFactory,
    bulk_public_releases,
)
from tests.organization.factories import CountryOfficeFactory, RegionFactory
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "es"]


def url_in(language, name="news:release-list", **kwargs):
    with override(language):
        return reverse(name, kwargs=kwargs or None)


def detail_url(release, language):
    with override(language):
        return release.get_absolute_url()


def trilingual(**kwargs):
    """A release public in English, French and Spanish."""
    defaults = {
        "published": True,
        "french": True,
        "title_es": "Comunicado",
        "summary_es": "Un resumen.",
        "body_es": "<p>Un texto.</p>",
    }
    return PressReleaseFactory(**{**defaults, **kwargs})


CARD_LINK = re.compile(r'class="release-card-title"><a href="[^"]*/(\d+)-')


def titles(response):
    """The releases whose cards the page shows, in order, by id."""
    return [int(pk) for pk in CARD_LINK.findall(response.content.decode())]


CUTS = {
    "jpg": [[480, 320, "r/x-480.jpg"], [960, 640, "r/x-960.jpg"]],
    "webp": [[480, 320, "r/x-480.webp"], [960, 640, "r/x-960.webp"]],
}


def lead_photo(**kwargs):
    """A library photo whose renditions have been made."""
    renditions = {
        "focal": [0.5, 0.5],
        "shapes": {
            "16:9": CUTS,
            "4:3": CUTS,
            "social": {"jpg": [[1200, 630, "r/x-social.jpg"]]},
        },
    }
    return ImageFactory(renditions=renditions, **kwargs)


# Home ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_shows_the_latest_releases_public_in_its_language(client, language):
    everywhere = trilingual()
    english_only = PressReleaseFactory(published=True)
    response = client.get(url_in(language, "home"))
    assert response.status_code == 200
    shown = titles(response)
    assert everywhere.pk in shown
    assert (english_only.pk in shown) is (language == "en")
    html = response.content.decode()
    assert url_in(language, "organization:structure") in html
    assert url_in(language, "organization:office-list") in html
    assert 'href="{}"'.format(url_in(language, "news:feed-rss")) in html


def test_home_shows_six_releases_newest_first(client):
    releases = bulk_public_releases(8)
    response = client.get(url_in("en", "home"))
    assert titles(response) == [r.pk for r in releases[:6]]


# News list ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_in_each_language_shows_what_is_public_in_it(client, language):
    everywhere = trilingual()
    english_only = PressReleaseFactory(published=True)
    PressReleaseFactory(french=True)  # a draft
    response = client.get(url_in(language))
    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == language
    expected = [everywhere.pk] + ([english_only.pk] if language == "en" else [])
    assert sorted(titles(response)) == sorted(expected)


def test_list_item_has_dateline_date_summary_and_lazy_thumbnail(client):
    release = PressReleaseFactory(
        published=True,
        french=True,
        summary_fr="Des experts se réunissent.",
        dateline_date=datetime.date(2016, 3, 1),
        image=lead_photo(),
    )
    DatelinePlaceFactory(release=release)
    html = client.get(url_in("fr")).content.decode()
    assert "Pérou – 1er mars 2016" in html
    assert "Des experts se réunissent." in html
    thumbnail = re.search(r'<img src="[^"]*480\.jpg"[^>]*>', html).group()
    assert 'loading="lazy"' in thumbnail
    assert 'width="480"' in thumbnail
    assert 'height="320"' in thumbnail
    assert '<source type="image/webp" srcset="/library/r/x-480.webp">' in html


def test_list_dates_follow_the_language(client):
    release = trilingual(dateline_date=datetime.date(2016, 3, 12))
    DatelinePlaceFactory(release=release)
    assert "Peru – 12 March 2016" in client.get(url_in("en")).content.decode()
    assert "Perú – 12 de marzo de 2016" in client.get(url_in("es")).content.decode()


@pytest.fixture
def catalogue():
    """Releases spread over two offices in two regions, two topics, two years."""
    americas = RegionFactory(name_en="Americas", name_fr="Amériques")
    europe = RegionFactory(name_en="Europe", name_fr="Europe")
    peru = CountryOfficeFactory(country="PE", region=americas)
    france = CountryOfficeFactory(country="FR", region=europe, city_en="Paris")
    health = TopicFactory(name_en="Health", name_fr="Santé")
    data = TopicFactory(name_en="Data", name_fr="Données")
    last_year = timezone.now() - datetime.timedelta(days=400)
    rows = {}
    for key, office, topic, when in [
        ("peru-health-now", peru, health, None),
        ("peru-data-old", peru, data, last_year),
        ("france-health-old", france, health, last_year),
        ("france-data-now", france, data, None),
    ]:
        release = PressReleaseFactory(published=True, french=True)
        if when:
            release.published_at = when
            release.save()
        release.country_offices.add(office)
        release.topics.add(topic)
        rows[key] = release.pk
    return {
        "rows": rows,
        "peru": peru,
        "france": france,
        "americas": americas,
        "health": health,
        "data": data,
        "this_year": timezone.now().year,
    }


def keys(catalogue, response):
    by_pk = {pk: key for key, pk in catalogue["rows"].items()}
    return sorted(by_pk[pk] for pk in titles(response))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("office={peru}", ["peru-data-old", "peru-health-now"]),
        ("region={americas}", ["peru-data-old", "peru-health-now"]),
        ("topic={health}", ["france-health-old", "peru-health-now"]),
        ("year={this_year}", ["france-data-now", "peru-health-now"]),
        ("office={peru}&topic={health}", ["peru-health-now"]),
        ("region={americas}&year={this_year}&topic={health}", ["peru-health-now"]),
        ("office={france}&topic={health}&year={this_year}", []),
    ],
)
def test_filters_combine(client, catalogue, query, expected):
    ids = {
        name: getattr(value, "pk", value)
        for name, value in catalogue.items()
        if name != "rows"
    }
    response = client.get(url_in("en") + "?" + query.format(**ids))
    assert response.status_code == 200
    assert keys(catalogue, response) == expected
    assert response.context["paginator"].count == len(expected)


def test_filter_on_a_dateline_office_finds_the_release_too(client):
    office = CountryOfficeFactory(country="CO")
    release = PressReleaseFactory(published=True)
    DatelinePlaceFactory(release=release, office=office)
    PressReleaseFactory(published=True)
    response = client.get(url_in("en") + f"?office={office.pk}")
    assert titles(response) == [release.pk]


def test_filters_survive_pagination(client):
    office = CountryOfficeFactory(country="PE")
    topic = TopicFactory()
    bulk_public_releases(25, office=office, topic=topic)
    bulk_public_releases(3, prefix="Other")
    first = client.get(url_in("en") + f"?office={office.pk}&topic={topic.pk}")
    filters = {"office": [str(office.pk)], "topic": [str(topic.pk)]}
    assert {**filters, "page": ["2"]} in pagination_queries(first)
    second = client.get(url_in("en") + f"?office={office.pk}&topic={topic.pk}&page=2")
    assert len(second.context["press_releases"]) == 5
    assert second.context["paginator"].count == 25
    assert {**filters, "page": ["1"]} in pagination_queries(second)


def pagination_queries(response) -> list[dict]:
    """The queries of the page's "Newer"/"Older" links, in any order (the
    page cache writes its parameters sorted)."""
    html = unescape(response.content.decode())
    nav = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
    links = re.findall(r'href="\?([^"]*)"', nav.group() if nav else html)
    return [parse_qs(link) for link in links]


def test_filter_form_is_a_labelled_get_form_in_the_readers_language(client, catalogue):
    html = client.get(url_in("fr")).content.decode()
    form = re.search(r'<form class="release-filters".*?</form>', html, re.S).group()
    assert 'method="get"' in form
    for name in ("office", "region", "topic", "year"):
        assert f'<label for="id_{name}">' in form
        assert f'name="{name}"' in form
    assert "Pérou" in form
    assert "Amériques" in form
    assert "Santé" in form
    assert "Health" not in form
    assert f'<option value="{catalogue["this_year"]}">' in form


def test_office_options_name_the_country_and_a_sub_offices_city(
    client, django_assert_num_queries
):
    region = RegionFactory(name_en="Americas", name_fr="Amériques")
    CountryOfficeFactory(country="PE", region=region)
    tumbes = CountryOfficeFactory(
        country="PE", kind="sub_office", city_en="Tumbes", city_fr="", region=region
    )
    CountryOfficeFactory(country="CO", region=region)
    html = client.get(url_in("fr")).content.decode()
    form = re.search(r'<select name="office".*?</select>', html, re.S).group()
    options = re.findall(r"<option[^>]*>([^<]*)</option>", form)
    # The city falls back to English, as every translated text does.
    assert options[1:] == ["Colombie", "Pérou", "Pérou – Tumbes"]
    assert f'<option value="{tumbes.pk}">Pérou – Tumbes</option>' in form
    # More offices, no more queries: nothing is read office by office.
    # Made afresh each time: no kept page, no kept fragment.
    with override_settings(PAGE_CACHE_ENABLED=False, FRAGMENT_CACHE_ENABLED=False):
        with CaptureQueriesContext(connection) as before:
            client.get(url_in("fr"))
        for city in ("Lima", "Cusco", "Arequipa"):
            CountryOfficeFactory(
                country="PE", kind="sub_office", city_en=city, region=region
            )
        with django_assert_num_queries(len(before)):
            client.get(url_in("fr"))


def test_filter_choices_are_kept_selected(client, catalogue):
    html = client.get(
        url_in("en") + "?topic={}".format(catalogue["health"].pk)
    ).content.decode()
    assert f'<option value="{catalogue["health"].pk}" selected>Health' in html


@pytest.mark.parametrize(
    "query",
    [
        "office=999999",
        "office=abc",
        "region=-1",
        "topic=1e9",
        "topic=99999999999999999999999999",
        "year=99999",
        "year=abc",
        "year=-2016",
        "office=%00",
        "topic=%27%3B--",
        "page=abc",
        "page=0",
        "page=-3",
        "page=1.5",
        "page=99999999999999999999",
        "page=1e400",
        "page=%00",
        "page=%C2%B2",
        "office=1&office=2",
        "q=" + "x" * 5000,
    ],
)
def test_bad_list_input_gives_a_normal_page(client, query):
    bulk_public_releases(3)
    response = client.get(url_in("en") + "?" + query)
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_page_past_the_end_shows_the_last_page(client):
    bulk_public_releases(45)
    response = client.get(url_in("en") + "?page=999")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 3
    assert len(response.context["press_releases"]) == 5


def test_list_pages_by_twenty_newest_first(client):
    releases = bulk_public_releases(21)
    response = client.get(url_in("en"))
    assert titles(response) == [r.pk for r in releases[:20]]


def test_empty_filtered_list_says_so(client, catalogue):
    response = client.get(
        url_in("en")
        + "?office={}&topic={}&year={}".format(
            catalogue["france"].pk, catalogue["health"].pk, catalogue["this_year"]
        )
    )
    assert "No press release matches these filters" in response.content.decode()


def test_a_year_without_releases_is_dropped_like_an_unknown_office(client, catalogue):
    response = client.get(url_in("en") + "?year={}".format(catalogue["this_year"] - 5))
    assert response.status_code == 200
    assert response.context["filtered"] is False
    assert response.context["paginator"].count == 4


# Release page -------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_release_page_in_each_of_its_languages(client, language):
    release = trilingual(dateline_date=datetime.date(2016, 3, 12))
    DatelinePlaceFactory(release=release)
    response = client.get(detail_url(release, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    title = getattr(release, f"title_{language}")
    assert f"<h1>{title}</h1>" in html
    dateline = {
        "en": "Peru – 12 March 2016",
        "fr": "Pérou – 12 mars 2016",
        "es": "Perú – 12 de marzo de 2016",
    }[language]
    assert dateline in html


def test_release_page_shows_image_contacts_offices_and_topics(client):
    office = CountryOfficeFactory(country="PE")
    release = PressReleaseFactory(
        published=True,
        image=lead_photo(
            alt_text_en="Experts around a table",
            caption_en="The meeting in Lima.",
            credit="IOM/Ana Pérez",
        ),
    )
    release.country_offices.add(office)
    release.topics.add(TopicFactory(name_en="Migration data"))
    contact = MediaContactFactory(
        name="Carolina Santos",
        office=office,
        email="casantos@iom.int",
        phone="+5112217209;ext=145",
    )
    ReleaseContactFactory(release=release, contact=contact)
    html = client.get(detail_url(release, "en")).content.decode()
    assert '<source type="image/webp" srcset="/library/r/x-480.webp 480w' in html
    assert 'srcset="/library/r/x-480.jpg 480w, /library/r/x-960.jpg 960w"' in html
    assert 'alt="Experts around a table"' in html
    assert 'width="960" height="640"' in html
    assert "The meeting in Lima." in html
    assert "Photo: IOM/Ana Pérez" in html
    assert "For more information, please contact" in html
    assert 'href="mailto:casantos@iom.int"' in html
    assert 'href="tel:+51-1-2217209;ext=145"' in html
    assert contact.get_vcard_url() in html
    with override("en"):
        assert f'href="{office.get_absolute_url()}"' in html
    assert "Migration data" in html


def test_release_page_links_to_its_other_languages_only(client):
    release = PressReleaseFactory(published=True, french=True)
    html = client.get(detail_url(release, "en")).content.decode()
    other = re.search(r'<p class="other-languages">.*?</p>', html).group()
    assert detail_url(release, "fr") in other
    assert "/es/" not in other


def test_three_related_releases_public_in_the_language(client):
    topic = TopicFactory()
    office = CountryOfficeFactory()
    release = PressReleaseFactory(published=True, french=True)
    release.topics.add(topic)
    release.country_offices.add(office)
    same_topic = bulk_public_releases(2, languages=("en", "fr"), topic=topic)
    same_office = bulk_public_releases(
        2, languages=("en", "fr"), office=office, prefix="Office"
    )
    english_only = bulk_public_releases(1, topic=topic, prefix="English")
    bulk_public_releases(3, languages=("en", "fr"), prefix="Unrelated")
    draft = PressReleaseFactory(french=True)
    draft.topics.add(topic)

    english = client.get(detail_url(release, "en")).context["press_release"].related
    assert len(english) == 3
    assert english_only[0].pk in [r.pk for r in english]

    french = client.get(detail_url(release, "fr")).context["press_release"].related
    related_pks = {r.pk for r in same_topic + same_office}
    assert len(french) == 3
    assert {r.pk for r in french} <= related_pks
    assert [r.published_at for r in french] == sorted(
        (r.published_at for r in french), reverse=True
    )


def test_release_without_relations_has_no_related_block(client):
    release = PressReleaseFactory(published=True)
    PressReleaseFactory(published=True)
    html = client.get(detail_url(release, "en")).content.decode()
    assert "Related press releases" not in html


@pytest.mark.parametrize("language", ["fr", "es"])
def test_release_in_a_language_it_lacks_is_a_404_naming_the_others(client, language):
    release = PressReleaseFactory(published=True, title_en="Only in English")
    response = client.get(
        url_in(language, "news:release-detail", pk=release.pk, slug="x")
    )
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert detail_url(release, "en") in html
    assert "Only in English" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_translation_not_finished_is_not_public_in_that_language(client):
    release = PressReleaseFactory(published=True, title_fr="Titre", summary_fr="R")
    response = client.get(
        url_in("fr", "news:release-detail", pk=release.pk, slug="titre")
    )
    assert response.status_code == 404


def test_unknown_release_is_a_plain_404(client):
    response = client.get(url_in("en", "news:release-detail", pk=999999, slug="x"))
    assert response.status_code == 404


def test_old_slug_answers_301_and_keeps_the_language(client):
    release = PressReleaseFactory(published=True, french=True, slug_fr="nouveau")
    old = url_in("fr", "news:release-detail", pk=release.pk, slug="ancien")
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == f"/fr/actualites/{release.pk}-nouveau/"


# Metadata -----------------------------------------------------------------


def head_of(response) -> str:
    return response.content.decode().split("</head>")[0]


def test_release_metadata_for_search_engines_and_sharing(client):
    release = PressReleaseFactory(
        published=True,
        french=True,
        title_en="Experts meet in Lima",
        summary_en="Experts of the Andean Community meet.",
        image=lead_photo(alt_text_en="Experts around a table"),
    )
    head = head_of(client.get(detail_url(release, "en")))
    base = "http://testserver"
    english, french = base + detail_url(release, "en"), base + detail_url(release, "fr")
    assert "<title>Experts meet in Lima</title>" in head
    assert (
        '<meta name="description" content="Experts of the Andean Community meet.">'
        in head
    )
    assert f'<link rel="canonical" href="{english}">' in head
    assert f'<link rel="alternate" hreflang="en" href="{english}">' in head
    assert f'<link rel="alternate" hreflang="fr" href="{french}">' in head
    assert 'hreflang="es"' not in head
    assert f'<link rel="alternate" hreflang="x-default" href="{english}">' in head
    assert f'<meta property="og:url" content="{english}">' in head
    assert '<meta property="og:title" content="Experts meet in Lima">' in head
    image = f"{base}/library/r/x-social.jpg"
    assert f'<meta property="og:image" content="{image}">' in head
    assert '<meta property="og:image:alt" content="Experts around a table">' in head
    assert '<meta property="og:locale:alternate" content="fr_FR">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert f'<meta name="twitter:image" content="{image}">' in head
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json">(.*?)</script>', head, re.S
        ).group(1)
    )
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Experts meet in Lima"
    assert data["inLanguage"] == "en"
    assert data["image"] == [image]
    assert data["mainEntityOfPage"]["@id"] == english
    assert data["datePublished"] == release.published_at.isoformat()


def test_json_ld_cannot_be_broken_out_of(client):
    release = PressReleaseFactory(
        published=True,
        title_en="</script><script>alert(1)</script>",
        summary_en="A & B <!--",
    )
    head = head_of(client.get(detail_url(release, "en")))
    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', head, re.S
    ).group(1)
    assert "<" not in script
    assert json.loads(script)["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in head


def test_release_only_in_french_has_french_x_default(client):
    release = PressReleaseFactory(
        published=True, french=True, title_en="", summary_en="", body_en=""
    )
    release.original_language = "fr"
    release.save()
    head = head_of(client.get(detail_url(release, "fr")))
    french = "http://testserver" + detail_url(release, "fr")
    assert f'<link rel="alternate" hreflang="x-default" href="{french}">' in head
    assert 'hreflang="en"' not in head


def test_release_without_image_has_a_summary_card(client):
    release = PressReleaseFactory(published=True)
    head = head_of(client.get(detail_url(release, "en")))
    assert '<meta name="twitter:card" content="summary">' in head
    assert "og:image" not in head


# HTTP caching -------------------------------------------------------------


def test_release_page_sends_validators_and_answers_304(client):
    release = PressReleaseFactory(published=True)
    url = detail_url(release, "en")
    response = client.get(url)
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"')
    assert parsedate_to_datetime(last_modified) <= timezone.now()
    assert "max-age=60" in response["Cache-Control"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_etag_differs_by_language(client):
    release = PressReleaseFactory(published=True, french=True)
    english = client.get(detail_url(release, "en"))["ETag"]
    french = client.get(detail_url(release, "fr"))["ETag"]
    assert english != french
    response = client.get(detail_url(release, "fr"), HTTP_IF_NONE_MATCH=english)
    assert response.status_code == 200


def test_etag_changes_with_the_release(client):
    release = PressReleaseFactory(published=True)
    url = detail_url(release, "en")
    before = client.get(url)["ETag"]
    release.summary_en = "A new summary."
    release.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before


def test_validators_change_with_a_media_contact(client):
    release = PressReleaseFactory(published=True)
    contact = MediaContactFactory(email="old@iom.int")
    ReleaseContactFactory(release=release, contact=contact)
    PressRelease.objects.filter(pk=release.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=1)
    )
    MediaContact.objects.filter(pk=contact.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=1)
    )
    url = detail_url(release, "en")
    before = client.get(url)
    contact.refresh_from_db()
    contact.email = "new@iom.int"
    contact.save()
    response = client.get(
        url,
        HTTP_IF_NONE_MATCH=before["ETag"],
    )
    assert response.status_code == 200
    assert response["ETag"] != before["ETag"]
    assert (
        client.get(url, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]).status_code
        == 200
    )


def test_unavailable_and_redirect_answers_carry_no_validators(client):
    release = PressReleaseFactory(published=True)
    missing = client.get(url_in("fr", "news:release-detail", pk=release.pk, slug="x"))
    assert missing.status_code == 404
    assert "ETag" not in missing


# Feeds --------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["news:feed-rss", "news:feed-atom"])
def test_feeds_are_valid_and_list_what_is_public_in_the_language(
    client, language, name
):
    everywhere = trilingual(title_en="Everywhere & <more>")
    PressReleaseFactory(published=True, title_en="English only")
    PressReleaseFactory(title_en="Draft", french=True)
    response = client.get(url_in(language, name))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.language.startswith(language) or name.endswith("atom")
    links = [entry.link for entry in feed.entries]
    assert "http://testserver" + detail_url(everywhere, language) in links
    # RSS readers take titles for HTML, Atom ones for text: either way a
    # reader shows the title as written (tests/news/test_feed_escaping.py).
    titles_seen = [unescape(entry.title) for entry in feed.entries]
    assert getattr(everywhere, f"title_{language}") in titles_seen
    assert "Draft" not in titles_seen
    assert ("English only" in titles_seen) is (language == "en")


@pytest.mark.parametrize("name", ["news:office-feed-rss", "news:office-feed-atom"])
def test_office_feed_lists_that_office_only(client, name):
    peru = CountryOfficeFactory(country="PE")
    chile = CountryOfficeFactory(country="CL")
    about_peru = PressReleaseFactory(published=True, title_en="Peru news")
    about_peru.country_offices.add(peru)
    PressReleaseFactory(published=True, title_en="Chile news").country_offices.add(
        chile
    )
    response = client.get(url_in("en", name, pk=peru.pk))
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == ["Peru news"]
    assert "Peru" in feed.feed.title


def test_office_feed_of_an_unknown_office_is_404(client):
    assert client.get(url_in("en", "news:office-feed-rss", pk=99999)).status_code == 404


def test_pages_link_their_feeds(client):
    office = CountryOfficeFactory()
    release = PressReleaseFactory(published=True)
    for url in (
        url_in("en"),
        url_in("en", "home"),
        detail_url(release, "en"),
        url_in("en", "news:search"),
    ):
        head = head_of(client.get(url))
        assert '<link rel="alternate" type="application/rss+xml" ' in head
        assert 'href="{}"'.format(url_in("en", "news:feed-atom")) in head
    filtered = head_of(client.get(url_in("en") + f"?office={office.pk}"))
    assert url_in("en", "news:office-feed-rss", pk=office.pk) in filtered


# Site map -----------------------------------------------------------------


def test_sitemap_lists_the_news_list_in_every_language(client):
    xml = sitemap_xml(client)
    for language in LANGUAGES:
        location = "http://testserver" + url_in(language)
        assert f"<loc>{location}</loc>" in xml


def test_sitemap_alternates_name_only_existing_languages(client):
    release = PressReleaseFactory(published=True, french=True)
    xml = sitemap_xml(client)
    english = "http://testserver" + detail_url(release, "en")
    french = "http://testserver" + detail_url(release, "fr")
    entry = re.search(
        "<url><loc>" + re.escape(english) + "</loc>.*?</url>", xml, re.S
    ).group()
    assert f'hreflang="fr" href="{french}"' in entry
    assert 'hreflang="es"' not in entry
    # Once in the releases' sitemap, once in French Google News' (a new
    # release): never twice in one.
    assert xml.count(f"<loc>{french}</loc>") == 2
    assert f"/es/noticias/{release.pk}-" not in xml


def test_robots_txt_points_at_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text


# Query counts -------------------------------------------------------------


@pytest.fixture(params=[5, 500], ids=["5-releases", "500-releases"])
def many(request):
    office = CountryOfficeFactory()
    topic = TopicFactory()
    releases = bulk_public_releases(
        request.param, languages=("en", "fr"), office=office, topic=topic
    )
    for release in releases[:3]:
        ReleaseContactFactory(release=release)
    return {"releases": releases, "office": office, "topic": topic}


@pytest.mark.cold
def test_home_query_count(client, django_assert_num_queries, many):
    # the latest releases + their dateline places + menu
    with django_assert_num_queries(3):
        response = client.get(url_in("fr", "home"))
    assert len(response.context["latest_releases"]) == min(6, len(many["releases"]))


@pytest.mark.cold
def test_list_query_count(client, django_assert_num_queries, many):
    # offices + topics + count/years + the page's releases + their dateline
    # places + menu
    with django_assert_num_queries(7):  # with the kinds of item offered
        response = client.get(url_in("fr"))
    assert len(response.context["press_releases"]) == min(20, len(many["releases"]))


@pytest.mark.cold
def test_filtered_list_query_count(client, django_assert_num_queries, many):
    query = "?office={}&topic={}&region={}&year={}&page=2".format(
        many["office"].pk,
        many["topic"].pk,
        many["office"].region_id,
        timezone.now().year,
    )
    with django_assert_num_queries(7):  # as unfiltered
        response = client.get(url_in("fr") + query)
    assert response.status_code == 200


@pytest.mark.cold
def test_release_page_query_count(client, django_assert_num_queries, many):
    release = many["releases"][0]
    # release + related + dateline places (of both) + contacts + offices +
    # topics + menu: no documents, no gallery, no query for them
    with django_assert_num_queries(7):
        response = client.get(detail_url(release, "fr"))
    assert response.status_code == 200
    assert len(response.context["press_release"].related) == 3


@pytest.mark.cold
def test_search_query_count(client, django_assert_num_queries, many):
    # count + page + dateline places + menu
    with django_assert_num_queries(4):
        response = client.get(url_in("fr", "news:search") + "?q=bulk")
    assert response.context["paginator"].count == len(many["releases"])


def test_a_filter_number_with_leading_zeros_is_shown_chosen(client):
    topic = TopicFactory(name_en="Health")
    release = PressReleaseFactory(published=True)
    release.topics.add(topic)
    PressReleaseFactory(published=True)
    response = client.get(url_in("en") + f"?topic=0{topic.pk}")
    assert titles(response) == [release.pk]
    assert f'<option value="{topic.pk}" selected>Health</option>' in (
        response.content.decode()
    )
