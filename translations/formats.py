"""PO and XLIFF 1.2 files of content strings: build them, read them back.

Each unit carries its context as ``app_label.model/pk/field`` and the
sha256 of the source text it was exported with, so an import can tell
when the source changed in between.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import polib
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils import timezone
from django.utils.translation import gettext as _

XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
FINGERPRINT_NOTE = re.compile(r"source-sha256: ([0-9a-f]{64})")
CONTEXT = re.compile(r"^(?P<model>\w+\.\w+)/(?P<pk>\d+)/(?P<field>\w+)$")
# An outdated translation is exported in this state; returned unchanged in
# it, the translator has not reviewed it.
UNREVIEWED_STATE = "needs-review-translation"


@dataclass
class ExportUnit:
    context: str
    source: str
    source_language: str
    translation: str
    outdated: bool
    notes: list[str]
    fingerprint: str
    # Translation-memory matches (``memory.Suggestion``), best first.
    suggestions: list = field(default_factory=list)


@dataclass
class ImportUnit:
    context: str
    source: str
    target: str
    fingerprint: str
    line: int
    # Marked fuzzy (PO) or not yet reviewed (XLIFF): left alone.
    unfinished: bool


@dataclass
class ParsedFile:
    language: str
    units: list[ImportUnit]
    declared_count: int | None = None


class FileError(Exception):
    """The file cannot be read at all; ``line`` when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


# Building


def build_po(units: list[ExportUnit], *, language: str) -> bytes:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "iomsite content",
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        # Lets the import notice a file cut short between two entries.
        "X-Iomsite-Units": str(len(units)),
    }
    for unit in units:
        po.append(
            polib.POEntry(
                msgctxt=unit.context,
                msgid=unit.source,
                msgstr=unit.translation if unit.outdated else "",
                comment="\n".join(
                    [
                        *unit.notes,
                        *(
                            f"Translation memory ({match.score} %): {match.target_text}"
                            for match in unit.suggestions
                        ),
                        f"source-sha256: {unit.fingerprint}",
                    ]
                ),
                flags=["fuzzy"] if unit.outdated else [],
            )
        )
    return str(po).encode("utf-8")


def build_xliff(units: list[ExportUnit], *, language: str) -> bytes:
    ET.register_namespace("", XLIFF_NS)
    root = ET.Element(_q("xliff"), {"version": "1.2"})
    by_source: dict[str, list[ExportUnit]] = {}
    for unit in units:
        by_source.setdefault(unit.source_language, []).append(unit)
    for source_language, group in by_source.items():
        file = ET.SubElement(
            root,
            _q("file"),
            {
                "original": "iomsite",
                "source-language": source_language,
                "target-language": language,
                "datatype": "html",
            },
        )
        header = ET.SubElement(file, _q("header"))
        count = len(group)
        ET.SubElement(header, _q("note")).text = f"{count} units"
        body = ET.SubElement(file, _q("body"))
        for unit in group:
            element = ET.SubElement(
                body,
                _q("trans-unit"),
                {"id": unit.context, "resname": unit.context},
            )
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            ET.SubElement(element, _q("source")).text = unit.source
            target = ET.SubElement(
                element,
                _q("target"),
                {
                    "state": "needs-review-translation"
                    if unit.outdated
                    else "needs-translation"
                },
            )
            target.text = unit.translation if unit.outdated else ""
            group_element = ET.SubElement(
                element,
                _q("context-group"),
                {"name": "iomsite", "purpose": "information"},
            )
            model, pk, field_name = unit.context.split("/")
            for kind, text in (
                ("x-model", model),
                ("x-object", pk),
                ("x-field", field_name),
                ("x-source-sha256", unit.fingerprint),
            ):
                ET.SubElement(
                    group_element, _q("context"), {"context-type": kind}
                ).text = text
            for note in unit.notes:
                ET.SubElement(element, _q("note"), {"from": "iomsite"}).text = note
            for match in unit.suggestions:
                alternative = ET.SubElement(
                    element,
                    _q("alt-trans"),
                    {
                        "match-quality": f"{match.score}%",
                        "origin": match.origin_label or "translation memory",
                    },
                )
                ET.SubElement(alternative, _q("source")).text = match.source_text
                ET.SubElement(
                    alternative,
                    _q("target"),
                    {"{http://www.w3.org/XML/1998/namespace}lang": language},
                ).text = match.target_text
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _q(tag: str) -> str:
    return f"{{{XLIFF_NS}}}{tag}"


# Reading


