"""XLIFF 2.1: one unit per segment, inline codes, memory matches, round trips."""

import io
import random
import zipfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree
from translate.storage.xliff2 import Xliff2File

from editorial.models import ReviewPolicy
from news.models import PressRelease
from tests.news.factories import PressReleaseFactory
from tests.translations.factories import TranslationUnitFactory
from translations.exchange import MAX_FILE_SIZE, export_file, import_file
from translations.models import TranslationUnit
from translations.xliff2 import MTC_NS, NS

pytestmark = pytest.mark.django_db

SCHEMA = etree.XMLSchema(
    etree.parse(
        str(
            Path(__file__).resolve().parents[2]
            / "translations"
            / "schemas"
            / "xliff_core_2.xsd"
        )
    )
)
X = {"x": NS, "mtc": MTC_NS}
BODY = (
    '<p>L’<a href="https://www.iom.int/fr">OIM</a> au <em>Pérou</em> a '
    "accueilli des experts.<br>Deuxième ligne.</p>"
    "<ul><li>Un <strong>point</strong> important.</li></ul>"
)
# As sanitised on save.
LINK = '<a href="https://www.iom.int/fr" rel="noopener noreferrer">'
ENGLISH = {
    "title:1": "Experts in Peru",
    "summary:1": "A summary.",
    # The translator moves the codes (link after emphasis), as CAT tools let.
    "body:1": [
        "In ",
        ("pc", "2", ["Peru"]),
        ", ",
        ("pc", "1", ["IOM"]),
        " welcomed experts.",
        ("ph", "3"),
        "Second line.",
    ],
    "body:2": ["An ", ("pc", "1", ["important"]), " point."],
}


@pytest.fixture
def release():
    return PressReleaseFactory(
        original_language="fr",
        title_en="",
        summary_en="",
        body_en="",
        title_fr="Des experts au Pérou",
        summary_fr="Un résumé.",
        body_fr=BODY,
    )


def export(language="en", **kwargs) -> bytes:
    data, name = export_file(language=language, file_format="xliff2", **kwargs)
    assert name.endswith(".xlf")
    # Every file the site writes is valid XLIFF 2.
    assert_valid(data)
    return data


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def assert_valid(data: bytes) -> None:
    document = etree.fromstring(data)
    assert SCHEMA.validate(document), SCHEMA.error_log


def units(root) -> dict[str, etree._Element]:
    return {unit.get("id"): unit for unit in root.iterfind(".//x:unit", X)}


def fill(target, parts) -> None:
    """Write ``parts`` (text, ("pc", id, parts), ("ph", id)) into ``target``."""
    last = None
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, str):
            if last is None:
                target.text = (target.text or "") + part
            else:
                last.tail = (last.tail or "") + part
            continue
        kind, code_id = part[0], part[1]
        if kind == "pc":
            last = etree.SubElement(
                target,
                f"{{{NS}}}pc",
                id=code_id,
                dataRefStart=f"d{code_id}s",
                dataRefEnd=f"d{code_id}e",
            )
            fill(last, part[2])
        else:
            last = etree.SubElement(
                target, f"{{{NS}}}ph", id=code_id, dataRef=f"d{code_id}"
            )


def translate(data: bytes, texts=None, state="translated") -> etree._Element:
    """What a CAT tool does: fill each unit's target and mark it."""
    root = parse(data)
    for unit_id, unit in units(root).items():
        key = unit_id.split(":", 2)[2]
        segment = unit.find("x:segment", X)
        target = segment.find("x:target", X)
        if target is None:
            target = etree.SubElement(segment, f"{{{NS}}}target")
        for child in list(target):
            target.remove(child)
        target.text = None
        fill(target, (texts or ENGLISH)[key])
        segment.set("state", state)
    return root


def write(root) -> bytes:
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def refused(report) -> str:
    assert report.applied is False
    assert report.errors, report.lines()
    return " | ".join(report.lines())


# Export


