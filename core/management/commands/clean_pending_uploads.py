"""Delete the images kept for forms sent back with errors, once a day old.

Kept uploads (``core.pending_uploads``) are also cleared now and then while
editors work; run this daily (cron, a scheduler) to be sure none stay.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from core.pending_uploads import remove_expired


class Command(BaseCommand):
    help = "Delete kept uploads (and their files) older than a day."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say how many would be deleted.",
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            count = remove_expired(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} kept upload(s)."))
