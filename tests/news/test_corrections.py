"""Corrections, clarifications and updates of live items."""

import datetime
import json
import re

import feedparser
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from editorial.models import Draft
from news.models import Correction, PressRelease
from news.signals import correction_complete
from tests.conftest import signed_in
from tests.editorial.test_conflicts import change_url, opened
from tests.editorial.test_drafts import review
from tests.news.factories import CorrectionFactory, PressReleaseFactory
from tests.news.schema_org import assert_valid_json_ld
from tests.translations.conftest import make_translator
from translations.models import PublicationMode, PublicationPolicy
from translations.status import State, statuses_for

pytestmark = pytest.mark.django_db

NOTE_EN = "An earlier version said 12,000 people; the figure is 1,200."
NOTE_FR = "Une version antérieure indiquait 12 000 personnes ; le chiffre est 1 200."
NOTE_ES = "Una versión anterior decía 12.000 personas; la cifra es 1.200."
PUBLISHED = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))
CORRECTED = timezone.make_aware(datetime.datetime(2026, 3, 4, 15, 30))


def trilingual(**kwargs) -> PressRelease:
    fields = {
        "title_en": "Floods in Peru",
        "title_fr": "Inondations au Pérou",
        "title_es": "Inundaciones en Perú",
        "summary_fr": "Un résumé.",
        "summary_es": "Un resumen.",
        "body_fr": "<p>Texte.</p>",
        "body_es": "<p>Texto.</p>",
        "published_at": PUBLISHED,
    }
    return PressReleaseFactory(published=True, **{**fields, **kwargs})


def page(client, release, language):
    with override(language):
        return client.get(release.get_absolute_url())


def json_ld(response) -> dict:
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(found.group(1))


def feed(client, language, kind="rss"):
    with override(language):
        address = reverse(f"news:feed-{kind}")
    return feedparser.parse(client.get(address).content)


@pytest.fixture
def completions():
    received = []

    def receiver(sender, correction, **kwargs):
        received.append(correction)

    correction_complete.connect(receiver, weak=False)
    yield received
    correction_complete.disconnect(receiver)


def outdated_notes(release, language) -> list[str]:
    return [
        field.source
        for status in statuses_for(release)
        if status.language == language
        for field in status.outdated
        if field.extra
    ]


def add_correction_form(form: dict, text_en: str, **more) -> dict:
    total = int(form.get("corrections-TOTAL_FORMS", "0"))
    prefix = f"corrections-{total}"
    form.update(
        {
            f"{prefix}-type": more.get("type", "correction"),
            f"{prefix}-date_0": more.get("date", "2026-03-04"),
            f"{prefix}-date_1": more.get("time", "15:30:00"),
            f"{prefix}-original_language": "en",
            f"{prefix}-text_en": text_en,
            f"{prefix}-text_fr": "",
            f"{prefix}-text_es": "",
            "corrections-TOTAL_FORMS": str(total + 1),
        }
    )
    return form


