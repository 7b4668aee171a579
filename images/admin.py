"""The image library in the admin: list, upload several at once, focal point.

Images are made only through the upload page (``upload_view``), which
sends each file on its own request so that the browser can show progress
per file; the change form edits the texts, rights and focal point.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min, ProtectedError
from django.http import HttpResponseRedirect, JsonResponse, QueryDict
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_addresses import OddAddressMixin
from images import services
from images.models import Collection, Image, Licence, Orientation, Tag
from images.storage import library_storage

THUMBNAIL_SHAPE = "4:3"


@admin.register(Licence)
class LicenceAdmin(OddAddressMixin, TabbedTranslationAdmin):
    list_display = ["name", "url"]
    search_fields = ["name_en", "name_fr", "name_es"]


@admin.register(Collection)
class CollectionAdmin(OddAddressMixin, TabbedTranslationAdmin):
    list_display = ["name"]
    search_fields = ["name_en", "name_fr", "name_es"]


@admin.register(Tag)
class TagAdmin(OddAddressMixin, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class OrientationFilter(admin.SimpleListFilter):
    title = _("orientation")
    parameter_name = "orientation"

    def lookups(self, request, model_admin):
        return Orientation.choices

    def queryset(self, request, queryset):
        return queryset.with_orientation(self.value() or "")


class YearFilter(admin.SimpleListFilter):
    title = _("year uploaded")
    parameter_name = "uploaded"

    def lookups(self, request, model_admin):
        # The first and last years through the index on the upload time,
        # not a DISTINCT over the whole library: an empty year between them
        # is a small price.
        span = model_admin.get_queryset(request).aggregate(
            first=Min("uploaded_at"), last=Max("uploaded_at")
        )
        if span["first"] is None:
            return []
        first = timezone.localtime(span["first"]).year
        last = timezone.localtime(span["last"]).year
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        # Only a year on offer: another one would find nothing anyway.
        if self.value() in {year for year, _label in self.lookup_choices}:
            return queryset.filter(uploaded_at__year=int(self.value()))
        return queryset


def rendition_url(image: Image, shape: str, *, widest: int) -> str:
    """The JPEG of ``shape`` closest below ``widest`` pixels, or the original."""
    entries = image.renditions.get("shapes", {}).get(shape, {}).get("jpg") or []
    fitting = [entry for entry in entries if entry[0] <= widest] or entries[:1]
    if fitting:
        return library_storage().url(fitting[-1][2])
    return image.file.url if image.file else ""


class ImageAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, labelling each photo with its credit too:
    two photos of one event often share a title."""

    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), "text": obj.label()}


class LibraryImageSelect(AutocompleteSelect):
    """The autocomplete of the library's own view, whose labels carry the
    credit (``ImageAutocompleteJsonView``)."""

    url_name = "%s:images_image_autocomplete"


