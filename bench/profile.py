"""One page made in-process, timed and profiled: where a page's time goes.

``python -m bench.profile "release page"`` after ``make bench`` (which leaves
its database behind; the same ``BENCH_*`` settings) serves one of the pages
``make bench`` drives with Django's test client, in this process, debug off,
and prints its queries (with PostgreSQL's time for each), the median and
best of five rounds of ``BENCH_PROFILE_REQUESTS`` requests (20 each), and,
with ``--profile``, the time spent per package (cProfile's own time, which
inflates Python-heavy code). ``--mode`` is ``cold`` (default: page and
fragment caches off), ``warm`` or ``cached``, as in ``make bench``.

Unlike ``make bench`` there is no load tool, no gunicorn and no other
process: the figure a change moves here is the page's own cost, which a
2-CPU machine's noise under wrk can hide.
"""

import argparse
import collections
import cProfile
import os
import pstats
import statistics
import sys
import time

from bench import run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help='a page of make bench: "release page", "home"…')
    parser.add_argument("--mode", choices=list(run.MODES), default="cold")
    parser.add_argument("--profile", action="store_true")
    arguments = parser.parse_args()
    run.manage("collectstatic", "--noinput", "-v", "0")  # debug off needs it
    os.environ.update(run.bench_env(**run.MODES[arguments.mode][1]))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    site, references = run.pages()
    paths = dict(site + references)
    if arguments.page not in paths:
        raise SystemExit(f"pages: {', '.join(paths)}")
    path = paths[arguments.page]
    client = Client(HTTP_HOST=run.HOST)
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    run.say(f"{arguments.page} {path}, {arguments.mode}: {len(queries)} queries")
    for query in queries.captured_queries:
        # Django keeps each query's time in whole milliseconds.
        run.say(f"  {float(query['time']) * 1000:3.0f} ms  {query['sql'][:110]}")
    each = int(os.environ.get("BENCH_PROFILE_REQUESTS") or 20)
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(each):
            client.get(path)
        rounds.append((time.perf_counter() - started) / each * 1000)
    run.say(
        f"ms per request: median {statistics.median(rounds):.1f}, "
        f"best {min(rounds):.1f} (5 rounds of {each})"
    )
    if arguments.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(each):
            client.get(path)
        profile.disable()
        spent = collections.Counter()
        for (filename, _line, _name), row in pstats.Stats(profile).stats.items():
            spent[package(filename)] += row[2]
        total = sum(spent.values())
        run.say(
            f"profiled: {total / each * 1000:.1f} ms per request, own time by package"
        )
        for name, seconds in spent.most_common(15):
            run.say(f"  {seconds / each * 1000:6.2f} ms {seconds / total:6.1%}  {name}")


def package(filename: str) -> str:
    """``django/db``, ``news``, ``psycopg``… for a profiled file."""
    if filename.startswith("<") or filename == "~":
        return "built-in"
    parts = filename.replace(os.sep, "/").split("/")
    if "site-packages" in parts:
        parts = parts[parts.index("site-packages") + 1 :]
        return "/".join(parts[:2] if parts[0] == "django" else parts[:1])
    root = str(run.ROOT).replace(os.sep, "/").split("/")
    if parts[: len(root)] == root:
        return parts[len(root)]
    return "python: " + parts[-1]


if __name__ == "__main__":
    sys.exit(main())
