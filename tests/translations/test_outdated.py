import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from tests.news.factories import PressReleaseFactory
from tests.organization.factories import UnitFactory
from translations.models import SourceFingerprint
from translations.status import State, source_diff, statuses_for

pytestmark = pytest.mark.django_db


def states(obj) -> dict[str, str]:
    fresh = type(obj).objects.get(pk=obj.pk)
    return {status.language: status.state for status in statuses_for(fresh)}


def field_states(obj, language) -> dict[str, str]:
    (status,) = [s for s in statuses_for(obj) if s.language == language]
    return {field.field: field.state for field in status.fields}


def unit_post(unit, **overrides):
    data = {
        "name_en": unit.name_en,
        "name_fr": unit.name_fr,
        "name_es": unit.name_es,
        "slug_en": unit.slug_en,
        "slug_fr": unit.slug_fr,
        "slug_es": unit.slug_es,
        "kind": unit.kind,
        "parent": "",
        "sort_order": str(unit.sort_order),
        "description_en": unit.description_en or "",
        "description_fr": unit.description_fr or "",
        "description_es": unit.description_es or "",
        "posts-TOTAL_FORMS": "0",
        "posts-INITIAL_FORMS": "0",
        "editorial_version": str(unit.version),
    }
    data.update(overrides)
    return data


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def test_a_saved_translation_records_its_source():
    unit = UnitFactory(name_en="Office of the Director General")
    record = SourceFingerprint.objects.get(
        object_id=unit.pk, field="name", language="fr"
    )
    assert record.source_text == "Office of the Director General"
    assert len(record.source_hash) == 64
    assert states(unit) == {"fr": State.DONE, "es": State.DONE}


def test_changing_the_source_marks_each_language_outdated_with_a_diff():
    unit = UnitFactory(name_en="Office of the Director")
    unit.name_en = "Office of the Director General"
    unit.save()
    assert states(unit) == {"fr": State.OUTDATED, "es": State.OUTDATED}
    (field,) = [s for s in statuses_for(unit) if s.language == "fr"][0].outdated
    assert field.old_source == "Office of the Director"
    assert field.diff() == "Office of the Director<ins> General</ins>"


def test_missing_translation_is_missing_not_outdated():
    release = PressReleaseFactory(original_language="en", title_fr="Titre")
    assert field_states(release, "fr") == {
        "title": State.DONE,
        "summary": State.MISSING,
        "body": State.MISSING,
    }
    assert states(release)["fr"] == State.MISSING


def test_the_diff_is_escaped():
    diff = source_diff("<p>a</p>", '<p>a <script>alert("x")</script></p>')
    assert "<script>" not in diff
    assert "&lt;script&gt;" in diff


def test_the_change_form_lists_outdated_fields_with_the_diff(admin_client):
    unit = UnitFactory(name_en="Office of the Director")
    unit.name_en = "Office of the Director <General>"
    unit.save()
    page = admin_client.get(change_url(unit)).content.decode()
    assert "Translations to do" in page
    assert 'data-field="name"' in page
    assert "<ins> &lt;General&gt;</ins>" in page


def test_updating_the_translation_clears_its_mark(french_translator):
    unit = UnitFactory(name_en="Office")
    unit.name_en = "Office of the Director General"
    unit.save()
    response = french_translator.post(
        change_url(unit), unit_post(unit, name_fr="Bureau du Directeur général")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit.refresh_from_db()
    assert unit.name_fr == "Bureau du Directeur général"
    assert states(unit) == {"fr": State.DONE, "es": State.OUTDATED}


def test_confirming_clears_the_mark_for_the_translators_languages(spanish_translator):
    unit = UnitFactory(name_en="Office")
    unit.name_en = "The Office"
    unit.save()
    response = spanish_translator.post(
        change_url(unit), unit_post(unit, translations_confirm="on")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert states(unit) == {"fr": State.OUTDATED, "es": State.DONE}


def test_the_mark_current_action_confirms_selected_objects(spanish_translator):
    unit = UnitFactory(name_en="Office")
    unit.name_en = "The Office"
    unit.save()
    spanish_translator.post(
        reverse("admin:organization_unit_changelist"),
        {"action": "mark_translations_current", ACTION_CHECKBOX_NAME: [unit.pk]},
    )
    assert states(unit) == {"fr": State.OUTDATED, "es": State.DONE}


def test_a_minor_change_keeps_current_translations_current(admin_client):
    unit = UnitFactory(name_en="Ofice of the Director General")
    response = admin_client.post(
        change_url(unit),
        unit_post(
            unit,
            name_en="Office of the Director General",
            translations_minor_change="on",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit.refresh_from_db()
    assert unit.name_en == "Office of the Director General"
    assert states(unit) == {"fr": State.DONE, "es": State.DONE}


def test_a_minor_change_leaves_outdated_translations_outdated(admin_client):
    unit = UnitFactory(name_en="Office")
    unit.name_en = "Ofice of the Director General"
    unit.save()
    admin_client.post(
        change_url(unit),
        unit_post(
            unit,
            name_en="Office of the Director General",
            translations_minor_change="on",
        ),
    )
    assert states(unit) == {"fr": State.OUTDATED, "es": State.OUTDATED}


def test_without_the_tick_an_editors_change_marks_translations_outdated(admin_client):
    unit = UnitFactory(name_en="Office")
    admin_client.post(change_url(unit), unit_post(unit, name_en="Office of the DG"))
    assert states(unit) == {"fr": State.OUTDATED, "es": State.OUTDATED}


def test_deleting_an_object_forgets_its_fingerprints():
    unit = UnitFactory()
    pk = unit.pk
    unit.delete()
    assert not SourceFingerprint.objects.filter(object_id=pk, field="name").exists()
