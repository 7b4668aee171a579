"""Publishers may publish and unpublish content pages (pages.publish_page)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from editorial.roles import ensure_roles


def grant_page_publishing(apps, schema_editor):
    # Permissions are normally created after all migrations: make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles(apps)


def revoke_page_publishing(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permission = permission_model.objects.filter(
        content_type__app_label="pages", codename="publish_page"
    ).first()
    if permission is not None:
        for group in group_model.objects.filter(permissions=permission):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_roles"),
        ("pages", "0003_page_status"),
    ]

    operations = [
        migrations.RunPython(grant_page_publishing, revoke_page_publishing)
    ]
