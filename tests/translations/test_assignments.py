import datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from tests.conftest import signed_in
from tests.news.factories import PressReleaseFactory
from tests.translations.conftest import make_translator
from tests.translations.factories import AssignmentFactory
from translations.models import Assignment

pytestmark = pytest.mark.django_db

BOARD = reverse("admin:translations_translationstatus_changelist")
HOME = reverse("admin:index")
TODAY = datetime.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def _assignment_rights():
    # A browser test's flush empties the groups' rights: grant them again
    # as the data migration did.
    import_module("translations.migrations.0006_assignments").grant(apps, None)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def french(django_user_model):
    user = make_translator(django_user_model, "fr", username="amelie")
    user.first_name, user.last_name = "Amélie", "Durand"
    user.save()
    return user


@pytest.fixture
def spanish(django_user_model):
    return make_translator(django_user_model, "es", username="sofia")


def assign_url(obj, language: str) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse(
        "admin:translations_assign", args=[content_type.pk, obj.pk, language]
    )


def translate_url(obj, language: str) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse(
        "admin:translations_translate", args=[content_type.pk, obj.pk, language]
    )


@pytest.mark.parametrize("role", ["publisher", "editor"])
def test_publishers_and_editors_assign_from_the_board(request, role, french):
    user = request.getfixturevalue(role)
    client = signed_in(user)
    release = PressReleaseFactory(original_language="en", title_en="Floods in Peru")
    board = client.get(BOARD, {"language": "fr"}).content.decode()
    link = assign_url(release, "fr")
    assert link in board
    assert "Assign “Floods in Peru” into French" in board
    form = client.get(link, {"next": BOARD + "?language=fr"})
    assert "Amélie Durand" in form.content.decode()
    response = client.post(
        link,
        {
            "translator": french.pk,
            "due_on": "2026-12-10",
            "next": BOARD + "?language=fr",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == BOARD + "?language=fr"
    assignment = Assignment.objects.get()
    assert (assignment.item, assignment.language) == (release, "fr")
    assert assignment.translator == french
    assert assignment.assigned_by == user
    assert assignment.due_on == datetime.date(2026, 12, 10)
    board = client.get(BOARD, {"language": "fr"}).content.decode()
    assert "Amélie Durand, due 12/10/2026" in board


def test_a_translator_may_not_assign(client, french):
    client.force_login(french)
    release = PressReleaseFactory(original_language="en")
    assert assign_url(release, "fr") not in client.get(BOARD).content.decode()
    assert client.get(assign_url(release, "fr")).status_code == 403
    response = client.post(
        assign_url(release, "fr"), {"translator": french.pk, "due_on": "2026-12-10"}
    )
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_only_a_translator_of_the_language_can_be_picked(
    publisher_client, french, spanish
):
    release = PressReleaseFactory(original_language="en")
    form = publisher_client.get(assign_url(release, "fr")).content.decode()
    assert "sofia" not in form
    response = publisher_client.post(
        assign_url(release, "fr"), {"translator": spanish.pk, "due_on": "2026-12-10"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "sofia does not translate into French" in html
    assert "Translator (French)" in html
    # What was typed is still there.
    assert 'value="2026-12-10"' in html
    assert not Assignment.objects.exists()


def test_a_past_due_date_is_refused(publisher_client, french):
    release = PressReleaseFactory(original_language="en")
    response = publisher_client.post(
        assign_url(release, "fr"), {"translator": french.pk, "due_on": "2026-12-01"}
    )
    assert "This day has passed" in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_source_language_cannot_be_assigned(publisher_client, french):
    release = PressReleaseFactory(original_language="en")
    assert publisher_client.get(assign_url(release, "en")).status_code == 404


def test_assigning_again_replaces_the_open_assignment(
    publisher_client, french, django_user_model
):
    other = make_translator(django_user_model, "fr", username="luc")
    release = PressReleaseFactory(original_language="en")
    AssignmentFactory(item=release, translator=french)
    publisher_client.post(
        assign_url(release, "fr"), {"translator": other.pk, "due_on": "2026-12-20"}
    )
    assignment = Assignment.objects.get()
    assert assignment.translator == other
    assert assignment.due_on == datetime.date(2026, 12, 20)


def test_an_overdue_assignment_is_marked_on_the_board(publisher_client, french):
    release = PressReleaseFactory(original_language="en")
    AssignmentFactory(
        item=release, translator=french, due_on=datetime.date(2026, 12, 4)
    )
    html = publisher_client.get(BOARD, {"language": "fr"}).content.decode()
    assert '<strong class="overdue">overdue (due 12/04/2026)</strong>' in html


def test_the_translators_inbox_lists_assignments_overdue_first(client, french):
    late = PressReleaseFactory(original_language="en", title_en="Late one")
    soon = PressReleaseFactory(original_language="en", title_en="Soon one")
    AssignmentFactory(item=soon, translator=french, due_on=datetime.date(2026, 12, 9))
    AssignmentFactory(item=late, translator=french, due_on=datetime.date(2026, 12, 1))
    client.force_login(french)
    html = client.get(HOME).content.decode()
    assert "Translations assigned to me" in html
    assert html.index("Late one into French") < html.index("Soon one into French")
    assert "overdue, was due Dec. 1, 2026" in html
    assert "due Dec. 9, 2026" in html
    assert f'href="{translate_url(late, "fr")}"' in html


def test_the_inbox_panel_is_for_translators_only(publisher_client):
    html = publisher_client.get(HOME).content.decode()
    assert "Translations assigned to me" not in html


def test_an_assignment_is_done_when_its_translation_is(client, french):
    release = PressReleaseFactory(original_language="en")
    assignment = AssignmentFactory(item=release, translator=french)
    other = AssignmentFactory(item=release, translator=french, language="es")
    release.title_fr = "Un titre"
    release.save()
    assignment.refresh_from_db()
    assert assignment.done_at is None  # summary and body still to do
    release.summary_fr = "Un résumé."
    release.body_fr = "<p>Un texte.</p>"
    release.save()
    assignment.refresh_from_db()
    other.refresh_from_db()
    assert assignment.done_at == timezone.now()
    assert other.done_at is None
    client.force_login(french)
    html = client.get(HOME).content.decode()
    assert translate_url(release, "fr") not in html
    assert translate_url(release, "es") in html


def test_the_inbox_costs_the_same_with_more_assignments(
    client, french, django_assert_max_num_queries
):
    client.force_login(french)
    client.get(HOME)
    for _ in range(12):
        AssignmentFactory(item=PressReleaseFactory(), translator=french)
    with django_assert_max_num_queries(30) as few:
        client.get(HOME)
    for _ in range(12):
        AssignmentFactory(item=PressReleaseFactory(), translator=french)
    with django_assert_max_num_queries(len(few)) as many:
        html = client.get(HOME).content.decode()
    assert "(24 items)" in html
    assert len(many) == len(few)


def test_a_row_done_by_other_means_shows_its_assignment_done(publisher_client, french):
    release = PressReleaseFactory(original_language="en", french=True)
    # Open: the French was there before the assignment (no save since).
    AssignmentFactory(
        item=release, translator=french, due_on=datetime.date(2026, 12, 4)
    )
    html = publisher_client.get(BOARD, {"language": "fr", "state": ""}).content.decode()
    assert "Amélie Durand, done" in html
    assert "overdue" not in html


def test_a_deleted_item_leaves_no_assignment_in_the_inbox(client, french):
    gone = PressReleaseFactory(original_language="en", title_en="Withdrawn one")
    AssignmentFactory(item=gone, translator=french, due_on=datetime.date(2026, 12, 9))
    gone.delete()
    assert not Assignment.objects.exists()
    client.force_login(french)
    assert "Withdrawn one" not in client.get(HOME).content.decode()
