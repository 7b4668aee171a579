"""``make bench``: the site under load, as a ratio to a bare Django project.

Steps: (re)create the PostgreSQL database ``iomsite_bench`` (or a SQLite
file), migrate, load the demo site and ``BENCH_RELEASES`` releases
(``bench/data.py``), collectstatic. Then, with gunicorn (debug off, loopback
only) and wrk:

- the **bare ceiling**: a minimal Django project (``bench/ceiling/``:
  startproject settings and middleware, one ``HttpResponse("ok")`` view)
  served by the same gunicorn command, measured before the first mode and
  after each one; every page is reported as a ratio to it (the mean of the
  measures around its mode), which holds across machines better than raw
  figures;
- each page in three modes: **cold** (page cache and fragment caches off:
  every page made from nothing), **warm** (fragments kept, page cache off)
  and **cached** (everything on);
- the **long tail**, every cache on, as a crawler reads the site: every
  request a different release (the addresses of the news sitemap) and,
  apart, a different news list page (2 to 400);
- the queries per page in each mode (Django's test client), the workers'
  memory after each run (RSS, from ``/proc``), the press-release
  changelist, signed in, and the image library's list and choosers at
  ``BENCH_IMAGES`` images (``bench/library.py``);
- the translation-memory lookup (``bench/memory.py``) at ``BENCH_UNITS``
  units (100000) in the same database, PostgreSQL only: p50 of
  ``BENCH_LOOKUPS`` (300) suggestions, the goal being 50 ms (issue 21).

Every mode runs with Redis as the shared cache (``BENCH_REDIS_URL``, a
database of its own, emptied before each mode), the configuration the
README prescribes for more than one process.

Environment: ``BENCH_RELEASES`` (10000), ``BENCH_DURATION`` seconds per
page (10), ``BENCH_CONNECTIONS`` (16), ``BENCH_WORKERS`` gunicorn workers
(3), ``BENCH_REUSE=1`` keeps an existing ``iomsite_bench`` database,
``BENCH_DATABASE`` (postgresql, or sqlite for ``bench-results/bench.sqlite3``),
``BENCH_DATABASE_URL`` (postgres://postgres@127.0.0.1:5432/iomsite_bench),
``BENCH_REDIS_URL`` (redis://127.0.0.1:6379/12; ``off`` for each process's
local memory), ``BENCH_IMAGES`` library images (50000). The tables are printed and written to
``bench-results/<timestamp>.md``.
"""

import datetime
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench-results"
HOST = "127.0.0.1"
TAIL_SCRIPT = Path(__file__).resolve().parent / "tail.lua"


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


RELEASES = int(setting("BENCH_RELEASES", "10000"))
DURATION = int(setting("BENCH_DURATION", "10"))
CONNECTIONS = int(setting("BENCH_CONNECTIONS", "16"))
WORKERS = int(setting("BENCH_WORKERS", "3"))
DATABASE = setting("BENCH_DATABASE", "postgresql")
if DATABASE not in ("postgresql", "sqlite"):
    raise SystemExit(f"BENCH_DATABASE={DATABASE!r}: use postgresql or sqlite")
