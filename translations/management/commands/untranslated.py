"""List what is left to translate per language: interface and content."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from core.i18n import language_codes
from translations.status import board_rows, count_states


class Command(BaseCommand):
    help = "Count untranslated interface strings (locale/) and content per language."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="Name every untranslated string."
        )

    def handle(self, *args, **options):
        for code in language_codes():
            if code != settings.LANGUAGE_CODE:
                self._interface(code, options["list"])
        try:
            rows = board_rows(languages=language_codes())
        except DatabaseError as error:
            self.stdout.write(
                self.style.WARNING(f"Content not counted (migrate first): {error}")
            )
            return
        for code in language_codes():
            counts = count_states(row for row in rows if row.language == code)
            self.stdout.write(
                "{code} content: {missing} missing, {outdated} outdated, "
                "{done} done".format(code=code, **counts)
            )

    def _interface(self, code: str, listing: bool) -> None:
        path = Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"
        if not path.exists():
            self.stdout.write(self.style.WARNING(f"{path}: no catalogue"))
            return
        po = polib.pofile(str(path))
        untranslated, fuzzy = po.untranslated_entries(), po.fuzzy_entries()
        style = (
            self.style.SUCCESS if not (untranslated or fuzzy) else self.style.WARNING
        )
        missing, unsure = len(untranslated), len(fuzzy)
        percent = po.percent_translated()
        self.stdout.write(
            style(
                f"{code} interface: {missing} untranslated, {unsure} fuzzy, "
                f"{percent}% translated"
            )
        )
        if listing:
            for entry in [*untranslated, *fuzzy]:
                self.stdout.write(f"  {entry.msgid}")
