"""Move library images out of the public media storage into their own.

Before issue 19 originals and renditions were kept in the default storage
(MEDIA_ROOT, or the public bucket), served as they were; they now live in
the library storage (``images.storage``), reached only through the view
that checks them. Run once after upgrading; safe to run again.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from images.services import move_files_to_library


class Command(BaseCommand):
    help = "Move library image files from the default storage to the library's."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would move, move nothing."
        )

    def handle(self, *args, dry_run, **options):
        moved = move_files_to_library(source=default_storage, dry_run=dry_run)
        verb = "would move" if dry_run else "moved"
        self.stdout.write(self.style.SUCCESS(f"{verb} {moved} files."))
