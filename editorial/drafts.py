"""Drafts of live content: changes that wait for a publisher.

A change to a published item by someone who may not publish it is kept as
the item's open draft (``editorial.models.Draft``) and the live row is left
as it was. A draft holds two states of the item, each with the rows of its
inlines: ``base``, the item as it was live when the draft was last saved,
and ``data``, the item as the draft would make it. What the draft changes
is the difference between the two; approving applies that difference to
the item as it is then, so a translation that went live in the meantime
is kept unless the draft changes the same text.

A state is JSON: ``{"fields": {attname: value}, "rows": {key: [row]}}``,
the fields ``conflicts.compared_fields`` compares (no bookkeeping) and,
for each inline (``conflicts.followed``), its rows with their ``pk``.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.fields import TranslationField
from reversion.revisions import create_revision, set_comment, set_user

from editorial import audit, conflicts, signals
from editorial.models import Draft, DraftEvent, ReviewPolicy, StaleVersionError

# The status that puts content on the site (news and pages ``Status``).
PUBLISHED = "published"

State = dict
Check = Callable[[models.Model], None]


def publish_permission(model) -> str:
    """The permission that lets a person put ``model``'s items on the site."""
    opts = model._meta
    return f"{opts.app_label}.publish_{opts.model_name}"


def may_publish(user, model) -> bool:
    return bool(user and user.has_perm(publish_permission(model)))


def is_live(obj) -> bool:
    """Whether readers may see ``obj`` (or will, once its time comes)."""
    return obj is not None and getattr(obj, "status", None) == PUBLISHED


def translations_reviewed(model) -> bool:
    """Whether translators' saves on live items of ``model`` wait for review."""
    reviewed = (
        ReviewPolicy.objects.filter(
            content_type=ContentType.objects.get_for_model(model)
        )
        .values_list("translations_reviewed", flat=True)
        .first()
    )
    return True if reviewed is None else reviewed


def open_draft(obj, *, lock: bool = False) -> Draft | None:
    """The draft of ``obj`` waiting for review or sent back, if any."""
    drafts = Draft.objects.open().for_object(obj).select_related("author")
    if lock:
        drafts = drafts.select_for_update(of=("self",))
    return drafts.first()


def model_of(draft: Draft):
    return draft.content_type.model_class()


# States


def _row_fields(key) -> list[models.Field]:
    return [
        field
        for field in conflicts.compared_fields(key.model)
        if field is not key and not isinstance(field, models.ManyToManyField)
    ]


def _key_id(key) -> str:
    return f"{key.model._meta.label_lower}.{key.name}"


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if hasattr(o, "storage") and hasattr(o, "name"):  # a FieldFile
            return o.name or ""
        try:
            return super().default(o)
        except TypeError:
            # Field values with a text form of their own (a Country).
            return str(o)


def _json(value):
    """``value`` as it reads back from a JSON column."""
    if isinstance(value, datetime.datetime):
        # To the second, as forms give times: a time set by a service
        # (publishing now) would otherwise read as changed by every form.
        value = value.replace(microsecond=0)
    return json.loads(json.dumps(value, cls=_Encoder))


def state_of(obj) -> State:
    """The item's content and inline rows, as stored now, JSON-ready."""
    model = type(obj)
    stored = model._base_manager.get(pk=obj.pk)
    # A relation through a model of its own is kept as that model's rows.
    through = {
        field.attname
        for field in model._meta.many_to_many
        if not field.remote_field.through._meta.auto_created
    }
    return {
        "fields": {
            name: _json(value)
            for name, value in conflicts.values_of(stored).items()
            if name not in through
        },
        "rows": {
            _key_id(key): [
                {
                    "pk": row.pk,
                    **{
                        field.attname: _json(getattr(row, field.attname))
                        for field in _row_fields(key)
                    },
                }
                for row in key.model._base_manager.filter(
                    **{key.attname: obj.pk}
                ).order_by("pk")
            ]
            for key in conflicts.followed(model)
        },
    }


def _content(rows: list[dict]) -> list[str]:
    """Rows compared by what they say, not by their ids."""
    return sorted(
        json.dumps({k: v for k, v in row.items() if k != "pk"}, sort_keys=True)
        for row in rows
    )


def _blank(value):
    # An empty text is no text: saving turns some None into "" (bodies).
    return "" if value is None else value


@dataclass(frozen=True)
class Changes:
    fields: dict  # attname -> JSON value the draft gives it
    rows: set  # keys (``_key_id``) of the inlines whose rows the draft changes

    def __bool__(self):
        return bool(self.fields or self.rows)


