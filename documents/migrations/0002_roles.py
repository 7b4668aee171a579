"""Editors, publishers and administrators get their share of the documents
library (editorial/roles.py)."""

from django.db import migrations

from editorial.roles import grant_roles_with


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("editorial", "0001_roles"),
    ]

    operations = [
        migrations.RunPython(grant_roles_with("documents"), migrations.RunPython.noop)
    ]
