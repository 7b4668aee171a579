"""What every editorial ModelAdmin gets: no lost edits, history, audit.

Put ``EditorialAdminMixin`` first in the bases of the admin of each
editable model (the model builds on ``editorial.models.Versioned``):

- the change form carries the version it was opened with, and a save
  without it is refused; a save based on an older one is refused with
  what changed since, field by field, language by language and inline by
  inline. The form is shown again merged: what only the other person
  changed is taken, where both changed a field the person chooses;
- a save that changes nothing saves nothing (no version, no revision);
- every save keeps a revision (django-reversion): the history lists them,
  two can be compared, and one can be restored (itself a new revision),
  under the rules of the change form: the model's change permission, the
  publication rights, a translator's own languages only; restores and
  refused restores are in the audit log;
- deleting can require a further permission (publishers only, say), is
  logged, and a refused attempt is logged too;
- uploads count against the account's hourly allowance, and a storage
  that fails while a file is saved gives a form error, not a 500.
"""

import logging
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import IntegrityError, models, transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import override
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.revisions import (
    add_to_revision,
    create_revision,
    set_comment,
    set_user,
)
from reversion.utils import mute_signals

from core.admin_addresses import OddAddressMixin
from core.i18n import language_codes
from core.storage import STORAGE_ERRORS
from core.uploads import claim_uploads
from core.views import private_response
from editorial import audit, conflicts
from editorial.models import StaleVersionError

logger = logging.getLogger(__name__)

VERSION_FIELD = "editorial_version"
# The conflict panel's choice for a field both people changed:
# ``editorial_keep_<field>=theirs`` takes the saved value.
KEEP_PREFIX = "editorial_keep_"
# Set on the request: the restore under way, the conflict found, the
# inline formsets built, a storage failure.
RESTORE = "_editorial_restore"
CONFLICT = "_editorial_conflict"
FORMSETS = "_editorial_formsets"
STORAGE_FAILED = "_editorial_storage_failed"
# The status that puts content on the site (news and pages ``Status``).
PUBLISHED = "published"


@dataclass(frozen=True)
class Conflict:
    changes: list[conflicts.FieldChange]
    by: str
    at: datetime | None
    # Inline formsets only the other person changed: shown again with the
    # rows as saved, so saving again keeps them.
    their_formsets: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Restore:
    version: Version
    # The version current before the revert; None when recovering.
    base: int | None
    # The object's values and inline rows before the revert, for the log.
    before: dict | None
    rows_before: dict | None
    # Only these columns come back (a translator's languages); None: all.
    columns: set[str] | None


class _NothingChanged(Exception):
    def __init__(self, obj):
        super().__init__()
        self.obj = obj


class _RolledBack(Exception):
    def __init__(self, response):
        super().__init__()
        self.response = response


def _restoring(request) -> Restore | None:
    return getattr(request, RESTORE, None)