def difference(base: State, data: State) -> Changes:
    """What ``data`` changes in ``base``."""
    before, after = base.get("fields", {}), data.get("fields", {})
    fields = {
        name: value
        for name, value in after.items()
        if name not in before or _blank(before[name]) != _blank(value)
    }
    before_rows, after_rows = base.get("rows", {}), data.get("rows", {})
    rows = {
        key
        for key in after_rows
        if _content(after_rows[key]) != _content(before_rows.get(key, []))
    }
    return Changes(fields=fields, rows=rows)


def changes_of(draft: Draft) -> Changes:
    return difference(draft.base, draft.data)


def _decode(field, value):
    if isinstance(field, models.ManyToManyField):
        return [field.target_field.to_python(pk) for pk in value or []]
    if value is None:
        return None
    return field.to_python(value)


def _decoded(model, fields: dict) -> dict:
    return {
        field.attname: _decode(field, fields[field.attname])
        for field in conflicts.compared_fields(model)
        if field.attname in fields
    }


def _row_instance(key, row: dict, parent_pk):
    values = {
        field.attname: _decode(field, row[field.attname])
        for field in _row_fields(key)
        if field.attname in row
    }
    values[key.attname] = parent_pk
    return key.model(**values)


def changed_languages(model, changes: Changes) -> list[str]:
    """The languages of the translated columns ``changes`` touches."""
    found = []
    for field in conflicts.compared_fields(model):
        if (
            field.attname in changes.fields
            and isinstance(field, TranslationField)
            and field.language not in found
        ):
            found.append(field.language)
    return found


# Writing a draft's changes


def _replace_rows(obj, data: State, keys: set) -> None:
    """Make the rows of the inlines ``keys`` those of ``data``.

    Rows keep their ids where the id is free, so a form opened on the draft
    posts back ids that exist.
    """
    for key in conflicts.followed(type(obj)):
        key_id = _key_id(key)
        if key_id not in keys:
            continue
        manager = key.model._base_manager
        # All first: rows swapping places would break a unique constraint.
        for row in manager.filter(**{key.attname: obj.pk}):
            row.delete()
        for row in data.get("rows", {}).get(key_id, []):
            instance = _row_instance(key, row, obj.pk)
            pk = row.get("pk")
            if pk is not None and not manager.filter(pk=pk).exists():
                instance.pk = pk
            instance.save(force_insert=True)


def _set_many(obj, fields: dict) -> None:
    for field in type(obj)._meta.many_to_many:
        if field.attname in fields:
            getattr(obj, field.name).set(_decode(field, fields[field.attname]))


def _plain(model, fields: dict) -> dict:
    return {
        field.attname: _decode(field, fields[field.attname])
        for field in conflicts.compared_fields(model)
        if field.attname in fields and not isinstance(field, models.ManyToManyField)
    }


def show(draft: Draft) -> None:
    """Write ``draft`` over its item for a form to read it.

    The caller rolls the transaction back (a form being shown, a draft
    being saved) or saves the form live with it (a publisher's save). The
    item's version does not move. Signals are not muted (muting is
    process-wide, and would silence other threads' saves): what their
    receivers schedule for after the commit goes with a rollback.
    """
    model = model_of(draft)
    changes = changes_of(draft)
    obj = model._base_manager.filter(pk=draft.object_id).first()
    if obj is None:
        return
    plain = _plain(model, changes.fields)
    if plain:
        model._base_manager.filter(pk=obj.pk).update(**plain)
    _set_many(obj, changes.fields)
    _replace_rows(obj, draft.data, changes.rows)


class _Undo(Exception):
    def __init__(self, result, state):
        super().__init__()
        self.result, self.state = result, state


def capture(obj, run: Callable[[], object], *, draft: Draft | None = None):
    """Run ``run`` on ``obj`` (``draft`` shown first) and undo it.

    Return what ``run`` returned and the state it left ``obj`` in. Nothing
    is kept: callbacks registered with ``transaction.on_commit`` meanwhile
    (the page cache's, the audit's) are dropped with the savepoint.
    """
    try:
        with transaction.atomic():
            if draft is not None:
                show(draft)
            result = run()
            raise _Undo(result, state_of(obj))
    except _Undo as undo:
        return undo.result, undo.state


# Saving a draft


def _event(draft: Draft, action: str, user, comment: str = "") -> DraftEvent:
    return DraftEvent.objects.create(
        draft=draft, action=action, actor=_user(user), comment=comment
    )


def _user(user):
    return user if getattr(user, "pk", None) is not None else None


def _notify(signal, *, draft: Draft, obj, actor, comment: str = "") -> None:
    model, author = type(obj), draft.author
    language = draft.language or None

    def send():
        signal.send(
            sender=model,
            obj=obj,
            actor=actor,
            author=author,
            comment=comment,
            language=language,
        )

    transaction.on_commit(send)


def _label(model, pk) -> str:
    return f"{model._meta.label} #{pk}"


