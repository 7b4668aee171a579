"""Publication is all or nothing; side effects wait for the commit."""

import factory
import pytest
from django.contrib.admin.models import LogEntry

from news import services
from news.models import PressRelease, ReleaseContact, Status
from tests.editorial.test_conflicts import change_url, opened
from tests.news.factories import MediaContactFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db(transaction=True)


def translated(**kwargs):
    return PressReleaseFactory(
        french=True,
        title_es=factory.Sequence(lambda n: f"Comunicado {n}"),
        summary_es="R.",
        body_es="<p>C</p>",
        **kwargs,
    )


def test_a_failure_half_way_through_a_batch_publishes_nothing(publisher, monkeypatch):
    first, second = translated(), translated()
    real = services.check_publication_policy
    seen = []

    def fail_on_the_second(release):
        seen.append(release.pk)
        if len(seen) == 2:
            raise RuntimeError("disk full")
        return real(release)

    monkeypatch.setattr(services, "check_publication_policy", fail_on_the_second)
    with pytest.raises(RuntimeError):
        services.publish_press_releases(releases=[first, second], user=publisher)
    assert set(PressRelease.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert not LogEntry.objects.exists()  # the audit waits for a commit


def test_side_effects_run_once_committed(publisher):
    release = translated()
    services.publish_press_releases(releases=[release], user=publisher)
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED
    assert LogEntry.objects.get().change_message == "publish"


def test_publishing_through_the_form_saves_release_and_contacts_together(
    publisher, client, monkeypatch
):
    client.force_login(publisher)
    release = translated()
    contact = MediaContactFactory()
    form = opened(client, release)
    form.update(
        {
            "status": "published",
            "published_at_0": "2024-01-10",
            "published_at_1": "10:00:00",
            "release_contacts-TOTAL_FORMS": "1",
            "release_contacts-0-contact": str(contact.pk),
            "release_contacts-0-sort_order": "0",
        }
    )

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("storage went away")

    monkeypatch.setattr(ReleaseContact, "save", broken_save)
    with pytest.raises(RuntimeError):
        client.post(change_url(release), form)
    release.refresh_from_db()
    assert (release.status, release.version) == (Status.DRAFT, 1)
    assert not ReleaseContact.objects.exists()

    monkeypatch.undo()
    assert client.post(change_url(release), form).status_code == 302
    release.refresh_from_db()
    assert release.status == Status.PUBLISHED
    assert [c.pk for c in release.contacts()] == [contact.pk]
