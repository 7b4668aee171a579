"""XLIFF 2.1 files, one unit per segment, inline markup as ``<pc>``/``<ph>``.

The same segments as the translate view (``translations.segments``): a
unit per title, summary, paragraph, list item, heading or caption. Inline
tags become codes a CAT tool can move but should not break: ``<pc>`` for a
pair (a link, emphasis, ``<span lang>``), ``<ph>`` for a void tag (``<br>``,
``<img>``); the tags themselves travel in ``<originalData>`` for the tool to
show, but an import rebuilds the HTML from the server's copy of the source,
never from the file.

One ``<file>`` per object (``id`` "news.pressrelease:12"), one ``<unit>``
per segment (``id`` "news.pressrelease:12:body:3", the third segment of
the body), the sha256 of the source segment in a note of category
``source-sha256``. XLIFF 2 has one source language per document: an
export of items written in several languages is a zip of one file each.

Earlier translations from the memory travel as Translation Candidates
(``mtc:matches``), with their similarity, as the translate view shows them.
"""

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _

from translations import memory, workspace
from translations.formats import FileError, read_xml
from translations.registry import (
    BY_LABEL,
    TRANSLATABLES,
    language_name,
    source_language,
)
from translations.segments import PLACEHOLDER, Segment, check_placeholders
from translations.status import State, board_rows

NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
VERSION = "2.1"
FINGERPRINT_CATEGORY = "source-sha256"
UNIT_ID = re.compile(
    r"^(?P<model>\w+\.\w+):(?P<pk>\d+):(?P<field>\w+):(?P<number>\d+)$"
)
FILE_ID = re.compile(r"^(?P<model>\w+\.\w+):(?P<pk>\d+)$")
# "initial" is the state of a segment nobody has finished.
FINISHED_STATES = {"translated", "reviewed", "final"}
STATES = {"initial", *FINISHED_STATES}
# Elements a CAT tool may wrap text in (terms, comments): their text counts.
ANNOTATIONS = {"mrk"}
CODE_TYPES = {"a": "link", "img": "image"}
TAG_NAME = re.compile(r"^<\s*([a-zA-Z0-9]+)")


def _q(tag: str, ns: str = NS) -> str:
    return f"{{{ns}}}{tag}"


def is_xliff2(text: str) -> bool:
    head = text.lstrip()[:1000]
    return NS in head and "<" in head


# Export


class NothingToExport(ValueError):
    """Every chosen item is translated in that language."""


@dataclass
class ObjectWork:
    obj: models.Model
    label: str
    fields: list[workspace.FieldWork]


def export_objects(
    *, language: str, model: str | None = None, pks=None
) -> list[ObjectWork]:
    """Each object with a missing or outdated field in ``language``, loaded
    segment by segment as the translate view loads it."""
    chosen = [BY_LABEL[model]] if model else list(TRANSLATABLES)
    wanted = {int(pk) for pk in pks} if pks is not None else None
    result = []
    for row in board_rows(models_=chosen, languages=[language]):
        if wanted is not None and row.obj.pk not in wanted:
            continue
        todo = {
            status.field
            for status in row.fields
            if status.state != State.DONE and not status.extra
        }
        if not todo:
            continue
        fields = [
            work for work in workspace.load(row.obj, language) if work.name in todo
        ]
        if fields:
            result.append(
                ObjectWork(obj=row.obj, label=row.obj._meta.label_lower, fields=fields)
            )
    return result


def export_file(
    *, language: str, model: str | None = None, pks=None
) -> tuple[bytes, str, str]:
    """The bytes, file name and content type of an XLIFF 2.1 export."""
    works = export_objects(language=language, model=model, pks=pks)
    if not works:
        # XLIFF 2 has no empty document: at least one <file> is required.
        raise NothingToExport(
            _("Nothing to translate into {language} there.").format(
                language=language_name(language)
            )
        )
    by_source: dict[str, list[ObjectWork]] = {}
    for work in works:
        by_source.setdefault(source_language(work.obj), []).append(work)
    scope = (model or "site").replace(".", "-")
    if len(by_source) <= 1:
        source = next(iter(by_source), "")
        data = build(by_source.get(source, []), source=source, language=language)
        name = f"iomsite-{scope}-{language}.xlf"
        return data, name, "application/xliff+xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for source, group in sorted(by_source.items()):
            archive.writestr(
                f"iomsite-{scope}-{source}-{language}.xlf",
                build(group, source=source, language=language),
            )
    return (
        buffer.getvalue(),
        f"iomsite-{scope}-{language}-xliff2.zip",
        "application/zip",
    )


