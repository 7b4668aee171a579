"""``make bench``: the site under load, compared with Django's ceiling.

Steps: (re)create the PostgreSQL database ``iomsite_bench`` (or a SQLite
file), migrate, load
the demo site and ``BENCH_RELEASES`` releases (``bench/data.py``),
collectstatic, then three times start gunicorn (debug off, loopback only)
and drive each page with wrk: with the page cache on (warm); with it off
but the site-wide lists of ``pagecache/fragments.py`` kept; with both off
(every page made whole, as after a publication). Each run also measures
``/__ceiling__`` (``bench/urls.py``), a view that returns "ok" through the
same middleware and gunicorn, and two bare Django pages on the same data
(a one-query detail, a 20-item list): pages are given as a ratio to the
ceiling, which holds across machines better than raw figures. Queries per
request are counted apart, with Django's test client.

Environment: ``BENCH_RELEASES`` (10000), ``BENCH_DURATION`` seconds per
page (10), ``BENCH_CONNECTIONS`` (16), ``BENCH_WORKERS`` gunicorn workers
(4), ``BENCH_REUSE=1`` keeps an existing ``iomsite_bench`` database,
``BENCH_DATABASE`` (postgresql, or sqlite for ``bench-results/bench.sqlite3``),
``BENCH_DATABASE_URL`` (postgres://postgres@127.0.0.1:5432/iomsite_bench),
``BENCH_REDIS_URL`` to cache in Redis instead of local memory.
The table is printed and written to ``bench-results/<timestamp>.md``.
"""

import datetime
import os
import re
import shutil
import signal
import socket
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


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


RELEASES = int(setting("BENCH_RELEASES", "10000"))
DURATION = int(setting("BENCH_DURATION", "10"))
CONNECTIONS = int(setting("BENCH_CONNECTIONS", "16"))
WORKERS = int(setting("BENCH_WORKERS", "4"))
DATABASE = setting("BENCH_DATABASE", "postgresql")
if DATABASE not in ("postgresql", "sqlite"):
    raise SystemExit(f"BENCH_DATABASE={DATABASE!r}: use postgresql or sqlite")
DATABASE_URL = setting(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/iomsite_bench"
)
SQLITE_PATH = RESULTS / "bench.sqlite3"
MEDIA_ROOT = RESULTS / "media"


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
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    env.update(extra)
    return env


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=bench_env(), check=True)


def prepare_database() -> None:
    if DATABASE == "sqlite":
        if SQLITE_PATH.exists() and os.environ.get("BENCH_REUSE") == "1":
            say(f"Reusing {SQLITE_PATH.relative_to(ROOT)}")
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
            return
        say(f"Creating database {name}")
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, **env: str):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "iomsite.wsgi",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=bench_env(**env),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get("/__ceiling__")
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def settle(self) -> None:
        """Wait until the workers are idle: wrk leaves slow requests behind."""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                self.get("/__ceiling__")
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


