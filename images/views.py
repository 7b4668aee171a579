"""The library as the rich-text editor's "Browse server" window.

CKEditor 4 opens this page in a popup with ``CKEditorFuncNum`` (the
callback to answer) and ``CKEditor`` (the field's id, ``id_body_fr``, which
says the language being written). Choosing an image hands the editor the
address of a rendition and the image's alternative text in that language;
the page's script (``static/iomsite/admin/images-browse.js``) does the
hand-over, since the admin's Content-Security-Policy keeps scripts in files.
"""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from images import files
from images.models import Image, Orientation
from images.storage import library_storage

PER_PAGE = 24
# The shape put in a body: wide enough for the text column, and cut around
# the focal point the library keeps.
BODY_SHAPE = "16:9"
THUMBNAIL_SHAPE = "1:1"


def _rendition_url(image: Image, shape: str, *, largest: bool) -> str:
    """A JPEG of ``shape`` (the largest or the smallest made), or the
    original while the background task has not yet made the crops."""
    made = image.renditions.get("shapes", {}).get(shape, {}).get("jpg", [])
    if not made:
        return image.file.url
    _width, _height, name = made[-1] if largest else made[0]
    return library_storage().url(name)


def _field_language(field_id: str) -> str:
    """The language of the field being edited (``id_body_fr`` → ``fr``), or
    the interface's when the field is not one of the translated ones."""
    codes = {code for code, _name in settings.LANGUAGES}
    suffix = field_id.rsplit("_", 1)[-1] if "_" in field_id else ""
    return suffix if suffix in codes else (get_language() or settings.LANGUAGE_CODE)


@never_cache
@staff_member_required
@require_GET
def editor_browse(request):
    """Library images the editor may put in a body: searched, paginated."""
    if not request.user.has_perm("images.view_image"):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    orientation = request.GET.get("orientation", "")
    if orientation not in Orientation.values:
        orientation = ""
    language = _field_language(request.GET.get("CKEditor", ""))
    images = (
        Image.objects.usable().search(query).with_orientation(orientation).for_listing()
    )
    page = Paginator(images, PER_PAGE).get_page(request.GET.get("page"))
    alt_field = f"alt_text_{language}"
    choices = [
        {
            "image": image,
            "thumbnail": _rendition_url(image, THUMBNAIL_SHAPE, largest=False),
            "url": _rendition_url(image, BODY_SHAPE, largest=True),
            # No fallback: an empty alt tells the editor to write one in
            # the language of the text, not to reuse another language's.
            "alt": getattr(image, alt_field, "") or "",
        }
        for image in page
    ]
    func_num = request.GET.get("CKEditorFuncNum", "")
    return render(
        request,
        "images/browse.html",
        {
            "title": _("Choose an image from the library"),
            "is_popup": True,
            "page_obj": page,
            "choices": choices,
            "query": query,
            "orientation": orientation,
            "orientations": Orientation.choices,
            "func_num": func_num if func_num.isdigit() else "",
            "field_id": request.GET.get("CKEditor", ""),
            "language": language,
            "can_add": request.user.has_perm("images.add_image"),
        },
    )


@require_safe
def serve_file(request, name):
    """An original or a rendition, once something public uses the image
    (``images.files``)."""
    return files.serve(request, name)


@require_safe
def moved_file(request, name):
    """A library file's address from before the library was private
    (``/media/images/…``, kept in other sites' links and old newsletters):
    sent on, for good, to its address today, which decides who may see it."""
    if not (files.RENDITION.match(name) or files.ORIGINAL.match(name)):
        raise Http404
    return HttpResponsePermanentRedirect(reverse("images:file", kwargs={"name": name}))
