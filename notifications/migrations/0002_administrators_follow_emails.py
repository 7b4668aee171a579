"""Administrators follow everyone's notifications (editorial/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from editorial.roles import ensure_roles


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations: make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notifications"),
        ("editorial", "0004_review_policy_role"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
