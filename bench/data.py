"""Fill the database with a realistic archive for the benchmark.

``python -m bench.data --releases 10000`` (settings from the environment,
like ``manage.py``) adds, on top of the demo site (``load_demo``): regions,
country offices, topics, media contacts and ``--releases`` press releases in
English, French and Spanish (about 3 KB of body per language), with lead
photos from the image library (small generated renditions), datelines,
related offices, topics and contacts. Rows go in with ``bulk_create`` in batches; on PostgreSQL the
table's secondary indexes are dropped during the load and rebuilt after it.
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import django


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


WORDS = {
    "en": (
        "migrants families returned border communities support emergency "
        "shelter health assistance displaced people protection integration "
        "labour mobility climate drought floods resettlement partners "
        "government programme training livelihoods water sanitation "
        "children women survivors trafficking registration data "
        "humanitarian response recovery funding donors cash transfers "
        "reception centre regional dialogue policy remittances diaspora"
    ).split(),
    "fr": (
        "migrants familles retour frontière communautés soutien urgence "
        "abri santé assistance personnes déplacées protection intégration "
        "mobilité travail climat sécheresse inondations réinstallation "
        "partenaires gouvernement programme formation moyens existence eau "
        "assainissement enfants femmes survivantes traite enregistrement "
        "données humanitaire réponse relèvement financement donateurs "
        "transferts espèces centre accueil dialogue régional politique diaspora"
    ).split(),
    "es": (
        "migrantes familias retorno frontera comunidades apoyo emergencia "
        "albergue salud asistencia personas desplazadas protección integración "
        "movilidad laboral clima sequía inundaciones reasentamiento socios "
        "gobierno programa formación medios vida agua saneamiento niños "
        "mujeres sobrevivientes trata registro datos humanitaria respuesta "
        "recuperación financiación donantes transferencias efectivo centro "
        "acogida diálogo regional política remesas diáspora"
    ).split(),
}
HEADLINES = {
    "en": [
        "IOM scales up assistance to {c}",
        "New support for displaced families in {c}",
        "{c}: returns continue as needs grow",
        "IOM and partners open reception centre in {c}",
        "Health teams reach remote communities in {c}",
    ],
    "fr": [
        "L'OIM renforce son aide en {c}",
        "Nouveau soutien aux familles déplacées en {c}",
        "{c} : les retours se poursuivent",
        "L'OIM ouvre un centre d'accueil en {c}",
        "Des équipes de santé atteignent les communautés de {c}",
    ],
    "es": [
        "La OIM amplía su asistencia en {c}",
        "Nuevo apoyo a familias desplazadas en {c}",
        "{c}: continúan los retornos",
        "La OIM abre un centro de acogida en {c}",
        "Equipos de salud llegan a comunidades de {c}",
    ],
}
LANGUAGES = ("en", "fr", "es")
# Original language of a release, and the chance each other language is
# translated too.
ORIGINAL_WEIGHTS = (0.6, 0.25, 0.15)
TRANSLATED = {"en": 0.7, "fr": 0.5, "es": 0.45}
COUNTRIES = (
    "PE EC CO CL BR AR BO VE MX GT HN SV NI CR PA HT DO CU JM US CA "
    "KE ET SO SD SS UG TZ RW BI CD CG CM NG NE ML BF SN GN CI GH TG BJ "
    "LY TN MA DZ EG JO LB SY IQ YE TR AF PK BD LK NP IN MM TH VN PH ID "
    "MY KH LA MN KZ UZ KG TJ UA MD GE AM AZ BY RS BA AL MK GR IT ES PT "
    "DE AT BE NL FR GB IE PL CZ SK HU RO BG HR SI FI SE NO DK JP KR AU "
    "NZ PG FJ ZA ZW ZM MW MZ AO NA BW MG"
).split()
IMAGES = 12
BATCH = 2000


def paragraphs(rng: random.Random, language: str, count: int) -> list[str]:
    words = WORDS[language]
    out = []
    for _ in range(count):
        sentences = []
        for _ in range(5):
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(10, 16)))
            sentences.append(sentence.capitalize() + ".")
        out.append(" ".join(sentences))
    return out


def make_images(media_root: str) -> list:
    """``IMAGES`` library photos with their renditions, files written once."""
    from PIL import Image

    from images.models import Image as LibraryImage

    sets = []
    for index in range(IMAGES):
        folder = f"bench/lead/{index}"
        os.makedirs(os.path.join(media_root, folder), exist_ok=True)
        colour = (40 + index * 15 % 200, 90, 160 - index * 7 % 120)
        renditions = []
        for width in (480, 960):
            height = width * 2 // 3
            image = Image.new("RGB", (width, height), colour)
            for extension, kind in (("jpg", "JPEG"), ("webp", "WEBP")):
                name = f"{folder}/{width}.{extension}"
                path = os.path.join(media_root, name)
                if not os.path.exists(path):
                    buffer = io.BytesIO()
                    image.save(buffer, kind, quality=70)
                    with open(path, "wb") as handle:
                        handle.write(buffer.getvalue())
                renditions.append((extension, [width, height, name]))
        made = {"jpg": [], "webp": []}
        for extension, entry in renditions:
            made[extension].append(entry)
        largest = made["jpg"][-1]
        sets.append(
            LibraryImage.objects.create(
                title=f"Bench photo {index}",
                alt_text=f"Bench photo {index}",
                credit="IOM",
                file=largest[2],
                width=largest[0],
                height=largest[1],
                renditions={
                    "focal": [0.5, 0.5],
                    "shapes": dict.fromkeys(("16:9", "4:3", "social"), made),
                },
            )
        )
    return sets


def secondary_indexes(connection, table: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.tablename = %s AND NOT EXISTS ("
            " SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [table],
        )
        return cursor.fetchall()


def insert(model, objects: list) -> None:
    """``bulk_create``, or COPY on PostgreSQL (several times faster).

    Objects given to COPY must carry their primary keys (``reserve_ids``).
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects)
        return
    fields = list(model._meta.concrete_fields)
    if objects and objects[0].pk is None:
        fields = [field for field in fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = (
        f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    )
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for obj in objects:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(obj, True), connection)
                        for field in fields
                    ]
                )


