import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from iomsite.settings import database_from_url

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-like-secret-key-" + "x7Qp2Lm9" * 6,
    "DJANGO_ALLOWED_HOSTS": "www.example.org",
    "DJANGO_EMAIL_HOST": "smtp.example.org",
}
# As the README's deploy step: several processes share Redis (the check
# does not connect to it).
DEPLOY_ENV = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/0"}


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deploy_check_is_clean_with_debug_off():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=DEPLOY_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_on_per_process_caches_with_several_workers():
    workers = {**PRODUCTION_ENV, "WEB_CONCURRENCY": "3"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=workers)
    assert result.returncode != 0
    assert "pagecache.W001" in result.stdout + result.stderr
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_a_mail_host_emails_go_to_the_machines_own_server():
    env = {**DEPLOY_ENV}
    del env["DJANGO_EMAIL_HOST"]
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    show = (
        "from django.conf import settings; "
        "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT)"
    )
    result = run_manage("shell", "--no-imports", "-c", show, env=env)
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "localhost",
        "25",
    ], result.stderr


def test_an_unknown_task_backend_is_refused_with_a_clear_message():
    env = {**DEPLOY_ENV, "DJANGO_TASKS_BACKEND": "celery"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_TASKS_BACKEND='celery': use one of database, rq, immediate" in (
        result.stderr
    )


def test_missing_secret_key_stops_start_up_with_one_line_saying_what_to_set():
    env = {**PRODUCTION_ENV}
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DJANGO_SECRET_KEY" in lines[0]
    assert "Traceback" not in result.stderr


def test_insecure_fallback_key_fails_the_deploy_check():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env={"DJANGO_DEBUG": "1"}
    )
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr  # DEBUG on


def test_postgres_url_becomes_a_psycopg_database():
    db = database_from_url("postgres://iom:p%40ss@db.internal:6543/iomsite")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("iomsite", "iom", "p@ss")
    assert (db["HOST"], db["PORT"]) == ("db.internal", "6543")
    assert db["CONN_MAX_AGE"] > 0


@pytest.mark.postgres
def test_the_connection_pool_of_the_readme_really_serves_queries(postgres_url):
    # DATABASE_POOL_MAX_SIZE turns on Django's psycopg pool: its package
    # must be installed, and a query must go through it.
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT 41 + 1')\n"
        "    print(cursor.fetchone()[0], connection.pool.max_size)",
        env={
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": postgres_url,
            "DATABASE_POOL_MAX_SIZE": "3",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["42", "3"]


def test_unsupported_database_url_is_refused_with_its_scheme():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://root@localhost/iomsite")


def test_sqlite_path_chooses_the_file_without_database_url(tmp_path):
    target = tmp_path / "elsewhere.sqlite3"
    result = run_manage(
        "migrate",
        "--noinput",
        "-v",
        "0",
        # An empty DATABASE_URL means none, whatever the suite runs on.
        env={
            "DJANGO_DEBUG": "1",
            "DJANGO_SQLITE_PATH": str(target),
            "DATABASE_URL": "",
        },
    )
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 0


def test_redis_url_selects_the_shared_cache():
    code = (
        "from django.conf import settings;print(settings.CACHES['default']['BACKEND'])"
    )
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/3"}
    result = run_manage("shell", "-c", code, env=env)
    assert result.stdout.splitlines()[-1] == "core.cache.RedisCache"
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert (
        result.stdout.splitlines()[-1]
        == "django.core.cache.backends.locmem.LocMemCache"
    )


def test_build_steps_run_without_the_secret_key():
    env = {**PRODUCTION_ENV}
    del env["DJANGO_SECRET_KEY"]
    result = run_manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_documents_live_where_the_environment_says(tmp_path):
    show = (
        "from documents.models import PrivateStorage; print(PrivateStorage().location)"
    )
    env = {"DJANGO_DEBUG": "1", "DJANGO_DOCUMENTS_ROOT": str(tmp_path / "docs")}
    result = run_manage("shell", "--no-imports", "-c", show, env=env)
    assert result.stdout.strip() == str(tmp_path / "docs"), result.stderr
