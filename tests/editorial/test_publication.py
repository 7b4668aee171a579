"""Publishing through the form saves the release and its inlines together.

The services' own all-or-nothing tests are in tests/news/test_services.py.
"""

import factory
import pytest

from news.models import ReleaseContact, Status
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
