"""Write every piece of content, in every language, to a JSON file."""

from pathlib import Path

from django.core.management.base import BaseCommand

from editorial.backup import content_models, export_content


class Command(BaseCommand):
    help = "Write all content (organisation, news, pages, translations) to FILE."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Where to write the JSON copy ('-' for stdout)."
        )

    def handle(self, *args, file, **options):
        data = export_content()
        if file == "-":
            self.stdout.write(data)
            return
        Path(file).write_text(data, encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {len(content_models())} kinds of content to {file}."
            )
        )