def reserve_ids(model, count: int) -> list[int]:
    from django.db import connection

    if connection.vendor != "postgresql":
        return [None] * count
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def rebuild_indexes(connection, indexes: list[tuple[str, str]]) -> None:
    """Create ``indexes`` again, two at a time (one per core here)."""
    import psycopg

    params = connection.get_connection_params()

    def build(item: tuple[str, str]) -> str:
        name, definition = item
        with psycopg.connect(**params, autocommit=True) as own:
            # Full-text (GIN) indexes build several times faster with room.
            own.execute("SET maintenance_work_mem = '512MB'")
            own.execute(definition)
        return name

    # The slowest (full-text) first, so the two builders end together.
    ordered = sorted(indexes, key=lambda item: "gin" not in item[1].lower())
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name in pool.map(build, ordered):
            say(f"  index {name}")


def generate(releases: int, seed: int = 8) -> None:
    """Add the archive on top of the demo site."""
    from django.core.cache import caches
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from django.utils.translation import override
    from django_countries import countries

    from news.models import (
        DatelinePlace,
        MediaContact,
        PressRelease,
        ReleaseContact,
        Status,
        Topic,
    )
    from organization.models import CountryOffice, Region

    rng = random.Random(seed)
    started = time.monotonic()
    names = {}
    for code in LANGUAGES:
        with override(code):
            names[code] = {
                country: str(countries.name(country)) for country in COUNTRIES
            }

    regions = Region.objects.bulk_create(
        Region(
            name_en=f"Bench region {index}",
            name_fr=f"Région d'essai {index}",
            name_es=f"Región de prueba {index}",
            sort_order=100 + index,
        )
        for index in range(6)
    )
    offices = CountryOffice.objects.bulk_create(
        CountryOffice(
            country=country,
            region=regions[index % len(regions)],
            city_en=f"Capital {index}",
            city_fr=f"Capitale {index}",
            city_es=f"Capital {index}",
            address=f"{index} Example Avenue",
            phone="+41227179111",
            email=f"office{index}@example.org",
            introduction_en="<p>" + paragraphs(rng, "en", 1)[0] + "</p>",
            introduction_fr="<p>" + paragraphs(rng, "fr", 1)[0] + "</p>",
            introduction_es="<p>" + paragraphs(rng, "es", 1)[0] + "</p>",
        )
        for index, country in enumerate(COUNTRIES)
    )
    topics = []
    for index, (en, fr, es) in enumerate(
        zip(WORDS["en"][:20], WORDS["fr"][:20], WORDS["es"][:20], strict=True)
    ):
        topics.append(
            Topic(
                name_en=en.capitalize(),
                slug_en=f"{slugify(en)}-{index}",
                name_fr=fr.capitalize(),
                slug_fr=f"{slugify(fr)}-{index}",
                name_es=es.capitalize(),
                slug_es=f"{slugify(es)}-{index}",
            )
        )
    topics = Topic.objects.bulk_create(topics)
    contacts = MediaContact.objects.bulk_create(
        MediaContact(
            name=f"Media Contact {index}",
            role_en=f"IOM {names['en'][offices[index % len(offices)].country.code]}",
            role_fr=f"OIM {names['fr'][offices[index % len(offices)].country.code]}",
            role_es=f"OIM {names['es'][offices[index % len(offices)].country.code]}",
            office=offices[index % len(offices)],
            email=f"press{index}@example.org",
            phone="+5112217209;ext=145",
            mobile="+51968216777",
            languages="en, es",
        )
        for index in range(300)
    )

    media_root = os.environ.get("DJANGO_MEDIA_ROOT", "media")
    images = make_images(media_root)
    pool = {code: paragraphs(rng, code, 400) for code in LANGUAGES}
    summaries = {code: paragraphs(rng, code, 200) for code in LANGUAGES}

    dropped = []
    if connection.vendor == "postgresql":
        dropped = secondary_indexes(connection, PressRelease._meta.db_table)
        with connection.cursor() as cursor:
            for name, _definition in dropped:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')

    now = timezone.now()
    span = datetime.timedelta(days=max(365, releases // 8))
    made = 0
    while made < releases:
        size = min(BATCH, releases - made)
        batch, plans = [], []
        for index in range(made, made + size):
            original = rng.choices(LANGUAGES, ORIGINAL_WEIGHTS)[0]
            languages = [
                code
                for code in LANGUAGES
                if code == original or rng.random() < TRANSLATED[code]
            ]
            office = rng.choice(offices)
            country = office.country.code
            roll = rng.random()
            if roll < 0.93:
                status = Status.PUBLISHED
                published_at = now - span * ((index + 1) / (releases + 1))
            elif roll < 0.95:
                # Scheduled: public in a few days.
                status = Status.PUBLISHED
                published_at = now + datetime.timedelta(days=rng.randint(2, 20))
            elif roll < 0.98:
                status, published_at = Status.DRAFT, None
            else:
                status, published_at = Status.IN_REVIEW, None
            fields = {}
            headline = rng.randrange(len(HEADLINES["en"]))
            for code in languages:
                title = HEADLINES[code][headline].format(c=names[code][country])
                fields[f"title_{code}"] = f"{title} ({index})"
                fields[f"slug_{code}"] = f"{slugify(title)[:80]}-{index}"
                fields[f"summary_{code}"] = rng.choice(summaries[code])[:500]
                fields[f"body_{code}"] = "".join(
                    f"<p>{text}</p>" for text in rng.sample(pool[code], 5)
                )
            image = images[index % len(images)] if index % 5 else None
            batch.append(
                PressRelease(
                    original_language=original,
                    status=status,
                    published_at=published_at,
                    image=image,
                    **fields,
                )
            )
            plans.append(
                (
                    office,
                    rng.sample(offices, rng.randint(0, 1)),
                    rng.sample(topics, rng.randint(1, 3)),
                    rng.sample(contacts, rng.randint(1, 2)),
                )
            )
        with transaction.atomic():
            if connection.vendor == "postgresql":
                for release, pk in zip(
                    batch, reserve_ids(PressRelease, len(batch)), strict=True
                ):
                    release.pk = pk
                insert(PressRelease, batch)
                created = batch
            else:
                created = PressRelease.objects.bulk_create(batch)
            insert(
                DatelinePlace,
                [
                    DatelinePlace(release=release, office=plan[0])
                    for release, plan in zip(created, plans, strict=True)
                ],
            )
            office_links = PressRelease.country_offices.through
            insert(
                office_links,
                [
                    office_links(pressrelease_id=release.pk, countryoffice_id=office.pk)
                    for release, plan in zip(created, plans, strict=True)
                    for office in {plan[0], *plan[1]}
                ],
            )
            topic_links = PressRelease.topics.through
            insert(
                topic_links,
                [
                    topic_links(pressrelease_id=release.pk, topic_id=topic.pk)
                    for release, plan in zip(created, plans, strict=True)
                    for topic in plan[2]
                ],
            )
            insert(
                ReleaseContact,
                [
                    ReleaseContact(release=release, contact=contact, sort_order=order)
                    for release, plan in zip(created, plans, strict=True)
                    for order, contact in enumerate(plan[3])
                ],
            )
        made += size
        say(f"  {made} releases ({time.monotonic() - started:.0f} s)")

    if dropped:
        rebuild_indexes(connection, dropped)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # As autovacuum would soon: counts can then read the indexes alone.
            cursor.execute("VACUUM ANALYZE")
    # Rows went in without signals: nothing kept from before may be served.
    for cache in caches.all():
        cache.clear()
    say(f"Archive ready: {releases} releases in {time.monotonic() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=8)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iomsite.settings")
    django.setup()
    generate(options.releases, options.seed)


if __name__ == "__main__":
    main()