class VersionCheckForm:
    """Mixed into the admin's ModelForm by ``EditorialAdminMixin.get_form``."""

    editorial_request = None
    editorial_conflict: Conflict | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (
            self.is_bound
            and self.instance.pk is not None
            and _restoring(self.editorial_request) is None
        ):
            self._take_chosen_values()

    def clean(self):
        cleaned = super().clean()
        request = self.editorial_request
        if getattr(request, STORAGE_FAILED, False):
            raise ValidationError(
                _(
                    "The file could not be stored (the file storage failed or "
                    "is full): nothing was saved. Your input is still in the "
                    "form: choose the file again and save in a moment, or "
                    "tell an administrator if it keeps failing."
                ),
                code="storage_failed",
            )
        self._check_version()
        if self.files and not self.errors:
            # Counted last: a form refused for another reason uses nothing.
            count = sum(len(self.files.getlist(name)) for name in self.files)
            claim_uploads(user=request.user, count=count)
        return cleaned

    def _take_chosen_values(self) -> None:
        """Put the saved value in each field whose conflict choice is theirs."""
        chosen = [
            key.removeprefix(KEEP_PREFIX)
            for key, value in self.data.items()
            if key.startswith(KEEP_PREFIX) and value == conflicts.THEIRS
        ]
        chosen = [name for name in chosen if name in self.fields]
        if not chosen:
            return
        saved = conflicts.values_of(self.instance)
        data = self.data.copy()
        for name in chosen:
            attname = self.instance._meta.get_field(name).attname
            _put(self, data, name, saved.get(attname))
        self.data = data

    def _check_version(self) -> None:
        instance = self.instance
        if instance.pk is None:
            return
        seen = self.cleaned_data.get(VERSION_FIELD)
        if seen is None:
            # Taking the object's current version instead would let a form
            # opened long ago overwrite everything saved since.
            raise ValidationError(
                _(
                    "This form did not say which version it was opened with, "
                    "so saving it could overwrite someone else's changes: "
                    "nothing was saved. Open the page again and redo your "
                    "change."
                ),
                code="missing_version",
            )
        restore = _restoring(self.editorial_request)
        if restore is not None:
            self._check_restore(restore, seen)
            return
        current = (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or current == seen:
            # The save claims this version: UPDATE … WHERE version = seen.
            instance.version = seen
            return
        self._refuse_stale(seen, current)

    def _check_restore(self, restore: Restore, seen: int) -> None:
        if restore.base is None:
            return  # recovering a deleted object: nothing to overwrite
        if seen != restore.base:
            raise ValidationError(
                _(
                    "Someone else saved this since you opened the revision: "
                    "nothing was restored. Open the history again to see "
                    "their change."
                ),
                code="stale_version",
            )
        # The revert put the old number back: the restore builds on the
        # version that was current, so numbers only grow.
        instance = self.instance
        type(instance)._base_manager.filter(pk=instance.pk).update(version=seen)
        instance.version = seen

    def _refuse_stale(self, seen: int, current: int) -> None:
        instance = self.instance
        request = self.editorial_request
        base_version = conflicts.stored_version(instance, seen)
        base = None if base_version is None else base_version.field_dict
        theirs = conflicts.values_of(instance)
        mine = self._submitted_values()
        # Shown again merged, with the current version: saving now is a
        # choice made having seen the other changes.
        data = self.data.copy()
        changes = [
            self._merge(change, base, theirs, mine, data)
            for change in conflicts.changes(type(instance), base, theirs, mine)
        ]
        their_formsets = set()
        if base_version is not None:
            before = conflicts.stored_rows(base_version)
            posted = {
                formset.fk: formset
                for formset in getattr(request, FORMSETS, [])
                if hasattr(formset, "fk")
            }
            for key, change in conflicts.row_changes(
                before, conflicts.current_rows(instance)
            ):
                formset = posted.get(key)
                if formset is not None and _edited(
                    formset, conflicts.stored_objects(base_version, key)
                ):
                    change = replace(change, resolution=conflicts.MINE)
                else:
                    if formset is not None:
                        their_formsets.add(formset.prefix)
                    change = replace(change, resolution=conflicts.THEIRS)
                changes.append(change)
        data[self.add_prefix(VERSION_FIELD)] = str(current)
        self.data = data
        self.editorial_conflict = Conflict(
            changes=changes,
            their_formsets=frozenset(their_formsets),
            **_last_author(instance),
        )
        setattr(request, CONFLICT, self.editorial_conflict)
        raise ValidationError(
            _(
                "Someone else saved this since you opened it: nothing was "
                "saved. Their changes are listed above the form. What only "
                "they changed is now in the form; where you both changed a "
                "field, choose which text to keep. Your other changes are "
                "still in the form: save again to keep them."
            ),
            code="stale_version",
        )

    def _merge(self, change, base, theirs, mine, data) -> conflicts.FieldChange:
        """Take their value where only they changed a field; else say so."""
        key = self.instance._meta.get_field(change.name).attname
        if change.name not in self.fields or key not in mine:
            # Not in this person's form (or a file): saving leaves it alone.
            return replace(change, resolution=conflicts.THEIRS)
        if conflicts.same(mine[key], theirs.get(key)):
            return change
        if base is not None and key in base and conflicts.same(mine[key], base[key]):
            _put(self, data, change.name, theirs.get(key))
            return replace(change, resolution=conflicts.THEIRS)
        return replace(change, resolution=conflicts.CHOOSE)

    def _submitted_values(self) -> dict:
        values = {}
        for field in conflicts.compared_fields(type(self.instance)):
            if field.name not in self.cleaned_data:
                continue
            value = self.cleaned_data[field.name]
            if isinstance(field, models.ManyToManyField):
                value = sorted(obj.pk for obj in value or [])
            elif isinstance(field, models.ForeignKey):
                value = getattr(value, "pk", value)
            elif isinstance(field, models.FileField):
                continue  # an upload is not shown
            values[field.attname] = value
        return values


def _put(form, data, name: str, value) -> None:
    """Write ``value`` into ``data`` as the field's widget would post it."""
    field = form.fields[name]
    widget = field.widget
    if not isinstance(widget, forms.MultiWidget):
        # The admin wraps relation widgets in a "+" link wrapper.
        widget = getattr(widget, "widget", widget)
    key = form.add_prefix(name)
    value = field.prepare_value(value)
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        for suffix, part_widget, part in zip(
            widget.widgets_names, widget.widgets, parts, strict=False
        ):
            data[key + suffix] = part_widget.format_value(part) or ""
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    else:
        shown = widget.format_value(value)
        if isinstance(shown, list):
            data.setlist(key, shown)
        else:
            data[key] = "" if shown is None else shown


def _edited(formset, rows: list) -> bool:
    """Whether a posted inline formset differs from ``rows`` (as opened)."""
    opened = {str(row.pk): row for row, _text in rows}
    try:
        initial = formset.initial_form_count()
        total = formset.total_form_count()
    except ValidationError:
        return True
    if initial != len(opened):
        return True
    pk_name = formset.model._meta.pk.name
    for index in range(total):
        prefix = formset.add_prefix(index)
        if formset.data.get(f"{prefix}-DELETE"):
            return True
        if index < initial:
            instance = opened.get(formset.data.get(f"{prefix}-{pk_name}", ""))
            if instance is None:
                return True
        else:
            instance = formset.model()
        form = formset.form(
            formset.data,
            formset.files,
            prefix=prefix,
            instance=instance,
            empty_permitted=index >= initial,
            use_required_attribute=False,
        )
        if form.has_changed():
            return True
    return False


class _KeptFormSet:
    """Lets the form's checks see the inline formsets posted with it."""

    editorial_built: list

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.editorial_built.append(self)


def _last_author(obj) -> dict:
    version = (
        Version.objects.get_for_object(obj).select_related("revision__user").first()
    )
    if version is None:
        return {"by": _("someone"), "at": None}
    user = version.revision.user
    return {
        "by": user.get_full_name() or user.get_username() if user else _("someone"),
        "at": version.revision.date_created,
    }


class PreviewAdminMixin:
    """A staff-only preview of an object as readers of a language see it,
    draft or not, at ``<id>/preview/<language>/``.

    Subclasses say which languages exist (``preview_languages``) and render
    the public template (``render_preview``).
    """

    def preview_languages(self, obj) -> list[str]:
        raise NotImplementedError

    def render_preview(self, request, obj, language_urls: dict):
        raise NotImplementedError

    def preview_url(self, obj, language: str) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_preview",
            kwargs={"object_id": obj.pk, "language": language},
        )

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/preview/<str:language>/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id, language):
        if language not in language_codes():
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        language_urls = {
            code: self.preview_url(obj, code) for code in self.preview_languages(obj)
        }
        with override(language):
            response = self.render_preview(request, obj, language_urls)
        return private_response(response, language)