@transaction.atomic
def save_draft(
    *,
    obj: models.Model,
    data: State,
    user,
    kind: str = Draft.Kind.EDIT,
    seen: int | None = None,
) -> Draft | None:
    """Keep ``data`` as the open draft of ``obj``; return the draft.

    ``seen`` is the version of the draft the person's form showed (0: none):
    when someone else saved the draft since, ``StaleVersionError`` is
    raised. A save that leaves nothing to review withdraws the draft.
    """
    model = type(obj)
    live = model._base_manager.select_for_update().get(pk=obj.pk)
    draft = open_draft(live, lock=True)
    if seen is not None and (draft.version if draft else 0) != seen:
        raise StaleVersionError(live)
    base = state_of(live)
    changes = difference(base, data)
    if not changes:
        if draft is not None:
            draft.state = Draft.State.WITHDRAWN
            draft.updated_by = _user(user)
            draft.save()
            _event(draft, DraftEvent.Action.WITHDRAWN, user)
        return None
    if draft is None:
        draft = Draft(
            content_type=ContentType.objects.get_for_model(model),
            object_id=live.pk,
            author=_user(user),
            kind=kind,
            version=0,
        )
    elif kind == Draft.Kind.EDIT:
        draft.kind = Draft.Kind.EDIT  # a translation draft someone edited
    submitted = draft.pk is None or draft.state == Draft.State.REJECTED
    draft.data, draft.base, draft.base_version = data, base, live.version
    draft.version += 1
    draft.updated_by = _user(user)
    draft.language = (
        ",".join(changed_languages(model, changes))
        if draft.kind == Draft.Kind.TRANSLATION
        else ""
    )
    if submitted:
        draft.state = Draft.State.PENDING
        draft.submitted_at = timezone.now()
    draft.save()
    if submitted:
        _event(draft, DraftEvent.Action.SUBMITTED, user)
        _notify(signals.draft_submitted, draft=draft, obj=live, actor=user)
    else:
        _event(draft, DraftEvent.Action.EDITED, user)
    return draft


def save_columns_as_draft(
    *, obj: models.Model, columns: list[str], user, kind: str
) -> Draft | None:
    """Keep ``obj``'s ``columns`` (set on it, unsaved) in its draft.

    For saves outside a form (a translation file's import): the draft
    becomes the open draft, if any, with these columns on top.
    """
    draft = open_draft(obj)
    seen_version = obj.version

    def run():
        obj.save(update_fields=columns)

    _result, state = capture(obj, run, draft=draft)
    obj.version = seen_version  # the save above was undone
    return save_draft(
        obj=obj, data=state, user=user, kind=kind, seen=draft.version if draft else 0
    )


# Reviewing


def _require_publisher(user, model, action: str, pk) -> None:
    audit.require_permission(
        user, publish_permission(model), action=action, target=_label(model, pk)
    )


def _locked(draft: Draft, states) -> Draft:
    draft = (
        Draft.objects.select_for_update(of=("self",))
        .select_related("author", "content_type")
        .get(pk=draft.pk)
    )
    if draft.state not in states:
        raise ValidationError(
            _("This draft is no longer waiting for review: nothing was changed."),
            code="draft_closed",
        )
    return draft


def _apply(obj, draft: Draft, user, check: Check | None) -> None:
    """Put the draft's changes on the live item, with a revision."""
    model = type(obj)
    changes = changes_of(draft)
    for name, value in _plain(model, changes.fields).items():
        setattr(obj, name, value)
    if hasattr(obj, "updated_by_id"):
        obj.updated_by = _user(user)
    # The form checked the draft when it was saved; the live item may have
    # moved since (a slug taken, a language now required).
    obj.full_clean()
    if check is not None:
        check(obj)
    with create_revision():
        set_user(_user(user))
        author = draft.author.get_username() if draft.author else "—"
        set_comment(_("Approved the draft by {author}").format(author=author))
        # Rows and relations first: the revision keeps the object with the
        # rows it has when it is saved.
        _set_many(obj, changes.fields)
        _replace_rows(obj, draft.data, changes.rows)
        obj.save()


def _published_step(draft: Draft, obj, user) -> None:
    if not is_live(obj):
        return
    when = getattr(obj, "published_at", None)
    action = (
        DraftEvent.Action.SCHEDULED
        if when is not None and when > timezone.now()
        else DraftEvent.Action.PUBLISHED
    )
    _event(draft, action, user)


