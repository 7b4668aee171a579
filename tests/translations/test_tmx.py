"""TMX files into the translation memory, from the memory's admin list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.translations.factories import TranslationUnitFactory
from translations.memory import export_tmx
from translations.models import Provenance, TranslationUnit
from translations.tmx import MAX_TMX_SIZE, import_tmx

pytestmark = pytest.mark.django_db


def tmx(*units: str, srclang="en-US") -> bytes:
    body = "\n".join(units)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tmx version="1.4">\n'
        f'<header creationtool="memoQ" srclang="{srclang}" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="x" creationtoolversion="1"/>\n'
        f"<body>\n{body}\n</body>\n</tmx>\n"
    ).encode()


def tu(**segments: str) -> str:
    variants = "".join(
        f'<tuv xml:lang="{lang.replace("_", "-")}"><seg>{text}</seg></tuv>'
        for lang, text in segments.items()
    )
    return f"<tu>{variants}</tu>"


def pairs():
    return sorted(
        TranslationUnit.objects.values_list(
            "source_language", "target_language", "source_text", "target_text"
        )
    )


def test_units_are_imported_with_site_languages_and_marked(admin_client):
    data = tmx(
        tu(en_US="Irregular migration", fr_FR="Migration irrégulière", de_DE="X"),
        tu(en_US="Migrants", es_ES="Migrantes", pt_BR="Migrantes"),
    )
    response = admin_client.post(
        reverse("admin:translations_translationunit_import"),
        {"file": SimpleUploadedFile("memory.tmx", data)},
        follow=True,
    )
    page = response.content.decode()
    assert "2 units added to the memory, 0 already there." in page
    assert "1 segment in “de-DE” left out" in page
    assert "1 segment in “pt-BR” left out" in page
    assert pairs() == [
        ("en", "es", "Migrants", "Migrantes"),
        ("en", "fr", "Irregular migration", "Migration irrégulière"),
    ]
    assert set(TranslationUnit.objects.values_list("provenance", flat=True)) == {
        Provenance.TMX
    }
    changelist = admin_client.get(
        reverse("admin:translations_translationunit_changelist")
    ).content.decode()
    assert "Imported from a TMX file" in changelist
    assert reverse("admin:translations_translationunit_import") in changelist


def test_duplicates_are_merged_not_doubled(admin_client):
    TranslationUnitFactory(
        source_language="en",
        target_language="fr",
        source_text="Migrants",
        target_text="Migrants",
    )
    data = tmx(
        tu(en="Migrants", fr="Migrants"),
        tu(en="Smuggling of migrants", fr="Trafic illicite de migrants"),
        tu(en="Smuggling  of migrants", fr="Trafic illicite de migrants"),
    )
    report = import_tmx(data=data)
    assert (report.added, report.merged) == (1, 2)
    report = import_tmx(data=data)
    assert (report.added, report.merged) == (0, 3)
    assert TranslationUnit.objects.count() == 2


def test_inline_codes_become_the_memorys_placeholders():
    data = tmx(
        tu(
            en='An <bpt i="1">&lt;em&gt;</bpt>important<ept i="1">&lt;/em&gt;</ept>'
            ' point.<ph x="2">&lt;br&gt;</ph>',
            fr='Un point <bpt i="1">&lt;em&gt;</bpt>important<ept i="1">'
            "&lt;/em&gt;</ept>.<ph>&lt;br&gt;</ph>",
        )
    )
    assert import_tmx(data=data).ok
    assert pairs() == [
        ("en", "fr", "An {1}important{/1} point.{2/}", "Un point {1}important{/1}.{2/}")
    ]


def test_the_sites_own_export_comes_back_the_same():
    TranslationUnitFactory(source_text="Un {1}point{/1} & <b>.", target_text="A <b>.")
    TranslationUnitFactory(source_language="en", target_language="es")
    before = pairs()
    data = export_tmx(TranslationUnit.objects.order_by("pk"))
    TranslationUnit.objects.all().delete()
    assert import_tmx(data=data).added == 2
    assert pairs() == before


def test_refused_units_are_listed_with_their_lines_and_nothing_is_stored(
    admin_client,
):
    data = tmx(
        tu(en="Fine", fr="Bien"),
        tu(en="Alone"),
        '<tu><tuv xml:lang="en"><seg>A <bpt i="1">x</bpt>b</seg></tuv>'
        '<tuv xml:lang="fr"><seg>c</seg></tuv></tu>',
    )
    response = admin_client.post(
        reverse("admin:translations_translationunit_import"),
        {"file": SimpleUploadedFile("memory.tmx", data)},
    )
    page = response.content.decode()
    assert "Nothing was changed" in page
    assert "Line 6: A &lt;tu&gt; needs at least two languages." in page
    assert "Line 7: &lt;bpt i=&quot;1&quot;&gt; is never closed." in page
    assert TranslationUnit.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "b">]>'
            b'<tmx version="1.4"><body/></tmx>',
            "DTD or entities",
        ),
        (
            '<?xml version="1.0" encoding="ISO-8859-1"?><tmx version="1.4"><body>'
            '<tu><tuv xml:lang="en"><seg>Café</seg></tuv>'
            '<tuv xml:lang="fr"><seg>Café</seg></tuv></tu></body></tmx>'.encode(
                "latin-1"
            ),
            "The file is not UTF-8",
        ),
        (b'<tmx version="1.4"><body><tu>', "cannot be read"),
        (b"<xliff/>", "This is not a TMX file."),
        (b" " * (MAX_TMX_SIZE + 1), "the limit is 20 MB"),
    ],
)
def test_bad_files_are_refused(data, expected):
    report = import_tmx(data=data)
    assert report.applied is False
    assert any(expected in message for _line, message in report.errors), report.errors
    assert TranslationUnit.objects.count() == 0


def test_a_utf16_file_is_read():
    data = tmx(tu(en="Migrants", fr="Migrants")).decode().replace("UTF-8", "UTF-16")
    assert import_tmx(data=data.encode("utf-16")).added == 1


def test_a_translator_imports_into_their_own_languages_only(french_translator):
    data = tmx(tu(en="Migrants", fr="Migrants", es="Migrantes"))
    response = french_translator.post(
        reverse("admin:translations_translationunit_import"),
        {"file": SimpleUploadedFile("memory.tmx", data)},
        follow=True,
    )
    page = response.content.decode()
    assert "1 unit into a language you do not translate left out" in page
    assert pairs() == [("en", "fr", "Migrants", "Migrants")]


def test_check_only_stores_nothing(admin_client):
    response = admin_client.post(
        reverse("admin:translations_translationunit_import"),
        {
            "file": SimpleUploadedFile("m.tmx", tmx(tu(en="A", fr="B"))),
            "dry_run": "on",
        },
    )
    assert "Checked: nothing was changed" in response.content.decode()
    assert TranslationUnit.objects.count() == 0
