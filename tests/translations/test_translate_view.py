import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from news.models import PressRelease
from tests.conftest import signed_in
from tests.news.factories import PressReleaseFactory
from tests.translations.conftest import make_translator
from tests.translations.factories import GlossaryTermFactory, TranslationUnitFactory
from translations.models import SegmentTranslation, TranslationUnit

pytestmark = pytest.mark.django_db

BODY = (
    "<p>IOM met experts in Lima on 12 March 2016.</p>"
    '<p>Read <a href="https://www.iom.int/report">the report</a> today.</p>'
)
FR_TITLE = "L'OIM réunit des experts"
FR_SUMMARY = "Un résumé."
FR_PARAGRAPHS = [
    "L'OIM a réuni des experts à Lima le 12 mars 2016.",
    "Lisez {1}le rapport{/1} aujourd'hui.",
]


def url(release, language="fr"):
    content_type = ContentType.objects.get_for_model(PressRelease)
    return reverse(
        "admin:translations_translate", args=[content_type.pk, release.pk, language]
    )


def release_to_translate(**kwargs):
    return PressReleaseFactory(
        title_en="IOM meets experts",
        summary_en="A summary.",
        body_en=BODY,
        **kwargs,
    )


def complete_post(**overrides):
    data = {
        "segment-title-0": FR_TITLE,
        "segment-summary-0": FR_SUMMARY,
        "segment-body-0": FR_PARAGRAPHS[0],
        "segment-body-1": FR_PARAGRAPHS[1],
    }
    data.update(overrides)
    return data


def test_translator_sees_the_source_rendered_beside_a_field_per_segment(
    french_translator,
):
    release = release_to_translate()
    response = french_translator.get(url(release))
    assert response.status_code == 200
    html = response.content.decode()
    # Rendered, not raw: the link is a link and the text field holds tokens.
    assert '<a href="https://www.iom.int/report" rel="noopener noreferrer">' in html
    assert 'data-source="Read {1}the report{/1} today."' in html
    assert 'name="segment-body-0"' in html
    assert 'name="segment-body-1"' in html
    assert 'name="segment-title-0"' in html
    assert response.context["counts"] == {"missing": 4, "outdated": 0, "done": 0}


def test_the_change_form_and_the_board_link_to_the_translate_view(french_translator):
    release = release_to_translate()
    change = french_translator.get(
        reverse("admin:news_pressrelease_change", args=[release.pk])
    )
    assert url(release) in change.content.decode()
    board = french_translator.get(
        reverse("admin:translations_translationstatus_changelist")
    )
    assert url(release) in board.content.decode()


def test_only_who_may_change_the_language_opens_it(
    french_translator, django_user_model
):
    release = release_to_translate()
    spanish = signed_in(make_translator(django_user_model, "es", username="es"))
    assert spanish.get(url(release, "fr")).status_code == 403
    assert spanish.get(url(release, "es")).status_code == 200
    assert spanish.post(url(release, "fr"), complete_post()).status_code == 403
    french_translator.logout()
    assert french_translator.get(url(release)).status_code == 302
    release.refresh_from_db()
    assert not release.title_fr


def test_the_source_language_has_nothing_to_translate(admin_client):
    release = release_to_translate()
    assert admin_client.get(url(release, "en")).status_code == 404


def test_a_complete_translation_is_rebuilt_into_the_fields_and_remembered(
    french_translator,
):
    release = release_to_translate()
    response = french_translator.post(url(release), complete_post())
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.title_fr == FR_TITLE
    assert release.body_fr == (
        "<p>L'OIM a réuni des experts à Lima le 12 mars 2016.</p>"
        '<p>Lisez <a href="https://www.iom.int/report" rel="noopener noreferrer">'
        "le rapport</a> aujourd'hui.</p>"
    )
    assert "fr" in release.translated_languages()
    assert SegmentTranslation.objects.filter(language="fr").count() == 4
    assert TranslationUnit.objects.filter(
        source_language="en",
        target_language="fr",
        source_text="Read {1}the report{/1} today.",
        target_text=FR_PARAGRAPHS[1],
    ).exists()


def test_a_partial_translation_is_kept_but_the_language_is_not_public(
    french_translator,
):
    release = release_to_translate()
    response = french_translator.post(
        url(release), complete_post(**{"segment-body-1": ""}), follow=True
    )
    assert "Still to translate or update" in response.content.decode()
    release.refresh_from_db()
    assert not release.body_fr
    assert "fr" not in release.translated_languages()
    page = french_translator.get(url(release))
    assert page.context["counts"] == {"missing": 1, "outdated": 0, "done": 3}
    assert "réuni des experts à Lima" in page.content.decode()


