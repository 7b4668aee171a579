"""TMX 1.4 files into the translation memory: check every <tu>, store all or none.

A ``<tu>`` gives one unit per target language: its source is the ``<tuv>``
in the ``srclang`` of the ``<tu>`` (or of the header); with ``*all*`` (as
this site's own export writes) the first ``<tuv>`` is the source. Language
tags are the site's codes by their primary subtag ("en-US" is "en");
languages the site does not have are counted and left out. Inline codes
become the memory's placeholders: ``<bpt>``/``<ept>`` a pair ``{1}…{/1}``,
``<ph>``, ``<it>`` and ``<ut>`` a void ``{2/}``, ``<hi>`` its text.

A unit already in the memory (same languages, source and target) is not
stored twice, nor is one repeated in the file.
"""

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from core.i18n import language_codes
from translations.formats import FileError, read_xml
from translations.memory import normalise, unit_hash
from translations.models import Provenance, TranslationUnit
from translations.registry import fingerprint

MAX_TMX_SIZE = 20 * 1024 * 1024
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PAIRED = {"bpt": "open", "ept": "close"}
VOID = {"ph", "it", "ut"}


@dataclass
class TmxReport:
    added: int = 0
    merged: int = 0
    # Language tag in the file -> how many segments in it were left out.
    skipped_languages: Counter = field(default_factory=Counter)
    # Pairs into languages the importer does not translate.
    not_yours: int = 0
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Pair:
    source_language: str
    target_language: str
    source: str
    target: str


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def decode(data: bytes) -> str:
    """The file as text: UTF-8, or UTF-16 with its byte-order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileError(
            _(
                "The file is not UTF-8 (byte {position} cannot be read): export "
                "it again as UTF-8 or UTF-16."
            ).format(position=error.start),
            line=data[: error.start].count(b"\n") + 1,
        ) from None
    return text.removeprefix("\ufeff")


def site_language(tag: str) -> str | None:
    code = (tag or "").strip().replace("_", "-").lower()
    codes = language_codes()
    if code in codes:
        return code
    primary = code.split("-")[0]
    return primary if primary in codes else None


def _segment_text(seg: ET.Element) -> str:
    """A <seg>'s content with the memory's placeholders for inline codes."""
    numbers: dict[str, int] = {}
    count = 0
    parts = [seg.text or ""]

    def walk(element: ET.Element) -> None:
        nonlocal count
        for child in element:
            name = _local(child.tag)
            if name in PAIRED:
                key = child.get("i", "")
                if not key:
                    raise ValueError(
                        _("<{name}> has no i attribute.").format(name=name)
                    )
                if PAIRED[name] == "open":
                    if key in numbers:
                        raise ValueError(
                            _('<bpt i="{i}"> is opened twice.').format(i=key)
                        )
                    count += 1
                    numbers[key] = count
                    parts.append("{" + str(count) + "}")
                else:
                    if key not in numbers:
                        raise ValueError(
                            _('<ept i="{i}"> closes nothing.').format(i=key)
                        )
                    parts.append("{/" + str(numbers.pop(key)) + "}")
            elif name in VOID:
                count += 1
                parts.append("{" + str(count) + "/}")
            elif name in {"hi", "sub"}:
                parts.append(child.text or "")
                walk(child)
            else:
                raise ValueError(
                    _("Unexpected element <{name}> in a segment.").format(name=name)
                )
            parts.append(child.tail or "")

    walk(seg)
    if numbers:
        raise ValueError(
            _('<bpt i="{i}"> is never closed.').format(i=next(iter(numbers)))
        )
    return "".join(parts)


def parse(text: str, report: TmxReport) -> list[tuple[int, list[_Pair]]]:
    """Each <tu>'s line and pairs; refusals go to ``report``."""
    root, lines = read_xml(
        text,
        unreadable=_("The TMX file cannot be read (truncated or damaged?): {error}"),
    )
    if _local(root.tag) != "tmx":
        raise FileError(_("This is not a TMX file."), line=1)
    header = next((e for e in root if _local(e.tag) == "header"), None)
    header_source = header.get("srclang", "") if header is not None else ""
    result = []
    for tu in root.iter():
        if _local(tu.tag) != "tu":
            continue
        line = lines.get(tu, 0)
        try:
            pairs = _tu_pairs(tu, tu.get("srclang") or header_source, report)
        except ValueError as error:
            report.errors.append((line, str(error)))
            continue
        result.append((line, pairs))
    return result


