"""Publishers and administrators must use a second factor (twofactor/defaults.py)."""

from django.db import migrations

from editorial.roles import create_app_permissions
from twofactor.defaults import ensure_default_policy


def set_default_policy(apps, schema_editor):
    create_app_permissions(apps, "twofactor")
    ensure_default_policy(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("twofactor", "0001_initial"),
        ("editorial", "0001_roles"),
    ]

    operations = [migrations.RunPython(set_default_policy, migrations.RunPython.noop)]
