"""Delete library files (image originals and renditions, document files)
that no row points to any more and that are at least a day old.

Such files are left behind when a write fails half-way or renditions are
made again; run this daily (cron, a scheduler). ``--dry-run`` only counts.
"""

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from core.media_files import clean_media_files


class Command(BaseCommand):
    help = (
        "Delete stored library files that no row points to and that are "
        "at least a day old."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say what would be deleted.",
        )

    def handle(self, *args, dry_run=False, **options):
        verb = "Would delete" if dry_run else "Deleted"
        total = total_bytes = 0
        for result in clean_media_files(dry_run=dry_run):
            total += result.deleted
            total_bytes += result.deleted_bytes
            self.stdout.write(
                f"{result.name}: {verb.lower()} {result.deleted} file(s), "
                f"{filesizeformat(result.deleted_bytes)} ({result.deleted_bytes} "
                f"bytes); kept {result.kept_referenced} in use and "
                f"{result.kept_young} less than a day old."
            )
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {total} file(s), {total_bytes} bytes in all.")
        )