class EditorialAdminMixin(OddAddressMixin, VersionAdmin):
    # A permission needed on top of ``delete_<model>`` to delete an object.
    delete_permission: str | None = None
    # Fields only holders of ``publish_permission`` may change, also by
    # restoring an old revision.
    publish_fields: tuple[str, ...] = ()
    publish_permission: str | None = None
    history_latest_first = True
    object_history_template = "admin/editorial/object_history.html"

    @contextmanager
    def create_revision(self, request):
        # Reading pages saves nothing: no transaction (and its two queries)
        # around them.
        with create_revision(atomic=request.method not in ("GET", "HEAD")):
            set_user(request.user)
            yield

    # No lost edits

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "fields" in kwargs and kwargs["fields"] is None:
            return form  # the admin working out the form's layout
        attrs = {"editorial_request": request}
        if obj is not None:
            restore = _restoring(request)
            opened = obj.version
            if restore is not None and restore.base is not None:
                # The revert put the revision's number in the object; the
                # restore is claimed against the version it replaces.
                opened = restore.base
            attrs[VERSION_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=opened
            )
        return type(form.__name__, (VersionCheckForm, form), attrs)

    def get_formsets_with_inlines(self, request, obj=None):
        built = []
        setattr(request, FORMSETS, built)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            kept = type(formset.__name__, (_KeptFormSet, formset), {})
            kept.editorial_built = built
            yield kept, inline

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        conflict = getattr(request, CONFLICT, None)
        if conflict is not None and conflict.their_formsets:
            # Rows only the other person changed: shown as saved, so saving
            # again does not put the old ones back.
            formsets = [
                type(formset)(
                    instance=obj,
                    prefix=formset.prefix,
                    queryset=inline.get_queryset(request),
                )
                if formset.prefix in conflict.their_formsets
                else formset
                for formset, inline in zip(formsets, inline_instances, strict=True)
            ]
        return super().get_inline_formsets(request, formsets, inline_instances, obj)

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except STORAGE_ERRORS:
            if request.method != "POST":
                raise
            self._storage_failed(request, "new")
            return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self._record_opened_state(request, object_id)
        view = super().change_view
        try:
            return view(request, object_id, form_url, extra_context)
        except StaleVersionError:
            # Another save landed between this form's check and its save:
            # nothing was kept; the form's check now reports the conflict.
            return view(request, object_id, form_url, extra_context)
        except _NothingChanged as nothing:
            self.message_user(
                request, _("Nothing was changed, so nothing was saved."), messages.INFO
            )
            if "_continue" in request.POST:
                return HttpResponseRedirect(request.path)
            return self.response_post_save_change(request, nothing.obj)
        except STORAGE_ERRORS:
            if request.method != "POST":
                raise
            self._storage_failed(request, object_id)
            return view(request, object_id, form_url, extra_context)

    def _storage_failed(self, request, object_id) -> None:
        # The admin's transaction has rolled back: no row was saved. The form
        # runs again and says so, keeping the editor's input.
        logger.exception(
            "file storage failed while saving %s #%s",
            self.model._meta.label,
            object_id,
        )
        setattr(request, STORAGE_FAILED, True)

    def _record_opened_state(self, request, object_id) -> None:
        """Keep a revision of the state a form opens with, if none has it.

        Objects saved outside the admin (demo content, imports) have no
        revision for their current version: without one, a conflict could
        not say what changed since the form was opened.
        """
        # The admin's own lookup: an id that is not one (``abc``) is None.
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return
        latest = Version.objects.get_for_object(obj).first()
        try:
            recorded = latest is not None and latest.field_dict.get("version")
        except (RevertError, ValueError, LookupError):
            recorded = None
        if recorded == obj.version:
            return
        with create_revision():
            set_user(request.user)
            set_comment(_("State before this edit (saved outside the admin)."))
            add_to_revision(obj)  # with the inlines it follows

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        form = context["adminform"].form
        context["editorial_conflict"] = getattr(form, "editorial_conflict", None)
        context["editorial_keep_prefix"] = KEEP_PREFIX
        response = super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )
        # Wrap whichever template the admin chose (the translators' one,
        # say) rather than replace it.
        names = response.template_name
        response.context_data["editorial_parent_template"] = select_template(
            [names] if isinstance(names, str) else names
        )
        response.template_name = "admin/editorial/change_form.html"
        return response

    def save_form(self, request, form, change):
        if (
            change
            and _restoring(request) is None
            and not form.has_changed()
            and not any(f.has_changed() for f in getattr(request, FORMSETS, []))
        ):
            # Nothing to keep: no save, no new version, no revision, no log.
            raise _NothingChanged(form.instance)
        return super().save_form(request, form, change)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moved = [name for name in self.publish_fields if name in form.changed_data]
        if moved:
            # The admin's own LogEntry records the change; this is the trail.
            audit.record(
                user=request.user,
                obj=obj,
                action="publication change",
                detail=", ".join(f"{name}={getattr(obj, name)}" for name in moved),
                log_entry=False,
            )

    # History: compare and restore

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        versions = self._versions(object_id).select_related("revision__user")
        context = {"editorial_versions": versions, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        """Two revisions of one object side by side, field by field."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = self._versions(object_id).select_related("revision__user")
        try:
            older = versions.get(pk=int(request.GET.get("from", "")))
            newer = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, Version.DoesNotExist):
            raise Http404 from None
        if older.pk > newer.pk:
            older, newer = newer, older
        changes = conflicts.changes(self.model, older.field_dict, newer.field_dict)
        changes += [
            change
            for _key, change in conflicts.row_changes(
                conflicts.stored_rows(older), conflicts.stored_rows(newer)
            )
        ]
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compare revisions of “{object}”").format(object=obj),
            "subtitle": None,
            "opts": opts,
            "object": obj,
            "older": older,
            "newer": newer,
            "changes": changes,
            "history_url": self._url("history", obj.pk),
        }
        return TemplateResponse(request, "admin/editorial/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        object_id = unquote(object_id)
        # A revision of this very object of this model: a number taken from
        # another object's or another model's history is not found here.
        version = get_object_or_404(self._versions(object_id), pk=version_id)
        obj = self.model._base_manager.filter(pk=object_id).first()
        if obj is None:
            raise Http404
        refusal = self._restore_refusal(request, version, obj)
        if refusal:
            return self._refuse_restore(
                request, version, refusal, self._url("history", obj.pk)
            )
        setattr(
            request,
            RESTORE,
            Restore(
                version=version,
                base=obj.version,
                before=conflicts.values_of(obj),
                rows_before=conflicts.current_rows(obj),
                columns=self.get_restore_fields(request),
            ),
        )
        return super().revision_view(
            request, quote(object_id), version_id, extra_context
        )

    def recover_view(self, request, version_id, extra_context=None):
        # The last revision of a deleted object of this model, nothing else.
        version = get_object_or_404(
            Version.objects.get_deleted(self.model), pk=version_id
        )
        refusal = self._recover_refusal(request, version)
        if refusal:
            return self._refuse_restore(
                request, version, refusal, self._url("recoverlist")
            )
        setattr(
            request,
            RESTORE,
            Restore(
                version=version, base=None, before=None, rows_before=None, columns=None
            ),
        )
        return super().recover_view(request, version_id, extra_context)

    def get_restore_fields(self, request) -> set[str] | None:
        """The columns a restore may bring back; None for the whole revision.

        ``translations.admin.TranslatorAdminMixin`` (later in the bases)
        narrows it to a translator's languages.
        """
        parent = getattr(super(), "get_restore_fields", None)
        return parent(request) if parent is not None else None

    def _may_publish(self, request) -> bool:
        return not self.publish_permission or request.user.has_perm(
            self.publish_permission
        )

    def _restore_refusal(self, request, version, obj) -> str:
        """Why this person may not restore ``version`` ("" when they may)."""
        if not self.has_change_permission(request, obj):
            return _("You may not change this, so you may not restore it.")
        if self.get_restore_fields(request) is not None or self._may_publish(request):
            return ""
        try:
            stored = version.field_dict
        except (RevertError, ValueError, LookupError):
            return ""  # the restore itself reports the unreadable revision
        for name in self.publish_fields:
            attname = self.model._meta.get_field(name).attname
            if not conflicts.same(stored.get(attname), getattr(obj, attname)):
                return _(
                    "This revision was in another publication state: only "
                    "publishers may restore it."
                )
        return ""

    def _recover_refusal(self, request, version) -> str:
        if not (
            self.has_add_permission(request) and self.has_change_permission(request)
        ):
            return _("You may not add this, so you may not bring it back.")
        if self.get_restore_fields(request) is not None:
            return _("You may not add this, so you may not bring it back.")
        try:
            stored = version.field_dict
        except (RevertError, ValueError, LookupError):
            return ""
        public = "status" in self.publish_fields and stored.get("status") == PUBLISHED
        if public and not self._may_publish(request):
            return _(
                "This was on the site when it was deleted: only publishers "
                "may bring it back."
            )
        return ""

    def _refuse_restore(self, request, version, message: str, url: str):
        audit.refused(
            user=request.user,
            action="restore",
            target=f"{self.model._meta.label} #{version.object_id} "
            f"to revision {version.pk}",
        )
        messages.error(request, message)
        return HttpResponseRedirect(url)

    def _reversion_revisionform_view(
        self, request, version, template_name, extra_context=None
    ):
        """django-reversion's restore, limited to what this person may save.

        Overrides django-reversion's, which reverts every object of the
        revision (a revision can hold others saved at the same time, and a
        translator's form would then save other fields unchecked). This
        reverts the object and its inline rows, or only a translator's
        columns, then runs the change form on the result in the same
        transaction: a GET, or a form that does not validate, rolls back.
        """
        restore = _restoring(request)
        if restore is None or restore.version.pk != version.pk:
            raise PermissionDenied
        quiet = (
            mute_signals(pre_save, post_save, pre_delete, post_delete, m2m_changed)
            if request.method == "GET"
            else nullcontext()
        )
        try:
            with transaction.atomic(using=version.db), quiet:
                _revert(version, restore.columns)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, extra_context
                    )
                    if request.method == "POST" and response.status_code == 302:
                        set_comment(
                            _("Restored the revision of {date}").format(
                                date=localize(
                                    template_localtime(version.revision.date_created)
                                )
                            )
                        )
                        self._log_restore(request, restore)
                    elif response.status_code == 200:
                        # Reversion's revision page, still wrapped: it
                        # carries the version the restore is claimed against.
                        response.context_data["editorial_parent_template"] = (
                            select_template(
                                [template_name]
                                if isinstance(template_name, str)
                                else template_name
                            )
                        )
                        response.render()  # with the reverted state
                        raise _RolledBack(response)
                    else:
                        raise RevertError(_("This revision could not be loaded."))
        except (RevertError, models.ProtectedError) as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(self._url("changelist"))
        except _RolledBack as rolled_back:
            return rolled_back.response
        return response

    def _log_restore(self, request, restore: Restore) -> None:
        version = restore.version
        obj = self.model._base_manager.get(pk=version.object_id)
        after = conflicts.values_of(obj)
        if restore.before is None:
            changed = [
                field.name
                for field in conflicts.compared_fields(self.model)
                if field.name in self.publish_fields
            ]
            what = "recovered deleted object"
        else:
            changed = [
                change.name
                for change in conflicts.changes(self.model, restore.before, after)
            ]
            changed += [
                str(key.model._meta.model_name)
                for key, _change in conflicts.row_changes(
                    restore.rows_before, conflicts.current_rows(obj)
                )
            ]
            what = "changed " + (", ".join(changed) if changed else "nothing")
        when = version.revision.date_created.isoformat()
        detail = f"to revision {version.pk} of {when}: {what}"
        published = [
            f"{name}={getattr(obj, name)}"
            for name in self.publish_fields
            if name in changed
        ]
        if published:
            detail += " ({})".format(", ".join(published))
        audit.record(
            user=request.user, obj=obj, action="restore", detail=detail, log_entry=False
        )

    def _versions(self, object_id):
        object_id = unquote(object_id)
        try:
            # Versions keep ids as text: "abc" or a NUL byte would reach
            # the database (PostgreSQL refuses NUL) instead of finding none.
            self.model._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404 from None
        return Version.objects.get_for_object_reference(self.model, object_id).order_by(
            "-pk"
        )

    def _url(self, view: str, *args) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{view}",
            args=[quote(arg) for arg in args],
        )

    # Deleting

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if allowed and self.delete_permission:
            return request.user.has_perm(self.delete_permission)
        return allowed

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST" and not self.has_delete_permission(request):
            audit.refused(
                user=request.user,
                action="delete",
                target=f"{self.model._meta.label} #{object_id}",
            )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        audit.record(user=request.user, obj=obj, action="delete", log_entry=False)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record(user=request.user, obj=obj, action="delete", log_entry=False)
        super().delete_queryset(request, queryset)


def _revert(version, columns: set[str] | None) -> None:
    """Put ``version`` back in the database: all of it, or ``columns``."""
    model = version._model
    if columns is not None:
        stored = version.field_dict
        model._base_manager.filter(pk=version.object_id).update(
            **{name: stored[name] for name in columns if name in stored}
        )
        return
    owned = _owned_versions(version)
    kept = {(other._model, other.object_id) for other in owned}
    obj = model._base_manager.filter(pk=version.object_id).first()
    if obj is not None:
        # Rows added since the revision go, as the form would delete them.
        extra = [
            row for row in _inline_rows(obj) if (type(row), str(row.pk)) not in kept
        ]
        for row in reversed(extra):
            row.delete()
    for other in owned:  # parents before the rows that point to them
        try:
            with transaction.atomic(using=other.db):
                other.revert()
        except (IntegrityError, ObjectDoesNotExist) as error:
            raise RevertError(
                _(
                    "“{object}” could not be restored: something it refers "
                    "to no longer exists."
                ).format(object=other.object_repr)
            ) from error


def _owned_versions(version) -> list[Version]:
    """``version`` and those of its inline rows kept in the same revision.

    Other objects saved in the same request (other units of a list edit,
    say) are in the revision too: restoring this object leaves them alone.
    """
    others = list(version.revision.version_set.all())
    owned, queue = [version], [version]
    while queue:
        parent = queue.pop(0)
        for key in conflicts.followed(parent._model):
            for other in others:
                if other._model is not key.model or other in owned:
                    continue
                try:
                    points_to = other.field_dict.get(key.attname)
                except (RevertError, ValueError, LookupError):
                    continue
                if str(points_to) == str(parent.object_id):
                    owned.append(other)
                    queue.append(other)
    return owned


def _inline_rows(obj):
    """The rows of ``obj``'s inlines, and theirs, parents first."""
    for key in conflicts.followed(type(obj)):
        for row in key.model._base_manager.filter(**{key.attname: obj.pk}):
            yield row
            yield from _inline_rows(row)


# Autodiscovery imports this module: swap in the user and group admins.
from editorial import accounts  # noqa: E402,F401
