"""``manage.py notify_expiring_rights``: editors hear, once per expiry date,
which releases use a photo whose rights end soon or have ended."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from images.models import Image
from notifications.models import Notification
from profiles import get_profile
from tests.news.factories import PressReleaseFactory, ReleaseImageFactory
from tests.news.test_library_photos import library_photo
from tests.notifications.conftest import body, run_worker, smtp, subject  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def in_days(days: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=days)


def notify(*args) -> str:
    out = StringIO()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 6, 0), tick=False):
        call_command("notify_expiring_rights", *args, stdout=out)
    return out.getvalue()


def notice_date(photo):
    return Image.objects.values_list("rights_notice_for", flat=True).get(pk=photo.pk)


def change_url(release) -> str:
    return reverse("admin:news_pressrelease_change", args=[release.pk])


@pytest.fixture
def author(django_user_model):
    # Not an editor any more, but still staff: told about their release.
    return django_user_model.objects.create_user(
        username="author", password="pw", is_staff=True, email="a@example.org"
    )


def test_editors_hear_which_releases_use_a_photo_whose_rights_end_soon(
    editor, publisher, author, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://www.example.org"
    photo = library_photo(title_en="Border post", rights_expire_on=in_days(10))
    lead = PressReleaseFactory(
        title_en="Floods in Peru", image=photo, created_by=author
    )
    in_gallery = ReleaseImageFactory(
        release=PressReleaseFactory(title_en="Lima meeting"), image=photo
    ).release
    PressReleaseFactory(title_en="Unrelated", image=library_photo())

    with django_capture_on_commit_callbacks(execute=True):
        output = notify()

    assert "Notified about 1 photo(s)." in output
    told = Notification.objects.order_by("recipient__username")
    assert [n.recipient.username for n in told] == ["author", "ed", "pub"]
    notice = told[0]
    assert notice.event == "rights_expiring"
    assert notice.url == reverse("admin:images_image_change", args=[photo.pk])
    assert notice.summary() == (
        "The rights to the photo “Border post” are ending or have ended, and "
        "press releases use it."
    )
    assert notice.comment.splitlines() == [
        "It may be shown until Dec. 11, 2026. Choose another photo for these "
        "press releases before then:",
        f"- Floods in Peru: https://www.example.org{change_url(lead)}",
        f"- Lima meeting: https://www.example.org{change_url(in_gallery)}",
    ]
    assert notice_date(photo) == in_days(10)


def test_each_expiry_date_is_told_once(editor):
    photo = library_photo(rights_expire_on=in_days(3))
    PressReleaseFactory(image=photo)
    notify()
    assert Notification.objects.count() == 1
    assert "Notified about 0 photo(s)." in notify()
    assert Notification.objects.count() == 1
    # A new date (the rights were extended, then end again) is news.
    photo.rights_expire_on = in_days(5)
    photo.save()
    notify()
    assert Notification.objects.count() == 2


def test_photos_further_off_wait_unless_asked_to_look_further(editor):
    PressReleaseFactory(image=library_photo(rights_expire_on=in_days(20)))
    assert "Notified about 0 photo(s)." in notify()
    assert "Notified about 1 photo(s)." in notify("--days", "30")
    assert Notification.objects.count() == 1


def test_expired_rights_are_told_with_the_placeholder_readers_see(editor):
    photo = library_photo(rights_expire_on=in_days(-2))
    ReleaseImageFactory(image=photo)
    notify()
    comment = Notification.objects.get().comment
    assert comment.startswith(
        "It could be shown until Nov. 29, 2026: readers now see a placeholder"
    )


def test_photos_no_release_uses_are_not_told(editor):
    library_photo(rights_expire_on=in_days(1))
    assert "Notified about 0 photo(s)." in notify()
    assert not Notification.objects.exists()


def test_a_dry_run_tells_nobody_and_lists_what_it_would(editor):
    photo = library_photo(title_en="Quay", rights_expire_on=in_days(1))
    PressReleaseFactory(title_en="Floods in Peru", image=photo)
    output = notify("--dry-run")
    assert "Quay (until 2026-12-02): Floods in Peru; 1 person(s)" in output
    assert "Would notify about 1 photo(s)." in output
    assert not Notification.objects.exists()
    assert notice_date(photo) is None


def test_the_email_goes_out_in_each_persons_language(
    editor,
    smtp,  # noqa: F811 - the fixture imported above
    django_capture_on_commit_callbacks,
):
    editor.email = "ed@example.org"
    editor.save()
    profile = get_profile(editor)
    profile.language = "fr"
    profile.save()
    PressReleaseFactory(
        title_en="Floods", image=library_photo(rights_expire_on=in_days(4))
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify()
    run_worker()
    [(recipients, message)] = smtp.messages
    assert recipients == ["ed@example.org"]
    assert "Border post" in subject(message)
    # The date in the reader's language, with the release's admin address.
    assert "5 décembre 2026" in body(message)
    assert "- Floods: https://www.example.org/admin/news/pressrelease/" in body(message)