def wrk(url: str) -> dict:
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}s",
            "--timeout",
            "10s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=DURATION + 30,
        check=True,
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
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def pages() -> list[tuple[str, str]]:
    """(label, path) of each page measured, found in the bench database."""
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
        return [
            # What a plain Django site serves for the same data (bench/urls.py).
            ("bare Django detail (reference)", f"/__bare__/{release.pk}/"),
            ("bare Django 20-item list (reference)", "/__bare__/"),
            ("home", reverse("home")),
            ("news list, page 1", news),
            ("news list, page 200", news + "?page=200"),
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


MODES = {
    # label → (settings for the test client, environment for gunicorn)
    "cached": (
        {"PAGE_CACHE_ENABLED": True, "FRAGMENT_CACHE_ENABLED": True},
        {"DJANGO_PAGE_CACHE": "1", "DJANGO_FRAGMENT_CACHE": "1"},
    ),
    "kept": (
        {"PAGE_CACHE_ENABLED": False, "FRAGMENT_CACHE_ENABLED": True},
        {"DJANGO_PAGE_CACHE": "0", "DJANGO_FRAGMENT_CACHE": "1"},
    ),
    "cold": (
        {"PAGE_CACHE_ENABLED": False, "FRAGMENT_CACHE_ENABLED": False},
        {"DJANGO_PAGE_CACHE": "0", "DJANGO_FRAGMENT_CACHE": "0"},
    ),
}


def count_queries(paths: list[str]) -> dict[str, dict[str, int]]:
    """Queries per page in each mode, on a second read (caches filled)."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from pagecache import fragments

    client = Client(HTTP_HOST=HOST)
    counts = {}
    for mode, (overrides, _env) in MODES.items():
        counts[mode] = {}
        caches["pages"].clear()
        fragments.forget()
        with override_settings(**overrides):
            for path in paths:
                assert client.get(path).status_code == 200, path
                # Counted at once: each request empties the query log.
                with CaptureQueriesContext(connection) as queries:
                    client.get(path)
                counts[mode][path] = len(queries)
    return counts


def admin_timings(runs: int = 7) -> list[str]:
    """The press-release changelist as an editor uses it, whole request.

    In this process with Django's test client (no load tool: one editor at
    a time), the median of ``runs`` requests after one warm-up each.
    """
    import statistics

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from news.models import PressRelease, Topic

    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin",
        defaults={"is_staff": True, "is_superuser": True},
    )
    client = Client(HTTP_HOST=HOST)
    client.force_login(user)
    changelist = reverse("admin:news_pressrelease_changelist")
    topic = Topic.objects.filter(press_releases__isnull=False).first()
    cases = [
        ("changelist", changelist),
        ("filter: topic", f"{changelist}?topics__id__exact={topic.pk}"),
        ("filter: public in French", f"{changelist}?language=fr"),
        ("search: peru", f"{changelist}?q=peru"),
        ("page 100", f"{changelist}?p=100"),
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


def measure(label: str, paths: list[tuple[str, str]], **env: str) -> dict:
    say(f"\n{label}: gunicorn, {WORKERS} workers")
    server = Gunicorn(**env)
    try:
        for _name, path in paths:  # every worker's cache, every code path
            for _ in range(WORKERS * 3):
                started = time.monotonic()
                server.get(path)
                if time.monotonic() - started > 1:
                    break  # a slow page: wrk will say how slow
        server.settle()
        results = {"ceiling": [wrk(server.url("/__ceiling__"))]}
        for name, path in paths:
            server.settle()
            results[name] = wrk(server.url(path))
            results[name]["kb"] = server.size_kb(path)
            say(f"  {name}: {results[name]['rps']:.0f} req/s")
        server.settle()
        results["ceiling"].append(wrk(server.url("/__ceiling__")))
        results["rss"] = server.worker_rss_mb()
    finally:
        server.stop()
    ceilings = [run["rps"] for run in results["ceiling"]]
    results["ceiling_rps"] = sum(ceilings) / len(ceilings)
    say(f"  ceiling: {' / '.join(f'{value:.0f}' for value in ceilings)} req/s")
    return results


def table(title: str, results: dict, paths, queries: dict[str, int]) -> list[str]:
    ceiling = results["ceiling_rps"]
    lines = [
        f"### {title}",
        "",
        f"Ceiling (`/__ceiling__`, same gunicorn, same run): {ceiling:.0f} req/s. "
        f"Largest worker RSS after the run: {results['rss']:.0f} MB. "
        "The ceiling's answer is 2 bytes: a page's size counts in its ratio.",
        "",
        "| page | req/s | ratio to ceiling | p50 ms | p99 ms | queries/request "
        "| response KB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, path in paths:
        run = results[name]
        errors = f" ({run['errors']} errors)" if run["errors"] else ""
        lines.append(
            f"| {name} `{path}` | {run['rps']:.0f}{errors} | "
            f"{run['rps'] / ceiling:.2f} | {run['p50']:.2f} | {run['p99']:.2f} | "
            f"{queries[path]} | {run['kb']:.1f} |"
        )
    return lines + [""]


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    RESULTS.mkdir(exist_ok=True)
    prepare_database()
    manage("collectstatic", "--noinput", "-v", "0")

    os.environ.update(bench_env())
    import django

    django.setup()
    paths = pages()
    queries = count_queries([path for _name, path in paths])
    admin = admin_timings()

    titles = {
        "cached": "Cached (page cache on, warm)",
        "kept": "Uncached pages, site-wide lists kept (page cache off)",
        "cold": "Cold (page cache and kept lists off: every page made whole)",
    }
    results = {
        mode: measure(titles[mode], paths, **env)
        for mode, (_overrides, env) in MODES.items()
    }

    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    cache = "Redis" if os.environ.get("BENCH_REDIS_URL") else "local memory"
    lines = [
        f"## make bench — {stamp}",
        "",
        f"{RELEASES} releases on {'SQLite' if DATABASE == 'sqlite' else 'PostgreSQL'}; gunicorn {WORKERS} sync workers, "
        f"wrk -t2 -c{CONNECTIONS} -d{DURATION}s on loopback; {os.cpu_count()} "
        f"CPUs shared by server, database and load tool; cache: {cache}.",
        "",
        *(
            line
            for mode in MODES
            for line in table(titles[mode], results[mode], paths, queries[mode])
        ),
        *admin,
    ]
    text = "\n".join(lines)
    say("\n" + text)
    target = RESULTS / f"{stamp}.md"
    target.write_text(text + "\n")
    say(f"Written to {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
