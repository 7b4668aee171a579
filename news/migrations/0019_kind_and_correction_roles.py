"""Roles get the new models: editors write corrections, administrators
kinds; translators translate both."""

from django.db import migrations

from editorial.roles import create_app_permissions, ensure_roles

TRANSLATOR_GROUPS = (
    "Translator (English)",
    "Translator (French)",
    "Translator (Spanish)",
)


def grant(apps, schema_editor):
    create_app_permissions(apps, "news")
    ensure_roles(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="news",
        codename__in=[
            "view_correction",
            "change_correction",
            "view_kind",
            "change_kind",
        ],
    )
    for group in Group.objects.filter(name__in=TRANSLATOR_GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0018_kinds_and_corrections"),
        ("editorial", "0005_account_events"),
        ("translations", "0002_translator_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
