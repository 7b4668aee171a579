"""Queue the library's renditions in the background (``images.tasks``).

Images moved into the library by a migration (releases' old lead images,
people's photos) have none yet: ``make_renditions --missing`` after
``migrate`` has them made. Until then pages show the original.
"""

from django.core.management.base import BaseCommand

from images.services import enqueue_renditions


class Command(BaseCommand):
    help = (
        "Queue the renditions of every library image, or with --missing only "
        "of those that have none or were cut around another focal point."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only images whose renditions are missing or out of date.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say how many would be queued.",
        )

    def handle(self, *args, missing=False, dry_run=False, **options):
        count = enqueue_renditions(missing_only=missing, dry_run=dry_run)
        verb = "Would queue" if dry_run else "Queued"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} the renditions of {count} image(s).")
        )
