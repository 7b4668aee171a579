"""What changed in an object between two of its states, field by field.

Used twice: to show an editor whose save was refused what others changed
since the form was opened, and to compare two revisions in the history.
Values are plain text (rich text loses its tags); templates escape them.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from modeltranslation.fields import TranslationField
from reversion.errors import RevertError
from reversion.models import Version

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


def stored_values(obj, version_number: int) -> dict | None:
    """The values ``obj`` had at ``version_number``, from its history."""
    recent = Version.objects.get_for_object(obj).select_related("revision")[:200]
    for version in recent:
        try:
            data = version.field_dict
        except (RevertError, ValueError, LookupError):
            continue
        if data.get("version") == version_number:
            return data
    return None


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
            if key not in before or _same(before[key], new):
                continue
            old = _display(field, before[key])
        else:
            if yours is None or key not in yours or _same(mine, new):
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


def _same(left, right) -> bool:
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        return sorted(map(str, left)) == sorted(map(str, right))
    return _normal(left) == _normal(right)


def _normal(value):
    if value is None:
        return ""
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
