"""What every editorial ModelAdmin gets: no lost edits, history, audit.

Put ``EditorialAdminMixin`` first in the bases of the admin of each
editable model (the model builds on ``editorial.models.Versioned``):

- the change form carries the version it was opened with; a save based
  on an older one is refused with what changed since, field by field and
  language by language, and the editor's input stays in the form;
- every save keeps a revision (django-reversion): the history lists them,
  two can be compared, and one can be restored (itself a new revision);
- deleting can require a further permission (publishers only, say), is
  logged, and a refused attempt is logged too.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version
from reversion.revisions import (
    add_to_revision,
    create_revision,
    set_comment,
    set_user,
)

from editorial import audit, conflicts
from editorial.models import StaleVersionError

VERSION_FIELD = "editorial_version"
# Set on the request by the restore views: the version current before the
# revert, which the restored object's number must go past.
RESTORE_BASE = "_editorial_restore_base"


@dataclass(frozen=True)
class Conflict:
    changes: list[conflicts.FieldChange]
    by: str
    at: datetime | None


class VersionCheckForm:
    """Mixed into the admin's ModelForm by ``EditorialAdminMixin.get_form``."""

    editorial_request = None
    editorial_conflict: Conflict | None = None

    def clean(self):
        cleaned = super().clean()
        self._check_version()
        return cleaned

    def _check_version(self) -> None:
        instance = self.instance
        if instance.pk is None:
            return
        if hasattr(self.editorial_request, RESTORE_BASE):
            base = getattr(self.editorial_request, RESTORE_BASE)
            if base is not None:
                # The revert put the old number back: the restore builds on
                # the version that was current, so numbers only grow.
                type(instance)._base_manager.filter(pk=instance.pk).update(version=base)
                instance.version = base
            return
        seen = self.cleaned_data.get(VERSION_FIELD)
        if seen is None:
            # A client that does not send it (a script): the save is still
            # claimed against the version read with the object.
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
        self.editorial_conflict = Conflict(
            changes=conflicts.changes(
                type(instance),
                conflicts.stored_values(instance, seen),
                conflicts.values_of(instance),
                self._submitted_values(),
            ),
            **_last_author(instance),
        )
        # Shown again with the current version: saving now is a choice made
        # having seen the other changes.
        data = self.data.copy()
        data[self.add_prefix(VERSION_FIELD)] = str(current)
        self.data = data
        raise ValidationError(
            _(
                "Someone else saved this since you opened it: nothing was "
                "saved. Their changes are listed above the form and your text "
                "is still in it. Merge what you need, then save again to "
                "keep your version."
            ),
            code="stale_version",
        )

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


class EditorialAdminMixin(VersionAdmin):
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
        if obj is None or ("fields" in kwargs and kwargs["fields"] is None):
            # Adding, or the admin working out the form's layout.
            return form
        attrs = {
            VERSION_FIELD: forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=obj.version
            ),
            "editorial_request": request,
        }
        return type(form.__name__, (VersionCheckForm, form), attrs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self._record_opened_state(request, object_id)
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except StaleVersionError:
            # Another save landed between this form's check and its save:
            # nothing was kept; the form's check now reports the conflict.
            return super().change_view(request, object_id, form_url, extra_context)

    def _record_opened_state(self, request, object_id) -> None:
        """Keep a revision of the state a form opens with, if none has it.

        Objects saved outside the admin (demo content, imports) have no
        revision for their current version: without one, a conflict could
        not say what changed since the form was opened.
        """
        obj = self.model._base_manager.filter(pk=unquote(object_id)).first()
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
        changes += _related_changes(older, newer)
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
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history",
                args=[quote(obj.pk)],
            ),
        }
        return TemplateResponse(request, "admin/editorial/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(
            Version, pk=version_id, object_id=unquote(object_id)
        )
        current = (
            self.model._base_manager.filter(pk=unquote(object_id))
            .values(*self.publish_fields, "version")
            .first()
        )
        if current is not None and not self._may_restore(request, version, current):
            audit.refused(
                user=request.user,
                action="restore",
                target=f"{self.model._meta.label} #{object_id}",
            )
            messages.error(
                request,
                _(
                    "This revision was in another publication state: only "
                    "publishers may restore it."
                ),
            )
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_history",
                    args=[object_id],
                )
            )
        if current is not None:
            setattr(request, RESTORE_BASE, current["version"])
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        setattr(request, RESTORE_BASE, None)
        return super().recover_view(request, version_id, extra_context)

    def _may_restore(self, request, version, current: dict) -> bool:
        if not self.publish_fields or (
            self.publish_permission and request.user.has_perm(self.publish_permission)
        ):
            return True
        stored = version.field_dict
        return all(
            conflicts._same(stored.get(name), current.get(name))
            for name in self.publish_fields
        )

    def _versions(self, object_id):
        return Version.objects.get_for_object_reference(
            self.model, unquote(object_id)
        ).order_by("-pk")

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


def _related_changes(older, newer) -> list[conflicts.FieldChange]:
    """Inline objects (contacts, dateline places…) kept with each revision."""

    def grouped(version):
        groups: dict[str, list[str]] = {}
        for other in version.revision.version_set.select_related("content_type"):
            if other.content_type_id == version.content_type_id:
                continue  # the object itself, or others saved with it
            model = other.content_type.model_class()
            label = str(model._meta.verbose_name_plural) if model else "?"
            groups.setdefault(label, []).append(other.object_repr)
        return {label: sorted(reprs) for label, reprs in groups.items()}

    before, after = grouped(older), grouped(newer)
    return [
        conflicts.FieldChange(
            name=label,
            label=label,
            language="",
            before=", ".join(before.get(label, [])) or "—",
            after=", ".join(after.get(label, [])) or "—",
        )
        for label in sorted(set(before) | set(after))
        if before.get(label, []) != after.get(label, [])
    ]