DATABASE_URL = setting(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iomsite_bench"
)
REDIS_URL = setting("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
if REDIS_URL == "off":
    REDIS_URL = ""
SQLITE_PATH = RESULTS / "bench.sqlite3"
MEDIA_ROOT = RESULTS / "media"
LIST_PAGES = range(2, 401)

# What the issue asks of each page, as a ratio to the bare ceiling
# (issue 16, "Performance to reach").
COLD_GOALS = {
    "home": 0.10,
    "news list, page 1": 0.06,
    "release page": 0.15,
    "search": 0.05,
}
TAIL_GOALS = {"release pages": 0.15, "news list pages": 0.06}
CACHED_GOAL = 0.9
QUERY_GOALS = {"release page": 4, "news list, page 1": 4}
MEMORY_GOAL_MB = 80

MODES = {
    # label → (settings for the test client, environment for gunicorn)
    "cold": (
        {"PAGE_CACHE_ENABLED": False, "FRAGMENT_CACHE_ENABLED": False},
        {"DJANGO_PAGE_CACHE": "0", "DJANGO_FRAGMENT_CACHE": "0"},
    ),
    "warm": (
        {"PAGE_CACHE_ENABLED": False, "FRAGMENT_CACHE_ENABLED": True},
        {"DJANGO_PAGE_CACHE": "0", "DJANGO_FRAGMENT_CACHE": "1"},
    ),
    "cached": (
        {"PAGE_CACHE_ENABLED": True, "FRAGMENT_CACHE_ENABLED": True},
        {"DJANGO_PAGE_CACHE": "1", "DJANGO_FRAGMENT_CACHE": "1"},
    ),
}
TITLES = {
    "cold": "Cold: page cache and fragment caches off (every page made whole)",
    "warm": "Warm: fragments kept, page cache off",
    "cached": "Cached: page cache and fragments on",
}


def bench_env(**extra: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_", "REDIS_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "iomsite.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-" + "k3Yq9TzW" * 6,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_MEDIA_ROOT": str(MEDIA_ROOT),
            "DJANGO_ROOT_URLCONF": "bench.urls",
        }
    )
    if DATABASE == "sqlite":
        env["DJANGO_SQLITE_PATH"] = str(SQLITE_PATH)
    else:
        env["DATABASE_URL"] = DATABASE_URL
    if REDIS_URL:
        env["REDIS_URL"] = REDIS_URL
    env.update(extra)
    return env


def ceiling_env() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "DATABASE_", "REDIS_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "bench.ceiling.settings"
    return env


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=bench_env(), check=True)


def prepare_database() -> None:
    if DATABASE == "sqlite":
        if SQLITE_PATH.exists() and os.environ.get("BENCH_REUSE") == "1":
            say(f"Reusing {SQLITE_PATH.relative_to(ROOT)}")
            manage("migrate", "--noinput", "-v", "0")
            return
        say(f"Creating {SQLITE_PATH.relative_to(ROOT)}")
        SQLITE_PATH.unlink(missing_ok=True)
        fill_database()
        return
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and os.environ.get("BENCH_REUSE") == "1":
            say(f"Reusing database {name}")
            reuse = True
        else:
            reuse = False
            say(f"Creating database {name}")
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    if reuse:
        # A database filled before the latest migrations follows them.
        manage("migrate", "--noinput", "-v", "0")
        return
    fill_database()


def fill_database() -> None:
    manage("migrate", "--noinput", "-v", "0")
    manage("load_demo", "--no-admin")
    subprocess.run(
        [PYTHON, "-m", "bench.data", "--releases", str(RELEASES)],
        cwd=ROOT,
        env=bench_env(),
        check=True,
    )


def check_redis() -> None:
    if not REDIS_URL:
        return
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise SystemExit(
            f"Redis is needed at {REDIS_URL} ({error}): "
            "redis-server --daemonize yes --port 6379 --save '', "
            "or BENCH_REDIS_URL=off for each process's local memory"
        ) from error


