"""Translation memory: every segment the site has translated, and lookups.

Units are written whenever a translation is saved (the translate view, the
change form, an import: ``services.sync_fingerprints`` calls
``record_translation``), segment by segment, and looked up exactly by the
source's fingerprint and approximately by similarity: on PostgreSQL a
full-text GIN index (migration 0004) finds the candidates sharing the
source's longest words; other databases get a bounded candidate set. Either
way difflib gives the match percentage shown, so it means the same on every
database.
"""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst

from translations.models import TranslationUnit
from translations.registry import fingerprint, is_rich_text
from translations.segments import PLACEHOLDER, split

# Below this a suggestion helps less than it distracts.
MIN_SCORE = 60
# How many candidates the fuzzy search compares in Python.
CANDIDATES = 30
FALLBACK_CANDIDATES = 200
# The source's longest words a candidate is looked up by.
KEY_WORDS = 6


def normalise(text: str) -> str:
    return " ".join((text or "").split())


def unit_hash(text: str) -> str:
    return fingerprint(normalise(text))


def aligned_pairs(source: str, target: str, *, rich: bool) -> list[tuple[str, str]]:
    """Source and target segments side by side, when their structures match."""
    source_segments = split(source, rich=rich).segments
    target_segments = split(target, rich=rich).segments
    if len(source_segments) != len(target_segments):
        return []
    pairs = []
    for a, b in zip(source_segments, target_segments, strict=True):
        # The same placeholders on both sides, or the pairing is a guess.
        if sorted(PLACEHOLDER.findall(a.text)) != sorted(PLACEHOLDER.findall(b.text)):
            return []
        pairs.append((a.text, b.text))
    return pairs


def add_units(
    *,
    source_language: str,
    target_language: str,
    pairs: Iterable[tuple[str, str]],
    obj: models.Model | None = None,
    field: str = "",
) -> int:
    """Store ``pairs`` of source and target segments; return how many were given.

    A pair already stored for the same origin is kept as it was.
    """
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None
    units = []
    seen = set()
    for source, target in pairs:
        source, target = normalise(source), normalise(target)
        if not source or not target:
            continue
        key = (unit_hash(source), fingerprint(target))
        if key in seen:
            continue
        seen.add(key)
        units.append(
            TranslationUnit(
                source_language=source_language,
                target_language=target_language,
                source_text=source,
                source_hash=key[0],
                target_text=target,
                target_hash=key[1],
                content_type=content_type,
                object_id=obj.pk if obj is not None else None,
                field=field,
            )
        )
    if not units:
        return 0
    TranslationUnit.objects.bulk_create(units, ignore_conflicts=True)
    return len(units)


def record_translation(
    *,
    obj: models.Model,
    field: str,
    source_language: str,
    language: str,
    source: str,
    translation: str,
) -> int:
    """Store the segments of one saved field translation in the memory."""
    pairs = aligned_pairs(source, translation, rich=is_rich_text(type(obj), field))
    return add_units(
        source_language=source_language,
        target_language=language,
        pairs=pairs,
        obj=obj,
        field=field,
    )


@dataclass
class Suggestion:
    score: int
    source_text: str
    target_text: str
    created_at: datetime
    origin_label: str = ""
    origin_url: str = ""


def score(a: str, b: str) -> int:
    """How alike two segments are, in percent, word by word."""
    if normalise(a) == normalise(b):
        return 100
    words_a = re.findall(r"\w+|[^\w\s]", a.lower())
    words_b = re.findall(r"\w+|[^\w\s]", b.lower())
    ratio = difflib.SequenceMatcher(a=words_a, b=words_b, autojunk=False).ratio()
    # An exact match is only ever the same text.
    return min(99, round(ratio * 100))


def _origin(unit: TranslationUnit) -> tuple[str, str]:
    if unit.content_type_id is None:
        return "", ""
    content_type = ContentType.objects.get_for_id(unit.content_type_id)
    model = content_type.model_class()
    field_name = unit.field
    if model is not None and unit.field:
        try:
            field_name = model._meta.get_field(unit.field).verbose_name
        except FieldDoesNotExist:
            pass
    label = f"{capfirst(content_type.name)} #{unit.object_id}, {field_name}".strip(", ")
    try:
        url = reverse(
            f"admin:{content_type.app_label}_{content_type.model}_change",
            args=[unit.object_id],
        )
    except NoReverseMatch:
        url = ""
    return label, url


