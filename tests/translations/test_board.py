import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.news.factories import MediaContactFactory, PressReleaseFactory, TopicFactory
from tests.organization.factories import UnitFactory
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