def test_export_has_one_unit_per_segment_with_inline_codes(release):
    data = export()
    assert_valid(data)
    root = parse(data)
    assert root.get("version") == "2.1"
    assert (root.get("srcLang"), root.get("trgLang")) == ("fr", "en")
    (file,) = root.findall("x:file", X)
    assert file.get("id") == f"news.pressrelease:{release.pk}"
    found = units(root)
    prefix = f"news.pressrelease:{release.pk}:"
    assert [key.removeprefix(prefix) for key in found] == [
        "title:1",
        "summary:1",
        "body:1",
        "body:2",
    ]
    paragraph = found[prefix + "body:1"]
    source = paragraph.find("x:segment/x:source", X)
    link = source.find("x:pc[@id='1']", X)
    assert link.text == "OIM"
    assert link.get("type") == "link"
    assert source.find("x:pc[@id='2']", X).text == "Pérou"
    assert source.find("x:ph[@id='3']", X).get("dataRef") == "d3"
    data_elements = {
        element.get("id"): element.text
        for element in paragraph.iterfind("x:originalData/x:data", X)
    }
    assert data_elements == {
        "d1s": LINK,
        "d1e": "</a>",
        "d2s": "<em>",
        "d2e": "</em>",
        "d3": "<br>",
    }
    notes = {
        note.get("category"): note.text
        for note in paragraph.iterfind("x:notes/x:note", X)
    }
    assert len(notes["source-sha256"]) == 64
    assert paragraph.find("x:segment", X).get("state") == "initial"


def test_export_carries_memory_matches_with_their_similarity(release):
    TranslationUnitFactory(
        source_text="Un {1}point{/1} important.",
        target_text="An {1}important{/1} point.",
    )
    TranslationUnitFactory(
        source_text="Des experts au Chili",
        target_text="Experts in Chile",
    )
    data = export()
    assert_valid(data)
    found = units(parse(data))
    prefix = f"news.pressrelease:{release.pk}:"
    (exact,) = found[prefix + "body:2"].iterfind("mtc:matches/mtc:match", X)
    assert exact.get("similarity") == "100.0"
    assert exact.get("type") == "tm"
    target = exact.find("x:target", X)
    assert target.text == "An "
    assert target.find("x:pc[@id='1']", X).text == "important"
    (fuzzy,) = found[prefix + "title:1"].iterfind("mtc:matches/mtc:match", X)
    assert 60 <= float(fuzzy.get("similarity")) < 100
    assert fuzzy.find("x:target", X).text == "Experts in Chile"


def test_items_written_in_several_languages_export_as_a_zip_of_files(release):
    PressReleaseFactory()  # written in English
    data, name = export_file(language="es", file_format="xliff2")
    assert name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        assert names == ["iomsite-site-en-es.xlf", "iomsite-site-fr-es.xlf"]
        for member in names:
            assert_valid(archive.read(member))


def test_translate_toolkit_reads_and_writes_the_export(release):
    """A well-kept CAT library fills the plain units; the import takes them."""
    store = Xliff2File.parsestring(export())
    prefix = f"news.pressrelease:{release.pk}:"
    by_id = {unit.getid(): unit for unit in store.units}
    assert sorted(by_id) == sorted(
        f"{prefix}{key}::s" for key in ("title:1", "summary:1", "body:1", "body:2")
    )
    assert store.gettargetlanguage() == "en"
    assert by_id[f"{prefix}body:2::s"].source == "Un point important."
    for key, text in (("title:1", "Experts in Peru"), ("summary:1", "A summary.")):
        by_id[f"{prefix}{key}::s"].target = text
        by_id[f"{prefix}{key}::s"].marktranslated()
    report = import_file(data=bytes(store), language="en")
    assert report.applied is True, report.lines()
    release.refresh_from_db()
    assert (release.title_en, release.summary_en) == ("Experts in Peru", "A summary.")


# Round trip


