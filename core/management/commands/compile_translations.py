"""Compile the interface translations (locale/*/LC_MESSAGES/*.po) to .mo.

Pure Python (polib): unlike ``compilemessages`` it needs no GNU gettext, so a
fresh machine with only Python can build them.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def compile_translations(locale_dirs: list[Path]) -> list[Path]:
    """Write a .mo beside every .po under ``locale_dirs``; return the .mo paths."""
    written = []
    for locale_dir in locale_dirs:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            written.append(mo_path)
    return written


class Command(BaseCommand):
    help = "Compile the project's .po files to .mo without GNU gettext."

    def handle(self, *args, **options):
        written = compile_translations([Path(p) for p in settings.LOCALE_PATHS])
        self.stdout.write(self.style.SUCCESS(f"Compiled {len(written)} catalogue(s)."))
