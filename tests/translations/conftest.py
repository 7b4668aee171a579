import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from translations.roles import GROUP_NAMES


@pytest.fixture(autouse=True)
def _english_by_default():
    with translation.override("en"):
        yield


def make_translator(django_user_model, *languages, username="translator"):
    # Transactional (browser) tests empty the tables the data migration
    # filled: put the groups back as the migration made them.
    if not Group.objects.filter(name__in=GROUP_NAMES.values()).exists():
        from importlib import import_module

        from django.apps import apps

        import_module("translations.migrations.0002_translator_groups").create_groups(
            apps, None
        )
    user = django_user_model.objects.create_user(
        username=username, password="pw-for-tests", is_staff=True
    )
    user.groups.set(Group.objects.filter(name__in=[GROUP_NAMES[c] for c in languages]))
    return user


@pytest.fixture
def french_translator(client, django_user_model):
    """A signed-in member of "Translator (French)" and nothing else."""
    user = make_translator(django_user_model, "fr")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def spanish_translator(client, django_user_model):
    user = make_translator(django_user_model, "es")
    client.force_login(user)
    client.user = user
    return client
