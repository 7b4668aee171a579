"""Publishers verify journalists and see the delivery reports
(editorial/roles.py)."""

from django.db import migrations

from editorial.roles import grant_roles_with


class Migration(migrations.Migration):
    dependencies = [
        ("press", "0002_subscribers_consent_and_deliveries"),
        ("editorial", "0005_account_events"),
    ]

    operations = [
        migrations.RunPython(grant_roles_with("press"), migrations.RunPython.noop)
    ]
