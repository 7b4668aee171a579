"""Publishers and administrators must use a second factor (twofactor/defaults.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from twofactor.defaults import ensure_default_policy


def set_default_policy(apps, schema_editor):
    # Permissions are normally created after all migrations: make them now.
    config = apps.get_app_config("twofactor")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    ensure_default_policy(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("twofactor", "0001_initial"),
        ("editorial", "0001_roles"),
    ]

    operations = [migrations.RunPython(set_default_policy, migrations.RunPython.noop)]
