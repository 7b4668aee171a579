"""Export the strings a language lacks; import the translated file back."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from core.i18n import language_codes
from translations import checks, formats, memory, services, xliff2
from translations.registry import (
    BY_LABEL,
    TRANSLATABLES,
    fingerprint,
    is_rich_text,
    language_name,
    source_language,
    value,
)
from translations.roles import translator_languages
from translations.status import State, board_rows

MAX_FILE_SIZE = 10 * 1024 * 1024
NothingToExport = xliff2.NothingToExport
FORMATS = {
    "po": "text/x-gettext-translation",
    "xliff": "application/x-xliff+xml",
    "xliff2": "application/xliff+xml",
}


# Export


def export_units(
    *, language: str, model: str | None = None, pks: Iterable[int] | None = None
) -> list[formats.ExportUnit]:
    """The missing and outdated strings of ``language``, optionally narrowed."""
    chosen = [BY_LABEL[model]] if model else list(TRANSLATABLES)
    wanted = {int(pk) for pk in pks} if pks is not None else None
    units = []
    for row in board_rows(models_=chosen, languages=[language]):
        if wanted is not None and row.obj.pk not in wanted:
            continue
        opts = row.obj._meta
        source_code = source_language(row.obj)
        for status in row.fields:
            # Marks from other content are exported with that content.
            if status.state == State.DONE or status.extra:
                continue
            notes = [
                f"{opts.verbose_name} “{row.obj}” (#{row.obj.pk}): {status.verbose_name}",
                "Translate from {source} into {target}; {kind}.".format(
                    source=language_name(source_code),
                    target=language_name(language),
                    kind="rich text (HTML): keep the tags"
                    if is_rich_text(type(row.obj), status.field)
                    else "plain text",
                ),
            ]
            if status.state == State.OUTDATED:
                notes.append(
                    "Outdated: the source changed since this translation; "
                    f"the previous source was: {status.old_source}"
                )
            rich = is_rich_text(type(row.obj), status.field)
            units.append(
                formats.ExportUnit(
                    context=f"{opts.label_lower}/{row.obj.pk}/{status.field}",
                    source=status.source,
                    source_language=source_code,
                    translation=status.translation,
                    outdated=status.state == State.OUTDATED,
                    notes=notes,
                    fingerprint=fingerprint(status.source),
                    suggestions=[]
                    if rich
                    else _suggestions(row.obj, status.source, source_code, language),
                )
            )
    return units


def _suggestions(obj, source: str, source_code: str, language: str) -> list:
    """Memory matches for a plain-text field (one segment); rich text gets
    them per paragraph in XLIFF 2.1, where inline codes can travel."""
    content_type = ContentType.objects.get_for_model(obj)
    return memory.suggest(
        source,
        source_language=source_code,
        target_language=language,
        exclude=(content_type.pk, obj.pk),
    )


def export_file(
    *,
    language: str,
    file_format: str = "po",
    model: str | None = None,
    pks: Iterable[int] | None = None,
) -> tuple[bytes, str]:
    """The file's bytes and a file name (a .zip: XLIFF 2 files, one per
    source language)."""
    if file_format == "xliff2":
        data, name, _type = xliff2.export_file(language=language, model=model, pks=pks)
        return data, name
    units = export_units(language=language, model=model, pks=pks)
    build = formats.build_xliff if file_format == "xliff" else formats.build_po
    extension = "xlf" if file_format == "xliff" else "po"
    name = "iomsite-{scope}-{language}.{extension}".format(
        scope=(model or "site").replace(".", "-"),
        language=language,
        extension=extension,
    )
    return build(units, language=language), name


# Import


@dataclass
class Outcome:
    line: int
    context: str
    message: str


@dataclass
class ImportReport:
    language: str = ""
    changes: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)
    errors: list[Outcome] = field(default_factory=list)
    applied: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def refuse(self, message: str, line: int | None = None, context: str = ""):
        self.errors.append(Outcome(line=line or 0, context=context, message=message))
        return self

    def skip(self, message: str, line: int | None = None, context: str = ""):
        self.skipped.append(Outcome(line=line or 0, context=context, message=message))

    def change(self, message: str, line: int | None = None, context: str = ""):
        self.changes.append(Outcome(line=line or 0, context=context, message=message))

    def lines(self) -> list[str]:
        """The report as text, one line per string."""

        def where(outcome: Outcome) -> str:
            prefix = _("line {line}").format(line=outcome.line) if outcome.line else ""
            parts = [part for part in (prefix, outcome.context) if part]
            return " ".join(parts) + ": " if parts else ""

        return [
            *(_("Refused: ") + where(o) + o.message for o in self.errors),
            *(where(o) + o.message for o in self.changes),
            *(_("Skipped: ") + where(o) + o.message for o in self.skipped),
        ]


def check_size(size: int) -> str | None:
    if size > MAX_FILE_SIZE:
        return _(
            "The file is {size} MB; the limit is {limit} MB. Export one model "
            "or fewer objects at a time."
        ).format(size=round(size / 1024 / 1024, 1), limit=MAX_FILE_SIZE // 1024 // 1024)
    return None


@dataclass
class _Pending:
    obj: models.Model
    values: dict[str, str] = field(default_factory=dict)
    fields: set[str] = field(default_factory=set)


# Stores one object's imported columns: ``save(obj, columns)``.
Saver = Callable[[models.Model, list[str]], None]


def save_columns(obj: models.Model, columns: list[str]) -> None:
    obj.save(update_fields=columns)


def import_file(
    *,
    data: bytes,
    language: str | None = None,
    user=None,
    dry_run: bool = False,
    save: Saver = save_columns,
) -> ImportReport:
    """Check every string of a PO or XLIFF file, then store them all or none.

    ``save`` stores each object's columns; the admin's import passes one
    that keeps changes to live items as drafts where they wait for review.
    """
    report = ImportReport(dry_run=dry_run)
    too_big = check_size(len(data))
    if too_big:
        return report.refuse(too_big)
    try:
        text = formats.decode(data)
        if xliff2.is_xliff2(text):
            document = xliff2.parse(text)
        else:
            document = None
            parsed = formats.parse(text)
    except formats.FileError as error:
        return report.refuse(error.message, line=error.line)
    if document is not None:
        report.language = document.language
        if not _check_language(report, document.language, language, user):
            return report
        return xliff2.check_and_apply(
            report, document, user=user, dry_run=dry_run, save=save
        )
    report.language = parsed.language
    if not _check_language(report, parsed.language, language, user):
        return report
    if parsed.declared_count is not None and parsed.declared_count != len(parsed.units):
        return report.refuse(
            _(
                "The file was exported with {declared} strings but has {found}: "
                "it looks truncated."
            ).format(declared=parsed.declared_count, found=len(parsed.units))
        )
    pending = _check_units(report, parsed)
    if report.errors or dry_run:
        return report
    _apply(pending, language=parsed.language, user=user, save=save)
    report.applied = True
    return report


def _check_language(report, file_language, expected, user) -> bool:
    if file_language not in language_codes():
        report.refuse(
            _(
                "The file does not name a language of the site (it says “{language}”)."
            ).format(language=file_language),
            line=1,
        )
        return False
    if expected and file_language != expected:
        report.refuse(
            _("This file is for {found}, not {expected}.").format(
                found=language_name(file_language), expected=language_name(expected)
            ),
            line=1,
        )
        return False
    if user is not None and file_language not in translator_languages(user):
        report.refuse(
            _("You may not translate into {language}.").format(
                language=language_name(file_language)
            ),
            line=1,
        )
        return False
    return True


def _check_units(report: ImportReport, parsed: formats.ParsedFile) -> list[_Pending]:
    language = parsed.language
    located = []
    wanted: dict[str, set[int]] = {}
    for unit in parsed.units:
        match = formats.CONTEXT.match(unit.context)
        if not match or match["model"] not in BY_LABEL:
            report.refuse(
                _(
                    "Unknown context “{context}”: was this file exported by this site?"
                ).format(context=unit.context),
                line=unit.line,
            )
            continue
        located.append((unit, match["model"], int(match["pk"]), match["field"]))
        wanted.setdefault(match["model"], set()).add(int(match["pk"]))
    # One query per model, whatever the number of strings.
    objects = {
        label: BY_LABEL[label].model.objects.in_bulk(list(pks))
        for label, pks in wanted.items()
    }
    pending: dict[tuple[str, int], _Pending] = {}
    for unit, label, pk, name in located:
        where = {"line": unit.line, "context": unit.context}
        obj = objects[label].get(pk)
        if obj is None:
            report.refuse(_("The object no longer exists."), **where)
            continue
        model = type(obj)
        if name not in BY_LABEL[label].fields:
            report.refuse(
                _("“{field}” is not a translated field.").format(field=name), **where
            )
            continue
        source_code = source_language(obj)
        if source_code == language:
            report.refuse(
                _("{language} is the source language of this object.").format(
                    language=language_name(language)
                ),
                **where,
            )
            continue
        source = value(obj, name, source_code)
        expected = unit.fingerprint or fingerprint(unit.source)
        if fingerprint(source) != expected or (unit.source and unit.source != source):
            report.refuse(
                _(
                    "The source text changed since the export: export the "
                    "strings again and translate the new source."
                ),
                **where,
            )
            continue
        target = unit.target
        if unit.unfinished:
            report.skipped.append(
                Outcome(message=_("marked as needing review."), **where)
            )
            continue
        if not target.strip():
            report.skipped.append(Outcome(message=_("not translated."), **where))
            continue
        problems = checks.placeholder_problems(source, target)
        if is_rich_text(model, name):
            problems += checks.html_problems(target)
        elif strip_tags(target) != target and strip_tags(source) == source:
            problems.append(_("Markup in a plain-text field."))
        column = f"{name}_{language}"
        try:
            # The field's own checks, its length limit included: an import
            # never stores what the admin would then refuse to save.
            model._meta.get_field(column).clean(target, obj)
        except ValidationError as error:
            problems += error.messages
        if problems:
            report.refuse(" ".join(problems), **where)
            continue
        entry = pending.setdefault((label, pk), _Pending(obj=obj))
        previous = value(obj, name, language)
        entry.values[column] = target
        entry.fields.add(name)
        if not previous.strip():
            message = _("added.")
        elif previous == target:
            message = _("unchanged, confirmed current.")
        else:
            message = _("changed.")
        report.changes.append(Outcome(message=message, **where))
    return list(pending.values())


@transaction.atomic
def _apply(
    pending: list[_Pending], *, language: str, user=None, save: Saver = save_columns
) -> None:
    for entry in pending:
        obj = entry.obj
        for column, text in entry.values.items():
            setattr(obj, column, text)
        columns = set(entry.values)
        if user is not None and hasattr(obj, "updated_by_id"):
            obj.updated_by = user
            columns.add("updated_by")
        concrete = {f.name for f in obj._meta.concrete_fields}
        # Slugs made from the new titles, and the audit time, go too.
        columns |= {f"slug_{language}", "updated_at"} & concrete
        # The receiver records the fingerprints; these pairs are current
        # even where the translation came back unchanged.
        setattr(
            obj,
            services.REFRESH_ATTRIBUTE,
            {(name, language) for name in entry.fields},
        )
        # Only the imported columns: nothing else of the object is rewritten
        # from a possibly stale or fallback value.
        save(obj, sorted(columns))


def default_language(user) -> str:
    languages = translator_languages(user)
    return languages[0] if languages else settings.LANGUAGE_CODE
