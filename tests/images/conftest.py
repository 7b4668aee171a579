"""Run the background worker in the test's process."""

from unittest import mock

from django.core.management import call_command


def run_worker():
    """The background worker, as ``manage.py db_worker`` runs it, in this
    process (it must not close the connection holding the test's data)."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
