"""The glossary: agreed translations of terms, checks, CSV and TBX files.

Terms are matched in a source segment case-insensitively on word
boundaries; accents count ("migration" is not "migratión"). A segment's
translation is checked for the agreed term, forbidden variants, and for
numbers, e-mail addresses and URLs that differ from the source's.

Imports are all or nothing: every row is checked first, and a file is
refused with the line and reason of each problem.
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from django.db import transaction
from django.utils.translation import gettext as _

from core.i18n import language_codes
from translations.formats import FileError, decode, read_xml
from translations.models import GlossaryTerm
from translations.segments import plain

MAX_GLOSSARY_SIZE = 2 * 1024 * 1024
CSV_COLUMNS = [
    "source_language",
    "target_language",
    "term",
    "translation",
    "notes",
    "forbidden",
]
# Markup has no place in a term: a file carrying some is refused.
MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|&[#a-zA-Z0-9]+;|javascript:", re.IGNORECASE)
# Spreadsheets run cells starting with these as formulas.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# Matching and checks


@cache
def _pattern(term: str) -> re.Pattern:
    words = [re.escape(word) for word in term.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def contains(text: str, term: str) -> bool:
    return bool(term.strip()) and bool(_pattern(term.strip()).search(text))


def terms_for(source_language: str, target_language: str) -> list[GlossaryTerm]:
    return list(
        GlossaryTerm.objects.filter(
            source_language=source_language, target_language=target_language
        )
    )


def find_terms(text: str, terms: list[GlossaryTerm]) -> list[GlossaryTerm]:
    """The glossary terms found in ``text`` (a source segment)."""
    text = plain(text)
    return [term for term in terms if contains(text, term.term)]


NUMBER = re.compile(r"\d(?:[\d\u00a0\u202f ,.]*\d)?")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)»]")


def _numbers(text: str) -> Counter:
    # "11 294 786", "11,294,786" and "11.294.786" are one number.
    return Counter(re.sub(r"\D", "", match) for match in NUMBER.findall(text))


def check(source: str, target: str, terms: list[GlossaryTerm]) -> list[str]:
    """Warnings about ``target``, the translation of the segment ``source``."""
    source, target = plain(source), plain(target)
    if not target:
        return []
    warnings = []
    for term in find_terms(source, terms):
        if not contains(target, term.translation):
            warnings.append(
                _("The agreed translation of “{term}” is “{translation}”.").format(
                    term=term.term, translation=term.translation
                )
            )
        for variant in term.forbidden_list():
            if contains(target, variant):
                warnings.append(
                    _("“{variant}” is not to be used: write “{translation}”.").format(
                        variant=variant, translation=term.translation
                    )
                )
    for label, pattern in (
        (_("Numbers or dates"), None),
        (_("E-mail addresses"), EMAIL),
        (_("URLs"), URL),
    ):
        if pattern is None:
            before, after = _numbers(source), _numbers(target)
        else:
            before = Counter(m.lower() for m in pattern.findall(source))
            after = Counter(m.lower() for m in pattern.findall(target))
        if before != after:
            missing = sorted((before - after).elements())
            extra = sorted((after - before).elements())
            details = []
            if missing:
                details.append(_("missing: {items}").format(items=", ".join(missing)))
            if extra:
                details.append(
                    _("not in the source: {items}").format(items=", ".join(extra))
                )
            warnings.append(
                _("{what} differ from the source ({details}).").format(
                    what=label, details="; ".join(details)
                )
            )
    return warnings


# Files


@dataclass
class Row:
    line: int
    source_language: str
    target_language: str
    term: str
    translation: str
    notes: str = ""
    forbidden: list[str] = field(default_factory=list)


@dataclass
class GlossaryReport:
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    added: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _clean_cell(value: str) -> str:
    value = (value or "").strip()
    # Exported cells that looked like formulas carry a leading apostrophe.
    if value.startswith("'") and value[1:2] in FORMULA_START:
        value = value[1:]
    return value


def parse_csv(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise FileError(_("The file is empty."), line=1) from None
    except csv.Error as error:
        raise FileError(str(error), line=1) from None
    header = [name.strip().lower() for name in header]
    if header[: len(CSV_COLUMNS)] != CSV_COLUMNS:
        raise FileError(
            _("The first line must name the columns: {columns}.").format(
                columns=",".join(CSV_COLUMNS)
            ),
            line=1,
        )
    rows = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            cells = [_clean_cell(cell) for cell in cells] + [""] * len(CSV_COLUMNS)
            rows.append(
                Row(
                    line=reader.line_num,
                    source_language=cells[0].lower(),
                    target_language=cells[1].lower(),
                    term=cells[2],
                    translation=cells[3],
                    notes=cells[4],
                    forbidden=[v.strip() for v in cells[5].splitlines() if v.strip()],
                )
            )
    except csv.Error as error:
        raise FileError(
            _("The CSV file cannot be read: {error}").format(error=error),
            line=reader.line_num,
        ) from None
    return rows


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def parse_tbx(text: str) -> list[Row]:
    root, lines = read_xml(
        text,
        unreadable=_("The TBX file cannot be read (truncated or damaged?): {error}"),
    )
    if _local(root.tag) not in {"tbx", "martif"}:
        raise FileError(_("This is not a TBX file."), line=1)
    rows = []
    for entry in root.iter():
        if _local(entry.tag) not in {"conceptEntry", "termEntry"}:
            continue
        line = lines.get(entry, 0)
        notes = [
            "".join(child.itertext()).strip()
            for child in entry
            if _local(child.tag) in {"note", "descrip"}
        ]
        sections = [child for child in entry if _local(child.tag) == "langSec"]
        sections += [child for child in entry if _local(child.tag) == "langSet"]
        languages = []
        for section in sections:
            language = (section.get(XML_LANG) or "").strip().lower()
            preferred, forbidden = [], []
            for term_section in section.iter():
                if _local(term_section.tag) not in {"termSec", "tig", "ntig"}:
                    continue
                term = None
                status = ""
                for child in term_section.iter():
                    name = _local(child.tag)
                    if name == "term" and term is None:
                        term = " ".join("".join(child.itertext()).split())
                    elif name == "termNote" and child.get("type") in {
                        "administrativeStatus",
                        "normativeAuthorization",
                    }:
                        status = (child.text or "").strip()
                if not term:
                    continue
                if status.startswith(("deprecated", "superseded", "notRecommended")):
                    forbidden.append(term)
                else:
                    preferred.append(term)
            languages.append((language, preferred, forbidden))
        if len(languages) != 2:
            raise FileError(
                _(
                    "Each entry needs exactly two languages (a term and its "
                    "translation); this one has {count}."
                ).format(count=len(languages)),
                line=line,
            )
        (source, terms, _unused), (target, translations, forbidden) = languages
        if len(terms) != 1 or len(translations) != 1:
            raise FileError(
                _(
                    "Each entry needs one term and one agreed translation "
                    "(other translations marked deprecated)."
                ),
                line=line,
            )
        rows.append(
            Row(
                line=line,
                source_language=source,
                target_language=target,
                term=terms[0],
                translation=translations[0],
                notes="\n".join(note for note in notes if note),
                forbidden=forbidden,
            )
        )
    return rows


def check_rows(rows: list[Row]) -> list[tuple[int | None, str]]:
    errors = []
    codes = language_codes()
    first_line: dict[tuple[str, str, str], int] = {}
    for row in rows:
        if row.source_language not in codes or row.target_language not in codes:
            errors.append(
                (
                    row.line,
                    _("Unknown language: use one of {codes}.").format(
                        codes=", ".join(codes)
                    ),
                )
            )
            continue
        if row.source_language == row.target_language:
            errors.append((row.line, _("The two languages are the same.")))
        if not row.term or not row.translation:
            errors.append((row.line, _("A term and its translation are needed.")))
            continue
        values = [row.term, row.translation, row.notes, *row.forbidden]
        if any(MARKUP.search(value) for value in values):
            errors.append(
                (row.line, _("Markup (tags, entities, scripts) is not allowed."))
            )
        if len(row.term) > 200 or len(row.translation) > 200:
            errors.append(
                (row.line, _("A term or translation is over 200 characters."))
            )
        key = (row.source_language, row.target_language, row.term.casefold())
        if key in first_line:
            errors.append(
                (
                    row.line,
                    _("“{term}” is already on line {line}.").format(
                        term=row.term, line=first_line[key]
                    ),
                )
            )
        else:
            first_line[key] = row.line
    return errors


def import_glossary(
    *, data: bytes, name: str, user=None, targets: list[str] | None = None
) -> GlossaryReport:
    """Check a CSV or TBX glossary file, then store all its terms or none.

    ``targets``, when given, are the only target languages allowed (a
    translator's own).
    """
    report = GlossaryReport()
    if len(data) > MAX_GLOSSARY_SIZE:
        report.errors.append(
            (
                None,
                _("The file is {size} MB; the limit is {limit} MB.").format(
                    size=round(len(data) / 1024 / 1024, 1),
                    limit=MAX_GLOSSARY_SIZE // 1024 // 1024,
                ),
            )
        )
        return report
    try:
        text = decode(data)
        if text.lstrip().startswith("<") or name.lower().endswith((".tbx", ".xml")):
            rows = parse_tbx(text)
        else:
            rows = parse_csv(text)
    except FileError as error:
        report.errors.append((error.line, error.message))
        return report
    report.errors = check_rows(rows)
    if targets is not None:
        report.errors += [
            (
                row.line,
                _("You may only keep terms for the languages you translate into."),
            )
            for row in rows
            if row.target_language not in targets
        ]
        report.errors.sort(key=lambda error: error[0] or 0)
    if report.errors:
        return report
    with transaction.atomic():
        for row in rows:
            term = GlossaryTerm.objects.filter(
                source_language=row.source_language,
                target_language=row.target_language,
                term__iexact=row.term,
            ).first()
            if term is None:
                term = GlossaryTerm(
                    source_language=row.source_language,
                    target_language=row.target_language,
                    created_by=user,
                )
                report.added += 1
            else:
                report.updated += 1
            term.term = row.term
            term.translation = row.translation
            term.notes = row.notes
            term.forbidden = "\n".join(row.forbidden)
            term.save()
    return report


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def export_csv(terms) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for term in terms:
        writer.writerow(
            [
                _safe_cell(value)
                for value in (
                    term.source_language,
                    term.target_language,
                    term.term,
                    term.translation,
                    term.notes,
                    term.forbidden,
                )
            ]
        )
    return buffer.getvalue().encode("utf-8")


def export_tbx(terms) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" '
        'xmlns="urn:iso:std:iso:30042:ed-2">',
        "  <tbxHeader><fileDesc><sourceDesc><p>iomsite glossary</p>"
        "</sourceDesc></fileDesc></tbxHeader>",
        "  <text><body>",
    ]
    for term in terms:
        lines.append(f'    <conceptEntry id="c{term.pk}">')
        if term.notes:
            lines.append(f"      <note>{escape(term.notes)}</note>")
        lines.append(
            f"      <langSec xml:lang={quoteattr(term.source_language)}>"
            f"<termSec><term>{escape(term.term)}</term></termSec></langSec>"
        )
        lines.append(f"      <langSec xml:lang={quoteattr(term.target_language)}>")
        lines.append(
            f"        <termSec><term>{escape(term.translation)}</term>"
            '<termNote type="administrativeStatus">preferredTerm-admn-sts'
            "</termNote></termSec>"
        )
        for variant in term.forbidden_list():
            lines.append(
                f"        <termSec><term>{escape(variant)}</term>"
                '<termNote type="administrativeStatus">deprecatedTerm-admn-sts'
                "</termNote></termSec>"
            )
        lines.append("      </langSec>")
        lines.append("    </conceptEntry>")
    lines += ["  </body></text>", "</tbx>", ""]
    return "\n".join(lines).encode("utf-8")
