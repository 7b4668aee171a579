"""A full-text index for fuzzy translation-memory lookups, on PostgreSQL only.

A trigram (pg_trgm) GIN index was measured first: at 100,000 units its
lookups of paragraph-long segments took about 500 ms (every common trigram
has a long posting list), against about 5 ms here. SQLite has no such
index: there the memory compares a bounded candidate set in Python
(translations.memory).
"""

from django.db import migrations

INDEX = "translation_unit_source_words"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON translations_translationunit "
        "USING gin (to_tsvector('simple', source_text))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("translations", "0003_segments_memory_glossary")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