def test_the_must_show_scenario(
    client,
    editor_client,
    publisher_client,
    django_user_model,
    completions,
    django_capture_on_commit_callbacks,
):
    release = trilingual()
    before_rss = feed(client, "en")
    [entry_before] = before_rss.entries
    before_atom = feed(client, "fr", "atom").entries[0]

    # An editor adds an English correction to the live release: a draft.
    form = opened(editor_client, release)
    add_correction_form(form, NOTE_EN)
    with time_machine.travel(CORRECTED, tick=False):
        response = editor_client.post(change_url(release), form)
    assert response.status_code == 302
    assert not Correction.objects.exists()
    assert Draft.objects.open().for_object(release).exists()
    assert NOTE_EN not in page(client, release, "en").content.decode()

    # A publisher approves it a minute later: it is live, in English only
    # (feeds give times to the second).
    later = timezone.now() + datetime.timedelta(minutes=1)
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        review(publisher_client, release, "approve")
    correction = Correction.objects.get()
    assert correction.added_by.username == "ed"
    release.refresh_from_db()
    assert release.corrected_at == CORRECTED
    assert completions == []

    # French and Spanish are outdated for translators, with the note.
    assert outdated_notes(release, "fr") == [NOTE_EN]
    assert outdated_notes(release, "es") == [NOTE_EN]
    states = {status.language: status.state for status in statuses_for(release)}
    assert states == {"fr": State.OUTDATED, "es": State.OUTDATED}
    admin_page = publisher_client.get(change_url(release)).content.decode()
    assert "Correction of" in admin_page and NOTE_EN in admin_page

    # French readers see the note in English, marked as such.
    french = page(client, release, "fr").content.decode()
    assert f'<p lang="en">{NOTE_EN}</p>' in french
    assert 'class="correction-untranslated"' in french

    # The translators add French, then Spanish.
    for code, text in (("fr", NOTE_FR), ("es", NOTE_ES)):
        translator = signed_in(
            make_translator(django_user_model, code, username=f"t-{code}")
        )
        address = reverse("admin:news_correction_change", args=[correction.pk])
        data = {"text_en": NOTE_EN, "text_fr": "", "text_es": ""}
        data[f"text_{code}"] = text
        data.update(
            {
                key: getattr(Correction.objects.get(), key) or ""
                for key in ("text_fr", "text_es")
                if key != f"text_{code}"
            }
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = translator.post(address, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert outdated_notes(release, code) == []
    correction.refresh_from_db()
    assert (correction.text_fr, correction.text_es) == (NOTE_FR, NOTE_ES)
    # Complete in the three required languages: announced once.
    assert completions == [correction]
    assert correction.completed_at is not None
    correction.save()
    assert completions == [correction]

    # Shown in all three, with valid JSON-LD.
    for code, text in (("en", NOTE_EN), ("fr", NOTE_FR), ("es", NOTE_ES)):
        response = page(client, release, code)
        html = response.content.decode()
        assert text in html
        assert "correction-untranslated" not in html
        data = json_ld(response)
        assert_valid_json_ld(data)
        # The last change: the correction, or the approval that put it live.
        release.refresh_from_db()
        modified = timezone.localtime(release.modified_at).isoformat()
        assert data["dateModified"] == modified >= CORRECTED.isoformat()
        assert data["correction"] == [
            {
                "@type": "CorrectionComment",
                "text": text,
                "datePublished": CORRECTED.isoformat(),
            }
        ]
    english = page(client, release, "en").content.decode()
    assert 'Updated <time datetime="2026-03-04T15:30:00+00:00">' in english

    # The feeds keep the item's GUID and move its update time.
    [entry_after] = feed(client, "en").entries
    assert entry_after.id == entry_before.id
    after_atom = feed(client, "fr", "atom").entries[0]
    assert after_atom.id == before_atom.id
    assert after_atom.updated_parsed > before_atom.updated_parsed


def test_a_correction_of_a_draft_is_saved_with_it(admin_client):
    release = PressReleaseFactory()
    form = opened(admin_client, release)
    add_correction_form(form, "A note.", type="update")
    response = admin_client.post(change_url(release), form)
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.type, correction.added_by) == ("update", admin_client.user)


def test_a_correction_needs_its_text_in_its_language(admin_client):
    release = PressReleaseFactory()
    form = opened(admin_client, release)
    add_correction_form(form, "")
    response = admin_client.post(change_url(release), form)
    assert response.status_code == 200
    assert "Write the note in English" in response.content.decode()
    assert not Correction.objects.exists()


def test_the_required_languages_come_from_the_policy(completions):
    PublicationPolicy.objects.update(
        mode=PublicationMode.TOGETHER, required_languages="en, fr"
    )
    release = trilingual()
    correction = CorrectionFactory(release=release)
    assert completions == []
    correction.text_fr = NOTE_FR
    correction.save()
    # Spanish is not required: complete with English and French.
    assert Correction.objects.get().completed_at is not None


def test_only_languages_the_item_has_are_waited_for(
    completions, django_capture_on_commit_callbacks
):
    english_only = PressReleaseFactory(published=True)
    with django_capture_on_commit_callbacks(execute=True):
        correction = CorrectionFactory(release=english_only)
    assert completions == [correction]
    assert outdated_notes(english_only, "fr") == []


def test_a_translator_cannot_change_text_readers_already_see(django_user_model):
    correction = CorrectionFactory(release=trilingual(), text_fr=NOTE_FR)
    translator = signed_in(make_translator(django_user_model, "fr"))
    address = reverse("admin:news_correction_change", args=[correction.pk])
    response = translator.post(
        address, {"text_fr": "Autre chose.", "text_en": NOTE_EN, "text_es": ""}
    )
    assert response.status_code == 200
    assert "Readers already see this text" in response.content.decode()
    correction.refresh_from_db()
    assert correction.text_fr == NOTE_FR


def test_the_corrections_page_lists_each_correction_with_its_item(
    client, django_assert_num_queries
):
    release = trilingual()
    CorrectionFactory(release=release, date=CORRECTED, text_fr=NOTE_FR)
    CorrectionFactory(
        release=trilingual(
            title_en="Drought", title_fr="Sécheresse", title_es="Sequía"
        ),
        type="clarification",
        text_en="We clarify the dates.",
    )
    hidden = PressReleaseFactory(title_en="Draft only")
    CorrectionFactory(release=hidden, text_en="Not for readers.")
    with override("fr"):
        address = reverse("news:correction-list")
    with django_assert_num_queries(3):  # count, the page, the menu
        response = client.get(address)
    html = response.content.decode()
    assert "Inondations au Pérou" in html and NOTE_FR in html
    assert "Clarification" in html or "clarification" in html.lower()
    assert '<p lang="en">We clarify the dates.</p>' in html
    assert "Not for readers." not in html
    assert f"{release.address_in('fr')}#correction-" in html


def test_the_release_page_costs_one_query_more_only_when_corrected(
    client, django_assert_num_queries
):
    # Neither has a topic, an office, documents or a gallery: no query for
    # related releases, documents or the gallery.
    plain = trilingual()
    with django_assert_num_queries(6):
        client.get(plain.get_absolute_url())
    corrected = trilingual(
        title_en="Other", title_fr="Autre", title_es="Otro", slug_en="other"
    )
    CorrectionFactory(release=corrected)
    with django_assert_num_queries(7):
        response = client.get(corrected.get_absolute_url())
    assert "The figure was 1,200 people" in response.content.decode()


def test_deleting_the_last_correction_clears_the_update_date():
    correction = CorrectionFactory()
    release = PressRelease.objects.get(pk=correction.release_id)
    assert release.corrected_at == correction.date
    correction.delete()
    release.refresh_from_db()
    assert release.corrected_at is None
