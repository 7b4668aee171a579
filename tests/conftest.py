from pathlib import Path

import pytest


def pytest_configure(config):
    from django.conf import settings

    # WhiteNoise warns on every request until the folder exists.
    Path(settings.STATIC_ROOT).mkdir(exist_ok=True)


def pytest_collection_modifyitems(config, items):
    """Skip the PostgreSQL-only tests (``@pytest.mark.postgres``), saying why,
    on other databases."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason=f"needs PostgreSQL (running on {connection.vendor}): "
        "set DATABASE_URL=postgres://… to run it"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def postgres_url(django_db_setup):
    """The test database as a DATABASE_URL, for a process started apart."""
    from django.db import connection

    db = connection.settings_dict
    return "postgres://{}@{}:{}/{}".format(
        db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["NAME"]
    )


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """Fast hashing, a private media folder, a fresh content-type cache and
    the default language."""
    from django.contrib.contenttypes.models import ContentType

    # Browser (transactional) tests flush the tables and recreate content
    # types with new ids; a cache from an earlier test would point at rows
    # that no longer exist (permissions, reversion's versions).
    ContentType.objects.clear_cache()
    # A request in French leaves French active in the thread: each test
    # starts in the site's default language, whatever ran before it.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="boss", email="boss@example.org", password="pw-for-tests"
    )
    client.force_login(user)
    client.user = user
    return client
