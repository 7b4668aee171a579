"""Press tests: a real SMTP server and the background worker
(tests/notifications), or, for the sign-up pages, tasks run at once."""

import pytest

from tests.notifications.conftest import body, run_worker, smtp, subject  # noqa: F401


@pytest.fixture
def tasks_at_once(settings):
    """The sign-up emails' task runs inside the request (test_smtp.py uses
    the database worker instead)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.SITE_URL = "https://www.example.org"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the email task) as a real request's
    commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
