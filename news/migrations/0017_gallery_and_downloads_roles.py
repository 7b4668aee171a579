"""Editors and publishers order a release's downloads and gallery
(editorial/roles.py); translators see them with the release."""

from django.db import migrations

from editorial.roles import grant_roles_with
from translations.roles import GROUP_NAMES

SHOWN = ["releasedocument", "releaseimage"]


def show_to_translators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    seen = Permission.objects.filter(
        content_type__app_label="news",
        codename__in=[f"view_{model}" for model in SHOWN],
    )
    for group in Group.objects.filter(name__in=GROUP_NAMES.values()):
        group.permissions.add(*seen)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0016_release_documents_order_and_gallery"),
        ("editorial", "0005_account_events"),
        ("translations", "0002_translator_groups"),
    ]

    operations = [
        migrations.RunPython(grant_roles_with("news"), migrations.RunPython.noop),
        migrations.RunPython(show_to_translators, migrations.RunPython.noop),
    ]
