"""Restore content from an ``export_content`` JSON file, in one transaction."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from editorial.backup import import_content


class Command(BaseCommand):
    help = (
        "Restore the content in FILE (made by export_content). Rows with the "
        "same keys are replaced: restore into a migrated, empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and count its rows; change nothing.",
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            counts = import_content(
                Path(file).read_text(encoding="utf-8"), dry_run=dry_run
            )
        except (OSError, ValueError) as error:
            raise CommandError(f"{file}: {error}") from error
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{label}: {count}")
        verb = "Would restore" if dry_run else "Restored"
        self.stdout.write(self.style.SUCCESS(f"{verb} {sum(counts.values())} rows."))