def _tu_pairs(tu: ET.Element, source_tag: str, report: TmxReport) -> list[_Pair]:
    variants = []
    for tuv in tu:
        if _local(tuv.tag) != "tuv":
            continue
        tag = tuv.get(XML_LANG) or tuv.get("lang") or ""
        if not tag.strip():
            raise ValueError(_("A <tuv> has no xml:lang."))
        seg = next((e for e in tuv if _local(e.tag) == "seg"), None)
        if seg is None:
            raise ValueError(
                _("The <tuv> in “{language}” has no <seg>.").format(language=tag)
            )
        variants.append((tag, normalise(_segment_text(seg))))
    if len(variants) < 2:
        raise ValueError(_("A <tu> needs at least two languages."))
    if source_tag.strip().lower() == "*all*":
        source_tag = variants[0][0]
    wanted = source_tag.strip().lower()
    source = next((v for v in variants if v[0].lower() == wanted), None)
    if source is None and site_language(wanted):
        # "en-US" in the header, "en" in the <tuv>s: the same language here.
        source = next(
            (v for v in variants if site_language(v[0]) == site_language(wanted)),
            None,
        )
    if source is None:
        raise ValueError(
            _("No <tuv> in the source language “{language}”.").format(
                language=source_tag
            )
        )
    source_code = site_language(source[0])
    if source_code is None:
        report.skipped_languages[source[0]] += len(variants)
        return []
    if not source[1]:
        raise ValueError(_("The source segment is empty."))
    pairs = []
    for tag, text in variants:
        if (tag, text) == source:
            continue
        code = site_language(tag)
        if code is None:
            report.skipped_languages[tag] += 1
            continue
        if code == source_code or not text:
            continue
        pairs.append(
            _Pair(
                source_language=source_code,
                target_language=code,
                source=source[1],
                target=text,
            )
        )
    return pairs


def import_tmx(
    *, data: bytes, targets: list[str] | None = None, dry_run: bool = False
) -> TmxReport:
    """Check a TMX file, then store all its new units or none.

    ``targets``, when given, are the only target languages taken (a
    translator's own); pairs into others are counted and left out.
    """
    report = TmxReport()
    if len(data) > MAX_TMX_SIZE:
        report.errors.append(
            (
                None,
                _("The file is {size} MB; the limit is {limit} MB.").format(
                    size=round(len(data) / 1024 / 1024, 1),
                    limit=MAX_TMX_SIZE // 1024 // 1024,
                ),
            )
        )
        return report
    try:
        units = parse(decode(data), report)
    except FileError as error:
        report.errors.append((error.line, error.message))
        return report
    if report.errors:
        return report
    new: dict[tuple[str, str, str, str], TranslationUnit] = {}
    for _line, pairs in units:
        for pair in pairs:
            if targets is not None and pair.target_language not in targets:
                report.not_yours += 1
                continue
            key = (
                pair.source_language,
                pair.target_language,
                unit_hash(pair.source),
                fingerprint(pair.target),
            )
            if key in new:
                report.merged += 1
                continue
            new[key] = TranslationUnit(
                source_language=pair.source_language,
                target_language=pair.target_language,
                source_text=pair.source,
                source_hash=key[2],
                target_text=pair.target,
                target_hash=key[3],
                provenance=Provenance.TMX,
            )
    known = _known(new)
    report.merged += len(known)
    fresh = [unit for key, unit in new.items() if key not in known]
    report.added = len(fresh)
    if dry_run:
        return report
    with transaction.atomic():
        TranslationUnit.objects.bulk_create(fresh, batch_size=1000)
    report.applied = True
    return report


def _known(new: dict) -> set[tuple[str, str, str, str]]:
    """The keys of ``new`` already in the memory, whatever their origin."""
    by_pair: dict[tuple[str, str], set[str]] = {}
    for source, target, source_hash, _target_hash in new:
        by_pair.setdefault((source, target), set()).add(source_hash)
    known = set()
    for (source, target), hashes in by_pair.items():
        hashes = sorted(hashes)
        for start in range(0, len(hashes), 500):
            rows = TranslationUnit.objects.filter(
                source_language=source,
                target_language=target,
                source_hash__in=hashes[start : start + 500],
            ).values_list("source_hash", "target_hash")
            known |= {(source, target, s, t) for s, t in rows}
    return known & set(new)
