"""What changed in an object between two of its states, field by field.

Used to show an editor whose save was refused what others changed since
the form was opened, to compare two revisions in the history and to log
what a restore changed. The rows an object's inlines edit (dateline
places, contacts) count as part of it. Values are plain text (rich text
loses its tags); templates escape them.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from modeltranslation.fields import TranslationField
from reversion.errors import RevertError
from reversion.models import Version
from reversion.revisions import _get_options

SHOWN_CHARACTERS = 400
# Bookkeeping, not content: never reported as a change.
SKIPPED = {"id", "version", "created_at", "updated_at", "created_by", "updated_by"}


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    language: str
    before: str
    after: str
    yours: str | None = None
    # What saving the conflict page again keeps: THEIRS, MINE, CHOOSE (both
    # changed it: the person picks) or "" (both made the same change).
    resolution: str = ""


THEIRS = "theirs"
MINE = "mine"
CHOOSE = "choose"


@dataclass(frozen=True)
class Row:
    """One inline row, as text to show and as content to compare."""

    text: str
    content: tuple


def compared_fields(model) -> list[models.Field]:
    """Content fields in form order, each language's column on its own."""
    fields = []
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if field.name in SKIPPED or field.primary_key:
            continue
        if field.name in _translated_names(model):
            continue  # its language columns are compared instead
        fields.append(field)
    return fields


def _translated_names(model) -> set[str]:
    return {
        field.translated_field.name
        for field in model._meta.concrete_fields
        if isinstance(field, TranslationField)
    }


def values_of(obj) -> dict:
    """The object's compared values as django-reversion stores them."""
    data = {}
    for field in compared_fields(type(obj)):
        if isinstance(field, models.ManyToManyField):
            if obj.pk is not None:
                data[field.attname] = sorted(
                    getattr(obj, field.name).values_list("pk", flat=True)
                )
        else:
            data[field.attname] = getattr(obj, field.attname)
    return data


def stored_version(obj, version_number: int) -> Version | None:
    """The revision entry of ``obj`` at ``version_number``, if kept."""
    recent = Version.objects.get_for_object(obj).select_related("revision")[:200]
    for version in recent:
        try:
            data = version.field_dict
        except (RevertError, ValueError, LookupError):
            continue
        if data.get("version") == version_number:
            return version
    return None


def stored_values(obj, version_number: int) -> dict | None:
    """The values ``obj`` had at ``version_number``, from its history."""
    version = stored_version(obj, version_number)
    return None if version is None else version.field_dict


def followed(model) -> list[models.ForeignKey]:
    """The foreign keys of the rows each revision of ``model`` keeps too.

    They are its inlines' rows: django-reversion follows them (see
    ``VersionAdmin``'s registration).
    """
    keys = []
    for name in _get_options(model).follow:
        relation = model._meta.get_field(name)
        if relation.one_to_many:
            keys.append(relation.field)
    return keys


def current_rows(obj) -> dict[models.ForeignKey, list[Row]]:
    """The rows of ``obj``'s inlines as they are in the database."""
    return {
        key: _rows(
            key,
            [
                (row, str(row))
                for row in key.model._base_manager.filter(**{key.attname: obj.pk})
            ],
        )
        for key in followed(type(obj))
    }


def stored_objects(version, key: models.ForeignKey) -> list[tuple[models.Model, str]]:
    """The rows along ``key`` kept with ``version``, unsaved, with their text."""
    found = []
    siblings = version.revision.version_set.filter(
        content_type__app_label=key.model._meta.app_label,
        content_type__model=key.model._meta.model_name,
    )
    for other in siblings:
        try:
            row = other._object_version.object
        except (RevertError, ValueError, LookupError):
            continue
        if str(getattr(row, key.attname)) == str(version.object_id):
            found.append((row, other.object_repr))
    return found


def stored_rows(version) -> dict[models.ForeignKey, list[Row]]:
    """The rows of the object's inlines kept with ``version``."""
    return {
        key: _rows(key, stored_objects(version, key))
        for key in followed(version._model)
    }


def _rows(key, objects) -> list[Row]:
    names = [
        field.attname
        for field in key.model._meta.concrete_fields
        if not field.primary_key and field is not key and field.name not in SKIPPED
    ]
    rows = [
        Row(text=text, content=tuple(_normal(getattr(obj, name)) for name in names))
        for obj, text in objects
    ]
    # In the order the form lists them; a new order is a change.
    order = names.index("sort_order") if "sort_order" in names else None
    return sorted(
        rows,
        key=lambda row: (
            int(row.content[order] or 0) if order is not None else 0,
            row.text,
            row.content,
        ),
    )


def row_changes(
    before: dict, after: dict
) -> list[tuple[models.ForeignKey, FieldChange]]:
    """The inlines whose rows differ between two states."""
    found = []
    for key in sorted(after, key=lambda key: str(key.model._meta.verbose_name_plural)):
        if key not in before or before[key] == after[key]:
            continue
        label = str(key.model._meta.verbose_name_plural)
        old = "; ".join(row.text for row in before[key]) or "—"
        new = "; ".join(row.text for row in after[key]) or "—"
        if old == new:
            new = _("{rows} (details changed)").format(rows=new)
        found.append(
            (
                key,
                FieldChange(
                    name=label, label=label, language="", before=old, after=new
                ),
            )
        )
    return found


def changes(
    model, before: dict | None, after: dict, yours: dict | None = None
) -> list[FieldChange]:
    """Fields whose value differs between ``before`` and ``after``.

    Without ``before`` (no history of that state), the fields where
    ``after`` differs from ``yours`` are listed instead.
    """
    found = []
    for field in compared_fields(model):
        key = field.attname
        if key not in after:
            continue
        new = after.get(key)
        mine = yours.get(key) if yours is not None and key in yours else None
        if before is not None:
            if key not in before or same(before[key], new):
                continue
            old = _display(field, before[key])
        else:
            if yours is None or key not in yours or same(mine, new):
                continue
            old = _("(not recorded)")
        translated = isinstance(field, TranslationField)
        found.append(
            FieldChange(
                name=field.name,
                label=str(
                    (field.translated_field if translated else field).verbose_name
                ),
                language=field.language if translated else "",
                before=old,
                after=_display(field, new),
                yours=None
                if yours is None or key not in yours
                else _display(field, mine),
            )
        )
    return found


def same(left, right) -> bool:
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        return sorted(map(str, left)) == sorted(map(str, right))
    return _normal(left) == _normal(right)


def _normal(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # A form gives local time, the history UTC: the same instant.
        return value.astimezone(datetime.UTC).isoformat()
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or ""
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value).strip().replace("\r\n", "\n")


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(field, models.ManyToManyField):
        pks = list(value) if isinstance(value, list | tuple) else value
        names = [
            str(obj) for obj in field.related_model._base_manager.filter(pk__in=pks)
        ]
        return ", ".join(sorted(names)) or "—"
    if isinstance(field, models.ForeignKey):
        pk = getattr(value, "pk", value)
        related = field.related_model._base_manager.filter(pk=pk).first()
        return str(related) if related is not None else f"#{pk}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    text = (
        strip_tags(_normal(value))
        if isinstance(field, models.TextField)
        else _normal(value)
    )
    return Truncator(text.strip()).chars(SHOWN_CHARACTERS) or "—"
