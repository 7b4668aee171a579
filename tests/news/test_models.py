import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from news.models import DatelinePlace, PressRelease, Status
from tests.news.factories import (
    DatelinePlaceFactory,
    MediaContactFactory,
    PressReleaseFactory,
)
from tests.organization.factories import CountryOfficeFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
HOUR = datetime.timedelta(hours=1)


def public_titles(language, at=None):
    return sorted(r.title_en for r in PressRelease.objects.public_in(language, at))


def test_draft_is_not_public_in_any_language():
    release = PressReleaseFactory(title_en="Draft", french=True)
    assert public_titles("en") == []
    assert release.is_public_in("en") is False
    assert release.languages() == []


def test_published_release_is_public_only_where_translated():
    release = PressReleaseFactory(title_en="Out", published=True)
    assert public_titles("en") == ["Out"]
    assert public_titles("fr") == []
    assert release.languages() == ["en"]


@pytest.mark.parametrize(
    "missing", ["title_fr", "summary_fr", "body_fr"], ids=["title", "summary", "body"]
)
def test_a_language_missing_any_required_field_is_not_public(missing):
    release = PressReleaseFactory(published=True, french=True)
    PressRelease.objects.filter(pk=release.pk).update(**{missing: ""})
    release.refresh_from_db()
    assert public_titles("fr") == []
    assert release.is_public_in("fr") is False
    PressRelease.objects.filter(pk=release.pk).update(**{missing: None})
    release.refresh_from_db()
    assert public_titles("fr") == []
    assert release.is_public_in("fr") is False


def test_fallback_language_never_makes_a_release_look_translated(settings):
    release = PressReleaseFactory(published=True)
    # modeltranslation would serve the English title to Spanish readers.
    assert release.title_es is None
    assert PressRelease.objects.public_in("es").count() == 0
    assert release.is_public_in("es") is False


def test_scheduled_release_becomes_public_at_its_time_without_a_job():
    release = PressReleaseFactory(
        title_en="Later", status=Status.PUBLISHED, published_at=NOW + HOUR
    )
    assert public_titles("en", at=NOW) == []
    assert release.is_public_in("en", at=NOW) is False
    assert release.is_scheduled is True
    assert public_titles("en", at=NOW + 2 * HOUR) == ["Later"]
    assert release.is_public_in("en", at=NOW + 2 * HOUR) is True
    assert PressRelease.objects.public(at=NOW).count() == 0
    assert PressRelease.objects.public(at=NOW + 2 * HOUR).count() == 1


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED])
def test_only_published_status_is_public(status):
    release = PressReleaseFactory(status=status, published_at=NOW - HOUR)
    assert public_titles("en") == []
    assert release.is_public_in("en") is False


def test_published_without_a_time_cannot_be_stored():
    with pytest.raises(IntegrityError), transaction.atomic():
        PressReleaseFactory(status=Status.PUBLISHED, published_at=None)
    assert public_titles("en") == []


def test_queryset_and_instance_agree_on_every_combination():
    cases = [
        PressReleaseFactory(published=True),
        PressReleaseFactory(published=True, french=True),
        PressReleaseFactory(french=True),
        PressReleaseFactory(status=Status.PUBLISHED, published_at=NOW + HOUR),
        PressReleaseFactory(
            published=True,
            title_en="",
            title_fr="Seul",
            summary_fr="R",
            body_fr="<p>B</p>",
            original_language="fr",
        ),
    ]
    for language in ("en", "fr", "es"):
        in_db = set(
            PressRelease.objects.public_in(language).values_list("pk", flat=True)
        )
        in_python = {r.pk for r in cases if r.is_public_in(language)}
        assert in_db == in_python, language
    public = set(PressRelease.objects.public().values_list("pk", flat=True))
    assert public == {r.pk for r in cases if r.languages()}


def test_unknown_language_is_never_public():
    PressReleaseFactory(published=True)
    assert PressRelease.objects.public_in("de").count() == 0


def test_slug_is_made_from_the_title_per_language():
    release = PressReleaseFactory(
        title_en="IOM welcomes experts", title_fr="L’OIM accueille des experts"
    )
    assert release.slug_en == "iom-welcomes-experts"
    assert release.slug_fr == "loim-accueille-des-experts"
    assert release.slug_es in (None, "")


def test_long_titles_make_slugs_cut_at_a_word():
    release = PressReleaseFactory(title_en="word " * 45)
    assert len(release.slug_en) <= 100
    assert not release.slug_en.endswith("-")


