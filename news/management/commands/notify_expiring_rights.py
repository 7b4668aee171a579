"""Tell editors which releases use a photo whose rights end soon or ended.

Run daily (cron, a scheduler). Each photo is told about once per expiry
date (``Image.rights_notice_for``): running it twice tells nobody twice,
and a photo given a new date is told about again when that one nears.
"""

from django.core.management.base import BaseCommand

from news.services import notify_ending_rights


class Command(BaseCommand):
    help = (
        "Notify the editors of press releases using a library photo whose "
        "rights end within --days days or have ended."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=14,
            help="How many days ahead to look (default 14).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only list the photos and releases; tell nobody.",
        )

    def handle(self, *args, days=14, dry_run=False, **options):
        notices = notify_ending_rights(days=max(days, 0), dry_run=dry_run)
        for notice in notices:
            titles = ", ".join(str(release) for release in notice.releases)
            self.stdout.write(
                f"{notice.image} (until {notice.image.rights_expire_on}): "
                f"{titles}; {notice.recipients} person(s)"
            )
        verb = "Would notify" if dry_run else "Notified"
        self.stdout.write(self.style.SUCCESS(f"{verb} about {len(notices)} photo(s)."))
