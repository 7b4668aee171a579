"""Translation-memory lookups at scale: ``python -m bench.memory``.

Fills the memory of the database in ``DATABASE_URL`` (PostgreSQL, migrated
here) with ``BENCH_UNITS`` segment pairs (100000), then times
``translations.memory.suggest`` — the exact lookup and the pg_trgm fuzzy
one together, as the translate view calls it — for ``BENCH_LOOKUPS``
segments (300): a third stored as they are, a third with a few words
changed, a third never seen. Prints p50 and p95 in milliseconds.

    createdb -h 127.0.0.1 -U postgres iomsite_h8
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/iomsite_h8 \\
        .venv/bin/python -m bench.memory

``BENCH_REUSE=1`` keeps units already there.
"""

import os
import random
import statistics
import sys
import time

import django


def say(text: str) -> None:
    sys.stdout.write(text + "\n")


def sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(12, 40))) + "."


GOAL_P50_MS = 50


def fill(total: int) -> list[str]:
    """Top the memory up to ``total`` units; return the sources added."""
    from django.db import connection

    from news.demo import SEED_PARAGRAPHS
    from translations import memory
    from translations.models import TranslationUnit
    from translations.registry import fingerprint

    rng = random.Random(21)
    words = _words(rng, SEED_PARAGRAPHS)
    have = TranslationUnit.objects.count()
    sources = []
    while have < total:
        batch = []
        for _ in range(min(5000, total - have)):
            source = sentence(rng, words)
            target = sentence(rng, words)
            sources.append(source)
            batch.append(
                TranslationUnit(
                    source_language="fr",
                    target_language="en",
                    source_text=source,
                    source_hash=memory.unit_hash(source),
                    target_text=target,
                    target_hash=fingerprint(target),
                )
            )
        TranslationUnit.objects.bulk_create(batch)
        have += len(batch)
    if sources:
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load: statistics, and the GIN
            # index's pending entries merged into it.
            cursor.execute("VACUUM ANALYZE translations_translationunit")
    return sources


def _words(rng: random.Random, paragraphs) -> list[str]:
    common = " ".join(paragraphs).replace(".", "").split()
    letters = "abcdefghijklmnopqrstuvwxyzéè"
    rare = [
        "".join(rng.choice(letters) for _ in range(rng.randint(4, 11)))
        for _ in range(20000)
    ]
    return common * 10 + rare


def measure(lookups: int, sources: list[str]) -> tuple[dict[str, list[float]], int]:
    """Time ``lookups`` suggestions; the timings (ms) by kind, and hits."""
    from news.demo import SEED_PARAGRAPHS
    from translations import memory
    from translations.models import TranslationUnit

    if not sources:
        sources = list(
            TranslationUnit.objects.filter(source_language="fr", target_language="en")
            .order_by("pk")
            .values_list("source_text", flat=True)[:lookups]
        )
    words = _words(random.Random(21), SEED_PARAGRAPHS)
    # Another seed: "unseen" segments must not repeat the filled ones.
    rng = random.Random(42)
    queries = []
    for index in range(lookups):
        stored = rng.choice(sources)
        if index % 3 == 0:
            queries.append(("exact", stored))
        elif index % 3 == 1:
            edited = stored.split()
            for _ in range(3):
                edited[rng.randrange(len(edited))] = rng.choice(words)
            queries.append(("fuzzy", " ".join(edited)))
        else:
            queries.append(("unseen", sentence(rng, words)))
    timings: dict[str, list[float]] = {}
    found = 0
    for kind, text in queries:
        started = time.perf_counter()
        suggestions = memory.suggest(text, source_language="fr", target_language="en")
        timings.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        found += bool(suggestions)
    timings["all"] = [ms for values in timings.values() for ms in values]
    return timings, found


def table(timings: dict[str, list[float]]) -> list[str]:
    lines = ["| lookups | p50 ms | p95 ms |", "| --- | --- | --- |"]
    for kind, values in timings.items():
        values = sorted(values)
        p95 = values[int(len(values) * 0.95) - 1]
        lines.append(f"| {kind} | {statistics.median(values):.1f} | {p95:.1f} |")
    return lines


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomsite.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from translations.models import TranslationUnit

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (see the docstring).")
    call_command("migrate", verbosity=0)
    total = int(os.environ.get("BENCH_UNITS", "100000"))
    lookups = int(os.environ.get("BENCH_LOOKUPS", "300"))
    if os.environ.get("BENCH_REUSE") != "1":
        TranslationUnit.objects.all().delete()
    started = time.perf_counter()
    sources = fill(total)
    say(
        f"{TranslationUnit.objects.count()} units "
        f"({time.perf_counter() - started:.1f} s to fill and vacuum)"
    )
    timings, found = measure(lookups, sources)
    say(f"{lookups} lookups, {found} with a suggestion")
    for line in table(timings):
        say(line)


if __name__ == "__main__":
    main()