def clear_caches() -> None:
    """Empty every cache this process can reach (Redis: the bench's own
    database), so that no mode starts with what the one before it kept."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``python -m gunicorn <wsgi>``: the same command for site and ceiling."""

    def __init__(self, wsgi: str, env: dict, probe: str):
        self.port = free_port()
        self.probe = probe
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                wsgi,
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get(probe)
                return
            except OSError:
                time.sleep(0.2)  # the workers are still starting
        self.stop()
        raise SystemExit(f"gunicorn {wsgi} did not start")

    def settle(self) -> None:
        """Wait until the workers are idle: wrk leaves slow requests behind."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                self.get(self.probe)
            except OSError:  # timed out behind slow requests
                continue
            if time.monotonic() - started < 0.05:
                return
            time.sleep(0.5)

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def get(self, path: str) -> int:
        with urllib.request.urlopen(self.url(path), timeout=120) as response:
            response.read()
            return response.status

    def size_kb(self, path: str) -> float:
        """The response body's size, as wrk receives it (no compression)."""
        with urllib.request.urlopen(self.url(path), timeout=120) as response:
            return len(response.read()) / 1024

    def worker_rss_mb(self) -> float:
        """The largest worker's resident memory."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return max(sizes, default=0.0)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def site_server(mode: str) -> Gunicorn:
    return Gunicorn("iomsite.wsgi", bench_env(**MODES[mode][1]), "/__ceiling__")


def wrk(url: str, paths_file: Path | None = None) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}s",
        "--timeout",
        "10s",
        "--latency",
    ]
    if paths_file is not None:
        command += ["-s", str(TAIL_SCRIPT), url, "--", str(paths_file), "2"]
    else:
        command.append(url)
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=DURATION + 30, check=True
    )
    out = result.stdout

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def pages() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(label, path) of the site's pages and of the reference pages."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import override

    from news.models import PressRelease, Topic

    with override("en"):
        release = (
            PressRelease.objects.public_in("en")
            .filter(release_contacts__isnull=False)
            .order_by("-published_at", "-pk")[25]
        )
        topic = Topic.objects.filter(press_releases__isnull=False).first()
        year = timezone.now().year - 1
        news = reverse("news:release-list")
        deep = min(200, list_page_count(news))
        site = [
            ("home", reverse("home")),
            ("news list, page 1", news),
            (f"news list, page {deep}", f"{news}?page={deep}"),
            ("news list, topic + year", f"{news}?topic={topic.pk}&year={year}"),
            ("release page", release.get_absolute_url()),
            ("search", reverse("news:search") + "?q=peru"),
            ("structure", reverse("organization:structure")),
            ("where we work", reverse("organization:office-list")),
            ("RSS feed", reverse("news:feed-rss")),
            ("sitemap index", reverse("sitemap")),
            (
                "sitemap, news page 1",
                reverse(
                    "django.contrib.sitemaps.views.sitemap", kwargs={"section": "news"}
                ),
            ),
        ]
    references = [
        # What a plain Django page on the same data costs (bench/urls.py).
        ("bare Django detail, one query", f"/__bare__/{release.pk}/"),
        ("bare Django 20-item list", "/__bare__/"),
        # The ceiling's view behind the site's middleware and WSGI entry.
        ("'ok' through the site's stack", "/__ceiling__"),
    ]
    return site, references


def list_page_count(news: str) -> int:
    """How many pages the English news list has."""
    from django.urls import resolve

    from news.models import PressRelease

    per_page = getattr(resolve(news).func.view_class, "paginate_by", None) or 20
    return max(1, math.ceil(PressRelease.objects.public_in("en").count() / per_page))


def tail_paths() -> dict[str, Path]:
    """Files of addresses for the long tail: the releases of the news sitemap
    (every language, shuffled), and the news list's pages 2 to 400."""
    from django.test import Client
    from django.urls import reverse
    from django.utils.translation import override

    client = Client(HTTP_HOST=HOST)
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    sections = [
        urlsplit(loc)
        for loc in re.findall(r"<loc>([^<]+)</loc>", index.content.decode())
    ]
    releases = []
    for section in sections:
        if not section.path.startswith("/sitemap-news.xml"):
            continue
        address = section.path + (f"?{section.query}" if section.query else "")
        response = client.get(address)
        assert response.status_code == 200, address
        for loc in re.findall(r"<loc>([^<]+)</loc>", response.content.decode()):
            releases.append(urlsplit(loc).path)
    if len(releases) < 100:
        raise SystemExit(f"the news sitemap names {len(releases)} releases only")
    random.Random(8).shuffle(releases)
    with override("en"):
        news = reverse("news:release-list")
    last = list_page_count(news)
    lists = [f"{news}?page={number}" for number in LIST_PAGES if number <= last]
    files = {}
    for name, paths in (("release pages", releases), ("news list pages", lists)):
        target = RESULTS / f"tail-{name.replace(' ', '-')}.txt"
        target.write_text("\n".join(paths) + "\n")
        files[name] = target
    return files


