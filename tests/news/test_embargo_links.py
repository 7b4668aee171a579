"""Embargoed preview links given from the release's own admin page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import EmbargoLink, Status
from tests.conftest import signed_in
from tests.news.factories import EmbargoLinkFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


def links_page(release):
    return reverse("admin:news_pressrelease_embargo_links", args=[release.pk])


def creation(**overrides):
    later = timezone.localtime() + datetime.timedelta(days=3)
    return {
        "create": "1",
        "language": "fr",
        "recipients": "Le Monde\n  Agence   France-Presse \n\nLe Monde\nEl País",
        "expires_at_0": later.strftime("%Y-%m-%d"),
        "expires_at_1": later.strftime("%H:%M"),
        **overrides,
    }


@pytest.fixture
def embargoed():
    return PressReleaseFactory(
        status=Status.PUBLISHED,
        title_fr="Embargo jusqu’à lundi",
        summary_fr="Le résumé.",
        body_fr="<p>Le texte.</p>",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )


def addresses(html: str) -> list[str]:
    return re.findall(r'readonly value="([^"]+)"', html)


def test_a_publisher_gives_one_link_per_recipient_from_the_release(
    publisher, client, embargoed
):
    staff = signed_in(publisher)
    change_form = staff.get(
        reverse("admin:news_pressrelease_change", args=[embargoed.pk])
    ).text
    assert links_page(embargoed) in change_form
    response = staff.post(links_page(embargoed), creation())
    assert response.status_code == 302, response.context["form"].errors
    page = staff.get(links_page(embargoed)).text
    # Blank and repeated lines are dropped, spaces tidied.
    assert sorted(EmbargoLink.objects.values_list("recipient", flat=True)) == [
        "Agence France-Presse",
        "El País",
        "Le Monde",
    ]
    shown = addresses(page)
    assert len(shown) == 3
    assert all(address.startswith("http://testserver/fr/") for address in shown)
    assert page.count('data-copy="embargo-address-') == 3
    # Each address works for a journalist, embargoed.
    for address in shown:
        preview = client.get(address.removeprefix("http://testserver"))
        assert preview.status_code == 200
        assert "Embargo jusqu’à lundi" in preview.text
        assert 'class="notice notice-embargo"' in preview.text


def test_their_state_reads_lifted_once_the_release_is_public(publisher, embargoed):
    EmbargoLinkFactory(release=embargoed, language="fr", recipient="Le Monde")
    staff = signed_in(publisher)
    assert ">Open<" in staff.get(links_page(embargoed)).text.replace("\n", "")
    embargoed.published_at = timezone.now() - datetime.timedelta(minutes=1)
    embargoed.save()
    page = staff.get(links_page(embargoed)).text
    assert "<td>Lifted</td>" in page
    assert 'name="revoke"' not in page


def test_bad_input_is_explained_and_kept(publisher, embargoed):
    staff = signed_in(publisher)
    past = timezone.localtime() - datetime.timedelta(days=1)
    response = staff.post(
        links_page(embargoed),
        creation(
            language="es",
            expires_at_0=past.strftime("%Y-%m-%d"),
            expires_at_1=past.strftime("%H:%M"),
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "This time has passed: choose one in the future." in errors["expires_at"]
    assert "language" in errors  # not translated into Spanish
    # What was typed is still there.
    assert "Agence   France-Presse" in response.text
    assert not EmbargoLink.objects.exists()
    empty = staff.post(links_page(embargoed), creation(recipients=" \n "))
    assert empty.context["form"].errors["recipients"] == [
        "Name at least one recipient."
    ]


def test_a_link_is_revoked_from_the_same_page(publisher, client, embargoed):
    link = EmbargoLinkFactory(release=embargoed, language="fr", recipient="Le Monde")
    staff = signed_in(publisher)
    assert (
        staff.post(links_page(embargoed), {"revoke": str(link.pk)}).status_code == 302
    )
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(link.get_absolute_url()).status_code == 410
    # A forged value is ignored, not an error page.
    assert staff.post(links_page(embargoed), {"revoke": "x'1"}).status_code == 302


def test_editors_neither_see_nor_reach_the_page(editor, embargoed):
    staff = signed_in(editor)
    change_form = staff.get(
        reverse("admin:news_pressrelease_change", args=[embargoed.pk])
    ).text
    assert links_page(embargoed) not in change_form
    assert staff.get(links_page(embargoed)).status_code == 403
    assert staff.post(links_page(embargoed), creation()).status_code == 403
    assert not EmbargoLink.objects.exists()
