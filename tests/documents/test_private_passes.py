"""Documents of embargoed releases reach the link's readers, and files in
remote storage (S3) go out through short-lived signed addresses."""

import datetime
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.files.storage import Storage
from django.utils import timezone

from core import access
from documents.models import DocumentFile
from news.models import Status
from tests.documents.factories import DocumentFactory, DocumentFileFactory
from tests.news.factories import EmbargoLinkFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    document = DocumentFactory(title_en="Annual report")
    DocumentFileFactory(document=document, language="en", original_name="Report.pdf")
    return document


def embargoed(document):
    release = PressReleaseFactory(
        status=Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    release.documents.add(document)
    return EmbargoLinkFactory(release=release)


def download_link(client, link) -> str:
    html = client.get(link.get_absolute_url()).content.decode()
    (url,) = re.findall(r'href="(/documents/[^"]+)"', html)
    return url.replace("&amp;", "&")


def test_an_embargo_reader_downloads_the_releases_document(client, report):
    link = embargoed(report)
    url = download_link(client, link)
    assert "?pass=" in url
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('attachment; filename="Report')
    # Without the pass, nobody else does.
    assert client.get(url.split("?")[0]).status_code == 404


def test_a_revoked_link_closes_the_document(client, report):
    link = embargoed(report)
    url = download_link(client, link)
    link.revoked_at = timezone.now()
    link.save()
    assert client.get(url).status_code == 404


def test_an_expired_link_closes_the_document(client, report):
    link = embargoed(report)
    url = download_link(client, link)
    link.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    link.save()
    assert client.get(url).status_code == 404


def test_a_pass_for_another_release_opens_no_document_here(client, report):
    embargoed(report)
    other = embargoed(DocumentFactory())
    url = report.files.get().get_absolute_url()
    token = access.make_token("embargo", other.pk)
    assert client.get(f"{url}?pass={token}").status_code == 404


def test_the_pass_goes_along_when_the_slug_is_corrected(client, report):
    link = embargoed(report)
    url = download_link(client, link)
    wrong = url.replace("/annual-report.pdf", "/old-title.pdf")
    response = client.get(wrong)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


class FakeS3Storage(Storage):
    """django-storages' S3Storage as the download view uses it."""

    def exists(self, name):
        return False

    def _save(self, name, content):
        return name

    def url(self, name, parameters=None, expire=None, http_method=None):
        query = urlencode({**(parameters or {}), "X-Amz-Expires": expire})
        return f"https://bucket.example/{name}?{query}"


def test_with_s3_a_public_document_redirects_to_a_signed_address(
    client, report, settings, monkeypatch
):
    settings.MEDIA_SIGNED_URL_EXPIRE = 90
    monkeypatch.setattr(
        DocumentFile._meta.get_field("file"), "storage", FakeS3Storage()
    )
    PressReleaseFactory(published=True).documents.add(report)
    document_file = report.files.get()
    response = client.get(document_file.get_absolute_url())
    assert response.status_code == 302
    address = urlsplit(response["Location"])
    assert address.path == f"/{document_file.file.name}"
    # The bucket answers with the same name and type as the site would.
    assert parse_qs(address.query) == {
        "ResponseContentDisposition": [
            "attachment; filename=\"Report.pdf\"; filename*=UTF-8''Report.pdf"
        ],
        "ResponseContentType": ["application/pdf"],
        "X-Amz-Expires": ["90"],
    }
    assert response["Cache-Control"] == "public, max-age=45"


def test_with_s3_a_draft_releases_document_is_not_found(client, report, monkeypatch):
    monkeypatch.setattr(
        DocumentFile._meta.get_field("file"), "storage", FakeS3Storage()
    )
    PressReleaseFactory().documents.add(report)
    assert client.get(report.files.get().get_absolute_url()).status_code == 404
