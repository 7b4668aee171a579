import time
import xml.etree.ElementTree as ET
from io import StringIO

import polib
import pytest
from defusedxml.ElementTree import fromstring
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from editorial.models import ReviewPolicy
from news.demo import SEED_SLUG, load_news_demo
from news.models import PressRelease
from organization.demo import load_organization_demo
from tests.news.factories import PressReleaseFactory
from tests.translations.factories import TranslationUnitFactory
from translations.exchange import MAX_FILE_SIZE, export_file, import_file
from translations.formats import XLIFF_NS
from translations.status import State, statuses_for

pytestmark = pytest.mark.django_db

SPANISH = {
    "title": "La OIM en el Perú acoge a un grupo de expertos en estadísticas migratorias",
    "summary": "La OIM en el Perú reunió a expertos en estadísticas de la Comunidad Andina.",
    "body": "<p>Esta semana, la OIM en el Perú acogió a un grupo de expertos.</p>",
}
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="iomsite" source-language="fr" target-language="es" datatype="html">
  <body><trans-unit id="news.pressrelease/1/title"><source>&lol9;</source>
  <target>&lol9;</target></trans-unit></body>
 </file>
</xliff>
"""


@pytest.fixture
def seed_release():
    load_organization_demo()
    load_news_demo()
    return PressRelease.objects.get(slug_fr=SEED_SLUG)


def translated_po(
    language="es", translations=None, **export
) -> tuple[bytes, polib.POFile]:
    data, _name = export_file(language=language, **export)
    po = polib.pofile(data.decode())
    for entry in po:
        field = entry.msgctxt.rsplit("/", 1)[1]
        entry.msgstr = (translations or SPANISH)[field]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    return str(po).encode(), po


def translated_xliff(language="es", translations=None, **export) -> bytes:
    data, _name = export_file(language=language, file_format="xliff", **export)
    root = fromstring(data)
    for unit in root.iter(f"{{{XLIFF_NS}}}trans-unit"):
        field = unit.get("id").rsplit("/", 1)[1]
        target = unit.find(f"{{{XLIFF_NS}}}target")
        target.text = (translations or SPANISH)[field]
        target.set("state", "translated")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def spanish_is_untouched(release) -> bool:
    release = PressRelease.objects.get(pk=release.pk)
    return (release.title_es or "") == "" and (release.body_es or "") == ""


def refused(report) -> str:
    assert report.applied is False
    assert report.errors, report.lines()
    return " | ".join(report.lines())


# Export


def test_export_lists_the_missing_strings_with_context_and_notes(seed_release):
    data, name = export_file(language="es", model="news.pressrelease")
    po = polib.pofile(data.decode())
    assert name == "iomsite-news-pressrelease-es.po"
    assert po.metadata["Language"] == "es"
    contexts = sorted(entry.msgctxt for entry in po)
    pk = seed_release.pk
    assert contexts == [
        f"news.pressrelease/{pk}/{f}" for f in ("body", "summary", "title")
    ]
    title = next(e for e in po if e.msgctxt.endswith("/title"))
    assert title.msgid == seed_release.title_fr
    assert "Translate from French into Spanish" in title.comment
    assert "source-sha256: " in title.comment


def test_export_of_selected_objects_only(seed_release):
    other = PressReleaseFactory(original_language="en")
    data, _name = export_file(language="es", model="news.pressrelease", pks=[other.pk])
    assert {e.msgctxt.split("/")[1] for e in polib.pofile(data.decode())} == {
        str(other.pk)
    }


def test_outdated_strings_are_exported_fuzzy_with_the_old_translation():
    release = PressReleaseFactory(original_language="en", title_es="Comunicado")
    release.title_en = "A new title"
    release.save()
    data, _name = export_file(language="es", model="news.pressrelease")
    entry = next(e for e in polib.pofile(data.decode()) if e.msgctxt.endswith("/title"))
    assert entry.fuzzy is True
    assert entry.msgstr == "Comunicado"
    assert entry.msgid == "A new title"


def test_xliff_export_is_xliff_1_2_with_contexts(seed_release):
    data, name = export_file(
        language="es", model="news.pressrelease", file_format="xliff"
    )
    root = fromstring(data)
    assert name.endswith(".xlf")
    assert root.get("version") == "1.2"
    file = root.find(f"{{{XLIFF_NS}}}file")
    assert (file.get("source-language"), file.get("target-language")) == ("fr", "es")
    units = list(root.iter(f"{{{XLIFF_NS}}}trans-unit"))
    assert len(units) == 3
    contexts = {c.get("context-type") for c in units[0].iter(f"{{{XLIFF_NS}}}context")}
    assert contexts == {"x-model", "x-object", "x-field", "x-source-sha256"}


def test_po_and_xliff_1_2_carry_memory_matches_for_plain_fields(seed_release):
    TranslationUnitFactory(
        source_language="fr",
        target_language="es",
        source_text=seed_release.title_fr,
        target_text=SPANISH["title"],
    )
    data, _name = export_file(language="es", model="news.pressrelease")
    (title,) = [e for e in polib.pofile(data.decode()) if e.msgctxt.endswith("/title")]
    assert f"Translation memory (100 %): {SPANISH['title']}" in title.comment
    assert title.msgstr == ""  # a suggestion, not a translation
    data, _name = export_file(
        language="es", model="news.pressrelease", file_format="xliff"
    )
    root = fromstring(data)
    (unit,) = [
        u
        for u in root.iter(f"{{{XLIFF_NS}}}trans-unit")
        if u.get("id").endswith("/title")
    ]
    (alternative,) = unit.iter(f"{{{XLIFF_NS}}}alt-trans")
    assert alternative.get("match-quality") == "100%"
    assert alternative.find(f"{{{XLIFF_NS}}}target").text == SPANISH["title"]
    # Read back, the alternative is not taken for the translation.
    report = import_file(data=data, language="es")
    assert report.changes == []


# Round trips


@pytest.mark.parametrize("file_format", ["po", "xliff"])
def test_round_trip_makes_the_seed_release_public_in_spanish(seed_release, file_format):
    assert not PressRelease.objects.public_in("es").filter(pk=seed_release.pk).exists()
    if file_format == "po":
        data, _po = translated_po(model="news.pressrelease")
    else:
        data = translated_xliff(model="news.pressrelease")
    report = import_file(data=data, language="es")
    assert report.ok, report.lines()
    assert report.applied is True
    assert [o.message for o in report.changes] == ["added."] * 3
    assert all(o.line > 0 for o in report.changes)
    assert list(PressRelease.objects.public_in("es")) == [seed_release]
    release = PressRelease.objects.get(pk=seed_release.pk)
    assert release.title_es == SPANISH["title"]
    assert release.slug_es  # made from the Spanish title
    (spanish,) = [s for s in statuses_for(release) if s.language == "es"]
    assert spanish.state == State.DONE


def test_import_command_dry_run_changes_nothing_then_imports(seed_release, tmp_path):
    data, _po = translated_po(model="news.pressrelease")
    path = tmp_path / "es.po"
    path.write_bytes(data)
    out = StringIO()
    call_command("import_translations", str(path), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    assert spanish_is_untouched(seed_release)
    out = StringIO()
    call_command("import_translations", str(path), "--language", "es", stdout=out)
    assert "3 strings imported" in out.getvalue()
    assert PressRelease.objects.public_in("es").filter(pk=seed_release.pk).exists()


def test_export_command_writes_a_file(seed_release, tmp_path):
    path = tmp_path / "out.xlf"
    call_command(
        "export_translations",
        "es",
        "--format",
        "xliff",
        "-o",
        str(path),
        stdout=StringIO(),
    )
    assert b"trans-unit" in path.read_bytes()


def test_reimporting_an_outdated_translation_unchanged_confirms_it():
    release = PressReleaseFactory(original_language="en", title_es="Comunicado")
    release.title_en = "A new title"
    release.save()
    data, _po = translated_po(
        model="news.pressrelease",
        translations={
            "title": "Comunicado",
            "summary": "Un resumen.",
            "body": "<p>Un texto.</p>",
        },
    )
    report = import_file(data=data, language="es")
    assert "unchanged, confirmed current." in [o.message for o in report.changes]
    release = PressRelease.objects.get(pk=release.pk)
    (spanish,) = [s for s in statuses_for(release) if s.language == "es"]
    assert spanish.state == State.DONE


def test_admin_upload_imports_and_reports(spanish_translator, seed_release):
    # Translations of live releases go live at once under this policy; by
    # default they wait for review (tests/editorial/test_drafts.py).
    ReviewPolicy.objects.create(
        content_type=ContentType.objects.get_for_model(PressRelease),
        translations_reviewed=False,
    )
    data, _po = translated_po(model="news.pressrelease")
    response = spanish_translator.post(
        reverse("admin:translations_import"),
        {"file": SimpleUploadedFile("es.po", data), "language": "es"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Imported." in page
    assert "added." in page
    assert PressRelease.objects.public_in("es").filter(pk=seed_release.pk).exists()


def test_a_translator_cannot_import_another_language(french_translator, seed_release):
    data, _po = translated_po(model="news.pressrelease")
    response = french_translator.post(
        reverse("admin:translations_import"),
        {"file": SimpleUploadedFile("es.po", data), "language": "fr"},
    )
    assert "This file is for Spanish, not French." in response.content.decode()
    assert spanish_is_untouched(seed_release)


def test_export_view_downloads_a_file(french_translator, seed_release):
    response = french_translator.get(
        reverse("admin:translations_export"),
        {"language": "fr", "model": "organization.unit", "format": "xliff"},
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


# Refusals: each with its message, nothing changed


def test_refuses_a_file_for_another_language(seed_release):
    data, _po = translated_po(model="news.pressrelease")
    message = refused(import_file(data=data, language="fr"))
    assert "This file is for Spanish, not French." in message
    assert spanish_is_untouched(seed_release)


def test_refuses_strings_whose_source_changed_since_export(seed_release):
    data, _po = translated_po(model="news.pressrelease")
    seed_release.title_fr = seed_release.title_fr + " (corrigé)"
    seed_release.save()
    report = import_file(data=data, language="es")
    message = refused(report)
    title = next(e for e in polib.pofile(data.decode()) if e.msgctxt.endswith("/title"))
    assert f"line {title.linenum} news.pressrelease/{seed_release.pk}/title" in message
    assert "The source text changed since the export" in message
    assert len(report.errors) == 1
    assert spanish_is_untouched(seed_release)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>Texto <strong>sin cerrar</p>", "</p> closes <strong>."),
        ("<p>Texto</p><p>sin cerrar", "Unclosed tags: <p>."),
        (
            "<p>Texto</p><script>alert(1)</script>",
            "Markup the site does not allow: <script>.",
        ),
        ('<p onclick="x()">Texto</p>', "Markup the site does not allow: p@onclick."),
        ('<p><a href="javascript:alert(1)">Texto</a></p>', "a@href"),
    ],
)
def test_refuses_html_that_is_unbalanced_or_unsafe(seed_release, body, expected):
    data, _po = translated_po(
        model="news.pressrelease", translations={**SPANISH, "body": body}
    )
    message = refused(import_file(data=data, language="es"))
    assert expected in message
    assert "/body" in message
    assert spanish_is_untouched(seed_release)


def test_refuses_placeholders_that_do_not_match():
    release = PressReleaseFactory(
        original_language="en", summary_en="Call %(phone)s or write to {email}."
    )
    data, _po = translated_po(
        model="news.pressrelease",
        translations={**SPANISH, "summary": "Llame al %(telefono)s."},
    )
    message = refused(import_file(data=data, language="es"))
    assert (
        "Placeholders differ from the source: expected %(phone)s, {email}, found %(telefono)s."
        in message
    )
    assert spanish_is_untouched(release)


def test_refuses_a_truncated_po_file(seed_release):
    data, _po = translated_po(model="news.pressrelease")
    cut = data[: data.rindex(b"msgctxt") - 1]  # the last entry is gone
    message = refused(import_file(data=cut, language="es"))
    assert "looks truncated" in message
    broken = data[: data.rindex(b'msgstr "') + 12]  # cut inside a string
    message = refused(import_file(data=broken, language="es"))
    assert "cannot be read" in message
    assert spanish_is_untouched(seed_release)


def test_refuses_a_truncated_xliff_file(seed_release):
    data = translated_xliff(model="news.pressrelease")
    message = refused(import_file(data=data[: len(data) // 2], language="es"))
    assert "The XLIFF file cannot be read" in message
    assert "line " in message
    assert spanish_is_untouched(seed_release)


def test_refuses_a_file_that_is_not_utf8(seed_release):
    data, _po = translated_po(model="news.pressrelease")
    latin = data.decode("utf-8").encode("latin-1", errors="replace")
    message = refused(import_file(data=latin, language="es"))
    assert "The file is not UTF-8" in message
    assert spanish_is_untouched(seed_release)


def test_refuses_an_oversized_file_before_parsing(
    seed_release, tmp_path, spanish_translator
):
    big = b"#" * (MAX_FILE_SIZE + 1)
    message = refused(import_file(data=big, language="es"))
    assert "the limit is 10 MB" in message

    path = tmp_path / "big.po"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written
    started = time.monotonic()
    with pytest.raises(CommandError, match="the limit is 10 MB"):
        call_command("import_translations", str(path), stdout=StringIO())
    assert time.monotonic() - started < 1

    response = spanish_translator.post(
        reverse("admin:translations_import"),
        {"file": SimpleUploadedFile("big.po", big), "language": "es"},
    )
    assert "the limit is 10 MB" in response.content.decode()
    assert spanish_is_untouched(seed_release)


def test_refuses_an_xml_bomb_quickly(seed_release):
    started = time.monotonic()
    message = refused(import_file(data=BILLION_LAUGHS.encode(), language="es"))
    assert time.monotonic() - started < 1
    assert "declares a DTD or entities, which are refused" in message
    assert spanish_is_untouched(seed_release)


def test_refuses_a_file_without_a_site_language(seed_release):
    data, _po = translated_po(model="news.pressrelease")
    data = data.replace(b'"Language: es\\n"', b'"Language: de\\n"')
    message = refused(import_file(data=data))
    assert "does not name a language of the site" in message


def test_refuses_the_objects_source_language():
    PressReleaseFactory(original_language="en")
    data, _po = translated_po(
        language="es",
        model="news.pressrelease",
        translations={**SPANISH, "summary": "x", "body": "<p>x</p>"},
    )
    data = data.replace(b'"Language: es\\n"', b'"Language: en\\n"')
    message = refused(import_file(data=data, language="en"))
    assert "English is the source language of this object." in message


def test_one_bad_string_refuses_the_whole_file(seed_release):
    data, _po = translated_po(
        model="news.pressrelease", translations={**SPANISH, "body": "<p>roto"}
    )
    report = import_file(data=data, language="es")
    refused(report)
    assert len(report.changes) == 2  # checked, not stored
    assert spanish_is_untouched(seed_release)


def test_an_import_writes_only_the_imported_language():
    release = PressReleaseFactory(original_language="en")
    data, _po = translated_po(model="news.pressrelease")
    with translation.override("fr"):
        assert import_file(data=data, language="es").applied is True
    release = PressRelease.objects.get(pk=release.pk)
    assert release.title_es == SPANISH["title"]
    assert (release.title_fr or "", release.body_fr or "") == ("", "")
