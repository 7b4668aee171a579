from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core import access
from documents.models import DocumentFile

# The largest BigAutoField; SQLite cannot even compare a larger number.
MAX_ID = 2**63 - 1
# A release can be unpublished: shared caches keep the file briefly.
PUBLIC_CACHE = "public, max-age=300"


@require_safe
def download_file(request, pk, language, slug, extension):
    """A document's file in one language, as an attachment.

    404 until a press release using the document is public, to anyone who
    guesses the address, except to readers of an embargoed preview of a
    release that uses it (the address carries the link's pass, checked at
    each request). Staff are sent to the admin's copy of the file, behind
    the admin's sign-in and second factor.
    """
    document_file = find_file(pk, language)
    document = document_file.document
    cache_control = PUBLIC_CACHE
    if not document.is_public():
        if is_opened(document, access.request_pass(request)):
            cache_control = "private, max-age=300"
        elif request.user.is_active and request.user.is_staff:
            return redirect(
                reverse("admin:documents_document_file", args=[pk, language])
            )
        else:
            raise Http404
    if (slug, extension) != (document_file.slug, document_file.kind):
        if cache_control == PUBLIC_CACHE:
            return redirect(document_file, permanent=True)
        # The embargo reader's pass goes along to the right address.
        url = document_file.get_absolute_url()
        return HttpResponseRedirect(f"{url}?{request.GET.urlencode()}")
    return file_response(document_file, cache_control=cache_control)


def is_opened(document, token: str) -> bool:
    """Whether the pass ``token`` opens a release that uses ``document``."""
    opened = access.granted(token)
    releases = document.press_releases
    if opened is None or opened.model is not releases.model:
        return False
    return releases.filter(pk__in=opened.values("pk")).exists()


def find_file(pk: int, language: str) -> DocumentFile:
    """The file, or 404, also for an id past what the database can hold."""
    if pk > MAX_ID:
        raise Http404
    return get_object_or_404(
        DocumentFile.objects.select_related("document"),
        document_id=pk,
        language=language,
    )


def signed_url_expire() -> int:
    return int(getattr(settings, "MEDIA_SIGNED_URL_EXPIRE", 600))


def file_response(document_file, *, cache_control: str):
    """The stored file as an attachment that no browser runs or sniffs.

    From remote storage (S3), a redirect to a short-lived signed address
    that makes the bucket send the same name and type.
    """
    name = document_file.original_name
    fallback = name.encode("ascii", "ignore").decode() or "document"
    fallback = fallback.replace('"', "").replace("\\", "")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
    storage = document_file.file.storage
    if not is_local(storage):
        expire = signed_url_expire()
        response = HttpResponseRedirect(
            storage.url(
                document_file.file.name,
                parameters={
                    "ResponseContentDisposition": disposition,
                    "ResponseContentType": document_file.content_type,
                },
                expire=expire,
            )
        )
        # The redirect is kept less long than the signed address lives.
        response["Cache-Control"] = cache_control
        patch_cache_control(response, max_age=min(300, expire // 2))
        return response
    try:
        handle = document_file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=document_file.content_type)
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser ever show it inline, nothing in it may run.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = cache_control
    return response


def is_local(storage) -> bool:
    """Whether ``storage`` keeps its files on this machine's disk."""
    try:
        storage.path("probe")
    except NotImplementedError:
        return False
    return True