def build(works: list[ObjectWork], *, source: str, language: str) -> bytes:
    """One XLIFF 2.1 document; every item in it is written in ``source``."""
    ET.register_namespace("", NS)
    ET.register_namespace("mtc", MTC_NS)
    root = ET.Element(
        _q("xliff"),
        {"version": VERSION, "srcLang": source or language, "trgLang": language},
    )
    for work in works:
        file_id = f"{work.label}:{work.obj.pk}"
        file = ET.SubElement(
            root, _q("file"), {"id": file_id, "original": file_id.replace(":", "/")}
        )
        notes = ET.SubElement(file, _q("notes"))
        ET.SubElement(
            notes, _q("note"), {"category": "item"}
        ).text = f"{work.obj._meta.verbose_name} “{work.obj}” (#{work.obj.pk})"
        exclude = (ContentType.objects.get_for_model(work.obj).pk, work.obj.pk)
        for field_work in work.fields:
            for segment_work in field_work.segments:
                _unit(
                    file, file_id, field_work, segment_work, source, language, exclude
                )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _unit(file, file_id, field_work, work, source, language, exclude) -> None:
    segment = work.segment
    number = segment.index + 1
    unit = ET.SubElement(
        file,
        _q("unit"),
        {
            "id": f"{file_id}:{field_work.name}:{number}",
            "name": f"{field_work.name} {number}",
        },
    )
    if work.state != State.DONE:
        _matches(unit, segment, source, language, exclude)
    notes = ET.SubElement(unit, _q("notes"))
    ET.SubElement(
        notes, _q("note"), {"category": FINGERPRINT_CATEGORY}
    ).text = segment.hash
    description = str(field_work.verbose_name)
    if work.kind_label:
        description += f", {work.kind_label} {number}"
    ET.SubElement(notes, _q("note"), {"category": "location"}).text = description
    if work.state == State.OUTDATED:
        ET.SubElement(notes, _q("note"), {"category": "outdated"}).text = (
            "The source changed since this translation; the previous source "
            f"was: {PLACEHOLDER.sub('', work.old_source)}"
        )
    _original_data(unit, segment, segment.tags)
    element = ET.SubElement(
        unit,
        _q("segment"),
        {"id": "s", "state": "translated" if work.state == State.DONE else "initial"},
    )
    _inline(ET.SubElement(element, _q("source")), segment.text, segment.tags)
    if work.target:
        _inline(ET.SubElement(element, _q("target")), work.target, segment.tags)


def _original_data(parent, segment: Segment, tags) -> None:
    if not tags:
        return
    data = ET.SubElement(parent, _q("originalData"))
    for number, (opening, end) in sorted(tags.items()):
        if end:
            ET.SubElement(data, _q("data"), {"id": f"d{number}s"}).text = opening
            ET.SubElement(data, _q("data"), {"id": f"d{number}e"}).text = end
        else:
            ET.SubElement(data, _q("data"), {"id": f"d{number}"}).text = opening


def _code_type(opening: str) -> str:
    tag = TAG_NAME.match(opening)
    return CODE_TYPES.get(tag.group(1).lower(), "fmt") if tag else "fmt"


