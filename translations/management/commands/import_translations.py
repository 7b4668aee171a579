"""Import a translated PO or XLIFF file of content strings.

Every string is checked first; the file is stored whole or not at all.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from translations.exchange import check_size, import_file


class Command(BaseCommand):
    help = "Import a PO or XLIFF 1.2 file exported by export_translations."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--language", help="Refuse the file unless it is for this language."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and report without changing anything.",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        # Refused on its size before a byte is read.
        too_big = check_size(path.stat().st_size)
        if too_big:
            raise CommandError(too_big)
        report = import_file(
            data=path.read_bytes(),
            language=options["language"],
            dry_run=options["dry_run"],
        )
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("The file was refused; nothing was changed.")
        if report.dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            count = len(report.changes)
            self.stdout.write(self.style.SUCCESS(f"{count} strings imported."))
