"""Documents of a release in the editors' order, and a release gallery.

The plain many-to-many table of ``PressRelease.documents`` becomes the
table of ``ReleaseDocument`` as it is (same name, same columns): only
Django's idea of it changes, then an order column is added. Works the
same on SQLite and PostgreSQL; no row moves.
"""

import django.db.models.deletion
from django.db import migrations, models


def number_in_title_order(apps, schema_editor):
    """Links made before keep the order readers saw: by title."""
    ReleaseDocument = apps.get_model("news", "ReleaseDocument")
    links = ReleaseDocument.objects.order_by("release_id", "document__title", "pk")
    place, release = 0, None
    for link in links.only("pk", "release_id").iterator():
        place = place + 1 if link.release_id == release else 0
        release = link.release_id
        if place:
            ReleaseDocument.objects.filter(pk=link.pk).update(sort_order=place)


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0001_initial"),
        ("images", "0002_roles"),
        ("news", "0015_remove_lead_image"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReleaseDocument",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "release",
                            models.ForeignKey(
                                db_column="pressrelease_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="release_documents",
                                to="news.pressrelease",
                                verbose_name="press release",
                            ),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="release_links",
                                to="documents.document",
                                verbose_name="document",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "document of a release",
                        "verbose_name_plural": "downloads (documents of the release)",
                        "db_table": "news_pressrelease_documents",
                        "ordering": ["pk"],
                        "unique_together": {("release", "document")},
                    },
                ),
                migrations.AlterField(
                    model_name="pressrelease",
                    name="documents",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="press_releases",
                        through="news.ReleaseDocument",
                        to="documents.document",
                        verbose_name="documents",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="releasedocument",
            name="sort_order",
            field=models.PositiveIntegerField(default=0, verbose_name="sort order"),
        ),
        migrations.RunPython(number_in_title_order, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="releasedocument",
            options={
                "ordering": ["sort_order", "pk"],
                "verbose_name": "document of a release",
                "verbose_name_plural": "downloads (documents of the release)",
            },
        ),
        migrations.CreateModel(
            name="ReleaseImage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "sort_order",
                    models.PositiveIntegerField(default=0, verbose_name="sort order"),
                ),
                (
                    "image",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="gallery_links",
                        to="images.image",
                        verbose_name="photo from the library",
                    ),
                ),
                (
                    "release",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="gallery_links",
                        to="news.pressrelease",
                        verbose_name="press release",
                    ),
                ),
            ],
            options={
                "verbose_name": "gallery photo",
                "verbose_name_plural": "gallery photos",
                "ordering": ["sort_order", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("release", "image"),
                        name="one_gallery_place_per_photo",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="pressrelease",
            name="gallery",
            field=models.ManyToManyField(
                blank=True,
                related_name="gallery_releases",
                through="news.ReleaseImage",
                to="images.image",
                verbose_name="gallery",
            ),
        ),
    ]
