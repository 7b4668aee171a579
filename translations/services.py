"""Writes of the translations workflow: fingerprints and confirmations."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from translations import memory
from translations.models import Assignment, SegmentTranslation, SourceFingerprint
from translations.registry import (
    BY_MODEL,
    fingerprint,
    source_language,
    target_languages,
    value,
)

# Set on an instance before it is saved: the (field, language) pairs whose
# present translations stay current whatever the source became ("minor
# change", "translation still current").
REFRESH_ATTRIBUTE = "_translations_refresh"

Pairs = Iterable[tuple[str, str]]


@transaction.atomic
def sync_fingerprints(*, obj: models.Model, refresh: Pairs = ()) -> int:
    """Record the source each translation of ``obj`` was made from; return how many.

    A present translation with no record, or whose text changed since its
    record, was made from the current source. The ``refresh`` pairs of
    field and language are recorded as current too.
    """
    translatable = BY_MODEL.get(type(obj))
    if translatable is None or obj.pk is None:
        return 0
    refresh = set(refresh)
    content_type = ContentType.objects.get_for_model(obj)
    records = {
        (record.field, record.language): record
        for record in SourceFingerprint.objects.filter(
            content_type=content_type, object_id=obj.pk
        )
    }
    source_code = source_language(obj)
    new, changed = [], []
    for language in target_languages(obj):
        for name in translatable.fields:
            translation = value(obj, name, language)
            if not translation.strip():
                continue
            source = value(obj, name, source_code)
            record = records.get((name, language))
            translation_hash = fingerprint(translation)
            if record is None:
                record = SourceFingerprint(
                    content_type=content_type,
                    object_id=obj.pk,
                    field=name,
                    language=language,
                )
                new.append(record)
            elif (
                record.translation_hash == translation_hash
                and (name, language) not in refresh
                and record.source_language == source_code
            ):
                continue
            else:
                changed.append(record)
            record.source_language = source_code
            record.source_hash = fingerprint(source)
            record.source_text = source
            record.translation_hash = translation_hash
            memory.record_translation(
                obj=obj,
                field=name,
                source_language=source_code,
                language=language,
                source=source,
                translation=translation,
            )
    SourceFingerprint.objects.bulk_create(new)
    for record in changed:
        record.save()
    return len(new) + len(changed)


def all_pairs(obj: models.Model, languages: Iterable[str]) -> set[tuple[str, str]]:
    """Every translated field of ``obj`` in each of ``languages``."""
    translatable = BY_MODEL.get(type(obj))
    fields = translatable.fields if translatable else ()
    return {(name, language) for name in fields for language in languages}


def current_pairs(
    *, obj: models.Model, old_sources: dict[str, str]
) -> set[tuple[str, str]]:
    """The pairs whose translation was current for the sources ``old_sources``.

    A minor change keeps exactly these current: a translation that was
    already outdated stays outdated.
    """
    content_type = ContentType.objects.get_for_model(obj)
    hashes = {name: fingerprint(text) for name, text in old_sources.items()}
    return {
        (record.field, record.language)
        for record in SourceFingerprint.objects.filter(
            content_type=content_type, object_id=obj.pk, field__in=list(hashes)
        )
        if record.source_hash == hashes[record.field]
    }


def confirm_translations(
    *, objects: Iterable[models.Model], languages: Iterable[str]
) -> int:
    """Mark the present translations of ``objects`` in ``languages`` as current."""
    languages = list(languages)
    return sum(
        sync_fingerprints(obj=obj, refresh=all_pairs(obj, languages)) for obj in objects
    )


def forget_fingerprints(*, obj: models.Model) -> None:
    """Drop the records of a deleted object: its fingerprints, the segments
    its translators saved and its assignments (the translation memory keeps
    what they translated)."""
    SourceFingerprint.objects.for_objects(type(obj), [obj.pk]).delete()
    content_type = ContentType.objects.get_for_model(type(obj))
    for model in (SegmentTranslation, Assignment):
        model.objects.filter(content_type=content_type, object_id=obj.pk).delete()
