"""A trigram index for fuzzy translation-memory lookups, on PostgreSQL only.

SQLite has no pg_trgm: there the memory falls back to a bounded candidate
set compared in Python (translations.memory).
"""

from django.db import migrations

INDEX = "translation_unit_source_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON translations_translationunit "
        "USING gin (source_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("translations", "0003_segments_memory_glossary")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
