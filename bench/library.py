"""The image library at scale: its admin list and choosers at 50,000 images.

``make bench`` fills the library (``fill_library``) and adds the table
``library_timings`` makes to its admin section. ``python -m bench.library``
does only this part, on the benchmark's database (the same ``BENCH_*``
environment; ``BENCH_REUSE=1`` keeps a filled one), and prints the table.

Rows go in with bulk inserts (COPY on PostgreSQL): every image points to
one stored file and one set of renditions, made once, since the admin reads
only the names; titles, captions, credits, collections, licences and upload
dates vary so that search, filters and ordering have work to do.
"""

import datetime
import io
import os
import random
import statistics
import sys
import time

IMAGES = int(os.environ.get("BENCH_IMAGES") or 50_000)
GOAL_MS = 300
PLACES = (
    "Lima Tumbes Quito Bogotá Cúcuta Panamá Darién Tapachula Niamey Agadez "
    "Tripoli Lampedusa Dhaka Cox's Bazar Kabul Herat Mosul Erbil Aden Juba"
).split()
SUBJECTS = (
    "families waiting at a border post|a registration desk|a health check|"
    "children at a learning space|a water point|a shelter under construction|"
    "a cash distribution|a reception centre|returnees stepping off a bus|"
    "a community meeting"
).split("|")
SHAPES = {"4:3": (480, 360), "1:1": (320, 320), "16:9": (960, 540)}


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def stored_files(media_root: str) -> tuple[str, dict]:
    """One original and one rendition per shape, written once."""
    from PIL import Image

    folder = "bench/library"
    os.makedirs(os.path.join(media_root, folder), exist_ok=True)

    def write(name: str, size: tuple[int, int], kind: str) -> None:
        path = os.path.join(media_root, name)
        if not os.path.exists(path):
            buffer = io.BytesIO()
            Image.new("RGB", size, (40, 90, 160)).save(buffer, kind, quality=70)
            with open(path, "wb") as handle:
                handle.write(buffer.getvalue())

    original = f"{folder}/original.jpg"
    write(original, (1600, 1200), "JPEG")
    shapes = {}
    for shape, (width, height) in SHAPES.items():
        stem = f"{folder}/{shape.replace(':', 'x')}-{width}"
        write(f"{stem}.jpg", (width, height), "JPEG")
        write(f"{stem}.webp", (width, height), "WEBP")
        shapes[shape] = {
            "jpg": [[width, height, f"{stem}.jpg"]],
            "webp": [[width, height, f"{stem}.webp"]],
        }
    return original, {"focal": [0.5, 0.5], "shapes": shapes}


