"""Background tasks and email, as the environment sets them."""

from tests.iomsite.test_settings import DEPLOY_ENV, run_manage

SHOW = (
    "from django.conf import settings; "
    "print(settings.TASKS['default']['BACKEND'], settings.EMAIL_BACKEND)"
)


def test_tasks_wait_in_the_database_by_default():
    result = run_manage("shell", "--no-imports", "-c", SHOW, env=DEPLOY_ENV)
    assert result.stdout.split() == [
        "django_tasks_db.DatabaseBackend",
        "django.core.mail.backends.smtp.EmailBackend",
    ], result.stderr


def test_rq_needs_redis_url_and_says_so():
    env = {**DEPLOY_ENV, "DJANGO_TASKS_BACKEND": "rq"}
    del env["REDIS_URL"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_TASKS_BACKEND=rq queues tasks in Redis: set REDIS_URL" in (
        result.stderr
    )
    env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    result = run_manage("shell", "--no-imports", "-c", SHOW, env=env)
    assert result.stdout.split()[0] == "django_tasks_rq.RQBackend", result.stderr


def test_development_without_a_host_prints_emails_to_the_console():
    result = run_manage("shell", "--no-imports", "-c", SHOW, env={"DJANGO_DEBUG": "1"})
    assert result.stdout.split()[1] == (
        "django.core.mail.backends.console.EmailBackend"
    ), result.stderr