def test_round_trip_through_a_cat_tool_keeps_links_and_emphasis(release):
    root = translate(export())
    # What OmegaT, memoQ or Trados do to a file: reorder units and files,
    # reformat whitespace, add notes, write another namespace prefix.
    for file in root.findall("x:file", X):
        unit_elements = file.findall("x:unit", X)
        for unit in unit_elements:
            file.remove(unit)
        random.Random(4).shuffle(unit_elements)
        unit_elements.reverse()
        file.extend(unit_elements)
        for unit in unit_elements:
            notes = unit.find("x:notes", X)
            etree.SubElement(notes, f"{{{NS}}}note", category="qa").text = "ok"
            target = unit.find("x:segment/x:target", X)
            target.text = "\n        " + (target.text or "")
    etree.indent(root, space="    ")
    text = write(root).decode().replace("xmlns=", "xmlns:x=")
    text = text.replace("<", "<x:").replace("<x:/", "</x:").replace("<x:?", "<?")
    text = text.replace("<x:mtc:", "<mtc:").replace("</x:mtc:", "</mtc:")
    assert "<x:unit" in text
    # Still valid XLIFF 2 after the tool's edits: the import's refusals are
    # about meaning, not form.
    assert_valid(text.encode())
    report = import_file(data=text.encode(), language="en")
    assert report.ok, report.lines()
    assert report.applied is True
    assert [o.message for o in report.changes] == ["added."] * 4
    release.refresh_from_db()
    assert release.title_en == "Experts in Peru"
    assert release.body_en == (
        f"<p>In <em>Peru</em>, {LINK}IOM</a> welcomed experts.<br>Second line.</p>"
        "<ul><li>An <strong>important</strong> point.</li></ul>"
    )
    # Saved as the translate view saves: the memory learnt the segments.
    assert TranslationUnit.objects.filter(
        source_language="fr",
        target_language="en",
        target_text="An {1}important{/1} point.",
    ).exists()


def test_files_in_another_order_import_the_same(release):
    other = PressReleaseFactory(
        original_language="fr",
        title_en="",
        summary_en="",
        body_en="",
        title_fr="Autre",
        summary_fr="Un résumé.",
        body_fr="<p>Un texte.</p>",
    )
    root = parse(export())
    files = root.findall("x:file", X)
    assert len(files) == 2
    for file in files:
        root.remove(file)
    root.extend(reversed(files))
    other_prefix = f"news.pressrelease:{other.pk}:"
    for unit_id, unit in units(root).items():
        segment = unit.find("x:segment", X)
        target = etree.SubElement(segment, f"{{{NS}}}target")
        if unit_id.startswith(other_prefix):
            target.text = {"title:1": "Other", "summary:1": "A summary."}.get(
                unit_id.removeprefix(other_prefix), "A text."
            )
        else:
            fill(target, ENGLISH[unit_id.split(":", 2)[2]])
        segment.set("state", "final")
    report = import_file(data=write(root), language="en")
    assert report.applied is True, report.lines()
    other.refresh_from_db()
    release.refresh_from_db()
    assert (other.title_en, other.body_en) == ("Other", "<p>A text.</p>")
    assert release.title_en == "Experts in Peru"


def test_unfinished_units_are_left_as_they_were(release):
    root = translate(export(), state="initial")
    report = import_file(data=write(root), language="en")
    assert report.ok
    assert report.changes == []
    assert len(report.skipped) == 4
    release.refresh_from_db()
    assert release.body_en == ""


def test_a_partly_translated_body_keeps_its_segments_for_later(release):
    root = translate(export())
    prefix = f"news.pressrelease:{release.pk}:"
    units(root)[prefix + "body:2"].find("x:segment", X).set("state", "initial")
    report = import_file(data=write(root), language="en")
    assert report.applied is True, report.lines()
    release.refresh_from_db()
    assert release.title_en == "Experts in Peru"
    assert release.body_en == ""  # not complete: not written
    assert any("still to translate" in line for line in report.lines())
    # The translate view finds the first paragraph done.
    from translations import workspace

    (body,) = [f for f in workspace.load(release, "en") if f.name == "body"]
    assert [w.state for w in body.segments] == ["done", "missing"]


def test_a_live_items_translation_waits_for_review(client, django_user_model, release):
    from tests.translations.conftest import make_translator

    release.status = "published"
    release.published_at = release.created_at
    release.save()
    ReviewPolicy.objects.filter(
        content_type=ContentType.objects.get_for_model(PressRelease)
    ).delete()
    client.force_login(make_translator(django_user_model, "en"))
    page = client.get(reverse("admin:translations_export")).content.decode()
    assert "XLIFF 2.1, one unit per paragraph" in page
    response = client.get(
        reverse("admin:translations_export"),
        {"language": "en", "format": "xliff2", "model": "news.pressrelease"},
    )
    assert response["Content-Type"] == "application/xliff+xml"
    data = write(translate(response.content))
    response = client.post(
        reverse("admin:translations_import"),
        {"file": SimpleUploadedFile("en.xlf", data), "language": "en"},
    )
    page = response.content.decode()
    assert "wait for a publisher" in page, page
    assert not PressRelease.objects.public_in("en").filter(pk=release.pk).exists()


