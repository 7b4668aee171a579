"""One way to publish a release: the form goes through the actions' service."""

import logging

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from news.models import PressRelease, Status
from tests.editorial.test_conflicts import change_url, opened
from tests.news.conftest import release_form_data
from tests.news.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db

NO_TIME = {"published_at_0": "", "published_at_1": ""}


def test_the_database_refuses_a_published_release_without_a_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        PressReleaseFactory(status=Status.PUBLISHED, published_at=None)


def test_validation_names_the_missing_publication_time():
    release = PressReleaseFactory.build(status=Status.PUBLISHED, published_at=None)
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert "A published press release needs a publication time." in str(error.value)


def test_a_publisher_who_publishes_with_an_empty_time_gets_now(
    publisher_client, caplog, django_capture_on_commit_callbacks
):
    release = PressReleaseFactory(french=True)
    form = opened(publisher_client, release)
    form.update(status="published", **NO_TIME)
    before = timezone.now()
    with (
        caplog.at_level(logging.INFO, logger="iomsite.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = publisher_client.post(change_url(release), form)
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED
    assert before <= release.published_at <= timezone.now()
    assert LogEntry.objects.filter(change_message="publish").count() == 1
    assert "publish by pub: news.PressRelease" in caplog.text


def test_a_release_added_as_published_goes_through_the_publish_service(
    publisher_client, caplog, django_capture_on_commit_callbacks
):
    with (
        caplog.at_level(logging.INFO, logger="iomsite.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = publisher_client.post(
            reverse("admin:news_pressrelease_add"),
            release_form_data(status="published"),
        )
    assert response.status_code == 302
    release = PressRelease.objects.get()
    assert release.status == Status.PUBLISHED
    assert release.published_at is not None
    assert release.created_by == publisher_client.user
    assert "publish by pub" in caplog.text


def test_a_time_given_in_the_form_is_kept_when_publishing(publisher_client):
    release = PressReleaseFactory(french=True)
    form = opened(publisher_client, release)
    form.update(
        status="published", published_at_0="2031-05-01", published_at_1="09:00:00"
    )
    assert publisher_client.post(change_url(release), form).status_code == 302
    release.refresh_from_db()
    assert release.is_scheduled is True
    assert timezone.localtime(release.published_at).date().isoformat() == ("2031-05-01")


def test_clearing_the_time_of_a_live_release_is_an_error_next_to_the_field(
    publisher_client,
):
    release = PressReleaseFactory(french=True, published=True)
    published_at = release.published_at
    form = opened(publisher_client, release)
    form.update(NO_TIME)
    response = publisher_client.post(change_url(release), form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["published_at"] == [
        "A published press release needs a publication time."
    ]
    release.refresh_from_db()
    assert release.published_at == published_at


def test_unpublishing_through_the_form_is_audited_like_the_action(
    publisher_client, caplog, django_capture_on_commit_callbacks
):
    release = PressReleaseFactory(french=True, published=True)
    form = opened(publisher_client, release)
    form.update(status="in_review")
    with (
        caplog.at_level(logging.INFO, logger="iomsite.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = publisher_client.post(change_url(release), form)
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == Status.IN_REVIEW
    entry = LogEntry.objects.get(change_message__startswith="unpublish")
    assert entry.change_message == "unpublish status=in_review"
    assert "unpublish by pub" in caplog.text


def test_an_editor_publishing_by_a_hand_made_post_gets_a_form_error(
    editor_client,
):
    release = PressReleaseFactory(french=True, status=Status.IN_REVIEW)
    form = opened(editor_client, release)
    form.update(status="published", **NO_TIME)
    response = editor_client.post(change_url(release), form)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    release.refresh_from_db()
    assert (release.status, release.published_at) == (Status.IN_REVIEW, None)
