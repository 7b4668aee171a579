"""A real SMTP server and the background worker (tests/notifications)."""

from tests.notifications.conftest import body, run_worker, smtp, subject  # noqa: F401
