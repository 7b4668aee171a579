"""Media contacts on public pages: only active ones, only while public."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from tests.news.factories import (
    DatelinePlaceFactory,
    EmbargoLinkFactory,
    MediaContactFactory,
    PressReleaseFactory,
    ReleaseContactFactory,
)
from tests.organization.factories import CountryOfficeFactory

pytestmark = pytest.mark.django_db


def vcard(client, contact, language="en"):
    with override(language):
        return client.get(reverse("news:contact-vcard", kwargs={"pk": contact.pk}))


def page(client, release, language="en"):
    with override(language):
        response = client.get(release.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_vcard_of_a_contact_on_drafts_only_is_not_found(client):
    contact = MediaContactFactory(name="Not Yet Public")
    ReleaseContactFactory(release=PressReleaseFactory(), contact=contact)
    ReleaseContactFactory(
        release=PressReleaseFactory(status="in_review"), contact=contact
    )
    assert vcard(client, contact).status_code == 404


def test_the_vcard_of_a_contact_on_no_release_at_all_is_not_found(client):
    contact = MediaContactFactory()
    assert vcard(client, contact).status_code == 404


def test_the_vcard_is_served_in_the_languages_its_release_is_public_in(client):
    contact = MediaContactFactory()
    release = PressReleaseFactory(
        published=True, original_language="fr", french=True, title_en=""
    )
    ReleaseContactFactory(release=release, contact=contact)
    assert vcard(client, contact, "fr").status_code == 200
    assert vcard(client, contact, "en").status_code == 404


def test_an_inactive_contact_on_a_live_release_has_no_vcard_and_is_not_shown(client):
    office = CountryOfficeFactory(email="iomlima@iom.int", phone="+5112217209")
    release = PressReleaseFactory(published=True)
    DatelinePlaceFactory(release=release, office=office)
    gone = MediaContactFactory(
        name="Gone Person", email="gone@iom.int", is_active=False
    )
    ReleaseContactFactory(release=release, contact=gone)
    assert vcard(client, gone).status_code == 404
    html = page(client, release)
    assert "Gone Person" not in html
    assert "gone@iom.int" not in html
    assert gone.get_vcard_url() not in html
    # The office's general contact stands in for the person.
    contacts = html[html.index('class="media-contacts"') :]
    assert "IOM Peru" in contacts
    assert 'href="mailto:iomlima@iom.int"' in contacts
    assert 'href="tel:+51-1-2217209"' in contacts


def test_a_release_whose_offices_have_no_contact_shows_no_contact_block(client):
    release = PressReleaseFactory(published=True)
    DatelinePlaceFactory(release=release)  # an office without email or phone
    ReleaseContactFactory(
        release=release, contact=MediaContactFactory(name="Gone", is_active=False)
    )
    html = page(client, release)
    assert 'class="media-contacts"' not in html
    assert "Gone" not in html


def test_active_contacts_are_shown_and_an_inactive_one_beside_them_is_not(client):
    office = CountryOfficeFactory(email="iomlima@iom.int")
    release = PressReleaseFactory(published=True)
    release.country_offices.add(office)
    active = MediaContactFactory(name="Carolina Santos")
    ReleaseContactFactory(release=release, contact=active, sort_order=1)
    ReleaseContactFactory(
        release=release,
        contact=MediaContactFactory(name="Gone Person", is_active=False),
        sort_order=0,
    )
    html = page(client, release)
    assert "Carolina Santos" in html
    assert active.get_vcard_url() in html
    assert vcard(client, active).status_code == 200
    assert "Gone Person" not in html
    assert "iomlima@iom.int" not in html


def test_an_embargoed_release_shows_its_contacts_without_a_card_not_yet_served(
    client,
):
    release = PressReleaseFactory()
    contact = MediaContactFactory(name="Carolina Santos")
    ReleaseContactFactory(release=release, contact=contact)
    ReleaseContactFactory(
        release=release, contact=MediaContactFactory(name="Gone", is_active=False)
    )
    link = EmbargoLinkFactory(release=release, language="en")
    html = client.get(link.get_absolute_url()).content.decode()
    assert "Carolina Santos" in html
    assert contact.get_vcard_url() not in html
    assert "Gone" not in html


def test_staff_who_see_contacts_get_any_card_the_admin_links(editor_client):
    contact = MediaContactFactory()
    ReleaseContactFactory(release=PressReleaseFactory(), contact=contact)
    assert vcard(editor_client, contact).status_code == 200


@pytest.mark.cold
def test_inactive_contacts_and_the_office_fallback_cost_no_extra_query(client):
    def queries_for(release):
        with CaptureQueriesContext(connection) as queries:
            page(client, release)
        return len(queries)

    office = CountryOfficeFactory(email="iomlima@iom.int")
    with_active = PressReleaseFactory(published=True)
    DatelinePlaceFactory(release=with_active, office=office)
    with_active.country_offices.add(office)
    ReleaseContactFactory(release=with_active)
    with_inactive = PressReleaseFactory(published=True)
    DatelinePlaceFactory(release=with_inactive, office=office)
    with_inactive.country_offices.add(office)
    for _ in range(3):
        ReleaseContactFactory(
            release=with_inactive, contact=MediaContactFactory(is_active=False)
        )
    assert queries_for(with_inactive) == queries_for(with_active)
