"""Titles and names with direction overrides or invisible characters."""

import pytest
from django.urls import reverse

from news.models import MediaContact, PressRelease
from organization.models import CountryOffice
from tests.editorial.html_forms import change_form_data
from tests.news.conftest import release_form_data
from tests.news.factories import MediaContactFactory, PressReleaseFactory
from tests.organization.factories import CountryOfficeFactory

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "report‮fdp.exe" reads "reportexe.pdf"
INVISIBLE = "\u200b\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c\u2066\u2069\u202a"


def test_an_editor_saves_a_title_with_a_right_to_left_override_and_it_is_cleaned(
    editor_client,
):
    data = release_form_data(
        title_fr=f"Rapport annuel {RLO}fdp.exe",
        title_en=f"Annual{INVISIBLE} report",
    )
    response = editor_client.post(reverse("admin:news_pressrelease_add"), data)
    assert response.status_code == 302
    release = PressRelease.objects.get()
    assert release.title_fr == "Rapport annuel fdp.exe"
    assert release.title_en == "Annual report"
    stored = PressRelease.objects.values_list("title", "title_fr", "title_en").get()
    assert not any(RLO in (value or "") for value in stored)
    changelist = editor_client.get(reverse("admin:news_pressrelease_changelist"))
    html = changelist.content.decode()
    assert "Rapport annuel fdp.exe" in html
    assert RLO not in html


def test_an_editor_cannot_hide_characters_in_a_media_contact_name_or_role(
    editor_client,
):
    contact = MediaContactFactory(name="Carolina Santos")
    url = reverse("admin:news_mediacontact_change", args=[contact.pk])
    data = change_form_data(
        editor_client.get(url).content.decode(), "mediacontact_form"
    )
    data["name"] = f"Carolina{RLO} Santos\u200b"
    data["role_en"] = f"IOM{INVISIBLE} Peru"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    contact = MediaContact.objects.get()
    assert contact.name == "Carolina Santos"
    assert contact.role_en == "IOM Peru"


def test_full_clean_cleans_every_language_column_of_a_name():
    office = CountryOfficeFactory(
        city_en=f"Lima{RLO}", city_fr="\u200bLima", city_es="Lima"
    )
    office.full_clean()
    office.save()
    office = CountryOffice.objects.get()
    assert (office.city_en, office.city_fr, office.city_es) == ("Lima",) * 3


def test_bodies_and_summaries_keep_their_joiners():
    # A zero-width joiner is part of how some scripts are written (here the
    # Devanagari half-form).
    text = "क्\u200dष"
    release = PressReleaseFactory(
        title_en="Joiners", summary_en=text, body_en=f"<p>{text}</p>"
    )
    release.full_clean()
    release.save()
    release.refresh_from_db()
    assert release.summary_en == text
    assert release.body_en == f"<p>{text}</p>"


def test_cleaning_one_language_never_copies_another_into_it():
    release = PressReleaseFactory(
        original_language="fr",
        title_en="",
        summary_en="",
        body_en="",
        title_fr=f"Un titre{RLO}",
        summary_fr="Un résumé.",
        body_fr="<p>Un texte.</p>",
    )
    release.full_clean()
    release.save()
    release.refresh_from_db()
    assert release.title_fr == "Un titre"
    assert release.title_en in ("", None)
