import pytest
from django.contrib.auth.models import Group

from editorial.roles import ADMINISTRATOR, EDITOR, PUBLISHER, ensure_roles


def _member(django_user_model, username: str, role: str):
    # Transactional tests empty the tables the data migration filled.
    if not Group.objects.filter(name=role).exists():
        from django.apps import apps
        from django.contrib.auth.management import create_permissions
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        for config in apps.get_app_configs():
            create_permissions(config, verbosity=0)
        ensure_roles()
    user = django_user_model.objects.create_user(
        username=username, password="pw-for-tests", is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(django_user_model):
    return _member(django_user_model, "ed", EDITOR)


@pytest.fixture
def publisher(django_user_model):
    return _member(django_user_model, "pub", PUBLISHER)


@pytest.fixture
def administrator(django_user_model):
    return _member(django_user_model, "adm", ADMINISTRATOR)


def signed_in(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    return signed_in(Client, editor)


@pytest.fixture
def publisher_client(publisher):
    from django.test import Client

    return signed_in(Client, publisher)
