from xml.etree import ElementTree

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse

from news.models import PressRelease
from tests.news.factories import PressReleaseFactory
from tests.translations.factories import TranslationUnitFactory
from translations import memory
from translations.models import TranslationUnit

pytestmark = pytest.mark.django_db


def test_saving_a_translation_in_the_change_form_path_fills_the_memory():
    release = PressReleaseFactory(body_en="<p>First paragraph.</p><p>Second.</p>")
    release.body_fr = "<p>Premier paragraphe.</p><p>Deuxième.</p>"
    release.title_fr = "Titre"
    release.save()
    units = TranslationUnit.objects.filter(target_language="fr")
    pairs = {(unit.source_text, unit.target_text, unit.field) for unit in units}
    assert ("First paragraph.", "Premier paragraphe.", "body") in pairs
    assert ("Second.", "Deuxième.", "body") in pairs
    assert (release.title_en, "Titre", "title") in pairs
    unit = units.get(source_text="Second.")
    assert unit.content_type == ContentType.objects.get_for_model(PressRelease)
    assert unit.object_id == release.pk


def test_a_translation_that_does_not_line_up_with_its_source_is_not_guessed():
    release = PressReleaseFactory(body_en="<p>One.</p><p>Two.</p>")
    release.body_fr = "<p>Un et deux.</p>"
    release.save()
    assert not TranslationUnit.objects.filter(field="body").exists()


def test_exact_matches_come_first_then_fuzzy_ones_with_their_percentage():
    TranslationUnitFactory(
        source_text="Migrants crossed the border in 2016.",
        target_text="Des migrants ont traversé la frontière en 2016.",
    )
    TranslationUnitFactory(
        source_text="Migrants crossed the river in 2016.",
        target_text="Des migrants ont traversé la rivière en 2016.",
    )
    TranslationUnitFactory(source_text="Something else entirely.")
    TranslationUnitFactory(
        source_text="Migrants crossed the border in 2016.",
        target_text="Wrong direction.",
        source_language="en",
        target_language="es",
    )
    found = memory.suggest(
        "Migrants  crossed the border in 2016.",
        source_language="fr",
        target_language="en",
    )
    assert [(s.score, s.target_text) for s in found] == [
        (100, "Des migrants ont traversé la frontière en 2016."),
        (
            memory.score(
                "Migrants crossed the border in 2016.",
                "Migrants crossed the river in 2016.",
            ),
            "Des migrants ont traversé la rivière en 2016.",
        ),
    ]
    assert 60 <= found[1].score < 100


def test_the_memory_command_reads_existing_translations():
    release = PressReleaseFactory(french=True)
    TranslationUnit.objects.all().delete()
    call_command("build_translation_memory")
    assert TranslationUnit.objects.filter(
        object_id=release.pk, field="body", source_text="A body."
    ).exists()
    call_command("build_translation_memory")  # twice: nothing duplicated
    assert (
        TranslationUnit.objects.filter(object_id=release.pk, field="body").count() == 1
    )


def test_the_admin_searches_the_memory(admin_client):
    TranslationUnitFactory(source_text="irregular migration routes")
    TranslationUnitFactory(source_text="Something else")
    response = admin_client.get(
        reverse("admin:translations_translationunit_changelist"), {"q": "irregular"}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_the_memory_exports_as_tmx_with_everything_escaped(admin_client):
    TranslationUnitFactory(
        source_text="Read {1}this{/1} & <that>",
        target_text='Lisez "ceci" & <cela>',
    )
    response = admin_client.get(reverse("admin:translations_translationunit_export"))
    assert response["Content-Type"].startswith("application/x-tmx+xml")
    root = ElementTree.fromstring(response.content)
    segments = [seg.text for seg in root.iter("seg")]
    assert segments == ["Read {1}this{/1} & <that>", 'Lisez "ceci" & <cela>']
    languages = [
        tuv.get("{http://www.w3.org/XML/1998/namespace}lang")
        for tuv in root.iter("tuv")
    ]
    assert languages == ["fr", "en"]


def test_translators_read_the_memory_but_nobody_edits_it(french_translator):
    unit = TranslationUnitFactory()
    changelist = reverse("admin:translations_translationunit_changelist")
    assert french_translator.get(changelist).status_code == 200
    change = reverse("admin:translations_translationunit_change", args=[unit.pk])
    response = french_translator.post(change, {"target_text": "Changed"})
    unit.refresh_from_db()
    assert unit.target_text != "Changed"
    assert response.status_code in (200, 403)