def decode(data: bytes) -> str:
    """``data`` as text; refuse anything but UTF-8, naming the line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileError(
            _("The file is not UTF-8 (byte {position}); save it as UTF-8.").format(
                position=error.start
            ),
            line=line,
        ) from None
    return text.removeprefix("\ufeff")


def is_xliff(text: str) -> bool:
    head = text.lstrip()[:200]
    return head.startswith("<?xml") or head.startswith("<xliff")


def parse(text: str) -> ParsedFile:
    return parse_xliff(text) if is_xliff(text) else parse_po(text)


# Every line of a PO file is blank, a comment, a keyword with a quoted
# string or a quoted continuation; polib forgives a string cut short.
PO_LINE = re.compile(
    r"^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"
    r'(?:"(?:[^"\\]|\\.)*"\s*)?$'
)


def parse_po(text: str) -> ParsedFile:
    for number, line in enumerate(text.splitlines(), start=1):
        if not PO_LINE.match(line):
            raise FileError(
                _(
                    "The PO file cannot be read (truncated or damaged?): {line!r}"
                ).format(line=line[:80]),
                line=number,
            )
    try:
        po = polib.pofile(text, check_for_duplicates=True)
    except (OSError, ValueError) as error:
        line = re.search(r"line (\d+)", str(error))
        raise FileError(
            _("The PO file cannot be read (truncated or damaged?): {error}").format(
                error=error
            ),
            line=int(line.group(1)) if line else None,
        ) from None
    language = (po.metadata.get("Language") or "").strip()
    declared = po.metadata.get("X-Iomsite-Units", "")
    units = []
    for entry in po:
        if entry.obsolete:
            continue
        noted = FINGERPRINT_NOTE.search(entry.comment or "")
        units.append(
            ImportUnit(
                context=entry.msgctxt or "",
                source=entry.msgid,
                target=entry.msgstr,
                fingerprint=noted.group(1) if noted else "",
                line=entry.linenum,
                unfinished=entry.fuzzy,
            )
        )
    return ParsedFile(
        language=language,
        units=units,
        declared_count=int(declared) if declared.isdigit() else None,
    )


class _LineTreeBuilder(ET.TreeBuilder):
    """A tree builder that remembers the line each element starts on."""

    def __init__(self):
        super().__init__()
        self.parser: DefusedXMLParser | None = None
        self.lines: dict[ET.Element, int] = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[element] = self.parser.parser.CurrentLineNumber
        return element


def read_xml(text: str, *, unreadable: str) -> tuple[ET.Element, dict]:
    """The root of the XML document ``text`` and the line each element
    starts on, for every file this app reads (XLIFF, TBX, TMX).

    No DTD, no entities, no external references: these formats need none
    of them and they are how XML bombs and file disclosure work. A damaged
    file gives ``unreadable`` (with ``{error}``) at the line where it breaks.
    """
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException as error:
        raise FileError(
            _(
                "The XML file declares a DTD or entities, which are refused: {error}"
            ).format(error=type(error).__name__)
        ) from None
    except ET.ParseError as error:
        raise FileError(
            unreadable.format(error=error), line=error.position[0]
        ) from None
    return root, builder.lines


def parse_xliff(text: str) -> ParsedFile:
    root, lines = read_xml(
        text,
        unreadable=_("The XLIFF file cannot be read (truncated or damaged?): {error}"),
    )
    if root.tag != _q("xliff") or root.get("version") != "1.2":
        raise FileError(_("This is not an XLIFF 1.2 file."), line=1)
    languages = {file.get("target-language", "") for file in root.iter(_q("file"))}
    if len(languages) != 1:
        raise FileError(
            _("The file must have one target language; it has: {languages}.").format(
                languages=", ".join(sorted(languages)) or _("none")
            )
        )
    units = []
    for element in root.iter(_q("trans-unit")):
        source = element.find(_q("source"))
        target = element.find(_q("target"))
        noted = ""
        for context in element.iter(_q("context")):
            if context.get("context-type") == "x-source-sha256":
                noted = (context.text or "").strip()
        state = target.get("state", "") if target is not None else ""
        units.append(
            ImportUnit(
                context=element.get("id", ""),
                source="".join(source.itertext()) if source is not None else "",
                target="".join(target.itertext()) if target is not None else "",
                fingerprint=noted,
                line=lines.get(element, 0),
                unfinished=state == UNREVIEWED_STATE,
            )
        )
    return ParsedFile(language=languages.pop().strip(), units=units)
