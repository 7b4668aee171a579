"""Serving library files: 404 until something public uses the image.

The decision is one query at request time (the image row with an
``EXISTS`` per registered use, ``images.usage``), so a release going live
opens its photos at once on every app server, with no cache to expire.
"""

import mimetypes
import re
from pathlib import PurePosixPath

from django.http import FileResponse, Http404, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from core import access
from images import storage, usage
from images.models import WITHDRAWN_PLACEHOLDER, Image

# A rendition's folder names its image; an original is found by its name.
RENDITION = re.compile(r"^images/renditions/(\d+)/[\w.-]+$")
ORIGINAL = re.compile(r"^images/originals/[\w.-]+$")
# The largest BigAutoField; SQLite cannot even compare a larger number.
MAX_ID = 2**63 - 1
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".avif": "image/avif",
}
# Readers (and shared caches) keep a public file this long: a release taken
# off the site stops showing its photos within it.
PUBLIC_MAX_AGE = 300


def find_image(name: str, opened=None) -> Image:
    """The image whose file ``name`` is, with ``is_public`` (and, for a pass,
    ``is_opened``) decided in the same query; 404 for anything else."""
    rendition = RENDITION.match(name)
    if rendition:
        pk = int(rendition.group(1))
        if pk > MAX_ID:
            raise Http404
        images = Image.objects.filter(pk=pk)
    elif ORIGINAL.match(name):
        images = Image.objects.filter(file=name)
    else:
        raise Http404
    images = images.annotate(is_public=usage.public_condition())
    if opened is not None:
        images = images.annotate(is_opened=usage.opened_condition(opened))
    image = images.only(
        "pk", "file", "width", "height", "renditions", "rights_expire_on"
    ).first()
    if image is None or name not in image.file_names():
        raise Http404
    return image


def serve(request, name: str):
    """The file ``name`` of the library to whoever may see it now."""
    opened = access.granted(access.request_pass(request))
    image = find_image(name, opened)

    def is_editor() -> bool:
        # Asked last: reading the user costs a session lookup.
        user = request.user
        return user.is_active and user.is_staff and user.has_perm("images.view_image")

    readable = image.is_public or (opened is not None and image.is_opened)
    if readable and not image.is_usable() and not is_editor():
        # Its rights have expired: pages show the placeholder in its place
        # (images.usage.without_withdrawn), and so does its address, for
        # pages cached before the day and copies elsewhere.
        response = HttpResponseRedirect(static(WITHDRAWN_PLACEHOLDER))
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response
    if image.is_public:
        cache_control = {"public": True, "max_age": PUBLIC_MAX_AGE}
    elif opened is not None and image.is_opened:
        # An embargo reader: the address carries the pass, kept private.
        cache_control = {"private": True, "max_age": PUBLIC_MAX_AGE}
    elif is_editor():
        # Drafts' thumbnails in the admin: never kept by a shared cache.
        cache_control = {"private": True, "no_cache": True}
    else:
        raise Http404
    return file_response(request, name, cache_control)


def file_response(request, name: str, cache_control: dict):
    backend = storage.backend()
    if not storage.is_local(backend):
        # Remote storage (S3): a short-lived signed address, or the CDN's.
        # The redirect is kept less long than the address lives.
        expire = signed_url_expire()
        response = HttpResponseRedirect(
            storage.library_storage().signed_url(name, expire=expire)
        )
        patch_cache_control(
            response,
            **{**cache_control, "max_age": min(PUBLIC_MAX_AGE, expire // 2)},
        )
        return response
    try:
        modified = int(backend.get_modified_time(name).timestamp())
    except FileNotFoundError:
        raise Http404 from None
    # Names never change content (a new focal point makes new names).
    not_modified = get_conditional_response(request, last_modified=modified)
    if not_modified is not None:
        patch_cache_control(not_modified, **cache_control)
        return not_modified
    try:
        handle = backend.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    suffix = PurePosixPath(name).suffix.lower()
    content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0]
    response = FileResponse(handle, content_type=content_type or "image/jpeg")
    filename = PurePosixPath(name).name
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, **cache_control)
    return response


def signed_url_expire() -> int:
    from django.conf import settings

    return int(getattr(settings, "MEDIA_SIGNED_URL_EXPIRE", 600))
