"""Several processes without Redis: a renamed menu entry shows in each
within ``DJANGO_LOCAL_CACHE_TIMEOUT`` seconds.

Each process keeps its page cache, content generation and fragments in
its own memory; a commit bumps only the generation of the process that
made it, and the others' generations expire.
"""

import datetime
import time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from pages.models import MenuItem
from tests.factories import MenuItemFactory
from tests.test_two_servers import read, start_server

TIMEOUT = 2  # DJANGO_LOCAL_CACHE_TIMEOUT given to the servers
# Time for a request to go through on a loaded machine.
LEEWAY = 3


def home() -> str:
    with override("en"):
        return reverse("home")


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_on")
def test_a_change_another_process_committed_shows_when_the_generation_expires(
    client, settings, django_assert_num_queries
):
    settings.FRAGMENT_CACHE_ENABLED = True
    settings.LOCAL_CACHE_TIMEOUT = 30
    entry = MenuItemFactory(title_en="Careers")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert "Careers" in client.get(home()).content.decode()
        # As another process commits it: this one's generation is not bumped.
        MenuItem.objects.filter(pk=entry.pk).update(title_en="Jobs")
        traveller.shift(datetime.timedelta(seconds=29))
        with django_assert_num_queries(0):
            assert "Careers" in client.get(home()).content.decode()
        traveller.shift(datetime.timedelta(seconds=2))
        content = client.get(home()).content.decode()
    assert "Jobs" in content
    assert "Careers" not in content


@pytest.fixture
def two_processes(postgres_url):
    servers = [
        start_server(
            postgres_url,
            workers=1,
            DJANGO_FRAGMENT_CACHE="1",
            DJANGO_LOCAL_CACHE_TIMEOUT=str(TIMEOUT),
        )
        for _ in range(2)
    ]
    try:
        yield [port for _process, port in servers]
    finally:
        for process, _port in servers:
            process.terminate()
            process.wait(timeout=20)


def served_within(port: int, path: str, text: str, seconds: float) -> float | None:
    """Seconds until ``path`` on ``port`` shows ``text``; None past ``seconds``."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if text in read(port, path):
            return time.monotonic() - started
        time.sleep(0.1)
    return None


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
def test_a_renamed_menu_entry_shows_in_two_processes_within_the_timeout(
    two_processes,
):
    """Two gunicorns of one worker each, on the PostgreSQL test database.

    This process commits the rename: neither server's generation is bumped.
    """
    entry = MenuItemFactory(title_en="Careers")
    for port in two_processes:
        page = read(port, home())
        assert "Careers" in page
        assert "Jobs" not in page

    entry.title_en = "Jobs"
    entry.save()
    renamed = time.monotonic()
    for port in two_processes:
        assert served_within(port, home(), "Jobs", TIMEOUT + LEEWAY) is not None
        assert "Careers" not in read(port, home())
    assert time.monotonic() - renamed < TIMEOUT + LEEWAY
