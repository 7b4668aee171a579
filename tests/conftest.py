import os
from pathlib import Path

import pytest

# IOMSITE_TEST_CACHES=1 runs every test with the page cache and the fragment
# caches on, as production serves readers (.ci/run passes the public-page
# tests once more that way); by default the suite runs with them off.
CACHES_ON = os.environ.get("IOMSITE_TEST_CACHES") == "1"


def pytest_report_header(config):
    if CACHES_ON:
        return "IOMSITE_TEST_CACHES=1: page cache and fragment caches on"
    return None


def pytest_configure(config):
    from django.conf import settings

    # WhiteNoise warns on every request until the folder exists.
    Path(settings.STATIC_ROOT).mkdir(exist_ok=True)


def pytest_collection_modifyitems(config, items):
    """Skip the PostgreSQL-only tests (``@pytest.mark.postgres``), saying why,
    on other databases."""
    from django.db import connection

    if CACHES_ON:
        # Caches learn of a change when it commits (``on_commit``), which a
        # test's enclosing transaction never does: commit for real.
        for item in items:
            marker = item.get_closest_marker("django_db")
            if marker is not None:
                item.add_marker(
                    pytest.mark.django_db(
                        *marker.args, **{**marker.kwargs, "transaction": True}
                    )
                )
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
def _rows_from_migrations(request):
    """The rows data migrations made (groups, policies, kinds of item), for
    every test.

    A transactional test (browser, migration and two-server tests) empties
    every table when it ends, and pytest-django does not always run those
    last: a test after one would find no "Editor" group, no publication
    policy, no kinds. Two queries tell; the rows are made again only when
    missing.
    """
    if request.node.get_closest_marker("django_db") is None and not (
        {"db", "transactional_db"} & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("_django_db_marker")
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from editorial.roles import EDITOR
    from news.models import Kind

    if not Kind.objects.filter(code="statement").exists():
        # The kinds of item (news/0018), their slugs in every language.
        kinds = importlib.import_module("news.migrations.0018_kinds_and_corrections")
        kinds.create_kinds(apps, None)
    if Group.objects.filter(name=EDITOR).exists():
        return

    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.models import ContentType

    from editorial.roles import ensure_roles
    from twofactor.defaults import ensure_default_policy

    ContentType.objects.clear_cache()
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0)
    ensure_roles()
    translator_groups = importlib.import_module(
        "translations.migrations.0002_translator_groups"
    )
    translator_groups.create_groups(apps, None)
    ensure_default_policy()


@pytest.fixture(autouse=True)
def _fast_and_isolated(request, settings, tmp_path):
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
    # Every cache starts empty: counters (uploads per account, say) are keyed
    # by user ids that the next test reuses, and a rolled-back test never
    # bumps the content generation, so what it kept (the next scheduled
    # publication, say) would outlive its rows.
    from django.core.cache import caches

    for each in caches.all():
        each.clear()
    # Query budgets (``@pytest.mark.cold``) measure a page made from nothing.
    if CACHES_ON and request.node.get_closest_marker("cold") is None:
        settings.PAGE_CACHE_ENABLED = True
        settings.FRAGMENT_CACHE_ENABLED = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


def pass_second_factor(client, user) -> None:
    """Mark ``client``'s session as having passed a second factor, as
    ``django_otp.login`` does after a real one.

    A person whose role requires a second factor and who has no device gets a
    confirmed authenticator app first; people who need none are left as
    they are (their pages show no device).
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from twofactor import services

    device = next(iter(services.devices_of(user)), None)
    if device is None:
        if not services.second_factor_required(user):
            return
        device = TOTPDevice.objects.create(user=user, name="Test phone")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _signed_in_sessions_pass_the_second_factor(monkeypatch):
    """``client.force_login(user)`` gives a session that has passed the second
    factor: tests of other features sign in as a person would after it.
    Tests of the second factor itself sign in through the login form."""
    from django.test import Client

    force_login = Client.force_login

    def force_login_and_verify(self, user, backend=None):
        force_login(self, user, backend)
        pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_and_verify)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="boss", email="boss@example.org", password="pw-for-tests"
    )
    client.force_login(user)
    client.user = user
    return client


def member(django_user_model, username: str, role: str):
    """A staff account in one of the editorial groups (``editorial.roles``)."""
    from django.contrib.auth.models import Group

    from editorial.roles import ensure_roles

    # Transactional tests empty the tables the data migration filled.
    if not Group.objects.filter(name=role).exists():
        from django.apps import apps
        from django.contrib.auth.management import create_permissions
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        for config in apps.get_app_configs():
            create_permissions(config, verbosity=0)
        ensure_roles()
    from twofactor.defaults import ensure_default_policy

    ensure_default_policy()
    user = django_user_model.objects.create_user(
        username=username, password="pw-for-tests", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def editor(django_user_model):
    from editorial.roles import EDITOR

    return member(django_user_model, "ed", EDITOR)


@pytest.fixture
def publisher(django_user_model):
    from editorial.roles import PUBLISHER

    return member(django_user_model, "pub", PUBLISHER)


@pytest.fixture
def administrator(django_user_model):
    from editorial.roles import ADMINISTRATOR

    return member(django_user_model, "adm", ADMINISTRATOR)


@pytest.fixture
def editor_client(editor):
    """A signed-in Editor: writes drafts, may not publish."""
    return signed_in(editor)


@pytest.fixture
def publisher_client(publisher):
    return signed_in(publisher)