# Refusals


def _body(root, release, number=1):
    return units(root)[f"news.pressrelease:{release.pk}:body:{number}"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("extra", 'The inline code <pc id="9"> is not in the source'),
        ("missing", 'The inline code <ph id="3"/> is missing'),
        ("swapped", 'The inline code <ph id="1"/> is not written as in the source'),
        ("reference", "points to other original data"),
        ("split", "splits a pair of tags"),
    ],
)
def test_broken_inline_codes_are_refused_with_the_line(release, change, expected):
    root = translate(export())
    target = _body(root, release).find("x:segment/x:target", X)
    if change == "extra":
        etree.SubElement(target, f"{{{NS}}}pc", id="9").text = "x"
    elif change == "missing":
        target.remove(target.find("x:ph", X))
    elif change == "swapped":
        link = target.find("x:pc[@id='1']", X)
        target.replace(link, etree.Element(f"{{{NS}}}ph", id="1"))
    elif change == "reference":
        target.find("x:pc[@id='1']", X).set("dataRefStart", "d2s")
    else:
        etree.SubElement(target, f"{{{NS}}}sc", id="7")
    data = write(root)
    report = import_file(data=data, language="en")
    message = refused(report)
    assert expected in message
    (error,) = report.errors
    line = data.decode().splitlines()[error.line - 1]
    assert f'id="news.pressrelease:{release.pk}:body:1"' in line
    release.refresh_from_db()
    assert release.title_en == ""  # nothing applied


def test_a_unit_moved_to_another_items_file_is_refused(release):
    other = PressReleaseFactory(
        original_language="fr", title_en="", title_fr="Autre", summary_en=""
    )
    root = translate(
        export(), texts={**ENGLISH, "title:1": "T", "summary:1": "S", "body:1": "B"}
    )
    files = root.findall("x:file", X)
    assert len(files) == 2
    mine = next(f for f in files if f.get("id").endswith(f":{release.pk}"))
    theirs = next(f for f in files if f.get("id").endswith(f":{other.pk}"))
    unit = _body(root, release, 2)
    mine.remove(unit)
    theirs.append(unit)
    assert "belongs to another item" in refused(import_file(data=write(root)))


def test_unknown_units_are_refused(release):
    root = translate(export())
    _body(root, release).set("id", "news.pressrelease:999999:body:1")
    assert "belongs to another item" in refused(import_file(data=write(root)))
    root = translate(export())
    for file in root.findall("x:file", X):
        file.set("id", "nothing:1")
        for unit in file.findall("x:unit", X):
            unit.set("id", "nothing." + unit.get("id").replace(".", "-"))
    assert "Unknown unit" in refused(import_file(data=write(root)))


def test_a_segment_whose_source_changed_since_export_is_refused(release):
    data = write(translate(export()))
    release.body_fr = BODY.replace("Un <strong>point</strong>", "Un autre point")
    release.save()
    message = refused(import_file(data=data, language="en"))
    assert "The source of this segment changed since the export" in message
    release.refresh_from_db()
    assert release.title_en == ""


def test_hostile_and_huge_files_are_refused(release):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        f'<xliff xmlns="{NS}" version="2.1" srcLang="fr" trgLang="en">'
        "<file id='f'><unit id='u'><segment><source>&a;</source></segment>"
        "</unit></file></xliff>"
    )
    assert "DTD or entities" in refused(import_file(data=bomb.encode()))
    huge = export() + b" " * MAX_FILE_SIZE
    assert "the limit is" in refused(import_file(data=huge))
    truncated = export()[:-200]
    assert "cannot be read" in refused(import_file(data=truncated))


def test_a_file_for_another_language_is_refused(release):
    data = write(translate(export()))
    assert "not Spanish" in refused(import_file(data=data, language="es"))


def test_nothing_to_translate_is_said_not_downloaded(admin_client, release):
    response = admin_client.get(
        reverse("admin:translations_export"),
        {
            "language": "en",
            "format": "xliff2",
            "model": "news.pressrelease",
            "ids": str(release.pk + 1000),
        },
    )
    assert response["Content-Type"].startswith("text/html")
    assert "Nothing to translate into English there." in response.content.decode()
