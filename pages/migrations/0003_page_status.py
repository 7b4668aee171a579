"""Content pages get a status; the pages already on the site stay public."""

from django.db import migrations, models


def publish_existing_pages(apps, schema_editor):
    apps.get_model("pages", "Page").objects.update(status="published")


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_version"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="page",
            options={
                "ordering": ["pk"],
                "permissions": [
                    ("publish_page", "Can publish and unpublish content pages")
                ],
                "verbose_name": "content page",
                "verbose_name_plural": "content pages",
            },
        ),
        migrations.AddField(
            model_name="page",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published")],
                default="draft",
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(publish_existing_pages, migrations.RunPython.noop),
    ]
