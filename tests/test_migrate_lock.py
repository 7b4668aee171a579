"""Two deploy hosts running ``migrate`` on one PostgreSQL database at once."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db.migrations.loader import MigrationLoader

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_database(postgres_url):
    """A new, empty database next to the test one, dropped afterwards."""
    parts = urlsplit(postgres_url)
    name = "{}_migrate_race".format(parts.path.lstrip("/"))
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path="/" + name))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_migrate(database_url: str) -> subprocess.Popen:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_"))
    }
    env.update({"DATABASE_URL": database_url, "DJANGO_DEBUG": "1"})
    return subprocess.Popen(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_hosts_migrating_at_once_both_succeed_and_apply_each_once(
    empty_database,
):
    first, second = start_migrate(empty_database), start_migrate(empty_database)
    try:
        outputs = [process.communicate(timeout=240)[0] for process in (first, second)]
    finally:
        for process in (first, second):
            if process.poll() is None:
                process.kill()
                process.wait()
    assert [first.returncode, second.returncode] == [0, 0], outputs
    # One of them did the work; the other waited, then had nothing to do.
    assert sum("Applying " in output for output in outputs) == 1, outputs
    with psycopg.connect(empty_database) as database:
        applied = database.execute("SELECT app, name FROM django_migrations").fetchall()
    assert len(applied) == len(set(applied))
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    assert set(applied) == known
