"""Print PostgreSQL's plans for the public queries (``bench/EXPLAIN.md``).

``python -m bench.explain`` with the bench environment (``bench/run.py``
sets it; ``make bench`` leaves the database behind). Each query is the one
a page runs, built by the same QuerySet methods.
"""

import os
import sys

import django


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def queries() -> list[tuple[str, object]]:
    from django.db.models import Count, Max, Min
    from django.utils import timezone

    from news import search
    from news.models import PressRelease, Topic, filters_q
    from organization.models import CountryOffice

    topic = Topic.objects.filter(press_releases__isnull=False).first()
    office = CountryOffice.objects.filter(press_releases__isnull=False).first()
    year = timezone.now().year - 1
    release = PressRelease.objects.public_in("en").order_by("-published_at")[25]
    public_en = PressRelease.objects.public_in("en")
    filters = {"topic": topic.pk, "year": year}
    return [
        (
            "News list, page 1 (English): the cards",
            public_en.for_cards().order_by("-published_at", "-pk")[:20],
        ),
        (
            "News list, page 200 (English): the page's ids, then its cards",
            public_en.for_cards()
            .filter(
                pk__in=public_en.order_by("-published_at", "-pk").values("pk")[
                    3980:4000
                ]
            )
            .order_by("-published_at", "-pk"),
        ),
        (
            "News list: count and years (English), kept per generation",
            lambda: public_en.aggregate(
                first=Min("published_at"),
                last=Max("published_at"),
                total=Count("pk", filter=filters_q()),
            ),
        ),
        (
            "Filtered list: its count, topic and year (English)",
            lambda: public_en.filtered(**filters).count(),
        ),
        (
            "Filtered list: topic and year (French)",
            PressRelease.objects.public_in("fr")
            .filtered(**filters)
            .values_list("pk", flat=True)[:20],
        ),
        (
            "Filtered list: country office (Spanish)",
            PressRelease.objects.public_in("es")
            .filtered(office=office.pk)
            .values_list("pk", flat=True)[:20],
        ),
        (
            "Filtered list: region (English)",
            public_en.filtered(region=office.region_id).values_list("pk", flat=True)[
                :20
            ],
        ),
        (
            "Release page: the release, and whether it has documents and a gallery",
            PressRelease.objects.select_related("image", "kind", "spokesperson")
            .with_attachments()
            .filter(pk=release.pk),
        ),
        (
            "Release page: its related releases",
            PressRelease.objects.related_to(
                release.pk,
                "en",
                topics=list(release.topics.values_list("pk", flat=True)),
                offices=list(release.country_offices.values_list("pk", flat=True)),
            ).values("pk"),
        ),
        (
            "Search (French, 'pérou')",
            search.search_releases(PressRelease.objects.public_in("fr"), "pérou", "fr")[
                :20
            ],
        ),
        (
            "Next scheduled publication (page cache lifetime)",
            PressRelease.objects.filter(
                status="published", published_at__gt=timezone.now()
            )
            .order_by("published_at")
            .values_list("published_at", flat=True)[:1],
        ),
    ]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomsite.settings")
    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from news.models import PressRelease

    say(f"{PressRelease.objects.count()} press releases, PostgreSQL")
    say(f"{connection.cursor().connection.info.server_version}")
    for title, query in queries():
        # The SQL the page sends, as sent: run it once and explain that.
        with CaptureQueriesContext(connection) as captured:
            query() if callable(query) else list(query)
        sql = captured.captured_queries[0]["sql"]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        say(f"\n## {title}\n\n```\n{plan}\n```")


if __name__ == "__main__":
    main()
