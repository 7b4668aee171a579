"""Editors, publishers and administrators get their share of the images
library (editorial/roles.py)."""

from django.db import migrations

from editorial.roles import grant_roles_with


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
        ("editorial", "0001_roles"),
    ]

    operations = [
        migrations.RunPython(grant_roles_with("images"), migrations.RunPython.noop)
    ]