class LibraryImageChooserMixin:
    """Every foreign key to the image library is chosen from it: searched by
    title, text or credit (accents ignored), labelled with the credit, with
    the admin's "+" to upload a new photo from the form (``upload_view``).

    Add ``chosen_image`` to ``readonly_fields`` and next to the field to show
    the chosen photo's thumbnail, with a warning once its rights expire.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        is_library = db_field.related_model is Image
        if is_library and "widget" not in kwargs:
            kwargs["widget"] = LibraryImageSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if is_library and field is not None:
            field.label_from_instance = Image.label
        return field

    @admin.display(description=_("chosen photo"))
    def chosen_image(self, obj):
        image = getattr(obj, "image", None) if obj is not None else None
        if image is None:
            return gettext("None yet: the photo appears here once this is saved.")
        thumbnail = image.rendition(THUMBNAIL_SHAPE, widest=480)
        height = (
            round(160 * thumbnail["height"] / thumbnail["width"])
            if thumbnail["width"]
            else 120
        )
        return format_html(
            '<a href="{}"><img class="images-thumbnail" src="{}" alt="" '
            'width="160" height="{}"> {}</a>{}{}',
            reverse("admin:images_image_change", args=[image.pk]),
            thumbnail["url"],
            height,
            image.label(),
            ""
            if image.alt_text
            else format_html(
                '<p class="help">{}</p>',
                gettext(
                    "It has no alternative text yet: add one on the image's "
                    "page, for readers who cannot see it."
                ),
            ),
            ""
            if image.is_usable()
            else format_html(
                '<p class="errornote">{}</p>',
                gettext(
                    "Its rights have expired: readers see no photo until "
                    "another one is chosen."
                ),
            ),
        )


@admin.register(Image)
class ImageAdmin(OddAddressMixin, TabbedTranslationAdmin):
    list_display = [
        "thumbnail",
        "title",
        "collection",
        "licence",
        "dimensions",
        "rights_expire_on",
        "uploaded_at",
    ]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["collection", "licence", OrientationFilter, YearFilter]
    list_select_related = ["licence", "collection"]
    # Searched through ``search_text`` (accents ignored): get_search_results.
    search_fields = ["search_text"]
    search_help_text = _(
        "Title, alternative text, caption (any language), credit or tag; "
        "accents are ignored."
    )
    autocomplete_fields = ["licence", "collection", "tags"]
    list_per_page = 50
    # Filtered lists say "n results" without counting the whole library too.
    show_full_result_count = False
    readonly_fields = [
        "used_by",
        "focal_point_picker",
        "dimensions",
        "size",
        "uploaded_by",
        "uploaded_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "alt_text", "caption"]}),
        (
            _("Focal point"),
            {
                "fields": ["focal_point_picker", ("focal_x", "focal_y")],
                "description": _(
                    "Click the part of the image that must stay in every crop "
                    "(or focus the marker and use the arrow keys)."
                ),
            },
        ),
        (
            _("Rights"),
            {
                "fields": [
                    "credit",
                    "licence",
                    "usage_terms",
                    "rights_expire_on",
                ]
            },
        ),
        (_("Filing"), {"fields": ["collection", "tags"]}),
        (_("Where used"), {"fields": ["used_by"]}),
        (
            _("File"),
            {"fields": ["dimensions", "size", "uploaded_by", "uploaded_at"]},
        ),
    ]

    class Media:
        css = {"all": ["iomsite/admin/images.css"]}
        js = ["iomsite/admin/images-focal.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("focal_x", "focal_y"):
            # Written by the focal-point picker (images-focal.js), which
            # shows the image; without JavaScript the numbers stay editable.
            kwargs["widget"] = forms.NumberInput(
                attrs={"step": "0.01", "min": "0", "max": "1"}
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term.replace("\x00", "")), False

    def action_checkbox(self, obj):
        # Django's own markup without a widget template per row: a third of
        # the time of a 50-image page (make bench, bench/library.py).
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            gettext("Select this object for an action - {}").format(obj),
        )

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return format_html(
            '<img class="images-thumbnail" src="{}" alt="" width="120" height="90" '
            'loading="lazy">',
            rendition_url(obj, THUMBNAIL_SHAPE, widest=480),
        )

    @admin.display(description=_("used by"))
    def used_by(self, obj):
        uses = obj.uses() if obj is not None and obj.pk else []
        if not uses:
            return gettext("Nothing uses this image yet.")
        return format_html(
            '<ul class="images-uses">{}</ul>',
            format_html_join(
                "",
                "<li>{} ({})</li>",
                ((self._link(use), use._meta.verbose_name) for use in uses),
            ),
        )

    def _link(self, obj):
        """``obj`` linked to its change form, when the admin has one."""
        label = str(obj) or gettext("untitled")
        if not self.admin_site.is_registered(type(obj)):
            return label
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("size in pixels"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description=_("file size"))
    def size(self, obj):
        return filesizeformat(obj.file_size)

    @admin.display(description=_("image"))
    def focal_point_picker(self, obj):
        if obj is None or not obj.file:
            return "—"
        return format_html(
            '<div class="images-focal" data-focal-x="{}" data-focal-y="{}">'
            '<img src="{}" alt="" width="{}" height="{}">'
            '<button type="button" class="images-focal-marker" aria-label="{}">'
            "</button></div>",
            obj.focal_x,
            obj.focal_y,
            obj.file.url,
            obj.width,
            obj.height,
            gettext("Focal point: move it with the arrow keys"),
        )

    def add_view(self, request, form_url="", extra_context=None):
        # One way in for new images: the upload page, with its checks.
        # The "+" next to a photo chooser opens it as a popup: it stays one.
        if not self.has_add_permission(request):
            raise PermissionDenied
        url = reverse("admin:images_image_upload")
        query = QueryDict(mutable=True)
        for name in (IS_POPUP_VAR, TO_FIELD_VAR):
            if name in request.GET:
                query[name] = request.GET[name]
        return HttpResponseRedirect(f"{url}?{query.urlencode()}" if query else url)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if {"focal_x", "focal_y"} & set(form.changed_data):
            services.schedule_renditions(image=obj)
            messages.info(
                request,
                gettext("The crops are being made again around the new focal point."),
            )

    def delete_model(self, request, obj):
        services.delete_images(images=[obj])

    def delete_queryset(self, request, queryset):
        # All or nothing: an image in use stops the whole batch.
        with transaction.atomic():
            services.delete_images(images=list(queryset))

    def delete_view(self, request, object_id, extra_context=None):
        # The confirmation page lists what uses the image and refuses; a
        # release that took it up since then is caught here.
        try:
            return super().delete_view(request, object_id, extra_context)
        except ProtectedError as error:
            return self._refuse_deletion(request, error)

    def response_action(self, request, queryset):
        try:
            return super().response_action(request, queryset)
        except ProtectedError as error:
            return self._refuse_deletion(request, error)

    def _refuse_deletion(self, request, error):
        uses = ", ".join(sorted({str(use) for use in error.protected_objects}))
        messages.error(
            request,
            gettext(
                "Nothing was deleted: these still use the image: {uses}. "
                "Choose another photo for them first."
            ).format(uses=uses),
        )
        return HttpResponseRedirect(reverse("admin:images_image_changelist"))

    def autocomplete_view(self, request):
        return ImageAutocompleteJsonView.as_view(admin_site=self.admin_site)(request)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Tags are saved after the image: search them too.
        form.instance.save(update_fields=["search_text"])

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        autocomplete = self.admin_site.admin_view(self.autocomplete_view)
        return [
            path("upload/", upload, name="images_image_upload"),
            path("autocomplete/", autocomplete, name="images_image_autocomplete"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        """The page that sends each file on its own request (GET), and the
        address each file is sent to (POST: one file, a JSON answer)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return _upload(request, self)


