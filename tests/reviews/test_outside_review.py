"""One review link for someone without an account, with their answer."""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial import signals
from reviews.models import ReviewComment, ReviewLink
from tests.conftest import signed_in
from tests.news.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def release():
    return PressReleaseFactory(
        title_en="Relief for flood survivors",
        summary_en="IOM is helping.",
        body_en="<p>First paragraph.</p><ul><li>One</li><li>Two</li></ul>"
        "<p>Third <strong>paragraph</strong>.</p>",
        title_fr="Secours aux sinistrés",
        summary_fr="L’OIM aide.",
        body_fr="<p>Premier paragraphe.</p>",
    )


def review_page(release):
    return reverse("admin:news_pressrelease_outside_review", args=[release.pk])


def send_link(publisher, release, reviewer="Legal Affairs") -> str:
    staff = signed_in(publisher)
    later = timezone.localtime() + datetime.timedelta(days=3)
    response = staff.post(
        review_page(release),
        {
            "create": "1",
            "reviewer": reviewer,
            "expires_at_0": later.strftime("%Y-%m-%d"),
            "expires_at_1": later.strftime("%H:%M"),
        },
    )
    assert response.status_code == 302
    page = staff.get(review_page(release)).text
    address = re.search(r'readonly value="(http://testserver/review/[^"]+)"', page)
    return address.group(1).removeprefix("http://testserver")


def test_a_reviewer_reads_every_language_comments_and_approves(
    publisher, release, django_capture_on_commit_callbacks
):
    answered = []
    signals.review_answered.connect(
        lambda **kwargs: answered.append(kwargs), weak=False, dispatch_uid="t"
    )
    try:
        address = send_link(publisher, release)
        reviewer = Client()
        page = reviewer.get(address)
        assert page.status_code == 200
        html = page.text
        assert "Relief for flood survivors" in html
        assert "Secours aux sinistrés" in html and "Premier paragraphe." in html
        assert page["X-Robots-Tag"] == "noindex, nofollow"
        assert page["Referrer-Policy"] == "no-referrer"
        # One comment box per paragraph: the list is one paragraph.
        boxes = re.findall(r'<textarea id="(comment-en-\d+-\d+)"', html)
        assert len(boxes) == 2 + 1 + 3  # title, summary, dateline, body x3
        with_comment = re.search(
            r'<div class="rich-text"><ul><li>One</li><li>Two</li></ul></div>.*?'
            r'<textarea id="([^"]+)"',
            html,
            re.S,
        ).group(1)
        with django_capture_on_commit_callbacks(execute=True):
            response = reviewer.post(
                address,
                {
                    "csrfmiddlewaretoken": reviewer.cookies.get("csrftoken", ""),
                    with_comment: "Add a third point.",
                    "decision": "approved",
                    "comment": "Fine with the change above.",
                    "name": "Ana Ruiz",
                },
            )
        assert response.status_code == 302
        link = ReviewLink.objects.get()
        assert link.decision == "approved" and link.answered_by == "Ana Ruiz"
        comment = ReviewComment.objects.get()
        assert (comment.language, comment.part, comment.position) == ("en", "Body", 2)
        assert comment.excerpt == "OneTwo"  # the commented list, as text
        # The reviewer's page now says it was sent, and takes no second answer.
        thanks = reviewer.get(address).text
        assert "Thank you: your answer was sent." in thanks
        assert "<textarea" not in thanks
        # The history and the sender's inbox have it; the sender is told.
        assert LogEntry.objects.filter(
            object_id=str(release.pk), change_message__contains="Ana Ruiz"
        ).exists()
        inbox = signed_in(publisher).get("/admin/").text
        assert "Answers from outside reviewers" in inbox
        assert "Relief for flood survivors" in inbox
        admin_page = signed_in(publisher).get(review_page(release)).text
        assert "Add a third point." in admin_page
        assert answered and answered[0]["author"] == publisher
    finally:
        signals.review_answered.disconnect(dispatch_uid="t")


def test_asking_for_changes_needs_a_comment_and_keeps_what_was_typed(
    publisher, release
):
    address = send_link(publisher, release)
    reviewer = Client()
    html = reviewer.get(address).text
    box = re.search(r'<textarea id="(comment-fr-\d+-\d+)"', html).group(1)
    response = reviewer.post(address, {"decision": "changes", box: "", "name": ""})
    assert response.status_code == 200
    assert "Say what should change" in response.text
    assert "Give your name" in response.text
    response = reviewer.post(
        address, {"decision": "", box: "Titre trop long.", "name": "Ana"}
    )
    assert "Choose an answer" in response.text
    assert "Titre trop long.</textarea>" in response.text
    assert 'value="Ana"' in response.text
    assert not ReviewComment.objects.exists()
    assert ReviewLink.objects.get().answered_at is None


def test_expired_and_revoked_links_no_longer_work(publisher, release):
    address = send_link(publisher, release)
    link = ReviewLink.objects.get()
    signed_in(publisher).post(review_page(release), {"revoke": str(link.pk)})
    assert Client().get(address).status_code == 410
    other = send_link(publisher, release, reviewer="DG office")
    ReviewLink.objects.filter(reviewer="DG office").update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert Client().get(other).status_code == 410
    assert Client().get("/review/not-a-token/").status_code == 404


def test_only_publishers_send_items_out(editor, release):
    staff = signed_in(editor)
    change_form = staff.get(
        reverse("admin:news_pressrelease_change", args=[release.pk])
    ).text
    assert review_page(release) not in change_form
    assert staff.get(review_page(release)).status_code == 403
    assert not ReviewLink.objects.exists()


def test_content_pages_go_out_for_review_too(django_user_model):
    from tests.conftest import member
    from tests.factories import PageFactory

    publisher = member(django_user_model, "pagepub", "Publisher")
    page = PageFactory(title_en="Our work", body_en="<p>We help.</p>")
    staff = signed_in(publisher)
    url = reverse("admin:pages_page_outside_review", args=[page.pk])
    later = timezone.localtime() + datetime.timedelta(days=1)
    staff.post(
        url,
        {
            "create": "1",
            "reviewer": "Comms director",
            "expires_at_0": later.strftime("%Y-%m-%d"),
            "expires_at_1": later.strftime("%H:%M"),
        },
    )
    link = ReviewLink.objects.get()
    html = Client().get(link.get_absolute_url()).text
    assert "Our work" in html and "We help." in html