def test_broken_placeholders_refuse_the_save_and_keep_what_was_typed(
    french_translator,
):
    release = release_to_translate()
    broken = "Lisez le rapport{/1} aujourd'hui."
    response = french_translator.post(
        url(release), complete_post(**{"segment-body-1": broken})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "body, segment 2" in html
    assert "Lisez le rapport{/1} aujourd&#x27;hui." in html
    assert SegmentTranslation.objects.count() == 0
    release.refresh_from_db()
    assert not release.title_fr


def test_when_the_source_changes_only_that_segment_is_outdated_with_a_diff(
    french_translator,
):
    release = release_to_translate()
    french_translator.post(url(release), complete_post())
    release.refresh_from_db()
    release.body_en = BODY.replace("12 March 2016", "14 March 2016")
    release.save()

    page = french_translator.get(url(release))
    assert page.context["counts"] == {"missing": 0, "outdated": 1, "done": 3}
    body = next(field for field in page.context["fields"] if field.name == "body")
    first, second = body.segments
    assert first.state == "outdated"
    assert first.target == FR_PARAGRAPHS[0]
    assert str(first.diff()) == (
        "IOM met experts in Lima on <del>12</del><ins>14</ins> March 2016."
    )
    assert second.state == "done" and second.target == FR_PARAGRAPHS[1]
    # The number differs from the new source: warned, not blocked.
    assert any("Numbers or dates differ" in w for w in first.warnings)

    # Saving without touching it keeps it outdated; updating it clears it.
    french_translator.post(url(release), complete_post())
    assert french_translator.get(url(release)).context["counts"]["outdated"] == 1
    french_translator.post(
        url(release),
        complete_post(**{"segment-body-0": FR_PARAGRAPHS[0].replace("12", "14")}),
    )
    page = french_translator.get(url(release))
    assert page.context["counts"] == {"missing": 0, "outdated": 0, "done": 4}
    release.refresh_from_db()
    assert "14 mars 2016" in release.body_fr


def test_a_translation_of_a_live_item_waits_as_a_draft(french_translator):
    release = release_to_translate(published=True)
    response = french_translator.post(url(release), complete_post(), follow=True)
    assert "waits for a publisher" in response.content.decode()
    release.refresh_from_db()
    assert not release.title_fr
    # The translator's work is kept for the next visit.
    assert french_translator.get(url(release)).context["counts"]["done"] == 4


def test_glossary_terms_are_shown_and_a_missing_agreed_term_is_warned(
    french_translator,
):
    GlossaryTermFactory(
        source_language="en",
        target_language="fr",
        term="experts",
        translation="spécialistes",
        notes="Agreed with the Andean Community.",
        forbidden="experts",
    )
    release = release_to_translate()
    french_translator.post(url(release), complete_post())
    html = french_translator.get(url(release)).content.decode()
    assert "Agreed with the Andean Community." in html
    assert "The agreed translation of “experts” is “spécialistes”." in html
    assert "“experts” is not to be used: write “spécialistes”." in html


def test_memory_suggestions_show_their_match_and_origin(french_translator):
    other = release_to_translate()
    TranslationUnitFactory(
        source_language="en",
        target_language="fr",
        source_text="IOM met experts in Lima on 12 March 2016.",
        target_text="Exact d'ailleurs.",
        content_type=ContentType.objects.get_for_model(PressRelease),
        object_id=other.pk,
        field="body",
    )
    TranslationUnitFactory(
        source_language="en",
        target_language="fr",
        source_text="IOM met experts in Quito on 12 March 2016.",
        target_text="Presque pareil.",
    )
    release = release_to_translate()
    page = french_translator.get(url(release))
    body = next(field for field in page.context["fields"] if field.name == "body")
    suggestions = body.segments[0].suggestions
    assert [(s.score, s.target_text) for s in suggestions][0] == (
        100,
        "Exact d'ailleurs.",
    )
    assert suggestions[1].target_text == "Presque pareil."
    assert 60 <= suggestions[1].score < 100
    html = page.content.decode()
    assert reverse("admin:news_pressrelease_change", args=[other.pk]) in html
    assert 'data-use="Presque pareil."' in html


def test_an_editor_translates_into_any_language(editor_client):
    release = release_to_translate()
    assert editor_client.get(url(release, "es")).status_code == 200
    editor_client.post(url(release, "fr"), complete_post())
    release.refresh_from_db()
    assert release.title_fr == FR_TITLE


def test_a_translation_changed_in_the_change_form_since_is_what_the_view_shows(
    french_translator,
):
    release = release_to_translate()
    french_translator.post(url(release), complete_post())
    release.refresh_from_db()
    release.body_fr = release.body_fr.replace("Lima", "Lima (Pérou)")
    release.save()
    page = french_translator.get(url(release))
    body = next(field for field in page.context["fields"] if field.name == "body")
    assert body.segments[0].target == (
        "L'OIM a réuni des experts à Lima (Pérou) le 12 mars 2016."
    )
    assert page.context["counts"] == {"missing": 0, "outdated": 0, "done": 4}


def test_a_translation_that_does_not_line_up_is_shown_for_reference(
    french_translator,
):
    release = release_to_translate()
    release.body_fr = "<p>Un seul <em>paragraphe</em> pour deux.</p>"
    release.save()
    page = french_translator.get(url(release))
    body = next(field for field in page.context["fields"] if field.name == "body")
    assert [work.state for work in body.segments] == ["missing", "missing"]
    assert "Un seul <em>paragraphe</em> pour deux." in page.content.decode()


def test_deleting_an_item_forgets_its_saved_segments_but_not_the_memory(
    french_translator,
):
    release = release_to_translate()
    french_translator.post(url(release), complete_post(**{"segment-body-1": ""}))
    rows = SegmentTranslation.objects.filter(object_id=release.pk)
    assert rows.exists()
    remembered = TranslationUnit.objects.count()
    assert remembered
    release.delete()
    assert not rows.exists()
    assert TranslationUnit.objects.count() == remembered
