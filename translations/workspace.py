"""The translate view's work: each segment's state, and saving segments.

A field's segments in a language are kept as ``SegmentTranslation`` rows,
each with the source segment it was translated from. Loading lines the
rows up with the source's current segments (difflib over their
fingerprints): a row whose source is unchanged is done, a row facing a
changed source segment is outdated (with a word diff), a segment without
a row is missing. Before the first save in the view, the rows come from
the field's translation itself, segmented beside the source it was made
from (its fingerprint record).

Saving stores every segment, and writes a field's translation only when
each of its segments is translated and current: until then the item stays
as it was in that language (incomplete, so not public, when it had no
translation).
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.richtext import sanitize_html
from translations import glossary, memory
from translations.models import SegmentTranslation, SourceFingerprint
from translations.registry import (
    BY_MODEL,
    fingerprint,
    is_rich_text,
    source_language,
    value,
)
from translations.segments import Segment, SegmentError, Skeleton, plain, split
from translations.status import State, source_diff

KINDS = {
    "p": gettext_lazy("paragraph"),
    "li": gettext_lazy("list item"),
    "h2": gettext_lazy("heading"),
    "h3": gettext_lazy("heading"),
    "h4": gettext_lazy("heading"),
    "h5": gettext_lazy("heading"),
    "h6": gettext_lazy("heading"),
    "figcaption": gettext_lazy("caption"),
    "caption": gettext_lazy("caption"),
    "td": gettext_lazy("table cell"),
    "th": gettext_lazy("table heading"),
    "blockquote": gettext_lazy("quotation"),
}


@dataclass
class SegmentWork:
    field: str
    segment: Segment
    state: State
    target: str = ""
    old_source: str = ""
    old_target: str = ""
    suggestions: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def key(self) -> str:
        return f"{self.field}-{self.segment.index}"

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.segment.kind, self.segment.kind or ""))

    @property
    def source_html(self) -> SafeString:
        # Sanitised again: what is shown is what readers may be shown.
        return mark_safe(sanitize_html(self.segment.html))

    def diff(self) -> SafeString:
        return source_diff(self.old_source, self.segment.text)


@dataclass
class FieldWork:
    name: str
    verbose_name: str
    rich: bool
    skeleton: Skeleton
    segments: list[SegmentWork] = field(default_factory=list)
    # A translation that could not be lined up with the source, for reference.
    unaligned: str = ""

    def unaligned_html(self) -> SafeString:
        if not self.rich:
            return escape(self.unaligned)
        return mark_safe(sanitize_html(self.unaligned))


def _old_pairs_from_field(obj, name, language, record) -> tuple[list, str]:
    target = value(obj, name, language)
    if not target.strip():
        return [], ""
    source = (
        record.source_text
        if record is not None
        else value(obj, name, source_language(obj))
    )
    pairs = memory.aligned_pairs(source, target, rich=is_rich_text(type(obj), name))
    return pairs, "" if pairs else target


def _align(old: list[tuple[str, str]], segments: list[Segment], name: str):
    """Each current segment with the old (source, target) it continues."""
    before = [fingerprint(source) for source, _target in old]
    after = [segment.hash for segment in segments]
    result: list[SegmentWork] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset, segment in enumerate(segments[j1:j2]):
            work = SegmentWork(field=name, segment=segment, state=State.MISSING)
            position = i1 + offset
            if tag in ("equal", "replace") and position < i2:
                old_source, old_target = old[position]
                if old_target.strip():
                    work.target = work.old_target = old_target
                    if tag == "equal":
                        work.state = State.DONE
                    else:
                        work.state = State.OUTDATED
                        work.old_source = old_source
            result.append(work)
    return result


def load(obj: models.Model, language: str) -> list[FieldWork]:
    """Every translated field of ``obj`` in ``language``, segment by segment."""
    content_type = ContentType.objects.get_for_model(obj)
    rows: dict[str, list[SegmentTranslation]] = {}
    for row in SegmentTranslation.objects.filter(
        content_type=content_type, object_id=obj.pk, language=language
    ).order_by("field", "position"):
        rows.setdefault(row.field, []).append(row)
    records = {
        record.field: record
        for record in SourceFingerprint.objects.filter(
            content_type=content_type, object_id=obj.pk, language=language
        )
    }
    return _fields(obj, language, rows, records)


def _fields(
    obj: models.Model,
    language: str,
    rows: dict[str, list[SegmentTranslation]],
    records: dict[str, SourceFingerprint],
) -> list[FieldWork]:
    """``load``'s work from the rows and records already read."""
    translatable = BY_MODEL[type(obj)]
    source_code = source_language(obj)
    result = []
    for name in translatable.fields:
        rich = is_rich_text(type(obj), name)
        skeleton = split(value(obj, name, source_code), rich=rich)
        if not skeleton.segments:
            continue
        record = records.get(name)
        field_rows = rows.get(name, [])
        unaligned = ""
        # The field changed elsewhere (the change form, an import) since
        # the view last saved it: the field is what counts.
        changed_elsewhere = (
            field_rows
            and record is not None
            and record.recorded_at > max(row.updated_at for row in field_rows)
        )
        if field_rows and not changed_elsewhere:
            old = [(row.source_text, row.target_text) for row in field_rows]
        else:
            old, unaligned = _old_pairs_from_field(obj, name, language, record)
        result.append(
            FieldWork(
                name=name,
                verbose_name=str(obj._meta.get_field(name).verbose_name),
                rich=rich,
                skeleton=skeleton,
                segments=_align(old, skeleton.segments, name),
                unaligned=unaligned,
            )
        )
    return result


