"""pagecache.W001: per-process caches with debug off need REDIS_URL."""

import pytest
from django.core import checks

from pagecache.checks import per_process_caches

REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:6379/0",
}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.WORKERS = 3


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_local_memory_caches_with_debug_off_are_warned_about(production):
    (warning,) = per_process_caches(None)
    assert warning.id == "pagecache.W001"
    assert warning.level == checks.WARNING
    assert "REDIS_URL" in warning.hint


def test_the_warning_is_a_deploy_check(production):
    deploy = checks.run_checks(include_deployment_checks=True, tags=["caches"])
    assert "pagecache.W001" in ids(deploy)
    assert "pagecache.W001" not in ids(checks.run_checks(tags=["caches"]))


def test_shared_caches_are_not_warned_about(production, settings):
    settings.CACHES = {**settings.CACHES, "default": REDIS, "pages": REDIS}
    assert per_process_caches(None) == []


def test_debug_and_a_single_worker_are_not_warned_about(production, settings):
    settings.DEBUG = True
    assert per_process_caches(None) == []
    settings.DEBUG = False
    settings.WORKERS = 1
    assert per_process_caches(None) == []
