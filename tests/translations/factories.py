import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory

from translations.memory import normalise, unit_hash
from translations.models import (
    Assignment,
    GlossaryTerm,
    SegmentTranslation,
    TranslationUnit,
)
from translations.registry import fingerprint


class GlossaryTermFactory(DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    source_language = "fr"
    target_language = "en"
    term = factory.Sequence(lambda n: f"terme {n}")
    translation = factory.Sequence(lambda n: f"term {n}")


class TranslationUnitFactory(DjangoModelFactory):
    class Meta:
        model = TranslationUnit

    source_language = "fr"
    target_language = "en"
    source_text = factory.Sequence(lambda n: f"Phrase source numéro {n}.")
    source_hash = factory.LazyAttribute(lambda unit: unit_hash(unit.source_text))
    target_text = factory.Sequence(lambda n: f"Source sentence number {n}.")
    target_hash = factory.LazyAttribute(
        lambda unit: fingerprint(normalise(unit.target_text))
    )


class SegmentTranslationFactory(DjangoModelFactory):
    class Meta:
        model = SegmentTranslation

    field = "body"
    language = "en"
    position = factory.Sequence(int)
    source_text = "Un paragraphe."
    source_hash = factory.LazyAttribute(lambda row: fingerprint(row.source_text))
    target_text = "A paragraph."


class AssignmentFactory(DjangoModelFactory):
    """``AssignmentFactory(item=release, translator=user)``: French, due in a week."""

    class Meta:
        model = Assignment

    class Params:
        item = None

    content_type = factory.LazyAttribute(
        lambda a: ContentType.objects.get_for_model(a.item)
    )
    object_id = factory.LazyAttribute(lambda a: a.item.pk)
    language = "fr"
    translator = None
    due_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=7)
    )
