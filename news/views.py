import json

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.crypto import constant_time_compare
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import ListView

from iomsite.views import TranslatedDetailView
from news import images
from news.models import EmbargoLink, MediaContact, PressRelease
from news.vcard import render_vcard


def private_response(response, language: str | None = None):
    """Keep a response out of shared caches and search engines."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    if language:
        response["Content-Language"] = language
    return response


class PressReleaseListView(ListView):
    paginate_by = 20
    template_name = "news/press_release_list.html"
    context_object_name = "press_releases"

    def get_queryset(self):
        return PressRelease.objects.public_in(get_language()).for_listing()


class PressReleaseDetailView(TranslatedDetailView):
    template_name = "news/press_release_detail.html"
    context_object_name = "press_release"

    def get_queryset(self):
        return PressRelease.objects.public().for_detail()

    def get_languages(self, obj) -> list[str]:
        return obj.languages()


@never_cache
@require_GET
def release_embargo(request, token):
    """A release before its time, for the journalists given the link."""
    link = get_object_or_404(EmbargoLink.objects.select_related("release"), token=token)
    if not link.is_valid():
        response = render(
            request,
            "news/embargo_closed.html",
            {"noindex": True, "language_urls": {}},
            status=410,
        )
        return private_response(response)
    if get_language() != link.language:
        return private_response(HttpResponseRedirect(link.get_absolute_url()))
    release = PressRelease.objects.for_detail().get(pk=link.release_id)
    if release.is_public_in(link.language):
        return HttpResponseRedirect(release.get_absolute_url())
    response = render(
        request,
        "news/press_release_detail.html",
        {
            "press_release": release,
            "object": release,
            "embargo": link,
            "embargoed_until": release.published_at,
            "noindex": True,
            # The secret address is not repeated in alternates or switchers.
            "language_urls": {},
        },
    )
    # Links in the release must not carry the secret address to other sites.
    response["Referrer-Policy"] = "no-referrer"
    return private_response(response)


@require_GET
def contact_vcard(request, pk):
    contact = get_object_or_404(
        MediaContact.objects.filter(is_active=True).select_related("office"), pk=pk
    )
    response = HttpResponse(
        render_vcard(contact), content_type="text/vcard; charset=utf-8"
    )
    filename = slugify(contact.name) or "contact"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response


# CKEditor 4 does not send Django's CSRF token with uploads; it sends its own
# double-submit token (a ``ckCsrfToken`` cookie repeated in the form), checked
# below, on top of the staff-only session.
@csrf_exempt
@never_cache
@staff_member_required
@require_POST
def upload_body_image(request):
    """Store an image put in a rich-text body, after the lead image's checks."""
    func_num = request.GET.get("CKEditorFuncNum", "")
    cookie_token = request.COOKIES.get("ckCsrfToken", "")
    form_token = request.POST.get("ckCsrfToken", "")
    if not (cookie_token and constant_time_compare(cookie_token, form_token)):
        return _ckeditor_reply(
            func_num, error=_("The upload was refused: reload the page and retry.")
        )
    upload = request.FILES.get("upload")
    if upload is None:
        return _ckeditor_reply(func_num, error=_("Choose an image to upload."))
    try:
        clean = images.check_and_scrub(upload)
    except ValidationError as error:
        return _ckeditor_reply(func_num, error=" ".join(error.messages))
    folder = "{}{}".format(
        settings.CKEDITOR_UPLOAD_PATH, timezone.now().strftime("%Y/%m")
    )
    name = default_storage.save(
        images.new_name(folder, clean.extension), ContentFile(clean.content)
    )
    return _ckeditor_reply(func_num, url=default_storage.url(name), name=name)


def _js(value: str) -> str:
    return json.dumps(value).translate(
        {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
    )


def _ckeditor_reply(func_num: str, *, url: str = "", name: str = "", error: str = ""):
    if func_num.isdigit():
        # The image dialog uploads into an iframe and waits for this call.
        script = f"window.parent.CKEDITOR.tools.callFunction({int(func_num)}, {_js(url)}, {_js(error)});"
        return HttpResponse(f"<script>{script}</script>")
    if error:
        return JsonResponse({"uploaded": 0, "error": {"message": error}})
    return JsonResponse(
        {"uploaded": 1, "fileName": name.rsplit("/", 1)[-1], "url": url}
    )