@transaction.atomic
def approve(
    *,
    draft: Draft,
    user,
    comment: str = "",
    check: Check | None = None,
    apply: bool = True,
) -> models.Model:
    """Put the draft's changes on the live item and close the draft.

    ``check`` (the content app's publication policy) may refuse with a
    ValidationError: then nothing changes. ``apply=False`` when the change
    form has already saved the draft's content live (a publisher's save).
    """
    model = model_of(draft)
    _require_publisher(user, model, "approve draft", draft.object_id)
    draft = _locked(draft, Draft.OPEN_STATES)
    obj = model._base_manager.select_for_update().get(pk=draft.object_id)
    if apply:
        _apply(obj, draft, user, check)
    draft.state = Draft.State.APPROVED
    draft.updated_by = _user(user)
    draft.save()
    _event(draft, DraftEvent.Action.APPROVED, user, comment)
    _published_step(draft, obj, user)
    author = draft.author.get_username() if draft.author else "-"
    names = sorted(changes_of(draft).fields) + sorted(changes_of(draft).rows)
    audit.record(
        user=user,
        obj=obj,
        action="approve draft",
        detail=f"by {author}: changed {', '.join(names) or 'nothing'}",
    )
    _notify(signals.draft_approved, draft=draft, obj=obj, actor=user, comment=comment)
    return obj


@transaction.atomic
def reject(*, draft: Draft, user, comment: str) -> Draft:
    """Send the draft back to its author with ``comment``."""
    model = model_of(draft)
    _require_publisher(user, model, "reject draft", draft.object_id)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(
            _("Say what to change: a draft is sent back with a comment."),
            code="comment_needed",
        )
    draft = _locked(draft, [Draft.State.PENDING])
    draft.state = Draft.State.REJECTED
    draft.updated_by = _user(user)
    draft.save()
    _event(draft, DraftEvent.Action.REJECTED, user, comment)
    obj = model._base_manager.get(pk=draft.object_id)
    audit.record(user=user, obj=obj, action="reject draft", detail=comment[:200])
    _notify(signals.draft_rejected, draft=draft, obj=obj, actor=user, comment=comment)
    return draft


@transaction.atomic
def add_comment(*, draft: Draft, user, comment: str) -> DraftEvent:
    """Add a comment to an open draft's history."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Write a comment first."), code="comment_needed")
    draft = _locked(draft, Draft.OPEN_STATES)
    event = _event(draft, DraftEvent.Action.COMMENTED, user, comment)
    obj = model_of(draft)._base_manager.get(pk=draft.object_id)
    _notify(signals.draft_commented, draft=draft, obj=obj, actor=user, comment=comment)
    return event


@transaction.atomic
def withdraw(*, draft: Draft, user, comment: str = "") -> Draft:
    """Drop an open draft: its author or a publisher may."""
    model = model_of(draft)
    if not (
        (draft.author_id is not None and draft.author_id == getattr(user, "pk", None))
        or may_publish(user, model)
    ):
        audit.refused(
            user=user, action="withdraw draft", target=_label(model, draft.object_id)
        )
        raise PermissionDenied(
            _("Only the draft's author or a publisher may withdraw it.")
        )
    draft = _locked(draft, Draft.OPEN_STATES)
    draft.state = Draft.State.WITHDRAWN
    draft.updated_by = _user(user)
    draft.save()
    _event(draft, DraftEvent.Action.WITHDRAWN, user, (comment or "").strip())
    return draft


# Reading


@dataclass(frozen=True)
class Comparison:
    changes: list[conflicts.FieldChange]
    # Fields whose live value changed since the draft was saved.
    moved: frozenset[str]


def compare(draft: Draft) -> Comparison:
    """The live item and the item as the draft would make it, field by field."""
    model = model_of(draft)
    live = model._base_manager.get(pk=draft.object_id)
    now = state_of(live)
    changes = changes_of(draft)
    after = {**now["fields"], **changes.fields}
    found = conflicts.changes(
        model, _decoded(model, now["fields"]), _decoded(model, after)
    )
    before_rows, after_rows = {}, {}
    for key in conflicts.followed(model):
        key_id = _key_id(key)
        current = [_row_instance(key, row, live.pk) for row in now["rows"][key_id]]
        wanted = (
            [_row_instance(key, row, live.pk) for row in draft.data["rows"][key_id]]
            if key_id in changes.rows
            else current
        )
        before_rows[key] = conflicts._rows(key, [(row, str(row)) for row in current])
        after_rows[key] = conflicts._rows(key, [(row, str(row)) for row in wanted])
    found += [change for _key, change in conflicts.row_changes(before_rows, after_rows)]
    base = draft.base.get("fields", {})
    moved = frozenset(
        field.name
        for field in conflicts.compared_fields(model)
        if field.attname in changes.fields
        and _blank(base.get(field.attname)) != _blank(now["fields"].get(field.attname))
    )
    return Comparison(changes=found, moved=moved)


def events_of(obj):
    """Every review step of every draft of ``obj``, oldest first."""
    return (
        DraftEvent.objects.filter(
            draft__content_type=ContentType.objects.get_for_model(type(obj)),
            draft__object_id=obj.pk,
        )
        .select_related("actor", "draft")
        .order_by("at", "pk")
    )
