import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.translations.factories import GlossaryTermFactory
from translations import glossary
from translations.models import GlossaryTerm

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:translations_glossaryterm_import")
EXPORT = reverse("admin:translations_glossaryterm_export")
HEADER = "source_language,target_language,term,translation,notes,forbidden\n"
TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <note>Never "illegal".</note>
      <langSec xml:lang="en"><termSec><term>irregular migration</term></termSec></langSec>
      <langSec xml:lang="fr">
        <termSec><term>migration irrégulière</term></termSec>
        <termSec><term>migration illégale</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
        </termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def upload(client, content: bytes, name="glossary.csv"):
    return client.post(
        IMPORT, {"file": SimpleUploadedFile(name, content, "text/plain")}
    )


def refusal(response) -> list[tuple[int | None, str]]:
    report = response.context["report"]
    assert report is not None and not report.ok
    return report.errors


def test_terms_are_found_on_word_boundaries_case_insensitively_with_accents():
    term = GlossaryTermFactory(
        source_language="en", term="irregular migration", translation="x"
    )
    other = GlossaryTermFactory(source_language="en", term="migración", translation="y")
    found = glossary.find_terms(
        "On {1}Irregular  Migration{/1} and migration.", [term, other]
    )
    assert found == [term]
    assert glossary.find_terms("irregular migrations", [term]) == []


def test_checks_warn_of_missing_terms_forbidden_variants_numbers_emails_and_urls():
    term = GlossaryTermFactory(
        source_language="en",
        target_language="fr",
        term="irregular migration",
        translation="migration irrégulière",
        forbidden="migration illégale\nmigration clandestine",
    )
    warnings = glossary.check(
        "Irregular migration rose by 11,294,786 (see www.iom.int, a@iom.int).",
        "La migration illégale a augmenté de 11 294 787 (voir www.oim.int, a@iom.int).",
        [term],
    )
    assert warnings == [
        "The agreed translation of “irregular migration” is “migration irrégulière”.",
        "“migration illégale” is not to be used: write “migration irrégulière”.",
        "Numbers or dates differ from the source (missing: 11294786; not in the "
        "source: 11294787).",
        "URLs differ from the source (missing: www.iom.int; not in the source: "
        "www.oim.int).",
    ]
    assert (
        glossary.check(
            "Irregular migration rose by 11,294,786.",
            "La migration irrégulière a augmenté de 11 294 786.",
            [term],
        )
        == []
    )


def test_a_csv_glossary_is_imported_and_exported_round_trip(admin_client):
    content = (
        HEADER + 'en,fr,irregular migration,migration irrégulière,"Agreed, 2024",'
        '"migration illégale\nmigration clandestine"\n'
        "fr,es,=SUM(A1),=SUM(A1),,\n"
    )
    response = upload(admin_client, content.encode())
    assert response.context["report"].added == 2
    term = GlossaryTerm.objects.get(term="irregular migration")
    assert term.forbidden_list() == ["migration illégale", "migration clandestine"]
    assert term.notes == "Agreed, 2024"

    exported = admin_client.get(EXPORT, {"format": "csv"}).content
    # Cells a spreadsheet would run as formulas are defused...
    assert b"'=SUM(A1)" in exported
    GlossaryTerm.objects.all().delete()
    # ... and come back as they were.
    upload(admin_client, exported)
    assert GlossaryTerm.objects.get(source_language="fr").term == "=SUM(A1)"
    assert GlossaryTerm.objects.get(term="irregular migration").forbidden_list() == [
        "migration illégale",
        "migration clandestine",
    ]


def test_a_tbx_glossary_is_imported_and_exported_round_trip(admin_client):
    response = upload(admin_client, TBX.encode(), name="terms.tbx")
    assert response.context["report"].ok
    term = GlossaryTerm.objects.get()
    assert (term.source_language, term.target_language) == ("en", "fr")
    assert term.translation == "migration irrégulière"
    assert term.forbidden_list() == ["migration illégale"]
    assert term.notes == 'Never "illegal".'
    exported = admin_client.get(EXPORT, {"format": "tbx"}).content
    GlossaryTerm.objects.all().delete()
    assert upload(admin_client, exported, name="again.tbx").context["report"].ok
    again = GlossaryTerm.objects.get()
    assert (again.term, again.translation, again.notes, again.forbidden) == (
        term.term,
        term.translation,
        term.notes,
        term.forbidden,
    )


@pytest.mark.parametrize(
    ("content", "name", "line", "reason"),
    [
        (
            HEADER + "en,fr,migrant,migrant,,\nen,fr,Migrant,migrante,,\n",
            "g.csv",
            3,
            "“Migrant” is already on line 2.",
        ),
        (
            HEADER + "en,fr,ok,ok,,\nen,fr,<b>bad</b>,mauvais,,\n",
            "g.csv",
            3,
            "Markup (tags, entities, scripts) is not allowed.",
        ),
        (
            HEADER + "en,xx,term,terme,,\n",
            "g.csv",
            2,
            "Unknown language",
        ),
        ("term,translation\nmigrant,migrant\n", "g.csv", 1, "must name the columns"),
        (
            '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x "boom">]><tbx>&x;</tbx>',
            "g.tbx",
            None,
            "DTD or entities",
        ),
        ("<tbx><text><body><conceptEntry>", "g.tbx", 1, "cannot be read"),
    ],
)
def test_a_bad_file_is_refused_with_its_line_and_nothing_is_applied(
    admin_client, content, name, line, reason
):
    GlossaryTermFactory(term="kept", translation="gardé")
    errors = refusal(upload(admin_client, content.encode(), name=name))
    assert any(found == line and reason in message for found, message in errors), errors
    assert list(GlossaryTerm.objects.values_list("term", flat=True)) == ["kept"]


def test_a_file_not_in_utf8_or_over_two_megabytes_is_refused(admin_client):
    latin = (HEADER + "en,fr,café,café,,\n").encode("latin-1")
    errors = refusal(upload(admin_client, latin))
    assert errors[0][0] == 2 and "not UTF-8" in errors[0][1]
    huge = (HEADER + "en,fr,a,b,,\n" * 200_000).encode()
    errors = refusal(upload(admin_client, huge))
    assert "2 MB" in errors[0][1]
    assert not GlossaryTerm.objects.exists()


def test_translators_keep_terms_into_their_own_languages_only(french_translator):
    response = upload(
        french_translator, (HEADER + "en,es,migrant,migrante,,\n").encode()
    )
    assert "only keep terms for the languages you translate into" in str(
        refusal(response)
    )
    response = upload(
        french_translator, (HEADER + "en,fr,migrant,migrant,,\n").encode()
    )
    assert response.context["report"].ok
    assert GlossaryTerm.objects.get().created_by == french_translator.user
    add = french_translator.post(
        reverse("admin:translations_glossaryterm_add"),
        {
            "source_language": "en",
            "target_language": "es",
            "term": "refugee",
            "translation": "refugiado",
        },
    )
    assert add.status_code == 200
    assert "only keep terms" in add.content.decode()
