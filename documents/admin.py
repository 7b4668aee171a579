from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin_addresses import OddAddressMixin
from core.i18n import language_codes
from documents.models import Document, DocumentFile
from documents.views import file_response, find_file


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 1
    fields = ["language", "file", "download", "kind", "size_shown", "pages"]
    readonly_fields = ["download", "kind", "size_shown", "pages"]

    @admin.display(description=_("download"))
    def download(self, obj):
        if not obj.pk:
            return "—"
        url = reverse(
            "admin:documents_document_file", args=[obj.document_id, obj.language]
        )
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    @admin.display(description=_("size"))
    def size_shown(self, obj):
        return filesizeformat(obj.size) if obj.pk else "—"


@admin.register(Document)
class DocumentAdmin(OddAddressMixin, TabbedTranslationAdmin):
    fields = ["title", "description"]
    inlines = [DocumentFileInline]
    list_display = ["title", "languages", "kinds", "sizes", "updated_at"]
    list_filter = ["files__kind", "files__language"]
    # Every language's title and description (modeltranslation's columns).
    search_fields = [
        f"{field}_{code}"
        for field in ("title", "description")
        for code in language_codes()
    ]
    date_hierarchy = "updated_at"

    def get_urls(self):
        # Any file, public or not, for those who may see the library: under
        # /admin/, so behind its sign-in and second factor.
        download = path(
            "<int:pk>/file/<str:language>/",
            self.admin_site.admin_view(self.file_view),
            name="documents_document_file",
        )
        return [download, *super().get_urls()]

    def file_view(self, request, pk, language):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document_file = find_file(pk, language)
        return file_response(document_file, cache_control="private, no-store")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("files")

    @admin.display(description=_("languages"))
    def languages(self, obj):
        return ", ".join(f.language.upper() for f in obj.files.all())

    @admin.display(description=_("type"))
    def kinds(self, obj):
        return ", ".join(sorted({f.get_kind_display() for f in obj.files.all()}))

    @admin.display(description=_("size"))
    def sizes(self, obj):
        return ", ".join(filesizeformat(f.size) for f in obj.files.all())