def count_queries(paths: list[str]) -> dict[str, dict[str, int]]:
    """Queries per page in each mode, on a second read (caches filled)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST=HOST)
    counts = {}
    for mode, (overrides, _env) in MODES.items():
        counts[mode] = {}
        clear_caches()
        with override_settings(**overrides):
            for path in paths:
                assert client.get(path).status_code == 200, path
                # Counted at once: each request empties the query log.
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                counts[mode][path] = len(queries)
    clear_caches()
    return counts


def admin_timings(runs: int = 7) -> list[str]:
    """The press-release changelist as an editor uses it, whole request.

    In this process with Django's test client (no load tool: one editor at
    a time), the median of ``runs`` requests after one warm-up each.
    """
    import statistics

    from django.contrib import admin
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.library import signed_in_client
    from news.models import PressRelease, Topic

    client = signed_in_client(HOST)
    changelist = reverse("admin:news_pressrelease_changelist")
    topic = Topic.objects.filter(press_releases__isnull=False).first()
    per_page = admin.site._registry[PressRelease].list_per_page
    deep = min(100, math.ceil(PressRelease.objects.count() / per_page))
    cases = [
        ("changelist", changelist),
        ("filter: topic", f"{changelist}?topics__id__exact={topic.pk}"),
        ("filter: public in French", f"{changelist}?language=fr"),
        ("search: peru", f"{changelist}?q=peru"),
        (f"page {deep}", f"{changelist}?p={deep}"),
        (
            "change form",
            reverse(
                "admin:news_pressrelease_change",
                args=[PressRelease.objects.latest("pk").pk],
            ),
        ),
    ]
    lines = [
        "### Admin: press releases, signed in (test client, one at a time)",
        "",
        "| request | median ms | max ms | queries |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, path in cases:
        assert client.get(path).status_code == 200, path
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        lines.append(
            f"| {name} `{path}` | {statistics.median(times):.0f} | "
            f"{max(times):.0f} | {len(queries)} |"
        )
    return lines + [""]


def drive_ceiling(ceiling: Gunicorn) -> float:
    for _ in range(WORKERS * 3):
        ceiling.get("/")
    ceiling.settle()
    run = wrk(ceiling.url("/"))
    say(f"  bare ceiling: {run['rps']:.0f} req/s")
    return run["rps"]


def measure(mode: str, paths, tails: dict[str, Path] | None = None) -> dict:
    """Drive each page (and the long tail) on a fresh server in ``mode``."""
    say(f"\n{TITLES[mode]}: gunicorn, {WORKERS} workers")
    clear_caches()
    server = site_server(mode)
    results = {}
    try:
        for _name, path in paths:  # every worker's caches, every code path
            for _ in range(WORKERS * 3):
                started = time.monotonic()
                server.get(path)
                if time.monotonic() - started > 1:
                    break  # a slow page: wrk will say how slow
        for name, path in paths:
            server.settle()
            results[name] = wrk(server.url(path))
            results[name]["kb"] = server.size_kb(path)
            say(f"  {name}: {results[name]['rps']:.0f} req/s")
        for name, paths_file in (tails or {}).items():
            server.settle()
            results[name] = wrk(server.url("/"), paths_file)
            results[name]["addresses"] = len(paths_file.read_text().split())
            say(f"  long tail, {name}: {results[name]['rps']:.0f} req/s")
        server.settle()
        results["rss"] = server.worker_rss_mb()
    finally:
        server.stop()
    return results


def verdict(value: float, goal: float, at_most: bool = False) -> str:
    met = value <= goal if at_most else value >= goal
    return f"{'≤' if at_most else '≥'} {goal:g}: {'met' if met else 'missed'}"


def mode_table(mode, results, ceiling, paths, queries) -> list[str]:
    lines = [
        f"### {TITLES[mode]}",
        "",
        f"Bare ceiling around this run: {ceiling:.0f} req/s. Largest worker "
        f"RSS after the run: {results['rss']:.0f} MB.",
        "",
        "| page | req/s | ratio to ceiling | goal | p50 ms | p99 ms "
        "| queries | response KB |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for name, path in paths:
        if name not in results:
            continue
        run = results[name]
        ratio = run["rps"] / ceiling
        errors = f" ({run['errors']} errors)" if run["errors"] else ""
        if mode == "cold" and name in COLD_GOALS:
            goal = verdict(ratio, COLD_GOALS[name])
        elif mode == "cached" and not path.startswith("/__"):
            goal = verdict(ratio, CACHED_GOAL)
        else:
            goal = ""
        count = queries[mode].get(path, "")
        lines.append(
            f"| {name} `{path}` | {run['rps']:.0f}{errors} | {ratio:.3f} | {goal} "
            f"| {run['p50']:.2f} | {run['p99']:.2f} | {count} | {run['kb']:.1f} |"
        )
    return lines + [""]


def tail_table(results: dict, ceiling: float) -> list[str]:
    lines = [
        "### Long tail: every cache on, every request a different address",
        "",
        "Each wrk connection asks for the next address of a file (bench/tail.lua);"
        " an address comes again only once the file is used up.",
        "",
        "| run | distinct addresses | requests | req/s | ratio to ceiling | goal "
        "| p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for name, goal in TAIL_GOALS.items():
        run = results[name]
        ratio = run["rps"] / ceiling
        errors = f" ({run['errors']} errors)" if run["errors"] else ""
        lines.append(
            f"| {name} | {run['addresses']} | {run['requests']} | "
            f"{run['rps']:.0f}{errors} | {ratio:.3f} | {verdict(ratio, goal)} "
            f"| {run['p50']:.2f} | {run['p99']:.2f} |"
        )
    return lines + [""]


def memory_lookups() -> tuple[tuple[str, str, str] | None, list[str]]:
    """The memory lookup's summary row and table (``bench/memory.py``)."""
    if DATABASE != "postgresql":
        return None, []
    from bench import memory as memory_bench

    units = int(setting("BENCH_UNITS", "100000"))
    lookups = int(setting("BENCH_LOOKUPS", "300"))
    say(f"Translation memory: {units} units, {lookups} lookups")
    sources = memory_bench.fill(units)
    timings, found = memory_bench.measure(lookups, sources)
    p50 = statistics.median(timings["all"])
    row = (
        f"translation-memory lookup p50, {units} units",
        f"{p50:.1f} ms",
        verdict(p50, memory_bench.GOAL_P50_MS, True),
    )
    return row, [
        f"### Translation-memory lookups ({units} units, {lookups} lookups, "
        f"{found} with a suggestion)",
        "",
        *memory_bench.table(timings),
        "",
    ]