def _inline(parent: ET.Element, text: str, tags) -> None:
    """Write ``text``'s placeholders as <pc>/<ph> under ``parent``."""
    stack = [parent]
    last: ET.Element | None = None  # where the next text goes (.tail)
    position = 0

    def put(chunk: str) -> None:
        if not chunk:
            return
        if last is None:
            stack[-1].text = (stack[-1].text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    for match in PLACEHOLDER.finditer(text):
        put(text[position : match.start()])
        position = match.end()
        closing, number, void = match.groups()
        opening = tags[int(number)][0]
        if void:
            last = ET.SubElement(
                stack[-1],
                _q("ph"),
                {"id": number, "dataRef": f"d{number}", "type": _code_type(opening)},
            )
        elif closing:
            last = stack.pop()
        else:
            element = ET.SubElement(
                stack[-1],
                _q("pc"),
                {
                    "id": number,
                    "dataRefStart": f"d{number}s",
                    "dataRefEnd": f"d{number}e",
                    "type": _code_type(opening),
                },
            )
            stack.append(element)
            last = None
    put(text[position:])


def _matches(unit, segment: Segment, source, language, exclude) -> None:
    # The item's own earlier translation is in the target already.
    found = memory.suggest(
        segment.text,
        source_language=source,
        target_language=language,
        exclude=exclude,
    )
    if not found:
        return
    matches = ET.SubElement(unit, _q("matches", MTC_NS))
    for suggestion in found:
        match = ET.SubElement(
            matches,
            _q("match", MTC_NS),
            {
                "ref": "#s",
                "similarity": f"{suggestion.score:.1f}",
                "type": "tm",
                "origin": suggestion.origin_label or "translation memory",
            },
        )
        texts = [suggestion.source_text, suggestion.target_text]
        # Inline codes only where they are the segment's own; otherwise
        # the words alone, for the translator to place the codes.
        if all(_fits(segment, text) for text in texts):
            _original_data(match, segment, segment.tags)
        else:
            texts = [" ".join(PLACEHOLDER.sub(" ", text).split()) for text in texts]
        for tag, text in zip(("source", "target"), texts, strict=True):
            _inline(ET.SubElement(match, _q(tag)), text, segment.tags)


def _fits(segment: Segment, text: str) -> bool:
    try:
        check_placeholders(segment, text)
    except ValueError:
        return False
    return True


# Import


@dataclass
class ParsedUnit:
    file_id: str
    unit_id: str
    line: int
    source: str
    target: str | None
    state: str
    fingerprint: str
    # Inline codes as found: (kind, id, data references).
    codes: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    problem: str = ""


@dataclass
class ParsedDocument:
    source_language: str
    language: str
    units: list[ParsedUnit]


def _local(tag) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, _sep, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def site_language(code: str) -> str:
    """A file's language tag as the site's code: "fr-FR" is "fr"."""
    from core.i18n import language_codes

    code = (code or "").strip()
    codes = language_codes()
    if code in codes:
        return code
    primary = code.split("-")[0].split("_")[0].lower()
    return primary if primary in codes else code


def parse(text: str) -> ParsedDocument:
    root, lines = read_xml(
        text,
        unreadable=_("The XLIFF file cannot be read (truncated or damaged?): {error}"),
    )
    if root.tag != _q("xliff") or not (root.get("version") or "").startswith("2."):
        raise FileError(_("This is not an XLIFF 2 file."), line=1)
    if not root.get("trgLang"):
        raise FileError(
            _("The file does not say which language it is in (trgLang)."), line=1
        )
    units = []
    for file in root.findall(_q("file")):
        for unit in file.iter(_q("unit")):
            units.append(_parse_unit(file.get("id", ""), unit, lines))
    return ParsedDocument(
        source_language=site_language(root.get("srcLang", "")),
        language=site_language(root.get("trgLang", "")),
        units=units,
    )


def _parse_unit(file_id: str, unit: ET.Element, lines) -> ParsedUnit:
    segments = unit.findall(_q("segment"))
    fingerprint_note = ""
    for note in unit.iter(_q("note")):
        if note.get("category") == FINGERPRINT_CATEGORY:
            fingerprint_note = (note.text or "").strip()
    parsed = ParsedUnit(
        file_id=file_id,
        unit_id=unit.get("id", ""),
        line=lines.get(unit, 0),
        source="",
        target=None,
        state="",
        fingerprint=fingerprint_note,
    )
    if len(segments) != 1:
        parsed.problem = _(
            "The unit has {count} segments; it was exported with one: do not "
            "split or join segments."
        ).format(count=len(segments))
        return parsed
    segment = segments[0]
    parsed.state = (segment.get("state") or "initial").strip()
    if parsed.state not in STATES:
        parsed.problem = _("Unknown state “{state}”.").format(state=parsed.state)
        return parsed
    source = segment.find(_q("source"))
    target = segment.find(_q("target"))
    try:
        parsed.source = _flatten(source, []) if source is not None else ""
        if target is not None:
            parsed.target = _flatten(target, parsed.codes)
    except ValueError as error:
        parsed.problem = str(error)
    return parsed


def _flatten(element: ET.Element, codes: list) -> str:
    """The element's content as segment text with {n} placeholders."""
    parts = [element.text or ""]
    for child in element:
        ns, name = _local(child.tag)
        if ns != NS:
            raise ValueError(
                _("Unexpected element <{name}> in the text.").format(name=name)
            )
        code_id = child.get("id", "")
        if name == "pc":
            if not code_id.isdigit():
                raise ValueError(
                    _('The inline code <pc id="{id}"> is not in the source.').format(
                        id=code_id
                    )
                )
            codes.append(
                ("pc", code_id, (child.get("dataRefStart"), child.get("dataRefEnd")))
            )
            parts.append("{" + code_id + "}")
            parts.append(_flatten(child, codes))
            parts.append("{/" + code_id + "}")
        elif name == "ph":
            if not code_id.isdigit():
                raise ValueError(
                    _('The inline code <ph id="{id}"/> is not in the source.').format(
                        id=code_id
                    )
                )
            codes.append(("ph", code_id, (child.get("dataRef"),)))
            parts.append("{" + code_id + "/}")
        elif name in ANNOTATIONS:
            parts.append(_flatten(child, codes))
        elif name in {"sc", "ec"}:
            raise ValueError(
                _(
                    'The inline code <{name} id="{id}"> splits a pair of tags '
                    "that the source keeps whole: use <pc> as in the source."
                ).format(name=name, id=code_id or child.get("startRef", ""))
            )
        else:
            raise ValueError(
                _("Unexpected element <{name}> in the text.").format(name=name)
            )
        parts.append(child.tail or "")
    return "".join(parts)


def _normal(text: str) -> str:
    return " ".join((text or "").split())


def code_problems(segment: Segment, parsed: ParsedUnit) -> list[str]:
    """What is wrong with the target's inline codes, as a CAT user reads it."""
    problems = []
    seen = []
    for kind, code_id, refs in parsed.codes:
        number = int(code_id)
        tags = segment.tags.get(number)
        written = f'<pc id="{code_id}">' if kind == "pc" else f'<ph id="{code_id}"/>'
        if tags is None:
            problems.append(
                _("The inline code {code} is not in the source: remove it.").format(
                    code=written
                )
            )
            continue
        is_pair = bool(tags[1])
        if is_pair != (kind == "pc"):
            problems.append(
                _("The inline code {code} is not written as in the source.").format(
                    code=written
                )
            )
            continue
        expected = (f"d{number}s", f"d{number}e") if is_pair else (f"d{number}",)
        if any(
            ref is not None and ref != want
            for ref, want in zip(refs, expected, strict=True)
        ):
            problems.append(
                _(
                    "The inline code {code} points to other original data "
                    "than in the source (its reference changed)."
                ).format(code=written)
            )
        if number in seen:
            problems.append(
                _("The inline code {code} is repeated.").format(code=written)
            )
        seen.append(number)
    for number, (_opening, end) in sorted(segment.tags.items()):
        if number not in seen:
            written = f'<pc id="{number}">' if end else f'<ph id="{number}"/>'
            problems.append(
                _("The inline code {code} is missing.").format(code=written)
            )
    return problems


@dataclass
class _Item:
    obj: models.Model
    fields: list
    submitted: dict[str, str] = field(default_factory=dict)
    confirmed: set[str] = field(default_factory=set)


def check_and_apply(report, document: ParsedDocument, *, user, dry_run, save):
    """Check every unit, then save each item's segments; all or nothing.

    ``report`` is an ``exchange.ImportReport``; ``save`` stores an object's
    columns as its admin would (drafts of live items).
    """
    language = document.language
    items: dict[tuple[str, int], _Item] = {}
    seen_ids: set[str] = set()
    located = []
    wanted: dict[str, set[int]] = {}
    for unit in document.units:
        where = {"line": unit.line, "context": unit.unit_id}
        match = UNIT_ID.match(unit.unit_id)
        if unit.unit_id in seen_ids:
            report.refuse(_("The unit appears twice in the file."), **where)
            continue
        seen_ids.add(unit.unit_id)
        if not match or match["model"] not in BY_LABEL:
            report.refuse(
                _("Unknown unit “{id}”: was this file exported by this site?").format(
                    id=unit.unit_id
                ),
                **where,
            )
            continue
        if unit.file_id != f"{match['model']}:{match['pk']}":
            report.refuse(
                _(
                    "The unit belongs to another item than its <file> "
                    "(“{file}”): units may be reordered, not moved."
                ).format(file=unit.file_id),
                **where,
            )
            continue
        located.append((unit, match))
        wanted.setdefault(match["model"], set()).add(int(match["pk"]))
    objects = {
        label: BY_LABEL[label].model.objects.in_bulk(list(pks))
        for label, pks in wanted.items()
    }
    for unit, match in located:
        where = {"line": unit.line, "context": unit.unit_id}
        label, pk, name = match["model"], int(match["pk"]), match["field"]
        obj = objects[label].get(pk)
        if obj is None:
            report.refuse(_("The item no longer exists."), **where)
            continue
        if name not in BY_LABEL[label].fields:
            report.refuse(
                _("“{field}” is not a translated field.").format(field=name), **where
            )
            continue
        source_code = source_language(obj)
        if source_code == language:
            report.refuse(
                _("{language} is the source language of this item.").format(
                    language=language_name(language)
                ),
                **where,
            )
            continue
        if document.source_language and document.source_language != source_code:
            report.refuse(
                _("The item is written in {language}, not in the file's.").format(
                    language=language_name(source_code)
                ),
                **where,
            )
            continue
        item = items.get((label, pk))
        if item is None:
            item = items[(label, pk)] = _Item(
                obj=obj, fields=workspace.load(obj, language)
            )
        field_work = next((f for f in item.fields if f.name == name), None)
        number = int(match["number"])
        work = (
            field_work.segments[number - 1]
            if field_work is not None and 0 < number <= len(field_work.segments)
            else None
        )
        changed = _(
            "The source of this segment changed since the export: export "
            "again and translate the new source."
        )
        if work is None:
            report.refuse(changed, **where)
            continue
        segment = work.segment
        if (unit.fingerprint and unit.fingerprint != segment.hash) or (
            not unit.problem and _normal(unit.source) != _normal(segment.text)
        ):
            report.refuse(changed, **where)
            continue
        if unit.problem:
            report.refuse(unit.problem, **where)
            continue
        target = _normal(unit.target or "")
        if unit.state not in FINISHED_STATES:
            report.skip(_("not finished (state “initial”)."), **where)
            continue
        if not target:
            report.skip(_("not translated."), **where)
            continue
        problems = code_problems(segment, unit)
        if not problems:
            try:
                segment.to_html(target)
            except ValueError as error:
                problems.append(str(error))
        if problems:
            report.refuse(" ".join(problems), **where)
            continue
        item.submitted[work.key] = target
        item.confirmed.add(work.key)
        if not work.target:
            message = _("added.")
        elif _normal(work.target) == target:
            message = _("unchanged, confirmed current.")
        else:
            message = _("changed.")
        report.change(message, **where)
    if report.errors or dry_run:
        return report
    _save(list(items.values()), language=language, user=user, save=save, report=report)
    report.applied = True
    return report


@transaction.atomic
def _save(items: list[_Item], *, language, user, save, report) -> None:
    def saver(obj, columns):
        save(obj, columns)
        return False

    for item in items:
        if not item.submitted:
            continue
        wrong = workspace.apply(item.fields, item.submitted, item.confirmed)
        if wrong:  # Checked above; a mismatch here is a bug, not bad input.
            raise AssertionError(wrong)
        result = workspace.save_segments(
            obj=item.obj, language=language, fields=item.fields, user=user, save=saver
        )
        for verbose_name in result.incomplete:
            report.skip(
                _(
                    "{field}: some segments are still to translate; the "
                    "translated ones are kept for later."
                ).format(field=verbose_name),
                context=f"{item.obj._meta.label_lower}:{item.obj.pk}",
            )
