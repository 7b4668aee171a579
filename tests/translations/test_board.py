from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Kind, PressRelease, Status
from tests.news.factories import MediaContactFactory, PressReleaseFactory, TopicFactory
from tests.organization.factories import UnitFactory
from tests.translations.conftest import make_translator
from translations import workspace
from translations.registry import TRANSLATABLES

pytestmark = pytest.mark.django_db

BOARD = reverse("admin:translations_translationstatus_changelist")


def counts(response) -> dict[str, int]:
    return {value: count for value, _label, count in response.context["counts"]}


def test_board_is_linked_from_the_admin_index(french_translator):
    page = french_translator.get(reverse("admin:index")).content.decode()
    assert BOARD in page


def test_board_is_closed_to_staff_without_a_translator_role(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="clerk", password="pw", is_staff=True
    )
    client.force_login(user)
    assert client.get(BOARD).status_code == 403


def test_board_counts_each_state_for_the_chosen_language(french_translator):
    PressReleaseFactory(original_language="en")  # French missing
    PressReleaseFactory(
        original_language="en", title_fr="T", summary_fr="R", body_fr="<p>C</p>"
    )  # done
    outdated = UnitFactory(name_en="Office")
    outdated.name_en = "Office of the DG"
    outdated.save()
    response = french_translator.get(BOARD, {"language": "fr"})
    assert counts(response) == {"missing": 1, "outdated": 1, "done": 1}
    assert {row.language for row in response.context["rows"]} == {"fr"}


def test_a_translator_of_one_language_gets_it_by_default(french_translator):
    PressReleaseFactory(original_language="en")
    response = french_translator.get(BOARD)
    assert response.context["chosen"]["language"] == "fr"


def test_board_filters_by_model_and_state(french_translator):
    release = PressReleaseFactory(original_language="en")
    UnitFactory(name_fr="")
    TopicFactory(name_fr="")
    response = french_translator.get(
        BOARD, {"language": "fr", "model": "news.pressrelease", "state": "missing"}
    )
    rows = response.context["rows"]
    assert [row.obj for row in rows] == [release]
    change = reverse("admin:news_pressrelease_change", args=[release.pk])
    assert f'href="{change}"' in response.content.decode()


def test_all_languages_list_a_row_per_target_language(french_translator):
    PressReleaseFactory(
        original_language="fr", title_fr="T", summary_fr="R", body_fr="<p>C</p>"
    )
    response = french_translator.get(
        BOARD, {"language": "", "model": "news.pressrelease", "state": ""}
    )
    assert sorted(row.language for row in response.context["rows"]) == ["en", "es"]


def board_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(BOARD, {"language": "fr"})
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries]


def create_content(rows: int) -> None:
    PressReleaseFactory.create_batch(rows, original_language="en", title_fr="T")
    UnitFactory.create_batch(rows)
    MediaContactFactory.create_batch(rows)


def test_board_query_count_is_flat(french_translator):
    create_content(1)
    french_translator.get(BOARD)  # warm the content-type cache
    few = board_queries(french_translator)
    create_content(9)
    many = board_queries(french_translator)
    assert len(many) == len(few)
    # One query per kind of content and one for every fingerprint (and
    # one for the page's, with its segments, to count words to translate);
    # the rest is the session and the user's permissions.
    content = [sql for sql in many if "translations_sourcefingerprint" in sql]
    assert len(content) == 2
    tables = {item.model._meta.db_table for item in TRANSLATABLES}
    loads = [sql for sql in many if any(f'FROM "{table}"' in sql for table in tables)]
    # ...and one for the marks corrections put on releases (news).
    assert len(loads) == len(TRANSLATABLES) + 1


# The day's work (issue 21).


def test_board_opens_on_to_do_in_the_translators_language(french_translator):
    todo = PressReleaseFactory(original_language="en")
    PressReleaseFactory(original_language="en", french=True)  # French done
    response = french_translator.get(BOARD)
    assert response.context["chosen"] == {
        "language": "fr",
        "model": "",
        "state": "todo",
    }
    rows = response.context["rows"]
    assert [(row.obj, row.language) for row in rows] == [(todo, "fr")]
    # ...and everything else is a filter away.
    everything = french_translator.get(BOARD, {"state": "", "language": ""})
    assert {row.state for row in everything.context["rows"]} >= {"missing", "done"}


