"""The work inbox on the admin home page, for each role."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from news.models import PressRelease, Status
from tests.conftest import member, signed_in
from tests.news.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

HOME = "/admin/"


def panel(html: str, key: str) -> str:
    found = re.search(
        rf'<section class="module" aria-labelledby="inbox-{key}">(.*?)</section>',
        html,
        re.S,
    )
    return found.group(1) if found else ""


def titles(section: str) -> list[str]:
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section)


def test_an_editor_sees_their_drafts_and_what_waits_for_review(editor, publisher):
    mine = PressReleaseFactory(title_en="My draft", created_by=editor)
    PressReleaseFactory(title_en="Someone else's draft", created_by=publisher)
    PressReleaseFactory(
        title_en="Mine in review", created_by=editor, status=Status.IN_REVIEW
    )
    html = signed_in(editor).get(HOME).text
    drafts = panel(html, "release-drafts")
    assert titles(drafts) == ["My draft"]
    assert reverse("admin:news_pressrelease_change", args=[mine.pk]) in drafts
    assert "(1 item)" in drafts
    assert titles(panel(html, "release-mine-in-review")) == ["Mine in review"]
    # Publishers' panels are not an editor's.
    assert panel(html, "release-review") == ""
    # The page keeps its list of applications below.
    assert 'id="content-main"' in html


def test_a_publisher_sees_reviews_oldest_first_and_the_weeks_schedule(publisher):
    now = timezone.now()
    newer = PressReleaseFactory(title_en="Newer in review", status=Status.IN_REVIEW)
    older = PressReleaseFactory(title_en="Older in review", status=Status.IN_REVIEW)
    PressRelease.objects.filter(pk=older.pk).update(
        updated_at=now - datetime.timedelta(days=3)
    )
    PressRelease.objects.filter(pk=newer.pk).update(
        updated_at=now - datetime.timedelta(days=1)
    )
    PressReleaseFactory(
        title_en="Out on Friday",
        status=Status.PUBLISHED,
        published_at=now + datetime.timedelta(days=2),
    )
    PressReleaseFactory(
        title_en="Out next month",
        status=Status.PUBLISHED,
        published_at=now + datetime.timedelta(days=30),
    )
    PressReleaseFactory(
        published=True,
        title_en="Appeal ending",
        expires_at=now + datetime.timedelta(days=1),
    )
    html = signed_in(publisher).get(HOME).text
    assert titles(panel(html, "release-review")) == [
        "Older in review",
        "Newer in review",
    ]
    assert titles(panel(html, "release-scheduled")) == ["Out on Friday"]
    assert titles(panel(html, "release-expiring")) == ["Appeal ending"]
    assert "Appeal ending" in titles(panel(html, "release-recent"))
    assert '<h2 id="inbox-title">Your work</h2>' in html


def test_a_translator_sees_what_is_missing_in_their_language_live_first(
    django_user_model,
):
    translator = member(django_user_model, "tr", "Translator (French)")
    now = timezone.now()
    PressReleaseFactory(title_en="Draft without French")
    PressReleaseFactory(
        published=True,
        title_en="Live without French",
        published_at=now - datetime.timedelta(days=5),
    )
    PressReleaseFactory(
        published=True,
        title_en="Live in French too",
        title_fr="Aussi en français",
        summary_fr="Résumé.",
        body_fr="<p>Texte.</p>",
    )
    html = signed_in(translator).get(HOME).text
    section = panel(html, "release-missing-fr")
    assert titles(section) == ["Live without French", "Draft without French"]
    assert "?language=fr&amp;model=news.pressrelease" in section
    # Not the other languages' panels, nor the editors'.
    assert panel(html, "release-missing-es") == ""
    assert panel(html, "release-drafts") == ""


def test_an_empty_panel_says_so(publisher):
    html = signed_in(publisher).get(HOME).text
    assert "Nothing is waiting for review." in panel(html, "release-review")


def test_the_inbox_is_in_the_persons_language(publisher):
    PressReleaseFactory(title_en="In review", status=Status.IN_REVIEW)
    client = signed_in(publisher)
    html = client.get(HOME, headers={"accept-language": "fr"}).text
    assert "Votre travail" in html


@pytest.mark.parametrize("count", [10, 10_000])
def test_each_panel_is_one_query_whatever_the_archive(
    publisher, editor, count, django_assert_max_num_queries
):
    now = timezone.now()
    PressRelease.objects.bulk_create(
        PressRelease(
            title_en=f"Release {number}",
            slug_en=f"release-{number}",
            summary_en="Summary.",
            body_en="<p>Body.</p>",
            original_language="en",
            status=(Status.IN_REVIEW, Status.PUBLISHED, Status.DRAFT)[number % 3],
            published_at=now - datetime.timedelta(hours=number)
            if number % 3 == 1
            else None,
            created_by=editor,
        )
        for number in range(count)
    )
    publisher.groups.add(Group.objects.get(name="Editor"))
    client = signed_in(publisher)
    client.get(HOME)  # sessions, content types and the like, once
    from editorial.inbox import _panels

    shown = [panel for panel in _panels.values() if panel.shown_to(publisher)]
    # Session, user, the second factor the session passed, permissions and
    # the app list: as for Django's own index; then one query per panel,
    # whatever the archive.
    with django_assert_max_num_queries(7 + len(shown)) as queries:
        html = client.get(HOME).text
    panel_queries = [
        query["sql"] for query in queries if "news_pressrelease" in query["sql"]
    ]
    assert len(panel_queries) == 6
    in_review = len(range(0, count, 3))
    assert len(titles(panel(html, "release-review"))) == min(10, in_review)
    assert f"({in_review:,} items)" in html or f"({in_review} items)" in html


def test_drafts_of_live_content_reach_the_publisher_and_come_back_with_comments(
    editor_client, publisher_client
):
    from tests.editorial.test_conflicts import change_url, opened

    release = PressReleaseFactory(published=True, title_en="Floods in Peru")
    form = opened(editor_client, release)
    form["title_en"] = "Floods in Peru: 10,000 displaced"
    assert editor_client.post(change_url(release), form).status_code == 302

    waiting = panel(publisher_client.get(HOME).text, "drafts-review")
    assert titles(waiting) == ["Floods in Peru: 10,000 displaced"]
    assert change_url(release) in waiting
    assert titles(panel(editor_client.get(HOME).text, "drafts-mine")) == [
        "Floods in Peru: 10,000 displaced"
    ]

    data = opened(publisher_client, release)
    data.update(
        editorial_decision="reject",
        editorial_review_comment="Say where the figure comes from.",
    )
    review_url = reverse("admin:news_pressrelease_draft_review", args=[release.pk])
    assert publisher_client.post(review_url, data).status_code == 302

    html = editor_client.get(HOME).text
    returned = panel(html, "drafts-sent-back")
    assert titles(returned) == ["Floods in Peru: 10,000 displaced"]
    assert "Say where the figure comes from." in returned
    assert panel(html, "drafts-mine") == ""
    assert "No change waits for your review." in panel(
        publisher_client.get(HOME).text, "drafts-review"
    )
