"""Load the demo content (the seed page's site) and a demo administrator.

Safe to run twice: content is matched by stable keys and updated in place.
Each run gives the demo administrator a new random password and prints it.
"""

from django.core.management.base import BaseCommand

from pages.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo content and print how to sign in to the admin."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create or reset the demo administrator.",
        )

    def handle(self, *args, **options):
        result = load_demo(with_admin=not options["no_admin"])
        for line in result.summary:
            self.stdout.write(line)
        if result.admin_password:
            self.stdout.write(
                self.style.SUCCESS(
                    "Admin: http://127.0.0.1:8000/admin/ — user "
                    f"{result.admin_username!r}, password {result.admin_password!r}"
                )
            )