def test_a_translator_of_two_languages_gets_both(client, django_user_model):
    user = make_translator(django_user_model, "fr", "es")
    client.force_login(user)
    release = PressReleaseFactory(
        original_language="fr",
        french=True,
        title_en="",
        summary_en="",
        body_en="",
    )
    response = client.get(BOARD, {"model": "news.pressrelease"})
    assert response.context["chosen"]["language"] == "mine"
    rows = response.context["rows"]
    assert [(row.obj, row.language) for row in rows] == [(release, "es")]
    assert "My languages" in response.content.decode()


def test_live_items_come_first_then_the_newest(french_translator):
    now = timezone.now()
    draft = PressReleaseFactory(original_language="en")
    old = PressReleaseFactory(
        original_language="en", published=True, published_at=now - timedelta(days=9)
    )
    new = PressReleaseFactory(
        original_language="en", published=True, published_at=now - timedelta(hours=2)
    )
    scheduled = PressReleaseFactory(
        original_language="en", published=True, published_at=now + timedelta(days=1)
    )
    unit = UnitFactory(name_fr="")
    response = french_translator.get(BOARD)
    objects = [row.obj for row in response.context["rows"]]
    # Units have no publication: on the site as soon as they exist.
    assert objects == [new, old, unit, scheduled, draft]


def test_each_row_shows_kind_date_and_words_to_translate(french_translator):
    statement = Kind.objects.get(code="statement")
    release = PressReleaseFactory(
        original_language="en",
        kind=statement,
        published=True,
        published_at=timezone.make_aware(datetime(2026, 3, 4, 10, 0)),
        title_en="Six seven",
        summary_en="Eight.",
        body_en="<p>One <em>two</em> three.</p><p>Four five.</p>",
    )
    response = french_translator.get(BOARD, {"model": "news.pressrelease"})
    (row,) = response.context["rows"]
    assert row.kind == str(statement) == "Official statement"
    assert row.words == 8
    html = response.content.decode()
    assert 'datetime="2026-03-04T10:00:00' in html
    assert '<td class="words">8</td>' in html
    # The title translated: what is left is what the translate view shows.
    release.title_fr = "Six sept"
    release.save()
    response = french_translator.get(BOARD, {"model": "news.pressrelease"})
    (row,) = response.context["rows"]
    fields = workspace.load(release, "fr")
    left = [
        work.segment.text
        for field in fields
        for work in field.segments
        if work.state != "done"
    ]
    assert len(left) == 3
    assert row.words == 6


def test_other_models_are_of_their_own_kind(french_translator):
    UnitFactory(name_fr="")
    response = french_translator.get(BOARD, {"model": "organization.unit"})
    (row,) = response.context["rows"]
    assert row.kind == "unit"
    assert row.date is None


def create_releases(count: int) -> None:
    PressRelease.objects.bulk_create(
        PressRelease(
            title_en=f"Release {number}",
            slug_en=f"release-{number}",
            summary_en="A summary.",
            body_en="<p>A body of five words.</p>",
            original_language="en",
            status=Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=number + 1),
            kind=Kind.objects.get(code="press-release"),
        )
        for number in range(count)
    )


def test_board_is_paginated_and_page_links_keep_the_filters(french_translator):
    create_releases(60)
    query = {"language": "fr", "model": "news.pressrelease", "state": "missing"}
    first = french_translator.get(BOARD, query)
    assert len(first.context["rows"]) == 50
    assert first.context["rows"][0].obj.title_en == "Release 0"
    html = first.content.decode()
    assert (
        'href="?language=fr&amp;model=news.pressrelease&amp;state=missing&amp;page=2"'
        in html
    )
    second = french_translator.get(BOARD, {**query, "page": 2})
    assert [row.obj.title_en for row in second.context["rows"]] == [
        f"Release {number}" for number in range(50, 60)
    ]
    # Counts are for every page.
    assert counts(second)["missing"] == 60


@pytest.mark.parametrize("releases", [6, 60])
def test_board_page_costs_the_same_with_more_rows(
    french_translator, django_assert_max_num_queries, releases
):
    create_releases(releases)
    french_translator.get(BOARD)  # warm the content-type cache
    # Session, user, second factors (3), permissions (2), unread
    # notifications; a query per kind of content and one for the
    # corrections' marks; fingerprints; the page's segments and
    # fingerprints for the words; its assignments.
    with django_assert_max_num_queries(len(TRANSLATABLES) + 13):
        response = french_translator.get(BOARD)
    assert len(response.context["rows"]) == min(releases, 50)
    # "Release n", "A summary.", "A body of five words."
    assert all(row.words == 9 for row in response.context["rows"])