def summary(results, ceilings, site, queries, ceiling_rss, extra=()) -> list[str]:
    paths = dict(site)
    rows = []
    for name, goal in COLD_GOALS.items():
        ratio = results["cold"][name]["rps"] / ceilings["cold"]
        rows.append((f"{name}, cold", f"{ratio:.3f}", verdict(ratio, goal)))
    for name, goal in TAIL_GOALS.items():
        ratio = results["cached"][name]["rps"] / ceilings["cached"]
        rows.append((f"{name}, long tail", f"{ratio:.3f}", verdict(ratio, goal)))
    cached = {
        name: results["cached"][name]["rps"] / ceilings["cached"] for name, _ in site
    }
    worst = min(cached, key=cached.get)
    below = [name for name, ratio in cached.items() if ratio < CACHED_GOAL]
    rows.append(
        (
            "every page, cached" + (" (Redis)" if REDIS_URL else " (local memory)"),
            f"{cached[worst]:.3f} (lowest: {worst})",
            verdict(cached[worst], CACHED_GOAL)
            + (f" ({len(below)} below: {', '.join(below)})" if below else ""),
        )
    )
    for name, goal in QUERY_GOALS.items():
        count = queries["cold"][paths[name]]
        rows.append((f"queries, {name}, cold", str(count), verdict(count, goal, True)))
    rss = max(results[mode]["rss"] for mode in MODES)
    rows.append(
        (
            "largest worker RSS after the runs",
            f"{rss:.0f} MB (bare ceiling's: {ceiling_rss:.0f} MB)",
            verdict(round(rss), MEMORY_GOAL_MB, True),
        )
    )
    rows.extend(extra)
    return [
        "### Goals (issue 16), as ratios to the bare ceiling",
        "",
        "| measure | figure | goal |",
        "| --- | --- | --- |",
        *(f"| {name} | {figure} | {goal} |" for name, figure, goal in rows),
        "",
    ]


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    check_redis()
    RESULTS.mkdir(exist_ok=True)
    prepare_database()
    manage("collectstatic", "--noinput", "-v", "0")

    os.environ.update(bench_env())
    import django

    django.setup()
    from bench.library import fill_library, library_timings

    fill_library()
    site, references = pages()
    tails = tail_paths()
    queries = count_queries([path for _name, path in site + references[:2]])
    admin = admin_timings() + library_timings(host=HOST)
    memory_row, memory_table = memory_lookups()

    say(f"\nBare ceiling (bench/ceiling): gunicorn, {WORKERS} workers")
    ceiling = Gunicorn("bench.ceiling.wsgi", ceiling_env(), "/")
    results, ceilings = {}, {}
    try:
        before = drive_ceiling(ceiling)
        for mode in MODES:
            paths = site + references if mode == "cold" else site + references[2:]
            results[mode] = measure(mode, paths, tails if mode == "cached" else None)
            after = drive_ceiling(ceiling)
            ceilings[mode] = (before + after) / 2
            before = after
        ceiling_rss = ceiling.worker_rss_mb()
    finally:
        ceiling.stop()

    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    cache = f"Redis ({REDIS_URL})" if REDIS_URL else "each process's local memory"
    database = "SQLite" if DATABASE == "sqlite" else "PostgreSQL"
    lines = [
        f"## make bench — {stamp}",
        "",
        f"{RELEASES} releases on {database}; gunicorn {WORKERS} sync workers, "
        f"wrk -t2 -c{CONNECTIONS} -d{DURATION}s on loopback; {os.cpu_count()} "
        f"CPUs shared by server, database and load tool; cache: {cache}. "
        "Ratios are to the bare ceiling (bench/ceiling: startproject settings "
        "and middleware, one HttpResponse view, same gunicorn command), "
        "measured before and after each mode; it answers 2 bytes, so a page's "
        "size counts in its ratio. Queries: Django's test client, second read.",
        "",
        *summary(
            results,
            ceilings,
            site,
            queries,
            ceiling_rss,
            [memory_row] if memory_row else [],
        ),
        *(
            line
            for mode in MODES
            for line in mode_table(
                mode, results[mode], ceilings[mode], site + references, queries
            )
        ),
        *tail_table(results["cached"], ceilings["cached"]),
        *admin,
        *memory_table,
    ]
    text = "\n".join(lines)
    say("\n" + text)
    target = RESULTS / f"{stamp}.md"
    target.write_text(text + "\n")
    say(f"Written to {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
