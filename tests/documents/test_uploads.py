"""Every upload is checked by its content; refusals say what to do."""

import os

import pytest
from django import forms

from documents.models import DocumentFile
from tests.documents.factories import DocumentFactory
from tests.documents.files import (
    docx_bytes,
    pdf_bytes,
    pdf_with_open_action,
    upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

FileForm = forms.modelform_factory(
    DocumentFile, fields=["document", "language", "file"]
)


def submit(name, data):
    form = FileForm(
        data={"document": DocumentFactory().pk, "language": "en"},
        files={"file": upload(name, data)},
    )
    return form


def stored_files(settings):
    root = settings.DOCUMENTS_ROOT
    return [f for _, _, names in os.walk(root) for f in names] if root.exists() else []


def refusal(name, data):
    form = submit(name, data)
    assert form.is_valid() is False
    return " ".join(form.errors["file"])


def test_a_good_pdf_is_kept_under_a_random_name_outside_media(settings):
    form = submit("Rapport annuel.pdf", pdf_bytes(3))
    assert form.is_valid(), form.errors
    saved = form.save()
    assert (saved.kind, saved.content_type, saved.pages) == (
        "pdf",
        "application/pdf",
        3,
    )
    assert saved.original_name == "Rapport annuel.pdf"
    assert "Rapport" not in saved.file.name
    assert saved.file.name.endswith(".pdf")
    path = saved.file.path
    assert path.startswith(str(settings.DOCUMENTS_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_a_good_docx_is_accepted_as_word():
    form = submit("minutes.docx", docx_bytes())
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.kind == "docx"
    assert saved.content_type.endswith("wordprocessingml.document")


def test_the_type_comes_from_the_content_not_the_name():
    form = submit("minutes.pdf", docx_bytes())
    assert form.is_valid(), form.errors
    saved = form.save()
    assert (saved.kind, saved.original_name) == ("docx", "minutes.docx")


def test_an_xlsx_and_a_zip_and_a_csv_are_accepted():
    xlsx = docx_bytes(main="spreadsheetml.sheet.main+xml")
    for name, data, kind in [
        ("figures.xlsx", xlsx, "xlsx"),
        ("photos.zip", zip_bytes({"a.txt": b"hello"}), "zip"),
        ("table.csv", "\ufeffpays;nombre\nPérou;12\n".encode(), "csv"),
    ]:
        form = submit(name, data)
        assert form.is_valid(), form.errors
        assert form.save().kind == kind


def test_an_odt_is_recognised_by_its_mimetype_entry():
    data = zip_bytes(
        {"content.xml": b"<office:document-content/>"},
        first=("mimetype", b"application/vnd.oasis.opendocument.text"),
    )
    form = submit("note.odt", data)
    assert form.is_valid(), form.errors
    assert form.save().kind == "odt"


def test_an_encrypted_pdf_is_refused(settings):
    assert "password" in refusal("secret.pdf", pdf_bytes(encrypt=True))
    assert stored_files(settings) == []


def test_a_pdf_with_javascript_is_refused():
    assert "scripts" in refusal("script.pdf", pdf_bytes(javascript=True))


def test_a_pdf_with_an_attached_file_is_refused():
    assert "attached files" in refusal("attach.pdf", pdf_bytes(attach=True))


def test_a_pdf_that_launches_a_program_on_opening_is_refused():
    assert "on opening" in refusal("launch.pdf", pdf_with_open_action())


def test_a_pdf_with_too_many_pages_is_refused(settings):
    settings.DOCUMENT_PDF_MAX_PAGES = 5
    message = refusal("long.pdf", pdf_bytes(6))
    assert "6 pages" in message
    assert "at most 5" in message


def test_a_damaged_pdf_is_refused():
    message = refusal("broken.pdf", b"%PDF-1.7\n" + b"garbage" * 50)
    assert "cannot be read" in message


def test_a_pdf_that_is_also_a_web_page_is_refused():
    data = pdf_bytes().replace(b"\n", b"\n<html><script>alert(1)</script>\n", 1)
    assert "web page" in refusal("poly.pdf", data)


def test_a_pdf_with_a_zip_archive_appended_is_refused():
    data = pdf_bytes() + zip_bytes({"evil.html": b"<script></script>"})
    assert "ZIP" in refusal("poly.pdf", data)


def test_a_docx_with_macros_is_refused():
    assert "macros" in refusal("report.docx", docx_bytes(macros=True))


def test_a_macro_enabled_document_dressed_as_docx_is_refused():
    data = docx_bytes(main="word.document.macroEnabled.main+xml")
    assert "macros" in refusal("report.docx", data)


def test_another_office_format_is_refused():
    data = docx_bytes(main="presentationml.presentation.main+xml")
    assert "not a Word document" in refusal("slides.docx", data)


def test_a_zip_bomb_is_refused(settings):
    data = zip_bytes({"zeros.txt": b"\0" * (20 * 1024 * 1024)})
    assert len(data) < 100_000
    assert "zip bomb" in refusal("bomb.zip", data)
    assert stored_files(settings) == []


def test_an_archive_unpacking_past_the_total_limit_is_refused(settings):
    settings.DOCUMENT_ZIP_MAX_UNCOMPRESSED = 1000
    assert "unpack" in refusal("big.zip", zip_bytes({"a.txt": os.urandom(2000)}))


def test_an_archive_with_too_many_entries_is_refused(settings):
    settings.DOCUMENT_ZIP_MAX_ENTRIES = 3
    data = zip_bytes({f"{n}.txt": b"x" for n in range(4)})
    assert "more than 3 files" in refusal("many.zip", data)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "C:/x.txt"])
def test_an_archive_with_paths_outside_its_folder_is_refused(name):
    assert "outside its folder" in refusal("paths.zip", zip_bytes({name: b"x"}))


def test_a_csv_that_is_not_utf8_is_refused():
    assert "CSV UTF-8" in refusal("table.csv", "pays;Pérou\n".encode("latin-1"))


def test_a_web_page_named_csv_is_refused():
    assert "not a CSV" in refusal("table.csv", b"<html><script></script>")


def test_an_unknown_type_is_refused():
    message = refusal("page.html", b"<html><body>hello</body></html>")
    assert "not a type the library accepts" in message


def test_a_file_over_its_type_limit_is_refused(settings):
    settings.DOCUMENT_SIZE_LIMITS = {"pdf": 100}
    assert "too large" in refusal("big.pdf", pdf_bytes())


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/rapport.pdf", "rapport.pdf"),
        ("..\\..\\rapport.pdf", "rapport.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.pdf"),
        ("bad\x00name\x07.pdf", "badname.pdf"),
        ("..pdf", "document.pdf"),
        ("\u200f\u202e.pdf", "document.pdf"),
        ("a" * 150 + ".pdf", "a" * 96 + ".pdf"),
    ],
)
def test_names_are_neutralised(name, kept):
    form = submit(name, pdf_bytes())
    assert form.is_valid(), form.errors
    assert form.save().original_name == kept
