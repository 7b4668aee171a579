"""Persistent PostgreSQL connections: checked when idle, not on every page."""

import pytest

from tests.iomsite.test_settings import run_manage

# Run in a fresh process, outside the test's transaction: three pages in a
# row, then the database drops the connection while the worker is idle,
# then a fourth page. Prints the health checks made and what each page saw.
SCRIPT = """
import psycopg
from django.core.signals import request_finished, request_started
from django.db import connection
from core.postgresql import base

checks = []
usable = base.DatabaseWrapper.is_usable
base.DatabaseWrapper.is_usable = lambda self: checks.append(1) or usable(self)


def page(sql="SELECT pg_backend_pid()"):
    request_started.send(sender=None)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]
    finally:
        request_finished.send(sender=None)


first, second, third = page(), page(), page()
print("busy", len(checks), first == second == third)
try:
    page("SELECT * FROM no_such_table")
except Exception:
    pass
print("after an error", len(checks), page() == first)
base.RECENTLY = 0  # the worker has been idle since
with psycopg.connect(URL, autocommit=True) as other:
    other.execute("SELECT pg_terminate_backend(%s)", [first])
fourth = page()
print("dropped", len(checks), fourth != first)
"""


@pytest.mark.postgres
def test_a_busy_connection_skips_the_check_and_an_idle_dropped_one_is_replaced(
    postgres_url,
):
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        f"URL = {postgres_url!r}\n" + SCRIPT,
        env={"DJANGO_DEBUG": "1", "DATABASE_URL": postgres_url},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        # A new connection needs no check; one that just served a page
        # neither: no SELECT 1 before each page under load.
        "busy 0 True",
        # An error makes Django check the connection once, at the end of
        # that request; it still works and is kept.
        "after an error 1 True",
        # Idle and dropped: checked, replaced, and the page is served.
        "dropped 2 True",
    ]
