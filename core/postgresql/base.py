"""PostgreSQL, without a health check for a connection in steady use.

``CONN_HEALTH_CHECKS`` sends ``SELECT 1`` before the first query of every
request, so a connection dropped while idle (a database restart, a proxy's
idle timeout) is replaced instead of failing the request. Under load that is
one extra round trip per page: as much as a one-row page's own query. Here
the check is skipped when the same connection finished a request without a
database error less than ``RECENTLY`` seconds ago, and made as before
otherwise: an idle worker still checks, a busy one does not repeat what its
last request just proved.
"""

import time

from django.db.backends.postgresql import base

RECENTLY = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    # When this connection last ended a request that used it without error.
    _proven_at: float | None = None

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self._proven_at is not None
            and time.monotonic() - self._proven_at < RECENTLY
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def close_if_unusable_or_obsolete(self):
        # At the end of a request, health_check_done says that it used the
        # connection (checked, proven recently or newly opened).
        if self.connection is not None and self.health_check_done:
            self._proven_at = None if self.errors_occurred else time.monotonic()
        super().close_if_unusable_or_obsolete()

    def close(self):
        self._proven_at = None
        super().close()
