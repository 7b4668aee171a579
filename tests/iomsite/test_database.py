"""Persistent PostgreSQL connections, checked by Django before reuse."""

import json

import pytest

from tests.iomsite.test_settings import run_manage

# Run in a fresh process, outside the test's transaction, through Django's
# own request handling (the test client would skip the per-request checks):
# a page, then the database drops the connection while the worker is idle,
# then another page. Prints what each page answered and whether the second
# one was served on a new connection.
SCRIPT = """
import json

import psycopg
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import RequestFactory

application = get_wsgi_application()


def page():
    environ = RequestFactory()._base_environ(
        PATH_INFO="/healthz", SERVER_NAME="localhost"
    )
    statuses = []
    response = application(environ, lambda status, headers: statuses.append(status))
    body = b"".join(response)
    response.close()  # request_finished: the connection is kept for the next
    return statuses[0], json.loads(body)["database"]


def backend():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


first = page()
before = backend()
with psycopg.connect(URL, autocommit=True) as other:
    other.execute("SELECT pg_terminate_backend(%s)", [before])
second = page()
print(json.dumps([first, second, backend() != before]))
"""


@pytest.mark.postgres
def test_a_connection_the_server_dropped_while_idle_is_replaced(postgres_url):
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        f"URL = {postgres_url!r}\n" + SCRIPT,
        env={"DJANGO_DEBUG": "1", "DATABASE_URL": postgres_url},
    )
    assert result.returncode == 0, result.stderr
    first, second, replaced = json.loads(result.stdout)
    assert first == ["200 OK", "ok"]
    # CONN_HEALTH_CHECKS: checked before the page's first query, found
    # dead, replaced, and the page served.
    assert second == ["200 OK", "ok"]
    assert replaced is True
