"""Missing, outdated or done: the state of each translated field."""

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from translations.models import SourceFingerprint
from translations.registry import (
    BY_MODEL,
    TRANSLATABLES,
    Translatable,
    fingerprint,
    source_language,
    target_languages,
    value,
)


class State(models.TextChoices):
    MISSING = "missing", _("Missing")
    OUTDATED = "outdated", _("Outdated")
    DONE = "done", _("Done")


# The worst field decides the object's state.
SEVERITY = {State.MISSING: 2, State.OUTDATED: 1, State.DONE: 0}

Records = dict[tuple[int, int, str, str], SourceFingerprint]


@dataclass
class FieldStatus:
    field: str
    language: str
    state: State
    source: str
    translation: str
    verbose_name: str = ""
    # The source as it was when the translation was made (outdated only).
    old_source: str = ""
    # A mark another object puts on this one (``register_outdated``): shown
    # to translators, but not a field of the object (not exported).
    extra: bool = False

    def diff(self) -> SafeString:
        return source_diff(self.old_source, self.source)


@dataclass
class ObjectStatus:
    obj: models.Model
    translatable: Translatable
    language: str
    fields: list[FieldStatus] = field(default_factory=list)

    @property
    def state(self) -> State:
        return max((f.state for f in self.fields), key=SEVERITY.__getitem__)

    @property
    def todo(self) -> bool:
        return self.state != State.DONE

    @property
    def live(self) -> bool:
        return self.translatable.is_live(self.obj)

    @property
    def date(self):
        return self.translatable.date_of(self.obj)

    @property
    def kind(self) -> str:
        return self.translatable.kind_of(self.obj)

    @property
    def outdated(self) -> list[FieldStatus]:
        return [f for f in self.fields if f.state == State.OUTDATED]

    @property
    def missing(self) -> list[FieldStatus]:
        return [f for f in self.fields if f.state == State.MISSING]


def load_records(objects_by_model: dict[type, Iterable[models.Model]]) -> Records:
    """Every fingerprint of the given objects, in one query."""
    content_types = ContentType.objects.get_for_models(*objects_by_model)
    condition = models.Q(pk__in=[])
    for model, objects in objects_by_model.items():
        condition |= models.Q(
            content_type=content_types[model],
            object_id__in=[obj.pk for obj in objects],
        )
    return {
        (record.content_type_id, record.object_id, record.field, record.language): (
            record
        )
        for record in SourceFingerprint.objects.filter(condition)
    }


def field_status(
    obj: models.Model, name: str, language: str, record: SourceFingerprint | None
) -> FieldStatus | None:
    """The state of one translated field, None when its source is empty."""
    source = value(obj, name, source_language(obj))
    if not source.strip():
        return None
    translation = value(obj, name, language)
    if not translation.strip():
        state = State.MISSING
    elif record is not None and record.source_hash != fingerprint(source):
        state = State.OUTDATED
    else:
        # A translation without a record predates the fingerprints (or was
        # written with the source): taken as current.
        state = State.DONE
    return FieldStatus(
        field=name,
        language=language,
        state=state,
        source=source,
        translation=translation,
        verbose_name=str(obj._meta.get_field(name).verbose_name),
        old_source=record.source_text if state == State.OUTDATED else "",
    )


# Outdated marks that other content puts on an object: a correction added
# to a release in one language makes its other languages outdated until
# the correction is translated. ``provider(objects)`` returns
# ``{(pk, language): [FieldStatus]}`` for those objects, in one query.
Extras = dict[tuple[int, str], list[FieldStatus]]
_OUTDATED_PROVIDERS: dict[type, Callable[[list], Extras]] = {}


def register_outdated(model: type[models.Model], provider) -> None:
    """Let an app mark ``model``'s objects outdated (in its ``ready()``)."""
    _OUTDATED_PROVIDERS[model] = provider


def extra_marks(model: type[models.Model], objects: list) -> Extras:
    provider = _OUTDATED_PROVIDERS.get(model)
    if provider is None or not objects:
        return {}
    return provider(objects)


def object_statuses(
    obj: models.Model,
    records: Records,
    content_type_id: int,
    languages: Iterable[str] | None = None,
    extras: Extras | None = None,
) -> list[ObjectStatus]:
    """One status per target language that has something to translate."""
    translatable = BY_MODEL[type(obj)]
    result = []
    for language in target_languages(obj):
        if languages is not None and language not in languages:
            continue
        status = ObjectStatus(obj=obj, translatable=translatable, language=language)
        for name in translatable.fields:
            record = records.get((content_type_id, obj.pk, name, language))
            found = field_status(obj, name, language, record)
            if found is not None:
                status.fields.append(found)
        status.fields.extend((extras or {}).get((obj.pk, language), ()))
        if status.fields:
            result.append(status)
    return result


def statuses_for(obj: models.Model, *, extras: bool = True) -> list[ObjectStatus]:
    """Every target language's status of one object (two queries at most,
    and one for the marks other content puts on it unless ``extras`` is
    False)."""
    records = load_records({type(obj): [obj]})
    content_type = ContentType.objects.get_for_model(obj)
    marks = extra_marks(type(obj), [obj]) if extras else None
    return object_statuses(obj, records, content_type.pk, extras=marks)


def board_rows(
    *, models_: Iterable[Translatable] | None = None, languages: Iterable[str]
) -> list[ObjectStatus]:
    """Each object's status per language: one query per model, one for records."""
    chosen = list(models_ or TRANSLATABLES)
    languages = list(languages)
    objects = {
        item.model: list(item.model.objects.select_related(*item.select_related))
        for item in chosen
    }
    records = load_records(objects)
    content_types = ContentType.objects.get_for_models(*objects)
    rows = []
    for item in chosen:
        content_type_id = content_types[item.model].pk
        marks = extra_marks(item.model, objects[item.model])
        for obj in objects[item.model]:
            rows.extend(
                object_statuses(obj, records, content_type_id, languages, marks)
            )
    return rows


def for_the_day(rows: Iterable[ObjectStatus]) -> list[ObjectStatus]:
    """Live items first (readers see them), then newest first, undated last.

    The sort is stable: items alike stay in board order.
    """

    def key(row: ObjectStatus):
        date = row.date
        return (not row.live, date is None, -date.timestamp() if date else 0)

    return sorted(rows, key=key)


def count_states(rows: Iterable[ObjectStatus]) -> dict[str, int]:
    counts = defaultdict(int, {state.value: 0 for state in State})
    for row in rows:
        counts[row.state.value] += 1
    return dict(counts)


_TOKENS = re.compile(r"\s+|[^\s<>]+|<[^>]*>|[<>]")


def source_diff(old: str, new: str) -> SafeString:
    """Word-level changes from ``old`` to ``new``, escaped, as <del>/<ins>."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if tag == "equal":
            parts.append(escape(removed))
            continue
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
    # Every piece above is escaped.
    return mark_safe("".join(parts))
