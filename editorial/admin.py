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
- with ``drafts = True``, a live item changes only with a publisher: a
  save by anyone else (a translator too, unless the review policy lets
  translations go live) is kept as the item's draft (``editorial.drafts``)
  and the live row is left alone. The form shows the draft to those who
  work on it; publishers compare, comment, approve or send it back, from
  the form or the list, and may save a draft on purpose;
- deleting can require a further permission (publishers only, say), is
  logged, and a refused attempt is logged too;
- uploads count against the account's hourly allowance, and a storage
  that fails while a file is saved gives a form error, not a 500.
"""

import logging
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override
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
from core.forgiving import ForgivingFormsAdminMixin
from core.i18n import language_codes
from core.storage import STORAGE_ERRORS
from core.uploads import claim_uploads
from core.views import private_response
from editorial import audit, conflicts, drafts
from editorial.models import Draft, DraftEvent, ReviewPolicy, StaleVersionError

logger = logging.getLogger(__name__)

VERSION_FIELD = "editorial_version"
# The version of the item's draft the form shows (0: none); see DraftContext.
DRAFT_FIELD = "editorial_draft"
# The review box of a draft: the decision and its comment.
DECISION_FIELD = "editorial_decision"
COMMENT_FIELD = "editorial_review_comment"
# The conflict panel's choice for a field both people changed:
# ``editorial_keep_<field>=theirs`` takes the saved value.
KEEP_PREFIX = "editorial_keep_"
# Set on the request: the restore under way, the conflict found, the
# inline formsets built, a storage failure.
RESTORE = "_editorial_restore"
CONFLICT = "_editorial_conflict"
FORMSETS = "_editorial_formsets"
STORAGE_FAILED = "_editorial_storage_failed"
# Set on the request: the draft in play (DraftContext), whether the admin
# saved the form (its change logged), and admin success messages held back
# while a save is turned into a draft.
DRAFT = "_editorial_draft"
SAVED = "_editorial_saved"
QUIET = "_editorial_quiet"
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


@dataclass(frozen=True)
class DraftContext:
    """How a change form of a live item deals with the item's draft."""

    draft: Draft | None  # the open draft, if any
    # The form shows the draft's values (a person who works on the draft).
    shown: bool
    # A save by this person is kept as the draft, not put live.
    keeps_draft: bool
    kind: str
    # The draft version the form must carry (0: the form shows no draft).
    expected: int


def _draft_context(request) -> DraftContext | None:
    return getattr(request, DRAFT, None)


class _NothingChanged(Exception):
    def __init__(self, obj):
        super().__init__()
        self.obj = obj


class _RolledBack(Exception):
    def __init__(self, response):
        super().__init__()
        self.response = response


class _KeptAsDraft(Exception):
    def __init__(self, obj, state):
        super().__init__()
        self.obj, self.state = obj, state


def _restoring(request) -> Restore | None:
    return getattr(request, RESTORE, None)


