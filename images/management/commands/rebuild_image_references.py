"""Write down again which library images every rich text shows.

Saving an object records the images its text shows (``images.usage``);
run this once after upgrading, for the objects saved before, or after
restoring a database from elsewhere.
"""

from django.core.management.base import BaseCommand

from images import usage


class Command(BaseCommand):
    help = "Record which library images the registered rich texts show."

    def handle(self, *args, **options):
        count = usage.rebuild_all()
        self.stdout.write(self.style.SUCCESS(f"{count} texts read."))
