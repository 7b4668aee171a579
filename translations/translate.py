"""The translate view: one item, one language, segment by segment.

Served by the board's admin (``TranslationStatusAdmin.get_urls``). Who may
open it: whoever may change that language's fields of the item, that is a
translator into the language or an editor of the model.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from translations import workspace
from translations.registry import (
    BY_MODEL,
    language_name,
    source_language,
    target_languages,
)
from translations.roles import is_translator_only, translation_permission
from translations.status import State

FIELD_PREFIX = "segment-"
CONFIRM_NAME = "still_current"


def may_translate(user, model, language: str) -> bool:
    if not (user.is_active and user.is_staff):
        return False
    if user.has_perm(translation_permission(language)):
        return True
    # Translator groups may change the model too, for their languages only.
    opts = model._meta
    return not is_translator_only(user, model) and user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def translate_url(obj, language: str) -> str:
    content_type = ContentType.objects.get_for_model(obj)
    return reverse(
        "admin:translations_translate", args=[content_type.pk, obj.pk, language]
    )


def _object(content_type_id: int, pk: int):
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = content_type.model_class()
    if model not in BY_MODEL:
        raise Http404
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def _saver(model_admin, request):
    """Store columns as the item's own admin would (drafts of live items)."""

    def save(obj, columns):
        item_admin = model_admin.admin_site._registry.get(type(obj))
        keep = getattr(item_admin, "save_imported_translation", None)
        if keep is None:
            obj.save(update_fields=columns)
            return False
        return keep(request, obj, columns)

    return save


def translate_view(model_admin, request, content_type_id: int, pk: int, language):
    obj = _object(content_type_id, pk)
    model = type(obj)
    if not may_translate(request.user, model, language):
        raise PermissionDenied
    if language not in target_languages(obj):
        raise Http404(_("This item is written in that language."))
    fields = workspace.load(obj, language)
    errors = []
    if request.method == "POST":
        submitted = {
            name.removeprefix(FIELD_PREFIX): text
            for name, text in request.POST.items()
            if name.startswith(FIELD_PREFIX)
        }
        confirmed = set(request.POST.getlist(CONFIRM_NAME))
        wrong = workspace.apply(fields, submitted, confirmed)
        if wrong:
            errors = [
                workspace.describe_error(work)
                for field in fields
                for work in field.segments
                if work.error
            ]
            messages.error(
                request,
                ngettext(
                    "Nothing was saved: %(count)d segment has broken placeholders.",
                    "Nothing was saved: %(count)d segments have broken placeholders.",
                    wrong,
                )
                % {"count": wrong},
            )
        else:
            result = workspace.save_segments(
                obj=obj,
                language=language,
                fields=fields,
                user=request.user,
                save=_saver(model_admin, request),
            )
            _report(request, result, language)
            return HttpResponseRedirect(request.get_full_path())
    workspace.annotate(obj, language, fields)
    opts = model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Translate into {language}: {item}").format(
            language=language_name(language), item=obj
        ),
        "obj": obj,
        "object_opts": opts,
        "change_url": reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
        ),
        "language": language,
        "language_label": language_name(language),
        "source_language": source_language(obj),
        "source_label": language_name(source_language(obj)),
        "fields": fields,
        "counts": workspace.counts(fields),
        "states": State,
        "errors": errors,
        "field_prefix": FIELD_PREFIX,
        "confirm_name": CONFIRM_NAME,
        "other_languages": [
            (code, language_name(code), translate_url(obj, code))
            for code in target_languages(obj)
            if code != language and may_translate(request.user, model, code)
        ],
    }
    return TemplateResponse(request, "admin/translations/translate.html", context)


def _report(request, result, language: str) -> None:
    if result.drafted:
        messages.info(
            request,
            _(
                "The item is on the site: your translation waits for a "
                "publisher's review as a draft."
            ),
        )
    if result.incomplete:
        messages.warning(
            request,
            _(
                "Your segments are saved. Still to translate or update before "
                "{language} can go live: {fields}."
            ).format(
                language=language_name(language), fields=", ".join(result.incomplete)
            ),
        )
    else:
        messages.success(request, _("The translation is saved."))
