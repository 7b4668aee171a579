"""notify() and who each editorial signal reaches."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django_tasks_db.models import DBTaskResult

from editorial import signals
from news.models import PressRelease
from notifications.models import Notification
from notifications.services import notify
from pages.models import Page
from tests.factories import PageFactory, UserFactory
from tests.news.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def recipients(event: str) -> set[str]:
    return set(
        Notification.objects.filter(event=event).values_list(
            "recipient__username", flat=True
        )
    )


def test_notify_keeps_one_row_per_recipient_in_one_insert_and_sends_nothing(
    editor,
    publisher,
    mailoutbox,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    page = PageFactory(title_en="About us")
    publisher.email = "pub@example.org"
    publisher.save()
    others = UserFactory.create_batch(3)
    without_address = UserFactory(email="")
    with django_capture_on_commit_callbacks() as callbacks:
        # The content type (cached after), then one insert.
        ContentType.objects.get_for_model(Page)
        with django_assert_num_queries(1):
            made = notify(
                event="submitted",
                recipients=[publisher, *others, without_address, editor, None],
                obj=page,
                actor=editor,
                comment="Please look.",
            )
    assert len(made) == 5
    assert sorted(n.recipient.username for n in made) == sorted(
        ["pub", without_address.username, *(user.username for user in others)]
    )
    # The email waits for the commit, then for the worker.
    assert DBTaskResult.objects.count() == 0
    assert len(callbacks) == 1
    callbacks[0]()
    # One email each, for those who have an address.
    assert DBTaskResult.objects.filter(status="READY").count() == 4
    assert mailoutbox == []


def test_a_notification_names_its_item_even_once_the_item_is_gone(publisher):
    page = PageFactory(title_en="Annual report")
    [made] = notify(event="approved", recipients=[publisher], obj=page)
    assert made.target == page
    assert made.url == f"/admin/pages/page/{page.pk}/change/"
    page.delete()
    made.refresh_from_db()
    assert made.target is None
    assert made.title == "Annual report"
    assert "“Annual report”" in made.summary()


def test_nobody_is_told_of_their_own_step(editor):
    page = PageFactory()
    assert notify(event="commented", recipients=[editor], obj=page, actor=editor) == []
    assert not Notification.objects.exists()


def test_a_submitted_change_reaches_active_staff_who_may_publish_that_model(
    editor, publisher, django_user_model
):
    django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    django_user_model.objects.create_user(
        "retired", is_superuser=True, is_staff=True, is_active=False
    )
    # A superuser without staff status cannot use the admin.
    django_user_model.objects.create_user("script", is_superuser=True)
    page = PageFactory()
    signals.draft_submitted.send(
        sender=Page, obj=page, actor=editor, author=editor, comment="", language=None
    )
    assert recipients("submitted") == {"pub", "root"}


def test_a_submitted_release_reaches_release_publishers_only(
    editor, publisher, django_user_model
):
    from django.contrib.auth.models import Permission

    pages_only = UserFactory(username="pages-only")
    pages_only.user_permissions.add(Permission.objects.get(codename="publish_page"))
    release = PressReleaseFactory()
    signals.draft_submitted.send(
        sender=PressRelease, obj=release, actor=editor, author=editor, comment=""
    )
    assert recipients("submitted") == {"pub"}


@pytest.mark.parametrize(
    ("signal", "event"),
    [
        (signals.draft_approved, "approved"),
        (signals.draft_rejected, "rejected"),
        (signals.draft_commented, "commented"),
        (signals.scheduled_published, "scheduled_published"),
    ],
)
def test_the_author_hears_of_their_draft(editor, publisher, signal, event):
    page = PageFactory()
    signal.send(
        sender=Page,
        obj=page,
        actor=publisher,
        author=editor,
        comment="Well sourced.",
        language=None,
    )
    [notification] = Notification.objects.all()
    assert (notification.recipient, notification.event) == (editor, event)
    assert (notification.actor, notification.comment) == (publisher, "Well sourced.")


def test_an_outside_answer_reaches_who_sent_the_link(publisher):
    page = PageFactory()
    signals.review_answered.send(
        sender=Page, obj=page, actor=None, author=publisher, comment="Approved."
    )
    assert recipients("review_answered") == {"pub"}


def test_a_missing_language_reaches_that_languages_translators_only(
    publisher, django_user_model
):
    from tests.translations.conftest import make_translator

    make_translator(django_user_model, "fr", username="traducteur")
    make_translator(django_user_model, "es", username="traductora")
    django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    page = PageFactory(title_en="Mission")
    signals.translation_needed.send(
        sender=Page, obj=page, actor=publisher, author=None, comment="", language="fr"
    )
    [notification] = Notification.objects.all()
    assert notification.recipient.username == "traducteur"
    assert notification.summary() == "“Mission” is on the site without French."