def fill_library(count: int = IMAGES, seed: int = 19) -> None:
    """Add images until the library holds ``count``."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.data import insert, reserve_ids
    from images.models import Collection, Image, Licence, normalise

    missing = count - Image.objects.count()
    if missing <= 0:
        return
    started = time.monotonic()
    rng = random.Random(seed)
    original, renditions = stored_files(str(settings.MEDIA_ROOT))
    licences = list(Licence.objects.all()) or Licence.objects.bulk_create(
        [Licence(name_en=f"Licence {n}", name_fr=f"Licence {n}") for n in range(5)]
    )
    collections = list(Collection.objects.all()) or Collection.objects.bulk_create(
        [Collection(name_en=f"{place} office") for place in PLACES]
    )
    now = timezone.now()
    batch_size = 5_000
    with transaction.atomic():
        done = 0
        while done < missing:
            size = min(batch_size, missing - done)
            ids = reserve_ids(Image, size)
            batch = []
            for pk in ids:
                place, subject = rng.choice(PLACES), rng.choice(SUBJECTS)
                image = Image(
                    pk=pk,
                    title_en=f"{place}: {subject}",
                    title_fr=f"{place} : {subject}",
                    alt_text_en=f"Photo of {subject} in {place}.",
                    caption_en=f"{subject.capitalize()}, {place}.",
                    credit=f"IOM/{rng.choice(PLACES)} photographer",
                    licence=rng.choice(licences),
                    collection=rng.choice(collections),
                    file=original,
                    width=1600,
                    height=1200 if rng.random() < 0.7 else 2000,
                    file_size=250_000,
                    renditions=renditions,
                    rights_expire_on=(
                        now + datetime.timedelta(days=rng.randint(-60, 900))
                    ).date()
                    if rng.random() < 0.2
                    else None,
                )
                image.search_text = normalise(
                    " ".join(
                        (
                            image.title_en,
                            image.title_fr,
                            image.alt_text_en,
                            image.caption_en,
                            image.credit,
                        )
                    )
                )
                batch.append(image)
            insert(Image, batch)
            done += size
        # Spread over six years, for the year filter and the ordering.
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Image._meta.db_table)
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} SET uploaded_at = now() - "
                    "(id % 2200) * interval '1 day' - (id % 86400) * interval '1 second'"
                )
            else:
                cursor.execute(
                    f"UPDATE {table} SET uploaded_at = datetime('now', "
                    "'-' || (id % 2200) || ' days', '-' || (id % 86400) || ' seconds')"
                )
    if connection.vendor == "postgresql":
        # As autovacuum leaves a table: statistics, and the visibility map
        # that lets counts read an index alone.
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(Image._meta.db_table)
            cursor.execute(f"VACUUM ANALYZE {table}")
    say(f"Image library ready: {count} images in {time.monotonic() - started:.0f} s")


def signed_in_client(host: str):
    """The test client signed in as a superuser who has passed the second
    factor (a confirmed authenticator app, as ``django_otp.login`` marks
    the session after a real code): the admin asks for one."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin",
        defaults={"is_staff": True, "is_superuser": True},
    )
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="Bench phone", defaults={"confirmed": True}
    )
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def library_timings(runs: int = 7, host: str = "127.0.0.1") -> list[str]:
    """The library's admin list and choosers, whole request, signed in.

    Django's test client in this process (one editor at a time), median of
    ``runs`` requests after one warm-up, and the queries of the last one.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from images.models import Collection, Image

    client = signed_in_client(host)
    count = Image.objects.count()
    changelist = reverse("admin:images_image_changelist")
    deep = min(200, max(1, count // 50))
    collection = Collection.objects.first()
    autocomplete = (
        reverse("admin:images_image_autocomplete")
        + "?app_label=news&model_name=pressrelease&field_name=image"
    )
    browse = reverse("ckeditor_browse") + "?CKEditor=id_body_fr&CKEditorFuncNum=1"
    cases = [
        ("library list", changelist),
        (f"library list, page {deep}", f"{changelist}?p={deep}"),
        ("library list, search", f"{changelist}?q=tumbes+border"),
        (
            "library list, collection and landscape",
            f"{changelist}?collection__id__exact={collection.pk}&orientation=landscape",
        ),
        ("chooser (autocomplete JSON)", autocomplete),
        ("chooser, typed “lima”", f"{autocomplete}&term=lima"),
        ("chooser, page 5", f"{autocomplete}&term=lima&page=5"),
        ("editor's browse dialog", browse),
        ("browse dialog, search and page 3", f"{browse}&q=shelter&page=3"),
    ]
    lines = [
        f"### Admin: image library at {count:,} images, signed in "
        "(test client, one at a time)",
        "",
        f"Goal: ≤ {GOAL_MS} ms (median) each, and the same number of queries "
        "whatever the library's size (pinned at 10 and 100 images in "
        "tests/images/test_library.py).",
        "",
        "| request | median ms | max ms | queries | goal |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, path in cases:
        assert client.get(path).status_code == 200, path
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        met = "met" if median <= GOAL_MS else "missed"
        lines.append(
            f"| {name} `{path}` | {median:.0f} | {max(times):.0f} | "
            f"{len(queries)} | ≤ {GOAL_MS} ms: {met} |"
        )
    return lines + [""]


def main() -> None:
    from bench import run

    run.RESULTS.mkdir(exist_ok=True)
    run.prepare_database()
    run.manage("collectstatic", "--noinput", "-v", "0")
    os.environ.update(run.bench_env())
    import django

    django.setup()
    fill_library()
    say("\n" + "\n".join(library_timings(host=run.HOST)))


if __name__ == "__main__":
    main()
