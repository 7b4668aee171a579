"""Administrators manage the review policies (editorial/roles.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from editorial.roles import ensure_roles


def grant_review_policies(apps, schema_editor):
    # Permissions are normally created after all migrations: make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles(apps)


def revoke_review_policies(apps, schema_editor):
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    permissions = permission_model.objects.filter(
        content_type__app_label="editorial", content_type__model="reviewpolicy"
    )
    for group in group_model.objects.filter(permissions__in=permissions).distinct():
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0003_drafts")]

    operations = [
        migrations.RunPython(grant_review_policies, revoke_review_policies)
    ]
