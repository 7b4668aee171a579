"""Translators in the admin: their languages only, outdated marks, the board."""

import copy
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.translator import translator

from core.admin_addresses import OddAddressMixin
from core.i18n import language_codes
from translations import assignments, exchange, services, translate, workspace
from translations.forms import ExportForm, ImportForm
from translations.models import PublicationPolicy, TranslationStatus
from translations.registry import (
    BY_LABEL,
    BY_MODEL,
    TRANSLATABLES,
    language_name,
    source_language,
    target_languages,
)
from translations.roles import is_translator_only, translator_languages
from translations.status import (
    State,
    board_rows,
    count_states,
    for_the_day,
    statuses_for,
)

# The board opens on these (see ``board_view``).
MY_LANGUAGES = "mine"
TO_DO = "todo"
BOARD_PAGE_SIZE = 50

MINOR_CHANGE = "translations_minor_change"
CONFIRM = "translations_confirm"
EXTRA_FIELDS = (MINOR_CHANGE, CONFIRM)
# Set on the request while the admin's ordinary layout is computed.
FULL_FORM_FLAG = "_translations_full_form"


def _deny(request, obj=None):
    return False


class TranslatorAdminMixin:
    """Put first in a translated ModelAdmin's bases.

    For a user whose only right is translating (``roles.is_translator_only``)
    every field but their languages' translated fields is read-only, and
    read-only fields are left out of the form: a hand-made POST cannot
    change them. Inlines are read-only, deleting and the model's actions
    are gone. Everyone sees the outdated translations above the form.
    """

    change_form_template = "admin/translations/change_form.html"

    # Who is asking

    def translator_only(self, request) -> bool:
        if getattr(request, FULL_FORM_FLAG, False):
            return False
        return is_translator_only(request.user, self.model)

    def translatable_columns(self, request) -> set[str]:
        fields = translator.get_options_for_model(self.model).fields
        return {
            f"{name}_{code}"
            for name in fields
            for code in translator_languages(request.user)
        }

    def get_restore_fields(self, request) -> set[str] | None:
        """A translator restores their languages' columns, nothing else.

        Read by ``editorial.admin.EditorialAdminMixin``: their form could
        not change the rest, so an old revision must not bring it back.
        """
        if self.translator_only(request):
            return self.translatable_columns(request)
        return None

    def _full_fieldsets(self, request, obj):
        """The form's ordinary layout, whoever asks."""
        before = getattr(request, FULL_FORM_FLAG, False)
        setattr(request, FULL_FORM_FLAG, True)
        try:
            return copy.deepcopy(list(super().get_fieldsets(request, obj)))
        finally:
            setattr(request, FULL_FORM_FLAG, before)

    def _is_model_or_display(self, name: str) -> bool:
        try:
            self.model._meta.get_field(name)
            return True
        except FieldDoesNotExist:
            return callable(name) or hasattr(self, name) or hasattr(self.model, name)

    def _extra_fields(self, request, obj) -> dict:
        if obj is None or getattr(request, FULL_FORM_FLAG, False):
            return {}
        if self.translator_only(request):
            return {
                CONFIRM: forms.BooleanField(
                    label=_("translation still current"),
                    required=False,
                    help_text=_(
                        "Tick when your languages' translations still match "
                        "the source as it is now: the outdated marks go away."
                    ),
                )
            }
        return {
            MINOR_CHANGE: forms.BooleanField(
                label=_("minor change — translations stay current"),
                required=False,
                help_text=_(
                    "Tick when fixing a typo in the source: translations that "
                    "were current are not marked outdated."
                ),
            )
        }

    # Form

    def get_fieldsets(self, request, obj=None):
        fieldsets = self._full_fieldsets(request, obj)
        translator_only = self.translator_only(request)
        result = []
        for name, options in fieldsets:
            fields = [
                field
                for field in options.get("fields", ())
                if field not in EXTRA_FIELDS
                and (not translator_only or self._is_model_or_display(field))
            ]
            if fields:
                result.append((name, {**options, "fields": fields}))
        extra = self._extra_fields(request, obj)
        if extra:
            result.append((_("Translations"), {"fields": list(extra)}))
        return result

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.translator_only(request):
            return readonly
        allowed = self.translatable_columns(request)
        shown = flatten_fieldsets(self._full_fieldsets(request, obj))
        return readonly + [
            name
            for name in shown
            if name not in allowed and name not in readonly and name not in EXTRA_FIELDS
        ]

    def get_form(self, request, obj=None, **kwargs):
        if getattr(request, FULL_FORM_FLAG, False):
            return super().get_form(request, obj, **kwargs)
        base = kwargs.get("form", self.form)
        readonly = set(self.get_readonly_fields(request, obj))
        allowed = self.translatable_columns(request)
        translator_only = self.translator_only(request)
        # Form-only fields (a post's "new holder"...) are dropped for
        # translators, as Django drops read-only ones.
        attrs = {
            name: None
            for name in base.declared_fields
            if name in readonly or (translator_only and name not in allowed)
        }
        attrs.update(self._extra_fields(request, obj))
        kwargs["form"] = type(base.__name__, (base,), attrs)
        return super().get_form(request, obj, **kwargs)

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)
        data = getattr(form, "cleaned_data", {})
        if not change:
            return obj
        refresh = set()
        if data.get(CONFIRM):
            refresh = services.all_pairs(obj, translator_languages(request.user))
        elif data.get(MINOR_CHANGE):
            source = source_language(obj)
            old_sources = {
                name: form.initial.get(f"{name}_{source}") or ""
                for name in BY_MODEL[type(obj)].fields
            }
            refresh = services.current_pairs(obj=obj, old_sources=old_sources)
        # Read by the post_save receiver (translations.signals).
        setattr(obj, services.REFRESH_ATTRIBUTE, refresh)
        return obj

    def _parent_change_form_template(self) -> str:
        """The change form another base class asks for: the notice wraps it."""
        mro = type(self).__mro__
        for klass in mro[mro.index(TranslatorAdminMixin) + 1 :]:
            template = klass.__dict__.get("change_form_template")
            if template:
                return template
        return "admin/change_form.html"

    def render_change_form(self, request, context, *args, **kwargs):
        context["translations_parent_template"] = self._parent_change_form_template()
        return super().render_change_form(request, context, *args, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, object_id)
        if obj is not None and type(obj) in BY_MODEL:
            languages = (
                translator_languages(request.user)
                if self.translator_only(request)
                else language_codes()
            )
            extra_context["translation_statuses"] = [
                status
                for status in statuses_for(obj)
                if status.language in languages and status.state != State.DONE
            ]
            extra_context["translate_links"] = [
                (language_name(code), translate.translate_url(obj, code))
                for code in target_languages(obj)
                if translate.may_translate(request.user, type(obj), code)
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    # Permissions and actions

    def has_delete_permission(self, request, obj=None):
        if self.translator_only(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        if self.translator_only(request):
            for inline in inlines:
                inline.has_add_permission = _deny
                inline.has_change_permission = _deny
                inline.has_delete_permission = _deny
                inline.max_num = 0
        return inlines

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if self.translator_only(request):
            changelist.list_editable = ()
        return changelist

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.translator_only(request):
            actions = {}
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        if self.model in BY_MODEL:
            for name in ("mark_translations_current", "export_for_translation"):
                function = getattr(type(self), name)
                actions[name] = (function, name, function.short_description)
        return actions

    @admin.action(description=_("Mark translations of the selected objects current"))
    def mark_translations_current(self, request, queryset):
        languages = translator_languages(request.user) or (
            language_codes() if self.has_change_permission(request) else []
        )
        count = services.confirm_translations(objects=queryset, languages=languages)
        self.message_user(
            request,
            ngettext(
                "%(count)d translation marked current.",
                "%(count)d translations marked current.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Export the selected objects for translation"))
    def export_for_translation(self, request, queryset):
        query = urlencode(
            {
                "model": self.model._meta.label_lower,
                "ids": ",".join(
                    str(pk) for pk in queryset.values_list("pk", flat=True)
                ),
            }
        )
        return HttpResponseRedirect(
            "{}?{}".format(reverse("admin:translations_export"), query)
        )


@admin.register(TranslationStatus)
class TranslationStatusAdmin(admin.ModelAdmin):
    """The board: every translatable object per language, with its state."""

    def has_view_permission(self, request, obj=None):
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and (
                bool(translator_languages(user))
                or user.has_perm("translations.view_translationstatus")
            )
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "",
                view(self.board_view),
                name="translations_translationstatus_changelist",
            ),
            path("export/", view(self.export_view), name="translations_export"),
            path(
                "assign/<int:content_type_id>/<int:pk>/<str:language>/",
                view(self.assign_view),
                name="translations_assign",
            ),
            path("import/", view(self.import_view), name="translations_import"),
            path(
                "translate/<int:content_type_id>/<int:pk>/<str:language>/",
                view(self.translate_view),
                name="translations_translate",
            ),
        ]

    def translate_view(self, request, content_type_id, pk, language):
        return translate.translate_view(self, request, content_type_id, pk, language)

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            **extra,
        }

    def _require_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied

    def board_view(self, request):
        """The day's work: to do in the person's languages, live and new first.

        Every filter can be widened ("All languages", "Any state"); the
        page's rows cost a fixed number of queries (words to translate and
        assignments are read for the page at once).
        """
        self._require_view(request)
        own = translator_languages(request.user)
        codes = language_codes()
        default_language = ""
        if len(own) == 1:
            default_language = own[0]
        elif own and set(own) != set(codes):
            default_language = MY_LANGUAGES
        language = request.GET.get("language", default_language)
        if language == MY_LANGUAGES and own:
            languages = own
        elif language in codes:
            languages = [language]
        else:
            language, languages = "", codes
        model = request.GET.get("model", "")
        chosen = [BY_LABEL[model]] if model in BY_LABEL else list(TRANSLATABLES)
        state = request.GET.get("state", TO_DO)
        rows = board_rows(models_=chosen, languages=languages)
        counts = count_states(rows)
        if state == TO_DO:
            rows = [row for row in rows if row.todo]
        elif state in State.values:
            rows = [row for row in rows if row.state == state]
        else:
            state = ""
        page = Paginator(for_the_day(rows), BOARD_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        words = workspace.words_to_translate([(row.obj, row.language) for row in page])
        assigned = assignments.open_assignments(page)
        can_assign = assignments.may_assign(request.user)
        back = request.get_full_path()
        for row in page:
            opts = row.obj._meta
            row.change_url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[row.obj.pk],
            )
            row.todo_fields = [f for f in row.fields if f.state != State.DONE]
            row.translate_url = translate.translate_url(row.obj, row.language)
            row.language_name = language_name(row.language)
            row.words = words.get((type(row.obj), row.obj.pk, row.language), 0)
            content_type_id = ContentType.objects.get_for_model(row.obj).pk
            row.assignment = assigned.get((content_type_id, row.obj.pk, row.language))
            if can_assign:
                row.assign_url = "{}?{}".format(
                    reverse(
                        "admin:translations_assign",
                        args=[content_type_id, row.obj.pk, row.language],
                    ),
                    urlencode({"next": back}),
                )
        language_choices = [(code, language_name(code)) for code in codes]
        if default_language == MY_LANGUAGES:
            language_choices.insert(0, (MY_LANGUAGES, _("My languages")))
        return TemplateResponse(
            request,
            "admin/translations/board.html",
            self._context(
                request,
                title=_("Translation status"),
                rows=page.object_list,
                page=page,
                page_range=page.paginator.get_elided_page_range(page.number),
                counts=[
                    (value, label, counts[value]) for value, label in State.choices
                ],
                total=sum(counts.values()),
                languages=language_choices,
                models=[
                    (item.label, item.model._meta.verbose_name_plural)
                    for item in TRANSLATABLES
                ],
                states=[(TO_DO, _("To do (missing or outdated)")), *State.choices],
                chosen={"language": language, "model": model, "state": state},
                export_language=language if language in codes else "",
                own_languages=own,
                can_assign=can_assign,
            ),
        )

    def assign_view(self, request, content_type_id, pk, language):
        """Give an item's translation into a language to a translator."""
        if not assignments.may_assign(request.user):
            raise PermissionDenied
        obj = assignments.item_or_404(content_type_id, pk)
        if language not in target_languages(obj):
            raise Http404
        board = reverse("admin:translations_translationstatus_changelist")
        back = request.POST.get("next") or request.GET.get("next") or ""
        if not back.startswith(board) or not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}
        ):
            back = board
        content_type = ContentType.objects.get_for_model(obj)
        current = (
            assignments.Assignment.objects.open()
            .filter(content_type=content_type, object_id=obj.pk, language=language)
            .select_related("translator")
            .first()
        )
        if request.method == "POST":
            form = assignments.AssignmentForm(request.POST, language=language)
            if form.is_valid():
                assignment = assignments.assign_translation(
                    obj=obj,
                    language=language,
                    translator=form.cleaned_data["translator"],
                    due_on=form.cleaned_data["due_on"],
                    assigned_by=request.user,
                )
                self.message_user(
                    request,
                    _("“{item}” into {language} is assigned to {name}.").format(
                        item=obj,
                        language=language_name(language),
                        name=assignment.translator.get_full_name()
                        or assignment.translator.get_username(),
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(back)
        else:
            initial = {}
            if current is not None:
                initial = {
                    "translator": current.translator_id,
                    "due_on": current.due_on,
                }
            form = assignments.AssignmentForm(initial=initial, language=language)
        return TemplateResponse(
            request,
            "admin/translations/assign.html",
            self._context(
                request,
                title=_("Assign a translation"),
                obj=obj,
                language_name=language_name(language),
                form=form,
                current=current,
                back=back,
            ),
        )

    def export_view(self, request):
        self._require_view(request)
        form = ExportForm(request.GET or None)
        if form.is_bound and form.is_valid():
            try:
                data, name = exchange.export_file(
                    language=form.cleaned_data["language"],
                    file_format=form.cleaned_data["format"],
                    model=form.cleaned_data["model"] or None,
                    pks=form.cleaned_data["ids"],
                )
            except exchange.NothingToExport as error:
                form.add_error(None, str(error))
                return TemplateResponse(
                    request,
                    "admin/translations/export.html",
                    self._context(
                        request, title=_("Export strings to translate"), form=form
                    ),
                )
            content_type = (
                "application/zip"
                if name.endswith(".zip")
                else exchange.FORMATS[form.cleaned_data["format"]]
            )
            response = HttpResponse(data, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        if not form.is_bound:
            form = ExportForm(
                initial={
                    "language": exchange.default_language(request.user),
                    "model": request.GET.get("model", ""),
                    "ids": request.GET.get("ids", ""),
                }
            )
        return TemplateResponse(
            request,
            "admin/translations/export.html",
            self._context(request, title=_("Export strings to translate"), form=form),
        )

    def _import_saver(self, request, drafted: list) -> exchange.Saver:
        """Store imported columns as the object's admin would save them.

        An admin may keep a translator's change to a live item as a draft
        (``save_imported_translation``, editorial's drafts): the import
        follows the same rule as the form.
        """

        def save(obj, columns):
            model_admin = self.admin_site._registry.get(type(obj))
            keep = getattr(model_admin, "save_imported_translation", None)
            if keep is None:
                exchange.save_columns(obj, columns)
            elif keep(request, obj, columns):
                drafted.append(obj)

        return save

    def import_view(self, request):
        self._require_view(request)
        languages = translator_languages(request.user)
        if not languages:
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES, languages=languages)
            if form.is_valid():
                drafted = []
                report = exchange.import_file(
                    data=form.cleaned_data["file"].read(),
                    language=form.cleaned_data["language"],
                    user=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                    save=self._import_saver(request, drafted),
                )
                if report.applied and drafted:
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)d item is on the site: its translations "
                            "wait for a publisher's review as a draft.",
                            "%(count)d items are on the site: their "
                            "translations wait for a publisher's review as "
                            "drafts.",
                            len(drafted),
                        )
                        % {"count": len(drafted)},
                        messages.INFO,
                    )
                if report.applied:
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)d string imported.",
                            "%(count)d strings imported.",
                            len(report.changes),
                        )
                        % {"count": len(report.changes)},
                        messages.SUCCESS,
                    )
                elif not report.ok:
                    self.message_user(
                        request,
                        _("Nothing was changed: the file was refused."),
                        messages.ERROR,
                    )
        else:
            form = ImportForm(
                languages=languages,
                initial={"language": exchange.default_language(request.user)},
            )
        return TemplateResponse(
            request,
            "admin/translations/import.html",
            self._context(
                request, title=_("Import translations"), form=form, report=report
            ),
        )


@admin.register(PublicationPolicy)
class PublicationPolicyAdmin(OddAddressMixin, admin.ModelAdmin):
    list_display = ["__str__", "mode", "required_languages", "updated_at"]
    list_filter = ["mode"]
    list_select_related = ["content_type"]
    search_fields = ["content_type__model"]
    fields = ["content_type", "mode", "required_languages"]


# The glossary and the translation memory (registered on import).
from translations import memory_admin  # noqa: E402, F401
