"""Full-text search on PostgreSQL: the document stored, not recomputed.

Migration 0003 indexed the expression that builds each language's search
document, so finding matches used the index; but ranking them and checking
each candidate recomputed ``to_tsvector`` over the whole body, row by row
(about 230 ms for a common word at 100,000 releases). Each language now has
a stored generated column, ``search_<language>``, with the same document
(title A, summary B, body C, in the language's accent-blind configuration),
kept up to date by PostgreSQL on every write, COPY included, and a GIN
index on it; the expression indexes go. ``news.search`` reads the columns.

Adding the columns rewrites the table once (about a minute at 100,000
releases). PostgreSQL will not change the type of a column a generated
column reads: a later migration that alters a title, summary or body column
must drop these columns first and add them again after. Nothing happens on
other databases, which search without an index.
"""

from django.db import migrations

CONFIGURATIONS = {"en": "iom_english", "fr": "iom_french", "es": "iom_spanish"}


def document(language: str) -> str:
    config = CONFIGURATIONS[language]
    parts = (("title", "A"), ("summary", "B"), ("body", "C"))
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, "
        f"COALESCE({field}_{language}, '')), '{weight}')"
        for field, weight in parts
    )


def store(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in CONFIGURATIONS:
        schema_editor.execute(
            f"ALTER TABLE news_pressrelease ADD COLUMN search_{language} tsvector "
            f"GENERATED ALWAYS AS ({document(language)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX news_release_document_{language} "
            f"ON news_pressrelease USING gin (search_{language})"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS news_release_search_{language}")


def unstore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in CONFIGURATIONS:
        # The index of 0003, on the expression itself.
        schema_editor.execute(
            f"CREATE INDEX news_release_search_{language} "
            f"ON news_pressrelease USING gin (({document(language)}))"
        )
        schema_editor.execute(
            f"ALTER TABLE news_pressrelease DROP COLUMN search_{language}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_public_indexes"),
    ]

    operations = [migrations.RunPython(store, unstore)]