def _rendered(response):
    """``response`` made now, while the state it shows is in the database."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def _undone(run):
    """What ``run`` returns; everything it wrote is rolled back."""
    try:
        with transaction.atomic():
            raise _RolledBack(run())
    except _RolledBack as rolled_back:
        return rolled_back.response


class VersionCheckForm:
    """Mixed into the admin's ModelForm by ``EditorialAdminMixin.get_form``."""

    editorial_request = None
    editorial_conflict: Conflict | None = None
    # Set when the save is kept as a draft: fields a draft may not change.
    editorial_publish_fields: tuple[str, ...] = ()

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
        self._check_draft()
        moved = [
            name for name in self.editorial_publish_fields if name in self.changed_data
        ]
        if moved:
            raise ValidationError(
                _(
                    "A draft keeps the publication settings of the live "
                    "version: to change them, save without “Save as draft”."
                ),
                code="draft_publication",
            )
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

    def _check_draft(self) -> None:
        """Refuse a save based on another state of the draft than the one now.

        Two people working on the same draft are told as two people saving
        the item are: the form comes back merged, with what changed.
        """
        context = _draft_context(self.editorial_request)
        if context is None or self.errors:
            return
        seen = self.cleaned_data.get(DRAFT_FIELD) or 0
        if seen == context.expected:
            return
        instance = self.instance
        # A form opened on the live item: its version is the base. One
        # opened on an older state of the draft: that state is not kept.
        base_version = (
            conflicts.stored_version(instance, instance.version) if seen == 0 else None
        )
        draft = context.draft
        if draft is not None:
            who = draft.updated_by or draft.author
            author = {
                "by": (who.get_full_name() or who.get_username())
                if who
                else _("someone"),
                "at": draft.updated_at,
            }
        else:
            author = _last_author(instance)
        self._report_conflict(
            base_version,
            {VERSION_FIELD: instance.version, DRAFT_FIELD: context.expected},
            author,
            _(
                "The draft of this item changed since you opened it (saved, "
                "approved or sent back): nothing was saved. What changed is "
                "listed above the form; your changes are still in the form: "
                "save again to keep them."
            ),
        )

    def _refuse_stale(self, seen: int, current: int) -> None:
        instance = self.instance
        fresh = {VERSION_FIELD: current}
        context = _draft_context(self.editorial_request)
        if context is not None:
            fresh[DRAFT_FIELD] = context.expected
        self._report_conflict(
            conflicts.stored_version(instance, seen),
            fresh,
            _last_author(instance),
            _(
                "Someone else saved this since you opened it: nothing was "
                "saved. Their changes are listed above the form. What only "
                "they changed is now in the form; where you both changed a "
                "field, choose which text to keep. Your other changes are "
                "still in the form: save again to keep them."
            ),
        )

    def _report_conflict(
        self, base_version, fresh: dict, author: dict, message: str
    ) -> None:
        """Show the form again merged with the saved state, and refuse it."""
        instance = self.instance
        request = self.editorial_request
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
        for name, value in fresh.items():
            data[self.add_prefix(name)] = str(value)
        self.data = data
        self.editorial_conflict = Conflict(
            changes=changes,
            their_formsets=frozenset(their_formsets),
            **author,
        )
        setattr(request, CONFLICT, self.editorial_conflict)
        raise ValidationError(message, code="stale_version")

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


