"""Full-text search on PostgreSQL: accent-blind configurations and indexes.

``iom_english``, ``iom_french`` and ``iom_spanish`` are the built-in
configurations with ``unaccent`` before the stemmer, so "perou" finds
"Pérou". Each language gets a GIN index on the very expression that
``news.search.search_vector()`` builds (copied here, as migrations are
frozen): a query uses an expression index only when they match exactly.

Nothing happens on other databases, which search without an index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIGURATIONS = {
    "en": ("iom_english", "english"),
    "fr": ("iom_french", "french"),
    "es": ("iom_spanish", "spanish"),
}


def search_index(language):
    config = CONFIGURATIONS[language][0]
    return GinIndex(
        SearchVector(f"title_{language}", weight="A", config=config)
        + SearchVector(f"summary_{language}", weight="B", config=config)
        + SearchVector(f"body_{language}", weight="C", config=config),
        name=f"news_release_search_{language}",
    )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, base in CONFIGURATIONS.values():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})"
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            "ALTER MAPPING FOR hword, hword_part, word "
            f"WITH unaccent, {base}_stem"
        )
    release = apps.get_model("news", "PressRelease")
    for language in CONFIGURATIONS:
        schema_editor.add_index(release, search_index(language))


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    release = apps.get_model("news", "PressRelease")
    for language in CONFIGURATIONS:
        schema_editor.remove_index(release, search_index(language))
    for name, _base in CONFIGURATIONS.values():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_contact_updated_at"),
    ]

    operations = [migrations.RunPython(create, drop)]