def annotate(
    obj: models.Model, language: str, fields: list[FieldWork], *, suggestions=True
) -> None:
    """Add glossary hits, warnings and memory suggestions to each segment."""
    source_code = source_language(obj)
    terms = glossary.terms_for(source_code, language)
    content_type = ContentType.objects.get_for_model(obj)
    for field_work in fields:
        for work in field_work.segments:
            work.terms = glossary.find_terms(work.segment.text, terms)
            work.warnings = glossary.check(work.segment.text, work.target, terms)
            if suggestions and work.state != State.DONE:
                work.suggestions = memory.suggest(
                    work.segment.text,
                    source_language=source_code,
                    target_language=language,
                    exclude=(content_type.pk, obj.pk),
                )


@dataclass
class SaveResult:
    errors: int = 0
    columns: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    drafted: bool = False


Saver = Callable[[models.Model, list[str]], bool]


def _save_columns(obj: models.Model, columns: list[str]) -> bool:
    obj.save(update_fields=columns)
    return False


def apply(
    fields: list[FieldWork],
    submitted: dict[str, str],
    confirmed: set[str] = frozenset(),
) -> int:
    """Put the submitted texts on ``fields``' segments; return how many are wrong.

    ``submitted`` maps a segment's key to its text, ``confirmed`` holds the
    keys of outdated segments the translator says are still right.
    """
    errors = 0
    for field_work in fields:
        for work in field_work.segments:
            if work.key not in submitted:
                continue
            text = submitted[work.key].strip()
            kept_outdated = (
                work.state == State.OUTDATED
                and text == work.old_target.strip()
                and work.key not in confirmed
            )
            work.target = text
            if not text:
                work.state = State.MISSING
            elif not kept_outdated:
                work.state = State.DONE
            if text:
                try:
                    work.segment.to_html(text)
                except SegmentError as error:
                    work.error = str(error)
                    errors += 1
    return errors


@transaction.atomic
def save_segments(
    *,
    obj: models.Model,
    language: str,
    fields: list[FieldWork],
    user,
    save: Saver = _save_columns,
) -> SaveResult:
    """Store ``fields``' segments (after ``apply``), then their complete fields.

    ``save`` stores the object's columns as its admin would (drafts of
    live items); it returns True when the change became a draft.
    """
    result = SaveResult()
    content_type = ContentType.objects.get_for_model(obj)
    source_code = source_language(obj)
    for field_work in fields:
        segments = field_work.segments
        if all(work.state == State.DONE for work in segments):
            translations = {work.segment.index: work.target for work in segments}
            html = field_work.skeleton.rebuild(translations)
            if html != value(obj, field_work.name, language):
                setattr(obj, f"{field_work.name}_{language}", html)
                result.columns.append(f"{field_work.name}_{language}")
        else:
            result.incomplete.append(field_work.verbose_name)
    if result.columns:
        result.drafted = save(obj, result.columns)
    # After the object: rows newer than its fingerprints are the truth.
    SegmentTranslation.objects.filter(
        content_type=content_type, object_id=obj.pk, language=language
    ).delete()
    rows = []
    for field_work in fields:
        pairs = []
        for position, work in enumerate(field_work.segments):
            if not work.target:
                continue
            outdated = work.state == State.OUTDATED
            source = work.old_source if outdated else work.segment.text
            rows.append(
                SegmentTranslation(
                    content_type=content_type,
                    object_id=obj.pk,
                    field=field_work.name,
                    language=language,
                    position=position,
                    source_hash=fingerprint(source),
                    source_text=source,
                    target_text=work.target,
                    updated_by=user,
                )
            )
            if not outdated:
                pairs.append((work.segment.text, work.target))
        memory.add_units(
            source_language=source_code,
            target_language=language,
            pairs=pairs,
            obj=obj,
            field=field_work.name,
        )
    SegmentTranslation.objects.bulk_create(rows)
    return result


def counts(fields: list[FieldWork]) -> dict[str, int]:
    tally = {state.value: 0 for state in State}
    for field_work in fields:
        for work in field_work.segments:
            tally[work.state.value] += 1
    return tally


def words_to_translate(
    items: list[tuple[models.Model, str]],
) -> dict[tuple[type, int, str], int]:
    """The words of each item's source segments not done in the language.

    Counted as the translate view shows the segments (``load``), for many
    items at once: two queries, whatever their number.
    """
    if not items:
        return {}
    content_types = ContentType.objects.get_for_models(*{type(obj) for obj, _ in items})
    condition = models.Q(pk__in=[])
    for obj, language in items:
        condition |= models.Q(
            content_type=content_types[type(obj)],
            object_id=obj.pk,
            language=language,
        )
    rows: dict[tuple, dict[str, list[SegmentTranslation]]] = {}
    for row in SegmentTranslation.objects.filter(condition).order_by(
        "field", "position"
    ):
        key = (row.content_type_id, row.object_id, row.language)
        rows.setdefault(key, {}).setdefault(row.field, []).append(row)
    records: dict[tuple, dict[str, SourceFingerprint]] = {}
    for record in SourceFingerprint.objects.filter(condition):
        key = (record.content_type_id, record.object_id, record.language)
        records.setdefault(key, {})[record.field] = record
    result = {}
    for obj, language in items:
        key = (content_types[type(obj)].pk, obj.pk, language)
        fields = _fields(obj, language, rows.get(key, {}), records.get(key, {}))
        result[(type(obj), obj.pk, language)] = sum(
            len(plain(work.segment.text).split())
            for field_work in fields
            for work in field_work.segments
            if work.state != State.DONE
        )
    return result


def describe_error(work: SegmentWork) -> str:
    return _("{field}, segment {number}: {error}").format(
        field=work.field, number=work.segment.index + 1, error=work.error
    )
