"""Django's ``migrate``, run by one deploy host at a time on PostgreSQL.

Two hosts deploying at once would both start applying the same migrations
and one would fail half way (a table or type that already exists). On
PostgreSQL this command first takes a session advisory lock with a fixed
key, MIGRATE_LOCK_KEY: the second host waits for the first to finish, then
finds nothing left to apply. The lock belongs to the database session, so
PostgreSQL releases it even when the process dies. It needs a direct
session: run ``migrate`` past PgBouncer's transaction pooling, not through it.

Other databases are unchanged: SQLite takes one writer at a time itself and
is a single machine's file.
"""

import contextlib

from django.core.management.commands import migrate
from django.db import Error, connections

# Any fixed 64-bit number, the same on every host ("iomsite" in ASCII).
# Nothing else in the site takes advisory locks.
MIGRATE_LOCK_KEY = 0x696F6D73697465


class Command(migrate.Command):
    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(*args, **options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [MIGRATE_LOCK_KEY])
            if not cursor.fetchone()[0]:
                if options["verbosity"] >= 1:
                    self.stdout.write(
                        "Another process is migrating this database: waiting "
                        "for it to finish."
                    )
                cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK_KEY])
        try:
            return super().handle(*args, **options)
        finally:
            # A connection that broke took the lock with its session; its
            # error, not this one, is what the operator needs to see.
            with contextlib.suppress(Error), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK_KEY])