def test_slug_clash_within_a_language_is_a_validation_error():
    PressReleaseFactory(title_en="Same", slug_en="same")
    release = PressReleaseFactory.build(title_en="Other", slug_en="same")
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert "slug_en" in error.value.message_dict


def test_same_slug_in_two_languages_is_fine():
    PressReleaseFactory(title_en="Same", slug_en="same")
    release = PressReleaseFactory.build(
        title_fr="Same", slug_fr="same", summary_fr="R", body_fr="<p>B</p>"
    )
    release.full_clean()


def test_original_language_needs_title_summary_and_body():
    # Drafts may be a title only (tests/editorial/test_forms.py).
    release = PressRelease(
        original_language="fr", title_fr="Titre", status=Status.IN_REVIEW
    )
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert set(error.value.message_dict) >= {"summary_fr", "body_fr"}


def test_an_empty_editor_paragraph_counts_as_no_body():
    release = PressRelease(
        original_language="en",
        title_en="T",
        summary_en="S",
        body_en="<p>&nbsp;</p>",
        status=Status.IN_REVIEW,
    )
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert "body_en" in error.value.message_dict


@pytest.mark.parametrize("bad", ["nul\x00byte", "bell\x07", "escape\x1b[31m"])
def test_control_characters_are_refused(bad):
    release = PressReleaseFactory.build(title_en=bad)
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert "title_en" in error.value.message_dict


def test_newlines_and_tabs_are_allowed_in_text():
    release = PressReleaseFactory.build(summary_en="line\nnext\tcolumn")
    release.full_clean()


def test_ten_thousand_character_title_is_refused():
    release = PressReleaseFactory.build(title_en="x" * 10_000, slug_en="x")
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert "title_en" in error.value.message_dict


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Pérou – 12 mars 2016"),
        ("en", "Peru – 12 March 2016"),
        ("es", "Perú – 12 de marzo de 2016"),
    ],
)
def test_dateline_follows_each_languages_style(language, expected):
    release = PressReleaseFactory(dateline_date=datetime.date(2016, 3, 12))
    DatelinePlaceFactory(release=release, office=CountryOfficeFactory(country="PE"))
    assert release.dateline_in(language) == expected


def test_dateline_with_two_places_and_the_first_of_the_month_in_french():
    release = PressReleaseFactory(dateline_date=datetime.date(2016, 3, 1))
    DatelinePlace.objects.create(
        release=release, city_en="Geneva", city_fr="Genève", sort_order=0
    )
    DatelinePlace.objects.create(release=release, country="IT", sort_order=1)
    assert release.dateline_in("fr") == "Genève/Italie – 1er mars 2016"
    assert release.dateline_in("en") == "Geneva/Italy – 1 March 2016"


def test_dateline_uses_the_publication_date_when_no_date_is_given():
    release = PressReleaseFactory(
        published_at=datetime.datetime(2020, 5, 4, 10, tzinfo=datetime.UTC)
    )
    DatelinePlace.objects.create(release=release, country="PE")
    assert release.dateline_in("en") == "Peru – 4 May 2020"


def test_dateline_place_is_one_of_office_country_or_city():
    release = PressReleaseFactory()
    both = DatelinePlace(release=release, country="PE", city_en="Lima")
    with pytest.raises(ValidationError):
        both.full_clean()
    neither = DatelinePlace(release=release)
    with pytest.raises(ValidationError):
        neither.full_clean()


def test_media_contact_phone_from_the_seed_round_trips():
    contact = MediaContactFactory.build(
        phone="+51.1.221.7209 Ext. 145", mobile="+ 51 968 216 777"
    )
    contact.full_clean()
    contact.save()
    contact.refresh_from_db()
    assert contact.phone == "+5112217209;ext=145"
    assert contact.mobile == "+51968216777"
    contact.full_clean()
    assert contact.phone == "+5112217209;ext=145"


def test_media_contact_refuses_unknown_language_codes():
    contact = MediaContactFactory.build(languages="es, klingon")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "languages" in error.value.message_dict


def test_contacts_keep_their_order():
    release = PressReleaseFactory()
    first, second = MediaContactFactory(name="Zoe"), MediaContactFactory(name="Adam")
    release.release_contacts.create(contact=first, sort_order=0)
    release.release_contacts.create(contact=second, sort_order=1)
    release = PressRelease.objects.for_detail().get(pk=release.pk)
    assert [c.name for c in release.contacts()] == ["Zoe", "Adam"]
