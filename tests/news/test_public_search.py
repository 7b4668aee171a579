"""Search in the press releases, on every database and on PostgreSQL."""

import re

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse
from django.utils.translation import override

from news.models import PressRelease
from news.search import (
    CONFIGURATIONS,
    MAX_QUERY_LENGTH,
    clean_query,
    mark_words,
    search_document,
    with_local_country_names,
)
from tests.news.factories import PressReleaseFactory, bulk_public_releases

pytestmark = pytest.mark.django_db


def search(client, query, language="en", **params):
    with override(language):
        url = reverse("news:search")
    return client.get(url, {"q": query, **params})


def found(response):
    return [release.pk for release in response.context["results"]]


@pytest.fixture
def peru():
    return PressReleaseFactory(
        published=True,
        title_en="IOM Peru hosts migration statistics experts",
        summary_en="Experts of the Andean Community meet in Lima.",
        body_en="<p>Migrants' <strong>data</strong> were discussed.</p>",
        title_fr="L’OIM au Pérou accueille des experts en statistiques",
        summary_fr="Des experts de la Communauté andine se réunissent à Lima.",
        body_fr="<p>Les données sur les migrants ont été examinées.</p>",
        title_es="La OIM en Perú recibe a expertos en estadísticas",
        summary_es="Expertos de la Comunidad Andina se reúnen en Lima.",
        body_es="<p>Se examinaron los datos sobre migrantes.</p>",
    )


@pytest.fixture
def chile():
    return PressReleaseFactory(
        published=True,
        title_en="Chile opens a new office",
        summary_en="A new office in Santiago.",
        body_en="<p>Nothing about the other country.</p>",
    )


def test_search_finds_words_in_title_summary_and_body(client, peru, chile):
    assert found(search(client, "statistics")) == [peru.pk]
    assert found(search(client, "Andean")) == [peru.pk]
    assert found(search(client, "santiago")) == [chile.pk]
    assert sorted(found(search(client, "office"))) == [chile.pk]


def test_search_needs_every_word(client, peru, chile):
    assert found(search(client, "experts lima")) == [peru.pk]
    assert found(search(client, "experts santiago")) == []


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_search_in_each_language_only_finds_what_is_public_in_it(
    client, peru, language
):
    english_only = PressReleaseFactory(
        published=True, title_en="Lima experts again", summary_en="Lima."
    )
    PressReleaseFactory(title_en="Draft about Lima", summary_en="Lima.")
    response = search(client, "Lima", language)
    assert response.status_code == 200
    expected = {peru.pk} | ({english_only.pk} if language == "en" else set())
    assert set(found(response)) == expected


def test_search_ignores_accents(client, peru):
    assert found(search(client, "perou", "fr")) == [peru.pk]
    assert found(search(client, "PEROU", "fr")) == [peru.pk]
    assert found(search(client, "Communaute andine", "fr")) == [peru.pk]
    assert found(search(client, "peru", "es")) == [peru.pk]


def test_country_named_in_another_language_is_found(client, peru):
    assert found(search(client, "peru", "fr")) == [peru.pk]
    assert found(search(client, "Pérou Lima", "es")) == [peru.pk]


def test_country_names_are_rewritten_in_the_readers_language():
    assert with_local_country_names("peru migrants", "fr") == "Pérou migrants"
    assert with_local_country_names("suisse", "en") == "Switzerland"
    assert with_local_country_names("united kingdom", "es") == "Reino Unido"
    assert with_local_country_names("nothing here", "fr") == "nothing here"


@pytest.mark.cold
def test_empty_query_gets_a_friendly_page_without_searching(
    client, django_assert_num_queries
):
    PressReleaseFactory(published=True)
    with django_assert_num_queries(1):  # the menu
        response = search(client, "   ")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Type one or more words" in html
    assert list(response.context["results"]) == []


def test_no_result_page_suggests_the_list(client, peru):
    response = search(client, "zzzzqqq")
    assert response.status_code == 200
    assert "Nothing matches in this language" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "'",
        "\\",
        ":*",
        "&|!",
        "experts & | ! :* ' \\ %",
        "'experts",
        '"unclosed',
        "-",
        "or or or",
        "!!!!",
        "a\x00b",
        "<script>alert(1)</script>",
        "(((",
        "experts:*",
        "x" * 5000,
        "experts " * 1000,
        "😀 emoji",
    ],
)
def test_odd_queries_give_a_normal_page(client, peru, query):
    response = search(client, query)
    assert response.status_code == 200
    assert len(response.context["query"]) <= MAX_QUERY_LENGTH
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_long_query_is_cut_and_the_reader_told(client, peru):
    response = search(client, "experts " + "x" * 5000)
    assert response.status_code == 200
    assert len(response.context["query"]) == MAX_QUERY_LENGTH
    assert "Your search was long" in response.content.decode()


