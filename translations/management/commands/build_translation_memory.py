"""Seed the translation memory from the translations the site already holds.

Safe to run again: a unit already stored for the same item is kept.
"""

from django.core.management.base import BaseCommand

from translations import memory
from translations.registry import TRANSLATABLES


class Command(BaseCommand):
    help = "Fill the translation memory from every translated field."

    def handle(self, *args, **options):
        count = memory.build_from_content(TRANSLATABLES)
        self.stdout.write(
            self.style.SUCCESS(f"{count} segment pairs read into the memory.")
        )
