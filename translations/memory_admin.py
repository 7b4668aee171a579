"""The glossary and the translation memory in the admin.

Translators keep the glossary terms into their languages; editors (who may
change any translated content) keep every term. Both search the memory and
export it as TMX; nobody edits it by hand: it is what was translated.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_addresses import OddAddressMixin
from translations import glossary, memory, tmx
from translations.models import GlossaryTerm, Provenance, TranslationUnit
from translations.registry import TRANSLATABLES
from translations.roles import is_translator_only, translator_languages


def is_editor(user) -> bool:
    """May change some translated content in every language."""
    return any(
        user.has_perm(
            f"{item.model._meta.app_label}.change_{item.model._meta.model_name}"
        )
        and not is_translator_only(user, item.model)
        for item in TRANSLATABLES
    )


def may_use(user) -> bool:
    return (
        user.is_active
        and user.is_staff
        and (bool(translator_languages(user)) or is_editor(user))
    )


class GlossaryImportForm(forms.Form):
    file = forms.FileField(
        label=_("glossary file"),
        help_text=_(
            "CSV (columns: source_language, target_language, term, translation, "
            "notes, forbidden) or TBX, UTF-8, at most 2 MB."
        ),
    )


class TmxImportForm(forms.Form):
    file = forms.FileField(
        label=_("TMX file"),
        help_text=_(
            "A translation memory exported by a CAT tool (TMX 1.4), UTF-8 or "
            "UTF-16, at most {size} MB."
        ).format(size=tmx.MAX_TMX_SIZE // 1024 // 1024),
    )
    dry_run = forms.BooleanField(
        label=_("check only"),
        required=False,
        help_text=_("Report what would be added without adding anything."),
    )


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = [
            "source_language",
            "target_language",
            "term",
            "translation",
            "notes",
            "forbidden",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_target_language(self):
        language = self.cleaned_data["target_language"]
        if (
            self.user is not None
            and not is_editor(self.user)
            and language not in translator_languages(self.user)
        ):
            raise forms.ValidationError(
                _("You may only keep terms for the languages you translate into.")
            )
        return language


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(OddAddressMixin, admin.ModelAdmin):
    form = GlossaryTermForm
    list_display = ["term", "translation", "source_language", "target_language"]
    list_filter = ["source_language", "target_language"]
    search_fields = ["term", "translation", "notes", "forbidden"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_by", "updated_at"]
    change_list_template = "admin/translations/glossary_change_list.html"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class WithUser(form):
            def __init__(self, *args, **inner):
                inner["user"] = request.user
                super().__init__(*args, **inner)

        return WithUser

    def has_module_permission(self, request):
        return may_use(request.user)

    def has_view_permission(self, request, obj=None):
        return may_use(request.user)

    def has_add_permission(self, request):
        return may_use(request.user)

    def has_change_permission(self, request, obj=None):
        if not may_use(request.user):
            return False
        if obj is None or is_editor(request.user):
            return True
        return obj.target_language in translator_languages(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import/",
                view(self.import_view),
                name="translations_glossaryterm_import",
            ),
            path(
                "export/",
                view(self.export_view),
                name="translations_glossaryterm_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        if not may_use(request.user):
            raise PermissionDenied
        terms = GlossaryTerm.objects.all()
        pair = request.GET.get("pair", "")
        if "-" in pair:
            source, target = pair.split("-", 1)
            terms = terms.filter(source_language=source, target_language=target)
        if request.GET.get("format") == "tbx":
            data, name = glossary.export_tbx(terms), "glossary.tbx"
            kind = "application/x-tbx+xml"
        else:
            data, name, kind = glossary.export_csv(terms), "glossary.csv", "text/csv"
        response = HttpResponse(data, content_type=f"{kind}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def import_view(self, request):
        if not may_use(request.user):
            raise PermissionDenied
        report = None
        form = GlossaryImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > glossary.MAX_GLOSSARY_SIZE:
                report = glossary.GlossaryReport(
                    errors=[(None, str(_("The file is over 2 MB.")))]
                )
            else:
                report = glossary.import_glossary(
                    data=upload.read(),
                    name=upload.name,
                    user=request.user,
                    targets=None
                    if is_editor(request.user)
                    else translator_languages(request.user),
                )
            if report is not None and report.ok:
                self.message_user(
                    request,
                    ngettext(
                        "%(added)d term added, %(updated)d updated.",
                        "%(added)d terms added, %(updated)d updated.",
                        report.added,
                    )
                    % {"added": report.added, "updated": report.updated},
                    messages.SUCCESS,
                )
            elif report is not None:
                self.message_user(
                    request,
                    _("Nothing was changed: the file was refused."),
                    messages.ERROR,
                )
        return TemplateResponse(
            request,
            "admin/translations/glossary_import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Import a glossary"),
                "form": form,
                "report": report,
            },
        )


@admin.register(TranslationUnit)
class TranslationUnitAdmin(OddAddressMixin, admin.ModelAdmin):
    list_display = [
        "source_text",
        "target_text",
        "source_language",
        "target_language",
        "origin",
        "created_at",
    ]
    list_filter = ["source_language", "target_language", "provenance"]
    search_fields = ["source_text", "target_text"]
    list_select_related = ["content_type"]
    date_hierarchy = "created_at"
    actions = ["export_tmx"]
    show_full_result_count = False
    change_list_template = "admin/translations/memory_change_list.html"

    def has_module_permission(self, request):
        return may_use(request.user)

    def has_view_permission(self, request, obj=None):
        return may_use(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("origin"))
    def origin(self, unit):
        if unit.provenance == Provenance.TMX:
            return unit.get_provenance_display()
        if unit.content_type is None:
            return "—"
        return f"{unit.content_type.name} #{unit.object_id} ({unit.field})"

    @admin.action(description=_("Export the selected units as TMX"))
    def export_tmx(self, request, queryset):
        response = HttpResponse(
            memory.export_tmx(queryset.order_by("pk")),
            content_type="application/x-tmx+xml; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="memory.tmx"'
        return response

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "export/",
                view(self.export_all_view),
                name="translations_translationunit_export",
            ),
            path(
                "import/",
                view(self.import_view),
                name="translations_translationunit_import",
            ),
            *super().get_urls(),
        ]

    def export_all_view(self, request):
        if not may_use(request.user):
            raise PermissionDenied
        units = TranslationUnit.objects.order_by("pk")
        for name in ("source_language", "target_language"):
            if request.GET.get(name):
                units = units.filter(**{name: request.GET[name]})
        response = HttpResponse(
            memory.export_tmx(units.iterator()),
            content_type="application/x-tmx+xml; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="memory.tmx"'
        return response

    def import_view(self, request):
        if not may_use(request.user):
            raise PermissionDenied
        report = None
        form = TmxImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > tmx.MAX_TMX_SIZE:
                # Refused on the size the upload declares, before reading it.
                report = tmx.TmxReport(
                    errors=[
                        (
                            None,
                            _("The file is over {size} MB.").format(
                                size=tmx.MAX_TMX_SIZE // 1024 // 1024
                            ),
                        )
                    ]
                )
            else:
                report = tmx.import_tmx(
                    data=upload.read(),
                    targets=None
                    if is_editor(request.user)
                    else translator_languages(request.user),
                    dry_run=form.cleaned_data["dry_run"],
                )
            if report.applied:
                self.message_user(
                    request,
                    ngettext(
                        "%(added)d unit added to the memory, %(merged)d already there.",
                        "%(added)d units added to the memory, %(merged)d already "
                        "there.",
                        report.added,
                    )
                    % {"added": report.added, "merged": report.merged},
                    messages.SUCCESS,
                )
            elif not report.ok:
                self.message_user(
                    request,
                    _("Nothing was changed: the file was refused."),
                    messages.ERROR,
                )
        return TemplateResponse(
            request,
            "admin/translations/memory_import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Import a translation memory (TMX)"),
                "form": form,
                "report": report,
                "skipped_languages": sorted(report.skipped_languages.items())
                if report
                else [],
            },
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "tmx_url": reverse("admin:translations_translationunit_export"),
            "tmx_import_url": reverse("admin:translations_translationunit_import"),
        }
        return super().changelist_view(request, extra_context)