def test_search_keeps_the_query_across_pages(client):
    bulk_public_releases(25)
    first = search(client, "summary")
    assert first.context["paginator"].count == 25
    assert "?q=summary&amp;page=2" in first.content.decode()
    second = search(client, "summary", page="2")
    assert len(second.context["results"]) == 5
    past = search(client, "summary", page="99")
    assert past.context["page_obj"].number == 2


def test_snippets_are_escaped_and_marked(client):
    release = PressReleaseFactory(
        published=True,
        title_en="Water",
        summary_en="Clean water <script>alert(1)</script> for Pérou & others.",
    )
    response = search(client, "water")
    html = response.content.decode()
    assert found(response) == [release.pk]
    assert "<script>alert(1)</script>" not in html
    assert "<mark>" in html


def test_mark_words_marks_accented_text_from_folded_words():
    assert mark_words("Le Pérou & <b>", ["perou"]) == (
        "Le <mark>Pérou</mark> &amp; &lt;b&gt;"
    )


def test_clean_query_drops_control_characters_and_cuts():
    assert clean_query("a\x00b\n  c") == "a b c"
    assert len(clean_query("y" * 10_000)) == MAX_QUERY_LENGTH


def test_search_results_page_is_not_indexed(client, peru):
    html = search(client, "experts").content.decode()
    assert '<meta name="robots" content="noindex">' in html


# PostgreSQL ---------------------------------------------------------------


@pytest.mark.postgres
def test_postgres_ranks_title_matches_first(client):
    in_body = PressReleaseFactory(
        published=True,
        title_en="Annual report",
        summary_en="Figures.",
        body_en="<p>Some words about resettlement.</p>",
    )
    in_title = PressReleaseFactory(
        published=True,
        title_en="Resettlement resumes",
        summary_en="Resettlement flights resume.",
        body_en="<p>Text.</p>",
    )
    assert found(search(client, "resettlement")) == [in_title.pk, in_body.pk]


@pytest.mark.postgres
def test_postgres_stems_in_the_readers_language(client, peru):
    assert found(search(client, "migrant", "en")) == [peru.pk]
    assert found(search(client, "statistique", "fr")) == [peru.pk]
    assert found(search(client, "estadística", "es")) == [peru.pk]
    assert found(search(client, "réunir", "fr")) == [peru.pk]


@pytest.mark.postgres
def test_postgres_websearch_syntax(client, peru, chile):
    assert found(search(client, '"new office"')) == [chile.pk]
    assert found(search(client, "office -chile")) == []
    assert sorted(found(search(client, "lima or santiago"))) == sorted(
        [peru.pk, chile.pk]
    )


@pytest.mark.postgres
def test_postgres_snippet_highlights_and_escapes(client):
    PressReleaseFactory(
        published=True,
        title_en="Water",
        summary_en="Clean water <script>alert(1)</script> & more.",
        body_en="<p>The <strong>water</strong> points were repaired.</p>",
    )
    response = search(client, "water")
    snippet = str(response.context["results"][0].snippet)
    assert "<mark>water</mark>" in snippet.lower()
    assert "<script>" not in snippet
    assert "<strong>" not in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


@pytest.mark.postgres
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_postgres_search_uses_the_language_index(language):
    PressReleaseFactory(published=True, french=True)
    query = SearchQuery("x", search_type="websearch", config=CONFIGURATIONS[language])
    releases = PressRelease.objects.alias(document=search_document(language)).filter(
        document=query
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = releases.explain()
    assert f"news_release_document_{language}" in plan


@pytest.mark.postgres
def test_postgres_search_configurations_ignore_accents():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('iom_french', 'Pérou'), "
            "to_tsvector('iom_spanish', 'Perú'), "
            "to_tsvector('iom_english', 'Café')"
        )
        assert cursor.fetchone() == ("'perou':1", "'peru':1", "'cafe':1")


def test_search_follows_an_edited_release_at_once(client):
    release = PressReleaseFactory(
        published=True, body_en="<p>The water points were repaired.</p>"
    )
    assert found(search(client, "water")) == [release.pk]
    release.body_en = "<p>The shelters were rebuilt.</p>"
    release.save()
    assert found(search(client, "water")) == []
    assert found(search(client, "shelters")) == [release.pk]
    PressRelease.objects.filter(pk=release.pk).update(title_en="Harvest season")
    assert found(search(client, "harvest")) == [release.pk]
