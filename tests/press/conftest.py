"""Sign-up tests: the emails go through the background task, run at once
here (the database worker and a real SMTP server in test_smtp.py)."""

import pytest

from tests.notifications.conftest import smtp  # noqa: F401 - a fixture


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    settings.SITE_URL = "https://www.example.org"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the email task) as a real request's
    commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
