"""Serving a document's files, and the release page's "Downloads" block."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.utils import timezone
from django.utils.translation import override

from news.models import Status
from tests.conftest import signed_in
from tests.documents.factories import DocumentFactory, DocumentFileFactory
from tests.documents.files import docx_bytes
from tests.news.factories import PressReleaseFactory

pytestmark = pytest.mark.django_db


def release_url(release, language):
    with override(language):
        return release.get_absolute_url()


@pytest.fixture
def report():
    document = DocumentFactory(title_en="Annual report", title_fr="Rapport annuel")
    DocumentFileFactory(
        document=document, language="en", original_name="Annual report 2026.pdf"
    )
    return document


def test_a_public_releases_document_downloads_as_an_attachment(client, report):
    PressReleaseFactory(published=True).documents.add(report)
    english = report.files.get(language="en")
    response = client.get(english.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        'attachment; filename="Annual report 2026.pdf"; '
        "filename*=UTF-8''Annual%20report%202026.pdf"
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_non_ascii_name_is_sent_encoded(client, report):
    PressReleaseFactory(published=True).documents.add(report)
    french = DocumentFileFactory(
        document=report, language="fr", original_name="Évaluation « été ».pdf"
    )
    response = client.get(french.get_absolute_url())
    disposition = response["Content-Disposition"]
    assert (
        "filename*=UTF-8''%C3%89valuation%20%C2%AB%20%C3%A9t%C3%A9%20%C2%BB.pdf"
        in disposition
    )
    assert 'filename="valuation  t .pdf"' in disposition


def test_the_address_says_the_language_title_and_type(report):
    french = DocumentFileFactory(document=report, language="fr")
    assert french.get_absolute_url() == f"/documents/{report.pk}/fr/rapport-annuel.pdf"


def test_a_wrong_slug_redirects_to_the_right_address(client, report):
    PressReleaseFactory(published=True).documents.add(report)
    response = client.get(f"/documents/{report.pk}/en/old-name.pdf")
    assert response.status_code == 301
    assert response["Location"] == report.files.get().get_absolute_url()


def test_a_document_of_a_draft_release_is_not_found(client, report):
    PressReleaseFactory().documents.add(report)
    url = report.files.get().get_absolute_url()
    assert client.get(url).status_code == 404
    # Nor under another slug: nothing tells that it exists.
    assert client.get(f"/documents/{report.pk}/en/x.pdf").status_code == 404


def test_a_document_used_by_no_release_is_not_found(client, report):
    assert client.get(report.files.get().get_absolute_url()).status_code == 404


def test_an_id_too_large_for_the_database_is_not_found(client):
    assert client.get(f"/documents/{2**70}/en/x.pdf").status_code == 404


def test_staff_may_download_a_document_before_it_is_public(report, editor):
    PressReleaseFactory().documents.add(report)
    editor.user_permissions.add(Permission.objects.get(codename="view_document"))
    client = signed_in(editor)
    response = client.get(report.files.get().get_absolute_url(), follow=True)
    assert (
        response.redirect_chain[0][0]
        == f"/admin/documents/document/{report.pk}/file/en/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


def test_staff_without_the_library_get_no_file(report, django_user_model):
    # Staff with no role (an account single sign-on just made, say).
    newcomer = django_user_model.objects.create_user("new", is_staff=True)
    PressReleaseFactory().documents.add(report)
    response = signed_in(newcomer).get(
        report.files.get().get_absolute_url(), follow=True
    )
    assert response.status_code == 403


def test_an_editor_gets_the_file_of_a_release_not_yet_public(report, editor):
    PressReleaseFactory().documents.add(report)
    response = signed_in(editor).get(report.files.get().get_absolute_url(), follow=True)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_the_admin_copy_of_a_file_needs_a_staff_sign_in(client, report):
    response = client.get(f"/admin/documents/document/{report.pk}/file/en/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_scheduled_releases_document_appears_with_the_release(client, report):
    now = timezone.now()
    release = PressReleaseFactory(
        status=Status.PUBLISHED, published_at=now + datetime.timedelta(hours=2)
    )
    release.documents.add(report)
    url = report.files.get().get_absolute_url()
    with time_machine.travel(now, tick=False):
        assert client.get(url).status_code == 404
    with time_machine.travel(now + datetime.timedelta(hours=3), tick=False):
        assert client.get(url).status_code == 200


def test_the_file_is_not_reachable_under_media(client, settings, report):
    PressReleaseFactory(published=True).documents.add(report)
    stored = report.files.get().file
    assert not stored.path.startswith(str(settings.MEDIA_ROOT))
    assert client.get("/media/" + stored.name).status_code == 404


def downloads(response) -> str:
    html = response.content.decode()
    match = re.search(r'<section class="release-downloads".*?</section>', html, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def bilingual_release(report):
    DocumentFileFactory(
        document=report,
        language="fr",
        file__data=docx_bytes(),
        kind="docx",
        content_type="application/vnd.openxmlformats-officedocument."
        "wordprocessingml.document",
        pages=None,
    )
    release = PressReleaseFactory(published=True, french=True)
    release.documents.add(report)
    return release


def test_the_downloads_block_in_english_puts_the_english_file_first(
    client, bilingual_release, report
):
    block = downloads(client.get(release_url(bilingual_release, "en")))
    assert '<h2 id="downloads-title">Downloads</h2>' in block
    english = report.files.get(language="en").get_absolute_url()
    french = report.files.get(language="fr").get_absolute_url()
    assert block.index(english) < block.index(french)
    assert ">Annual report</a>" in block
    assert "PDF" in block and "2 pages" in block
    assert 'hreflang="fr" lang="fr" download>français</a>' in block


def test_the_downloads_block_in_french_puts_the_french_file_first(
    client, bilingual_release, report
):
    block = downloads(client.get(release_url(bilingual_release, "fr")))
    assert "Téléchargements" in block or "Downloads" in block
    english = report.files.get(language="en").get_absolute_url()
    french = report.files.get(language="fr").get_absolute_url()
    assert block.index(french) < block.index(english)
    assert ">Rapport annuel</a>" in block
    assert 'hreflang="en" lang="en" download>English</a>' in block


def test_a_release_without_documents_has_no_downloads_block(client):
    release = PressReleaseFactory(published=True)
    response = client.get(release_url(release, "en"))
    assert response.status_code == 200
    assert "release-downloads" not in response.content.decode()
