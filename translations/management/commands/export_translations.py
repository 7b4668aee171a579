"""Export the missing and outdated content strings of a language."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.i18n import language_codes
from translations.exchange import NothingToExport, export_file
from translations.registry import BY_LABEL


class Command(BaseCommand):
    help = (
        "Write the strings a language lacks as a PO, XLIFF 1.2 or XLIFF 2.1 file "
        "(a .zip of XLIFF 2.1 files when items are written in several languages)."
    )

    def add_arguments(self, parser):
        parser.add_argument("language", choices=language_codes())
        parser.add_argument("--format", choices=["po", "xliff", "xliff2"], default="po")
        parser.add_argument(
            "--model", choices=sorted(BY_LABEL), help="Only this kind of content."
        )
        parser.add_argument("--output", "-o", type=Path, help="Default: a file here.")

    def handle(self, *args, **options):
        try:
            data, name = export_file(
                language=options["language"],
                file_format=options["format"],
                model=options["model"],
            )
        except NothingToExport as error:
            raise CommandError(str(error)) from error
        path = options["output"] or Path(name)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))
