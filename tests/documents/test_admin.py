"""The library in the admin: the list, and adding a document with its files."""

import re

import pytest
from django.urls import reverse

from documents.models import Document, DocumentFile
from tests.documents.factories import DocumentFactory, DocumentFileFactory
from tests.documents.files import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:documents_document_add")
LIST_URL = reverse("admin:documents_document_changelist")


def add_form(name, data, **fields):
    return {
        "title_en": "Annual report",
        "title_fr": "Rapport annuel",
        "title_es": "",
        "description_en": "",
        "description_fr": "",
        "description_es": "",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-language": "en",
        "files-0-file": upload(name, data),
        **fields,
    }


def test_a_document_is_added_with_a_file_in_the_inline(admin_client):
    response = admin_client.post(ADD_URL, add_form("report.pdf", pdf_bytes(4)))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.title_fr == "Rapport annuel"
    stored = DocumentFile.objects.get()
    assert (stored.language, stored.kind, stored.pages) == ("en", "pdf", 4)


def test_a_refused_file_is_explained_and_nothing_is_stored(admin_client, settings):
    response = admin_client.post(
        ADD_URL, add_form("report.docx", docx_bytes(macros=True))
    )
    assert response.status_code == 200
    assert "This file contains macros" in response.content.decode()
    assert Document.objects.count() == 0
    root = settings.DOCUMENTS_ROOT
    assert not root.exists() or not any(root.rglob("*.*"))
    # What the person typed is still there.
    assert 'value="Rapport annuel"' in response.content.decode()


def test_the_library_lists_languages_type_and_size(admin_client):
    document = DocumentFactory(title_en="Migration data")
    DocumentFileFactory(document=document, language="en")
    DocumentFileFactory(document=document, language="fr")
    html = admin_client.get(LIST_URL).content.decode()
    assert "Migration data" in html
    assert "EN, FR" in html
    assert "PDF" in html
    assert re.search(r"\d+(\.\d+)?\xa0(bytes|KB)", html)


def test_the_library_is_searched_in_every_language(admin_client):
    DocumentFactory(title_en="Annual report", title_fr="Rapport annuel")
    DocumentFactory(title_en="Field guide")
    response = admin_client.get(LIST_URL, {"q": "rapport"})
    assert [str(d) for d in response.context["cl"].result_list] == ["Annual report"]


def test_the_library_is_filtered_by_type_and_language(admin_client):
    pdf = DocumentFileFactory(document__title_en="Report").document
    DocumentFileFactory(
        document__title_en="Table", kind="csv", content_type="text/csv", language="fr"
    )
    response = admin_client.get(LIST_URL, {"files__kind": "pdf"})
    assert list(response.context["cl"].result_list) == [pdf]
    response = admin_client.get(LIST_URL, {"files__language": "fr"})
    assert [str(d) for d in response.context["cl"].result_list] == ["Table"]


def test_a_release_is_linked_to_documents_in_its_admin(admin_client):
    response = admin_client.get(reverse("admin:news_pressrelease_add"))
    # An inline: each document with its place in the "Downloads" block.
    html = response.content.decode()
    assert 'name="release_documents-__prefix__-document"' in html
    assert 'name="release_documents-__prefix__-sort_order"' in html


def test_a_documents_change_form_links_its_files(admin_client):
    stored = DocumentFileFactory(original_name="Rapport.pdf")
    url = reverse("admin:documents_document_change", args=[stored.document.pk])
    html = admin_client.get(url).content.decode()
    admin_url = f"/admin/documents/document/{stored.document.pk}/file/en/"
    assert f'<a href="{admin_url}">Rapport.pdf</a>' in html
    assert admin_client.get(admin_url)["Content-Type"] == "application/pdf"


def test_a_second_file_in_the_same_language_is_refused(admin_client):
    data = add_form("report.pdf", pdf_bytes())
    data.update(
        {
            "files-TOTAL_FORMS": "2",
            "files-1-language": "en",
            "files-1-file": upload("other.pdf", pdf_bytes()),
        }
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert Document.objects.count() == 0
    assert "Please correct the duplicate data" in response.content.decode()


def test_a_large_upload_spooled_to_disk_is_checked_too(admin_client, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100
    response = admin_client.post(ADD_URL, add_form("report.pdf", pdf_bytes(2)))
    assert response.status_code == 302
    response = admin_client.post(ADD_URL, add_form("bomb.zip", docx_bytes(macros=True)))
    assert "This file contains macros" in response.content.decode()