class EditorialAdminMixin(ForgivingFormsAdminMixin, OddAddressMixin, VersionAdmin):
    # A permission needed on top of ``delete_<model>`` to delete an object.
    delete_permission: str | None = None
    # Fields only holders of ``publish_permission`` may change, also by
    # restoring an old revision.
    publish_fields: tuple[str, ...] = ()
    publish_permission: str | None = None
    history_latest_first = True
    object_history_template = "admin/editorial/object_history.html"
    # Live items change only with a publisher: a save by anyone else is kept
    # as the item's draft (``editorial.drafts``), which publishers approve
    # or send back. The model has a ``status`` whose "published" is live.
    drafts = False

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
            context = _draft_context(request)
            if context is not None:
                attrs[DRAFT_FIELD] = forms.IntegerField(
                    widget=forms.HiddenInput, required=False, initial=context.expected
                )
                if context.keeps_draft and self.publish_fields:
                    attrs["editorial_publish_fields"] = self.publish_fields
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
        if self.drafts:
            view = partial(self._draft_aware_change_view, view)
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
        context["editorial_draft_panel"] = self._draft_panel(request, obj)
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
        context = _draft_context(request)
        if (
            change
            and _restoring(request) is None
            # Saving the form a draft is shown in publishes the draft, or
            # sends a returned one back for review: even unchanged.
            and not (
                context is not None
                and context.draft is not None
                and (
                    (context.shown and not context.keeps_draft)
                    or context.draft.state == Draft.State.REJECTED
                )
            )
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

    # Drafts of live items

    def _translator_only(self, request) -> bool:
        # ``translations.admin.TranslatorAdminMixin``, later in the bases.
        check = getattr(self, "translator_only", None)
        return bool(check and check(request))

    def draft_context(self, request, obj) -> DraftContext | None:
        """What a change form of ``obj`` does with its draft, for ``request``."""
        if not self.drafts or obj is None or obj.pk is None:
            return None
        live = drafts.is_live(obj)
        draft = drafts.open_draft(obj)
        if not live and draft is None:
            return None
        kind = Draft.Kind.EDIT
        if self._may_publish(request):
            keeps = live and "_save_draft" in request.POST
            works_on_draft = True
        elif self._translator_only(request):
            kind = Draft.Kind.TRANSLATION
            keeps = live and drafts.translations_reviewed(self.model)
            works_on_draft = keeps
        else:
            keeps = works_on_draft = live
        shown = live and draft is not None and works_on_draft
        return DraftContext(
            draft=draft,
            shown=shown,
            keeps_draft=keeps,
            kind=kind,
            expected=draft.version if shown else 0,
        )

    def _draft_aware_change_view(self, view, request, object_id, form_url, extra):
        obj = self.get_object(request, unquote(object_id))
        context = self.draft_context(request, obj)
        if context is None:
            return view(request, object_id, form_url, extra)
        setattr(request, DRAFT, context)
        if request.method != "POST":
            if not context.shown:
                return view(request, object_id, form_url, extra)

            def opened_on_draft():
                # Written over the item for the form to read, then rolled back.
                drafts.show(context.draft)
                return _rendered(view(request, object_id, form_url, extra))

            return _undone(opened_on_draft)
        if context.keeps_draft:
            return self._save_as_draft(
                request, obj, context, lambda: view(request, object_id, form_url, extra)
            )
        if context.shown:
            return self._save_draft_live(
                request, context, lambda: view(request, object_id, form_url, extra)
            )
        return view(request, object_id, form_url, extra)

    def _save_as_draft(self, request, obj, context: DraftContext, run):
        """Run the change form, keep what it saved as the draft, undo the rest.

        The form saves as usual (its checks, its inlines, its derived
        fields), in a savepoint rolled back afterwards: the live row stays
        as it was, byte for byte, and what the save registered with
        ``transaction.on_commit`` (the page cache's bump, the audit) goes
        with the savepoint.
        """
        setattr(request, QUIET, True)

        def attempt():
            if context.shown:
                drafts.show(context.draft)
            response = run()
            if getattr(request, SAVED, False):
                return response, drafts.state_of(obj)
            return _rendered(response), None

        try:
            response, state = _undone(attempt)
        finally:
            setattr(request, QUIET, False)
        if state is None:
            return response
        draft = drafts.save_draft(
            obj=obj,
            data=state,
            user=request.user,
            kind=context.kind,
            seen=context.expected,
        )
        self._say_draft_saved(request, obj, draft, had_draft=context.draft is not None)
        if "_save_draft" in request.POST or "_continue" in request.POST:
            return HttpResponseRedirect(request.path)
        return response

    def _say_draft_saved(self, request, obj, draft, *, had_draft=True) -> None:
        if draft is None and not had_draft:
            message = _("Nothing was changed, so nothing was saved.")
        elif draft is None:
            message = _(
                "“{object}” is now as it is live: there is no draft left to "
                "review, so the draft was withdrawn."
            )
        elif self._may_publish(request):
            message = _(
                "“{object}” was saved as a draft: readers still see the live "
                "version. Approve the draft, or save the form, to publish it."
            )
        else:
            message = _(
                "Your change to “{object}” was saved as a draft: readers still "
                "see the live version until a publisher approves it."
            )
        self.message_user(request, message.format(object=obj), messages.SUCCESS)

    def _save_draft_live(self, request, context: DraftContext, run):
        """A publisher's save of the form the draft is shown in: it goes live,
        and the draft with it (approved, as if with the button)."""
        try:
            with transaction.atomic():
                drafts.show(context.draft)
                response = run()
                if not getattr(request, SAVED, False):
                    raise _RolledBack(_rendered(response))
                drafts.approve(draft=context.draft, user=request.user, apply=False)
        except _RolledBack as rolled_back:
            return rolled_back.response
        self.message_user(
            request,
            _("The draft is approved and live, with your changes."),
            messages.SUCCESS,
        )
        return response

    def save_imported_translation(self, request, obj, columns: list[str]) -> bool:
        """Store a translation file's ``columns`` of ``obj`` as the change form
        would: live, or in the item's draft. Return True for a draft.

        Called by the translators' import (``translations.admin``).
        """
        context = self.draft_context(request, obj) if self.drafts else None
        if context is None or not context.keeps_draft:
            obj.save(update_fields=columns)
            return False
        drafts.save_columns_as_draft(
            obj=obj, columns=columns, user=request.user, kind=context.kind
        )
        return True

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if getattr(request, QUIET, False) and level == messages.SUCCESS:
            return  # "changed successfully": the change became a draft
        super().message_user(request, message, level, *args, **kwargs)

    def log_change(self, request, obj, message):
        setattr(request, SAVED, True)
        return super().log_change(request, obj, message)

    def check_draft_approval(self, obj) -> None:
        """Raise ValidationError when ``obj``, changed by a draft, may not go
        live (a content app's publication policy)."""

    def has_publish_permission(self, request) -> bool:
        return self._may_publish(request)

    def _draft_panel(self, request, obj) -> dict | None:
        """What the change form says about the item's draft."""
        context = _draft_context(request)
        if context is None or obj is None:
            return None
        draft = context.draft
        panel = {
            "context": context,
            "draft": draft,
            "live": drafts.is_live(obj),
            "may_publish": self._may_publish(request),
            "comment_name": COMMENT_FIELD,
            "decision_name": DECISION_FIELD,
            "comment": request.session.pop(COMMENT_FIELD, "")
            if hasattr(request, "session")
            else "",
        }
        if draft is not None:
            events = list(draft.events.select_related("actor"))
            panel.update(
                events=events,
                comments=[event for event in events if event.comment],
                returned=next(
                    (
                        event
                        for event in reversed(events)
                        if event.action == DraftEvent.Action.REJECTED
                    ),
                    None,
                )
                if draft.state == Draft.State.REJECTED
                else None,
                compare_url=self._url("draft_compare", obj.pk),
                review_url=self._url("draft_review", obj.pk),
                may_withdraw=panel["may_publish"]
                or (draft.author_id is not None and draft.author_id == request.user.pk),
            )
        return panel

    def draft_compare_view(self, request, object_id):
        """The live item and its draft side by side, field by field."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        draft = drafts.open_draft(obj)
        if draft is None:
            messages.info(request, _("This item has no draft waiting."))
            return HttpResponseRedirect(self._url("change", obj.pk))
        comparison = drafts.compare(draft)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Live version and draft of “{object}”").format(object=obj),
            "subtitle": None,
            "opts": self.model._meta,
            "object": obj,
            "draft": draft,
            "changes": comparison.changes,
            "moved": comparison.moved,
            "change_url": self._url("change", obj.pk),
            "history_url": self._url("history", obj.pk),
        }
        return TemplateResponse(request, "admin/editorial/draft_compare.html", context)

    def draft_review_view(self, request, object_id):
        """Approve, send back, comment on or withdraw the item's draft."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        change_url = self._url("change", obj.pk)
        draft = drafts.open_draft(obj)
        decision = request.POST.get(DECISION_FIELD, "")
        comment = request.POST.get(COMMENT_FIELD, "").strip()
        if decision in ("approve", "reject") and not self._may_publish(request):
            # A hand-made request: the services refuse it too.
            audit.require_permission(
                request.user,
                drafts.publish_permission(self.model),
                action=f"{decision} draft",
                target=f"{self.model._meta.label} #{obj.pk}",
            )
        if draft is None:
            messages.error(
                request, _("This item has no draft waiting: nothing was done.")
            )
            return HttpResponseRedirect(change_url)
        if decision in ("approve", "reject") and request.POST.get(DRAFT_FIELD) != str(
            draft.version
        ):
            request.session[COMMENT_FIELD] = comment
            messages.error(
                request,
                _(
                    "The draft changed since you opened it: nothing was done. "
                    "Look at it again, then decide."
                ),
            )
            return HttpResponseRedirect(change_url)
        try:
            if decision == "approve":
                drafts.approve(
                    draft=draft,
                    user=request.user,
                    comment=comment,
                    check=self.check_draft_approval,
                )
                message = _("The draft of “{object}” is approved and live.")
            elif decision == "reject":
                drafts.reject(draft=draft, user=request.user, comment=comment)
                message = _("The draft of “{object}” was sent back to its author.")
            elif decision == "comment":
                drafts.add_comment(draft=draft, user=request.user, comment=comment)
                message = _("Your comment on the draft of “{object}” was added.")
            elif decision == "withdraw":
                drafts.withdraw(draft=draft, user=request.user, comment=comment)
                message = _("The draft of “{object}” was withdrawn.")
            else:
                return HttpResponseBadRequest()
        except ValidationError as error:
            request.session[COMMENT_FIELD] = comment
            messages.error(
                request,
                _("Nothing was changed: {errors}").format(
                    errors=" ".join(error.messages)
                ),
            )
            return HttpResponseRedirect(change_url)
        obj.refresh_from_db()
        messages.success(request, message.format(object=obj))
        return HttpResponseRedirect(change_url)

    # Drafts in the list

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        match = getattr(request, "resolver_match", None)
        if (
            self.drafts
            and match is not None
            and (match.url_name or "").endswith("_changelist")
        ):
            queryset = queryset.annotate(
                editorial_draft_state=Subquery(
                    Draft.objects.open()
                    .filter(
                        content_type=ContentType.objects.get_for_model(self.model),
                        object_id=OuterRef("pk"),
                    )
                    .values("state")[:1]
                )
            )
        return queryset

    @admin.display(description=gettext_lazy("draft"))
    def draft_mark(self, obj):
        state = getattr(obj, "editorial_draft_state", None)
        if state == Draft.State.PENDING:
            return _("Draft pending")
        if state == Draft.State.REJECTED:
            return _("Draft sent back")
        return ""

    def get_actions(self, request):
        actions = super().get_actions(request)
        if (
            self.drafts
            and self.actions is not None
            and IS_POPUP_VAR not in request.GET
            and self._may_publish(request)
        ):
            for name in ("approve_drafts", "reject_drafts"):
                function = getattr(type(self), name)
                actions[name] = (function, name, function.short_description)
        return actions

    @admin.action(description=gettext_lazy("Approve the drafts of the selected items"))
    def approve_drafts(self, request, queryset):
        return self._review_drafts(request, queryset, "approve")

    @admin.action(
        description=gettext_lazy("Send the drafts of the selected items back")
    )
    def reject_drafts(self, request, queryset):
        return self._review_drafts(request, queryset, "reject")

    def _review_drafts(self, request, queryset, decision: str):
        """Approve or send back the pending drafts of the selected items,
        with one comment, asked for on an intermediate page."""
        waiting = {
            draft.object_id: draft
            for draft in Draft.objects.pending()
            .filter(
                content_type=ContentType.objects.get_for_model(self.model),
                object_id__in=list(queryset.values_list("pk", flat=True)),
            )
            .select_related("author")
        }
        items = [obj for obj in queryset if obj.pk in waiting]
        if not items:
            self.message_user(
                request,
                _("None of the selected items has a draft waiting for review."),
                messages.WARNING,
            )
            return None
        comment = request.POST.get(COMMENT_FIELD, "").strip()
        error = ""
        if request.POST.get("post") == "yes":
            if decision == "reject" and not comment:
                error = _("Say what to change: drafts are sent back with a comment.")
            else:
                return self._decide(request, items, waiting, decision, comment)
        question = (
            _("Approve these drafts? Their changes go live at once.")
            if decision == "approve"
            else _("Send these drafts back to their authors?")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": question,
            "question": question,
            "items": [(obj, waiting[obj.pk]) for obj in items],
            "action": f"{decision}_drafts",
            "decision": decision,
            "comment": comment,
            "comment_name": COMMENT_FIELD,
            "error": error,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/editorial/review_drafts.html", context)

    def _decide(self, request, items, waiting, decision: str, comment: str):
        done = 0
        for obj in items:
            try:
                if decision == "approve":
                    drafts.approve(
                        draft=waiting[obj.pk],
                        user=request.user,
                        comment=comment,
                        check=self.check_draft_approval,
                    )
                else:
                    drafts.reject(
                        draft=waiting[obj.pk], user=request.user, comment=comment
                    )
                done += 1
            except ValidationError as error:
                self.message_user(
                    request,
                    _("“{object}”: nothing was changed: {errors}").format(
                        object=obj, errors=" ".join(error.messages)
                    ),
                    messages.ERROR,
                )
        if done:
            self.message_user(
                request,
                (
                    ngettext(
                        "%(count)d draft approved.", "%(count)d drafts approved.", done
                    )
                    if decision == "approve"
                    else ngettext(
                        "%(count)d draft sent back.",
                        "%(count)d drafts sent back.",
                        done,
                    )
                )
                % {"count": done},
                messages.SUCCESS,
            )
        return None

    # History: compare and restore

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            path(
                "<path:object_id>/draft/compare/",
                self.admin_site.admin_view(self.draft_compare_view),
                name=f"{opts.app_label}_{opts.model_name}_draft_compare",
            ),
            path(
                "<path:object_id>/draft/review/",
                self.admin_site.admin_view(self.draft_review_view),
                name=f"{opts.app_label}_{opts.model_name}_draft_review",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        versions = self._versions(object_id).select_related("revision__user")
        context = {
            "editorial_versions": versions,
            "editorial_steps": self._steps(object_id),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def _steps(self, object_id) -> list[dict]:
        """The review and publication steps of the item, newest first: its
        drafts' steps and the publications the audit recorded."""
        obj = self.model._base_manager.filter(pk=unquote(object_id)).first()
        if obj is None:
            return []
        steps = [
            {
                "at": event.at,
                "user": event.actor,
                "action": event.get_action_display(),
                "comment": event.comment,
            }
            for event in drafts.events_of(obj)
        ]
        published = {
            "publish": _("Published"),
            "unpublish": _("Taken off the site"),
        }
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=str(obj.pk),
        ).select_related("user")
        for entry in entries:
            action = entry.change_message.split(" ", 1)[0]
            if action in published:
                steps.append(
                    {
                        "at": entry.action_time,
                        "user": entry.user,
                        "action": published[action],
                        "comment": "",
                    }
                )
        return sorted(steps, key=lambda step: step["at"], reverse=True)

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
        context = self.draft_context(request, obj)
        if context is not None:
            # The restore replaces the draft's content, if any: it is claimed
            # against the draft as it is now, shown or not.
            setattr(
                request,
                DRAFT,
                replace(
                    context,
                    shown=False,
                    expected=context.draft.version if context.draft else 0,
                ),
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
        context = _draft_context(request)
        as_draft = (
            request.method == "POST" and context is not None and context.keeps_draft
        )
        setattr(request, QUIET, as_draft)
        try:
            with transaction.atomic(using=version.db), quiet:
                _revert(version, restore.columns)
                with self.create_revision(request):
                    response = self.changeform_view(
                        request, quote(version.object_id), request.path, extra_context
                    )
                    if as_draft and response.status_code == 302:
                        # A live item: the restored state becomes its draft.
                        obj = self.model._base_manager.get(pk=version.object_id)
                        raise _KeptAsDraft(obj, drafts.state_of(obj))
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
        except _KeptAsDraft as kept:
            setattr(request, QUIET, False)
            draft = drafts.save_draft(
                obj=kept.obj,
                data=kept.state,
                user=request.user,
                kind=context.kind,
                seen=context.expected,
            )
            self._say_draft_saved(
                request, kept.obj, draft, had_draft=context.draft is not None
            )
            return HttpResponseRedirect(self._url("change", kept.obj.pk))
        finally:
            setattr(request, QUIET, False)
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
        # With the object: some may delete their own drafts only.
        obj = self.get_object(request, unquote(object_id))
        if request.method == "POST" and not self.has_delete_permission(request, obj):
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


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(OddAddressMixin, admin.ModelAdmin):
    """Administrators choose, per kind of content, whether translators'
    changes to live items wait for review (role: ``editorial.roles``)."""

    list_display = ["__str__", "translations_reviewed", "updated_at"]
    list_filter = ["translations_reviewed"]
    list_select_related = ["content_type"]
    search_fields = ["content_type__model"]
    fields = ["content_type", "translations_reviewed"]
    # Not admin/editorial/change_form.html, which wraps versioned forms.
    change_form_template = "admin/change_form.html"
    object_history_template = "admin/object_history.html"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            # The kinds of content whose live items take drafts.
            models_ = [
                model
                for model, model_admin in self.admin_site._registry.items()
                if getattr(model_admin, "drafts", False)
            ]
            kwargs["queryset"] = ContentType.objects.filter(
                pk__in=[
                    content_type.pk
                    for content_type in ContentType.objects.get_for_models(
                        *models_
                    ).values()
                ]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Autodiscovery imports this module: swap in the user and group admins.
from editorial import accounts  # noqa: E402,F401