def _candidates(text: str, source_language: str, target_language: str):
    pair = TranslationUnit.objects.filter(
        source_language=source_language, target_language=target_language
    )
    exact = list(pair.filter(source_hash=unit_hash(text))[:CANDIDATES])
    words = sorted(
        {word.lower() for word in re.findall(r"[^\W_]{3,}", text)},
        key=lambda word: (-len(word), word),
    )[:KEY_WORDS]
    if not words:
        return exact
    if connection.vendor == "postgresql":
        # The longest words, in pairs: a segment alike enough to suggest
        # keeps at least one pair, and pairs are rare enough for the index
        # (migration 0004) to answer in milliseconds.
        groups = [words[i : i + 2] for i in range(0, len(words), 2)]
        query = " | ".join("({})".format(" & ".join(group)) for group in groups)
        fuzzy = pair.extra(
            where=["to_tsvector('simple', source_text) @@ to_tsquery('simple', %s)"],
            params=[query],
        ).order_by()[:FALLBACK_CANDIDATES]
        return exact + list(fuzzy)
    condition = models.Q()
    for word in words[:3]:
        condition |= models.Q(source_text__icontains=word)
    return exact + list(pair.filter(condition)[:FALLBACK_CANDIDATES])


def suggest(
    text: str,
    *,
    source_language: str,
    target_language: str,
    limit: int = 3,
    exclude: tuple[int, int] | None = None,
) -> list[Suggestion]:
    """The best earlier translations of ``text``: exact first, then fuzzy.

    ``exclude`` (content type id, object id) leaves out the item being
    translated, whose own earlier translation the view shows already.
    """
    text = normalise(text)
    if not text:
        return []
    best: dict[str, Suggestion] = {}
    for unit in _candidates(text, source_language, target_language):
        if exclude and (unit.content_type_id, unit.object_id) == exclude:
            continue
        percent = (
            100
            if unit.source_hash == unit_hash(text)
            else score(text, unit.source_text)
        )
        if percent < MIN_SCORE:
            continue
        known = best.get(unit.target_text)
        if known is not None and (known.score, known.created_at) >= (
            percent,
            unit.created_at,
        ):
            continue
        label, url = _origin(unit)
        best[unit.target_text] = Suggestion(
            score=percent,
            source_text=unit.source_text,
            target_text=unit.target_text,
            created_at=unit.created_at,
            origin_label=label,
            origin_url=url,
        )
    ranked = sorted(best.values(), key=lambda s: (-s.score, -s.created_at.timestamp()))
    return ranked[:limit]


def build_from_content(translatables) -> int:
    """Seed the memory from every translation the site already holds."""
    from translations.registry import source_language, target_languages, value

    count = 0
    for item in translatables:
        for obj in item.model.objects.iterator():
            source_code = source_language(obj)
            for language in target_languages(obj):
                for name in item.fields:
                    source = value(obj, name, source_code)
                    translation = value(obj, name, language)
                    if source.strip() and translation.strip():
                        count += record_translation(
                            obj=obj,
                            field=name,
                            source_language=source_code,
                            language=language,
                            source=source,
                            translation=translation,
                        )
    return count


def export_tmx(units: Iterable[TranslationUnit]) -> bytes:
    """The units as TMX 1.4, one <tu> each, every text escaped."""
    now = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'  <header creationtool="iomsite" creationtoolversion="1" '
        f'segtype="sentence" o-tmf="iomsite" adminlang="en" srclang="*all*" '
        f'datatype="plaintext" creationdate="{now}"/>',
        "  <body>",
    ]
    for unit in units:
        created = unit.created_at.strftime("%Y%m%dT%H%M%SZ")
        origin = ""
        if unit.content_type_id:
            origin = f"{unit.content_type_id}/{unit.object_id}/{unit.field}"
        lines.append(f"    <tu creationdate={quoteattr(created)}>")
        if origin:
            lines.append(f'      <prop type="x-origin">{escape(origin)}</prop>')
        for language, text in (
            (unit.source_language, unit.source_text),
            (unit.target_language, unit.target_text),
        ):
            lines.append(
                f"      <tuv xml:lang={quoteattr(language)}>"
                f"<seg>{escape(text)}</seg></tuv>"
            )
        lines.append("    </tu>")
    lines += ["  </body>", "</tmx>", ""]
    return "\n".join(lines).encode("utf-8")