def _upload_one(upload, user, *, title: str = "", alt_text: str = "") -> dict:
    """Keep one file; say what became of it, for the page or as JSON."""
    try:
        image = services.upload_image(
            upload=upload, uploaded_by=user, title=title, alt_text=alt_text
        )
    except ValidationError as error:
        return {"ok": False, "name": upload.name, "error": " ".join(error.messages)}
    return {
        "ok": True,
        "pk": image.pk,
        "name": upload.name,
        "title": image.title,
        "url": reverse("admin:images_image_change", args=[image.pk]),
        "width": image.width,
        "height": image.height,
    }


def _popup_upload(request, model_admin):
    """One file, from the "+" of a photo chooser: once kept, the popup
    closes and the chooser shows it."""
    to_field = request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR, ""))
    if to_field and not model_admin.to_field_allowed(request, to_field):
        to_field = ""
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            result = {"ok": False, "error": gettext("Choose an image to upload.")}
        else:
            result = _upload_one(
                upload,
                request.user,
                title=request.POST.get("title", "").strip()[:255],
                alt_text=request.POST.get("alt_text", "").strip()[:500],
            )
        if result["ok"]:
            image = Image.objects.get(pk=result["pk"])
            value = image.serializable_value(to_field or "pk")
            return TemplateResponse(
                request,
                "admin/popup_response.html",
                {
                    "popup_response_data": json.dumps(
                        {"value": str(value), "obj": image.label()}
                    )
                },
            )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Image._meta,
        "title": gettext("Upload an image"),
        "accept": "image/jpeg,image/png,image/webp",
        "is_popup": True,
        "is_popup_var": IS_POPUP_VAR,
        "to_field": to_field,
        "to_field_var": TO_FIELD_VAR,
        "result": result,
        "typed": request.POST,
    }
    return TemplateResponse(request, "admin/images/upload_popup.html", context)


@require_http_methods(["GET", "POST"])
def _upload(request, model_admin):
    if IS_POPUP_VAR in request.GET or IS_POPUP_VAR in request.POST:
        return _popup_upload(request, model_admin)
    results = []
    if request.method == "POST":
        uploads = request.FILES.getlist("file")
        wants_json = "application/json" in request.headers.get("Accept", "")
        if not uploads:
            error = gettext("No file was sent: choose one or more images.")
            if wants_json:
                return JsonResponse({"ok": False, "error": error}, status=400)
            messages.error(request, error)
        results = [_upload_one(upload, request.user) for upload in uploads]
        if wants_json and len(results) == 1:
            return JsonResponse(results[0], status=201 if results[0]["ok"] else 400)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Image._meta,
        "title": gettext("Upload images"),
        "accept": "image/jpeg,image/png,image/webp",
        "results": results,
        "changelist_url": reverse("admin:images_image_changelist"),
    }
    return TemplateResponse(request, "admin/images/upload.html", context)
