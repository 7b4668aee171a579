"""A published release always has a publication time.

Rows published without one (possible before this constraint) get the time
they were last changed, which is when they went out at the latest.
"""

from django.db import migrations, models


def fill_publication_times(apps, schema_editor):
    release_model = apps.get_model("news", "PressRelease")
    release_model.objects.filter(
        status="published", published_at__isnull=True
    ).update(published_at=models.F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_stored_search_vectors"),
    ]

    operations = [
        migrations.RunPython(fill_publication_times, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="pressrelease",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status", "published"), _negated=True
                )
                | models.Q(("published_at__isnull", False)),
                name="news_published_release_has_time",
                violation_error_code="published_without_time",
                violation_error_message="A published press release needs a publication time.",
            ),
        ),
    ]
