from urllib.parse import quote

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from documents.models import DocumentFile

# The largest BigAutoField; SQLite cannot even compare a larger number.
MAX_ID = 2**63 - 1


def download_file(request, pk, language, slug, extension):
    """A document's file in one language, as an attachment.

    404 until a press release using the document is public, to anyone who
    guesses the address. Staff are sent to the admin's copy of the file,
    behind the admin's sign-in and second factor.
    """
    document_file = find_file(pk, language)
    if not document_file.document.is_public():
        if request.user.is_active and request.user.is_staff:
            return redirect(
                reverse("admin:documents_document_file", args=[pk, language])
            )
        raise Http404
    if (slug, extension) != (document_file.slug, document_file.kind):
        return redirect(document_file, permanent=True)
    # A release can be unpublished: shared caches keep the file briefly.
    return file_response(document_file, cache_control="public, max-age=300")


def find_file(pk: int, language: str) -> DocumentFile:
    """The file, or 404, also for an id past what the database can hold."""
    if pk > MAX_ID:
        raise Http404
    return get_object_or_404(
        DocumentFile.objects.select_related("document"),
        document_id=pk,
        language=language,
    )


def file_response(document_file, *, cache_control: str) -> FileResponse:
    """The stored file as an attachment that no browser runs or sniffs."""
    try:
        handle = document_file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=document_file.content_type)
    name = document_file.original_name
    fallback = name.encode("ascii", "ignore").decode() or "document"
    fallback = fallback.replace('"', "").replace("\\", "")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser ever show it inline, nothing in it may run.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache_control
    return response
